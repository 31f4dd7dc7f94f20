"""The contact page: the guidance and the form in both languages, what a reader sees when a
tip-off is kept or refused, and that nothing about the sender is kept but what they wrote."""

import time

import pytest
from bs4 import BeautifulSoup
from django.core import serializers

from tipoffs.models import TipOff, TipOffKeySecret
from tipoffs.tokens import issue_token

pytestmark = pytest.mark.django_db

READER = "203.0.113.7"


def send(client, path="/contact/", *, address=READER, token=None, headers=None, **fields):
    data = {
        "token": issue_token(now=time.time() - 60) if token is None else token,
        "message": "The new cameras outside the station record sound too.",
        "contact": "",
        "article_url": "",
        "website": "",
        **fields,
    }
    return client.post(path, data, REMOTE_ADDR=address, **(headers or {}))


def text(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def test_the_page_explains_what_happens_to_a_tip_off_before_the_form(client):
    response = client.get("/contact/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Contact us, or tip us off"
    page = text(response)
    for promise in (
        "read by our editors",
        "You do not have to give your name or an email address",
        "Do not write from a work or school computer",
        "we cannot guarantee that you stay anonymous",
        "deleted, with everything in it, 30 days later",
    ):
        assert promise in page
    form = soup.select_one("form.tipoff-form")
    assert form["action"] == "/contact/"
    assert form.find_previous("h2", id="staying-safe")
    assert form.select_one("textarea[name=message][required]")
    assert form.select_one("label[for=id_contact]").get_text() == "How to reach you (optional)"
    assert not form.select_one("#id_contact[required]")
    assert form.select_one("input[name=token]")["value"]


def test_the_chinese_page_speaks_chinese_and_posts_to_its_own_address(client):
    response = client.get("/zh-hans/contact/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "zh-Hans"
    assert soup.h1.get_text() == "联系我们 · 提供线索"
    assert "无法保证你一定匿名" in text(response)
    assert soup.select_one("form.tipoff-form")["action"] == "/zh-hans/contact/"
    switcher = {a.get_text(strip=True): a["href"] for a in soup.select("a[hreflang]")}
    assert "/contact/" in switcher.values()


def test_the_footer_links_to_the_contact_page(client):
    soup = BeautifulSoup(client.get("/zh-hans/contact/").content, "html.parser")
    assert soup.select_one(".site-footer__contact a")["href"] == "/zh-hans/contact/"


def test_a_tip_off_is_kept_and_the_reader_is_thanked_without_a_cookie(client):
    response = send(
        client, contact="signal: +86 000", article_url="example.org/explainers/chongqing/"
    )
    assert response.status_code == 303
    assert response["Location"] == "/contact/thanks/"
    thanks = client.get(response["Location"])
    assert "your message reached the editors" in text(thanks)
    for each in (response, thanks, client.get("/contact/")):
        assert "Set-Cookie" not in each
    assert not client.cookies
    tipoff = TipOff.objects.get()
    assert tipoff.language == "en"
    assert tipoff.status == "new"
    assert tipoff.contact == "signal: +86 000"
    assert tipoff.article_url == "https://example.org/explainers/chongqing/"


def test_a_chinese_tip_off_is_marked_chinese_and_thanked_in_chinese(client):
    response = send(client, "/zh-hans/contact/", message="车站新装的摄像头也录音。")
    assert response["Location"] == "/zh-hans/contact/thanks/"
    assert "编辑已收到你的来信" in text(client.get(response["Location"]))
    assert TipOff.objects.get().language == "zh-hans"


def test_no_address_is_stored_with_a_tip_off(client):
    send(client, address="2001:db8::42")
    stored = serializers.serialize("json", [*TipOff.objects.all()])
    assert "2001:db8" not in stored and READER not in stored
    fields = {field.name for field in TipOff._meta.get_fields()}
    assert fields == {
        "id",
        "created",
        "language",
        "message",
        "contact",
        "article_url",
        "status",
        "closed_at",
    }


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"message": "   "}, "Write your message before sending."),
        ({"message": "x" * 5001}, "the limit is 5000"),
        ({"article_url": "not a link at all"}, "This is not a web address."),
        ({"contact": "c" * 201}, "Keep this to 200 characters"),
    ],
)
def test_a_refused_tip_off_says_why_and_keeps_every_word(client, fields, says):
    sent = {"contact": "my own words, kept", **fields}
    response = send(client, **sent)
    assert response.status_code == 400
    assert response["Cache-Control"] == "no-store"
    soup = BeautifulSoup(response.content, "html.parser")
    assert "Your tip-off was not sent" in soup.select_one("[role=alert]").get_text()
    assert says in text(response)
    assert soup.select_one("#id_contact")["value"] == sent["contact"]
    assert soup.select_one("#id_message").get_text() == sent.get(
        "message", "The new cameras outside the station record sound too."
    )
    assert not TipOff.objects.exists()


def test_a_form_without_a_valid_token_is_refused_with_the_text_kept(client):
    for token in ("", "forged:value"):
        response = send(client, token=token, message="Please keep this.")
        assert response.status_code == 400
        assert "security token" in text(response)
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.select_one("#id_message").get_text() == "Please keep this."
        assert soup.select_one("input[name=token]")["value"]  # a fresh one, to send again
    assert not TipOff.objects.exists()


def test_a_post_from_another_site_is_refused(client):
    response = send(client, headers={"HTTP_ORIGIN": "https://elsewhere.example"}, message="Mine.")
    assert response.status_code == 403
    assert "only be sent from this site" in text(response)
    assert "Mine." in text(response)
    assert not TipOff.objects.exists()


def test_bots_are_thanked_and_nothing_is_kept(client):
    trap = send(client, website="https://spam.example")
    too_fast = send(client, token=issue_token())
    assert trap.status_code == too_fast.status_code == 303
    assert not TipOff.objects.exists()


def test_one_network_may_send_only_so_many_tip_offs_an_hour(client, settings):
    settings.TIPOFF_NETWORK_PER_HOUR = 2
    assert send(client, address="198.51.100.1").status_code == 303
    assert send(client, address="198.51.100.2").status_code == 303
    refused = send(client, address="198.51.100.3", message="The third one, kept for me.")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "Too many tip-offs" in text(refused)
    assert "The third one, kept for me." in text(refused)
    assert send(client, address="192.0.2.9").status_code == 303  # another network
    assert TipOff.objects.count() == 3
    assert TipOffKeySecret.objects.count() == 1

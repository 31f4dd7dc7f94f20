"""Weighing the arguments without JavaScript (form posts, the result page) and with it
(JSON), and what happens to bad input: a clear answer, never a 500, no tally moved."""

import json

import pytest
from bs4 import BeautifulSoup
from django.core.signing import Signer
from django.test import RequestFactory

from debate.models import WeighingClosure, WeighingTally
from debate.tokens import SALT, issue_token
from debate.weighing import cast

pytestmark = pytest.mark.django_db

READER = "203.0.113.7"


def vote(
    client, article, target, choice, *, address=READER, token=None, json_reply=False, **headers
):
    data = {"token": issue_token(article.pk) if token is None else token, "target": target}
    if choice is not None:
        data["choice"] = choice
    if json_reply:
        headers["HTTP_ACCEPT"] = "application/json"
    return client.post(f"/weigh/{article.pk}/", data, REMOTE_ADDR=address, **headers)


def count(article, target, choice=None):
    rows = WeighingTally.objects.filter(article=article, target=target)
    if choice:
        rows = rows.filter(choice=choice)
    return sum(rows.values_list("count", flat=True))


def text(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def test_the_article_offers_a_control_under_each_argument_and_the_closing_question(client, article):
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    for anchor in ("for-1", "for-2", "against-1", "against-2"):
        form = soup.select_one(f"li#{anchor} form[data-weigh]")
        assert form["action"] == f"/weigh/{article.pk}/"
        assert form.select_one("input[name=target]")["value"] == anchor
        labels = [button.get_text() for button in form.select("button[name=choice]")]
        assert labels == ["Convincing", "Not convincing"]
    question = soup.select_one("form#weigh-question")
    assert question.select_one("legend").get_text() == "How much watching is too much?"
    scale = [label.get_text(strip=True) for label in question.select("label")]
    assert scale[0] == "More safety is worth it"
    assert scale[-1] == "No surveillance of this kind"
    # The tallies are not part of the cached page.
    assert not soup.select(".tally")


def test_a_vote_without_javascript_is_counted_and_the_result_page_shows_the_tally(client, article):
    response = vote(client, article, "for-2", "convincing")
    assert response.status_code == 303
    assert response["Location"].startswith(f"/weigh/{article.pk}/results/?")
    assert response["Location"].endswith("#weigh-for-2")
    page = client.get(response["Location"])
    assert page.status_code == 200
    words = text(page)
    assert "Thank you: your answer was counted." in words
    assert "a self-selected sample of readers, not a survey" in words
    section = BeautifulSoup(page.content, "html.parser").select_one("#weigh-for-2")
    assert "Deters theft" in section.get_text()
    numbers = [n.get_text(strip=True) for n in section.select(".tally__number")]
    assert numbers == ["1 reader (100%)", "0 readers (0%)"]
    assert section.select_one(".tally__fill")["width"] == "100"
    assert count(article, "for-2", "convincing") == 1


def test_the_same_reader_voting_again_the_same_day_does_not_change_the_count(client, article):
    vote(client, article, "against-1", "convincing")
    again = vote(client, article, "against-1", "not-convincing")
    assert again.status_code == 303
    assert "outcome=already" in again["Location"]
    assert "already counted today" in text(client.get(again["Location"]))
    assert count(article, "against-1") == 1
    assert count(article, "against-1", "not-convincing") == 0
    # Another reader counts.
    vote(client, article, "against-1", "not-convincing", address="198.51.100.9")
    assert count(article, "against-1") == 2


def test_a_vote_with_javascript_gets_the_tally_as_json(client, article):
    response = vote(client, article, "question", "undecided", json_reply=True)
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    assert body["outcome"] == "counted"
    tally = BeautifulSoup(body["html"], "html.parser")
    rows = {
        row.select_one(".tally__label").get_text(): row.select_one(".tally__number").get_text()
        for row in tally.select(".tally__row")
    }
    assert rows["Undecided"] == "1 reader (100%)"
    assert rows["More safety is worth it"] == "0 readers (0%)"
    assert "not a survey" in tally.get_text()
    again = vote(client, article, "question", "none", json_reply=True).json()
    assert again["outcome"] == "already"
    assert count(article, "question") == 1


def test_the_tallies_endpoint_is_json_cacheable_for_a_minute(client, article):
    vote(client, article, "for-1", "convincing")
    response = client.get(f"/weigh/{article.pk}/tallies.json")
    assert response.status_code == 200
    assert "max-age=60" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    data = response.json()
    assert data["targets"]["for-1"] == {
        "choices": {"convincing": 1, "not-convincing": 0},
        "total": 1,
    }
    assert data["targets"]["question"]["total"] == 0
    assert "not a survey" in data["sample"]
    # A vote is in the next answer (the cached tallies are dropped when one is counted).
    vote(client, article, "for-1", "not-convincing", address="198.51.100.10")
    assert client.get(f"/weigh/{article.pk}/tallies.json").json()["targets"]["for-1"]["total"] == 2


@pytest.mark.parametrize(
    ("target", "choice", "status", "message"),
    [
        ("for-9", "convincing", 404, "This article has no argument “for-9” to weigh."),
        ("q2-for-1", "convincing", 404, "This article has no argument “q2-for-1” to weigh."),
        ("<script>", "convincing", 404, "This article has no argument “<script>” to weigh."),
        ("for-1", "maybe", 400, "Choose one of the answers offered"),
        ("for-1", None, 400, "Choose one of the answers offered"),
        ("question", "convincing", 400, "Choose one of the answers offered"),
    ],
)
def test_bad_votes_get_a_clear_answer_and_move_no_tally(
    client, article, target, choice, status, message
):
    response = vote(client, article, target, choice)
    assert response.status_code == status
    assert message in text(response)
    assert "no-store" in response["Cache-Control"]
    assert not WeighingTally.objects.exists()
    as_json = vote(client, article, target, choice, json_reply=True)
    assert as_json.status_code == status
    assert message in as_json.json()["message"]


def test_a_token_from_another_article_is_refused(client, article, other_article):
    response = vote(client, article, "for-1", "convincing", token=issue_token(other_article.pk))
    assert response.status_code == 400
    assert "This form belongs to another article" in text(response)
    assert not WeighingTally.objects.exists()


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("", "sent without its security token"),
        ("forged:token", "security token is not valid"),
        (
            Signer(salt=SALT).sign_object({"a": 1, "i": 0}),
            "",
        ),
    ],
)
def test_missing_forged_or_expired_tokens_are_refused(client, article, token, message):
    if not message:  # a real token, issued in 1970
        token = Signer(salt=SALT).sign_object({"a": article.pk, "i": 0})
        message = "loaded too long ago"
    response = vote(client, article, "for-1", "convincing", token=token)
    assert response.status_code == 400
    assert message in text(response)
    assert not WeighingTally.objects.exists()


def test_a_replayed_token_counts_once_per_reader(client, article):
    token = issue_token(article.pk)
    for _ in range(5):
        vote(client, article, "for-1", "convincing", token=token)
    assert count(article, "for-1") == 1


def test_a_post_from_another_site_is_refused(client, article):
    response = vote(client, article, "for-1", "convincing", HTTP_ORIGIN="https://elsewhere.example")
    assert response.status_code == 403
    assert "only be sent from this site" in text(response)
    assert not WeighingTally.objects.exists()


def test_an_unknown_article_gets_a_clear_answer(client, article):
    response = vote(client, article, "for-1", "convincing")
    missing = client.post("/weigh/999999/", {"target": "for-1", "choice": "convincing"})
    assert missing.status_code == 404
    assert "There is no such article." in text(missing)
    assert response.status_code == 303
    assert client.get("/weigh/999999/results/").status_code == 404
    assert client.get("/weigh/999999/tallies.json").status_code == 404


def test_ten_thousand_votes_from_one_address_move_each_tally_by_one_at_most(client, article):
    """A script replaying one token: the first vote on each counts, the rest are answered
    "already counted" (through the view for the first 200, then the counting itself)."""
    token = issue_token(article.pk)
    targets = ["for-1", "for-2", "against-1", "against-2", "question"]
    choices = {"question": "none"}
    statuses = set()
    for attempt in range(200):
        target = targets[attempt % len(targets)]
        response = vote(client, article, target, choices.get(target, "convincing"), token=token)
        statuses.add((response.status_code, "outcome=counted" in response["Location"]))
    assert statuses == {(303, True), (303, False)}
    request = RequestFactory().post(f"/weigh/{article.pk}/", REMOTE_ADDR=READER)
    outcomes = {
        cast(request, article, targets[n % 5], choices.get(targets[n % 5], "convincing"))
        for n in range(9_800)
    }
    assert outcomes == {"already"}
    for target in targets:
        assert count(article, target) == 1


def test_a_flood_from_one_network_is_capped(client, article, settings):
    settings.WEIGHING_NETWORK_VOTES_PER_HOUR = 5
    answers = [
        vote(client, article, "for-1", "convincing", address=f"192.0.2.{n}") for n in range(1, 41)
    ]
    assert [a.status_code for a in answers].count(303) == 5
    refused = answers[-1]
    assert refused.status_code == 429
    assert "Too many readers on your network" in text(refused)
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert count(article, "for-1") == 5
    # Another network is not held back.
    assert vote(client, article, "for-1", "convincing", address="198.51.100.1").status_code == 303


def test_closed_weighing_refuses_votes_and_says_so(client, article):
    WeighingClosure.objects.create(article=article)  # as the admin's toggle does, with no cache
    response = vote(client, article, "for-1", "convincing")
    assert response.status_code == 403
    assert "Weighing is closed on this article." in text(response)
    assert not WeighingTally.objects.exists()


def test_a_get_of_the_vote_address_leads_to_the_results(client, article):
    response = client.get(f"/weigh/{article.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/weigh/{article.pk}/results/"


def test_the_json_answer_escapes_nothing_dangerous(client, article):
    body = vote(client, article, "for-1", "convincing", json_reply=True).content
    assert json.loads(body)["html"].count("<script") == 0


def test_the_html_cache_leaves_tallies_and_results_to_their_own_minute(client, article, settings):
    settings.HTML_CACHE_SECONDS = 300
    for address in (f"/weigh/{article.pk}/tallies.json", f"/weigh/{article.pk}/results/"):
        client.get(address)
        response = client.get(address)
        assert "X-Cache" not in response
        assert "max-age=60" in response["Cache-Control"]
    vote(client, article, "for-1", "convincing")
    assert client.get(f"/weigh/{article.pk}/tallies.json").json()["targets"]["for-1"]["total"] == 1
    counted = client.get(f"/weigh/{article.pk}/results/?outcome=counted&target=for-1")
    assert "your answer was counted" in text(counted)
    assert "your answer was counted" not in text(client.get(f"/weigh/{article.pk}/results/"))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_control_under_an_argument_is_the_templates_markup(article, language):
    """The control is written in Python once per page (debate.wagtail_hooks): the same form,
    words and token as debate/control.html's argument kind, in each language."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from debate.models import ArgumentChoice
    from debate.wagtail_hooks import argument_control

    class Item:
        anchor = "against-2"

    def tree(html):
        soup = BeautifulSoup(html, "html.parser")
        return [
            (
                tag.name,
                sorted((k, v if isinstance(v, str) else " ".join(v)) for k, v in tag.attrs.items()),
                tag.string.strip() if tag.string else None,
            )
            for tag in soup.find_all(True)
        ]

    with translation.override(language):
        ours = str(argument_control({"item": Item(), "page": article}))
        token = BeautifulSoup(ours, "html.parser").select_one("input[name=token]")["value"]
        template = render_to_string(
            "debate/control.html",
            {
                "article": article,
                "token": token,
                "target": "against-2",
                "choices": ArgumentChoice.choices,
                "kind": "argument",
            },
        )

    assert tree(ours) == tree(template)
    expected = "Does this argument convince you?" if language == "en" else "这个论点能说服你吗？"
    assert expected in ours

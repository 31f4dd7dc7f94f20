"""Rate limits: one connection, its network (higher), and an article; each refusal names
the limit it hit, keeps the text and says when to try again (429 with Retry-After)."""

import datetime

import pytest
from bs4 import BeautifulSoup

from comments.models import Comment, CommentStatus, PostingRecord
from tests.comments.factories import CommentFactory, post_comment

pytestmark = pytest.mark.django_db


def page(response):
    return BeautifulSoup(response.content, "html.parser")


def summary(response):
    box = page(response).select_one(".error-summary")
    return box.get_text(" ", strip=True) if box else ""


def text_kept(response, text):
    return page(response).find("textarea", attrs={"name": "body"}).string.strip() == text.strip()


def retry_after(response):
    return int(response["Retry-After"])


def test_rate_limit_per_client_answers_429_with_a_clear_message(client, article, comment_settings):
    comment_settings.rate_limit_per_client = 2
    comment_settings.save()
    assert post_comment(client, article, body="One.").status_code == 302
    assert post_comment(client, article, body="Two.").status_code == 302
    response = post_comment(client, article, body="Three.")
    assert response.status_code == 429
    assert "You have posted 2 comments in the last hour from this connection" in summary(response)
    assert text_kept(response, "Three.")


def test_rate_limit_blames_bystanders_no_more(client, article, comment_settings):
    """Issue 10.7: four people on one network post, and a fifth was told "You have posted
    5 comments in the last hour". The personal limit keys on the person's own address."""
    comment_settings.rate_limit_per_client = 5
    comment_settings.save()
    four_people = ["203.0.113.1", "203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"]
    for number, address in enumerate(four_people):
        response = post_comment(client, article, remote_addr=address, body=f"Neighbour {number}.")
        assert response.status_code == 302, summary(response)
    fifth_person = post_comment(client, article, remote_addr="203.0.113.5", body="Me too.")
    assert fifth_person.status_code == 302, summary(fifth_person)
    assert Comment.objects.count() == 6


def test_personal_limit_counts_one_address_only(client, article, comment_settings):
    comment_settings.rate_limit_per_client = 1
    comment_settings.save()
    assert post_comment(client, article, remote_addr="203.0.113.5").status_code == 302
    again = post_comment(client, article, remote_addr="203.0.113.5", body="Again.")
    assert again.status_code == 429
    assert "from this connection" in summary(again)
    neighbour = post_comment(client, article, remote_addr="203.0.113.99", body="Another.")
    assert neighbour.status_code == 302


def test_network_limit_is_separate_higher_and_named(client, article, comment_settings):
    comment_settings.rate_limit_per_client = 5
    comment_settings.rate_limit_per_network = 3
    comment_settings.save()
    for number in range(1, 4):
        assert (
            post_comment(client, article, remote_addr=f"203.0.113.{number}", body=f"N{number}.")
        ).status_code == 302
    response = post_comment(client, article, remote_addr="203.0.113.200", body="Fourth one.")
    assert response.status_code == 429
    message = summary(response)
    assert "Many comments came from your network" in message
    assert "not about anything you did" in message
    assert "from this connection" not in message
    assert text_kept(response, "Fourth one.")
    elsewhere = post_comment(client, article, remote_addr="198.51.100.1", body="Fourth one.")
    assert elsewhere.status_code == 302


@pytest.mark.parametrize(
    ("first", "neighbour", "shares_the_network"),
    [
        ("2001:db8:abcd:12::1", "2001:db8:abcd:12:ffff::9", True),  # same /64
        ("2001:db8:abcd:12::1", "2001:db8:abcd:13::1", False),  # same /48, other /64
        ("::ffff:203.0.113.7", "203.0.113.8", True),  # IPv4-mapped is IPv4
    ],
)
def test_the_network_is_an_ipv4_24_or_an_ipv6_64(
    client, article, comment_settings, first, neighbour, shares_the_network
):
    comment_settings.rate_limit_per_network = 1
    comment_settings.save()
    assert post_comment(client, article, remote_addr=first, body="First.").status_code == 302
    response = post_comment(client, article, remote_addr=neighbour, body="Second.")
    assert response.status_code == (429 if shares_the_network else 302)


def test_rate_limit_per_article(client, article, comment_settings):
    comment_settings.rate_limit_per_article = 1
    CommentFactory(article=article)
    comment_settings.save()
    response = post_comment(client, article)
    assert response.status_code == 429
    assert "paused new ones" in summary(response)


def test_held_spam_never_locks_an_article(client, article, comment_settings):
    """Issue 11.6: 50 junk comments from 10 networks are held, and the per-article limit
    counted them too, so real readers got 429 for an hour. Only published comments count."""
    comment_settings.rate_limit_per_article = 50
    comment_settings.save()
    for network in range(10):
        for number in range(5):
            response = post_comment(
                client,
                article,
                remote_addr=f"192.0.{network}.1",
                body=f"Cheap watches, offer {network}-{number}",
            )
            assert response.status_code == 302, summary(response)
    assert Comment.objects.filter(status=CommentStatus.PENDING).count() == 50

    reader = post_comment(client, article, remote_addr="198.51.100.23", body="A real question.")
    assert reader.status_code == 302, summary(reader)
    assert "paused new ones" not in summary(reader)


@pytest.mark.parametrize("limit", ["client", "network", "article"])
def test_429_answers_carry_retry_after(client, article, comment_settings, limit):
    """Issue 11.9: every 429 says when to come back, in the header and in words."""
    setattr(comment_settings, f"rate_limit_per_{limit}", 1)
    comment_settings.save()
    if limit == "article":
        CommentFactory(article=article)
    else:
        post_comment(client, article, remote_addr="203.0.113.1", body="First.")
    same_connection = limit == "client"
    sender = "203.0.113.1" if same_connection else "203.0.113.2"
    response = post_comment(client, article, remote_addr=sender, body="Second.")
    assert response.status_code == 429
    assert 0 < retry_after(response) <= 3600
    assert "You can send" in summary(response) and "minute" in summary(response)


def test_old_postings_do_not_count_towards_the_limit(client, article, comment_settings):
    comment_settings.rate_limit_per_client = 1
    comment_settings.save()
    post_comment(client, article, body="One.")
    PostingRecord.objects.update(
        created=PostingRecord.objects.get().created - datetime.timedelta(hours=2)
    )
    assert post_comment(client, article, body="Two.").status_code == 302

"""The moderation pipeline: each step, in order, and each moderation mode."""

import datetime
import time

import pytest
from bs4 import BeautifulSoup

from comments import pipeline
from comments.models import Comment, CommentStatus, HeldReason, ModerationMode
from comments.privacy import email_hash
from comments.tokens import issue_form_token
from tests.comments.factories import CommentFactory, post_comment

pytestmark = pytest.mark.django_db


def page(response):
    return BeautifulSoup(response.content, "html.parser")


def errors_beside(response, field_id):
    """The error messages shown in the form next to one field."""
    field = page(response).find(id=field_id).find_parent(class_="field")
    return " ".join(p.get_text(" ", strip=True) for p in field.select(".field__error"))


def summary(response):
    box = page(response).select_one(".error-summary")
    return box.get_text(" ", strip=True) if box else ""


def text_kept(response, text):
    return page(response).find("textarea", attrs={"name": "body"}).string.strip() == text.strip()


def receipt(client, response):
    """Follow the redirect after posting: the headline and explanation the commenter reads."""
    assert response.status_code == 302, summary(response)
    landing = page(client.get(response["Location"]))
    return f"{landing.h1.get_text(strip=True)} — {landing.select_one('.standfirst').get_text()}"


def test_steps_run_in_the_documented_order():
    assert [step.__name__ for step in pipeline.STEPS] == [
        "check_article_open",
        "check_empty_or_too_long",
        "check_spam_traps",
        "check_banned_words",
        "check_rate_limits",
        "check_repeated_post",
        "check_links",
        "check_watch_words",
        "check_moderation_mode",
    ]


# --- closed ------------------------------------------------------------------------------


def test_closed_article_refuses_comments_and_keeps_the_text(client, article):
    article.comments_open = False
    article.save()
    response = post_comment(client, article, body="My thoughts on this.")
    assert response.status_code == 400
    assert "Comments on this article are closed" in summary(response)
    assert text_kept(response, "My thoughts on this.")
    assert not Comment.objects.exists()


def test_articles_close_automatically_after_the_set_number_of_days(
    client, article, comment_settings
):
    comment_settings.close_after_days = 30
    comment_settings.save()
    article.first_published = datetime.date.today() - datetime.timedelta(days=31)
    article.save()
    response = post_comment(client, article)
    assert response.status_code == 400
    assert "closed" in summary(response)
    article_page = page(client.get(article.url))
    assert "Comments on this article are closed." in article_page.select_one("#comments").text
    assert article_page.select_one("#comment-form") is None


def test_closed_is_checked_before_anything_else(client, article, comment_settings):
    comment_settings.banned_words = "idiot"
    comment_settings.save()
    article.comments_open = False
    article.save()
    response = post_comment(client, article, body="idiot", website="spam")
    assert "closed" in summary(response)
    assert "not accepted here" not in response.content.decode()


# --- empty or too long ------------------------------------------------------------------


@pytest.mark.parametrize("body", ["", "   \n\t  "])
def test_empty_or_whitespace_comment_is_refused_beside_the_field(client, article, body):
    response = post_comment(client, article, body=body)
    assert response.status_code == 400
    assert "the comment is empty" in errors_beside(response, "id_body")


@pytest.mark.parametrize("name", ["", "    "])
def test_a_name_is_required(client, article, name):
    response = post_comment(client, article, display_name=name, body="Still here.")
    assert response.status_code == 400
    assert "Give a name" in errors_beside(response, "id_display_name")
    assert text_kept(response, "Still here.")


def test_overlong_comment_is_refused_with_its_length_and_kept_whole(client, article):
    body = "word " * 1001  # 5,004 characters after stripping
    response = post_comment(client, article, body=body)
    assert response.status_code == 400
    assert "up to 5,000 characters; yours has 5,004" in errors_beside(response, "id_body")
    assert text_kept(response, body)


def test_overlong_name_is_refused(client, article):
    response = post_comment(client, article, display_name="N" * 51)
    assert response.status_code == 400
    assert "up to 50 characters; this one has 51" in errors_beside(response, "id_display_name")


def test_a_comment_of_exactly_5000_characters_is_accepted(client, article):
    response = post_comment(client, article, body="x" * 5000)
    assert response.status_code == 302


# --- spam traps ---------------------------------------------------------------------------


def test_filled_honeypot_is_refused_and_the_field_is_shown(client, article):
    response = post_comment(client, article, website="http://cheap.example")
    assert response.status_code == 400
    assert "meant to stay empty" in summary(response)
    trap = page(response).find("input", attrs={"name": "website"}).find_parent(class_="field")
    assert "comment-form__trap" not in trap["class"]  # a person can now see and clear it
    assert not Comment.objects.exists()


def test_honeypot_is_hidden_from_sight_and_screen_readers(client, article):
    trap = page(client.get(article.url)).find("input", attrs={"name": "website"})
    wrapper = trap.find_parent(class_="comment-form__trap")
    assert wrapper["aria-hidden"] == "true"
    assert trap["tabindex"] == "-1"


def test_form_sent_faster_than_the_minimum_fill_time_is_refused(client, article):
    response = post_comment(client, article, form_token=issue_form_token(article.pk))
    assert response.status_code == 400
    assert "faster than a person can write" in summary(response)


def test_minimum_fill_time_is_a_setting(client, article, comment_settings):
    comment_settings.min_fill_seconds = 0
    comment_settings.save()
    response = post_comment(client, article, form_token=issue_form_token(article.pk))
    assert response.status_code == 302


def test_expired_form_token_is_refused(client, article, comment_settings):
    issued = time.time() - 25 * 3600
    token = issue_form_token(article.pk, now=issued)
    response = post_comment(client, article, form_token=token)
    assert response.status_code == 400
    assert "expired" in summary(response)
    comment_settings.form_token_max_age_hours = 48
    comment_settings.save()
    assert post_comment(client, article, form_token=token).status_code == 302


def test_forged_form_token_is_refused(client, article):
    token = issue_form_token(article.pk, started=time.time() - 60)
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    response = post_comment(client, article, form_token=forged)
    assert response.status_code == 400
    assert "not valid" in summary(response)


def test_missing_form_token_is_refused(client, article):
    response = post_comment(client, article, form_token="")
    assert response.status_code == 400
    assert "without its security token" in summary(response)


def test_replayed_comment_is_refused_with_its_text(client, article):
    token = issue_form_token(article.pk, started=time.time() - 60)
    assert post_comment(client, article, form_token=token, body="One.").status_code == 302
    response = post_comment(client, article, form_token=token, body="One.")
    assert response.status_code == 400
    assert "already been sent from this form" in summary(response)
    assert text_kept(response, "One.")
    assert Comment.objects.count() == 1


def test_replay_is_caught_when_only_the_spacing_differs(client, article):
    token = issue_form_token(article.pk, started=time.time() - 60)
    assert post_comment(client, article, form_token=token, body="One  more.").status_code == 302
    response = post_comment(client, article, form_token=token, body=" One more.\n")
    assert response.status_code == 400
    assert Comment.objects.count() == 1


def test_a_second_comment_from_the_same_cached_page_goes_through(client, article):
    """Every reader of a cached article gets the same form; writing twice must work."""
    token = issue_form_token(article.pk, started=time.time() - 60)
    assert post_comment(client, article, form_token=token, body="One.").status_code == 302
    assert post_comment(client, article, form_token=token, body="Two.").status_code == 302
    assert sorted(Comment.objects.values_list("body", flat=True)) == ["One.", "Two."]


def test_refused_form_comes_back_with_a_fresh_token_that_works(client, article):
    token = issue_form_token(article.pk, started=time.time() - 60)
    post_comment(client, article, form_token=token, body="One.")
    refused = post_comment(client, article, form_token=token, body="One.")
    fresh = page(refused).find("input", attrs={"name": "form_token"})["value"]
    assert fresh != token
    assert post_comment(client, article, form_token=fresh, body="Two.").status_code == 302


def test_token_of_another_article_is_refused(client, article, other_article):
    token = issue_form_token(other_article.pk, started=time.time() - 60)
    response = post_comment(client, article, form_token=token)
    assert response.status_code == 400
    assert "another article" in summary(response)


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null", "Sec-Fetch-Site": "cross-site"},
        {"Origin": "", "Sec-Fetch-Site": "cross-site"},
    ],
)
def test_post_from_another_site_is_refused(client, article, headers):
    response = post_comment(client, article, headers=headers)
    assert response.status_code == 400
    assert "sent from another website" in summary(response)
    assert not Comment.objects.exists()


def test_post_without_origin_headers_relies_on_the_token(client, article):
    response = post_comment(client, article, headers={"Origin": "", "Sec-Fetch-Site": ""})
    assert response.status_code == 302


# --- banned words --------------------------------------------------------------------------


def test_banned_word_is_refused_beside_the_comment(client, article, comment_settings):
    comment_settings.banned_words = "idiot\nbuy followers"
    comment_settings.save()
    response = post_comment(client, article, body="You IDIOT.")
    assert response.status_code == 400
    assert "“idiot” are not accepted" in errors_beside(response, "id_body")
    assert text_kept(response, "You IDIOT.")
    assert post_comment(client, article, body="Idiotic is a different word.").status_code == 302


def test_banned_phrase_in_a_script_without_spaces_is_found(client, article, comment_settings):
    comment_settings.banned_words = "坏蛋"
    comment_settings.save()
    assert post_comment(client, article, body="你是坏蛋吗").status_code == 400


# --- repeated post ------------------------------------------------------------------------


def test_the_same_comment_twice_is_refused(client, article):
    assert post_comment(client, article, body="Same words.").status_code == 302
    response = post_comment(client, article, body="  same   WORDS. ")
    assert response.status_code == 400
    assert "already posted this exact comment" in errors_beside(response, "id_body")


# --- links, watch list, first-time --------------------------------------------------------


@pytest.fixture
def publish_mode(comment_settings):
    comment_settings.moderation_mode = ModerationMode.PUBLISH_THEN_REVIEW
    comment_settings.save()
    return comment_settings


def test_two_links_hold_the_comment(client, article, publish_mode):
    response = post_comment(client, article, body="See https://a.example and www.b.example")
    comment = Comment.objects.get()
    assert (comment.status, comment.held_reason) == (CommentStatus.PENDING, HeldReason.LINKS)
    assert "It contains 2 links" in receipt(client, response)


def test_one_link_is_fine(client, article, publish_mode):
    post_comment(client, article, body="See https://a.example for the report.")
    assert Comment.objects.get().status == CommentStatus.APPROVED


def test_link_threshold_is_a_setting(client, article, publish_mode):
    publish_mode.link_threshold = 0
    publish_mode.save()
    post_comment(client, article, body="https://a.example https://b.example https://c.example")
    assert Comment.objects.get().status == CommentStatus.APPROVED


def test_watch_list_word_holds_the_comment(client, article, publish_mode):
    publish_mode.watch_words = "Falun"
    publish_mode.save()
    response = post_comment(client, article, body="What about falun gong practitioners?")
    comment = Comment.objects.get()
    assert comment.held_reason == HeldReason.WATCH_LIST
    assert "It contains the word “Falun”" in receipt(client, response)


def test_links_are_checked_before_the_watch_list(client, article, publish_mode):
    publish_mode.watch_words = "camera"
    publish_mode.save()
    post_comment(client, article, body="camera https://a.example https://b.example")
    assert Comment.objects.get().held_reason == HeldReason.LINKS


def test_first_time_commenter_is_held_by_default(client, article):
    response = post_comment(client, article, email="mei@example.org")
    comment = Comment.objects.get()
    assert (comment.status, comment.held_reason) == (CommentStatus.PENDING, HeldReason.FIRST_TIME)
    assert receipt(client, response).startswith(
        "Your comment is waiting for an editor — This is your first comment here"
    )


def test_returning_commenter_trust_by_email(client, article):
    """Issue 11.5: posting with the email address of an approved commenter published at
    once. Anyone can type an address, so it earns no trust: the comment is held."""
    post_comment(client, article, email="Mei@Example.org", body="First.")
    Comment.objects.update(status=CommentStatus.APPROVED)
    response = post_comment(
        client, article, email="mei@example.org", body="Second.", remote_addr="203.0.113.66"
    )
    second = Comment.objects.get(body="Second.")
    assert (second.status, second.held_reason) == (CommentStatus.PENDING, HeldReason.FIRST_TIME)
    assert receipt(client, response).startswith(
        "Your comment is waiting for an editor — This is your first comment here"
    )
    assert "Second." not in page(client.get(article.url)).select_one("#comments").text


def test_a_forged_manage_token_earns_no_trust(client, article):
    first = post_comment(client, article, body="First.")
    token = page(client.get(first["Location"])).select_one("[data-manage-token]")[
        "data-manage-token"
    ]
    Comment.objects.update(status=CommentStatus.APPROVED)
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    post_comment(client, article, body="Second.", manage_token=forged)
    second = Comment.objects.get(body="Second.")
    assert second.status == CommentStatus.PENDING
    assert second.manage_key_hash != Comment.objects.get(body="First.").manage_key_hash


def test_returning_commenter_recognised_by_manage_link_is_published(client, article):
    first = post_comment(client, article, body="First.")
    landing = page(client.get(first["Location"]))
    manage_token = landing.select_one("[data-manage-token]")["data-manage-token"]
    Comment.objects.update(status=CommentStatus.APPROVED)
    post_comment(client, article, body="Second.", manage_token=manage_token)
    second = Comment.objects.get(body="Second.")
    assert second.status == CommentStatus.APPROVED
    assert second.manage_key_hash == Comment.objects.get(body="First.").manage_key_hash


def test_a_commenter_whose_comments_are_all_held_is_still_first_time(client, article):
    post_comment(client, article, email="mei@example.org", body="First.")
    post_comment(client, article, email="mei@example.org", body="Second.")
    assert set(Comment.objects.values_list("status", flat=True)) == {CommentStatus.PENDING}


def test_hold_all_mode_holds_returning_commenters_too(client, article, comment_settings):
    CommentFactory(article=article, email_hash=email_hash("a@b.org"))
    comment_settings.moderation_mode = ModerationMode.HOLD_ALL
    comment_settings.save()
    response = post_comment(client, article, email="a@b.org")
    assert Comment.objects.latest("pk").held_reason == HeldReason.HOLD_ALL
    assert "Every comment on this site is read by an editor" in receipt(client, response)


def test_publish_then_review_publishes_and_flags_for_review(client, article, publish_mode):
    response = post_comment(client, article)
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.APPROVED
    assert comment.needs_review
    assert comment in Comment.objects.needing_review()
    assert "Editors read new comments afterwards" in receipt(client, response)
    assert comment.body in page(client.get(article.url)).select_one("#comments").text


def test_held_comment_is_not_shown_to_readers(client, article):
    post_comment(client, article, body="Waiting for an editor.")
    assert "Waiting for an editor." not in client.get(article.url).content.decode()

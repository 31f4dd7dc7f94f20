"""The commenter's private link: shown once, edit for 15 minutes, delete, download."""

import datetime
import json
import time
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.utils import timezone

from comments import moderation
from comments.models import Comment, CommentStatus, HeldReason, ModerationMode
from comments.privacy import manage_key_hash
from comments.tokens import make_manage_token
from tests.comments.factories import CommentFactory, form_data, post_comment

pytestmark = pytest.mark.django_db

KEY = "a-commenters-private-key-that-nobody-else-knows"
SAME_SITE = {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"}


def page(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def token():
    return make_manage_token(KEY)


@pytest.fixture
def own_comment(article):
    return CommentFactory(
        article=article, body="My original words.", manage_key_hash=manage_key_hash(KEY)
    )


def manage_url(token, *parts):
    return "/".join([f"/comments/manage/{token}", *parts]) + "/"


def test_receipt_shows_the_private_link_that_manages_the_comment(client, article):
    response = post_comment(client, article, body="Mine.")
    receipt = client.get(response["Location"])
    link = page(receipt).select_one("#manage-link")["value"]
    assert link.startswith("http://testserver/comments/manage/")
    listing = page(client.get(link.removeprefix("http://testserver")))
    assert "Mine." in listing.select_one(".manage-list").text
    assert (
        receipt["Cache-Control"].startswith("max-age=0") or "no-store" in receipt["Cache-Control"]
    )
    assert "private" in receipt["Cache-Control"]
    assert receipt["Referrer-Policy"] == "no-referrer"


def test_the_key_itself_is_never_stored(client, article):
    response = post_comment(client, article, body="Mine.")
    token_in_page = page(client.get(response["Location"])).select_one("[data-manage-token]")[
        "data-manage-token"
    ]
    key = token_in_page.split(":")[0]
    comment = Comment.objects.get()
    assert key not in comment.manage_key_hash
    assert comment.manage_key_hash == manage_key_hash(key)


def test_forged_receipt_is_explained(client):
    response = client.get("/comments/posted/forged-value/")
    assert response.status_code == 404
    assert "not valid" in page(response).text


def test_manage_page_lists_only_this_commenters_comments(client, article, own_comment, token):
    CommentFactory(article=article, body="Someone else's words.")
    text = page(client.get(manage_url(token))).text
    assert "My original words." in text
    assert "Someone else's words." not in text


def test_forged_manage_link_is_explained(client, own_comment, token):
    response = client.get(manage_url(token[:-4] + "abcd"))
    assert response.status_code == 404
    assert "This private link is not valid" in page(response).text


def test_expired_manage_link_is_explained(client, own_comment):
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 400 * 86400):
        old_token = make_manage_token(KEY)
    response = client.get(manage_url(old_token))
    assert response.status_code == 410
    assert "This private link has expired" in page(response).text


def test_edit_within_15_minutes(client, own_comment, token):
    response = client.post(
        manage_url(token, str(own_comment.pk), "edit"), {"body": "Better words."}, **SAME_SITE
    )
    assert response.status_code == 302
    own_comment.refresh_from_db()
    assert own_comment.body == "Better words."
    assert own_comment.edited is not None
    assert "Your comment is updated." in page(client.get(response["Location"])).text


def test_edited_comment_is_marked_edited_for_readers(client, article, own_comment, token):
    client.post(manage_url(token, str(own_comment.pk), "edit"), {"body": "Better."}, **SAME_SITE)
    shown = page(client.get(article.url)).find(id=f"comment-{own_comment.pk}")
    assert shown.select_one(".comment__edited").text == "edited"


def test_late_edit_page_contradicts_itself(client, own_comment, token):
    """Issue 10.6: after the edit window the page answered 403 but still said "You can
    edit until …" over an active text box and "Save changes". Now it says editing has
    closed and offers what is still possible."""
    own_comment.created = timezone.now() - datetime.timedelta(minutes=16)
    own_comment.save()
    response = client.get(manage_url(token, str(own_comment.pk), "edit"))
    assert response.status_code == 403
    shown = page(response)
    assert shown.h1.text == "Editing has closed"
    assert "You can edit until" not in shown.text
    assert shown.find("textarea") is None
    assert shown.select_one("main form") is None and "Save changes" not in shown.text
    assert "My original words." in shown.select_one(".comments-page__quoted").text
    links = {a.get_text(" ", strip=True): a["href"] for a in shown.select(".still-possible a")}
    assert links["Delete this comment"] == manage_url(token, str(own_comment.pk), "delete")
    assert links["Download everything you posted with this link"] == (
        f"/comments/manage/{token}/export.json"
    )


def test_times_are_labelled_utc_for_the_script_to_show_locally(client, own_comment, token):
    own_comment.created = datetime.datetime(2026, 11, 25, 19, 30, tzinfo=datetime.UTC)
    own_comment.save()
    closed = page(client.get(manage_url(token, str(own_comment.pk), "edit")))
    deadline = closed.select_one(".standfirst time")
    assert deadline["datetime"] == "2026-11-25T19:45:00+00:00"
    assert deadline.text == "19:45 UTC on 25 November 2026"
    assert deadline["data-local-time"] == "{time} on {date}"
    listed = page(client.get(manage_url(token))).select_one(".manage-list time")
    assert listed.text == "25 November 2026, 19:30 UTC"


def test_edit_page_in_the_window_says_until_when(client, own_comment, token):
    shown = page(client.get(manage_url(token, str(own_comment.pk), "edit")))
    assert shown.select_one(".standfirst").text.startswith("You can edit until ")
    assert " UTC on " in shown.select_one(".standfirst time").text
    assert shown.find("textarea").text == "My original words."


def test_editing_after_the_window_is_refused_and_keeps_the_text(client, own_comment, token):
    own_comment.created = timezone.now() - datetime.timedelta(minutes=16)
    own_comment.save()
    url = manage_url(token, str(own_comment.pk), "edit")
    response = client.post(url, {"body": "Too late words."}, **SAME_SITE)
    assert response.status_code == 403
    shown = page(response)
    assert "Your change was not saved" in shown.select_one(".error-summary").text
    assert shown.select_one("#kept-text").text == "Too late words."
    assert shown.find("textarea") is None
    own_comment.refresh_from_db()
    assert own_comment.body == "My original words."
    assert "Edit" not in [
        a.text for a in page(client.get(manage_url(token))).select(".comment__action")
    ]


def test_edit_is_checked_like_a_new_comment(client, own_comment, token, comment_settings):
    comment_settings.banned_words = "idiot"
    comment_settings.save()
    url = manage_url(token, str(own_comment.pk), "edit")
    refused = client.post(url, {"body": "You idiot."}, **SAME_SITE)
    assert refused.status_code == 400
    assert "not accepted here" in page(refused).select_one(".field__error").text
    held = client.post(url, {"body": "See https://a.example and https://b.example"}, **SAME_SITE)
    assert "read by an editor before it appears again" in page(client.get(held["Location"])).text
    own_comment.refresh_from_db()
    assert (own_comment.status, own_comment.held_reason) == (
        CommentStatus.PENDING,
        HeldReason.LINKS,
    )


def test_empty_edit_is_refused_beside_the_field(client, own_comment, token):
    response = client.post(
        manage_url(token, str(own_comment.pk), "edit"), {"body": "  "}, **SAME_SITE
    )
    assert response.status_code == 400
    assert "the comment is empty" in page(response).select_one(".field__error").text


def test_a_link_cannot_manage_someone_elses_comment(client, article, token):
    other = CommentFactory(article=article)
    response = client.post(manage_url(token, str(other.pk), "delete"), **SAME_SITE)
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == CommentStatus.APPROVED


def test_delete_any_time_erases_the_words(client, article, own_comment, token):
    own_comment.created = timezone.now() - datetime.timedelta(days=200)
    own_comment.start_notifications("mei@example.org")
    own_comment.save()
    confirm = client.get(manage_url(token, str(own_comment.pk), "delete"))
    assert "Delete your comment?" in page(confirm).h1.text
    response = client.post(manage_url(token, str(own_comment.pk), "delete"), **SAME_SITE)
    assert response.status_code == 302
    own_comment.refresh_from_db()
    assert own_comment.status == CommentStatus.DELETED
    assert (own_comment.body, own_comment.display_name, own_comment.email) == ("", "", "")
    assert "My original words." not in client.get(article.url).content.decode()


def test_deleted_comment_with_replies_reads_deleted_by_its_author(
    client, article, own_comment, token
):
    CommentFactory(article=article, parent=own_comment, body="A reply.")
    client.post(manage_url(token, str(own_comment.pk), "delete"), **SAME_SITE)
    shown = page(client.get(article.url)).find(id=f"comment-{own_comment.pk}")
    assert shown.text.strip() == "[deleted by its author]"


def test_delete_from_another_site_is_refused(client, own_comment, token):
    response = client.post(
        manage_url(token, str(own_comment.pk), "delete"), HTTP_ORIGIN="https://evil.example"
    )
    assert response.status_code == 403
    own_comment.refresh_from_db()
    assert own_comment.status == CommentStatus.APPROVED


def test_download_everything_posted_with_the_link(
    client, article, other_article, own_comment, token
):
    CommentFactory(article=other_article, body="Second one.", manage_key_hash=manage_key_hash(KEY))
    CommentFactory(article=article, body="Not mine.")
    response = client.get(f"/comments/manage/{token}/export.json")
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    exported = json.loads(response.content)
    bodies = sorted(entry["body"] for entry in exported["comments"])
    assert bodies == ["My original words.", "Second one."]
    assert {entry["article"] for entry in exported["comments"]} == {
        article.title,
        other_article.title,
    }
    assert "no-store" in response["Cache-Control"]


def test_without_javascript_the_private_page_writes_as_the_returning_commenter(
    client, article, own_comment, token
):
    """The private page offers a form that carries the link: no script, no cookie, and the
    comment is recognised as this commenter's (their earlier one is approved)."""
    listing = page(client.get(manage_url(token)))
    link = listing.find("a", string="Write another comment on this article")
    assert link["href"] == f"/comments/manage/{token}/write/{article.pk}/"
    form_page = client.get(link["href"])
    assert form_page.status_code == 200
    assert "no-store" in form_page["Cache-Control"] or "max-age=0" in form_page["Cache-Control"]
    form = page(form_page).find("form", id="comment-form")
    assert form.find("input", attrs={"name": "manage_token"})["value"] == token
    assert "sent with your private link" in form.get_text()
    fields = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    fields.update(body="My second thought.", display_name="Mei", notify_on_reply="")
    fields["form_token"] = form_data(article)["form_token"]
    response = client.post("/comments/post/", fields, **SAME_SITE)
    assert response.status_code == 302
    second = Comment.objects.get(body="My second thought.")
    assert second.status == CommentStatus.APPROVED
    assert second.manage_key_hash == own_comment.manage_key_hash


def test_writing_from_the_private_page_needs_a_published_article(client, own_comment, token):
    response = client.get(f"/comments/manage/{token}/write/999999/")
    assert response.status_code == 404
    assert "published article" in page(response).text


# --- Edits go back through moderation (issue 11.4) -------------------------------------


def edit(client, token, comment, body):
    return client.post(manage_url(token, str(comment.pk), "edit"), {"body": body}, **SAME_SITE)


def test_edit_after_approval_skips_moderation(
    client, article, own_comment, token, comment_settings
):
    """Issue 11.4: within the edit window an approved comment's text could be replaced and
    stay public. Where the moderation mode holds new comments, the edit is held too."""
    comment_settings.moderation_mode = ModerationMode.HOLD_ALL
    comment_settings.save()
    response = edit(client, token, own_comment, "Buy cheap watches now.")
    assert response.status_code == 302
    assert (
        "will be read by an editor before it appears again"
        in page(client.get(response["Location"])).select_one(".notice").text
    )
    own_comment.refresh_from_db()
    assert (own_comment.status, own_comment.held_reason) == (
        CommentStatus.PENDING,
        HeldReason.HOLD_ALL,
    )
    assert own_comment.previous_body == "My original words."
    discussion = page(client.get(article.url)).select_one("#comments").text
    assert "Buy cheap watches" not in discussion
    assert "My original words." not in discussion


def test_edit_of_a_trusted_commenter_stays_published_and_is_flagged_for_review(
    client, article, own_comment, token
):
    """Under "hold first-time commenters" a new comment from this commenter (their link
    proves an approved comment) is published, so is their edit: marked for an editor."""
    response = edit(client, token, own_comment, "My corrected words.")
    assert (
        "It stays published; an editor will read the change."
        in page(client.get(response["Location"])).select_one(".notice").text
    )
    own_comment.refresh_from_db()
    assert own_comment.status == CommentStatus.APPROVED
    assert (own_comment.needs_review, own_comment.held_reason) == (True, HeldReason.EDITED)
    assert own_comment.previous_body == "My original words."
    assert "My corrected words." in page(client.get(article.url)).select_one("#comments").text


def test_the_text_an_editor_saw_is_kept_across_several_edits(client, own_comment, token):
    edit(client, token, own_comment, "Second version.")
    edit(client, token, own_comment, "Third version.")
    own_comment.refresh_from_db()
    assert (own_comment.previous_body, own_comment.body) == ("My original words.", "Third version.")


def test_a_comment_hidden_after_reports_stays_hidden_when_edited(client, article, token):
    hidden = CommentFactory(
        article=article,
        body="Rude words.",
        status=CommentStatus.HIDDEN,
        held_reason=HeldReason.REPORTS,
        manage_key_hash=manage_key_hash(KEY),
    )
    edit(client, token, hidden, "Polite words.")
    hidden.refresh_from_db()
    assert (hidden.status, hidden.held_reason) == (CommentStatus.HIDDEN, HeldReason.REPORTS)
    assert "Polite words." not in client.get(article.url).content.decode()


def test_approving_an_edited_comment_marks_the_change_as_read(client, own_comment, token):
    edit(client, token, own_comment, "My corrected words.")
    own_comment.refresh_from_db()
    moderation.approve(own_comment)
    own_comment.refresh_from_db()
    assert (own_comment.previous_body, own_comment.needs_review) == ("", False)


def test_editors_are_told_when_an_edit_takes_a_comment_off_the_page(
    client, own_comment, token, comment_settings
):
    comment_settings.moderation_mode = ModerationMode.HOLD_ALL
    comment_settings.editor_emails = "editors@example.org"
    comment_settings.save()
    edit(client, token, own_comment, "Buy cheap watches now.")
    (message,) = mail.outbox
    assert "Buy cheap watches now." in message.body
    assert "Before the edit it read:\n\nMy original words." in message.body


def test_deleting_an_edited_comment_erases_the_earlier_text_too(client, own_comment, token):
    edit(client, token, own_comment, "My corrected words.")
    client.post(manage_url(token, str(own_comment.pk), "delete"), **SAME_SITE)
    own_comment.refresh_from_db()
    assert (own_comment.body, own_comment.previous_body) == ("", "")


def test_download_includes_the_earlier_text_and_why_it_was_not_published(
    client, own_comment, token
):
    edit(client, token, own_comment, "My corrected words.")
    own_comment.refresh_from_db()
    moderation.reject(own_comment, "off_topic")
    (entry,) = json.loads(client.get(f"/comments/manage/{token}/export.json").content)["comments"]
    assert entry["body"] == "My corrected words."
    assert entry["text_before_your_edits"] == "My original words."
    assert entry["not_published_because"] == "Off-topic"
    assert entry["email_kept_for_the_editors_decision"] is None

"""Reader reports with the auto-hide threshold; emails to editors and to commenters."""

import time

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from comments import moderation
from comments.models import Comment, CommentReport, CommentStatus, HeldReason, ReportReason
from comments.privacy import email_hash
from comments.tokens import issue_form_token
from tests.comments.factories import CommentFactory, post_comment

pytestmark = pytest.mark.django_db

SAME_SITE = {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"}


def page(response):
    return BeautifulSoup(response.content, "html.parser")


def send_report(client, comment, reason="abuse", address="198.51.100.1", **extra):
    data = {
        "reason": reason,
        "details": "",
        "website": "",
        "form_token": issue_form_token(comment.article_id, started=time.time() - 60, unique=True),
        **extra,
    }
    return client.post(f"/comments/{comment.pk}/report/", data, REMOTE_ADDR=address, **SAME_SITE)


# --- reports -------------------------------------------------------------------------------


def test_every_comment_has_a_report_link(client, article):
    comment = CommentFactory(article=article)
    link = (
        page(client.get(article.url)).find(id=f"comment-{comment.pk}").select_one("[data-report]")
    )
    assert link["href"] == f"/comments/{comment.pk}/report/"


def test_report_page_offers_the_reasons(client, article):
    comment = CommentFactory(article=article, body="Questionable.")
    report_page = page(client.get(f"/comments/{comment.pk}/report/"))
    assert "Questionable." in report_page.text
    labels = [label.text for label in report_page.select("fieldset label")]
    assert labels == [label for _, label in ReportReason.choices]


def test_a_report_is_recorded_and_thanked(client, article):
    comment = CommentFactory(article=article)
    response = send_report(client, comment, reason="personal", details="It names my neighbour.")
    assert response.status_code == 302
    assert "Thank you for your report" in page(client.get(response["Location"])).h1.text
    report = CommentReport.objects.get()
    assert (report.reason, report.details) == ("personal", "It names my neighbour.")
    assert report.client_key and "198.51.100" not in report.client_key


def test_report_without_a_reason_comes_back_with_a_message(client, article):
    comment = CommentFactory(article=article)
    response = send_report(client, comment, reason="", details="Kept text.")
    assert response.status_code == 400
    assert "Choose the reason" in page(response).select_one(".field__error").text
    assert page(response).find("textarea").text == "Kept text."


def test_report_from_another_site_is_refused(client, article):
    comment = CommentFactory(article=article)
    response = client.post(
        f"/comments/{comment.pk}/report/",
        {"reason": "spam", "form_token": issue_form_token(article.pk, started=1)},
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 400
    assert not CommentReport.objects.exists()


def test_after_n_reports_the_comment_is_hidden_for_review(
    client, article, comment_settings, django_capture_on_commit_callbacks
):
    comment_settings.report_threshold = 2
    comment_settings.editor_emails = "editors@example.org"
    comment_settings.save()
    comment = CommentFactory(article=article, body="Rude words.")
    send_report(client, comment, address="198.51.100.1")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED
    with django_capture_on_commit_callbacks(execute=True):
        send_report(client, comment, address="203.0.113.1")
    comment.refresh_from_db()
    assert (comment.status, comment.held_reason) == (CommentStatus.HIDDEN, HeldReason.REPORTS)
    assert "Rude words." not in client.get(article.url).content.decode()
    assert [m.to for m in mail.outbox] == [["editors@example.org"]]


def test_one_connection_counts_once(client, article, comment_settings):
    comment_settings.report_threshold = 2
    comment_settings.save()
    comment = CommentFactory(article=article)
    send_report(client, comment, address="198.51.100.1")
    send_report(client, comment, address="198.51.100.2")  # same /24 neighbourhood
    assert CommentReport.objects.count() == 1
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED


def test_approving_a_hidden_comment_dismisses_its_reports(article, comment_settings):
    comment_settings.report_threshold = 1
    comment_settings.save()
    comment = CommentFactory(article=article)
    moderation.report(comment, reason="spam", client_key="k1")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN
    moderation.approve(comment)
    assert comment.reports.filter(dismissed=False).count() == 0
    assert comment.status == CommentStatus.APPROVED


def test_held_and_deleted_comments_cannot_be_reported(client, article):
    held = CommentFactory(article=article, status=CommentStatus.PENDING)
    assert client.get(f"/comments/{held.pk}/report/").status_code == 404
    assert send_report(client, held).status_code == 404


# --- notifications ---------------------------------------------------------------------


def test_editors_are_emailed_about_held_comments(client, article, comment_settings):
    comment_settings.editor_emails = "a@example.org\nb@example.org"
    comment_settings.save()
    post_comment(client, article, body="Please read me.")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["a@example.org", "b@example.org"]
    assert "Please read me." in message.body
    assert "First comment from this commenter" in message.body


def test_editor_emails_can_be_turned_off(client, article, comment_settings):
    comment_settings.editor_emails = "a@example.org"
    comment_settings.notify_editors = False
    comment_settings.save()
    post_comment(client, article)
    assert mail.outbox == []


def test_commenter_who_gave_an_email_gets_the_private_link(client, article):
    response = post_comment(client, article, email="mei@example.org")
    link = page(client.get(response["Location"])).select_one("#manage-link")["value"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mei@example.org"]
    assert link in mail.outbox[0].body
    assert "We have not kept your email address." in mail.outbox[0].body


def test_email_is_kept_only_when_reply_notices_are_wanted(client, article):
    post_comment(client, article, email="mei@example.org", body="No notices.")
    post_comment(client, article, email="tom@example.org", body="Notices.", notify_on_reply="on")
    without, with_notices = Comment.objects.order_by("pk")
    assert without.email == "" and without.email_hash
    assert with_notices.email == "tom@example.org" and with_notices.notify_on_reply


def test_asking_for_notices_without_an_email_is_explained(client, article):
    response = post_comment(client, article, notify_on_reply="on", body="Tell me.")
    assert response.status_code == 400
    assert "Give an email address" in page(response).select_one(".field__error").text


def _subscribed_parent(article):
    parent = CommentFactory(article=article, display_name="Mei", email_hash="mei-hash")
    parent.start_notifications("mei@example.org")
    parent.save()
    return parent


def test_reply_emails_the_parent_author_with_one_click_unsubscribe(
    client, article, comment_settings
):
    comment_settings.moderation_mode = "publish_then_review"
    comment_settings.save()
    parent = _subscribed_parent(article)
    post_comment(client, article, parent=str(parent.pk), display_name="Tom", body="I disagree.")
    reply_mail = [m for m in mail.outbox if m.to == ["mei@example.org"]]
    assert len(reply_mail) == 1
    message = reply_mail[0]
    assert "Tom replied" in message.subject
    assert "I disagree." in message.body
    unsubscribe = f"http://testserver/comments/unsubscribe/{parent.unsubscribe_token}/"
    assert unsubscribe in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_held_reply_emails_the_parent_only_once_approved(
    client, article, django_capture_on_commit_callbacks
):
    parent = _subscribed_parent(article)
    post_comment(client, article, parent=str(parent.pk), body="Held reply.")

    def to_parent():
        return [m for m in mail.outbox if m.to == ["mei@example.org"]]

    assert to_parent() == []
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve(Comment.objects.get(body="Held reply."))
    assert len(to_parent()) == 1


def test_no_email_about_replying_to_oneself(client, article, comment_settings):
    comment_settings.moderation_mode = "publish_then_review"
    comment_settings.save()
    parent = _subscribed_parent(article)
    parent.email_hash = email_hash("mei@example.org")
    parent.save()
    post_comment(client, article, parent=str(parent.pk), email="mei@example.org", body="Also…")
    assert not [m for m in mail.outbox if "replied" in m.subject]


def test_one_click_unsubscribe_forgets_the_address(client, article):
    parent = _subscribed_parent(article)
    url = f"/comments/unsubscribe/{parent.unsubscribe_token}/"
    confirm = client.get(url)
    assert "Stop reply emails?" in page(confirm).h1.text
    done = client.post(url)  # what a mail client's one-click button sends
    assert "You will get no more reply emails" in page(done).h1.text
    parent.refresh_from_db()
    assert (parent.email, parent.notify_on_reply, parent.unsubscribe_token) == ("", False, "")
    again = client.get(url)
    assert again.status_code == 404
    assert "No reply emails to stop" in page(again).text


def test_the_first_email_lets_someone_stop_reply_notices_they_never_asked_for(client, article):
    post_comment(client, article, email="victim@example.org", notify_on_reply="on")
    comment = Comment.objects.get()
    assert len(mail.outbox) == 1
    assert f"/comments/unsubscribe/{comment.unsubscribe_token}/" in mail.outbox[0].body

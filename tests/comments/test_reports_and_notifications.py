"""Reader reports with the auto-hide threshold; emails to editors and to commenters."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from comments import moderation
from comments.models import (
    Comment,
    CommentReport,
    CommentStatus,
    HeldReason,
    RejectionReason,
    ReportReason,
)
from comments.privacy import email_hash
from comments.tokens import issue_form_token
from tests.comments.factories import CommentFactory, post_comment, send_report

pytestmark = pytest.mark.django_db

SAME_SITE = {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"}


def page(response):
    return BeautifulSoup(response.content, "html.parser")


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


# --- A held comment: the receipt, and the editor's decision (issue 10.5) -----------------


def test_own_comment_held_for_moderation(client, article):
    """Issue 10.5: after a first comment the page said "No comments yet. Be the first to
    comment." The commenter lands on a page with their text, their private link and what
    happens next; no cookie is involved."""
    response = post_comment(client, article, body="Who keeps the footage, and for how long?")
    assert response.cookies == {}
    receipt = client.get(response["Location"])
    assert receipt.cookies == {}
    shown = page(receipt)
    assert shown.h1.text == "Your comment is waiting for an editor"
    quoted = shown.select_one(".comments-page__quoted").text
    assert "Who keeps the footage, and for how long?" in quoted
    assert shown.select_one("#manage-link")["value"].startswith(
        "http://testserver/comments/manage/"
    )
    next_steps = shown.select_one(".next-steps").get_text(" ", strip=True)
    assert "We have received your comment" in next_steps
    assert "not to other readers, and not to you" in next_steps
    assert "Your private page (the link below) shows whether it has been published" in next_steps
    discussion = page(client.get(article.url)).select_one("#comments").text
    assert "Be the first" not in discussion
    assert "A comment that waits for an editor appears here once it is approved" in discussion


def held_with_decision_notice(client, article, **fields):
    response = post_comment(
        client,
        article,
        email="mei@example.org",
        notify_on_decision="on",
        body="Is the footage shared with other cities?",
        **fields,
    )
    mail.outbox.clear()  # the private link
    return response, Comment.objects.get(body="Is the footage shared with other cities?")


def test_receipt_says_the_decision_will_be_emailed(client, article):
    response, comment = held_with_decision_notice(client, article)
    assert (comment.email, comment.notify_on_decision, comment.notify_on_reply) == (
        "mei@example.org",
        True,
        False,
    )
    next_steps = page(client.get(response["Location"])).select_one(".next-steps").text
    assert "We will email you once an editor has published it" in next_steps
    assert "and then delete your address" in next_steps


def test_commenter_who_asked_is_emailed_once_when_an_editor_publishes(
    client, article, django_capture_on_commit_callbacks
):
    _, comment = held_with_decision_notice(client, article)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve(comment)
    (message,) = mail.outbox
    assert message.to == ["mei@example.org"]
    assert "is published" in message.subject
    assert f"{article.get_full_url()}#comment-{comment.pk}" in message.body
    assert "we have now deleted your address" in message.body
    comment.refresh_from_db()
    assert (comment.email, comment.notify_on_decision, comment.unsubscribe_token) == ("", False, "")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve(comment)  # an editor approving again sends nothing more
    assert len(mail.outbox) == 1


def test_commenter_who_asked_is_told_the_reason_when_an_editor_rejects(
    client, article, django_capture_on_commit_callbacks
):
    _, comment = held_with_decision_notice(client, article)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.reject(comment, RejectionReason.PERSONAL_INFORMATION)
    (message,) = mail.outbox
    assert "was not published" in message.subject
    assert (
        "The reason: Reveals someone's personal information. It reveals personal information "
        "about someone." in message.body
    )
    assert "Is the footage shared with other cities?" in message.body
    comment.refresh_from_db()
    assert comment.email == ""
    assert comment.rejection_reason == RejectionReason.PERSONAL_INFORMATION


def test_the_private_page_shows_why_a_comment_was_not_published(client, article):
    response, comment = held_with_decision_notice(client, article)
    manage_url = page(client.get(response["Location"])).select_one("#manage-link")["value"]
    moderation.reject(comment, RejectionReason.OFF_TOPIC)
    listed = page(client.get(manage_url)).select_one(".manage-list__item")
    assert "An editor did not publish it. The reason: Off-topic." in listed.text


def test_no_decision_notice_unless_asked(client, article, django_capture_on_commit_callbacks):
    post_comment(client, article, email="mei@example.org", body="No notices, thanks.")
    comment = Comment.objects.get()
    assert comment.email == ""
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve(comment)
    assert mail.outbox == []


def test_a_comment_published_at_once_keeps_no_address_for_a_decision(
    client, article, comment_settings
):
    comment_settings.moderation_mode = "publish_then_review"
    comment_settings.save()
    post_comment(
        client, article, email="mei@example.org", notify_on_decision="on", body="Straight up."
    )
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.APPROVED
    assert (comment.email, comment.notify_on_decision) == ("", False)


def test_decision_and_reply_notices_together_keep_the_address_for_replies(
    client, article, django_capture_on_commit_callbacks
):
    _, comment = held_with_decision_notice(client, article, notify_on_reply="on")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve(comment)
    (message,) = mail.outbox
    assert "You asked to be emailed about replies" in message.body
    assert f"/comments/unsubscribe/{comment.unsubscribe_token}/" in message.body
    comment.refresh_from_db()
    assert (comment.email, comment.notify_on_reply, comment.notify_on_decision) == (
        "mei@example.org",
        True,
        False,
    )


def test_spam_gets_no_notice_and_keeps_no_address(
    client, article, django_capture_on_commit_callbacks
):
    _, comment = held_with_decision_notice(client, article)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.mark_spam(comment)
    assert mail.outbox == []
    comment.refresh_from_db()
    assert comment.email == ""


def test_asking_for_the_decision_without_an_email_is_explained(client, article):
    response = post_comment(client, article, notify_on_decision="on", body="Tell me.")
    assert response.status_code == 400
    assert "hear what the editor decides" in page(response).select_one(".field__error").text
    assert page(response).find("textarea").text.strip() == "Tell me."


# --- The thank-you page answers only after a report (issue 11.8) ----------------------


@pytest.mark.parametrize("status", [CommentStatus.PENDING, CommentStatus.SPAM, "approved"])
def test_reported_page_answers_for_any_id(client, article, status):
    """Issue 11.8: GET /comments/<id>/reported/ answered for any id, naming the article of
    a held or removed comment. It answers only with the receipt a report just gave."""
    comment = CommentFactory(article=article, status=status)
    response = client.get(f"/comments/{comment.pk}/reported/")
    assert response.status_code == 404
    assert article.title not in response.content.decode()
    assert "only thanks readers for a report they have just sent" in page(response).text


def test_a_receipt_for_one_comment_does_not_open_another(client, article):
    reported, other = CommentFactory.create_batch(2, article=article)
    thanks = send_report(client, reported)["Location"]
    assert client.get(thanks).status_code == 200
    receipt = thanks.split("?", 1)[1]
    assert client.get(f"/comments/{other.pk}/reported/?{receipt}").status_code == 404
    assert client.get(f"/comments/{reported.pk}/reported/?receipt=forged").status_code == 404

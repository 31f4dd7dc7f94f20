"""Comments in both languages (issue 13, item 7): a comment keeps the language it was
written in, and everything its author receives speaks that language, whoever causes it;
editors see the language in the queue and the thread (dates: test_rendering.py)."""

from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from django.utils import translation

from comments import moderation
from comments.models import Comment, CommentStatus, RejectionReason
from tests.comments.factories import POST_URL, CommentFactory, post_comment

pytestmark = pytest.mark.django_db

QUEUE_URL = reverse("wagtailsnippets_comments_comment:list")
BODY = "录像保存多久？谁能看到？"


def page(response):
    return BeautifulSoup(response.content, "html.parser")


def post_in(language, client, article, **fields):
    """Post as a reader of the ``language`` version of the site would: to the comment
    form's address under that language's prefix (/zh-hans/comments/…), which activates it."""
    with translation.override(language):
        prefix = reverse("wagtail_serve", args=[""]).rstrip("/")
        with mock.patch("tests.comments.factories.POST_URL", prefix + POST_URL):
            return post_comment(client, article, **fields)


@pytest.fixture
def editor_client(client, django_user_model):
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(editor)
    return client


# --- the language stored ----------------------------------------------------------------


def test_a_comment_posted_in_chinese_stores_zh_hans(client, article):
    post_in("zh-hans", client, article, body=BODY)
    assert Comment.objects.get(body=BODY).language == "zh-hans"


def test_a_comment_posted_in_english_stores_en(client, article):
    post_comment(client, article, body="How long is the footage kept?")
    assert Comment.objects.get(body="How long is the footage kept?").language == "en"


def test_a_regional_variant_is_stored_as_the_sites_language(client, article):
    post_in("en-gb", client, article, body="British spelling, please.")
    assert Comment.objects.get(body="British spelling, please.").language == "en"


# --- what the commenter receives ---------------------------------------------------------


def test_the_receipt_speaks_the_comments_language_wherever_it_is_opened(client, article):
    response = post_in("zh-hans", client, article, body=BODY)
    receipt = page(client.get(response["Location"]))  # opened without a language: English
    assert receipt.h1.text == "你的评论正在等待编辑审核"
    assert receipt.html["lang"] == "zh-Hans"


def test_an_english_receipt_is_unchanged(client, article):
    response = post_comment(client, article, body="How long is the footage kept?")
    assert page(client.get(response["Location"])).h1.text == "Your comment is waiting for an editor"


def private_link(client, response):
    return page(client.get(response["Location"])).select_one("#manage-link")["value"]


def test_the_private_pages_speak_the_comments_language(client, article):
    response = post_in("zh-hans", client, article, body=BODY)
    manage_url = private_link(client, response)
    manage = page(client.get(manage_url))
    assert manage.h1.text == "你的评论"
    assert "待审核" in manage.select_one(".manage-list__item").text
    comment = Comment.objects.get(body=BODY)
    token = manage_url.rstrip("/").rsplit("/", 1)[-1]
    delete = page(client.get(reverse("comments:delete", args=[token, comment.pk])))
    assert delete.html["lang"] == "zh-Hans"
    assert delete.select_one("button.comment-button--danger").text == "删除我的评论"
    export = client.get(reverse("comments:export", args=[token])).json()
    assert export["about"] == "用这个专属链接发布的所有评论，按网站保存的原样列出。"
    assert export["comments"][0]["language"] == "zh-hans"
    assert export["comments"][0]["status"] == "待审核"


def test_a_private_link_problem_is_told_in_the_comments_language(client, article, other_article):
    response = post_in("zh-hans", client, article, body=BODY)
    token = private_link(client, response).rstrip("/").rsplit("/", 1)[-1]
    someone_elses = CommentFactory(article=other_article)
    problem = client.get(reverse("comments:edit", args=[token, someone_elses.pk]))
    assert problem.status_code == 404
    assert "这个专属链接不能管理那条评论。" in problem.content.decode()


def test_the_private_link_email_is_in_chinese(client, article):
    post_in("zh-hans", client, article, body=BODY, email="mei@example.org")
    (message,) = mail.outbox
    assert message.subject == "你在《Chongqing: a city of cameras》下的评论"
    assert "你的评论正在等待编辑审核" in message.body


def held_chinese_comment(client, article, **fields):
    post_in(
        "zh-hans",
        client,
        article,
        body=BODY,
        email="mei@example.org",
        notify_on_decision="on",
        **fields,
    )
    mail.outbox.clear()
    return Comment.objects.get(body=BODY)


def test_a_decision_in_an_english_admin_is_emailed_in_chinese(
    client, article, editor_client, django_capture_on_commit_callbacks
):
    comment = held_chinese_comment(client, article)
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            reverse("wagtailsnippets_comments_comment:moderate", args=[comment.pk, "reject"]),
            {"reason": RejectionReason.PERSONAL_INFORMATION},
        )
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REJECTED
    (message,) = mail.outbox
    assert message.subject == "你在《Chongqing: a city of cameras》下的评论未获发布"
    assert "泄露他人个人信息" in message.body
    assert "Reveals someone's personal information" not in message.body


def test_a_publication_is_emailed_in_chinese(client, article, django_capture_on_commit_callbacks):
    comment = held_chinese_comment(client, article)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        moderation.approve(comment)
    (message,) = mail.outbox
    assert message.subject == "你在《Chongqing: a city of cameras》下的评论已发布"


def test_a_reply_notice_speaks_the_language_of_the_comment_answered(
    client, article, django_capture_on_commit_callbacks
):
    parent = CommentFactory(article=article, language="zh-hans", display_name="梅")
    parent.start_notifications("mei@example.org")
    parent.save()
    reply = CommentFactory(
        article=article,
        parent=parent,
        display_name="Lin",
        language="en",
        status=CommentStatus.PENDING,
    )
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        moderation.approve(reply)
    (message,) = [m for m in mail.outbox if m.to == ["mei@example.org"]]
    assert message.subject == "Lin 回复了你在《Chongqing: a city of cameras》下的评论"


def test_an_english_decision_email_is_unchanged(
    client, article, django_capture_on_commit_callbacks
):
    post_comment(
        client, article, body="In English.", email="lin@example.org", notify_on_decision="on"
    )
    mail.outbox.clear()
    with translation.override("zh-hans"), django_capture_on_commit_callbacks(execute=True):
        moderation.approve(Comment.objects.get(body="In English."))
    (message,) = mail.outbox
    assert message.subject == "Your comment on “Chongqing: a city of cameras” is published"


def test_editors_are_alerted_in_the_sites_language_with_the_comments_language(
    client, article, comment_settings
):
    comment_settings.editor_emails = "editors@example.org"
    comment_settings.save()
    post_in("zh-hans", client, article, body=BODY)
    (message,) = [m for m in mail.outbox if m.to == ["editors@example.org"]]
    assert message.subject == "Comment held for review on “Chongqing: a city of cameras”"
    assert "Written in: 简体中文" in message.body


# --- what moderators see -----------------------------------------------------------------


def test_the_queue_shows_and_filters_each_comments_language(editor_client, article):
    CommentFactory(article=article, body=BODY, language="zh-hans", status=CommentStatus.PENDING)
    CommentFactory(
        article=article, body="Who keeps it?", language="en", status=CommentStatus.PENDING
    )
    queue = page(editor_client.get(QUEUE_URL))
    headers = [th.get_text(" ", strip=True) for th in queue.select("thead th")]
    column = headers.index("Language")
    languages = {
        row.select_one("td.title .title-wrapper a").get_text(strip=True): row.select("td")[
            column
        ].get_text(strip=True)
        for row in queue.select("tbody tr")
    }
    assert languages == {BODY: "简体中文", "Who keeps it?": "English"}

    chinese = page(editor_client.get(QUEUE_URL, {"language": "zh-hans"}))
    assert [a.get_text(strip=True) for a in chinese.select("tbody td.title .title-wrapper a")] == [
        BODY
    ]
    english = page(editor_client.get(QUEUE_URL, {"language": "en"}))
    assert [a.get_text(strip=True) for a in english.select("tbody td.title .title-wrapper a")] == [
        "Who keeps it?"
    ]


def test_the_thread_view_shows_the_comments_language(editor_client, article):
    comment = CommentFactory(
        article=article, body=BODY, language="zh-hans", status=CommentStatus.PENDING
    )
    thread = page(
        editor_client.get(reverse("wagtailsnippets_comments_comment:inspect", args=[comment.pk]))
    )
    facts = dict(
        zip(
            [dt.get_text(strip=True) for dt in thread.select(".comment-facts > dt")],
            [dd.get_text(" ", strip=True) for dd in thread.select(".comment-facts > dd")],
            strict=True,
        )
    )
    assert facts["Language"] == "简体中文"
    assert thread.select_one(".comment-thread__language").text == "简体中文"

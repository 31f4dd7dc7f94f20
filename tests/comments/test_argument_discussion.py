"""Discussing one Argument: "Discuss this point (N)" under it, a comment attached to it,
the discussion filtered to it (``?about=against-1``) and the moderation queue naming it."""

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation

from comments.models import Comment, CommentStatus
from core.page_cache import cache_address
from tests.comments.factories import CommentFactory, post_comment
from tests.content.factories import (
    ArticlePageFactory,
    SourceFactory,
    argument,
    pros_cons,
    publish,
)


@pytest.fixture
def article(tree):
    source = SourceFactory()
    return ArticlePageFactory(
        parent=tree.index,
        title="Chongqing: a city of cameras",
        slug="chongqing",
        discussion_question="How much watching is too much?",
        body=[
            pros_cons(
                [argument("Faster response to crime", [source])],
                [
                    argument("No privacy left in public", [source]),
                    argument("Errors fall on the innocent", [source]),
                ],
            )
        ],
    )


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.org", "pw"))
    return client


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def discuss_link(page, anchor):
    return page.select_one(f"#{anchor} [data-discuss-argument]")


def test_every_argument_offers_a_discuss_link_to_the_form_set_to_it(client, article):
    page = soup(client.get(article.url))
    link = discuss_link(page, "against-1")
    assert link.get_text() == "Discuss this point"
    assert link["href"] == f"{article.url}?about=against-1#comment-form"
    assert discuss_link(page, "for-1")["href"] == f"{article.url}?about=for-1#comment-form"


def test_the_link_counts_published_comments_about_the_argument(client, article):
    CommentFactory(article=article, argument="against-1")
    thread = CommentFactory(article=article, argument="against-1")
    CommentFactory(article=article, parent=thread, argument="against-1")
    CommentFactory(article=article, argument="against-1", status=CommentStatus.PENDING)
    CommentFactory(article=article)  # about the article as a whole
    page = soup(client.get(article.url))
    link = discuss_link(page, "against-1")
    assert link.get_text() == "Discuss this point (3 comments)"
    assert link["href"] == f"{article.url}?about=against-1#comments"
    assert discuss_link(page, "against-2").get_text() == "Discuss this point"


def test_a_comment_sent_from_the_link_is_attached_to_the_argument(client, article):
    response = post_comment(client, article, about="against-2")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.argument == "against-2"
    assert comment.argument_headline == "Errors fall on the innocent"
    assert not response.cookies


def test_a_reply_is_about_what_its_thread_is_about(client, article):
    thread = CommentFactory(article=article, argument="for-1")
    post_comment(client, article, parent=str(thread.pk), about="against-1", body="A reply.")
    assert Comment.objects.get(body="A reply.").argument == "for-1"


@pytest.mark.parametrize("about", ["against-9", "q2-for-1", "<script>"])
def test_an_argument_not_in_the_article_is_refused_with_the_text_kept(client, article, about):
    response = post_comment(client, article, about=about, body="My words, kept.")
    assert response.status_code == 400
    page = soup(response)
    assert "not in the article any more" in page.select_one(".comment-form__about-error").text
    assert page.select_one("textarea[name=body]").text == "My words, kept."
    # Sent again as it stands, the comment goes to the article as a whole.
    assert page.select_one("input[name=about]")["value"] == ""
    assert not Comment.objects.exists()


def test_the_form_on_the_article_is_set_to_the_argument_and_can_be_cleared(client, article):
    response = client.get(article.url, {"about": "against-1"})
    page = soup(response)
    form = page.select_one("#comment-form")
    assert form.select_one("input[name=about]")["value"] == "against-1"
    note = form.select_one(".comment-form__about")
    assert "About: No privacy left in public" in " ".join(note.get_text().split())
    assert note.select_one("[data-clear-about]")["href"] == f"{article.url}#comment-form"
    assert not response.cookies
    plain = soup(client.get(article.url)).select_one("#comment-form")
    assert plain.select_one("input[name=about]")["value"] == ""
    assert plain.select_one(".comment-form__about") is None


def test_a_comment_about_an_argument_names_it_and_links_back(client, article):
    comment = CommentFactory(article=article, argument="against-2")
    page = soup(client.get(article.url))
    about = page.select_one(f"#comment-{comment.pk} .comment__about")
    assert " ".join(about.get_text().split()) == "On the point: Errors fall on the innocent"
    assert about.a["href"] == "#against-2"


def test_the_discussion_can_be_filtered_to_one_argument(client, article):
    about = CommentFactory(article=article, argument="against-1", body="On privacy.")
    CommentFactory(article=article, argument="for-1", body="On speed.")
    CommentFactory(article=article, body="On the whole.")
    section = soup(client.get(article.url, {"about": "against-1"})).select_one("#comments")
    shown = [node.get_text(" ", strip=True) for node in section.select(".comment__body")]
    assert shown == ["On privacy."]
    note = section.select_one(".discussion__filter")
    assert "Showing comments on one point: No privacy left in public" in note.get_text()
    assert note.select("a")[-1]["href"] == f"{article.url}#comments"
    assert section.select_one(f"#comment-{about.pk} .comment__about") is None  # said above


@pytest.mark.parametrize("about", ["against-99", "nonsense", "%00", "x" * 500])
def test_a_filter_naming_no_argument_shows_everything_with_a_note(client, article, about):
    CommentFactory(article=article, argument="against-1")
    CommentFactory(article=article)
    response = client.get(article.url, {"about": about})
    assert response.status_code == 200
    section = soup(response).select_one("#comments")
    assert len(section.select(".comment__body")) == 2
    assert "whole discussion is shown" in section.select_one(".discussion__filter").text
    assert soup(response).select_one("input[name=about]")["value"] == ""


def test_an_address_that_filters_the_discussion_is_never_kept_in_the_page_cache():
    factory = RequestFactory()
    assert cache_address(factory.get("/explainers/chongqing/?about=against-1")) is None
    assert cache_address(factory.get("/explainers/chongqing/?utm_source=x")) is not None


@override_settings(HTML_CACHE_SECONDS=300)
def test_a_filtered_discussion_is_told_private_so_no_cdn_keeps_it(client, article):
    response = client.get(article.url, {"about": "against-1"})
    assert "X-Cache" not in response
    assert "private" in response["Cache-Control"]


@override_settings(HTML_CACHE_SECONDS=300, FRAGMENT_CACHE_SECONDS=300)
def test_the_count_in_the_cached_article_changes_once_a_comment_is_approved(
    client, article, comment_settings
):
    article = publish(article)  # comment_settings: made now, not by the first view (a purge)
    pending = CommentFactory(article=article, argument="for-1", status=CommentStatus.PENDING)
    assert discuss_link(soup(client.get(article.url)), "for-1").get_text() == "Discuss this point"
    assert client.get(article.url)["X-Cache"] == "hit"
    pending.status = CommentStatus.APPROVED
    pending.save()
    link = discuss_link(soup(client.get(article.url)), "for-1")
    assert link.get_text() == "Discuss this point (1 comment)"


def test_closed_comments_keep_the_count_and_drop_the_invitation(client, article):
    article.comments_open = False
    article.save_revision().publish()
    CommentFactory(article=article, argument="against-1")
    page = soup(client.get(article.url))
    assert discuss_link(page, "against-1").get_text() == "1 comment on this point"
    assert discuss_link(page, "against-2") is None


def test_the_feeds_copy_of_the_body_has_no_discuss_links(client, article):
    # Counting would cost a query per article; the entry links to the discussion instead.
    feed = client.get("/feeds/rss/").content.decode()
    assert "No privacy left in public" in feed
    assert "?about=" not in feed


def test_the_links_speak_chinese():
    with translation.override("zh-hans"):
        assert translation.gettext("Discuss this point") == "讨论这一点"
        assert translation.gettext("On the point: %(argument)s") == "关于这一论点：%(argument)s"


def test_the_queue_and_the_thread_name_the_argument(editor_client, article):
    comment = CommentFactory(
        article=article, argument="against-2", status=CommentStatus.PENDING, body="Held."
    )
    CommentFactory(article=article, argument="against-7", status=CommentStatus.PENDING)
    queue = soup(editor_client.get(reverse("wagtailsnippets_comments_comment:list")))
    labels = [" ".join(cell.get_text().split()) for cell in queue.select(".comment-argument")]
    assert "On the point: Errors fall on the innocent (#against-2)" in labels
    assert "On the point #against-7, no longer in the article" in labels
    thread = soup(
        editor_client.get(reverse("wagtailsnippets_comments_comment:inspect", args=[comment.pk]))
    )
    detail = thread.select_one("dd.comment-argument")
    assert detail.a.get_text() == "Errors fall on the innocent"
    assert detail.a["href"].endswith("#against-2")

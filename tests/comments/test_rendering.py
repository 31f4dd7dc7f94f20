"""The markup of each comment in a discussion (comments/rendering.py), as readers and their
browsers get it: names, dates, text with links, the reply and report links."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.template.defaultfilters import linebreaks_filter
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import urlize
from hypothesis import given
from hypothesis import strategies as st

from comments.models import Comment
from comments.rendering import comment_html, render_threads
from comments.templatetags.comments_tags import local_time
from comments.threads import build_threads
from tests.comments.factories import CommentFactory, reply_chain


def discussion(client, article):
    html = client.get(article.url).content
    return BeautifulSoup(html, "html.parser").select_one("#comments")


def urlize_then_paragraphs(body):
    """What the discussion did for every comment before it skipped urlize for text that
    cannot hold a link: the reference comment_html must always agree with."""
    linked = urlize(body, trim_url_limit=60, nofollow=True, autoescape=True)
    return linebreaks_filter(linked, autoescape=False)


TRICKY_BODIES = [
    "Plain words, no link.",
    "See https://example.org/a/very/long/path/that/goes/on/and/on/for/more/than/sixty/chars.",
    "www.example.com, (http://example.net/x) and [https://example.org].",
    "Mail me: reader@example.org!",
    "Bare domains link too: example.com/page and EXAMPLE.ORG.",
    "Markup is text: <script>alert(\"x\")</script> & <b>bold</b> 'quoted'",
    "Lines\r\nwith\rcarriage returns\n\n\nand paragraphs.",
    "Entities &amp; lookalikes &lt;a href=x&gt; http://x.org/?a=1&b=2;",
    "A dotted.word, a colon: and an @ sign alone.",
    "javascript:alert(1) data:text/html,<b> ftp://example.org",
    "",
]


@pytest.mark.parametrize("body", TRICKY_BODIES)
def test_comment_text_is_what_urlize_and_linebreaks_make(body):
    assert comment_html(body) == urlize_then_paragraphs(body)


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80))
def test_comment_text_matches_urlize_for_any_text(body):
    assert comment_html(body) == urlize_then_paragraphs(body)


@given(
    st.lists(
        st.sampled_from(
            [
                "http://",
                "https://",
                "www.",
                ".com",
                ".org",
                "@",
                ":",
                ".",
                "/",
                "(",
                ")",
                "&",
                ";",
                "<",
                ">",
                '"',
                "'",
                " ",
                "\n",
                "a",
                "Z",
                "9",
                "é",
                "example",
                "net",
            ]
        ),
        max_size=30,
    ).map("".join)
)
def test_comment_text_matches_urlize_for_link_like_text(body):
    assert comment_html(body) == urlize_then_paragraphs(body)


@pytest.mark.django_db
def test_each_comment_has_author_date_text_and_its_reply_and_report_links(client, article):
    created = timezone.make_aware(datetime.datetime(2026, 3, 5, 9, 7, 30), datetime.UTC)
    comment = CommentFactory(article=article, display_name="Mei", body="Who watches?")
    type(comment).objects.filter(pk=comment.pk).update(created=created)

    shown = discussion(client, article).find(id=f"comment-{comment.pk}")

    assert shown.name == "article" and shown["data-comment"] == str(comment.pk)
    assert shown.find_parent("li")["class"] == [
        "comment-list__item",
        "comment-list__item--level-1",
    ]
    assert shown.select_one("h3.comment__author").text == "Mei"
    time = shown.select_one(".comment__permalink time")
    assert time["datetime"] == "2026-03-05T09:07:30+0000"
    assert time.text == "5 March 2026, 09:07"
    assert shown.select_one(".comment__edited") is None
    assert shown.select_one(".comment__body").decode_contents() == "<p>Who watches?</p>"
    reply = shown.select_one("a[data-reply]")
    assert reply["href"] == reverse("comments:reply", args=[comment.pk])
    assert reply["data-reply"] == str(comment.pk) and reply["data-reply-name"] == "Mei"
    assert reply.get_text(" ", strip=True) == "Reply to Mei"
    report = shown.select_one("a[data-report]")
    assert report["href"] == reverse("comments:report", args=[comment.pk])
    assert report.get_text(" ", strip=True) == "Report this comment by Mei"


@pytest.mark.django_db
def test_an_edited_comment_says_so(client, article):
    comment = CommentFactory(article=article, edited=timezone.now())
    shown = discussion(client, article).find(id=f"comment-{comment.pk}")
    assert shown.select_one(".comment__edited").text == "edited"


@pytest.mark.django_db
def test_names_and_text_are_escaped_everywhere_they_appear(client, article):
    name = '<img src=x onerror="alert(1)">'
    chain = reply_chain(article, 5)
    for comment in chain:
        comment.display_name = name
        comment.body = "<script>alert(2)</script> & http://example.org/?a=<b>"
        comment.save()

    section = discussion(client, article)

    assert section.find("img") is None and section.find("script") is None
    deepest = section.find(id=f"comment-{chain[-1].pk}")
    assert deepest.select_one(".comment__author").text == name
    assert deepest.select_one("a[data-reply]")["data-reply-name"] == name
    assert deepest.select_one(".comment__replying-to a").text == name
    body = deepest.select_one(".comment__body")
    assert body.text == "<script>alert(2)</script> & http://example.org/?a=<b>"
    assert body.a["rel"] == ["nofollow"]


@pytest.mark.django_db
def test_replies_are_nested_lists_inside_their_parent_item(client, article):
    parent = CommentFactory(article=article)
    first, second = CommentFactory.create_batch(2, article=article, parent=parent)

    item = discussion(client, article).find(id=f"comment-{parent.pk}").find_parent("li")

    replies = item.select_one(":scope > ol.comment-list--replies")
    assert [li.article["id"] for li in replies.find_all("li", recursive=False)] == [
        f"comment-{first.pk}",
        f"comment-{second.pk}",
    ]


def rendered_time(article, language):
    """The date in a comment's header, as the discussion renders it in ``language``."""
    CommentFactory(
        article=article,
        created=timezone.make_aware(datetime.datetime(2026, 12, 6, 10, 0), datetime.UTC),
    )
    with translation.override(language):
        html = render_threads(build_threads(Comment.objects.filter(article=article)), True)
    return BeautifulSoup(html, "html.parser").select_one(".comment__permalink time").text


@pytest.mark.django_db
def test_a_comments_date_reads_naturally_in_chinese(article):
    assert rendered_time(article, "zh-hans") == "2026年12月6日 10:00"


@pytest.mark.django_db
def test_a_comments_date_in_english_is_unchanged(article):
    assert rendered_time(article, "en") == "6 December 2026, 10:00"


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", "6 December 2026, 10:00 UTC"), ("zh-hans", "2026年12月6日 10:00 UTC")],
)
def test_a_private_pages_dates_read_naturally_in_each_language(language, shown):
    moment = timezone.make_aware(datetime.datetime(2026, 12, 6, 10, 0), datetime.UTC)
    with translation.override(language):
        html = local_time(moment, "date-time")
    assert BeautifulSoup(html, "html.parser").time.text == shown

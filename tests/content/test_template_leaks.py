"""No template syntax ever reaches a reader: every public page type, rendered in full.

A `{# #}` comment that runs over two lines, a `{{ value }}` written inside a `{% verbatim %}`
or a tag left unclosed in a block is sent to readers as text. Each page type a reader (or
a feed reader, or a search engine) can be sent is rendered here and checked for any of
`{#`, `#}`, `{%`, `%}`, `{{` or `}}`. A new page type is one more line in `reader_urls`.

The template lint (`tests/lint_templates.py`, run by `make lint`) refuses the commonest
cause before a page is ever rendered; the tests at the end check that it does.
"""

import re
from dataclasses import dataclass

import pytest
from bs4 import BeautifulSoup

from comments.models import Comment
from content.models import ArticleIndexPage, ArticlePage
from tests.comments.factories import CommentFactory, post_comment, send_report
from tests.content.factories import ArticlePageFactory
from tests.lint_templates import REPO, main, problems_in, template_files

pytestmark = pytest.mark.django_db

TEMPLATE_SYNTAX = ("{#", "#}", "{%", "%}", "{{", "}}")


def leaked_template_syntax(text):
    """Each piece of template syntax in ``text``, with a little of what surrounds it."""
    pattern = "|".join(re.escape(mark) for mark in TEMPLATE_SYNTAX)
    return [
        text[max(0, match.start() - 60) : match.end() + 60] for match in re.finditer(pattern, text)
    ]


def assert_no_template_syntax(text, where):
    leaks = leaked_template_syntax(text)
    assert not leaks, f"{where} shows template syntax to readers: {leaks}"


@dataclass(frozen=True)
class ReaderUrl:
    name: str
    path: str
    status: int = 200
    method: str = "get"
    data: dict | None = None


@pytest.fixture
def reader_urls(demo_site, client):
    """Every public page type on the demo site, with what a reader gets there."""
    article = ArticlePage.objects.live().get(slug="chongqing-surveillance")
    topic = article.topics.order_by("name").first()
    index = ArticleIndexPage.objects.get(locale__language_code="en")
    # Enough explainers for a second page of the index, and threads for a second page of
    # the discussion.
    for number in range(index.per_page):
        ArticlePageFactory(parent=index, title=f"Cameras in city {number}", topics=[topic])
    for number in range(21):
        CommentFactory(article=article, body=f"Thread number {number}.")
    reported = Comment.objects.filter(article=article).first()
    subscribed = CommentFactory(article=article, body="Tell me when someone replies.")
    subscribed.start_notifications("reader@example.org")
    subscribed.save()

    posted_path = post_comment(client, article, body="My own words.")["Location"]
    receipt = BeautifulSoup(client.get(posted_path).content, "html.parser")
    manage_path = re.search(
        r"/comments/manage/[^/\"]+/", receipt.select_one("#manage-link")["value"]
    )[0]
    own_pk = Comment.objects.get(body="My own words.").pk
    # The thank-you page after a report answers only with the receipt the report gives.
    reported_path = send_report(client, reported)["Location"]
    article_path = article.url
    return [
        ReaderUrl("home", "/"),
        ReaderUrl("explainers, first page", index.url),
        ReaderUrl("explainers, last page", f"{index.url}?page=2"),
        ReaderUrl("topic", f"/topics/{topic.slug}/"),
        ReaderUrl("topic, last page", f"/topics/{topic.slug}/?page=2"),
        ReaderUrl("article", article_path),
        ReaderUrl("article, discussion page 2", f"{article_path}?comments_page=2"),
        ReaderUrl("about", "/about/"),
        ReaderUrl("privacy", "/privacy/"),
        ReaderUrl("search with results", "/search/?q=Chongqing"),
        ReaderUrl("search without results", "/search/?q=xylophones"),
        ReaderUrl("search without words", "/search/"),
        ReaderUrl("not found", "/no-such-page/", status=404),
        ReaderUrl("RSS feed", "/feeds/rss/"),
        ReaderUrl("Atom feed", "/feeds/atom/"),
        ReaderUrl("topic RSS feed", f"/topics/{topic.slug}/rss/"),
        ReaderUrl("topic Atom feed", f"/topics/{topic.slug}/atom/"),
        ReaderUrl("sitemap", "/sitemap.xml"),
        ReaderUrl("robots.txt", "/robots.txt"),
        ReaderUrl("comment posted", posted_path),
        ReaderUrl("comment manage", manage_path),
        ReaderUrl("comment edit", f"{manage_path}{own_pk}/edit/"),
        ReaderUrl("comment delete", f"{manage_path}{own_pk}/delete/"),
        ReaderUrl("comment reply form", f"/comments/{reported.pk}/reply/"),
        ReaderUrl("comment report", f"/comments/{reported.pk}/report/"),
        ReaderUrl("comment reported", reported_path),
        ReaderUrl("unsubscribe", f"/comments/unsubscribe/{subscribed.unsubscribe_token}/"),
        ReaderUrl("unsubscribe, unknown link", "/comments/unsubscribe/no-such-token/", 404),
        ReaderUrl("comment link problem", "/comments/manage/not-a-token/", status=404),
        ReaderUrl("comment receipt problem", "/comments/posted/forged-value/", status=404),
        ReaderUrl(
            "comment refused (blank)",
            "/comments/post/",
            status=400,
            method="post",
            data={"body": "   "},
        ),
    ]


def test_no_public_page_shows_template_syntax(client, reader_urls):
    article = ArticlePage.objects.live().get(slug="chongqing-surveillance")
    for url in reader_urls:
        if url.method == "post":
            response = post_comment(client, article, **url.data)
        else:
            response = client.get(url.path)
        assert response.status_code == url.status, (url.name, response.status_code)
        text = response.content.decode()
        assert text.strip(), f"{url.name} is empty"
        assert_no_template_syntax(text, f"{url.name} ({url.path})")


def test_the_explainers_index_shows_no_comment_above_its_cards(client, demo_site):
    """The issue as reported: `{# A page of article cards … #}` printed above the cards."""
    page = BeautifulSoup(client.get("/explainers/").content, "html.parser")
    assert "A page of article cards" not in page.get_text()
    assert page.select(".card-list .card, .card-list article")


def test_the_guard_sees_each_kind_of_leaked_syntax():
    for mark in TEMPLATE_SYNTAX:
        assert leaked_template_syntax(f"<p>before {mark} after</p>")
    assert not leaked_template_syntax("<p>{ # } % { } plain braces</p>")


# --- The lint ---------------------------------------------------------------------------


def test_the_lint_finds_nothing_in_the_project_templates(capsys):
    assert main([]) == 0, capsys.readouterr().out


def test_the_lint_names_file_and_line_of_a_comment_over_two_lines(tmp_path, capsys):
    template = tmp_path / "cards.html"
    template.write_text(
        "{% load static %}\n{# A page of cards, kept as\n   a fragment. #}\n<div></div>\n",
        encoding="utf-8",
    )
    assert main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"{template}:2: '{{#' without '#}}'" in out
    assert f"{template}:3: '#}}' without '{{#'" in out


def test_the_lint_accepts_single_line_comments_and_comment_blocks():
    text = (
        "{# one #} <p>{{ value }}</p> {# two #}\n"
        "{% comment %}\nA longer note\nover lines\n{% endcomment %}\n"
    )
    assert problems_in(text) == []


def test_the_lint_runs_over_every_templates_folder_of_the_project():
    files = {path.relative_to(REPO).as_posix() for path in template_files([])}
    assert "templates/components/article_list.html" in files
    assert "templates/comments/section.html" in files
    assert not any(".venv" in path for path in files)

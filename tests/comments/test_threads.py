"""How readers see a discussion: threads, depth, placeholders, paging, counts, queries."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from comments.models import Comment, CommentStatus
from comments.threads import THREADS_PER_PAGE, permalink, with_comment_counts
from content.models import ArticlePage
from tests.comments.factories import CommentFactory, reply_chain

pytestmark = pytest.mark.django_db


def discussion(client, article, query=""):
    html = client.get(article.url + query).content
    return BeautifulSoup(html, "html.parser").select_one("#comments")


def level_of(section, comment):
    item = section.find(id=f"comment-{comment.pk}").find_parent("li")
    return int(next(c for c in item["class"] if "--level-" in c).rsplit("-", 1)[1])


def test_no_comments_invites_one_without_telling_a_waiting_commenter_they_are_first(
    client, article
):
    section = discussion(client, article)
    empty = section.select_one(".comments__empty").get_text(" ", strip=True)
    assert empty.startswith("No comments have been published yet.")
    assert "waits for an editor appears here once it is approved" in empty
    assert "Be the first" not in section.text
    assert section.select_one(".comments__empty a")["href"] == "#comment-form"
    assert "0 comments" in section.h2.text
    assert section.select_one("#comment-form") is not None


def test_approved_comments_show_with_name_text_and_permalink(client, article):
    comment = CommentFactory(article=article, display_name="Mei", body="First line.\n\nSecond.")
    section = discussion(client, article)
    shown = section.find(id=f"comment-{comment.pk}")
    assert shown.select_one(".comment__author").text == "Mei"
    assert [p.text for p in shown.select(".comment__body p")] == ["First line.", "Second."]
    assert shown.select_one(".comment__permalink")["href"] == f"#comment-{comment.pk}"
    assert "1 comment" in section.h2.text


def test_replies_nest_up_to_four_levels_then_say_whom_they_answer(client, article):
    chain = reply_chain(article, 6)
    section = discussion(client, article)
    assert [level_of(section, c) for c in chain] == [1, 2, 3, 4, 4, 4]
    fifth = section.find(id=f"comment-{chain[4].pk}")
    replying = fifth.select_one(".comment__replying-to")
    assert replying.get_text(" ", strip=True) == f"replying to {chain[3].display_name}"
    assert replying.a["href"] == f"#comment-{chain[3].pk}"
    assert section.find(id=f"comment-{chain[3].pk}").select_one(".comment__replying-to") is None


def test_flattened_replies_keep_conversation_order(client, article):
    chain = reply_chain(article, 4)
    late_answer_to_level_four = CommentFactory(article=article, parent=chain[3])
    second_at_level_four = CommentFactory(article=article, parent=chain[2])
    section = discussion(client, article)
    ids = [int(a["data-comment"]) for a in section.select("[data-comment]")]
    assert ids == [*[c.pk for c in chain], late_answer_to_level_four.pk, second_at_level_four.pk]


def test_held_and_rejected_comments_are_not_shown(client, article):
    CommentFactory(article=article, body="Held one.", status=CommentStatus.PENDING)
    CommentFactory(article=article, body="Spam one.", status=CommentStatus.SPAM)
    section = discussion(client, article)
    assert "Held one." not in section.text and "Spam one." not in section.text
    assert "0 comments" in section.h2.text


def test_deleted_comment_with_replies_leaves_a_placeholder(client, article):
    parent = CommentFactory(article=article, body="Gone soon.")
    reply = CommentFactory(article=article, parent=parent, body="An answer.")
    parent.erase()
    parent.save()
    section = discussion(client, article)
    assert "[deleted by its author]" in section.find(id=f"comment-{parent.pk}").text
    assert "An answer." in section.find(id=f"comment-{reply.pk}").text
    assert section.find(id=f"comment-{parent.pk}").select_one("[data-reply]") is None


def test_deleted_comment_without_replies_disappears(client, article):
    gone = CommentFactory(article=article)
    gone.erase()
    gone.save()
    assert discussion(client, article).find(id=f"comment-{gone.pk}") is None


def test_reply_under_a_hidden_comment_stays_with_a_placeholder(client, article):
    parent = CommentFactory(article=article, status=CommentStatus.HIDDEN, body="Reported.")
    reply = CommentFactory(article=article, parent=parent)
    section = discussion(client, article)
    assert "hidden while the editors review it" in section.find(id=f"comment-{parent.pk}").text
    assert "Reported." not in section.text
    assert section.find(id=f"comment-{reply.pk}") is not None


def test_top_level_threads_are_paged(client, article):
    threads = CommentFactory.create_batch(THREADS_PER_PAGE + 1, article=article)
    first = discussion(client, article)
    assert first.find(id=f"comment-{threads[0].pk}") is not None
    assert first.find(id=f"comment-{threads[-1].pk}") is None
    assert "Threads page 1 of 2" in first.text
    assert first.select_one("a[rel=next]")["href"] == "?comments_page=2#comments"
    second = discussion(client, article, "?comments_page=2")
    assert second.find(id=f"comment-{threads[-1].pk}") is not None
    assert f"{THREADS_PER_PAGE + 1} comments" in second.h2.text


def test_a_later_page_shows_its_threads_whole_and_no_others(client, article):
    threads = CommentFactory.create_batch(THREADS_PER_PAGE + 2, article=article)
    # Replies written after every thread started, three deep, to a thread on page 2.
    chain = [threads[-1]]
    for _ in range(3):
        chain.append(CommentFactory(article=article, parent=chain[-1]))
    assert chain[-1].root_id == threads[-1].pk
    first = discussion(client, article)
    assert all(first.find(id=f"comment-{c.pk}") is None for c in chain)
    second = discussion(client, article, "?comments_page=2")
    shown = [int(c["id"].split("-")[1]) for c in second.select("article[id^=comment-]")]
    assert shown == [threads[-2].pk, *[c.pk for c in chain]]
    assert "Threads page 2 of 2" in second.text
    assert f"{THREADS_PER_PAGE + 5} comments" in second.h2.text


def test_a_page_past_the_last_shows_the_last(client, article):
    threads = CommentFactory.create_batch(THREADS_PER_PAGE + 1, article=article)
    section = discussion(client, article, "?comments_page=999")
    assert "Threads page 2 of 2" in section.text
    assert section.find(id=f"comment-{threads[-1].pk}") is not None


def test_a_removed_thread_start_counts_as_a_thread_only_with_a_published_reply(client, article):
    CommentFactory.create_batch(THREADS_PER_PAGE, article=article)
    removed = CommentFactory(article=article, status=CommentStatus.REJECTED)
    CommentFactory(article=article, parent=removed, status=CommentStatus.PENDING)
    section = discussion(client, article)
    assert section.select_one("nav.comments__pages") is None  # 20 threads: one page
    published = CommentFactory(article=article, parent=removed)
    section = discussion(client, article, "?comments_page=2")
    assert "Threads page 2 of 2" in section.text
    assert "removed by the editors" in section.find(id=f"comment-{removed.pk}").text
    assert section.find(id=f"comment-{published.pk}") is not None


def test_permalink_names_the_page_of_the_thread(article):
    threads = CommentFactory.create_batch(THREADS_PER_PAGE + 1, article=article)
    reply = CommentFactory(article=article, parent=threads[-1])
    deeper = CommentFactory(article=article, parent=reply)
    assert permalink(deeper) == f"{article.url}?comments_page=2#comment-{deeper.pk}"
    assert permalink(threads[0]) == f"{article.url}#comment-{threads[0].pk}"


@pytest.mark.parametrize("junk", ["abc", "-3", "999", ""])
def test_junk_page_numbers_show_a_page_anyway(client, article, junk):
    CommentFactory(article=article)
    assert client.get(article.url + f"?comments_page={junk}").status_code == 200


def test_closed_article_shows_comments_without_the_form_or_reply_links(client, article):
    CommentFactory(article=article)
    article.comments_open = False
    article.save()
    section = discussion(client, article)
    assert section.select_one("#comment-form") is None
    assert section.select_one("[data-reply]") is None
    assert "Comments on this article are closed." in section.text


def _queries_to_render(client, article):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.url)
    assert response.status_code == 200
    return len(queries)


def test_query_count_is_the_same_for_1_and_1000_comments(client, article):
    CommentFactory(article=article)
    client.get(article.url)  # warm per-process caches (site root paths, settings)
    with_one = _queries_to_render(client, article)
    parent = Comment.objects.get()
    Comment.objects.bulk_create(
        Comment(
            article=article,
            parent=parent if n % 3 else None,
            root=parent if n % 3 else None,
            depth=2 if n % 3 else 1,
            display_name=f"Reader {n}",
            body=f"Comment {n}",
            status=CommentStatus.APPROVED,
        )
        for n in range(999)
    )
    with_thousand = _queries_to_render(client, article)
    assert Comment.objects.approved().count() == 1000
    assert with_thousand == with_one


def test_comment_count_tag(article):
    CommentFactory.create_batch(3, article=article)
    CommentFactory(article=article, status=CommentStatus.PENDING)
    rendered = Template("{% load comments_tags %}{% comment_count article %}").render(
        Context({"article": article})
    )
    assert rendered == "3"


def test_comment_counts_for_a_listing_take_one_query(article, other_article):
    CommentFactory.create_batch(2, article=article)
    template = Template(
        "{% load comments_tags %}{% for a in articles %}{{ a.pk }}={% comment_count a %};"
        "{% endfor %}"
    )
    with CaptureQueriesContext(connection) as queries:
        articles = with_comment_counts(ArticlePage.objects.order_by("pk"))
        rendered = template.render(Context({"articles": articles}))
    assert rendered == f"{article.pk}=2;{other_article.pk}=0;"
    assert len(queries) == 1

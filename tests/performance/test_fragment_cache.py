"""The article's fragment caches (core.page_cache.fragments_for): with the HTML cache off, an
anonymous reader's article is put together from kept pieces (the header and body, the
related explainers, the discussion above the form), and every change a reader could see is
on the very next request. Previews and editors never get a kept piece."""

import re
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments import moderation
from comments.models import Comment, CommentStatus
from comments.tokens import read_form_token
from core.page_cache import current_generation
from tests.comments.factories import CommentFactory
from tests.content.factories import (
    paragraph,
    publish,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fragments_on")]


def read(client, url):
    """The page as a reader gets it, and how many queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(queries)


def without_token(html):
    return re.sub(r'name="form_token" value="[^"]*"', 'name="form_token"', html)


def form_token(html):
    return re.search(r'name="form_token" value="([^"]*)"', html).group(1)


def test_a_second_reader_gets_the_same_page_from_the_kept_fragments(client, article, neighbour):
    CommentFactory(article=article, body="The first comment.")
    first, first_queries = read(client, article.url)
    second, second_queries = read(client, article.url)
    assert without_token(second) == without_token(first)
    assert "The first comment." in second
    assert "Faces in the crowd" in second
    # The body's Sources, the related explainers and the comments are not read again.
    assert second_queries <= first_queries - 3


def test_the_form_token_is_signed_at_each_render_not_kept(client, article):
    first, _ = read(client, article.url)
    time.sleep(1.05)  # a token names the second it was signed
    second, _ = read(client, article.url)
    assert form_token(second) != form_token(first)
    token = read_form_token(form_token(second), max_age_seconds=60)
    assert token.article_id == article.pk
    assert time.time() - token.issued < 2


def test_an_approved_comment_is_shown_on_the_next_request(client, article):
    CommentFactory(article=article, body="Already there.")
    waiting = CommentFactory(
        article=article, body="Waiting for an editor.", status=CommentStatus.PENDING
    )
    before, _ = read(client, article.url)
    assert "Waiting for an editor." not in before
    assert "1 comment</a>" in before
    moderation.approve(waiting)
    after, _ = read(client, article.url)
    assert "Waiting for an editor." in after
    assert "2 comments</a>" in after  # the header's count, in the article's fragment
    moderation.reject(waiting)
    assert "Waiting for an editor." not in read(client, article.url)[0]


def test_each_page_of_threads_is_kept_apart(client, article):
    for number in range(25):
        CommentFactory(article=article, body=f"Thread number {number}.")
    first, _ = read(client, article.url)
    second, _ = read(client, article.url + "?comments_page=2")
    assert "Thread number 0." in first and "Thread number 24." not in first
    assert "Thread number 24." in second and "Thread number 0." not in second
    assert "Thread number 0." in read(client, article.url)[0]


def test_a_source_edit_is_shown_in_the_sources_list_on_the_next_request(client, article, source):
    before, _ = read(client, article.url)
    assert "Cameras per thousand people" in before
    source.title = "CCTV cameras per 1,000 people, by city"
    source.save()
    after, _ = read(client, article.url)
    assert "CCTV cameras per 1,000 people, by city" in after
    assert "Cameras per thousand people" not in after


def test_a_new_revision_is_shown_on_the_next_request(client, article):
    read(client, article.url)
    article.body = [paragraph("<p>A corrected account of the cameras.</p>")]
    publish(article)
    after, _ = read(client, article.url)
    assert "A corrected account of the cameras." in after
    assert "The city installed" not in after


def test_a_related_explainer_retitled_is_shown_on_the_next_request(client, article, neighbour):
    assert "Faces in the crowd" in read(client, article.url)[0]
    neighbour.title = "Faces in the crowd, counted"
    publish(neighbour)
    assert "Faces in the crowd, counted" in read(client, article.url)[0]


def test_a_purge_starts_a_new_generation_with_the_html_cache_off(article, source):
    before = current_generation()
    source.save()
    assert current_generation() != before


def test_a_preview_renders_the_draft_not_the_kept_live_page(client, article):
    read(client, article.url)  # the live page's fragments are kept
    draft = type(article).objects.get(pk=article.pk)
    draft.body = [paragraph("<p>An unpublished draft paragraph.</p>")]
    draft.discussion_question = "A draft question?"
    preview = draft.make_preview_request().content.decode()
    assert "An unpublished draft paragraph." in preview
    assert "A draft question?" in preview
    assert "The city installed" not in preview


def test_editors_never_get_a_kept_fragment(client, article, admin_user):
    comment = CommentFactory(article=article, body="As first written.")
    read(client, article.url)
    # A change no signal reports: readers keep the kept copy until the next purge ...
    Comment.objects.filter(pk=comment.pk).update(body="Changed without a signal.")
    assert "As first written." in read(client, article.url)[0]
    # ... an editor's render reads everything afresh.
    client.force_login(admin_user)
    assert "Changed without a signal." in read(client, article.url)[0]


def test_an_address_a_reader_made_up_is_rendered_not_kept(client, article):
    read(client, article.url + "?comments_page=abc")
    assert not [key for key in cache._cache if ":discussion:abc" in key]

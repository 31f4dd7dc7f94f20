"""export_site then import_site into an empty database: every page renders byte for byte
as it did, and every media file comes back."""

import hashlib
import io
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from wagtail.models import Collection, Page

from comments.models import Comment, CommentStatus
from content.models import ArticlePage, Topic
from tests.content.factories import ensure_wagtail_base

pytestmark = pytest.mark.django_db(transaction=True)

# The comment form carries a signed token made fresh on every render (time and a nonce);
# it is the one part of a page that differs from one request to the next by design.
# Signed, dated tokens made fresh for each render: the comment form's and the weighing
# forms'.
FRESH_TOKEN = re.compile(rb'(name="(?:form_token|token)" value=")[^"]*(")')


def public_urls():
    urls = [page.url for page in Page.objects.live().public().specific() if page.url]
    urls += [topic.get_absolute_url() for topic in Topic.objects.all()]
    urls += ["/search/?q=camera", "/feeds/rss/", "/feeds/atom/", "/sitemap.xml", "/robots.txt"]
    return sorted(set(urls))


def snapshot():
    cache.clear()
    client = Client()
    pages = {}
    for url in public_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = FRESH_TOKEN.sub(rb"\1\2", response.content)
    return pages


def media_digests():
    root = Path(settings.MEDIA_ROOT)
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def site_with_comments(db):
    """The demo content with a short thread (made again if an earlier test emptied the db)."""
    ensure_wagtail_base()
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    call_command("load_demo", verbosity=0)
    article = ArticlePage.objects.live().filter(locale__language_code="en").first()
    opening = Comment.objects.create(
        article=article,
        display_name="Wei",
        body="How long is footage kept?",
        status=CommentStatus.APPROVED,
    )
    Comment.objects.create(
        article=article,
        parent=opening,
        depth=2,
        display_name="Lin",
        body="Nobody says, which is the point.",
        status=CommentStatus.APPROVED,
    )
    Comment.objects.create(
        article=article,
        display_name="Mei",
        body="Held for a moderator.",
        status=CommentStatus.PENDING,
    )
    return article


def test_every_page_renders_byte_for_byte_after_export_and_import(site_with_comments, tmp_path):
    before = snapshot()
    media_before = media_digests()
    revisions_before = list(Page.objects.order_by("pk").values_list("pk", "latest_revision_id"))
    comments_before = list(Comment.objects.order_by("pk").values_list("pk", "status", "body"))
    assert len(before) >= 5
    assert media_before, "the demo content has images"
    archive = tmp_path / "site.tar.gz"

    call_command("export_site", str(archive), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    for path in Path(settings.MEDIA_ROOT).iterdir():
        if path.is_file():
            path.unlink()
        else:
            shutil.rmtree(path)
    assert Page.objects.count() == 0 and not media_digests()
    call_command("import_site", str(archive), stdout=io.StringIO())

    after = snapshot()
    assert after.keys() == before.keys()
    for url in before:
        assert after[url] == before[url], f"{url} renders differently after the round trip"
    assert media_digests() == media_before
    assert (
        list(Page.objects.order_by("pk").values_list("pk", "latest_revision_id"))
        == revisions_before
    )
    assert (
        list(Comment.objects.order_by("pk").values_list("pk", "status", "body")) == comments_before
    )


def test_import_refuses_a_database_that_holds_content(site_with_comments, tmp_path):
    archive = tmp_path / "site.tar.gz"
    call_command("export_site", str(archive), stdout=io.StringIO())

    with pytest.raises(CommandError, match="already holds content"):
        call_command("import_site", str(archive))

"""A private section stays private: the site reads a page's view restrictions (its own and
its ancestors') in one query where Wagtail takes two (content.models.pages.ViewRestrictionsMixin),
and must find the same ones, aliases included."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from tests.content.factories import ArticlePageFactory, StandardPageFactory


def restrictions(pages):
    """{page title: (the site's restriction ids, Wagtail's own)} for each page."""
    return {
        page.title: (
            sorted(page.get_view_restrictions().values_list("pk", flat=True)),
            sorted(Page.get_view_restrictions(page).values_list("pk", flat=True)),
        )
        for page in pages
    }


@pytest.mark.django_db
def test_the_restrictions_found_are_wagtails_own_aliases_included(site_tree):
    article = ArticlePageFactory(parent=site_tree.index, title="Under the index")
    secret = StandardPageFactory(parent=site_tree.home, title="Members only", slug="members")
    inside = StandardPageFactory(parent=secret, title="Inside the members' section", slug="inside")
    on_index = PageViewRestriction.objects.create(
        page=site_tree.index, restriction_type=PageViewRestriction.PASSWORD, password="s3cret!"
    )
    on_secret = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.LOGIN
    )
    # An alias of a restricted page, published where nothing is restricted, is checked as
    # its source page (as Wagtail does).
    alias = secret.create_alias(parent=site_tree.about, update_slug="members-alias")

    found = restrictions(
        [site_tree.home, site_tree.index, article, site_tree.about, secret, inside, alias]
    )

    assert all(ours == wagtails for ours, wagtails in found.values()), found
    assert found["Under the index"][0] == [on_index.pk]
    assert found["Inside the members' section"][0] == [on_secret.pk]
    assert found[alias.title][0] == [on_secret.pk]
    assert found[site_tree.about.title][0] == []


@pytest.mark.django_db
def test_a_reader_is_asked_for_the_password_of_a_private_section(client, site_tree):
    article = ArticlePageFactory(parent=site_tree.index, title="Behind a password")
    PageViewRestriction.objects.create(
        page=site_tree.index, restriction_type=PageViewRestriction.PASSWORD, password="s3cret!"
    )

    response = client.get(article.url)

    assert response.status_code == 200
    assert "Behind a password" not in response.content.decode()
    assert 'type="password"' in response.content.decode()


@pytest.mark.django_db
def test_the_restrictions_are_read_in_one_query(site_tree):
    article = ArticlePageFactory(parent=site_tree.index)

    with CaptureQueriesContext(connection) as queries:
        list(article.get_view_restrictions())

    assert len(queries) == 1

"""Every page a reader can land on describes itself once to search engines (Lighthouse's SEO
audit wants a meta description on each): its own search description, else what the page
says of itself, else what the site is."""

import pytest
from bs4 import BeautifulSoup

from content.models import ArticleIndexPage, ArticlePage, HomePage, StandardPage

pytestmark = pytest.mark.django_db

SITE_DESCRIPTION = (
    "Plain explanations of how people are watched, with the arguments for and against and "
    "every claim sourced."
)


def description(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, path
    tags = BeautifulSoup(response.content, "html.parser").find_all(
        "meta", attrs={"name": "description"}
    )
    assert len(tags) == 1, f"{path} has {len(tags)} meta descriptions"
    assert tags[0]["content"].strip(), f"{path} has an empty meta description"
    return tags[0]["content"]


def test_each_page_type_describes_itself(demo_site, client):
    home = HomePage.objects.get(locale__language_code="en")
    index = ArticleIndexPage.objects.get(locale__language_code="en")
    article = ArticlePage.objects.live().get(slug="chongqing-surveillance")
    topic = article.topics.order_by("name").first()
    about = StandardPage.objects.get(slug="about")

    assert description(client, "/") == (home.search_description or home.statement)
    assert description(client, index.url) == (index.search_description or index.introduction)
    assert description(client, article.url) == (article.search_description or article.standfirst)
    assert description(client, topic.get_absolute_url()) == topic.description
    assert description(client, about.url) == (about.search_description or about.introduction)
    assert description(client, "/search/?q=cameras") == (
        "Search every explainer and page of Surveillance, Explained."
    )
    assert description(client, "/no-such-page/", status=404) == SITE_DESCRIPTION


def test_what_the_editor_writes_for_search_engines_comes_first(demo_site, client):
    index = ArticleIndexPage.objects.get(locale__language_code="en")
    index.search_description = "Every explainer, for search engines."
    index.save_revision().publish()
    assert description(client, index.url) == "Every explainer, for search engines."


def test_pages_that_say_nothing_of_themselves_fall_back(demo_site, client):
    index = ArticleIndexPage.objects.get(locale__language_code="en")
    index.introduction = ""
    index.save_revision().publish()
    article = ArticlePage.objects.live().get(slug="chongqing-surveillance")
    topic = article.topics.order_by("name").first()
    topic.description = ""
    topic.save()
    assert description(client, index.url).startswith("Every explainer, newest first")
    assert description(client, topic.get_absolute_url()) == (
        f"Explainers about {topic.name}, with the arguments for and against and every claim "
        "sourced."
    )

"""Every public page renders with `comments` left out of INSTALLED_APPS: no discussion, no
comment count, no error. Run by tests/test_architecture.py in a process of its own with
tests/without_comments/settings.py (the file name keeps it out of the ordinary run, whose
settings install comments)."""

import pytest
from bs4 import BeautifulSoup
from django.apps import apps

from tests.content.factories import ArticlePageFactory, TopicFactory, build_site_tree, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    tree = build_site_tree()
    topic = TopicFactory(name="Facial recognition", slug="facial-recognition")
    article = ArticlePageFactory(
        parent=tree.index,
        title="Cameras on every corner",
        slug="cameras",
        discussion_question="Would you accept this in your city?",
    )
    article.topics.add(topic)
    return publish(article)


def test_comments_is_not_installed():
    assert not apps.is_installed("comments")


@pytest.mark.parametrize(
    ("path", "shows"),
    [
        ("/", "Cameras on every corner"),
        ("/explainers/", "Cameras on every corner"),
        ("/explainers/cameras/", "Cameras on every corner"),
        ("/topics/facial-recognition/", "Cameras on every corner"),
        ("/search/?q=cameras", "Cameras on every corner"),
        ("/feeds/rss/", "Cameras on every corner"),
        ("/feeds/atom/", "Cameras on every corner"),
        ("/topics/facial-recognition/rss/", "Cameras on every corner"),
        ("/sitemap.xml", "http://testserver/explainers/cameras/"),
    ],
)
def test_every_public_page_renders_without_a_discussion(client, article, path, shows):
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.content.decode()
    assert shows in html, path
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select("#comments, .discussion, .card__comments, .article-meta__discussion") == []
    assert "comments.css" not in html
    assert "Would you accept this in your city?" not in html  # the discussion's question


def test_the_article_lists_no_discussion_in_its_contents(client, article):
    soup = BeautifulSoup(client.get("/explainers/cameras/").content, "html.parser")
    assert soup.select_one("h1").get_text(strip=True) == "Cameras on every corner"
    assert soup.select('a[href="#comments"]') == []


def test_the_comment_addresses_are_not_served(client, article):
    assert client.get("/comments/post/").status_code == 404

"""The Topics page (/topics/), the home page's most covered topics, and the stored counts
behind both (Topic.explainer_count), which follow publishing, unpublishing and deleting."""

import pytest
from bs4 import BeautifulSoup

from content.models import Topic
from content.models.pages import HOME_TOPICS
from tests.content.factories import ArticlePageFactory, TopicFactory, publish

pytestmark = pytest.mark.django_db


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def words(element):
    return " ".join(element.get_text(" ", strip=True).split())


def explainer(site_tree, topics, **kwargs):
    return publish(ArticlePageFactory(parent=site_tree.index, topics=list(topics), **kwargs))


def test_topics_page_lists_every_topic_with_an_explainer_a_to_z_with_counts(client, site_tree):
    robots = TopicFactory(name="Patrol robots", description="Machines on the beat.")
    cameras = TopicFactory(name="Cameras", description="")
    TopicFactory(name="Empty topic")
    explainer(site_tree, [robots, cameras])
    explainer(site_tree, [cameras])

    soup = read(client, "/topics/")

    assert soup.select_one("h1").get_text(strip=True) == "Topics"
    assert soup.title.get_text().startswith("Topics ·")
    assert (
        "Every subject our explainers cover" in soup.select_one("meta[name=description]")["content"]
    )
    items = [words(item) for item in soup.select(".topic-index__item")]
    assert items == ["Cameras 2 explainers", "Patrol robots 1 explainer Machines on the beat."]
    assert soup.select_one(".topic-index__name")["href"] == "/topics/cameras/"
    assert soup.select_one("link[rel=canonical]")["href"].endswith("/topics/")


def test_topics_page_in_chinese_lists_the_chinese_topics(client, demo_site):
    soup = read(client, "/zh-hans/topics/")

    assert soup.select_one("h1").get_text(strip=True) == "话题"
    names = [name.get_text(strip=True) for name in soup.select(".topic-index__name")]
    assert "重庆" in names
    assert "Chongqing" not in names
    assert "篇解读" in words(soup.select_one(".topic-index__item"))
    switcher = {link["hreflang"]: link["href"] for link in soup.select("link[hreflang]")}
    assert switcher["en"].endswith("/topics/")
    assert switcher["zh-Hans"].endswith("/zh-hans/topics/")


def test_home_shows_the_most_covered_topics_and_links_to_all_of_them(client, site_tree):
    topics = [TopicFactory(name=f"Subject {number:02d}") for number in range(HOME_TOPICS + 1)]
    explainer(site_tree, topics)
    explainer(site_tree, topics[-1:])  # the last has two explainers: it leads

    soup = read(client, "/")

    listed = [words(link) for link in soup.select(".home__topics .topic-list a")]
    assert len(listed) == HOME_TOPICS
    assert listed[0] == f"Subject {HOME_TOPICS:02d} 2 explainers"
    assert "Subject 11" not in " ".join(listed)  # the 13th by count, then name: on /topics/
    all_topics = soup.select_one(".home__topics .home__all a")
    assert all_topics["href"] == "/topics/"
    assert words(all_topics) == "All topics →"


def test_home_has_no_all_topics_link_when_it_shows_every_topic(client, site_tree):
    explainer(site_tree, [TopicFactory(name="Cameras")])

    soup = read(client, "/")

    assert [words(link) for link in soup.select(".home__topics .topic-list a")] == [
        "Cameras 1 explainer"
    ]
    assert soup.select_one(".home__topics .home__all") is None


def test_counts_follow_publishing_unpublishing_and_deleting(site_tree):
    cameras = TopicFactory(name="Cameras")
    first = explainer(site_tree, [cameras])
    second = explainer(site_tree, [cameras])
    draft = ArticlePageFactory(parent=site_tree.index, topics=[cameras], live=False)

    def count():
        return Topic.objects.get(pk=cameras.pk).explainer_count

    assert count() == 2
    first.unpublish()
    assert count() == 1
    second.delete()
    assert count() == 0
    publish(draft)
    assert count() == 1


def test_a_topic_translated_from_another_language_starts_with_no_explainers(site_tree):
    cameras = TopicFactory(name="Cameras")
    explainer(site_tree, [cameras])
    from wagtail.models import Locale

    chinese = Locale.objects.get_or_create(language_code="zh-hans")[0]

    copy = Topic.objects.get(pk=cameras.pk).copy_for_translation(chinese)
    copy.save()

    assert Topic.objects.get(pk=cameras.pk).explainer_count == 1
    assert copy.explainer_count == 0

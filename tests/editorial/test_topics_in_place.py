"""Topics found or added from the article form, through the Topic chooser's own views."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Locale, Page

from content.models import Topic
from tests.content.factories import TopicFactory

pytestmark = pytest.mark.django_db


def create_topic(client, **fields):
    """Post the chooser's "Add a new topic" form; the chooser answers in JSON."""
    data = {"name": "", "slug": "", "description": ""} | fields
    response = client.post(reverse("wagtailsnippetchoosers_content_topic:create"), data)
    assert response.status_code == 200
    return response.json()


def test_the_article_form_offers_to_find_or_add_a_topic(client, editor, draft_article):
    TopicFactory(name="Surveillance in China")
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[draft_article.pk]))
    soup = BeautifulSoup(response.content, "html.parser")
    topics = soup.select_one("[data-topic-chooser-url]")
    chooser_url = reverse("wagtailsnippetchoosers_content_topic:choose")
    assert topics["data-topic-chooser-url"] == f"{chooser_url}?locale=en"
    assert topics.select_one("input[type=checkbox][name=topics]")  # works without JavaScript
    button = topics.select_one("button[data-topic-add]")
    assert button.get_text(strip=True) == "Find or add a topic"
    scripts = [script.get("src", "") for script in soup.select("script[src]")]
    assert any("content/js/topic-chooser.js" in src for src in scripts)


def test_an_editor_adds_a_topic_in_the_chooser_and_gets_it_back_to_tick(client, editor, site_tree):
    client.force_login(editor)
    answer = create_topic(client, name="Predictive policing", description="Where to look.")
    assert answer["step"] == "chosen"
    topic = Topic.objects.get(name="Predictive policing")
    assert str(answer["result"]["id"]) == str(topic.pk)
    assert answer["result"]["string"] == "Predictive policing"
    assert topic.slug == "predictive-policing"


def test_a_topic_whose_name_makes_no_address_is_refused_with_a_message(client, editor, site_tree):
    client.force_login(editor)
    answer = create_topic(client, name="人脸识别")
    assert answer["step"] != "chosen"
    assert "has no letters or digits to make one from" in answer["htmlFragment"]
    assert not Topic.objects.filter(name="人脸识别").exists()
    # With an address of its own it is added.
    assert create_topic(client, name="人脸识别", slug="face-recognition")["step"] == "chosen"


def test_a_topic_whose_address_is_taken_is_refused_with_a_message(client, editor, site_tree):
    TopicFactory(name="AI", slug="ai")
    client.force_login(editor)
    answer = create_topic(client, name="A.I.")
    assert answer["step"] != "chosen"
    assert "Another topic already has the web address “ai”" in answer["htmlFragment"]
    assert Topic.objects.filter(slug="ai").count() == 1


def test_a_chinese_article_offers_only_chinese_topics(client, editor, draft_article):
    """The checkboxes, the chooser's list and a topic added in it are in the page's language."""
    chinese, _ = Locale.objects.get_or_create(language_code="zh-hans")
    TopicFactory(name="China", slug="china")
    TopicFactory(name="中国", slug="zhongguo", locale=chinese)
    tree = draft_article.get_ancestors(inclusive=True).filter(depth__gt=1)
    Page.objects.filter(pk__in=[page.pk for page in tree]).update(locale=chinese)
    client.force_login(editor)

    response = client.get(reverse("wagtailadmin_pages:edit", args=[draft_article.pk]))
    topics = BeautifulSoup(response.content, "html.parser").select_one("[data-topic-chooser-url]")
    labels = [label.get_text(strip=True) for label in topics.select("label")]
    assert labels == ["中国"]
    # A topic already chosen in another language stays (and can be unticked).
    draft_article.refresh_from_db()
    draft_article.topics.set([Topic.objects.get(slug="china")])
    draft_article.save_revision(user=editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[draft_article.pk]))
    topics = BeautifulSoup(response.content, "html.parser").select_one("[data-topic-chooser-url]")
    labels = [label.get_text(strip=True) for label in topics.select("label")]
    assert labels == ["China", "中国"]
    chooser_url = topics["data-topic-chooser-url"]
    assert chooser_url.endswith("?locale=zh-hans")

    answer = client.get(chooser_url).json()
    listing = BeautifulSoup(answer["html"], "html.parser")
    names = [link.get_text(strip=True) for link in listing.select("a[data-chooser-modal-choice]")]
    assert names == ["中国"]
    assert listing.select_one("select[name=locale]") is None  # no way to widen it
    results = client.get(
        reverse("wagtailsnippetchoosers_content_topic:choose_results"),
        {"locale": "zh-hans", "q": ""},
    )
    assert "China" not in results.content.decode()

    create_url = reverse("wagtailsnippetchoosers_content_topic:create") + "?locale=zh-hans"
    data = {"name": "人脸识别", "slug": "renlian-shibie", "description": ""}
    assert client.post(create_url, data).json()["step"] == "chosen"
    assert Topic.objects.get(name="人脸识别").locale == chinese

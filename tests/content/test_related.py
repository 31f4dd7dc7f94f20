"""Related explainers at the end of an article: editors' picks, then shared topics, then newest."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from content.models.pages import RelatedArticle
from tests.content.factories import ArticlePageFactory, SiteImageFactory, TopicFactory, publish
from tests.editorial.conftest import approve_fact_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics():
    return TopicFactory(name="Facial recognition"), TopicFactory(name="China")


def make_article(site_tree, title, published, topics=(), **kwargs):
    page = ArticlePageFactory(
        parent=site_tree.index,
        title=title,
        first_published=published,
        topics=list(topics),
        **kwargs,
    )
    return publish(page)


@pytest.fixture
def articles(site_tree, topics):
    faces, china = topics
    return {
        "main": make_article(site_tree, "Main", datetime.date(2025, 6, 1), [faces, china]),
        "both": make_article(site_tree, "Shares both", datetime.date(2024, 1, 1), [faces, china]),
        "one": make_article(site_tree, "Shares one", datetime.date(2025, 1, 1), [china]),
        "none_new": make_article(site_tree, "Shares none, newest", datetime.date(2025, 5, 1)),
        "none_old": make_article(site_tree, "Shares none, oldest", datetime.date(2023, 1, 1)),
    }


def titles(pages):
    return [page.title for page in pages]


def test_more_shared_topics_rank_first_then_the_newest(articles):
    related = articles["main"].related_articles()

    assert titles(related) == ["Shares both", "Shares one", "Shares none, newest"]


def test_without_topics_the_newest_explainers_are_shown(site_tree, articles):
    lonely = make_article(site_tree, "No topics", datetime.date(2022, 1, 1))

    assert titles(lonely.related_articles()) == ["Main", "Shares none, newest", "Shares one"]


def test_editors_picks_come_first_in_their_order(articles):
    main = articles["main"]
    main.related_article_picks.add(RelatedArticle(article=articles["none_old"]))
    main.related_article_picks.add(RelatedArticle(article=articles["none_new"]))
    publish(main)

    related = main.related_articles()

    assert titles(related) == ["Shares none, oldest", "Shares none, newest", "Shares both"]


def test_an_article_is_never_related_to_itself(articles):
    main = articles["main"]
    main.related_article_picks.add(RelatedArticle(article=main))
    publish(main)

    assert "Main" not in titles(main.related_articles())
    assert len(main.related_articles()) == 3


def test_unpublished_and_private_explainers_are_not_shown(articles):
    articles["both"].unpublish()
    restriction = PageViewRestriction.objects.create(
        page=articles["one"], restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.create(name="Insiders")])
    main = articles["main"]
    main.related_article_picks.add(RelatedArticle(article=articles["both"]))
    publish(main)

    assert titles(main.related_articles()) == ["Shares none, newest", "Shares none, oldest"]


def test_query_count_does_not_grow_with_the_number_of_articles(client, site_tree, topics):
    main = make_article(site_tree, "Main", datetime.date(2025, 6, 1), topics)

    def add_articles(count, start):
        for number in range(count):
            make_article(
                site_tree,
                f"Related {start + number}",
                datetime.date(2024, 1, 1) + datetime.timedelta(days=start + number),
                topics,
                hero_image=SiteImageFactory(),
            )

    def queries_to_render():
        client.get(main.url)  # first view: renditions and the social card are made
        with CaptureQueriesContext(connection) as queries:
            response = client.get(main.url)
        assert len(BeautifulSoup(response.content, "html.parser").select(".related__item")) == 3
        return len(queries)

    add_articles(3, start=0)
    few = queries_to_render()
    add_articles(9, start=10)
    many = queries_to_render()

    assert many == few
    with CaptureQueriesContext(connection) as queries:
        main.related_articles()
    assert len(queries) <= 6


def test_related_explainers_are_shown_before_the_discussion(client, articles):
    soup = BeautifulSoup(client.get(articles["main"].url).content, "html.parser")

    section = soup.select_one("section.related")
    assert section.select_one("h2").get_text(strip=True) == "Read next"
    links = [(a.get_text(strip=True), a["href"]) for a in section.select("h3 a")]
    assert links == [
        ("Shares both", articles["both"].url),
        ("Shares one", articles["one"].url),
        ("Shares none, newest", articles["none_new"].url),
    ]
    after = section.find_all_next(id="comments")
    assert after, "the discussion should follow the related explainers"


def test_editor_picks_a_related_explainer_in_the_related_panel(client, articles):
    editor = get_user_model().objects.create_superuser(
        username="editor", email="editor@example.org", password="a long test password"
    )
    client.force_login(editor)
    main = articles["main"]
    edit_url = reverse("wagtailadmin_pages:edit", args=(main.pk,))
    rendered = client.get(edit_url)
    assert rendered.status_code == 200
    assert "Related" in rendered.content.decode()
    data = querydict_from_html(rendered.content.decode(), form_id="page-edit-form").dict()
    data.update(
        {
            "related_article_picks-TOTAL_FORMS": "1",
            "related_article_picks-0-id": "",
            "related_article_picks-0-ORDER": "1",
            "related_article_picks-0-DELETE": "",
            "related_article_picks-0-article": str(articles["none_old"].pk),
            "action-submit": "submit",
        }
    )
    # The body editor is drawn by JavaScript: send the body as the editor would.
    data.update(
        nested_form_data(
            {"body": streamfield([("paragraph", rich_text("<p>A short article.</p>"))])}
        )
    )

    response = client.post(edit_url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    approve_fact_check(main)  # the pick goes live with the fact check
    main.refresh_from_db()
    assert titles(main.related_articles())[0] == "Shares none, oldest"

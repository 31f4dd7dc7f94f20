"""The page form's "Other languages" box, and the demo's Chinese pages edited as ordinary
pages (not wagtail-localize synced translations, whose sync would write the English over
them): docs/translation.md, "Updating a translation"."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from wagtail_localize.models import Translation, TranslationSource

from content.models import ArticlePage
from tests.content.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("ada", "ada@example.org", "a long password")
    client.force_login(user)
    return client


def edit_form(client, page):
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_english_form_links_to_the_chinese_page_and_back(admin_client, demo_site):
    english = ArticlePage.objects.get(locale__language_code="en")
    chinese = ArticlePage.objects.get(locale__language_code="zh-hans")

    panel = edit_form(admin_client, english).select_one("[data-translations-panel]")
    link = panel.find("a", string="This page in 简体中文: edit")
    assert link["href"] == f"/admin/pages/{chinese.pk}/edit/"
    assert panel.select_one("span[lang='zh-hans']").get_text() == chinese.title

    form = edit_form(admin_client, chinese)
    back_panel = form.select_one("[data-translations-panel]")
    back = back_panel.find("a", string="This page in English: edit")
    assert back["href"] == f"/admin/pages/{english.pk}/edit/"
    # Wagtail's own editor (the body's rich text), not wagtail-localize's segment editor.
    assert form.select_one("input[name='title']")["value"] == chinese.title
    assert form.find(attrs={"data-contentpath": "body"}) is not None


def test_the_demo_chinese_pages_are_not_synced_translations(demo_site):
    english = ArticlePage.objects.get(locale__language_code="en")
    assert not TranslationSource.objects.filter(object_id=english.translation_key).exists()
    assert not Translation.objects.exists()


def test_a_page_in_one_language_only_has_no_box(admin_client, site_tree):
    article = ArticlePageFactory(parent=site_tree.index, title="Only in English")
    assert edit_form(admin_client, article).select_one("[data-translations-panel]") is None


def test_the_box_says_when_the_other_version_has_unpublished_changes(admin_client, demo_site):
    english = ArticlePage.objects.get(locale__language_code="en")
    chinese = ArticlePage.objects.get(locale__language_code="zh-hans")
    chinese.standfirst = "一处尚未发布的修改。"
    chinese.save_revision()

    panel = edit_form(admin_client, english).select_one("[data-translations-panel]")
    assert "has unpublished changes" in panel.get_text()

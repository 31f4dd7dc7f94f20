"""Social cards in the page's language: a Chinese page's card is set in a CJK font from an
operating-system package (fonts-noto-cjk), its title wrapped by character with the Chinese
line-breaking rules; without such a font, the card shows the site's name and no title."""

import os
from io import BytesIO
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import default_storage
from PIL import Image, ImageChops
from wagtail.models import Locale, Page

from content import social
from tests.content.factories import ArticlePageFactory, paragraph, publish

pytestmark = pytest.mark.django_db

TITLE = "重庆：一座被摄像头注视的城市——数字、规则与争论（以及我们不知道的事）"


def _require_cjk_font():
    """Skip without a CJK font, except in CI, which installs fonts-noto-cjk: there a
    missing font fails the test instead of hiding it."""
    if social.cjk_font_file("serif") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("No CJK font: CI installs fonts-noto-cjk (.ci/run)")
        pytest.skip("No CJK font installed (apt-get install fonts-noto-cjk)")


@pytest.fixture(autouse=True)
def fresh_font_lookup():
    social.cjk_font_file.cache_clear()
    yield
    social.cjk_font_file.cache_clear()


@pytest.fixture
def no_cjk_font(settings):
    settings.SOCIAL_CARD_CJK_FONT = "/nonexistent/no-such-font.ttc"
    social.cjk_font_file.cache_clear()


def _differs(first, second):
    return ImageChops.difference(first, second).getbbox() is not None


def test_the_cjk_font_is_found_and_its_simplified_chinese_face_is_used():
    _require_cjk_font()
    font = social._cjk_font(social.cjk_font_file("serif"), 40)
    assert font.getname()[0].endswith("CJK SC")
    # It has the glyphs: 监 and 控 are drawn differently (no one shared "missing" box).
    assert font.getmask("监").getbbox() != font.getmask("控").getbbox() or (
        bytes(font.getmask("监")) != bytes(font.getmask("控"))
    )


def test_a_chinese_card_draws_the_title_in_the_cjk_font(no_cjk_font, settings):
    fallback = social.draw_social_card(TITLE, None, "监控解读", "zh-hans", "解读文章")
    settings.SOCIAL_CARD_CJK_FONT = ""
    social.cjk_font_file.cache_clear()
    _require_cjk_font()
    card = social.draw_social_card(TITLE, None, "监控解读", "zh-hans", "解读文章")
    assert card.size == (1200, 630)
    assert _differs(card, fallback)
    # The title's column (left of the large mark, below the label) has ink in it.
    title_area = card.crop((64, 240, 860, 600)).convert("L")
    assert title_area.getextrema()[0] < 80
    blank_area = fallback.crop((64, 240, 860, 600)).convert("L")
    assert blank_area.getextrema()[0] > 200


def test_without_a_cjk_font_the_card_has_the_latin_site_name_and_no_title(no_cjk_font, caplog):
    card = social.draw_social_card(TITLE, None, "监控解读", "zh-hans", "解读文章")
    latin_only = social.draw_social_card("", None, social.SITE_NAME_FALLBACK, "zh-hans", "")
    assert not _differs(card, latin_only)
    assert "no CJK font" in caplog.text
    # The name is there (ink at the top left), the title area is blank paper.
    assert card.crop((110, 60, 420, 100)).convert("L").getextrema()[0] < 80
    assert card.crop((64, 170, 860, 600)).convert("L").getextrema()[0] > 200


def test_an_english_card_is_unchanged_by_the_cjk_font_setting(no_cjk_font, settings):
    without = social.draw_social_card("Cameras on the bridge", None, "Surveillance, Explained")
    settings.SOCIAL_CARD_CJK_FONT = ""
    social.cjk_font_file.cache_clear()
    with_font = social.draw_social_card("Cameras on the bridge", None, "Surveillance, Explained")
    assert not _differs(without, with_font)


@pytest.mark.parametrize("width", range(120, 820, 7))
def test_chinese_wrapping_keeps_closing_marks_off_line_starts(width):
    _require_cjk_font()
    font = social._cjk_font(social.cjk_font_file("serif"), 56)
    text = "监控摄像头，人脸识别、车牌识别；还有「天网」（Skynet 工程）：谁在看？谁来管！"
    lines = social.wrap_cjk(text, font, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines[1:]:
        assert line[0] not in social.NO_LINE_START, lines
    for line in lines[:-1]:
        assert line[-1] not in social.NO_LINE_END, lines
    # A Latin word is never cut in two.
    assert any("Skynet" in line for line in lines), lines


def test_a_closing_mark_that_would_start_a_line_takes_the_character_before_it_along():
    _require_cjk_font()
    font = social._cjk_font(social.cjk_font_file("serif"), 50)
    width = font.getlength("一二三四")  # four characters fit; the fifth is "。"
    assert social.wrap_cjk("一二三四。五六", font, width) == ["一二三", "四。五六"]
    assert social.wrap_cjk("一二三「四五六", font, width) == ["一二三", "「四五六"]


@pytest.fixture
def chinese_article(site_tree):
    chinese, _ = Locale.objects.get_or_create(language_code="zh-hans")
    article = ArticlePageFactory(
        parent=site_tree.index,
        title="重庆：摄像头之城",
        slug="chongqing",
        body=[paragraph("<p>每条论点都标明了出处。</p>")],
    )
    tree = article.get_ancestors(inclusive=True).filter(depth__gt=1)
    Page.objects.filter(pk__in=[page.pk for page in tree]).update(locale=chinese)
    article.refresh_from_db()
    return publish(article)


def test_a_chinese_page_names_a_chinese_card_whose_key_has_the_language(client, chinese_article):
    _require_cjk_font()
    response = client.get(chinese_article.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    image_url = soup.find("meta", property="og:image")["content"]
    assert soup.find("meta", property="og:site_name")["content"] == "监控解读"
    name = urlsplit(image_url).path.removeprefix("/media/")
    assert default_storage.exists(name)

    # The same title in English gives another card (the key includes the language).
    english_key = social._card_key(chinese_article.title, None, "en")
    assert english_key != social.social_card_key(chinese_article)
    with default_storage.open(name) as handle:
        card = Image.open(BytesIO(handle.read())).convert("RGB")
    assert _differs(card, social.draw_social_card(chinese_article.title, None))
    assert not _differs(
        card,
        social.draw_social_card(chinese_article.title, None, "监控解读", "zh-hans", "解读文章"),
    )


def test_a_chinese_title_is_not_left_with_one_character_on_its_last_line():
    _require_cjk_font()
    title = "重庆：一座超大城市如何监控它的居民"
    font, lines = social._fit_title(title, 1200 - 500 - 2 * 64, False, social.cjk_font_file())
    assert "".join(lines) == title
    assert len(lines[-1]) > 1, lines

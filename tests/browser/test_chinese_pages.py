"""Chinese pages in Chromium: set in Chinese type, and the words the scripts write (Copy
link, the character counter, Replying to…, the "remember me" notes) in Chinese, because
the templates pass them as translated data- attributes and the scripts read them.

The language comes from the address: the Chinese tests serve the article from a Chinese
tree, under /zh-hans/, as a reader of the Chinese pages gets it.
"""

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from comments.models import CommentSettings
from content.models import ArticleIndexPage, HomePage
from tests.comments.factories import CommentFactory
from tests.content.factories import ArticlePageFactory, heading, paragraph

# live_server needs committed data, so each test ends by emptying the database.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def article():
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(django_settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=HomePage(title="首页", slug="home-words", statement="监控解读"))
    site, _ = Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost", "port": 80}
    )
    CommentSettings.objects.update_or_create(site=site, defaults={"min_fill_seconds": 0})
    index = home.add_child(instance=ArticleIndexPage(title="解读", slug="jiedu"))
    return ArticlePageFactory(
        parent=index,
        title="重庆：摄像头之城",
        slug="chongqing",
        body=[
            heading("这座城市"),
            paragraph("<p>每条论点都标为<em>有报道</em>：它来自我们引用的报道。</p>"),
        ],
    )


@pytest.fixture
def in_chinese(article):
    """The article and the pages above it in Simplified Chinese: served under /zh-hans/,
    where the address gives the reader the Chinese interface."""
    chinese, _ = Locale.objects.get_or_create(language_code="zh-hans")
    tree = article.get_ancestors(inclusive=True).filter(depth__gt=1)
    Page.objects.filter(pk__in=[page.pk for page in tree]).update(locale=chinese)
    article.locale = chinese
    assert article.url.startswith("/zh-hans/")


@pytest.fixture
def clipboard_page(browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    yield context.new_page()
    context.close()


def test_copy_link_counter_and_reply_note_are_in_chinese(
    live_server, article, in_chinese, clipboard_page
):
    page = clipboard_page
    CommentFactory(article=article, display_name="小梅", body="到处都是摄像头。")
    page.goto(live_server.url + article.url)

    copy = page.get_by_role("button", name="复制链接")
    copy.click()
    expect(page.locator("[data-share-status]")).to_have_text("链接已复制。")

    expect(page.locator("#id_body-counter")).to_have_text("还可输入 5,000 个字符（上限 5,000 个）")
    page.fill("#id_body", "谁来决定录像保存多久？")
    expect(page.locator("#id_body-counter")).to_have_text("还可输入 4,989 个字符（上限 5,000 个）")
    page.fill("#id_body", "监" * 5003)
    expect(page.locator("#id_body-counter")).to_have_text("超出 3 个字符（上限 5,000 个）")

    page.locator("[data-reply]").click()
    expect(page.locator("[data-replying-note]")).to_have_text("回复 小梅")


def test_remembering_and_forgetting_the_private_link_is_said_in_chinese(
    live_server, article, in_chinese, page
):
    page.goto(live_server.url + article.url)
    page.fill("#id_body", "谁来决定录像保存多久？")
    page.fill("#id_display_name", "小梅")
    page.get_by_role("button", name="发送评论").click()
    page.wait_for_load_state()

    page.get_by_role("button", name="在这台设备上记住我").click()
    remember = page.locator("[data-remember-button]")
    expect(remember).to_have_text("已在这台设备上记住你")
    expect(remember).to_be_disabled()

    page.goto(live_server.url + article.url)
    note = page.locator("form#comment-form .comment-form__remembered")
    expect(note).to_contain_text("这个浏览器记住了你的专属链接，所以这条评论会归入其中。")
    page.get_by_role("button", name="在这台设备上忘记我").click()
    expect(note).to_have_text("已忘记。这个浏览器里不再保存任何关于你的信息。")


def test_english_pages_keep_the_english_words(live_server, article, clipboard_page):
    page = clipboard_page
    page.goto(live_server.url + article.url)
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator("[data-share-status]")).to_have_text("Link copied.")
    page.fill("#id_body", "x" * 5002)
    expect(page.locator("#id_body-counter")).to_have_text(
        "2 characters too many (the limit is 5,000)"
    )


def style(page, selector, *properties):
    return page.eval_on_selector(
        selector,
        "(element, names) => names.map(name => getComputedStyle(element)[name])",
        list(properties),
    )


def test_chinese_pages_are_set_in_chinese_system_fonts_with_room_between_lines(
    live_server, article, in_chinese, page
):
    page.goto(live_server.url + article.url)
    font, size, line_height = style(page, ".prose p", "fontFamily", "fontSize", "lineHeight")
    assert font.startswith('"Songti SC", STSong, "Noto Serif CJK SC"')
    assert "SimSun" in font
    assert float(line_height[:-2]) == pytest.approx(1.8 * float(size[:-2]), abs=0.5)
    assert style(page, ".prose p", "textAlign", "lineBreak") == ["justify", "strict"]

    font, spacing = style(page, "h1", "fontFamily", "letterSpacing")
    assert font.startswith('"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei"')
    assert spacing in ("0px", "normal")
    emphasis = style(page, ".prose em", "fontStyle", "textEmphasisStyle")
    assert emphasis in (["normal", "dot"], ["normal", "filled dot"])
    # About 38 characters a line at the body size.
    width, size = style(page, ".prose p", "width", "fontSize")
    assert 36 <= float(width[:-2]) / float(size[:-2]) <= 40
    # No font is fetched: the Chinese fonts are the reader's own.
    fonts = page.evaluate("[...document.fonts].map(font => font.family)")
    assert not [family for family in fonts if "CJK" in family or "SC" in family]


def test_english_pages_keep_their_typography(live_server, article, page):
    page.goto(live_server.url + article.url)
    font, size, line_height = style(page, ".prose p", "fontFamily", "fontSize", "lineHeight")
    assert font.startswith('"Source Serif 4"')
    assert float(line_height[:-2]) == pytest.approx(1.65 * float(size[:-2]), abs=0.5)
    assert style(page, ".prose em", "fontStyle") == ["italic"]

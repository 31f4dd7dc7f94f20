"""Chinese search: what a reader sees on /search/ for a query in Chinese (issue 13, item 5).

The demo site is loaded with its Chinese explainer (fixtures/demo.zh-hans.json, the text
readers get), beside the English one; a second Chinese explainer on another subject
mentions the same words once each, so the Chongqing explainer must come first on merit.
Runs on SQLite (FTS5) and PostgreSQL (full-text search) alike.
"""

import pytest
from django.db import connection

from content.cjk import bigrams, cjk_query, cjk_terms, has_cjk, runs
from content.models import ArticleIndexPage, ArticlePage
from content.search import chinese_fallback_pattern, highlight_pattern, make_snippet
from tests.content.factories import ArticlePageFactory, StandardPageFactory, paragraph, publish
from tests.content.test_search import result_titles, search

pytestmark = pytest.mark.django_db

CHONGQING_ZH = "重庆：一座超大城市如何监控它的居民"
CHONGQING_EN = "Chongqing: how a megacity watches its people"
LONDON_ZH = "伦敦的摄像头"
CHONGQING_ZH_URL = "/zh-hans/jiedu/chongqing-jiankong/"


# An explainer of a realistic length that names each searched word once, in passing.
LONDON_PARAGRAPHS = [
    "商店、公交车、地铁站和住宅区的门口都装有闭路电视，其中绝大多数属于私人业主，"
    "而不是警方。英国的监控是分散的：地方议会管理街头的摄像头，交通部门管理道路上的"
    "车牌识别系统，商店自行决定录像保存多久。",
    "信息专员办公室负责监督这些数据的使用，并发布了行为准则：装摄像头的人必须说明目的，"
    "录像只能保存必要的时间，路人有权查看拍到自己的画面。",
    "近年来，伦敦警方在一些街区试用了实时人脸识别摄像头，把路人的面孔与通缉名单比对。"
    "支持者说，这帮助警方找到了被通缉的人；批评者则指出，系统会认错人，而且大多数被"
    "扫描的人从未被告知。",
    "与重庆不同，英国没有社会信用体系，但民权组织担心，越来越多的数据库连接起来之后，"
    "同样的技术会被用于更广泛的目的。法院曾裁定，一个警察局使用这项技术的方式违反了"
    "隐私法，此后警方修改了规则。",
    "摄像头是否真的减少了犯罪？研究的结论并不一致：在停车场等封闭场所效果较明显，"
    "在开放的街道上则不那么明显。",
]


@pytest.fixture
def chinese_site(demo_site):
    """The demo as `make run` loads it: the English tree and its Chinese translation, whose
    explainer lives under /zh-hans/ (a tree of its own, beside the English home)."""
    assert ArticlePage.objects.get(locale__language_code="zh-hans").url == CHONGQING_ZH_URL


@pytest.fixture
def london(chinese_site):
    """A second Chinese explainer, on London, naming each searched word once."""
    ArticlePageFactory(
        parent=ArticleIndexPage.objects.get(locale__language_code="zh-hans"),
        title=LONDON_ZH,
        slug="lundun-shexiangtou",
        standfirst="伦敦是欧洲摄像头最密集的城市之一，但这些摄像头大多不属于警方。",
        body=[paragraph(f"<p>{text}</p>") for text in LONDON_PARAGRAPHS],
    )
    assert ArticlePage.objects.live().count() == 3


def snippet_of(soup, title):
    for item in soup.select(".search__results .search-result"):
        if item.select_one(".search-result__title").get_text(strip=True) == title:
            return item.select_one(".search-result__snippet")
    raise AssertionError(f"{title} is not among the results")


# --- What the reader finds ---------------------------------------------------------------


@pytest.mark.parametrize("query", ["重庆", "人脸识别", "社会信用"])
def test_a_chinese_word_finds_the_chinese_explainer_first(client, chinese_site, query):
    _, soup = search(client, query)
    assert result_titles(soup) == [CHONGQING_ZH]  # the English pages hold no Chinese
    assert soup.select_one(".search__summary").get_text(" ", strip=True) == (
        f"1 result for {query} ."
    )
    link = soup.select_one(".search-result__title a")
    assert link["href"] == CHONGQING_ZH_URL


@pytest.mark.xfail(
    connection.vendor == "sqlite",
    reason="Wagtail's SQLite backend multiplies each page's whole BM25 score by its title's "
    "length norm (average title length / this title's length), wherever the words matched: "
    "a page with a short title wins. PostgreSQL weighs the title's own matches.",
    strict=True,
)
@pytest.mark.parametrize("query", ["重庆", "人脸识别", "社会信用"])
def test_the_explainer_about_a_word_ranks_above_one_naming_it_in_passing(client, london, query):
    _, soup = search(client, query)
    assert result_titles(soup) == [CHONGQING_ZH, LONDON_ZH]


@pytest.mark.parametrize("query", ["人脸识别", "社会信用"])
def test_the_snippet_shows_the_chinese_text_around_the_word_marked(client, chinese_site, query):
    _, soup = search(client, query)
    snippet = snippet_of(soup, CHONGQING_ZH)
    marks = [word for mark in snippet.find_all("mark") for word in mark.get_text().split()]
    assert marks and set(marks) == {query}
    text = snippet.get_text()
    assert f"{query[:2]} {query[1:3]}" not in text  # the text, not the pairs indexed
    # About 120 Chinese characters (240 columns), cut around the word.
    assert 40 < len(text.strip("… ")) <= 130


def test_a_chinese_word_in_no_page_finds_nothing_and_says_so(client, chinese_site):
    _, soup = search(client, "量子计算")
    assert result_titles(soup) == []
    assert soup.select_one(".search__summary").get_text(" ", strip=True) == (
        "Nothing found for 量子计算 ."
    )
    assert soup.select_one("#no-results-heading").get_text(strip=True) == "No results"


def test_characters_of_a_word_found_apart_are_not_the_word(client, site_tree):
    """Every pair must match: 人脸 and 识别 far apart are not 人脸识别."""
    ArticlePageFactory(
        parent=site_tree.index,
        title="人脸与指纹",
        standfirst="人脸是一种生物特征。",
        body=[paragraph("<p>指纹识别早已普及。</p>")],
    )
    _, soup = search(client, "人脸识别")
    assert result_titles(soup) == []
    _, soup = search(client, "指纹识别")
    assert result_titles(soup) == ["人脸与指纹"]


def test_an_english_and_chinese_query_finds_the_pages_in_either_language(client, london):
    _, soup = search(client, "Chongqing 重庆")
    titles = result_titles(soup)
    assert {CHONGQING_ZH, CHONGQING_EN, LONDON_ZH} == set(titles)
    assert snippet_of(soup, CHONGQING_ZH).find("mark").get_text() == "重庆"
    assert snippet_of(soup, CHONGQING_EN).find("mark").get_text() == "Chongqing"


def test_english_queries_still_find_the_english_explainer(client, chinese_site):
    _, soup = search(client, "facial recognition")
    assert result_titles(soup)[0] == CHONGQING_EN
    _, soup = search(client, "megacity")
    assert result_titles(soup) == [CHONGQING_EN]


def test_a_chinese_word_found_in_an_english_page_and_a_plain_page(client, site_tree):
    ArticlePageFactory(
        parent=site_tree.index,
        title="Skynet, China's camera network",
        standfirst="The network is called 天网 (tiān wǎng), “sky net”.",
    )
    StandardPageFactory(
        parent=site_tree.home,
        title="关于本站",
        slug="guanyu",
        introduction="我们为每一项论断注明来源。",
        body=[paragraph("<p>天网是中国的监控摄像头网络。</p>")],
    )
    _, soup = search(client, "天网")
    assert set(result_titles(soup)) == {"Skynet, China's camera network", "关于本站"}
    snippet = snippet_of(soup, "Skynet, China's camera network")
    assert str(snippet.find("mark")) == "<mark>天网</mark>"
    _, soup = search(client, "注明来源")
    assert result_titles(soup) == ["关于本站"]


def test_a_chinese_word_in_the_title_ranks_above_one_in_the_text(client, site_tree):
    ArticlePageFactory(
        parent=site_tree.index,
        title="巡逻机器人",
        standfirst="机器人走上街头。",
        body=[paragraph("<p>它们在广场上巡逻。</p>")],
    )
    ArticlePageFactory(
        parent=site_tree.index,
        title="城市里的机器",
        standfirst="街上有摄像头，也有巡逻机器人。",
        body=[paragraph("<p>还有无人机。</p>")],
    )
    _, soup = search(client, "巡逻机器人")
    assert result_titles(soup) == ["巡逻机器人", "城市里的机器"]


def test_a_quoted_chinese_phrase_must_stand_whole(client, site_tree):
    ArticlePageFactory(
        parent=site_tree.index,
        title="社会信用体系",
        standfirst="社会信用体系给企业打分。",
    )
    ArticlePageFactory(
        parent=site_tree.index,
        title="信用与社会",
        standfirst="社会会信用吗？信用社会如何运转。",  # every pair of 社会信用, never together
    )
    _, soup = search(client, "社会信用")
    assert result_titles(soup)[0] == "社会信用体系"
    _, soup = search(client, '"社会信用"')
    assert result_titles(soup) == ["社会信用体系"]


def test_two_chinese_words_written_together_find_a_page_with_them_apart(client, site_tree):
    """深圳人脸识别 has a pair across the join (圳人) that a page saying 深圳的…人脸识别 lacks:
    when nothing has every pair, every pair but one is searched."""
    ArticlePageFactory(
        parent=site_tree.index,
        title="深圳路口的曝光屏",
        standfirst="在深圳的一些路口，人脸识别系统辨认闯红灯的行人。",
    )
    ArticlePageFactory(parent=site_tree.index, title="深圳的天气", standfirst="深圳的冬天很暖和。")
    for _ in range(2):  # the second time from the cache
        _, soup = search(client, "深圳人脸识别")
        assert result_titles(soup) == ["深圳路口的曝光屏"]
        marks = [mark.get_text() for mark in soup.select(".search-result__snippet mark")]
        assert marks == ["深圳", "人脸识别"]
    together = ArticlePageFactory(
        parent=site_tree.index,
        title="另一篇",
        standfirst="深圳人脸识别系统的报道。",
        live=False,
    )
    publish(together)
    _, soup = search(client, "深圳人脸识别")
    assert result_titles(soup) == ["另一篇"]  # every pair found: nothing relaxed


@pytest.mark.parametrize("query", ["脸", "重庆 ", "（重庆）", "“人脸识别”", "重" * 300, "𠀀𠀁"])
def test_odd_chinese_queries_show_a_page_not_an_error(client, chinese_site, query):
    search(client, query)


# --- The pieces ----------------------------------------------------------------------------


def test_cjk_terms_cuts_han_runs_into_overlapping_pairs():
    assert cjk_terms("人脸识别") == "人脸 脸识 识别"
    assert cjk_terms("重庆，人脸识别 AI 监控！") == "重庆 人脸 脸识 识别 AI 监控"
    assert cjk_terms("网 cameras 天网") == "网 cameras 天网"  # a lone character stays
    assert cjk_terms("重庆 AI监控", latin=False) == "重庆 监控"
    assert cjk_terms("Only English here.", latin=False) == ""


def test_cjk_query_and_has_cjk():
    assert cjk_query("人脸识别") == "人脸 脸识 识别"
    assert cjk_query("Chongqing 重庆") == "重庆"
    assert cjk_query("cameras") == ""
    assert has_cjk("AI监控") and has_cjk("𠀀") and not has_cjk("cameras, 2025") and not has_cjk("")
    assert runs("AI监控") == [(False, "AI"), (True, "监控")]
    assert bigrams("网") == ["网"] and bigrams("") == []


def test_chinese_marks_stand_whole_and_english_ones_stop_at_chinese():
    pattern = highlight_pattern("识别 AI")
    snippet = make_snippet("重庆用AI识别人脸，MAIL不算。", pattern)
    assert str(snippet) == "重庆用<mark>AI识别</mark>人脸，MAIL不算。"
    assert chinese_fallback_pattern("重庆") is None  # one pair: the word itself
    fallback = chinese_fallback_pattern("人脸识别")
    assert str(make_snippet("识别人脸", fallback)) == "<mark>识别人脸</mark>"


def test_a_long_chinese_text_is_cut_near_the_word_at_a_comma_or_full_stop():
    text = (
        "这是一段很长的中文文字，没有空格。" * 20
        + "重庆的摄像头最多。"
        + "后面还有很多文字，没有空格。" * 20
    )
    snippet = str(make_snippet(text, highlight_pattern("重庆")))
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert "<mark>重庆</mark>" in snippet
    body = (
        snippet.removeprefix("… ").removesuffix(" …").replace("<mark>", "").replace("</mark>", "")
    )
    assert body[0] != "，" and body[-1] in "，。"  # starts after a break, ends on one
    assert len(body) <= 125
    assert 20 <= body.index("重庆") <= 36  # about 35 characters (70 columns) before it


def test_english_snippets_are_cut_as_before():
    text = ("Lorem ipsum dolor sit amet. " * 30) + "The word surveillance appears here. "
    snippet = str(make_snippet(text * 2, highlight_pattern("surveillance")))
    words = snippet.removeprefix("… ").removesuffix(" …").split(" ")
    assert words[0] in {"Lorem", "ipsum", "dolor", "sit", "amet."}  # whole words
    assert "<mark>surveillance</mark>" in snippet and len(snippet) < 300

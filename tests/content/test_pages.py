"""What a reader sees on every page type, and the markup contract readers' tools rely on."""

import datetime
from collections import Counter

import pytest
from bs4 import BeautifulSoup

from tests.content.factories import (
    ArticlePageFactory,
    SiteImageFactory,
    SourceFactory,
    StandardPageFactory,
    TopicFactory,
    argument,
    cite,
    heading,
    paragraph,
    pros_cons,
)

pytestmark = pytest.mark.django_db


def read(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, f"{url} returned {response.status_code}"
    return BeautifulSoup(response.content, "html.parser")


def duplicate_ids(soup):
    counts = Counter(element["id"] for element in soup.select("[id]"))
    return sorted(element_id for element_id, count in counts.items() if count > 1)


@pytest.fixture
def source():
    return SourceFactory(publisher="Daily Mail Online")


@pytest.fixture
def article(site_tree, source):
    """An article with a heading structure, inline citations and a pros/cons block."""
    topic = TopicFactory(name="Facial recognition")
    return ArticlePageFactory(
        parent=site_tree.index,
        title="How Chongqing watches its people",
        slug="chongqing",
        topics=[topic],
        body=[
            heading("The city"),
            paragraph(f"<p>Chongqing is {cite(source, 'a megacity')} in south-western China.</p>"),
            heading("Cameras on every corner"),
            heading("Who looks at the footage", level="h3"),
            paragraph("<p>Operators in control rooms.</p>"),
            pros_cons(
                pros=[argument("Faster response", [source]), argument("Deterrence", [source])],
                cons=[
                    argument("No privacy in public", [source]),
                    argument("Errors", [source]),
                    argument("Mission creep", [source]),
                ],
            ),
        ],
    )


# --- The markup contract ----------------------------------------------------------------


def test_pros_cons_block_and_its_arguments_follow_the_markup_contract(client, article):
    soup = read(client, article.url)

    blocks = soup.select(".pros-cons")
    assert len(blocks) == 1
    arguments = blocks[0].select("li[data-side]")
    assert [item["data-side"] for item in arguments] == ["pro", "pro", "con", "con", "con"]
    assert all(item.name == "li" for item in arguments)
    assert "Faster response" in arguments[0].get_text()
    assert "No privacy in public" in arguments[2].get_text()


def test_each_argument_shows_its_evidence_label(client, article):
    soup = read(client, article.url)

    labels = [
        item.select_one(".evidence").get_text(strip=True) for item in soup.select("li[data-side]")
    ]
    assert labels == ["Reported"] * 5


def test_each_pros_cons_block_has_class_pros_cons(client, site_tree, source):
    article = ArticlePageFactory(
        parent=site_tree.index,
        body=[
            pros_cons([argument("A", [source])], [argument("B", [source])], heading_text="One?"),
            paragraph("<p>Between the two.</p>"),
            pros_cons([argument("C", [source])], [argument("D", [source])], heading_text="Two?"),
        ],
    )

    soup = read(client, article.url)

    assert [block.h2.get_text(strip=True) for block in soup.select(".pros-cons")] == [
        "One?",
        "Two?",
    ]


def test_element_ids_are_unique_with_two_pros_cons_blocks(client, site_tree, source):
    """Each pros/cons section is labelled by its heading's id; two blocks must not share one."""
    article = ArticlePageFactory(
        parent=site_tree.index,
        body=[
            pros_cons([argument("A", [source])], [argument("B", [source])], heading_text="One?"),
            pros_cons([argument("C", [source])], [argument("D", [source])], heading_text="Two?"),
        ],
    )

    soup = read(client, article.url)

    assert duplicate_ids(soup) == []
    for block in soup.select(".pros-cons"):
        assert soup.find(id=block["aria-labelledby"]) is block.h2


def test_citation_markers_link_to_the_sources_list(client, article):
    soup = read(client, article.url)

    markers = soup.select("sup.citation a")
    assert len(markers) == 6  # one inline, one per argument
    assert {marker["href"] for marker in markers} == {"#source-1"}
    sources = soup.select_one("ol#sources")
    assert sources is not None
    assert sources.select_one("li#source-1") is not None


def test_article_has_one_h1_and_unique_ids(client, article):
    soup = read(client, article.url)

    assert [h1.get_text(strip=True) for h1 in soup.find_all("h1")] == [article.title]
    assert duplicate_ids(soup) == []


def test_article_headings_do_not_skip_a_level(client, article):
    soup = read(client, article.url)

    levels = [int(tag.name[1]) for tag in soup.select("main h1, main h2, main h3, main h4")]
    for previous, current in zip(levels, levels[1:], strict=False):
        assert current <= previous + 1, f"heading levels jump: {levels}"


def test_table_of_contents_lists_each_section_heading_with_a_working_anchor(client, article):
    soup = read(client, article.url)

    toc = soup.select_one("nav.toc")
    links = [(link.get_text(strip=True), link["href"]) for link in toc.select("a")]
    assert links[:2] == [
        ("The city", "#the-city"),
        ("Cameras on every corner", "#cameras-on-every-corner"),
    ]
    assert "Who looks at the footage" not in toc.get_text()  # h3: not a section
    for _, href in links:
        assert soup.find(id=href[1:]) is not None, f"contents link {href} points nowhere"


def test_table_of_contents_includes_the_pros_and_cons_section(client, article):
    """The pros/cons block is an h2 section of the article; a reader should be able to jump
    to the arguments from the contents."""
    soup = read(client, article.url)

    toc_texts = [link.get_text(strip=True) for link in soup.select("nav.toc a")]
    body_h2s = [h2.get_text(strip=True) for h2 in soup.select(".article-body h2")]
    missing = [text for text in body_h2s if text not in toc_texts]
    assert missing == [], f"h2 sections missing from the contents: {missing}"


def test_two_headings_with_the_same_text_get_distinct_anchors(client, site_tree):
    article = ArticlePageFactory(
        parent=site_tree.index,
        body=[
            heading("Background"),
            paragraph("<p>First.</p>"),
            heading("Background"),
            paragraph("<p>Second.</p>"),
        ],
    )

    soup = read(client, article.url)

    anchors = [link["href"] for link in soup.select("nav.toc a")][:2]
    assert anchors[0] != anchors[1], f"both contents links point at {anchors[0]}"
    assert duplicate_ids(soup) == []


def test_chinese_headings_get_their_own_words_as_anchors_on_articles_and_plain_pages(
    client, site_tree
):
    """Slugs of Chinese text used to be empty: every heading was #section (a duplicate id on
    a plain page, and links nobody could read). Now the id is the heading's words."""
    body = [
        heading("事实核查"),
        paragraph("<p>一。</p>"),
        heading("更正"),
        paragraph("<p>二。</p>"),
        heading("更正"),
        paragraph("<p>三。</p>"),
    ]
    article = ArticlePageFactory(parent=site_tree.index, body=body)
    soup = read(client, article.url)
    assert [link["href"] for link in soup.select("nav.toc a")][:3] == [
        "#事实核查",
        "#更正",
        "#更正-2",
    ]
    assert duplicate_ids(soup) == []

    plain = StandardPageFactory(parent=site_tree.home, title="编辑准则", slug="zhunze", body=body)
    soup = read(client, plain.url)
    assert [h2["id"] for h2 in soup.select("main h2")][:3] == ["事实核查", "更正", "更正-2"]
    assert duplicate_ids(soup) == []


def test_article_shows_dates_and_reading_time(client, site_tree):
    words = " ".join(["word"] * 700)
    article = ArticlePageFactory(
        parent=site_tree.index,
        first_published=datetime.date(2025, 5, 6),
        last_reviewed=datetime.date(2025, 6, 2),
        body=[paragraph(f"<p>{words}</p>")],
    )

    meta = read(client, article.url).select_one(".article-meta")

    times = {time["datetime"]: time.get_text(strip=True) for time in meta.select("time")}
    assert times == {"2025-05-06": "6 May 2025", "2025-06-02": "2 June 2025"}
    assert "4 min" in meta.get_text()  # 700 words at 230 a minute, rounded up


def test_article_shows_topics_that_link_to_their_topic_pages(client, article):
    soup = read(client, article.url)

    links = soup.select(".article-header .topic-tags a")
    assert [(link.get_text(), link["href"]) for link in links] == [
        ("Facial recognition", "/topics/facial-recognition/")
    ]


def test_article_has_a_bounded_place_for_the_discussion(client, article):
    soup = read(client, article.url)

    discussion = soup.select_one("section#comments")
    assert discussion is not None
    assert discussion.find_previous("ol", id="sources") is not None


# --- Images --------------------------------------------------------------------------


def test_image_block_renders_a_figure_with_alt_text_caption_and_credit(client, site_tree):
    image = SiteImageFactory(description="Cameras on a lamp post", default_credit="Our studio")
    article = ArticlePageFactory(
        parent=site_tree.index,
        body=[
            {
                "type": "image",
                "value": {"image": image.pk, "caption": "A street corner.", "credit": ""},
            }
        ],
    )

    figure = read(client, article.url).select_one(".article-body figure.figure")

    assert figure.select_one("img")["alt"] == "Cameras on a lamp post"
    assert "A street corner." in figure.figcaption.get_text()
    assert figure.select_one(".credit").get_text() == "Our studio"


def test_article_whose_image_was_deleted_from_the_library_still_renders(client, site_tree):
    image = SiteImageFactory()
    article = ArticlePageFactory(
        parent=site_tree.index,
        body=[
            {"type": "image", "value": {"image": image.pk, "caption": "Gone.", "credit": ""}},
            paragraph("<p>The text survives.</p>"),
        ],
    )
    image.delete()

    soup = read(client, article.url)

    assert "The text survives." in soup.get_text()


def test_hero_image_shows_with_caption_and_the_images_own_credit(client, site_tree):
    image = SiteImageFactory(description="A foggy skyline", default_credit="Our studio")
    article = ArticlePageFactory(
        parent=site_tree.index, hero_image=image, hero_caption="Chongqing in fog."
    )

    hero = read(client, article.url).select_one("figure.hero")

    assert hero.select_one("img")["alt"] == "A foggy skyline"
    assert "Chongqing in fog." in hero.figcaption.get_text()
    assert hero.select_one(".credit").get_text() == "Our studio"


# --- Every page type, for an anonymous reader -------------------------------------------


def test_every_page_type_renders_for_an_anonymous_reader_with_one_h1(client, site_tree, article):
    topic = article.topics.first()
    urls = [
        site_tree.home.url,
        site_tree.index.url,
        article.url,
        site_tree.about.url,
        topic.get_absolute_url(),
    ]

    for url in urls:
        soup = read(client, url)
        assert len(soup.find_all("h1")) == 1, f"{url} needs exactly one h1"
        assert soup.select_one("main#main") is not None
        assert soup.select_one("a.skip-link[href='#main']") is not None
        assert duplicate_ids(soup) == [], url


def test_unknown_address_returns_404_with_the_sites_page(client, site_tree):
    soup = read(client, "/no-such-page/", status=404)

    assert soup.h1.get_text() == "We can’t find that page"
    assert soup.select_one("a[href='/explainers/']") is not None


def test_unknown_topic_returns_404(client, site_tree):
    read(client, "/topics/no-such-topic/", status=404)


def test_draft_article_is_neither_listed_nor_readable(client, site_tree, article):
    draft = ArticlePageFactory(parent=site_tree.index, title="Not ready yet", live=False)

    assert "Not ready yet" not in read(client, site_tree.index.url).get_text()
    assert "Not ready yet" not in read(client, site_tree.home.url).get_text()
    read(client, f"{site_tree.index.url}{draft.slug}/", status=404)


def test_home_page_leads_with_the_newest_article(client, site_tree):
    ArticlePageFactory(
        parent=site_tree.index, title="Older", first_published=datetime.date(2024, 1, 1)
    )
    newest = ArticlePageFactory(
        parent=site_tree.index, title="Newest", first_published=datetime.date(2025, 1, 1)
    )

    soup = read(client, site_tree.home.url)

    lead = soup.select_one(".home__lead .card__title a")
    assert (lead.get_text(), lead["href"]) == ("Newest", newest.url)
    assert "Older" in soup.select_one(".home__latest").get_text()


def test_header_links_to_the_explainers_and_footer_to_about(client, site_tree):
    soup = read(client, site_tree.home.url)

    header_links = {link.get_text(): link["href"] for link in soup.select("header nav a")}
    footer_links = {link.get_text(): link["href"] for link in soup.select("footer nav a")}
    assert header_links.get("Explainers") == "/explainers/"
    assert footer_links.get("About") == "/about/"


def test_standard_page_renders_its_body_and_citations(client, site_tree, source):
    page = StandardPageFactory(
        parent=site_tree.home,
        title="Privacy",
        slug="privacy",
        body=[paragraph(f"<p>We collect {cite(source, 'nothing')}.</p>")],
    )

    soup = read(client, page.url)

    assert soup.h1.get_text() == "Privacy"
    assert soup.select_one("sup.citation a")["href"] == "#source-1"
    assert soup.select_one("ol#sources li#source-1") is not None


def test_about_page_explains_every_evidence_label(client, site_tree):
    page = StandardPageFactory(
        parent=site_tree.home,
        title="Method",
        slug="method",
        body=[{"type": "evidence_legend", "value": None}],
    )

    legend = read(client, page.url).select_one("dl.evidence-legend")

    assert [dt.get_text(strip=True) for dt in legend.select("dt")] == [
        "Documented",
        "Reported",
        "Alleged",
        "Disputed",
    ]


def test_topic_page_lists_only_its_own_articles(client, site_tree):
    cameras, credit = TopicFactory(name="Cameras"), TopicFactory(name="Social credit")
    ArticlePageFactory(parent=site_tree.index, title="On cameras", topics=[cameras])
    ArticlePageFactory(parent=site_tree.index, title="On credit", topics=[credit])
    ArticlePageFactory(parent=site_tree.index, title="On both", topics=[cameras, credit])

    soup = read(client, cameras.get_absolute_url())

    assert soup.h1.get_text() == "Cameras"
    titles = {link.get_text() for link in soup.select(".card__title a")}
    assert titles == {"On cameras", "On both"}


def test_topic_without_articles_says_so(client, site_tree):
    topic = TopicFactory(name="Robot patrols")

    assert "No explainers on this topic yet." in read(client, topic.get_absolute_url()).get_text()


def test_index_is_paginated_with_rel_next_and_prev(client, site_tree):
    for day in range(1, 14):
        ArticlePageFactory(
            parent=site_tree.index,
            title=f"Article of day {day}",
            first_published=datetime.date(2025, 1, day),
        )

    first = read(client, site_tree.index.url)
    second = read(client, f"{site_tree.index.url}?page=2")

    assert len(first.select(".card")) == 12
    assert first.select_one("a[rel=next]")["href"] == "?page=2"
    assert first.select_one("a[rel=prev]") is None
    assert [card.get_text(strip=True) for card in second.select(".card__title")] == [
        "Article of day 1"
    ]
    # Page 1 has one address: the bare URL.
    assert second.select_one("a[rel=prev]")["href"] == site_tree.index.url
    assert second.select_one("a[rel=next]") is None
    # Newest first.
    assert first.select_one(".card__title").get_text(strip=True) == "Article of day 13"


def test_index_with_few_articles_has_no_pagination(client, site_tree, article):
    soup = read(client, site_tree.index.url)

    assert soup.select("nav.pagination") == []

"""Flat query counts: every public page costs the same number of SQL queries on a small site
and on one with about ten times the content (issue 16).

One site is seeded for the whole module and grown in three steps: small (three explainers,
a few comments), medium (enough for a second page of the explainers index and of the
discussion) and large (ten times the explainers, topics, Sources, authors and Chinese
translations, hundreds of comments in threads, on the arguments and over several pages of
the discussion, votes on every argument). At each step every page is requested as an
anonymous reader would, with the page cache and the fragment caches off (the test
settings) and the site's cache emptied before the counted request, so the count is what a
full render costs. Each test then compares one page's two counts: a query that runs once
per card, comment, Source or author shows as a difference, and the message lists the SQL
that the large site ran more often.

The site is built inside one transaction that is rolled back when the module ends, so the
other tests never see it; the tests themselves only read the counts.
"""

import datetime
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale

from comments.models import Comment, CommentStatus
from content.models import ArticleAuthor, ArticleCorrection, Author, SourceDescription
from content.models.pages import RelatedArticle
from debate.models import WeighingTally
from tests.comments.factories import CommentFactory
from tests.content.factories import (
    ArticlePageFactory,
    SiteImageFactory,
    SourceFactory,
    TopicFactory,
    argument,
    build_site_tree,
    cite,
    heading,
    paragraph,
    pros_cons,
    publish,
)

# The counting happens in the module's fixture; the mark makes pytest-django set up the
# test database (it sets up only the databases its marked tests name).
pytestmark = pytest.mark.django_db

ENGLISH_QUERY = "cameras"
CHINESE_QUERY = "人脸识别"
_dates = itertools.count()


def body_citing(sources, chinese=False):
    """A body like the launch article's: headings, cited paragraphs and a pros/cons block
    whose arguments cite Sources. In Chinese, the words Chinese search looks for."""
    first, *rest = sources
    others = rest or [first]
    words = "城市的摄像头和人脸识别" if chinese else "The city has many cameras"
    return [
        heading("Where the cameras are"),
        paragraph(
            f"<p>{words} "
            + " ".join(cite(source, f"claim {n}") for n, source in enumerate(sources))
            + ".</p>"
        ),
        heading("Who looks at the footage"),
        paragraph(f"<p>Police watch the cameras {cite(first)}.</p>"),
        pros_cons(
            pros=[
                argument(f"Cameras deter crime {n}", [source]) for n, source in enumerate(sources)
            ],
            cons=[argument("Cameras watch everyone", others)],
        ),
    ]


def new_article(site, sources, topics, authors=(), **kwargs):
    day = datetime.date(2024, 1, 1) + datetime.timedelta(days=next(_dates))
    article = ArticlePageFactory(
        parent=site.tree.index,
        first_published=day,
        body=body_citing(sources),
        topics=list(topics),
        discussion_question="Would you accept more cameras for safer streets?",
        **kwargs,
    )
    set_authors(article, authors)
    return publish(article)


def set_authors(article, authors):
    article.article_authors = [
        ArticleAuthor(author=author, sort_order=n) for n, author in enumerate(authors)
    ]


def translate(site, article, sources, topics):
    """The Chinese copy of ``article``, published with the Chinese home and index above it."""
    chinese = article.copy_for_translation(site.chinese, copy_parents=True)
    chinese.title = f"摄像头与人脸识别 {article.pk}"
    chinese.standfirst = "摄像头看到什么，谁在看，以及各方的论点。"
    chinese.body = body_citing(sources, chinese=True)
    chinese.save()
    chinese.topics.set(topics)
    set_authors(chinese, site.chinese_authors[: len(article.article_authors.all())])
    publish(chinese)
    for parent in chinese.get_ancestors().filter(locale=site.chinese).specific():
        if not parent.live:
            publish(parent)
    return type(chinese).objects.get(pk=chinese.pk)


def translate_topic(site, topic, name):
    chinese = topic.copy_for_translation(site.chinese)
    chinese.name = name
    chinese.slug = f"zh-{topic.slug}"
    chinese.save()
    return chinese


def threads(article, count, replies, about="", depth_chain=0):
    """``count`` approved threads of a comment and ``replies`` replies, written in bulk;
    ``depth_chain`` more replies each answering the one before (nested threads)."""
    tops = Comment.objects.bulk_create(
        Comment(
            article=article,
            depth=1,
            argument=about,
            display_name=f"Reader {n}",
            body=f"Comment {n}: who decides how long the cameras' footage is kept?",
            status=CommentStatus.APPROVED,
        )
        for n in range(count)
    )
    answer_to(tops, replies, about)
    for top in tops:
        parent = top
        for n in range(depth_chain):
            parent = CommentFactory(
                article=article, parent=parent, argument=about, body=f"Nested reply {n}."
            )
    return tops


def answer_to(tops, replies, about=""):
    Comment.objects.bulk_create(
        Comment(
            article=top.article,
            parent=top,
            root=top,
            depth=2,
            argument=about,
            display_name=f"Replier {n}",
            body=f"Reply {n}: thirty days, says the rule.",
            status=CommentStatus.APPROVED,
        )
        for top in tops
        for n in range(replies)
    )


def vote_on_everything(article, days, first_day=0):
    """Tallies on every argument and the closing question, on ``days`` days."""
    targets = ["for-1", "for-2", "against-1", "question"]
    targets += [f"for-{n}" for n in range(3, 14)]
    WeighingTally.objects.bulk_create(
        WeighingTally(
            article=article,
            target=target,
            choice=choice,
            day=datetime.date(2026, 1, 1) + datetime.timedelta(days=first_day + day),
            count=day + 1,
        )
        for day in range(days)
        for target in targets
        for choice in (["persuasive", "not_persuasive"] if target != "question" else ["yes", "no"])
    )


class Site:
    """The site the pages are counted on, grown by ``medium()`` and ``large()``."""

    def __init__(self):
        self.tree = build_site_tree()
        self.chinese = Locale.objects.get_or_create(language_code="zh-hans")[0]
        self.author = Author.objects.create(name="Hannah Okafor", bio="One of the editors.")
        author_zh = self.author.copy_for_translation(self.chinese)
        author_zh.name, author_zh.slug = "汉娜", "hanna"
        author_zh.save()
        self.chinese_authors = [author_zh]
        self.topic = TopicFactory(name="China")
        self.topic_zh = translate_topic(self, self.topic, "中国")
        # Every kind of thing the large site has, once: here a republished copy of a Source.
        self.sources = SourceFactory.create_batch(3)
        self.sources[2].republication_of = self.sources[0]
        self.sources[2].save()
        self.article = new_article(
            self,
            self.sources,
            [self.topic],
            authors=[self.author],
            hero_image=SiteImageFactory(),
        )
        self.others = [
            new_article(self, self.sources[:1], [self.topic], authors=[self.author]),
            new_article(self, self.sources[1:], [self.topic], hero_image=SiteImageFactory()),
        ]
        self.article_zh = translate(self, self.article, self.sources, [self.topic_zh])
        # Another Chinese explainer, with an image, the Chinese article's related explainer.
        translate(self, self.others[1], self.sources, [self.topic_zh])
        # A second published version with a correction, for the Changes page.
        self.correct(1)
        threads(self.article, 2, replies=1)
        threads(self.article, 1, replies=1, about="for-1")
        threads(self.article_zh, 1, replies=1)
        CommentFactory(article=self.article, status=CommentStatus.PENDING)
        vote_on_everything(self.article, days=1)
        # An editors' pick for the English search.
        self.promoted = Query.get(ENGLISH_QUERY)
        SearchPromotion.objects.create(query=self.promoted, page=self.others[0], sort_order=0)

    def correct(self, number):
        """Publish a new version of the article with its ``number``th correction."""
        self.article.corrections.add(
            ArticleCorrection(
                date=datetime.date(2026, 1, number),
                kind=ArticleCorrection.Kind.CORRECTION,
                text=f"Correction {number}: the number of cameras was wrong.",
            )
        )
        publish(self.article)

    def medium(self):
        """A second page of explainers (two cards) and of the discussion (two threads)."""
        for _ in range(11):
            new_article(self, self.sources, [])
        threads(self.article, 19, replies=0)

    def large(self):
        """Ten times the content: explainers, topics, Sources, authors, translations,
        comments (in threads, on arguments, on every page of the discussion) and votes."""
        topics = [self.topic, *TopicFactory.create_batch(9)]
        topics_zh = [self.topic_zh] + [
            translate_topic(self, topic, f"话题 {n}") for n, topic in enumerate(topics[1:])
        ]
        sources = SourceFactory.create_batch(20)
        # Three of them are republished copies of others (the Sources list names both).
        for copy, original in zip(sources[:3], sources[10:13], strict=True):
            copy.republication_of = original
            copy.save()
        SourceDescription.objects.bulk_create(
            SourceDescription(
                source=source, locale=self.chinese, title=f"标题 {n}", publisher=f"出版社 {n}"
            )
            for n, source in enumerate([*self.sources, *sources])
        )
        authors = [Author.objects.create(name=f"Writer {n}", bio="A writer.") for n in range(1, 10)]
        for n, author in enumerate(authors):
            copy = author.copy_for_translation(self.chinese)
            copy.name, copy.slug = f"作者 {n}", f"zuozhe-{n}"
            copy.save()
            self.chinese_authors.append(copy)

        # The launch article cites twenty Sources, in paragraphs and arguments, has four
        # authors, four topics and two editors' picks; several versions were published.
        self.article.body = body_citing(sources[:12])
        self.article.topics.set(topics[:4])
        set_authors(self.article, [self.author, *authors[:3]])
        self.article.save()
        for number in range(2, 6):
            self.correct(number)
        self.article_zh.body = body_citing(sources[:12], chinese=True)
        self.article_zh.topics.set(topics_zh[:4])
        set_authors(self.article_zh, self.chinese_authors[:4])
        self.article_zh.save()
        publish(self.article_zh)

        others = []
        for n in range(30):
            others.append(
                new_article(
                    self,
                    sources[n % 20 : n % 20 + 3] or sources[:3],
                    [self.topic, *topics[1 + n % 9 : 3 + n % 9]],
                    authors=[self.author, authors[n % 9]],
                    hero_image=SiteImageFactory() if n % 3 == 0 else None,
                )
            )
        for n, other in enumerate(others[:8]):
            translate(self, other, sources[n : n + 3], [self.topic_zh, topics_zh[1 + n]])
        for order, picked in enumerate(others[:2]):
            RelatedArticle.objects.create(
                source_page=self.article, article=picked, sort_order=order
            )

        # Every thread so far gets more replies; then forty more threads with replies and
        # nested answers, ten of them about arguments; comments on the other explainers.
        answer_to(list(Comment.objects.filter(article=self.article, depth=1)), replies=4)
        threads(self.article, 30, replies=4, depth_chain=1)
        threads(self.article, 5, replies=3, about="for-1")
        threads(self.article, 5, replies=3, about="against-1")
        threads(self.article_zh, 10, replies=2)
        for other in others[::3]:
            threads(other, 2, replies=2)
        vote_on_everything(self.article, days=10, first_day=1)
        # Four more editors' picks for the English search, one of them another site's page.
        for order, picked in enumerate(others[2:5], start=1):
            SearchPromotion.objects.create(query=self.promoted, page=picked, sort_order=order)
        SearchPromotion.objects.create(
            query=self.promoted,
            external_link_url="https://example.org/cameras",
            external_link_text="Cameras elsewhere",
            sort_order=4,
        )


PAGES = {
    "home": lambda site: "/",
    "explainers index": lambda site: site.tree.index.url,
    "explainers index, page 2": lambda site: site.tree.index.url + "?page=2",
    "topic page": lambda site: site.topic.get_absolute_url(),
    "topics": lambda site: "/topics/",
    "article": lambda site: site.article.url,
    "article, comments page 2": lambda site: site.article.url + "?comments_page=2",
    "article, discussion of one argument": lambda site: site.article.url + "?about=for-1",
    "article's changes": lambda site: site.article.url + "changes/",
    "author page": lambda site: site.author.get_absolute_url(),
    "search": lambda site: f"/search/?q={ENGLISH_QUERY}",
    "search in Chinese": lambda site: f"/zh-hans/search/?q={CHINESE_QUERY}",
    "rss feed": lambda site: "/feeds/rss/",
    "atom feed": lambda site: "/feeds/atom/",
    "topic feed": lambda site: site.topic.get_absolute_url() + "rss/",
    "sitemap": lambda site: "/sitemap.xml",
    "Chinese home": lambda site: "/zh-hans/",
    "Chinese article": lambda site: site.article_zh.url,
    "Chinese explainers index": lambda site: site.article_zh.get_parent().url,
    "Chinese topic page": lambda site: site.topic_zh.get_absolute_url(),
    "Chinese topics": lambda site: "/zh-hans/topics/",
    "api explainers": lambda site: "/api/v1/explainers/",
    "api explainers in Chinese": lambda site: "/api/v1/explainers/?language=zh-hans",
    "api explainers on a topic": lambda site: f"/api/v1/explainers/?topic={site.topic.slug}",
    "api explainer": lambda site: f"/api/v1/explainers/{site.article.pk}/",
    "api sources": lambda site: "/api/v1/sources/",
    "api topics": lambda site: "/api/v1/topics/",
    "debate tallies": lambda site: f"/weigh/{site.article.pk}/tallies.json",
    "debate results": lambda site: f"/weigh/{site.article.pk}/results/",
}

# Pages whose second page only exists from the medium step on: counted there and on the
# large site (before, the address would show the first page).
FROM_MEDIUM = {"explainers index, page 2", "article, comments page 2"}

# What makes a page longer as the site grows, counted in the HTML or JSON it sends: cards,
# comments, search results, Sources, items, records. The last test checks that the large
# site shows several times more of it than the small one, so the equal counts mean something.
SHOWN = [
    ("card", re.compile(r'<article class="card')),
    ("comment", re.compile(r'<article class="comment')),
    ("search result", re.compile(r'<li class="search-result')),
    ("cited Source", re.compile(r'<li id="source-\d+"')),
    ("feed item", re.compile(r"<item>|<entry>")),
    ("sitemap address", re.compile(r"<url>")),
    ("record", re.compile(r'"api_url"')),
    ("tally", re.compile(r'"total"|class="tally"')),
    ("version", re.compile(r'<li class="version"')),
    ("topic", re.compile(r'<li class="topic-index__item"')),
]


@dataclass
class Counted:
    """The SQL each page ran, and what it showed, at each step of the site's growth."""

    queries: dict = field(default_factory=dict)  # step -> {page: [sql]}
    shown: dict = field(default_factory=dict)  # step -> {page: {thing: how many}}


def serve(client, url):
    """The SQL one anonymous GET costs, per-process caches warm and the site's cache empty,
    and the text it answered with."""
    assert client.get(url).status_code == 200, url
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    translation.activate(settings.LANGUAGE_CODE)
    assert response.status_code == 200, url
    return [query["sql"] for query in queries.captured_queries], response.content.decode()


def count_every_page(counted, step, client, site):
    counted.queries[step], counted.shown[step] = {}, {}
    for name, url_of in PAGES.items():
        queries, text = serve(client, url_of(site))
        counted.queries[step][name] = queries
        counted.shown[step][name] = {
            thing: len(pattern.findall(text)) for thing, pattern in SHOWN if pattern.search(text)
        }


@pytest.fixture(scope="module")
def counted(django_db_setup, django_db_blocker):
    """Grow the site and count every page at each step, in a transaction rolled back at
    the end (the site never reaches the other tests)."""
    result = Counted()
    client = Client()
    with (
        django_db_blocker.unblock(),
        override_settings(HTML_CACHE_SECONDS=0, FRAGMENT_CACHE_SECONDS=0, API_CACHE_SECONDS=0),
        transaction.atomic(),
    ):
        cache.clear()
        site = Site()
        count_every_page(result, "small", client, site)
        site.medium()
        count_every_page(result, "medium", client, site)
        site.large()
        count_every_page(result, "large", client, site)
        transaction.set_rollback(True)
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)
    return result


def smaller_step(page_name):
    return "medium" if page_name in FROM_MEDIUM else "small"


def normalised(sql):
    """A query with its columns, literals and lists of values blanked: the same query for
    another row, or for more rows at once, reads the same."""
    sql = re.sub(r"^SELECT (?:DISTINCT )?.*? FROM ", "SELECT … FROM ", sql, count=1)
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+\b", "?", sql)
    sql = re.sub(r"\((?:\?, )*\?\)", "(…)", sql)
    # A primary key looked up as "id = ? OR id = ? …" (modelcluster's relations).
    return re.sub(r"\((\"\w+\"\.\"\w+\" = \?)(?: OR \1)+\)", r"\1", sql)


def difference(small, large):
    """The queries the large site ran more (or fewer) times than the small one."""
    before, after = Counter(map(normalised, small)), Counter(map(normalised, large))
    lines = []
    for sql in sorted(set(before) | set(after)):
        if before[sql] != after[sql]:
            lines.append(f"  {before[sql]} → {after[sql]}: {sql[:1500]}")
    return "\n".join(lines)


@pytest.mark.parametrize("page_name", PAGES)
def test_query_count_is_the_same_on_a_site_ten_times_larger(counted, page_name):
    small = counted.queries[smaller_step(page_name)][page_name]
    large = counted.queries["large"][page_name]
    assert len(large) == len(small), (
        f"{page_name}: {len(small)} queries on the small site, {len(large)} on the large one.\n"
        f"Queries whose count changed (small → large):\n{difference(small, large)}"
    )


def test_the_large_site_shows_several_times_more_on_each_page(counted):
    """Each page lists at least twice as many things on the large site (cards, comments,
    results, Sources, records, tallies, versions), so that a query per item would have
    shown above."""
    too_short = {}
    for page_name in PAGES:
        small = counted.shown[smaller_step(page_name)][page_name]
        large = counted.shown["large"][page_name]
        grown = {
            thing: (small.get(thing, 0), count)
            for thing, count in large.items()
            if count >= 2 * max(small.get(thing, 0), 1)
        }
        if not grown:
            too_short[page_name] = (small, large)
    assert not too_short, too_short

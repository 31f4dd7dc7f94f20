"""`manage.py seed_bench`: the large data set that `make bench` measures (safe to run again).

On top of the demo content (loaded first): 20 topics, 200 Sources, 1,000 explainers, each
with cited paragraphs and a pros/cons block whose arguments cite Sources; the Chongqing
explainer with 500 approved comments in threads; 50,000 approved comments in all; and, in
addition to those, 10,000 comments held for moderation (new threads, spread over the bench
explainers, none on the Chongqing one) for the admin's moderation queue: 60,000 comments in
all. ``--scale 10`` seeds ten times each (10,000 explainers, 200 topics, 2,000 Sources,
500,000 approved comments, 5,000 on the Chongqing explainer, 100,000 held), to show that no
page slows down as the site grows.

Pages are saved through Wagtail (the tree paths treebeard's ``add_child`` gives, url_paths,
locales, validation) in one transaction, but without the work each save would start
(tests/bench/quiet_pages.py): the search index and Wagtail's reference index are filled
for the new explainers in bulk before that transaction commits, the stored feed entries'
and the page cache's generations advance once rather than once per page, and the
explainers' feed entries are left to ``manage.py render_feed_entries`` (tests/bench/run.py
runs it after seeding; a feed renders what it does not find anyway). Sources and comments
are written in bulk. Each part is skipped when a previous run made it already, and says
how long it took.
"""

import datetime
import itertools
import time
import uuid
from contextlib import contextmanager

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from comments.models import Comment, CommentStatus, HeldReason
from content.citations import known_sources
from content.models import ArticleIndexPage, ArticlePage, Source, Topic
from tests.bench.quiet_pages import (
    add_children,
    advance_generations,
    deferred_page_work,
    index_pages,
)

ARTICLES = 1000
TOPICS = 20
SOURCES = 200
DEMO_ARTICLE_SLUG = "chongqing-surveillance"
DEMO_ARTICLE_COMMENTS = 500
ALL_COMMENTS = 50_000  # approved, the Chongqing explainer's included
PENDING_COMMENTS = 10_000  # held for moderation, in addition to ALL_COMMENTS
# Held comments arrive over the last PENDING_DAYS, the oldest first; why each was held.
PENDING_DAYS = 30
PENDING_HOLDS = [
    (HeldReason.FIRST_TIME, ""),
    (HeldReason.LINKS, "3 links"),
    (HeldReason.WATCH_LIST, "“camera”"),
    (HeldReason.HOLD_ALL, ""),
]
SLUG_PREFIX = "bench-explainer-"
TOPIC_NAMES = [
    "Facial recognition",
    "Street cameras",
    "Phone tracking",
    "Social credit",
    "Data retention",
    "Border control",
    "Workplace monitoring",
    "Schools",
    "Predictive policing",
    "Biometric ID",
    "Internet filtering",
    "Licence-plate readers",
    "Health codes",
    "Smart cities",
    "Drones",
    "Voice recognition",
    "Data brokers",
    "Encryption",
    "Oversight",
    "Public opinion",
]


def topic_names(scale):
    """TOPICS names, or TOPICS × scale: the list again with a number ("Drones 2")."""
    return [
        name if round_ == 1 else f"{name} {round_}"
        for round_ in range(1, scale + 1)
        for name in TOPIC_NAMES[:TOPICS]
    ]


def _block(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def _cite(source_id, words):
    return f'<a linktype="source" id="{source_id}">{words}</a>'


def _argument(headline, source_ids, evidence):
    return {
        "type": "item",
        "value": {
            "headline": headline,
            "explanation": f"<p>{headline}, as {_cite(source_ids[0], 'reported')}.</p>",
            "sources": [
                {"type": "item", "value": pk, "id": str(uuid.uuid4())} for pk in source_ids
            ],
            "evidence": evidence,
        },
        "id": str(uuid.uuid4()),
    }


def article_body(number, source_ids):
    """A body shaped like the launch article's: sections, cited paragraphs, pros and cons."""
    a, b, c, d, e = source_ids
    return [
        _block("heading", {"text": "Where the cameras are", "level": "h2"}),
        _block(
            "paragraph",
            f"<p>City {number} has installed thousands of cameras in public places "
            f"{_cite(a, 'according to its police')}, and more are planned "
            f"{_cite(b, 'in the budget')}.</p>"
            "<p>Most of them record all day; some recognise faces and number plates.</p>",
        ),
        _block("heading", {"text": "Who looks at the footage", "level": "h2"}),
        _block(
            "paragraph",
            f"<p>Footage is kept for months {_cite(c, 'under local rules')} and shared with "
            f"other agencies {_cite(d, 'on request')}.</p>",
        ),
        _block(
            "pros_cons",
            {
                "heading": "Do the cameras make the city safer?",
                "introduction": "<p>The arguments as commonly made.</p>",
                "pros_heading": "Arguments for",
                "pros": [
                    _argument("Recorded crime fell after installation", [a, b], "reported"),
                    _argument("Missing people are found faster", [c], "alleged"),
                ],
                "cons_heading": "Arguments against",
                "cons": [
                    _argument("Everyone is watched, not only suspects", [d, e], "documented"),
                    _argument("The footage is kept too long", [e], "reported"),
                ],
            },
        ),
    ]


class Command(BaseCommand):
    """Seed the benchmark's large data set on top of the demo content."""

    help = (
        "Seed the large data set for `make bench` (1,000 explainers, 50,000 approved and "
        "10,000 held comments; --scale)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="seed this many times the data set (10: 10,000 explainers, 600,000 comments)",
        )

    def handle(self, *args, **options):
        self.scale = max(1, options["scale"])
        started = time.monotonic()
        with self.timed("Demo content"):
            call_command("load_demo", verbosity=0)
        with self.timed("Topics and Sources"), transaction.atomic():
            topics = self.seed_topics()
            sources = self.seed_sources()
        with self.timed("Explainers"), transaction.atomic():
            self.seed_articles(topics, sources)
        with self.timed("Approved comments"), transaction.atomic():
            self.seed_comments()
        with self.timed("Held comments"), transaction.atomic():
            self.seed_pending_comments()
        # Statistics for the query planner, as autovacuum keeps them on a live database;
        # without them PostgreSQL plans the first minutes after seeding for empty tables.
        with self.timed("ANALYZE"), connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            f"Bench data ready in {time.monotonic() - started:.0f} s: "
            f"{ArticlePage.objects.live().count()} explainers, {Topic.objects.count()} topics, "
            f"{Source.objects.count()} Sources, {Comment.objects.count()} comments "
            f"({Comment.objects.filter(status=CommentStatus.PENDING).count()} held)."
        )

    @contextmanager
    def timed(self, part):
        started = time.monotonic()
        yield
        self.stdout.write(f"{part}: {time.monotonic() - started:.1f} s")

    def seed_topics(self):
        topics = []
        for name in topic_names(self.scale):
            topic = Topic.objects.filter(name=name).first()
            if topic is None:
                topic = Topic(name=name, description=f"Explainers about {name.lower()}.")
                topic.save()
            topics.append(topic)
        return topics

    def seed_sources(self):
        existing = Source.objects.filter(publisher__startswith="Bench Publisher ").count()
        Source.objects.bulk_create(
            Source(
                title=f"Inside the city of cameras, part {n}",
                publisher=f"Bench Publisher {n % 40}",
                authors="A. Reporter",
                date_published=datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
                url=f"https://news.example.org/bench/{n}",
                date_accessed=datetime.date(2025, 6, 1),
                kind=Source.Kind.PRESS,
                language="en",
            )
            for n in range(existing, SOURCES * self.scale)
        )
        return list(
            Source.objects.filter(publisher__startswith="Bench Publisher ")
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    def seed_articles(self, topics, source_ids):
        index = ArticleIndexPage.objects.first()
        existing = ArticlePage.objects.filter(slug__startswith=SLUG_PREFIX).count()
        wanted = ARTICLES * self.scale
        if existing >= wanted:
            return
        self.stdout.write(f"Adding {wanted - existing} explainers…")
        started = time.monotonic()
        # Saving an explainer and indexing it read its body's Sources (the reading time, the
        # validation, the searchable text): from these, fetched once, instead of a few
        # queries per explainer (content.citations.known_sources, as a page's render does).
        cited = known_sources(source_ids, Source.objects.in_bulk(source_ids))
        # Each save indexes nothing and moves no generation (tests/bench/quiet_pages.py):
        # that is done below for all the new explainers at once, in this same transaction.
        with cited, deferred_page_work(ArticlePage):
            # Under the index as add_child adds them (tests/bench/quiet_pages.py).
            added = add_children(index, self.new_articles(existing, wanted, topics, source_ids))
        self.stdout.write(f"Added in {time.monotonic() - started:.1f} s; indexing them…")
        with known_sources(source_ids, Source.objects.in_bulk(source_ids)):
            index_pages(ArticlePage, added)
        Topic.count_explainers()
        advance_generations()

    def new_articles(self, first, end, topics, source_ids):
        """The explainers numbered ``first`` to ``end`` - 1, unsaved."""
        for number in range(first, end):
            picked = [source_ids[(number * 7 + k * 13) % len(source_ids)] for k in range(5)]
            article = ArticlePage(
                title=f"How city {number} watches its streets",
                slug=f"{SLUG_PREFIX}{number:04d}",
                standfirst="What the cameras see, who looks at the footage, and the arguments.",
                first_published=datetime.date(2022, 1, 1) + datetime.timedelta(days=number),
                last_reviewed=datetime.date(2025, 6, 1),
                body=article_body(number, picked),
                discussion_question="Would you accept more cameras for safer streets?",
            )
            # Parental relations are written when the page is saved.
            article.topics.set(
                [topics[number % len(topics)], topics[(number * 3 + 1) % len(topics)]]
            )
            yield article

    def seed_comments(self):
        demo = ArticlePage.objects.get(slug=DEMO_ARTICLE_SLUG)
        on_demo = Comment.objects.filter(article=demo, status=CommentStatus.APPROVED).count()
        if on_demo < DEMO_ARTICLE_COMMENTS * self.scale:
            self.add_threads(demo, DEMO_ARTICLE_COMMENTS * self.scale - on_demo)
        # Approved ones only: the held ones (seed_pending_comments) come on top.
        missing = (
            ALL_COMMENTS * self.scale
            - Comment.objects.filter(status=CommentStatus.APPROVED).count()
        )
        if missing > 0:
            articles = list(ArticlePage.objects.filter(slug__startswith=SLUG_PREFIX).order_by("pk"))
            per_article, extra = divmod(missing, len(articles))
            for position, article in enumerate(articles):
                self.add_threads(article, per_article + (1 if position < extra else 0))

    def seed_pending_comments(self):
        """PENDING_COMMENTS × scale new threads held for moderation, in turn on each bench
        explainer (never the Chongqing one: its 500 × scale stay all approved), written in
        bulk; the oldest arrived PENDING_DAYS ago, the newest now."""
        wanted = PENDING_COMMENTS * self.scale
        held = Comment.objects.filter(
            status=CommentStatus.PENDING, article__slug__startswith=SLUG_PREFIX
        )
        existing = held.count()
        if existing >= wanted:
            return
        articles = list(
            ArticlePage.objects.filter(slug__startswith=SLUG_PREFIX)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        names = itertools.cycle(["Lin", "Wei", "Ana", "Sam", "Jo", "Kai", "Mei", "Tom"])
        newest = timezone.now()
        interval = datetime.timedelta(days=PENDING_DAYS) / wanted
        self.stdout.write(f"Adding {wanted - existing} comments held for moderation…")
        Comment.objects.bulk_create(
            (
                Comment(
                    article_id=articles[n % len(articles)],
                    parent=None,
                    depth=1,
                    display_name=next(names),
                    body=f"Held {n}: who checks that the footage is deleted on time?",
                    status=CommentStatus.PENDING,
                    held_reason=PENDING_HOLDS[n % len(PENDING_HOLDS)][0],
                    held_detail=PENDING_HOLDS[n % len(PENDING_HOLDS)][1],
                    created=newest - interval * (wanted - 1 - n),
                )
                for n in range(existing, wanted)
            ),
            batch_size=5000,
        )

    def add_threads(self, article, count):
        """``count`` approved comments in threads: a comment and four replies to it."""
        names = itertools.cycle(["Lin", "Wei", "Ana", "Sam", "Jo", "Kai", "Mei", "Tom"])
        tops = Comment.objects.bulk_create(
            (
                Comment(
                    article=article,
                    depth=1,
                    display_name=next(names),
                    body=f"Comment {n}: who decides how long the footage is kept?",
                    status=CommentStatus.APPROVED,
                )
                for n in range((count + 4) // 5)
            ),
            batch_size=5000,
        )
        replies, remaining = [], count - len(tops)
        for top in tops:
            for n in range(min(4, remaining - len(replies))):
                replies.append(
                    Comment(
                        article=article,
                        parent=top,
                        root=top,
                        depth=2,
                        display_name=next(names),
                        body=f"Reply {n}: the rules say thirty days, but nobody checks.",
                        status=CommentStatus.APPROVED,
                    )
                )
        Comment.objects.bulk_create(replies, batch_size=5000)

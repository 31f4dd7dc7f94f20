"""Build one page of an article's discussion, whatever the size of the discussion.

Every comment of the page's threads comes from one query, with the number of threads;
the tree, the placeholders for removed comments that still have replies and the depth
limit are worked out in memory. The counts (the
whole discussion's, and each Argument's) come from one grouped count. Each reply names
the comment that starts its thread (``Comment.root``), so no query reads more than the
page's threads, be the article's comments 50 or 5,000.
"""

from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, gettext_lazy

from comments.models import DELETED_BY_AUTHOR_TEXT, MAX_DISPLAY_DEPTH, Comment, CommentStatus

# 20 conversations a page (about 100 comments in threads of five), later threads a link
# away. At 50 the article page carried 250 comments, 3,700 elements and 250 KB of HTML,
# and they were most of its rendering time.
THREADS_PER_PAGE = 20
PAGE_PARAMETER = "comments_page"
#: The query parameter that filters the discussion to one Argument, and chooses it as what
#: a new comment is about: ``?about=against-3``.
ABOUT_PARAMETER = "about"

PLACEHOLDERS = {
    CommentStatus.DELETED: DELETED_BY_AUTHOR_TEXT,
    CommentStatus.HIDDEN: gettext_lazy("[hidden while the editors review it]"),
    CommentStatus.REJECTED: gettext_lazy("[removed by the editors]"),
    CommentStatus.SPAM: gettext_lazy("[removed by the editors]"),
}

DISPLAY_FIELDS = (
    "id",
    "article_id",
    "parent_id",
    "depth",
    "argument",
    "display_name",
    "body",
    "status",
    "created",
    "edited",
)

DISPLAY_STATUS = DISPLAY_FIELDS.index("status")


class DisplayedComment(NamedTuple):
    """The fields of a Comment that a discussion shows, read without building a model
    instance for each of hundreds of comments (a third of the discussion's time)."""

    id: int
    article_id: int
    parent_id: int | None
    depth: int
    argument: str
    display_name: str
    body: str
    status: str
    created: object
    edited: object

    @property
    def pk(self):
        return self.id


@dataclass
class Node:
    """One comment as shown in a thread."""

    comment: DisplayedComment
    level: int = 1
    replies: list = field(default_factory=list)
    replying_to: str = ""  # set when the reply is shown flattened at the deepest level
    replying_to_id: int | None = None

    @property
    def is_visible(self):
        return self.comment.status == CommentStatus.APPROVED

    @property
    def placeholder(self):
        return "" if self.is_visible else PLACEHOLDERS.get(self.comment.status, "")


@dataclass
class Discussion:
    """An article's visible comments as threads, and the page of threads being shown."""

    count: int
    threads: list
    page: object = None

    @property
    def is_empty(self):
        return not self.threads


def build_threads(comments):
    """Top-level Nodes from comments ordered oldest first; replies nested, capped at depth.

    A removed comment is kept as a placeholder only if a visible reply hangs below it.
    """
    # Hundreds of comments a page: the loops below read ``id`` (not the ``pk`` property)
    # and compare with a local status.
    comments = list(comments)
    approved = CommentStatus.APPROVED
    by_id = {comment.id: comment for comment in comments}
    keep = set()
    # Replies are always newer than what they answer, so walking newest first settles
    # every reply before its parent is looked at.
    for comment in reversed(comments):
        if comment.status == approved or comment.id in keep:
            keep.add(comment.id)
            if comment.parent_id in by_id:
                keep.add(comment.parent_id)
    children = {}
    for comment in comments:
        if comment.parent_id and comment.id in keep:
            children.setdefault(comment.parent_id, []).append(comment)

    def name_of(comment):
        if comment.status == CommentStatus.APPROVED:
            return comment.display_name
        return gettext("a removed comment")

    roots = []
    stack = []
    for comment in comments:
        if comment.id in keep and (comment.parent_id is None or comment.parent_id not in by_id):
            node = Node(comment=comment, level=1)
            roots.append(node)
            stack.append(node)
    # Depth-first, iteratively: a very long chain of replies cannot exhaust the stack.
    while stack:
        node = stack.pop()
        if node.level < MAX_DISPLAY_DEPTH:
            for child in children.get(node.comment.id, ()):
                child_node = Node(comment=child, level=node.level + 1)
                node.replies.append(child_node)
                stack.append(child_node)
        else:
            # At the deepest level, descendants follow as siblings in conversation order.
            node.replies = []
    for node in _deepest_level_parents(roots):
        node.replies = list(_flatten(node.replies, children, name_of, by_id))
    return roots


def _deepest_level_parents(roots):
    stack = list(roots)
    while stack:
        node = stack.pop()
        if node.level == MAX_DISPLAY_DEPTH - 1:
            yield node
        else:
            stack.extend(node.replies)


def _flatten(nodes, children, name_of, by_id):
    """Each deepest-level node followed by all its descendants, all at the same level."""
    for node in nodes:
        yield node
        pending = list(reversed(children.get(node.comment.id, ())))
        while pending:
            comment = pending.pop()
            parent = by_id[comment.parent_id]
            yield Node(
                comment=comment,
                level=MAX_DISPLAY_DEPTH,
                replying_to=name_of(parent),
                replying_to_id=parent.id,
            )
            pending.extend(reversed(children.get(comment.id, ())))


def thread_starts(article, about=""):
    """The comments that start the article's threads a reader may see, oldest first: one
    that is published, or removed but with a published reply in its thread (it stays as a
    placeholder). With ``about``, only the threads about that Argument."""
    published_reply = Comment.objects.filter(root=OuterRef("pk"), status=CommentStatus.APPROVED)
    starts = Comment.objects.filter(article=article, parent__isnull=True)
    if about:
        starts = starts.filter(argument=about)
    return starts.filter(Q(status=CommentStatus.APPROVED) | Exists(published_reply)).order_by(
        "created", "pk"
    )


def comment_tallies(article):
    """{Argument link id, or "" for the article as a whole: its published comments}, from
    one grouped count, read once per article instance: the article header's count, the
    counts under each Argument and the discussion's heading share it."""
    tallies = getattr(article, "_comment_tallies", None)
    if tallies is None:
        if article.pk is None:
            tallies = Counter()  # the preview of an article not saved yet
        else:
            tallies = Counter(
                dict(
                    Comment.objects.filter(article=article, status=CommentStatus.APPROVED)
                    .order_by()
                    .values_list("argument")
                    .annotate(count=Count("pk"))
                    .values_list("argument", "count")
                )
            )
        article._comment_tallies = tallies
    return tallies


def _page_number(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


def build_discussion(article, page_number=1, about=""):
    """One page of ``article``'s threads, read from the database whatever the size of the
    discussion: every comment of the page's threads that may take a place in them, with the
    number of threads, in one query. With ``about`` (an Argument's link id), only the
    threads about that Argument (a reply is about what its thread is about).

    A page number past the last shows the last page; anything else not a number, the first.
    """
    tallies = comment_tallies(article)
    count = tallies.get(about, 0) if about else sum(tallies.values())
    if article.pk is None or not count:
        # Nothing published: no thread has anything to show (a removed comment stays only
        # as the place of a published reply).
        return Discussion(count=0, threads=[], page=Paginator([], THREADS_PER_PAGE).page(1))
    number = _page_number(page_number)
    rows = _threads_page(article, about, number)
    if not rows and number > 1:
        last = -(-thread_starts(article, about).count() // THREADS_PER_PAGE)
        number = max(1, min(number, last))
        rows = _threads_page(article, about, number)
    total = next((row[-1] for row in rows if row[-1] is not None), 0)
    pending = CommentStatus.PENDING
    threads = build_threads(
        DisplayedComment._make(row[:-1]) for row in rows if row[DISPLAY_STATUS] != pending
    )
    paginator = Paginator(range(total), THREADS_PER_PAGE)
    return Discussion(count=count, threads=threads, page=Page(threads, number, paginator))


def _threads_page(article, about, number):
    """The rows (DISPLAY_FIELDS and the number of threads) of page ``number``'s threads.

    Written in SQL: as a queryset (a union of two, with subqueries) the ORM took three
    times as long to build and compile it as the database took to answer it. The thread
    starters and the replies naming them are each read through their own index (one
    condition with OR read every comment of the article); a starter waiting for an
    editor is read too and left out of the threads by the caller.
    """
    sql, params = _threads_page_sql(connection.vendor, bool(about)), [article.pk]
    if about:
        params.append(about)
    approved, pending = CommentStatus.APPROVED, CommentStatus.PENDING
    params += [approved, approved, THREADS_PER_PAGE, (number - 1) * THREADS_PER_PAGE, pending]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    converters = _display_converters(connection.vendor)
    if converters:
        rows = [list(row) for row in rows]
        for row in rows:
            for position, functions, column in converters:
                for function in functions:
                    row[position] = function(row[position], column, connection)
    return rows


@cache
def _threads_page_sql(vendor, about):
    """The query for one backend (``vendor``), with or without the Argument's condition."""
    table = connection.ops.quote_name(Comment._meta.db_table)
    columns = ", ".join(
        f"c.{connection.ops.quote_name(Comment._meta.get_field(name).column)}"
        for name in DISPLAY_FIELDS
    )
    created = DISPLAY_FIELDS.index("created") + 1
    # Only names from the model, quoted by the backend, are written in; values are parameters.
    return (
        f"WITH starts AS (SELECT s.id, s.created FROM {table} s "  # noqa: S608
        "WHERE s.article_id = %s AND s.parent_id IS NULL"
        + (" AND s.argument = %s" if about else "")
        + f" AND (s.status = %s OR EXISTS (SELECT 1 FROM {table} r "  # noqa: S608
        "WHERE r.root_id = s.id AND r.status = %s))), "
        "on_page AS (SELECT id FROM starts ORDER BY created, id LIMIT %s OFFSET %s) "
        f"SELECT {columns}, (SELECT COUNT(*) FROM starts) AS threads FROM {table} c "
        "WHERE c.id IN (SELECT id FROM on_page) "
        f"UNION ALL SELECT {columns}, NULL FROM {table} c "
        "WHERE c.root_id IN (SELECT id FROM on_page) AND c.status <> %s "
        f"ORDER BY {created}, 1"
    )


@cache
def _display_converters(vendor):
    """What the ORM would apply to each column read (SQLite's dates arrive as text), worked
    out once for each backend (``vendor``)."""
    converters = []
    for position, name in enumerate(DISPLAY_FIELDS):
        field = Comment._meta.get_field(name)
        column = field.get_col(Comment._meta.db_table)
        functions = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        if functions:
            converters.append((position, functions, column))
    return converters


def page_of_thread(comment):
    """The page of its article's threads on which ``comment`` is shown."""
    start = comment.root if comment.root_id else comment
    earlier = (
        thread_starts(comment.article_id)
        .filter(Q(created__lt=start.created) | Q(created=start.created, pk__lt=start.pk))
        .count()
    )
    return earlier // THREADS_PER_PAGE + 1


def has_counted_comments(article):
    """Whether this article instance has counted its published comments already."""
    return getattr(article, "_comment_tallies", None) is not None


def argument_comment_counts(article):
    """{Argument link id: published comments about it} on ``article``, from the counts the
    article's header read (no query of its own)."""
    return {argument: count for argument, count in comment_tallies(article).items() if argument}


def with_comment_counts(articles):
    """Annotate an ArticlePage queryset so `{% comment_count %}` needs no query per card."""
    # A subquery per listed article, not a join and GROUP BY over every article and comment:
    # the database counts only for the rows it returns, using the (article, status) index.
    approved = (
        Comment.objects.filter(article=OuterRef("pk"), status=CommentStatus.APPROVED)
        .order_by()
        .values("article")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return articles.annotate(
        approved_comment_count=Coalesce(Subquery(approved, output_field=IntegerField()), 0)
    )


def permalink(comment, request=None, full=False):
    """The article URL that shows this comment: the right page of threads, then its anchor."""
    article = comment.article
    url = article.get_full_url(request) if full else article.get_url(request)
    page_number = page_of_thread(comment)
    query = f"?{PAGE_PARAMETER}={page_number}" if page_number > 1 else ""
    return f"{url}{query}#comment-{comment.pk}"

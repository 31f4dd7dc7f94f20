"""Build an article's discussion in Python from a single query, whatever its size.

Every comment a reader may see (or whose place in a thread must be kept) is fetched in
one query; the tree, the placeholders for removed comments that still have replies, the
depth limit and the paging of top-level threads are all worked out in memory.
"""

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery
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

    def page_of_thread_containing(self, comment_id):
        for index, node in enumerate(self.threads):
            if _contains(node, comment_id):
                return index // THREADS_PER_PAGE + 1
        return 1


def _contains(root, comment_id):
    stack = [root]
    while stack:
        node = stack.pop()
        if node.comment.pk == comment_id:
            return True
        stack.extend(node.replies)
    return False


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


def comments_for_display(article):
    """The one query behind a discussion: every comment that may take a place in it, as
    DisplayedComment rows."""
    if article.pk is None:
        return []  # the preview of an article not saved yet: nobody has commented
    rows = (
        Comment.objects.filter(article=article)
        .exclude(status=CommentStatus.PENDING)
        .order_by("created", "pk")
        .values_list(*DISPLAY_FIELDS)
    )
    return [DisplayedComment._make(row) for row in rows]


def displayed_comments(article):
    """The comments of ``comments_for_display``, fetched once per article instance: the
    article header's count and the discussion below it share the one query."""
    comments = getattr(article, "_displayed_comments", None)
    if comments is None:
        comments = comments_for_display(article)
        article._displayed_comments = comments
    return comments


def build_discussion(article, page_number=1, comments=None, about=""):
    """The discussion of ``article``; with ``about`` (an Argument's link id), only the
    threads about that Argument (a reply is about what its thread is about)."""
    comments = comments_for_display(article) if comments is None else comments
    if about:
        comments = [comment for comment in comments if comment.argument == about]
    threads = build_threads(comments)
    count = sum(1 for comment in comments if comment.status == CommentStatus.APPROVED)
    paginator = Paginator(threads, THREADS_PER_PAGE)
    page = paginator.get_page(page_number)
    return Discussion(count=count, threads=threads, page=page)


def has_read_comments(article):
    """Whether this article instance has fetched its ``displayed_comments`` already."""
    return getattr(article, "_displayed_comments", None) is not None


def argument_comment_counts(article):
    """{Argument link id: published comments about it} on ``article``, from the comments
    its discussion shows (no query of its own), counted once per article instance."""
    counts = getattr(article, "_argument_comment_counts", None)
    if counts is None:
        counts = Counter(
            comment.argument
            for comment in displayed_comments(article)
            if comment.argument and comment.status == CommentStatus.APPROVED
        )
        article._argument_comment_counts = counts
    return counts


def approved_count(article):
    annotated = getattr(article, "approved_comment_count", None)
    if annotated is not None:
        return annotated
    return Comment.objects.filter(article=article, status=CommentStatus.APPROVED).count()


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
    page_number = build_discussion(article).page_of_thread_containing(comment.pk)
    query = f"?{PAGE_PARAMETER}={page_number}" if page_number > 1 else ""
    return f"{url}{query}#comment-{comment.pk}"

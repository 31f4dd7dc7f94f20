"""Comments in Wagtail: what they add to content's pages (an article's discussion, the
comment counts: content.extension_points names the places), and the admin (the queue and
its menu badge, bulk actions, history, dashboard)."""

from django.db.models import Count, Q
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from wagtail import hooks
from wagtail.admin.staticfiles import versioned_static
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from comments.models import Comment, CommentSettings, CommentStatus
from comments.moderation_admin.actions import register_moderation_log_actions
from comments.moderation_admin.bulk import BULK_ACTIONS
from comments.moderation_admin.queue import CommentsAwaitingModerationPanel
from comments.moderation_admin.viewsets import (
    CommentPermissionPolicy,
    CommentViewSet,
    can_see_comments,
)
from comments.pipeline import comments_are_open
from comments.rendering import discussion_fragment_name
from comments.templatetags.comments_tags import comment_count
from comments.threads import (
    ABOUT_PARAMETER,
    argument_comment_counts,
    has_counted_comments,
    with_comment_counts,
)
from core.templating import render_in_context

# --- What comments add to content's pages ------------------------------------------------


@hooks.register("annotate_article_listing")
def annotate_comment_counts(articles):
    return with_comment_counts(articles)


@hooks.register("article_fragment_names")
def discussion_fragment(request, article):
    # Read with the article's own fragments, in the same round trip.
    name = discussion_fragment_name(request, article)
    return [name] if name else []


def _comments(count):
    return ngettext("%(count)s comment", "%(count)s comments", count) % {"count": count}


@hooks.register("insert_article_head")
def discussion_styles(context):
    return format_html('<link rel="stylesheet" href="{}">', static("comments/comments.css"))


@hooks.register("insert_article_meta")
def article_comment_count(context):
    return format_html(
        '<div class="article-meta__discussion"><dt>{}</dt>'
        '<dd><a href="#comments">{}</a></dd></div>',
        gettext("Discussion"),
        _comments(comment_count(context["page"])),
    )


@hooks.register("insert_article_contents")
def discussion_in_contents(context):
    return format_html('<li><a href="#comments">{}</a></li>', gettext("Discussion"))


def _comments_open(context, article):
    """Whether ``article`` takes comments, asked once per render of it."""
    if not hasattr(article, "_comments_open"):
        request = context.get("request")
        comment_settings = (
            CommentSettings.for_request(request)
            if request
            else CommentSettings.for_article(article)
        )
        article._comments_open = comments_are_open(article, comment_settings)
    return article._comments_open


@hooks.register("insert_argument_end")
def discuss_argument(context):
    """ "Discuss this point (N)" under an Argument: the article again with the discussion
    filtered to it and the form set to it (``?about=against-3``), a plain link. The count
    lives in the cached article, which every published or removed comment purges."""
    item, page = context.get("item"), context.get("page")
    anchor = getattr(item, "anchor", "")
    # Only where the article is shown with its discussion: its header has counted the
    # comments before the body (the counts below come from the same rows, no query of
    # their own). Not in a feed's copy of the body (a query per article; the entry ends
    # with a link to the discussion), nor in the preview of a page never saved.
    if not anchor or page is None or page.pk is None or not has_counted_comments(page):
        return ""
    count = argument_comment_counts(page).get(anchor, 0)
    is_open = _comments_open(context, page)
    if not is_open and not count:
        return ""
    if is_open:
        text = gettext("Discuss this point") if not count else _discuss_with_count(count)
    else:
        text = ngettext(
            "%(count)s comment on this point", "%(count)s comments on this point", count
        ) % {"count": count}
    # With comments to read, to the top of them; with none yet, straight to the form.
    target = "comments" if count else "comment-form"
    # The article's own address, not "?about=…" alone, wherever the body is copied to.
    return format_html(
        '<p class="argument__discuss"><a href="{}?{}={}#{}" data-discuss-argument'
        ' aria-describedby="{}-claim">{}</a></p>',
        page.get_url(context.get("request")) or "",
        ABOUT_PARAMETER,
        anchor,
        target,
        anchor,
        text,
    )


def _discuss_with_count(count):
    return ngettext(
        "Discuss this point (%(count)s comment)",
        "Discuss this point (%(count)s comments)",
        count,
    ) % {"count": count}


@hooks.register("count_argument_discussion")
def argument_discussion_counts(article, article_pks):
    """For the editors' weighing report: per Argument, the comments about it in all the
    article's languages (published, and waiting for a moderator), and where readers read
    that discussion."""
    rows = (
        Comment.objects.filter(article__in=article_pks)
        .exclude(argument="")
        .values("argument")
        .annotate(
            published=Count("pk", filter=Q(status=CommentStatus.APPROVED)),
            waiting=Count("pk", filter=Q(status=CommentStatus.PENDING)),
        )
    )
    address = article.url or ""
    return {
        row["argument"]: {
            "published": row["published"],
            "waiting": row["waiting"],
            "url": f"{address}?{ABOUT_PARAMETER}={row['argument']}#comments",
        }
        for row in rows
    }


@hooks.register("insert_article_end")
def discussion(context):
    section = render_in_context(context, "comments/section.html", article=context["page"])
    return format_html('<div class="discussion-frame">\n{}</div>', section)


@hooks.register("insert_card_meta")
def card_comment_count(context):
    return format_html(
        ' · <span class="card__comments">{}</span>', _comments(comment_count(context["article"]))
    )


# --- The admin ---------------------------------------------------------------------------


register_permission_policy(Comment, CommentPermissionPolicy(Comment))
register_snippet(CommentViewSet)

hooks.register("register_log_actions", register_moderation_log_actions)

# Registered after Wagtail's own snippet actions (order), so that "Delete" on comments
# is ours (erase, keep the thread, record it) rather than the snippets' hard delete.
for bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action, order=100)


@hooks.register("construct_homepage_panels")
def add_comments_awaiting_moderation_panel(request, panels):
    if can_see_comments(request.user):
        panels.append(CommentsAwaitingModerationPanel())


@hooks.register("insert_global_admin_css")
def pending_count_badge_css():
    return format_html('<link rel="stylesheet" href="{}">', versioned_static("comments/admin.css"))

"""The moderation pipeline: what happens to a comment between "Send" and the page.

Each step is a small function that looks at one `Submission` and either lets it through
(returns None), rejects it (raises `Rejection`, which sends the form back with the reader's
text and a message) or holds it for an editor (returns a `Hold`). The steps run in the
order of `STEPS`; the first rejection or hold ends the run. Every threshold comes from
the site's CommentSettings, which editors change in the Wagtail admin.
"""

import math
import re
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import urlize
from django.utils.translation import gettext, ngettext

from comments import privacy
from comments.languages import active_language
from comments.models import (
    Comment,
    CommentSettings,
    CommentStatus,
    HeldReason,
    ModerationMode,
    PostingRecord,
    parse_id,
)
from comments.tokens import FormToken, TokenError, claim_form_token, read_manage_token
from core.resilient_cache import CacheUnavailable

RATE_LIMIT_WINDOW = timedelta(hours=1)
REPEAT_WINDOW = timedelta(hours=24)


class Rejection(Exception):
    """The comment cannot be accepted; `message` says why, beside `field` if there is one."""

    def __init__(self, message, *, field=None, status=400, code="rejected", retry_after=None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status
        self.code = code
        self.retry_after = retry_after  # seconds, for a 429's Retry-After


@dataclass(frozen=True)
class Hold:
    """Hold the comment for an editor, for this reason."""

    reason: str
    detail: str = ""


@dataclass
class Submission:
    """Everything the steps need to judge one posted comment (or an author's edit).

    `data` is the form's cleaned data: only the fields that passed the form's own checks.
    When any field failed, `form_is_valid` is False and the pipeline refuses the comment at
    its "empty or too long" step, after the checks that come before it.
    """

    article: object
    settings: CommentSettings
    data: dict
    form_is_valid: bool = True
    honeypot_filled: bool = False
    client_key: str = ""  # the sender's address, hashed (privacy.ClientKeys.address)
    network_key: str = ""  # the sender's network, hashed (privacy.ClientKeys.network)
    token: FormToken | None = None
    token_error: TokenError | None = None
    cross_origin: bool = False
    now: object = field(default_factory=timezone.now)
    #: The language it is written in: the one the page it was sent from is in.
    language: str = field(default_factory=active_language)
    #: For an author's edit: the key hash of the comment, proven by the private link the
    #: edit came through.
    holder_key_hash: str = ""

    @property
    def body(self):
        return self.data.get("body", "")

    @cached_property
    def parent(self):
        return resolve_parent(self.article, self.data.get("parent", ""))

    @cached_property
    def email_hash(self):
        return privacy.email_hash(self.data.get("email", ""))

    @cached_property
    def returning_manage_key(self):
        """The key from the commenter's earlier manage link, if the form carried one."""
        token = self.data.get("manage_token", "")
        if not token:
            return ""
        try:
            return read_manage_token(token, max_age_days=self.settings.manage_link_max_age_days)
        except TokenError:
            return ""

    @cached_property
    def manage_key(self):
        return self.returning_manage_key or privacy.new_manage_key()

    @cached_property
    def manage_key_hash(self):
        return privacy.manage_key_hash(self.manage_key)

    @cached_property
    def proven_manage_key_hash(self):
        """The hash of a key the sender has shown they hold (their signed private link),
        or "": the only thing that makes a commenter a returning one."""
        return self.holder_key_hash or privacy.manage_key_hash(self.returning_manage_key)


# --- helpers shared with the views and templates -------------------------------------


def comments_are_open(article, settings):
    """Closed by the article's own switch, or automatically N days after publication."""
    if not getattr(article, "comments_open", True):
        return False
    if settings.close_after_days and article.first_published:
        closes_on = article.first_published + timedelta(days=settings.close_after_days)
        if timezone.localdate() >= closes_on:
            return False
    return True


def resolve_parent(article, raw_parent_id):
    """The approved comment on this article that a reply answers; Rejection otherwise."""
    raw_parent_id = (raw_parent_id or "").strip()
    if not raw_parent_id:
        return None
    message_tail = gettext(" If you send it again it will be posted as a new comment.")
    parent_id = parse_id(raw_parent_id)
    if parent_id is None:
        raise Rejection(
            gettext("The comment you replied to does not exist.") + message_tail, code="parent"
        )
    parent = Comment.objects.filter(pk=parent_id).first()
    if parent is None or parent.article_id != article.pk:
        raise Rejection(
            gettext("The comment you replied to does not exist on this article.") + message_tail,
            code="parent",
        )
    if parent.status == CommentStatus.DELETED:
        raise Rejection(
            gettext("The comment you replied to has been deleted.") + message_tail, code="parent"
        )
    if parent.status != CommentStatus.APPROVED:
        raise Rejection(
            gettext("The comment you replied to is not published, so it cannot be answered yet.")
            + message_tail,
            code="parent",
        )
    return parent


def find_listed_word(text, words):
    """The first listed word or phrase in text (case-insensitive, whole words), or ""."""
    folded = text.casefold()
    for word in words:
        needle = word.casefold()
        if needle.isascii():
            if re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", folded):
                return word
        elif needle in folded:  # scripts without spaces between words (e.g. Chinese)
            return word
    return ""


def count_links(text):
    """How many links the comment will show: exactly what the renderer turns into links."""
    return urlize(text).count("<a ")


# --- the steps, in order ---------------------------------------------------------------


def check_article_open(sub):
    if not comments_are_open(sub.article, sub.settings):
        raise Rejection(
            gettext(
                "Comments on this article are closed, so your comment was not posted. "
                "Your text is still below if you want to keep a copy."
            ),
            code="closed",
        )


def check_empty_or_too_long(sub):
    """Field errors (empty, whitespace only, too long, NUL bytes…) from the form itself."""
    if not sub.form_is_valid:
        raise Rejection(gettext("Please correct the marked fields."), code="invalid")
    sub.parent  # noqa: B018 - resolves the reply target now, raising Rejection if it is bad


def check_spam_traps(sub):
    if sub.cross_origin:
        raise Rejection(
            gettext(
                "This form was sent from another website, so it was not accepted. "
                "Please send it from this page."
            ),
            code="origin",
        )
    if sub.honeypot_filled:
        raise Rejection(
            gettext(
                "A field meant to stay empty was filled in, as automated spam does. "
                "If you are a person, clear the 'Leave this field empty' field and send again."
            ),
            code="honeypot",
        )
    if sub.token_error:
        raise Rejection(sub.token_error.message, code="token")
    if sub.token.article_id != sub.article.pk:
        raise Rejection(
            gettext("This form belongs to another article. Please send your comment again."),
            code="token",
        )
    if sub.token.seconds_since_started(sub.now.timestamp()) < sub.settings.min_fill_seconds:
        raise Rejection(
            gettext(
                "That was sent faster than a person can write. "
                "Please wait a moment and send it again."
            ),
            code="too_fast",
        )
    max_age = sub.settings.form_token_max_age_hours * 3600
    # One form serves many comments: an article page is cached and shared, so its token is
    # too. What a token cannot do twice is carry the same words to the same place from the
    # same network: a replay. A different comment, or a reply elsewhere, goes through.
    words = " ".join(sub.body.split())
    scope = f"{sub.data.get('parent', '')}|{words}"
    try:
        claimed = claim_form_token(sub.token, sub.client_key, max_age, scope=scope)
    except CacheUnavailable as error:
        # Fail safe: without the record of used forms, nothing is posted unchecked.
        raise Rejection(
            gettext(
                "Part of the site is restarting, so your comment could not be checked and was "
                "not posted. Nothing you wrote is lost: please send it again in a minute."
            ),
            status=503,
            code="unavailable",
        ) from error
    if not claimed:
        raise Rejection(
            gettext(
                "This comment has already been sent from this form, so it was not sent again. "
                "Your text is below."
            ),
            code="replay",
        )


def check_banned_words(sub):
    word = find_listed_word(
        f"{sub.data.get('display_name', '')}\n{sub.body}", sub.settings.banned_word_list
    )
    if word:
        raise Rejection(
            gettext(
                "Comments containing “%(word)s” are not accepted here. "
                "Please rephrase and send again."
            )
            % {"word": word},
            field="body",
            code="banned_word",
        )


def _limit_reached(limit, postings, since):
    """When one more may be sent, if ``limit`` postings (times) are already in the window.

    None if the limit is 0 (off) or not reached. Otherwise the limit-th newest posting's
    time: once it leaves the window, the count drops below the limit.
    """
    if not limit:
        return None
    limit_th_newest = (
        postings.filter(created__gte=since)
        .order_by("-created")
        .values_list("created", flat=True)[limit - 1 : limit]
    )
    return next(iter(limit_th_newest), None)


def _wait(sub, oldest_counted):
    """(seconds, "about N minutes") until the counted posting leaves the window."""
    seconds = max(1, math.ceil((oldest_counted + RATE_LIMIT_WINDOW - sub.now).total_seconds()))
    minutes = max(1, math.ceil(seconds / 60))
    return seconds, ngettext("about %(minutes)d minute", "about %(minutes)d minutes", minutes) % {
        "minutes": minutes
    }


def check_rate_limits(sub):
    """Three limits per hour, each refusal naming its own: this connection (the full
    address), its network (IPv4 /24, IPv6 /64, higher) and the article (published
    comments only: held spam never pauses a discussion)."""
    since = sub.now - RATE_LIMIT_WINDOW
    per_client = sub.settings.rate_limit_per_client
    if oldest := _limit_reached(
        per_client, PostingRecord.objects.filter(client_key=sub.client_key), since
    ):
        seconds, wait = _wait(sub, oldest)
        raise Rejection(
            ngettext(
                "You have posted %(count)d comment in the last hour from this connection, the "
                "most we accept from one. You can send this one in %(wait)s; your text is below.",
                "You have posted %(count)d comments in the last hour from this connection, the "
                "most we accept from one. You can send this one in %(wait)s; your text is below.",
                per_client,
            )
            % {"count": per_client, "wait": wait},
            status=429,
            code="rate_client",
            retry_after=seconds,
        )
    per_network = sub.settings.rate_limit_per_network
    if oldest := _limit_reached(
        per_network, PostingRecord.objects.filter(network_key=sub.network_key), since
    ):
        seconds, wait = _wait(sub, oldest)
        raise Rejection(
            gettext(
                "Many comments came from your network in the last hour (%(count)d, the most we "
                "accept from one network, such as an office, a school or a mobile provider). "
                "This is not about anything you did. You can send yours in %(wait)s; your "
                "text is below."
            )
            % {"count": per_network, "wait": wait},
            status=429,
            code="rate_network",
            retry_after=seconds,
        )
    per_article = sub.settings.rate_limit_per_article
    if oldest := _limit_reached(
        per_article,
        Comment.objects.filter(article=sub.article, status=CommentStatus.APPROVED),
        since,
    ):
        seconds, wait = _wait(sub, oldest)
        raise Rejection(
            gettext(
                "This article has published so many comments in the last hour that we have "
                "paused new ones for a while. You can send yours in %(wait)s; your text is "
                "below."
            )
            % {"wait": wait},
            status=429,
            code="rate_article",
            retry_after=seconds,
        )


def check_repeated_post(sub):
    since = sub.now - REPEAT_WINDOW
    same_client = PostingRecord.objects.filter(
        client_key=sub.client_key, body_digest=privacy.body_digest(sub.body), created__gte=since
    )
    identities = Q(manage_key_hash=sub.manage_key_hash)
    if sub.email_hash:
        identities |= Q(email_hash=sub.email_hash)
    same_author = Comment.objects.filter(
        identities, article=sub.article, body=sub.body, created__gte=since
    ).exclude(status=CommentStatus.DELETED)
    if same_client.exists() or same_author.exists():
        raise Rejection(
            gettext("You have already posted this exact comment. It is not posted twice."),
            field="body",
            code="repeated",
        )


def check_links(sub):
    threshold = sub.settings.link_threshold
    links = count_links(sub.body)
    if threshold and links >= threshold:
        return Hold(HeldReason.LINKS, f"{links} links")
    return None


def check_watch_words(sub):
    word = find_listed_word(
        f"{sub.data.get('display_name', '')}\n{sub.body}", sub.settings.watch_word_list
    )
    return Hold(HeldReason.WATCH_LIST, f"“{word}”") if word else None


def is_returning_commenter(manage_key_hash):
    """Someone with an approved comment, recognised by a private key they have shown they
    hold. Never by an email address: anyone can type anyone's address."""
    if not manage_key_hash:
        return False
    return Comment.objects.filter(
        manage_key_hash=manage_key_hash, status=CommentStatus.APPROVED
    ).exists()


def check_moderation_mode(sub):
    mode = sub.settings.moderation_mode
    if mode == ModerationMode.HOLD_ALL:
        return Hold(HeldReason.HOLD_ALL)
    if mode == ModerationMode.HOLD_FIRST_TIME and not is_returning_commenter(
        sub.proven_manage_key_hash
    ):
        return Hold(HeldReason.FIRST_TIME)
    return None


STEPS = [
    check_article_open,
    check_empty_or_too_long,
    check_spam_traps,
    check_banned_words,
    check_rate_limits,
    check_repeated_post,
    check_links,
    check_watch_words,
    check_moderation_mode,
]


def run_steps(sub, steps=STEPS):
    """Run the steps; raise the first Rejection, return the first Hold (or None)."""
    for step in steps:
        hold = step(sub)
        if hold:
            return hold
    return None


@dataclass
class Outcome:
    """A saved comment and the private key its author needs to manage it."""

    comment: Comment
    manage_key: str


def accept(sub):
    """Run the pipeline and save the comment. Raises Rejection if it is not accepted."""
    hold = run_steps(sub)
    email = sub.data.get("email", "")
    wants_replies = bool(sub.data.get("notify_on_reply") and email)
    # A decision notice only means something while an editor has yet to decide.
    wants_decision = bool(sub.data.get("notify_on_decision") and email and hold)
    comment = Comment(
        article=sub.article,
        parent=sub.parent,
        depth=(sub.parent.depth + 1) if sub.parent else 1,
        # A reply is about what its thread is about.
        argument=sub.parent.argument if sub.parent else sub.data.get("about", ""),
        display_name=sub.data["display_name"],
        body=sub.body,
        status=CommentStatus.PENDING if hold else CommentStatus.APPROVED,
        held_reason=hold.reason if hold else HeldReason.NONE,
        held_detail=hold.detail if hold else "",
        needs_review=not hold
        and sub.settings.moderation_mode == ModerationMode.PUBLISH_THEN_REVIEW,
        created=sub.now,
        language=sub.language,
        email_hash=sub.email_hash,
        manage_key_hash=sub.manage_key_hash,
    )
    if comment.needs_review:
        comment.held_reason = HeldReason.REVIEW_AFTER
    if wants_replies or wants_decision:
        comment.start_notifications(email, replies=wants_replies, decision=wants_decision)
    with transaction.atomic():
        comment.save()
        PostingRecord.objects.create(
            client_key=sub.client_key,
            network_key=sub.network_key,
            article=sub.article,
            body_digest=privacy.body_digest(sub.body),
            created=sub.now,
        )
    return Outcome(comment=comment, manage_key=sub.manage_key)


#: The steps an author's edit goes through again: a new comment's checks, except those
#: about sending (form token, rate limits, repeats) that an edit through the private link
#: does not repeat. An edit of a published comment is held when the moderation mode
#: would hold a new comment from its author.
EDIT_STEPS = [check_banned_words, check_links, check_watch_words, check_moderation_mode]


def review_edit(comment, new_body, settings):
    """Check an author's edit like a new comment; raise Rejection or return a Hold."""
    edit = Submission(
        article=comment.article,
        settings=settings,
        data={"display_name": comment.display_name, "body": new_body},
        holder_key_hash=comment.manage_key_hash,
    )
    return run_steps(edit, EDIT_STEPS)

"""The comments app's data: comments, reader reports, rate-limit records and settings.

What is stored about a commenter, and for how long, is deliberately small:

* a comment's display name and text, for as long as the comment exists, and the language
  it was written in (a code such as "zh-hans", to answer its author in that language);
* their email address only if they asked to be told about replies (cleared when they
  unsubscribe or delete the comment) or about an editor's decision on a held comment
  (cleared once that one email is sent); otherwise at most a keyed hash of it, which
  notices a repeated comment and replies to oneself, and never earns trust;
* a hash of their private manage key (the key itself is only ever in their link);
* for rate limiting, a keyed hash of the network address and one of its network (/24 for
  IPv4, /64 for IPv6), made with a secret that rotates daily; hashes and secrets are
  deleted after 30 days by `manage.py purge_comment_keys`. No raw IP address is stored
  anywhere.
"""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from comments.languages import default_language, language_name

#: Replies deeper than this are shown at this level, with "replying to NAME".
MAX_DISPLAY_DEPTH = 4
MAX_BODY_LENGTH = 5000
MAX_NAME_LENGTH = 50
#: An Argument's link id: "q12-against-1234" is 16; room for any the site could give.
MAX_ARGUMENT_LENGTH = 40
DELETED_BY_AUTHOR_TEXT = gettext_lazy("[deleted by its author]")
MAX_ID = 2**63 - 1  # the largest primary key any supported database can hold


def parse_id(raw):
    """A primary key from untrusted text or a URL, or None if it cannot be one."""
    raw = str(raw if raw is not None else "").strip()
    if not raw.isdigit() or not raw.isascii():
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ID else None


class CommentStatus(models.TextChoices):
    """Where a comment stands. Only APPROVED comments are shown to readers."""

    PENDING = "pending", gettext_lazy("Held for moderation")
    APPROVED = "approved", gettext_lazy("Approved")
    REJECTED = "rejected", gettext_lazy("Rejected")
    SPAM = "spam", gettext_lazy("Spam")
    DELETED = "deleted", gettext_lazy("Deleted")
    HIDDEN = "hidden", gettext_lazy("Hidden after reader reports")


class HeldReason(models.TextChoices):
    """Why a comment was held for (or flagged for) moderation; blank when it was not."""

    NONE = "", gettext_lazy("Not held")
    HOLD_ALL = "hold_all", gettext_lazy("Every comment is read by an editor before it appears")
    FIRST_TIME = "first_time", gettext_lazy("First comment from this commenter")
    LINKS = "links", gettext_lazy("Contains links")
    WATCH_LIST = "watch_list", gettext_lazy("Contains a word on the watch list")
    REPORTS = "reports", gettext_lazy("Reported by readers")
    REVIEW_AFTER = "review_after", gettext_lazy("Published; awaiting review by an editor")
    EDITED = "edited", gettext_lazy("Edited by its author after it was published")


class RejectionReason(models.TextChoices):
    """Why an editor did not publish a comment. The commenter is told, if they asked."""

    OFF_TOPIC = "off_topic", gettext_lazy("Off-topic")
    ABUSE = "abuse", gettext_lazy("Abusive or hateful")
    PERSONAL_INFORMATION = "personal", gettext_lazy("Reveals someone's personal information")
    UNCHECKABLE = "uncheckable", gettext_lazy("States as fact what we could not check")
    ADVERTISING = "advertising", gettext_lazy("Advertising or self-promotion")
    OTHER = "other", gettext_lazy("Against the discussion rules in another way")


#: What each reason means, in words for the commenter.
REJECTION_EXPLANATIONS = {
    RejectionReason.OFF_TOPIC: gettext_lazy(
        "It is not about the article or the discussion under it."
    ),
    RejectionReason.ABUSE: gettext_lazy(
        "It attacks or insults people instead of discussing what they say."
    ),
    RejectionReason.PERSONAL_INFORMATION: gettext_lazy(
        "It reveals personal information about someone."
    ),
    RejectionReason.UNCHECKABLE: gettext_lazy(
        "It states something as fact that the editors could not check, and gives no source."
    ),
    RejectionReason.ADVERTISING: gettext_lazy("It advertises a product, a service or a website."),
    RejectionReason.OTHER: gettext_lazy("It does not follow the discussion rules."),
}


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=CommentStatus.APPROVED)

    def held(self):
        """Comments waiting for an editor: held on posting or hidden by reports."""
        return self.filter(status__in=[CommentStatus.PENDING, CommentStatus.HIDDEN])

    def needing_review(self):
        """Everything the moderation queue shows: held, hidden, or published-for-review."""
        return self.filter(
            models.Q(status__in=[CommentStatus.PENDING, CommentStatus.HIDDEN])
            | models.Q(status=CommentStatus.APPROVED, needs_review=True)
        )

    def posted_with_manage_key(self, manage_key_hash):
        return self.filter(manage_key_hash=manage_key_hash).exclude(manage_key_hash="")


class Comment(models.Model):
    """A reader's comment on an article, or a reply to another comment."""

    article = models.ForeignKey(
        "content.ArticlePage", on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        help_text=gettext_lazy("The comment this one answers; empty for a new thread."),
    )
    root = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=gettext_lazy(
            "The comment that starts this one's thread; empty for that first comment. "
            "Lets a page of threads be read without the rest of the discussion."
        ),
    )
    depth = models.PositiveSmallIntegerField(
        default=1,
        editable=False,
        help_text=gettext_lazy("1 for a new thread, 2 for a reply to it, …"),
    )
    argument = models.CharField(
        max_length=MAX_ARGUMENT_LENGTH,
        blank=True,
        default="",
        verbose_name=gettext_lazy("About the argument"),
        help_text=gettext_lazy(
            "The link id of the Argument the comment discusses ('against-3'), checked "
            "against the article when it was posted; a reply takes its thread's. Empty: "
            "the article as a whole."
        ),
    )
    display_name = models.CharField(max_length=MAX_NAME_LENGTH)
    body = models.TextField(
        help_text=gettext_lazy("Plain text; paragraphs and links are rendered safely.")
    )
    previous_body = models.TextField(
        blank=True,
        help_text=gettext_lazy(
            "The text before its author's edits, kept until an editor has seen the "
            "change (approving the comment clears it)."
        ),
    )
    status = models.CharField(
        max_length=16, choices=CommentStatus.choices, default=CommentStatus.PENDING, db_index=True
    )
    held_reason = models.CharField(
        max_length=16, choices=HeldReason.choices, blank=True, default=HeldReason.NONE
    )
    held_detail = models.CharField(
        max_length=200,
        blank=True,
        help_text=gettext_lazy("The specifics, e.g. which watch-list word or how many links."),
    )
    needs_review = models.BooleanField(
        default=False,
        help_text=gettext_lazy(
            "Published under 'publish and review after': an editor has not read it yet."
        ),
    )
    created = models.DateTimeField(default=timezone.now, db_index=True)
    edited = models.DateTimeField(null=True, blank=True)
    language = models.CharField(
        max_length=16,
        default=default_language,
        db_index=True,
        help_text=gettext_lazy(
            "The language it was written in (one of settings.LANGUAGES): its author is "
            "answered in it."
        ),
    )

    # Identity without an account. None of these is ever shown to readers.
    email_hash = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        help_text=gettext_lazy("Keyed hash of the email address."),
    )
    email = models.EmailField(
        blank=True,
        help_text=gettext_lazy("Kept only while the commenter wants to be told about replies."),
    )
    notify_on_reply = models.BooleanField(default=False)
    notify_on_decision = models.BooleanField(
        default=False,
        help_text=gettext_lazy(
            "Email the commenter once, when an editor publishes or rejects this held "
            "comment; the address is then forgotten unless reply notices were asked for too."
        ),
    )
    rejection_reason = models.CharField(
        max_length=16,
        choices=RejectionReason.choices,
        blank=True,
        help_text=gettext_lazy("Why an editor did not publish it; the commenter is told."),
    )
    unsubscribe_token = models.CharField(max_length=64, blank=True, db_index=True)
    manage_key_hash = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        help_text=gettext_lazy("Hash of the private key in the commenter's manage link."),
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        indexes = [
            models.Index(fields=["article", "status", "created"]),
            # The threads of a discussion, oldest first: one page of them is read at a time.
            models.Index(
                fields=["article", "created", "id"],
                condition=models.Q(parent__isnull=True),
                name="comment_thread_starts",
            ),
            # The moderation queue and its count in the admin's menu (see
            # comments.moderation_admin.actions.awaiting_moderation).
            models.Index(
                fields=["created", "id"],
                condition=models.Q(status__in=[CommentStatus.PENDING, CommentStatus.HIDDEN])
                | models.Q(status=CommentStatus.APPROVED, needs_review=True),
                name="comment_awaiting_moderation",
            ),
        ]

    def __str__(self):
        return f"{self.display_name or 'Deleted comment'}: {self.excerpt()}"

    def save(self, *args, **kwargs):
        if self.parent_id is not None and self.root_id is None:
            self.root_id = self.parent.root_id or self.parent_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.article.url}#{self.anchor}"

    def excerpt(self, length=80):
        text = " ".join(self.body.split())
        return text if len(text) <= length else text[: length - 1].rstrip() + "…"

    @property
    def anchor(self):
        return f"comment-{self.pk}"

    @property
    def argument_headline(self):
        """The headline of the Argument this comment discusses, as the article has it now;
        "" for none, or for one no longer in the article."""
        return article_arguments(self.article).get(self.argument, "") if self.argument else ""

    @property
    def language_name(self):
        return language_name(self.language)

    @property
    def is_visible(self):
        return self.status == CommentStatus.APPROVED

    @property
    def is_held(self):
        return self.status in (CommentStatus.PENDING, CommentStatus.HIDDEN)

    def stop_notifications(self):
        """Forget the email address: used on unsubscribe and on deletion."""
        self.email = ""
        self.notify_on_reply = False
        self.notify_on_decision = False
        self.unsubscribe_token = ""

    def start_notifications(self, email, *, replies=True, decision=False):
        self.email = email
        self.notify_on_reply = replies
        self.notify_on_decision = decision
        self.unsubscribe_token = secrets.token_urlsafe(32)

    def take_decision_notice(self):
        """The address to tell of an editor's decision (or ""), forgotten as it is taken
        unless reply notices still need it. The caller saves the comment."""
        if not (self.notify_on_decision and self.email):
            return ""
        email = self.email
        self.notify_on_decision = False
        if not self.notify_on_reply:
            self.stop_notifications()
        return email

    @property
    def rejection_explanation(self):
        return REJECTION_EXPLANATIONS.get(self.rejection_reason, "")

    def erase(self):
        """Take the comment back: its words and name are gone, its place in a thread stays."""
        self.status = CommentStatus.DELETED
        self.body = ""
        self.previous_body = ""
        self.display_name = ""
        self.held_reason = HeldReason.NONE
        self.held_detail = ""
        self.needs_review = False
        self.stop_notifications()


class ReportReason(models.TextChoices):
    SPAM = "spam", gettext_lazy("Spam or advertising")
    ABUSE = "abuse", gettext_lazy("Abusive or hateful")
    PERSONAL_INFORMATION = "personal", gettext_lazy("Reveals someone's personal information")
    OFF_TOPIC = "off_topic", gettext_lazy("Off-topic")
    OTHER = "other", gettext_lazy("Something else")


class CommentReport(models.Model):
    """A reader's report that a comment breaks the rules."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(max_length=16, choices=ReportReason.choices)
    details = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)
    client_key = models.CharField(
        max_length=64,
        blank=True,
        help_text=gettext_lazy(
            "Rotating keyed hash of the reporter's truncated address; purged after 30 days."
        ),
    )
    dismissed = models.BooleanField(
        default=False,
        help_text=gettext_lazy("Set when an editor reviewed the comment and kept it."),
    )

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"{self.get_reason_display()} — comment {self.comment_id}"


class ClientKeySecret(models.Model):
    """The random secret that turns a truncated address into a client key, one per day.

    Once a day's secret is deleted, the keys made with it can no longer be linked back to
    any address, even by someone holding the database and SECRET_KEY.
    """

    day = models.DateField(unique=True)
    secret = models.CharField(max_length=64)

    def __str__(self):
        return f"Client-key secret for {self.day}"


class PostingRecord(models.Model):
    """One comment posted, remembered briefly for rate limits and duplicate detection."""

    client_key = models.CharField(
        max_length=64,
        db_index=True,
        help_text=gettext_lazy("Rotating keyed hash of the sender's address (one connection)."),
    )
    network_key = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        help_text=gettext_lazy("Rotating keyed hash of the sender's network (IPv4 /24, IPv6 /64)."),
    )
    article = models.ForeignKey(
        "content.ArticlePage", null=True, on_delete=models.CASCADE, related_name="+"
    )
    body_digest = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"Posting by {self.client_key[:8]}… at {self.created:%Y-%m-%d %H:%M}"


class ModerationMode(models.TextChoices):
    HOLD_ALL = "hold_all", gettext_lazy("Hold every comment for moderation")
    HOLD_FIRST_TIME = "hold_first_time", gettext_lazy("Hold first-time commenters (recommended)")
    PUBLISH_THEN_REVIEW = "publish_then_review", gettext_lazy("Publish at once, review afterwards")


@register_setting(icon="comment")
class CommentSettings(BaseSiteSetting):
    """How the comments pipeline treats new comments on this site.

    Steps run in this order: closed article → empty or too long → spam traps → banned
    words (rejected) → rate limits → repeated post → links (held) → watch-list words
    (held) → first-time commenter (held) → published.
    """

    moderation_mode = models.CharField(
        max_length=24, choices=ModerationMode.choices, default=ModerationMode.HOLD_FIRST_TIME
    )
    close_after_days = models.PositiveIntegerField(
        default=0,
        help_text=gettext_lazy(
            "Close comments this many days after an article is first published. 0: never."
        ),
    )
    min_fill_seconds = models.PositiveIntegerField(
        default=3,
        help_text=gettext_lazy(
            "Forms sent faster than this after the page was loaded are treated as bots."
        ),
    )
    form_token_max_age_hours = models.PositiveIntegerField(
        default=24,
        help_text=gettext_lazy(
            "A comment form older than this must be reloaded before it can be sent."
        ),
    )
    manage_link_max_age_days = models.PositiveIntegerField(
        default=365,
        help_text=gettext_lazy("How long a commenter's private manage link keeps working."),
    )
    banned_words = models.TextField(
        blank=True,
        help_text=gettext_lazy(
            "One word or phrase per line. Comments containing one are rejected."
        ),
    )
    watch_words = models.TextField(
        blank=True,
        help_text=gettext_lazy(
            "One word or phrase per line. Comments containing one are held for review."
        ),
    )
    link_threshold = models.PositiveIntegerField(
        default=2,
        help_text=gettext_lazy(
            "Hold comments with this many links or more. 0: never hold for links."
        ),
    )
    rate_limit_per_client = models.PositiveIntegerField(
        default=5,
        help_text=gettext_lazy(
            "Comments one connection (one network address) may post per hour. 0: no limit."
        ),
    )
    rate_limit_per_network = models.PositiveIntegerField(
        default=20,
        help_text=gettext_lazy(
            "Comments one network may post per hour: everyone in an office, a school or a "
            "mobile provider's block of addresses (IPv4 /24, IPv6 /64) together. Keep it well "
            "above the limit per connection. 0: no limit."
        ),
    )
    rate_limit_per_article = models.PositiveIntegerField(
        default=60,
        help_text=gettext_lazy(
            "Published comments an article accepts per hour; comments waiting for an editor "
            "do not count, so held spam never pauses a discussion. 0: no limit."
        ),
    )
    report_threshold = models.PositiveIntegerField(
        default=3,
        help_text=gettext_lazy("Hide a comment for review after this many reader reports."),
    )
    notify_editors = models.BooleanField(
        default=True, help_text=gettext_lazy("Email the addresses below when a comment is held.")
    )
    editor_emails = models.TextField(
        blank=True, help_text=gettext_lazy("One address per line: who is told about held comments.")
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("moderation_mode"), FieldPanel("close_after_days")],
            heading=gettext_lazy("Moderation"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("banned_words"),
                FieldPanel("watch_words"),
                FieldPanel("link_threshold"),
            ],
            heading=gettext_lazy("Words and links"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("min_fill_seconds"),
                FieldPanel("form_token_max_age_hours"),
                FieldPanel("rate_limit_per_client"),
                FieldPanel("rate_limit_per_network"),
                FieldPanel("rate_limit_per_article"),
            ],
            heading=gettext_lazy("Spam and rate limits"),
        ),
        MultiFieldPanel(
            [FieldPanel("report_threshold"), FieldPanel("manage_link_max_age_days")],
            heading=gettext_lazy("Readers and commenters"),
        ),
        MultiFieldPanel(
            [FieldPanel("notify_editors"), FieldPanel("editor_emails")],
            heading=gettext_lazy("Notifications"),
        ),
    ]

    class Meta:
        verbose_name = gettext_lazy("comment settings")

    @classmethod
    def for_article(cls, article):
        """The settings of the site the article belongs to (defaults if it has none)."""
        site = article.get_site()
        return cls.for_site(site) if site else cls()

    @staticmethod
    def _lines(text):
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def banned_word_list(self):
        return self._lines(self.banned_words)

    @property
    def watch_word_list(self):
        return self._lines(self.watch_words)

    @property
    def editor_email_list(self):
        return self._lines(self.editor_emails)


def article_model():
    """The page model comments hang on, as ``Comment.article`` names it (by its label):
    the comments app imports no page model."""
    return Comment._meta.get_field("article").related_model


def article_arguments(article):
    """{link id: headline} of ``article``'s Arguments, in reading order, read once per
    article instance. Asked of the page itself (``ArticlePage.argument_headlines``), so
    comments name no part of content; {} for a page that has none."""
    if article is None:
        return {}
    headlines = getattr(article, "_argument_headlines", None)
    if headlines is None:
        read = getattr(article, "argument_headlines", None)
        headlines = read() if callable(read) else {}
        article._argument_headlines = headlines
    return headlines

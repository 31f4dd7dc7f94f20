"""Snippets shared by many pages: the Sources that arguments cite, and Topics."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Orderable, TranslatableMixin
from wagtail.search import index

from content.citations import known_sources_for
from content.editorial.source_health import next_scheduled_check

# The Internet Archive's list of the copies it holds of an address ("*" = every date).
ARCHIVE_LOOKUP = "https://web.archive.org/web/*/"


def comparable_url(url):
    """A URL reduced to what makes two links the same page (scheme, case, trailing slash)."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.netloc.lower().removeprefix('www.')}{path}{query}"


class SourceChecksPanel(HelpPanel):
    """The top of a Source's form: its last link check, when the next one runs, a button to
    check now, and what is worth fixing."""

    class BoundPanel(HelpPanel.BoundPanel):
        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["next_check"] = next_scheduled_check()
            return context


class SourceQuerySet(models.QuerySet):
    """Sources; ``in_bulk`` is answered from memory while a page renders with its Sources
    already fetched (see content.citations.known_sources)."""

    def in_bulk(self, id_list=None, *, field_name="pk"):
        unfiltered = not self.query.has_filters() and not self.query.is_sliced
        if id_list is not None and field_name == "pk" and unfiltered:
            known = known_sources_for(id_list)
            if known is not None:
                return known
        # The Sources list names a republication's original: fetched in the same query.
        sources = self.select_related("republication_of")
        if not reading_default_language():
            # And shows each Source's text in the page's language: one more query for all
            # of them (a page in the default language reads the Sources' own text).
            sources = sources.prefetch_related("descriptions", "republication_of__descriptions")
        return super(SourceQuerySet, sources).in_bulk(id_list, field_name=field_name)


class Source(index.Indexed, ClusterableModel):
    """One work that an article cites, described as a careful reference manager would.

    Articles point at the record, never at a copy of its text: fixing a Source fixes every
    article that cites it. One record serves every language (its number and link are the
    same in both versions of an article); what it says *about* the work in the site's
    default language is on the record, and in any other language in a SourceDescription
    (docs/translation.md, "Sources in both languages").
    """

    class Kind(models.TextChoices):
        PRESS = "press", gettext_lazy("Press")
        OFFICIAL = "official", gettext_lazy("Official")
        ACADEMIC = "academic", gettext_lazy("Academic")
        NGO = "ngo", gettext_lazy("NGO")
        VIDEO = "video", gettext_lazy("Video")
        OTHER = "other", gettext_lazy("Other")

    class LinkStatus(models.TextChoices):
        """What the source checker (``manage.py check_sources``) last found at the URL."""

        UNCHECKED = "unchecked", gettext_lazy("Not checked")
        OK = "ok", gettext_lazy("OK")
        REDIRECTED = "redirected", gettext_lazy("Redirected")
        DEAD = "dead", gettext_lazy("Dead")
        UNREACHABLE = "unreachable", gettext_lazy("Unreachable")

    title = models.CharField(
        max_length=500, help_text=gettext_lazy("The headline or title, as published.")
    )
    publisher = models.CharField(
        max_length=200, help_text=gettext_lazy("e.g. 'Daily Mail Online'.")
    )
    authors = models.CharField(
        gettext_lazy("author(s)"),
        max_length=300,
        blank=True,
        help_text=gettext_lazy("As credited; leave blank if none."),
    )
    date_published = models.DateField(null=True, blank=True)
    url = models.URLField(
        gettext_lazy("URL"),
        max_length=1000,
        blank=True,
        help_text=gettext_lazy("Leave empty when no link is known."),
    )
    archive_url = models.URLField(
        gettext_lazy("archive URL"),
        max_length=1000,
        blank=True,
        help_text=gettext_lazy("A permanent copy, e.g. in a web archive."),
    )
    date_accessed = models.DateField(null=True, blank=True)
    print_only_reason = models.CharField(
        gettext_lazy("why there is no link"),
        max_length=300,
        blank=True,
        help_text=gettext_lazy(
            "Only for a Source with no URL and no archive URL: say how readers can consult it "
            "instead, e.g. 'Printed edition only; held by the British Library'. Readers see "
            "'Print only:' followed by this text."
        ),
    )
    republication_of = models.ForeignKey(
        "self",
        verbose_name=gettext_lazy("republication of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="republications",
        help_text=gettext_lazy(
            "If this is a copy of another work published elsewhere (a syndicated or "
            "republished article), choose the original's Source. Readers see it labelled "
            "as a republished copy, and the original points them to it."
        ),
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PRESS)
    language = models.CharField(
        max_length=35,
        default="en",
        help_text=gettext_lazy("Language of the source, as a code: en, zh, de…"),
    )
    quote = models.TextField(
        blank=True,
        help_text=gettext_lazy("Optional: the passage relied on, in the source's own words."),
    )
    translated_title = models.CharField(
        gettext_lazy("title in English"),
        max_length=500,
        blank=True,
        help_text=gettext_lazy(
            "Only for a source in another language: its title in English, shown after the original."
        ),
    )
    note = models.TextField(
        gettext_lazy("note for readers"),
        blank=True,
        help_text=gettext_lazy(
            "Optional: one or two sentences on what this source is, shown under it in "
            "the Sources list."
        ),
    )
    # Written by the source checker, never by hand.
    link_status = models.CharField(
        max_length=12,
        choices=LinkStatus.choices,
        default=LinkStatus.UNCHECKED,
        editable=False,
        db_index=True,
    )
    link_http_status = models.PositiveSmallIntegerField(
        gettext_lazy("HTTP status"), null=True, blank=True, editable=False
    )
    link_final_url = models.URLField(
        gettext_lazy("address after redirects"), max_length=1000, blank=True, editable=False
    )
    link_checked_at = models.DateTimeField(
        gettext_lazy("link checked"), null=True, blank=True, editable=False
    )
    link_check_detail = models.CharField(max_length=300, blank=True, editable=False)

    panels = [
        SourceChecksPanel(
            template="content/admin/source_checks_panel.html",
            heading=gettext_lazy("Checks"),
            classname="w-mb-4",
        ),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("publisher"), FieldPanel("authors")]),
        FieldRowPanel([FieldPanel("date_published"), FieldPanel("kind"), FieldPanel("language")]),
        MultiFieldPanel(
            [
                FieldPanel("url"),
                FieldPanel("archive_url"),
                FieldPanel("date_accessed"),
                FieldPanel("print_only_reason"),
                FieldPanel("republication_of"),
            ],
            heading=gettext_lazy("Where to find it"),
            help_text=gettext_lazy(
                "Readers are told how to check every Source: by its live link (with an "
                "archived copy, or a link to look for one in the Internet Archive), by its "
                "archived copy when the original is gone, through a republished copy, or, "
                "for print only, by the reason you give."
            ),
        ),
        FieldPanel("quote"),
        FieldPanel("translated_title"),
        FieldPanel("note"),
        InlinePanel(
            "descriptions",
            heading=gettext_lazy("In other languages"),
            label=gettext_lazy("Description in another language"),
            help_text=gettext_lazy(
                "What readers of another language see about this Source: its title "
                "translated, the publisher's name as they know it, the note and the reason "
                "for no link. Leave a field blank to show the English one. The original "
                "title, the link and the Source's number stay the same in every language."
            ),
        ),
    ]

    search_fields = [
        index.SearchField("title"),
        index.SearchField("publisher"),
        index.SearchField("authors"),
        index.SearchField("translated_title"),
        index.RelatedFields(
            "descriptions", [index.SearchField("title"), index.SearchField("publisher")]
        ),
        index.AutocompleteField("title"),
        index.AutocompleteField("publisher"),
        index.FilterField("kind"),
        index.FilterField("language"),
        index.FilterField("link_status"),
    ]

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["publisher", "title"]

    def __str__(self):
        date = f" ({self.date_published:%-d %b %Y})" if self.date_published else ""
        return f"{self.publisher}: {self.title}{date}"

    def described_in(self, language=None):
        """What the Source says about itself to readers of ``language`` (default: the active
        language): that language's SourceDescription, each blank field falling back to the
        record's own text, in the site's default language."""
        language = get_supported_content_language_variant(
            language or translation.get_language() or settings.LANGUAGE_CODE
        )
        row = None
        if self.pk and language != default_content_language():
            # descriptions.all(): prefetched when a page renders its Sources (in_bulk).
            row = next(
                (
                    found
                    for found in self.descriptions.all()
                    if language_of_locale(found.locale_id) == language
                ),
                None,
            )
        return SourceText.of(self, row, language)

    @property
    def described(self):
        """The Source's text in the active language, for templates."""
        return self.described_in()

    @property
    def link_is_dead(self):
        """The original link is gone: readers are sent to the archived copy instead."""
        return self.link_status == self.LinkStatus.DEAD

    @property
    def archive_lookup_url(self):
        """The Internet Archive's list of saved copies of the URL: a link a reader may choose
        to follow (the site itself never asks the archive anything). Empty without a URL."""
        return f"{ARCHIVE_LOOKUP}{self.url.strip()}" if self.url.strip() else ""

    @property
    def access(self):
        """How a reader can check the Source, in order of preference: "live" (the link
        works as far as we know), "archived" (only a stored copy), "republished" (no link of
        its own, but a republished copy has one), "print" (no link, with the reason given)
        or "none"."""
        if self.url and not self.link_is_dead:
            return "live"
        if self.archive_url:
            return "archived"
        if self.republished_copy is not None:
            return "republished"
        if self.print_only_reason.strip() and not self.url:
            return "print"
        return "none"

    @cached_property
    def republished_copy(self):
        """The first republication of this Source that readers can follow, if any."""
        if not self.pk:
            return None
        for copy in self.republications.order_by("pk"):
            if copy.url or copy.archive_url:
                return copy
        return None

    def quality_warnings(self):
        """What an editor should fix, though the Source can be saved as it is."""
        warnings = []
        if not self.archive_url:
            warnings.append(
                gettext(
                    "No archive URL: if the original disappears, readers will have nothing to "
                    "follow. Save a copy in a web archive and add its address."
                )
            )
        if not self.date_accessed:
            warnings.append(gettext("No access date: add the day you last read the source."))
        if self.pk and self.access == "none":
            warnings.append(
                gettext(
                    "Readers have no way to check this Source: add a URL or an archive URL, "
                    "or say why there is no link (print only)."
                )
            )
        for field, label in (("url", gettext("URL")), ("archive_url", gettext("archive URL"))):
            value = getattr(self, field)
            if value and urlsplit(value).scheme not in {"http", "https"}:
                warnings.append(
                    gettext("The %(field)s is not an http:// or https:// address.")
                    % {"field": label}
                )
        others = Source.objects.exclude(pk=self.pk) if self.pk else Source.objects.all()
        if self.url:
            wanted = comparable_url(self.url)
            host = urlsplit(self.url).netloc.lower().removeprefix("www.")
            for other in others.filter(url__icontains=host).only("pk", "url", "title"):
                if comparable_url(other.url) == wanted:
                    warnings.append(
                        gettext("Another Source has the same URL: “%(title)s”.")
                        % {"title": other.title}
                    )
        if self.title.strip():
            same_work = others.filter(title__iexact=self.title.strip())
            # A republication shares its original's title on purpose.
            same_work = same_work.exclude(republication_of=self.pk) if self.pk else same_work
            if self.republication_of_id:
                same_work = same_work.exclude(pk=self.republication_of_id)
            for other in same_work.only("pk", "publisher"):
                warnings.append(
                    gettext("Another Source has the same title (from %(publisher)s).")
                    % {"publisher": other.publisher}
                )
        return warnings

    def clean(self):
        errors = {}
        for field in ("url", "archive_url"):
            value = getattr(self, field)
            if value and urlsplit(value).scheme not in {"http", "https"}:
                errors[field] = gettext_lazy("Use an http:// or https:// address.")
        if self.archive_url and self.archive_url == self.url:
            errors["archive_url"] = gettext_lazy(
                "The archive URL must point at a copy, not the original."
            )
        original = self.republication_of
        if original is not None and (
            original.pk == self.pk or (self.pk and original.republication_of_id == self.pk)
        ):
            errors["republication_of"] = gettext_lazy(
                "Choose the original work: a Source cannot be a republication of itself or of "
                "its own republication."
            )
        if self.print_only_reason.strip() and (self.url or self.archive_url):
            errors["print_only_reason"] = gettext_lazy(
                "This Source has a link: leave 'why there is no link' empty, or remove the URL "
                "and the archive URL."
            )
        if self.date_accessed and self.date_published and self.date_accessed < self.date_published:
            errors["date_accessed"] = gettext_lazy(
                "A source cannot be accessed before it was published."
            )
        if errors:
            raise ValidationError(errors)


def other_languages():
    """The Locales a SourceDescription can be in: all but the default language's."""
    return ~models.Q(language_code=default_content_language())


class SourceDescription(Orderable):
    """A Source's descriptive text in one more language. The record itself (its original
    title, publisher, link, dates) is the one Source every language cites; this row only
    says, for readers of ``locale``, what the record says in the default language."""

    source = ParentalKey(Source, on_delete=models.CASCADE, related_name="descriptions")
    locale = models.ForeignKey(
        Locale,
        verbose_name=gettext_lazy("language"),
        on_delete=models.CASCADE,
        related_name="+",
        # The default language's text is the Source's own.
        limit_choices_to=other_languages,
    )
    title = models.CharField(
        gettext_lazy("title in this language"),
        max_length=500,
        blank=True,
        help_text=gettext_lazy(
            "The title translated, shown after the original (which stays as published)."
        ),
    )
    publisher = models.CharField(
        gettext_lazy("publisher in this language"),
        max_length=200,
        blank=True,
        help_text=gettext_lazy(
            "The publisher's name as readers of this language know it; blank: the original."
        ),
    )
    note = models.TextField(gettext_lazy("note for readers"), blank=True)
    print_only_reason = models.CharField(
        gettext_lazy("why there is no link"), max_length=300, blank=True
    )

    panels = [
        FieldPanel("locale"),
        FieldRowPanel([FieldPanel("title"), FieldPanel("publisher")]),
        FieldPanel("note"),
        FieldPanel("print_only_reason"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = gettext_lazy("description in another language")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "locale"], name="source_description_per_language"
            )
        ]

    def __str__(self):
        return f"{self.source_id} ({language_of_locale(self.locale_id)})"


@dataclass(frozen=True)
class SourceText:
    """A Source's descriptive text for one language (Source.described_in). Each ``*_lang``
    is the language to mark that text with when it is not the reader's (empty when it is):
    a field left blank in the reader's language shows the record's own text, in the site's
    default language; a publisher's own name is in the source's language."""

    title: str = ""
    title_lang: str = ""
    publisher: str = ""
    publisher_lang: str = ""
    note: str = ""
    note_lang: str = ""
    print_only_reason: str = ""
    print_only_reason_lang: str = ""

    @classmethod
    def of(cls, source, row, language):
        default = default_content_language()

        def pick(field, own_field=None, own_lang=None):
            text = getattr(row, field, "").strip() if row is not None else ""
            if text:
                return text, ""
            own = getattr(source, own_field or field).strip()
            own_lang = own_lang or (default if language != default else "")
            return own, own_lang if own else ""

        values = {}
        for field, own_field, own_lang in (
            ("title", "translated_title", None),
            ("publisher", None, source.language),
            ("note", None, None),
            ("print_only_reason", None, None),
        ):
            values[field], values[f"{field}_lang"] = pick(field, own_field, own_lang)
        return cls(**values)


def default_content_language():
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def reading_default_language():
    """Whether the active language is the default content language (English)."""
    active = translation.get_language() or settings.LANGUAGE_CODE
    return get_supported_content_language_variant(active) == default_content_language()


_LANGUAGES_OF_LOCALES = {}


def language_of_locale(locale_id):
    """A Locale's language code, read once per process (a listing of topics asks for each
    topic's address: no query per topic)."""
    if locale_id is None:
        return None
    if locale_id not in _LANGUAGES_OF_LOCALES:
        code = Locale.objects.filter(pk=locale_id).values_list("language_code", flat=True).first()
        if code is None:
            return None
        _LANGUAGES_OF_LOCALES[locale_id] = code
    return _LANGUAGES_OF_LOCALES[locale_id]


class SlugPerLanguage:
    """A translatable snippet with a name and an address of its own in each language (Topic,
    Author): the slug is made from the name when left blank, must be unique in its
    language, and the snippet's page is the named URL ``url_name`` in that language."""

    url_name = ""
    no_slug_message = ""
    taken_slug_message = ""

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        with translation.override(language_of_locale(self.locale_id)):
            return reverse(self.url_name, kwargs={"slug": self.slug})

    def clean(self):
        # The slug is made from the name when left blank: say so if that cannot work, rather
        # than fail on saving (a name without Latin letters or digits, or a taken address).
        slug = self.slug or slugify(self.name)
        if not slug:
            raise ValidationError({"slug": str(self.no_slug_message)})
        locale_id = self.locale_id or Locale.get_default().pk
        others = type(self).objects.exclude(pk=self.pk)
        if others.filter(slug=slug, locale_id=locale_id).exists():
            raise ValidationError({"slug": str(self.taken_slug_message) % {"slug": slug}})


class Topic(SlugPerLanguage, TranslatableMixin, index.Indexed, models.Model):
    """A subject that articles share, with its own page listing them (/topics/<slug>/).

    Translatable: each language has its own copy (same ``translation_key``), with its own
    name and slug, listed under that language's addresses (/zh-hans/topics/<slug>/). Names
    and slugs are unique within a language.
    """

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, blank=True)
    description = models.TextField(
        blank=True, help_text=gettext_lazy("One or two sentences for the topic page.")
    )
    explainer_count = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text=gettext_lazy(
            "Live explainers on this topic, counted again whenever an explainer is saved, "
            "unpublished or deleted."
        ),
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "name"], name="topic_name_per_language"),
            models.UniqueConstraint(fields=["locale", "slug"], name="topic_slug_per_language"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self._state.adding:
            # A new topic (a translation copied from another language included) lists
            # nothing yet: its explainers count it when they are saved.
            self.explainer_count = 0
        super().save(*args, **kwargs)

    @classmethod
    def count_explainers(cls, locale_ids=None):
        """Count again the live explainers of every topic (of the languages ``locale_ids``):
        one UPDATE. Stored, because the home page lists the most covered topics and
        counting every topic's explainers on each request grew with the library (21 ms of
        the home page at 10,000 explainers)."""
        links = cls.articles.through.objects.filter(topic_id=OuterRef("pk"), articlepage__live=True)
        counted = links.order_by().values("topic_id").annotate(n=Count("articlepage_id"))
        topics = cls.objects.all()
        if locale_ids is not None:
            topics = topics.filter(locale_id__in=locale_ids)
        topics.update(explainer_count=Coalesce(Subquery(counted.values("n")), 0))

    url_name = "topic"
    no_slug_message = gettext_lazy(
        "Give the topic a web address (slug): its name has no letters or digits to make one from."
    )
    taken_slug_message = gettext_lazy(
        "Another topic already has the web address “%(slug)s”: choose another."
    )


class Author(SlugPerLanguage, TranslatableMixin, index.Indexed, models.Model):
    """A person who writes or edits explainers: the byline's name, with a page listing
    their explainers (/authors/<slug>/).

    Translatable like a Topic: each language has its copy (same ``translation_key``) with its
    own name, bio and slug. The optional admin account is only used to sign the fact checks
    this person approves ("Checked by …"): it is never shown, only this name is.
    """

    name = models.CharField(gettext_lazy("name"), max_length=100)
    slug = models.SlugField(max_length=100, blank=True)
    bio = models.TextField(
        gettext_lazy("short bio"),
        max_length=600,
        blank=True,
        help_text=gettext_lazy("Two or three sentences for the author page: who they are here."),
    )
    image = models.ForeignKey(
        "content.SiteImage",
        verbose_name=gettext_lazy("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=gettext_lazy("Optional. Only a photo the person agreed to publish."),
    )
    user = models.ForeignKey(
        "auth.User",
        verbose_name=gettext_lazy("admin account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=gettext_lazy(
            "Optional: the person's admin account. The fact checks it approves are then "
            "signed with this name on the article; without it, readers see “Checked by the "
            "fact-check team”. The account's username and email are never shown."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("bio"),
        FieldPanel("image"),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = gettext_lazy("author")
        verbose_name_plural = gettext_lazy("authors")
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="author_slug_per_language"),
        ]

    def __str__(self):
        return self.name

    url_name = "author"
    no_slug_message = gettext_lazy(
        "Give the author a web address (slug): their name has no letters or digits to make one "
        "from."
    )
    taken_slug_message = gettext_lazy(
        "Another author already has the web address “%(slug)s”: choose another."
    )

"""The site's page types: one home page, the explainers index, articles and plain pages."""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, Length, Substr
from django.dispatch import Signal
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageViewRestriction, TaskState
from wagtail.search import index

from content.blocks import ArticleBodyBlock, StandardBodyBlock
from content.citations import (
    CitationIndex,
    citation_errors,
    known_sources,
    source_ids_in_stream,
)
from content.cjk import cjk_terms
from content.editorial.forms import ArticlePageForm, TopicCheckboxes
from content.editorial.permissions import (
    EditorialPagePermissionTester,
    ExplainerPermissionTester,
    ExplainersIndexPermissionTester,
)
from content.editorial.review import add_months
from content.editorial.sourcing import SourcingSummary
from content.extension_points import annotate_listing, article_fragment_names
from content.models.editorial import FactCheckTask
from content.models.settings import EditorialStandardsSettings
from content.models.snippets import Author, Source, Topic, language_of_locale
from content.panels import TranslationsPanel
from content.passages import argument_headlines, heading_anchors
from content.reading import minutes_to_read
from content.social import social_meta
from core.expressions import AmongTheRows
from core.page_cache import fragments_for
from core.site_url import public_base_url

#: Sent once an explainer and its topics are saved (published, edited, topics changed):
#: content.signal_handlers counts the topics' explainers again (Topic.count_explainers).
explainer_saved = Signal()

RELATED_ARTICLES_SHOWN = 3
#: The topics on the home page, the most covered first; the Topics page has every one.
HOME_TOPICS = 12


def paginate(request, queryset, per_page):
    return paginate_with(Paginator(queryset, per_page), request)


def paginate_with(paginator, request):
    """The page of ``paginator`` the request asks for: the first when the number is not
    one, the last when it is past the end."""
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def paginate_listing(request, articles, per_page, fragments=None):
    """``paginate`` for a ``for_listing`` queryset, each card annotated by the installed apps
    (``content.extension_points.annotate_listing``: comments adds its count).

    On a later page the rows are picked by their keys alone in a subquery and only those
    are read in full and counted: with ``LIMIT … OFFSET`` over the listing itself,
    PostgreSQL counted comments for every row it skipped (47 ms for the last page of
    1,000 explainers; 3 ms this way). Still one query.

    With ``fragments`` (``core.page_cache.fragments_for``), the number of articles is kept
    as the fragment "count", and the cards of page N as the fragment ``cards_fragment(N)``
    (the ``{% fragment %}`` in components/article_list.html): when both are kept, nothing
    is read from the database and the page's ``object_list`` is never evaluated.
    """
    counted = annotate_listing(articles)
    paginator = Paginator(counted, per_page)
    count = fragments.get("count") if fragments is not None else None
    if count is not None:
        paginator.count = int(count)  # Paginator.count is a cached_property: no COUNT(*)
    page = paginate_with(paginator, request)
    if fragments is not None:
        if count is None:
            fragments.put("count", str(paginator.count))
        if fragments.get(cards_fragment(page.number)) is not None:
            return page
    if page.number > 1:
        page.object_list = counted.filter(pk__in=page.object_list.values("pk"))
    return page


def cards_fragment(number):
    """The fragment name of the cards (and pagination) of page ``number`` of a listing."""
    return f"cards:{number}"


def requested_cards_fragments(request):
    """The fragment names ``paginate_listing`` will most likely ask for, to read them in the
    same round trip as the rest: the count and the page asked for (the first when the
    number is not one)."""
    number = request.GET.get("page", "1")
    plausible = number.isascii() and number.isdigit() and len(number) < 7
    return ["count", cards_fragment(int(number) if plausible else 1)]


def public(pages):
    """``pages.public()`` without its extra query.

    Wagtail's ``public()`` reads every view restriction in a query of its own each time it
    is called; this asks the same question (is the page in a restricted section, itself
    included?) inside the page query.
    """
    restricted_section = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return pages.exclude(Exists(restricted_section))


def for_listing(articles):
    """Live, public articles with what a listing card shows, in a constant number of queries.

    Topics, hero images and their renditions are prefetched; the body, which a card never
    shows, is left in the database. What other apps add to a card (a comment count) is
    annotated by ``paginate_listing`` (or ``annotate_listing``) for the rows shown.
    """
    return (
        public(articles.live())
        .defer("body")
        .select_related("hero_image")
        .prefetch_related("topics", "hero_image__renditions")
    )


def cited_sources_text(page):
    """The titles, publishers and authors of the Sources a page cites, as one string.

    ArticlePage indexes this so that a search for a publisher or a source's title finds
    the articles that rely on it.
    """
    source_ids = source_ids_in_stream(page.body.raw_data)
    if not source_ids:
        return ""
    # The search backend asks for this text once per field and configuration it fills
    # (about ten times a save): the Sources are read once per page and set of Sources.
    remembered_key = (tuple(sorted(source_ids)), page.locale_id)
    remembered = page.__dict__.get("_cited_sources_text")
    if remembered is not None and remembered[0] == remembered_key:
        return remembered[1]
    text = _cited_sources_text(page, source_ids)
    page.__dict__["_cited_sources_text"] = (remembered_key, text)
    return text


def _cited_sources_text(page, source_ids):
    sources_by_id = Source.objects.in_bulk(source_ids)
    sources = [sources_by_id[pk] for pk in sorted(sources_by_id)]
    language = language_of_locale(page.locale_id)
    parts = []
    for source in sources:
        # The original title and publisher, and what the Source says in the page's language.
        text = source.described_in(language)
        parts.append((source.title, text.title, source.publisher, source.authors))
        if text.publisher != source.publisher:
            parts.append((text.publisher,))
    return " ".join(" ".join(part for part in group if part) for group in parts)


def block_text(block, raw):
    """The words a reader sees in a block: like get_searchable_content, without choices.

    A choice (a heading's level, an evidence label's code) is not prose: "Section (H2)"
    has no place in a snippet. Reads the stored JSON (``raw``) against the block
    definitions, so that no Source, image or other chosen object is looked up and no
    block value is built for text that is thrown away after the snippet is cut.
    """
    if raw is None or isinstance(block, (blocks.ChoiceBlock, blocks.ChooserBlock)):
        return []
    if isinstance(block, blocks.StructBlock):
        return [
            text
            for name, child in block.child_blocks.items()
            for text in block_text(child, raw.get(name))
        ]
    if isinstance(block, blocks.ListBlock):
        # Items are stored as {"type": "item", "value": …, "id": …}, or bare in old data.
        return [
            text
            for item in raw
            for text in block_text(
                block.child_block,
                item["value"] if isinstance(item, dict) and item.get("type") == "item" else item,
            )
        ]
    if isinstance(block, blocks.StreamBlock):
        return [
            text
            for item in raw
            if item.get("type") in block.child_blocks
            for text in block_text(block.child_blocks[item["type"]], item.get("value"))
        ]
    return block.get_searchable_content(block.to_python(raw))


def searchable_parts(page):
    """The text a snippet is drawn from, a block at a time: standfirst or introduction,
    then the body, then the titles of the Sources it cites."""
    yield getattr(page, "standfirst", "") or getattr(page, "introduction", "") or ""
    body = getattr(page, "body", None)
    if body is not None:
        stream_block = body.stream_block
        for item in body.raw_data:
            child = stream_block.child_blocks.get(item.get("type"))
            if child is not None:
                yield from block_text(child, item.get("value"))
        yield cited_sources_text(page)


def searchable_text(page):
    """All of a page's searchable_parts as one text."""
    # Rich text arrives as plain text already (get_searchable_content strips it); plain
    # fields stay as written, so "<" in a standfirst is shown, escaped, not taken for a tag.
    return " ".join(part for part in searchable_parts(page) if part)


# Each page's form names its versions in the site's other languages (content.panels).
TRANSLATIONS_PANEL = TranslationsPanel(
    template="content/admin/translations_panel.html",
    heading=gettext_lazy("Other languages"),
    classname="w-mb-4",
)


class ChineseSearchMixin:
    """Chinese words the search backend can match (content.cjk, docs/translation.md).

    The backends take a run of Han characters as one word; these two search fields hold
    the title and the page's text as overlapping character pairs instead. Empty for a page
    without Chinese, so English pages index nothing more.
    """

    def cjk_title(self):
        return cjk_terms(self.title, latin=False)

    def cjk_text(self):
        # The text the search snippets are cut from.
        return cjk_terms(searchable_text(self), latin=False)


# Indexed by ArticlePage and StandardPage. The title's pairs get the title's boost: a boost
# of a new size would shift the weights PostgreSQL gives every field of every page.
CHINESE_SEARCH_FIELDS = [
    index.SearchField("cjk_title", boost=2),
    index.SearchField("cjk_text"),
]


class PublicAddressMixin:
    """Full URLs on the site's public address (core.site_url), like every other link the site
    writes: canonical links, feeds, the sitemap and e-mails agree even where the Wagtail
    Site's host or port says otherwise (core.checks warns about that)."""

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if parts is None or parts[2] is None:
            return parts
        site_id, _site_root_url, page_path = parts
        return site_id, public_base_url(), page_path


class ViewRestrictionsMixin:
    """The view restrictions on the page and its ancestors in one query.

    Wagtail asks this before serving every page, in two queries: the ancestors (to see which
    are aliases), then the restrictions. The ancestors' paths are prefixes of the page's own,
    and an alias is checked as its source page, as Wagtail does.
    """

    def get_view_restrictions(self):
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        checked = (
            Page.objects.filter(path__in=paths)
            .annotate(checked=Coalesce("alias_of_id", "id"))
            .values("checked")
        )
        return PageViewRestriction.objects.filter(page_id__in=checked)


class EditorialPermissionsMixin:
    """What a user may do with the page: Wagtail's rules plus the site's own
    (``content.editorial.permissions``), which every admin view and button asks."""

    permission_tester_class = EditorialPagePermissionTester

    def permissions_for_user(self, user):
        return self.permission_tester_class(user, self)


class CitingPageMixin:
    """Pages whose body may cite Sources: numbered markers and a Sources list."""

    def clean(self):
        super().clean()
        # A citation that names no Source is refused here, with the words it is on, so the
        # editor can cite again (content.citations.citation_errors).
        errors = citation_errors(self.body.raw_data)
        if errors:
            raise ValidationError({"body": errors})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        source_ids = source_ids_in_stream(self.body.raw_data)
        citations = CitationIndex.for_source_ids(source_ids)
        context["citations"] = citations
        self.cited_sources_by_id = citations.sources_by_id
        with known_sources(source_ids, citations.sources_by_id):
            # Read the body now, so that its arguments take their Sources from those just
            # fetched rather than asking the database again.
            list(self.body)
        return context


class HomePage(PublicAddressMixin, ViewRestrictionsMixin, EditorialPermissionsMixin, Page):
    """The front page: what the site is, a lead explainer chosen by editors, the latest."""

    statement = models.TextField(
        max_length=600,
        help_text=gettext_lazy("A short statement of what the site is and why it exists."),
    )
    lead_article = models.ForeignKey(
        "content.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=gettext_lazy("The explainer shown first. Leave empty to lead with the newest."),
    )

    content_panels = [
        *Page.content_panels,
        TRANSLATIONS_PANEL,
        FieldPanel("statement"),
        FieldPanel("lead_article"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["content.ArticleIndexPage", "content.StandardPage"]
    max_count = 1
    template = "pages/home_page.html"
    latest_count = 6

    def route(self, request, path_components):
        if path_components:
            # Every explainer's address passes through the index: find it in one query
            # where Wagtail's route takes two (the page, then the index's own fields).
            index = ArticleIndexPage.objects.child_of(self).filter(slug=path_components[0]).first()
            if index is not None:
                index._cached_parent_obj = self
                return index.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["fragments"] = fragments = fragments_for(request, self, ["home"])
        if fragments is not None and fragments.has("home"):
            return context  # the lead, the latest and the topics are kept: read none
        # The explainers and topics in this home's language only (docs/translation.md).
        in_language = ArticlePage.objects.filter(locale_id=self.locale_id)
        # The editors' pick and the newest explainers in one query (with its two prefetches),
        # where asking for the lead and then the rest took two: on a page with no cache in
        # front, building each listing query costs more than the database spends on it.
        newest = (
            public(in_language.live())
            .order_by("-first_published", "-pk")
            .values("pk")[: self.latest_count + 1]
        )
        # = ANY(ARRAY(…)) on PostgreSQL: with IN (…) ORed with the pick, it joined every
        # page of the site to find the few wanted (18 of 35 ms at 10,000 explainers).
        wanted = Q(AmongTheRows("pk", newest))
        if self.lead_article_id:
            wanted |= Q(pk=self.lead_article_id)
        rows = sorted(
            annotate_listing(for_listing(in_language)).filter(wanted),
            key=lambda article: (article.first_published, article.pk),
            reverse=True,
        )
        # The editors' pick leads only while it is live and public (then it is in ``rows``).
        lead = next((row for row in rows if row.pk == self.lead_article_id), None)
        if lead is not None:
            latest = [row for row in rows if row.pk != lead.pk][: self.latest_count]
        else:
            newest_first = rows[: self.latest_count + 1]
            lead, latest = (newest_first[0], newest_first[1:]) if newest_first else (None, [])
        context["lead"] = lead
        context["latest"] = latest
        context["index_page"] = public(ArticleIndexPage.objects.child_of(self).live()).first()
        # The most covered topics, their counts stored (Topic.explainer_count); the Topics
        # page lists them all. One more is read to know whether there are others.
        topics = list(
            Topic.objects.filter(locale_id=self.locale_id, explainer_count__gt=0).order_by(
                "-explainer_count", "name"
            )[: HOME_TOPICS + 1]
        )
        context["topics"] = topics[:HOME_TOPICS]
        context["more_topics"] = len(topics) > HOME_TOPICS
        return context


class ArticleIndexPage(PublicAddressMixin, ViewRestrictionsMixin, EditorialPermissionsMixin, Page):
    """The list of explainers, newest first."""

    permission_tester_class = ExplainersIndexPermissionTester

    introduction = models.TextField(blank=True, max_length=600)

    content_panels = [*Page.content_panels, TRANSLATIONS_PANEL, FieldPanel("introduction")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.ArticlePage"]
    max_count = 1
    template = "pages/article_index_page.html"
    per_page = 12

    def route(self, request, path_components):
        if path_components:
            # An explainer, fetched as one with its hero image: one query where Wagtail's
            # route takes three (the page, the explainer's own fields, the image).
            article = (
                ArticlePage.objects.child_of(self)
                .filter(slug=path_components[0])
                .select_related("hero_image")
                .first()
            )
            if article is not None:
                article._cached_parent_obj = self
                return article.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = for_listing(ArticlePage.objects.descendant_of(self)).order_by(
            "-first_published", "-pk"
        )
        fragments = fragments_for(request, self, requested_cards_fragments(request))
        page = paginate_listing(request, articles, self.per_page, fragments)
        context["articles"] = page
        context["cards_fragment"] = cards_fragment(page.number)
        context["fragments"] = fragments
        return context


class ArticlePage(
    PublicAddressMixin,
    ViewRestrictionsMixin,
    EditorialPermissionsMixin,
    CitingPageMixin,
    ChineseSearchMixin,
    Page,
):
    """An explainer: a long-form article whose claims cite their Sources."""

    permission_tester_class = ExplainerPermissionTester

    standfirst = models.TextField(
        max_length=400,
        help_text=gettext_lazy("One or two sentences under the title: what the reader learns."),
    )
    hero_image = models.ForeignKey(
        "content.SiteImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_alt = models.CharField(
        gettext_lazy("hero image description"),
        max_length=400,
        blank=True,
        help_text=gettext_lazy(
            "What the image shows, for readers who cannot see it, in this page's language. "
            "Leave blank to use the image's own description."
        ),
    )
    hero_caption = models.CharField(max_length=300, blank=True)
    hero_credit = models.CharField(
        max_length=200,
        blank=True,
        help_text=gettext_lazy("Leave blank to use the image's own credit."),
    )
    first_published = models.DateField(
        default=timezone.localdate,
        help_text=gettext_lazy(
            "Shown to readers as the publication date; editable for imported articles."
        ),
    )
    last_reviewed = models.DateField(
        default=timezone.localdate,
        help_text=gettext_lazy("When the facts were last checked against sources."),
    )
    review_interval_months = models.PositiveSmallIntegerField(
        gettext_lazy("review every"),
        choices=[
            (1, gettext_lazy("month")),
            (3, gettext_lazy("3 months")),
            (6, gettext_lazy("6 months")),
            (12, gettext_lazy("year")),
            (24, gettext_lazy("2 years")),
        ],
        default=6,
        help_text=gettext_lazy("How often the facts must be checked again against the sources."),
    )
    review_due = models.DateField(
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text=gettext_lazy("The last-reviewed date plus the review interval (set on save)."),
    )
    topics = ParentalManyToManyField("content.Topic", blank=True, related_name="articles")
    body = StreamField(ArticleBodyBlock(), use_json_field=True)
    discussion_question = models.CharField(
        max_length=300,
        blank=True,
        help_text=gettext_lazy("The question readers are invited to answer in the comments."),
    )
    comments_open = models.BooleanField(
        default=True, help_text=gettext_lazy("Uncheck to close this article to new comments.")
    )
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)
    how_we_made_this = models.TextField(
        gettext_lazy("how we made this"),
        blank=True,
        max_length=2000,
        help_text=gettext_lazy(
            "For readers, in full sentences: what was checked, against what (documents, "
            "recordings, data), and what could not be checked. The fact check's approval is "
            "added under it (“Checked by … on …”)."
        ),
    )

    content_panels = [
        *Page.content_panels,
        TRANSLATIONS_PANEL,
        FieldPanel("standfirst"),
        InlinePanel(
            "article_authors",
            heading=gettext_lazy("Authors"),
            label=gettext_lazy("Author"),
            help_text=gettext_lazy("The byline, in this order; citations name them the same way."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("hero_image"),
                FieldPanel("hero_alt"),
                FieldRowPanel([FieldPanel("hero_caption"), FieldPanel("hero_credit")]),
            ],
            heading=gettext_lazy("Hero image"),
        ),
        FieldRowPanel(
            [
                FieldPanel("first_published"),
                FieldPanel("last_reviewed"),
                FieldPanel("review_interval_months"),
            ]
        ),
        FieldPanel("topics", widget=TopicCheckboxes),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("discussion_question"), FieldPanel("comments_open")],
            heading=gettext_lazy("Discussion"),
        ),
        InlinePanel(
            "related_article_picks",
            heading=gettext_lazy("Related"),
            label=gettext_lazy("Related explainer"),
            max_num=RELATED_ARTICLES_SHOWN,
            help_text=format_lazy(
                gettext_lazy(
                    "Up to {count} explainers shown at the end of this one, in this "
                    "order. Empty places are filled with the explainers that share most topics, "
                    "then the newest."
                ),
                count=RELATED_ARTICLES_SHOWN,
            ),
        ),
        FieldPanel("how_we_made_this"),
        InlinePanel(
            "corrections",
            heading=gettext_lazy("Corrections and updates"),
            label=gettext_lazy("Entry"),
            help_text=(
                gettext_lazy(
                    "Readers see every entry at the end of the article and the newest at the top. "
                    "Once published, an entry cannot be changed or removed: add a new one."
                )
            ),
        ),
    ]
    base_form_class = ArticlePageForm

    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.SearchField("cited_sources_text"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.FilterField("first_published"),
        *CHINESE_SEARCH_FIELDS,
    ]

    parent_page_types = ["content.ArticleIndexPage"]
    subpage_types = []
    template = "pages/article_page.html"

    class Meta:
        verbose_name = gettext_lazy("article")
        indexes = [
            # Every listing and feed is newest first: read in this order, a page of 12 is 12
            # rows, not a sort of every explainer (2.5 → 0.5 ms with 1,000 explainers).
            models.Index(fields=["-first_published", "-page_ptr"], name="article_newest_first"),
        ]

    @property
    def hero_alt_text(self):
        """The hero image's text alternative: this page's own, else the image's."""
        if self.hero_alt:
            return self.hero_alt
        return self.hero_image.description if self.hero_image else ""

    @property
    def hero_credit_text(self):
        if self.hero_credit:
            return self.hero_credit
        return self.hero_image.default_credit if self.hero_image else ""

    def cited_sources_text(self):
        return cited_sources_text(self)

    def heading_anchors(self):
        """{block id: anchor} for every heading, unique on the page ('background-2'…)."""
        return heading_anchors(self.body)

    def argument_headlines(self):
        """{link id: headline} for every Argument, in reading order ('for-1', 'against-2',
        'q2-for-1'…): what other apps may name an argument by (comments discuss one)."""
        return argument_headlines(self.body)

    def table_of_contents(self, anchors=None):
        """(anchor, text) for each section, in order: level-2 headings and pros/cons blocks."""
        anchors = anchors if anchors is not None else self.heading_anchors()
        entries = []
        for block in self.body:
            if block.block_type == "heading" and block.value["level"] == "h2":
                entries.append((anchors[block.id], block.value["text"]))
            elif block.block_type == "pros_cons":
                entries.append((f"pros-cons-{block.id}", block.value["heading"]))
        return entries

    def reading_text(self):
        """The standfirst and body as plain text: what the reading time is computed from."""
        text = [self.standfirst]
        for block in self.body:
            text.extend(block.block.get_searchable_content(block.value))
        return strip_tags(" ".join(text))

    def save(self, *args, **kwargs):
        # What the search index is given is read afresh each save (cited_sources_text).
        self.__dict__.pop("_cited_sources_text", None)
        self.reading_minutes = minutes_to_read(self.reading_text())
        self.review_due = (
            add_months(self.last_reviewed, self.review_interval_months)
            if self.last_reviewed
            else None
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "last_reviewed" in update_fields:
            kwargs["update_fields"] = {*update_fields, "review_due"}
        super().save(*args, **kwargs)
        # After the save, not in post_save: the topics are written after that signal.
        if update_fields is None or {"live", "topics"} & set(update_fields):
            explainer_saved.send(sender=type(self), instance=self)

    # --- Corrections, review and sourcing ---------------------------------------------------

    def corrections_log(self):
        """Every correction and update, oldest first, as readers see them."""
        return sorted(self.corrections.all(), key=lambda entry: (entry.date, entry.sort_order or 0))

    def correction_numbers_by_target(self):
        """{passage anchor: [the numbers of the log entries that name it]}, the numbers
        being the entries' places in ``corrections_log`` (their ids: #correction-N)."""
        if not hasattr(self, "_correction_numbers"):
            numbers = {}
            for number, entry in enumerate(self.corrections_log(), start=1):
                if entry.target:
                    numbers.setdefault(entry.target, []).append(number)
            self._correction_numbers = numbers
        return self._correction_numbers

    @property
    def latest_correction(self):
        """The newest entry in the log (for the 'Corrected on …' note), or None."""
        log = self.corrections_log()
        return log[-1] if log else None

    @property
    def date_modified(self):
        """The date the article's content last changed for readers (schema.org dateModified).

        The later of the first-published date and the newest correction or update.
        """
        latest = self.latest_correction
        if latest and latest.date > self.first_published:
            return latest.date
        return self.first_published

    @property
    def is_due_for_review(self):
        return bool(self.review_due and self.review_due <= timezone.localdate())

    def sourcing_summary(self):
        """Claims, Sources and evidence labels, for the one-line summary readers see."""
        return SourcingSummary.for_stream(
            self.body, sources_by_id=getattr(self, "cited_sources_by_id", None)
        )

    # --- Who and how -----------------------------------------------------------------------

    def byline_authors(self):
        """The article's authors in the byline's order (a preview's unsaved choices too)."""
        return [credit.author for credit in self.article_authors.all() if credit.author_id]

    def fact_check_approval(self):
        """The approved fact check of the live version, as readers are told of it:
        ``FactCheckSignature(name, url, date)``, or None when the live version was not
        published by an approved fact check (an emergency publish, an imported page).

        The name is the reviewer's public author name in this language when their admin
        account is linked to an Author, otherwise None ("the fact-check team"): usernames
        and email addresses are never shown.
        """
        if not self.live_revision_id:
            return None
        # One query: the approval, and the public author linked to its reviewer's account
        # (this language's copy first).
        reviewers = Author.objects.filter(user_id=OuterRef("finished_by_id")).order_by(
            Case(When(locale_id=self.locale_id, then=Value(0)), default=Value(1)), "pk"
        )
        state = (
            TaskState.objects.filter(
                revision_id=self.live_revision_id,
                status=TaskState.STATUS_APPROVED,
                task__content_type=ContentType.objects.get_for_model(
                    FactCheckTask, for_concrete_model=False
                ),
            )
            .annotate(
                reviewer_name=Subquery(reviewers.values("name")[:1]),
                reviewer_slug=Subquery(reviewers.values("slug")[:1]),
                reviewer_locale_id=Subquery(reviewers.values("locale_id")[:1]),
            )
            .order_by("-finished_at")
            .first()
        )
        if state is None or state.finished_at is None:
            return None
        # The reviewer's page from the same query: the same number of queries whether or
        # not the reviewer is named (the query-count tests compare articles).
        url = None
        if state.reviewer_name:
            url = Author(
                slug=state.reviewer_slug, locale_id=state.reviewer_locale_id
            ).get_absolute_url()
        return FactCheckSignature(
            name=state.reviewer_name or None,
            url=url,
            date=timezone.localdate(state.finished_at),
        )

    # --- Related explainers ----------------------------------------------------------------

    def related_articles(self, limit=RELATED_ARTICLES_SHOWN):
        """The explainers shown at the end of this one, at most ``limit``.

        The editors' picks come first, in their order; the places left go to the explainers
        sharing most topics with this one, newest first (so simply the newest when none
        shares a topic). Live and public only, never this article itself. Neither the number
        of queries nor the rows ranked grow with the number of explainers.
        """
        candidates = (
            public(ArticlePage.objects.live().filter(locale_id=self.locale_id))
            .exclude(pk=self.pk)
            .select_related("hero_image")
            .prefetch_related("hero_image__renditions")
        )
        # Read through the relations (not the tables) so a preview shows the draft's choices.
        pick_ids = list(dict.fromkeys(pick.article_id for pick in self.related_article_picks.all()))
        topic_ids = [topic.pk for topic in self.topics.all()]
        # One query: the picks first in the editors' order, then the rest by shared topics.
        pick_order = (
            Case(
                *(When(pk=pk, then=Value(position)) for position, pk in enumerate(pick_ids)),
                default=Value(len(pick_ids)),
                output_field=IntegerField(),
            )
            if pick_ids
            else Value(0, output_field=IntegerField())
        )
        # Shared topics are counted by a subquery per candidate: a join and GROUP BY over
        # every live explainer sorted all their columns, bodies included (56 ms of the
        # article page with 1,000 explainers on PostgreSQL; 5 ms this way).
        shared_topics = (
            ArticlePage.topics.through.objects.filter(
                articlepage_id=OuterRef("pk"), topic_id__in=topic_ids
            )
            .order_by()
            .values("articlepage_id")
            .annotate(count=Count("*"))
            .values("count")
        )
        shared_topic_count = (
            Coalesce(Subquery(shared_topics, output_field=IntegerField()), 0)
            if topic_ids
            else Value(0, output_field=IntegerField())
        )
        # Only what can be among the first ``limit`` is ranked, not every explainer of the
        # site: the picks, those sharing a topic, and the ``limit`` newest (any other
        # explainer has ``limit`` newer ones ranked above it).
        newest = candidates.order_by("-first_published", "-pk").values("pk")[:limit]
        wanted = Q(pk__in=newest)
        if pick_ids:
            wanted |= Q(pk__in=pick_ids)
        if topic_ids:
            wanted |= Q(
                pk__in=ArticlePage.topics.through.objects.filter(topic_id__in=topic_ids).values(
                    "articlepage_id"
                )
            )
        ranked = (
            candidates.filter(wanted)
            .annotate(pick_order=pick_order, shared_topic_count=shared_topic_count)
            .order_by("pick_order", "-shared_topic_count", "-first_published", "-pk")
        )
        return list(ranked[:limit])

    # The parts of the page kept in the fragment cache for anonymous readers
    # (core.page_cache.fragments_for, the {% fragment %} tags in pages/article_page.html).
    FRAGMENTS = ("head", "article", "related")

    def get_context(self, request, *args, **kwargs):
        names = [*self.FRAGMENTS, *article_fragment_names(request, self)]
        fragments = fragments_for(request, self, names)
        if fragments is not None and fragments.has("head", "article"):
            # The header, body, Sources and link-preview tags are cached: what only they
            # read (the body's blocks, its Sources, topics, corrections) is not fetched.
            context = super(CitingPageMixin, self).get_context(request, *args, **kwargs)
        else:
            # The template, the related explainers and the link-preview tags all read
            # these: fetch each once. (A preview's in-memory relations take precedence, and a
            # new article's preview, not saved yet, has only those.)
            if self.pk is not None:
                prefetch_related_objects(
                    [self],
                    "topics",
                    "corrections",
                    "related_article_picks",
                    "article_authors__author",
                )
            context = super().get_context(request, *args, **kwargs)
            context["heading_anchors"] = self.heading_anchors()
            context["toc"] = self.table_of_contents(context["heading_anchors"])
            context["social"] = self.social_meta(request, context["citations"])
            context["byline"] = self.byline_authors()
            context["fact_check"] = self.fact_check_approval()
            context["standards_page"] = EditorialStandardsSettings.read_for_request(
                request
            ).standards_page_for(self.locale_id)
        if fragments is None or not fragments.has("related"):
            context["related_articles"] = self.related_articles()
        context["fragments"] = fragments
        return context

    def social_meta(self, request, citations):
        """Canonical URL, link-preview tags, JSON-LD and share links (content/social.py)."""
        sources = sorted(
            citations.sources_by_id.values(), key=lambda source: (source.publisher, source.title)
        )
        return social_meta(self, request, sources=sources)


@dataclass(frozen=True)
class FactCheckSignature:
    """Who approved an article's fact check (a public name, or None) and when."""

    name: str | None
    url: str | None
    date: datetime.date


class ArticleAuthor(Orderable):
    """One name in an explainer's byline, in order."""

    page = ParentalKey(
        "content.ArticlePage", on_delete=models.CASCADE, related_name="article_authors"
    )
    author = models.ForeignKey(
        "content.Author",
        on_delete=models.CASCADE,
        related_name="article_credits",
        verbose_name=gettext_lazy("author"),
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        verbose_name = gettext_lazy("author")
        verbose_name_plural = gettext_lazy("authors")

    def __str__(self):
        return f"{self.author} ({self.page})"


class RelatedArticle(Orderable):
    """An explainer an editor picked to show at the end of another ("Related")."""

    source_page = ParentalKey(
        "content.ArticlePage", on_delete=models.CASCADE, related_name="related_article_picks"
    )
    article = models.ForeignKey(
        "content.ArticlePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=gettext_lazy("explainer"),
    )

    panels = [PageChooserPanel("article", page_type="content.ArticlePage")]

    class Meta(Orderable.Meta):
        verbose_name = gettext_lazy("related explainer")
        verbose_name_plural = gettext_lazy("related explainers")

    def __str__(self):
        return f"{self.source_page} → {self.article}"


class StandardPage(
    PublicAddressMixin,
    ViewRestrictionsMixin,
    EditorialPermissionsMixin,
    CitingPageMixin,
    ChineseSearchMixin,
    Page,
):
    """A plain page such as About or Privacy."""

    introduction = models.TextField(blank=True, max_length=600)
    body = StreamField(StandardBodyBlock(), use_json_field=True, blank=True)

    content_panels = [
        *Page.content_panels,
        TRANSLATIONS_PANEL,
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
        *CHINESE_SEARCH_FIELDS,
    ]
    parent_page_types = ["content.HomePage", "content.StandardPage"]
    subpage_types = ["content.StandardPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Two headings with the same words still get ids of their own ('faq', 'faq-2').
        context["heading_anchors"] = heading_anchors(self.body)
        return context

    template = "pages/standard_page.html"

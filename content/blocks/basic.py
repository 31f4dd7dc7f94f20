"""The article body's building blocks other than pros/cons."""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from content.blocks.citing import RequiresSourcesMixin
from content.richtext import FULL_FEATURES, INLINE_FEATURES


class HeadingValue(blocks.StructValue):
    @property
    def anchor(self):
        """The id the table of contents links to: the heading's words (事实核查 stays
        Chinese: an id and a link may hold any letter), "section" if it has none."""
        return slugify(self.get("text"), allow_unicode=True) or "section"


class HeadingBlock(blocks.StructBlock):
    """A section heading; level-2 headings make up the article's table of contents."""

    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section (H2)"), ("h3", "Subsection (H3)")],
        default="h2",
        search_index=False,
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        group = _("Text")
        template = "components/blocks/heading.html"
        value_class = HeadingValue
        description = _("A section heading. Level-2 headings are listed in the table of contents.")
        preview_value = {"text": "Facial recognition on every corner", "level": "h2"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        anchors = context.get("heading_anchors") or {}
        context["anchor"] = anchors.get(context.get("block_id"), value.anchor)
        return context


class ParagraphBlock(blocks.RichTextBlock):
    """Running text, with links and inline citations of Sources."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", FULL_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        group = _("Text")
        template = "components/blocks/paragraph.html"
        description = _(
            "Running text. Select the words that make a claim and press 'Cite a source' "
            "(or type '/')."
        )
        preview_value = (
            "<p>Chongqing is the largest megacity in south-western China, spread over an "
            "area roughly the size of Austria.</p>"
        )


class ImageBlock(blocks.StructBlock):
    """A figure: image, caption and credit."""

    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, max_length=300)
    credit = blocks.CharBlock(
        required=False, max_length=200, help_text=_("Leave blank to use the image's own credit.")
    )

    class Meta:
        icon = "image"
        label = _("Image")
        group = _("Media")
        template = "components/blocks/image.html"
        description = _("An image with a caption and a credit line.")

    def get_preview_value(self):
        # Preview with the newest image in the library, if there is one.
        image = get_image_model().objects.order_by("-created_at").first()
        return self.to_python({"image": image.pk if image else None, "caption": "A caption"})

    @property
    def is_previewable(self):
        return True


class PullQuoteBlock(blocks.StructBlock):
    """A short quotation set apart from the text, with who said it."""

    quote = blocks.TextBlock(max_length=400)
    attribution = blocks.CharBlock(max_length=200, help_text=_("Who said or wrote it."))

    class Meta:
        icon = "openquote"
        label = _("Pull quote")
        group = _("Text")
        template = "components/blocks/pull_quote.html"
        description = _("A short quotation set apart from the text, with its attribution.")
        preview_value = {
            "quote": "How much control is too much?",
            "attribution": "The question this explainer leaves with its readers",
        }


class KeyFigureBlock(RequiresSourcesMixin, blocks.StructBlock):
    """One headline number: a claim like any other, so it cites the Sources it comes from."""

    value = blocks.CharBlock(max_length=40, help_text=_("e.g. '32 million'."))
    label = blocks.CharBlock(max_length=120, help_text=_("e.g. 'population'."))
    sources = blocks.ListBlock(
        SnippetChooserBlock("content.Source"),
        min_num=0,
        help_text=_("The Source(s) this figure comes from: readers see a numbered marker."),
    )
    note = blocks.RichTextBlock(
        required=False,
        features=INLINE_FEATURES,
        help_text=_("Optional: a caveat, such as a source that gives another figure."),
    )

    class Meta:
        icon = "order"
        label = _("Figure")

    missing_sources_message = _(
        "Cite at least one Source: a figure without a source cannot be published."
    )


class KeyFiguresBlock(blocks.StructBlock):
    """A row of headline numbers, each with what it counts."""

    heading = blocks.CharBlock(required=False, max_length=120)
    figures = blocks.ListBlock(KeyFigureBlock(), min_num=1, max_num=6)

    class Meta:
        icon = "table"
        label = _("Key figures")
        group = _("Data")
        template = "components/blocks/key_figures.html"
        description = _(
            "Up to six headline numbers, each with what it measures and the Source it comes from."
        )
        preview_value = {
            "heading": "Chongqing in numbers",
            "figures": [
                {"value": "32 million", "label": "people", "sources": [], "note": ""},
                {"value": "100+", "label": "foggy days a year", "sources": [], "note": ""},
            ],
        }


class CalloutValue(blocks.StructValue):
    TONES = {
        "note": (_("Note"), "i"),
        "caveat": (_("Caveat"), "!"),
        "question": (_("Question to readers"), "?"),
    }

    @property
    def tone_label(self):
        """The kind of callout in words, so it never rests on colour alone."""
        return self.TONES.get(self.get("tone"), self.TONES["note"])[0]

    @property
    def tone_icon(self):
        return self.TONES.get(self.get("tone"), self.TONES["note"])[1]


class CalloutBlock(blocks.StructBlock):
    """A boxed note that stands apart from the text: context, a caveat or a question."""

    tone = blocks.ChoiceBlock(
        choices=[
            ("note", _("Note")),
            ("caveat", _("Caveat")),
            ("question", _("Question to readers")),
        ],
        default="note",
    )
    title = blocks.CharBlock(required=False, max_length=120)
    body = blocks.RichTextBlock(features=INLINE_FEATURES)

    class Meta:
        icon = "help"
        label = _("Callout")
        group = _("Text")
        template = "components/blocks/callout.html"
        value_class = CalloutValue
        description = _("A boxed note: background, a caveat about the sources, or a question.")
        preview_value = {
            "tone": "caveat",
            "title": "30 or 32 million?",
            "body": "<p>The source's headline and its text give different figures.</p>",
        }


class EvidenceLegendBlock(blocks.StaticBlock):
    """The evidence labels and what each means, read from content.evidence."""

    class Meta:
        icon = "info-circle"
        label = _("Evidence labels explained")
        group = _("Arguments")
        template = "components/blocks/evidence_legend.html"
        admin_text = _("Lists every evidence label with its meaning. Nothing to fill in.")
        description = _("Explains the evidence labels that arguments carry (for the About page).")
        preview_value = None

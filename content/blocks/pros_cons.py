"""The pros/cons block: two lists of Arguments, each a sourced claim."""

from django.utils.translation import gettext_lazy
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from content.blocks.citing import RequiresSourcesMixin
from content.evidence import EVIDENCE_BY_VALUE, EVIDENCE_CHOICES
from content.richtext import INLINE_FEATURES


class ArgumentValue(blocks.StructValue):
    @property
    def evidence_label(self):
        """The EvidenceLabel for this argument, or None."""
        return EVIDENCE_BY_VALUE.get(self.get("evidence") or "")


class ArgumentBlock(RequiresSourcesMixin, blocks.StructBlock):
    """One argument: a claim with its explanation and the Sources it rests on."""

    headline = blocks.CharBlock(
        max_length=160, help_text=gettext_lazy("The claim, in one short line.")
    )
    explanation = blocks.RichTextBlock(features=INLINE_FEATURES)
    sources = blocks.ListBlock(
        SnippetChooserBlock("content.Source"),
        min_num=0,
        help_text=gettext_lazy("Every argument cites at least one Source."),
    )
    evidence = blocks.ChoiceBlock(
        choices=EVIDENCE_CHOICES,
        required=False,
        help_text=gettext_lazy("How well established the claim is (explained on the About page)."),
    )

    class Meta:
        icon = "comment"
        label = gettext_lazy("Argument")
        value_class = ArgumentValue

    missing_sources_message = gettext_lazy(
        "Cite at least one Source: an argument without a source cannot be published."
    )


class ProsConsBlock(blocks.StructBlock):
    """The arguments for and against, side by side on wide screens, stacked on narrow ones."""

    heading = blocks.CharBlock(
        max_length=160, help_text=gettext_lazy("The question the arguments answer.")
    )
    introduction = blocks.RichTextBlock(
        required=False,
        features=INLINE_FEATURES,
        help_text=gettext_lazy("Optional neutral framing."),
    )
    pros_heading = blocks.CharBlock(max_length=80, default="Arguments for")
    pros = blocks.ListBlock(ArgumentBlock(), min_num=1)
    cons_heading = blocks.CharBlock(max_length=80, default="Arguments against")
    cons = blocks.ListBlock(ArgumentBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        label = gettext_lazy("Pros and cons")
        group = gettext_lazy("Arguments")
        template = "components/blocks/pros_cons.html"
        description = gettext_lazy(
            "The arguments for and against, each a headline, an explanation, its Sources "
            "and an evidence label."
        )
        preview_value = {
            "heading": "Does blanket surveillance make a city safer?",
            "introduction": "<p>These are the arguments as commonly made.</p>",
            "pros_heading": "Arguments for",
            "pros": [
                {
                    "headline": "Faster response to crime",
                    "explanation": "<p>Cameras can find a suspect within minutes.</p>",
                    "sources": [],
                    "evidence": "reported",
                }
            ],
            "cons_heading": "Arguments against",
            "cons": [
                {
                    "headline": "No privacy left in public",
                    "explanation": "<p>Every movement in the street is recorded.</p>",
                    "sources": [],
                    "evidence": "reported",
                }
            ],
        }

"""The pros/cons block: two lists of Arguments, each a sourced claim.

Every argument has a link number, given once when the block is saved (the next number in
its column: the highest ever given there plus one) and never given again, not even after
the argument is deleted. Readers link to it as ``#for-N`` / ``#against-N`` (``q2-for-N`` in
an article's second pros/cons block): the address survives reordering and rewording. An
argument may answer one on the other side, named by that argument's number.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import BlockGroup, StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from content.blocks.citing import RequiresSourcesMixin
from content.evidence import EVIDENCE_BY_VALUE, EVIDENCE_CHOICES
from content.richtext import INLINE_FEATURES

# The two columns: the list's name, the word in the anchor, the other column.
SIDES = {"pros": "for", "cons": "against"}
OTHER_SIDE = {"pros": "cons", "cons": "pros"}
TEMPLATE_SIDE = {"pros": "pro", "cons": "con"}


class ArgumentValue(blocks.StructValue):
    @property
    def evidence_label(self):
        """The EvidenceLabel for this argument, or None."""
        return EVIDENCE_BY_VALUE.get(self.get("evidence") or "")


class GivenNumberBlock(blocks.IntegerBlock):
    """A number the site gives when the page is saved: shown to the editor, not typed."""

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=1, **kwargs)
        self.field.widget.attrs["readonly"] = True


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
    answers = blocks.IntegerBlock(
        required=False,
        min_value=1,
        label=gettext_lazy("Answers argument number"),
        help_text=gettext_lazy(
            "If this argument answers one on the other side, that argument's link number."
        ),
    )
    reply = blocks.CharBlock(
        required=False,
        max_length=200,
        label=gettext_lazy("Reply"),
        help_text=gettext_lazy("Optional: the answer in one line, shown under the link."),
    )
    number = GivenNumberBlock(
        label=gettext_lazy("Link number"),
        help_text=gettext_lazy(
            "Given when the page is saved and never changed: readers link to this argument "
            "as #for-1 or #against-1 with this number."
        ),
    )

    class Meta:
        icon = "comment"
        label = gettext_lazy("Argument")
        value_class = ArgumentValue

    missing_sources_message = gettext_lazy(
        "Cite at least one Source: an argument without a source cannot be published."
    )


def given_numbers(value):
    """{"pros": [number of each argument], "cons": […]} and the highest number given in
    each column, numbering the arguments that have none yet (or share one with an argument
    above them) after the highest number the column has ever given."""
    numbers, highest = {}, {}
    for side in SIDES:
        arguments = list(value.get(side) or [])
        taken = []
        for argument in arguments:
            number = argument.get("number") if argument else None
            keep = isinstance(number, int) and number > 0 and number not in taken
            taken.append(number if keep else None)
        last = max([value.get(f"{side}_numbered") or 0, *filter(None, taken)])
        for index, number in enumerate(taken):
            if number is None:
                last += 1
                taken[index] = last
        numbers[side], highest[side] = taken, last
    return numbers, highest


def number_arguments(value):
    """Give every argument of a ProsConsBlock value its link number (in place)."""
    numbers, highest = given_numbers(value)
    for side in SIDES:
        for argument, number in zip(value.get(side) or [], numbers[side], strict=False):
            argument["number"] = number
        value[f"{side}_numbered"] = highest[side]
    return value


def anchor_prefix(position):
    """'' for an article's first pros/cons block, 'q2-' for its second, …"""
    return "" if position <= 1 else f"q{position}-"


def block_position(page, block_id):
    """Where the pros/cons block ``block_id`` comes among the page's pros/cons blocks (1…)."""
    raw = getattr(getattr(page, "body", None), "raw_data", None) or []
    ids = [block.get("id") for block in raw if block.get("type") == "pros_cons"]
    return ids.index(block_id) + 1 if block_id and block_id in ids else 1


@dataclass
class ArgumentLink:
    """One argument as readers meet it: its value, its anchor and its rebuttals."""

    value: ArgumentValue
    side: str  # "pros" or "cons"
    number: int
    anchor: str
    answers: "ArgumentLink | None" = None
    answered_by: list = field(default_factory=list)

    @property
    def template_side(self):
        return TEMPLATE_SIDE[self.side]

    @property
    def headline(self):
        return self.value.get("headline") or ""

    @property
    def reply(self):
        return self.value.get("reply") or ""


def argument_links(value, prefix=""):
    """{"pros": [ArgumentLink…], "cons": […]}: numbered, anchored, rebuttals both ways.

    An answer naming no argument of the other side (a draft not yet validated) is left out.
    """
    numbers, _highest = given_numbers(value)
    links = {
        side: [
            ArgumentLink(argument, side, number, f"{prefix}{SIDES[side]}-{number}")
            for argument, number in zip(value.get(side) or [], numbers[side], strict=False)
        ]
        for side in SIDES
    }
    for side in SIDES:
        by_number = {link.number: link for link in links[OTHER_SIDE[side]]}
        for link in links[side]:
            answered = by_number.get(link.value.get("answers"))
            if answered is not None:
                link.answers = answered
                answered.answered_by.append(link)
    return links


def article_argument_links(stream):
    """[(block, ArgumentLink)] for every argument of a page's body, in reading order, each
    with the anchor its page gives it (``for-2``; ``q2-for-2`` in a second block)."""
    found, position = [], 0
    for block in stream or []:
        if block.block_type != "pros_cons":
            continue
        position += 1
        links = argument_links(block.value, anchor_prefix(position))
        found.extend((block, link) for side in SIDES for link in links[side])
    return found


def find_argument(stream, anchor):
    """(block, ArgumentLink) of the argument at ``anchor`` in a page's body, or None."""
    return next(
        ((block, link) for block, link in article_argument_links(stream) if link.anchor == anchor),
        None,
    )


def answer_errors(value):
    """The errors of arguments that answer what is not there, by column and index."""
    errors = {}
    for side in SIDES:
        other = OTHER_SIDE[side]
        numbers = {argument.get("number") for argument in value.get(other) or []}
        side_errors = {}
        for index, argument in enumerate(value.get(side) or []):
            answers = argument.get("answers")
            if answers is not None and answers not in numbers:
                message = gettext(
                    "There is no argument number %(number)s on the other side (“%(side)s”). "
                    "Give the link number shown on the argument this one answers, or leave "
                    "the field empty."
                ) % {"number": answers, "side": value.get(f"{other}_heading") or other}
                side_errors[index] = StructBlockValidationError(
                    block_errors={"answers": ValidationError(message)}
                )
            elif answers is None and argument.get("reply"):
                message = gettext(
                    "A reply needs the number of the argument it answers: fill in "
                    "“Answers argument number”, or leave the reply empty."
                )
                side_errors[index] = StructBlockValidationError(
                    block_errors={"reply": ValidationError(message)}
                )
        if side_errors:
            errors[side] = ListBlockValidationError(block_errors=side_errors)
    return errors


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
    # The highest link number each column has given: a deleted argument's number is not
    # given again. Kept out of the way, in the block's settings.
    pros_numbered = GivenNumberBlock(label=gettext_lazy("Link numbers given (for)"))
    cons_numbered = GivenNumberBlock(label=gettext_lazy("Link numbers given (against)"))

    class Meta:
        icon = "list-ul"
        label = gettext_lazy("Pros and cons")
        group = gettext_lazy("Arguments")
        template = "components/blocks/pros_cons.html"
        form_layout = BlockGroup(
            children=["heading", "introduction", "pros_heading", "pros", "cons_heading", "cons"],
            settings=["pros_numbered", "cons_numbered"],
        )
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

    def clean(self, value):
        value = number_arguments(super().clean(value))
        if errors := answer_errors(value):
            raise StructBlockValidationError(block_errors=errors)
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        parent_context = parent_context or {}
        position = block_position(parent_context.get("page"), parent_context.get("block_id"))
        context["arguments"] = argument_links(value, anchor_prefix(position))
        return context

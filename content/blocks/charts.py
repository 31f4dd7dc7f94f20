"""Numbers a reader can see: a bar chart drawn on the server, and a timeline of dated events.

Both are claims, so both cite Sources (numbered with the rest of the article's). The chart
is inline SVG, coloured by the site's stylesheet (light and dark), with its data one click
away as a table and at ``<article>/chart/<block id>.csv`` (content.views.chart_download).
"""

import csv
import datetime
import io
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from content.blocks.citing import RequiresSourcesMixin
from content.richtext import INLINE_FEATURES

# The chart's geometry, in CSS pixels: each row is its label, then its bar.
ROW_HEIGHT = 54
LABEL_BASELINE = 17
BAR_TOP = 24
BAR_HEIGHT = 22
VALUE_BASELINE = 40
# The longest bar takes this share of the width; the rest is room for its printed value.
BAR_SPAN_PERCENT = 72


def display_number(value):
    """A value as readers read it: grouped thousands, the decimals the editor entered."""
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def as_number(value):
    """A stored value as a Decimal, or None if it is not a number (data typed in by other
    means than the editor, which refuses it): such a row is left out, never a failure."""
    try:
        number = Decimal(str(value))
    except (ArithmeticError, ValueError, TypeError):
        return None
    return number if number.is_finite() and number >= 0 else None


def csv_number(value):
    """A value for a spreadsheet: no grouping, a point for decimals."""
    return format(Decimal(value), "f")


def merge_list_errors(first, second):
    """One ListBlockValidationError with both errors' messages: a row whose value is wrong
    and whose label is a duplicate shows both, each beside its field."""
    if not isinstance(first, ListBlockValidationError):
        return second
    block_errors = dict(first.block_errors)
    for index, error in second.block_errors.items():
        existing = block_errors.get(index)
        if isinstance(existing, StructBlockValidationError):
            block_errors[index] = StructBlockValidationError(
                block_errors={**error.block_errors, **existing.block_errors}
            )
        else:
            block_errors[index] = error
    return ListBlockValidationError(
        block_errors=block_errors,
        non_block_errors=[*first.non_block_errors.as_data(), *second.non_block_errors.as_data()],
    )


class ChartRowBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=60, help_text=_("e.g. 'Chongqing'."))
    value = blocks.DecimalBlock(help_text=_("A number, zero or more, e.g. 168.03."))

    class Meta:
        icon = "minus"
        label = _("Row")

    def clean(self, value):
        value = super().clean(value)
        if value.get("value") is not None and value["value"] < 0:
            raise StructBlockValidationError(
                block_errors={
                    "value": ValidationError(
                        _("Bars start at zero, so a value cannot be negative.")
                    )
                }
            )
        return value


class ChartValue(blocks.StructValue):
    """What the chart's template draws, and the CSV file's rows."""

    @property
    def data(self):
        """(label, value) in the order the chart shows them."""
        rows = [(row.get("label"), as_number(row.get("value"))) for row in self.get("rows") or []]
        rows = [(label, value) for label, value in rows if label and value is not None]
        if self.get("kind") == "bar_sorted":
            rows.sort(key=lambda row: row[1], reverse=True)
        return rows

    @property
    def bars(self):
        """Each bar's label, printed value, width (a share of the chart's width) and height."""
        data = self.data
        largest = max((value for _label, value in data), default=0)
        bars = []
        for index, (label, value) in enumerate(data):
            share = (value / largest) if largest else 0
            width = round(float(share) * BAR_SPAN_PERCENT, 2)
            top = index * ROW_HEIGHT
            bars.append(
                {
                    "label": label,
                    "value": display_number(value),
                    "width": f"{width}%",
                    "label_y": top + LABEL_BASELINE,
                    "bar_y": top + BAR_TOP,
                    "value_y": top + VALUE_BASELINE,
                }
            )
        return bars

    @property
    def height(self):
        return len(self.data) * ROW_HEIGHT

    @property
    def column_headings(self):
        return (self.get("category") or gettext("Label"), self.get("unit") or gettext("Value"))

    @property
    def description(self):
        """The chart in words, for screen readers (the SVG's <desc>)."""
        items = gettext("; ").join(
            gettext("%(label)s: %(value)s") % {"label": label, "value": display_number(value)}
            for label, value in self.data
        )
        return gettext("Bar chart: %(unit)s. %(items)s.") % {
            "unit": self.get("unit"),
            "items": items,
        }

    def as_csv(self):
        """The chart's data as CSV text: a header row, then one row per bar (UTF-8, no BOM)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.column_headings)
        for label, value in self.data:
            writer.writerow([label, csv_number(value)])
        return out.getvalue()


class ChartBlock(RequiresSourcesMixin, blocks.StructBlock):
    """A small table of numbers, drawn as a bar chart, with its Source."""

    title = blocks.CharBlock(
        max_length=120,
        help_text=_("What the chart shows, e.g. 'Public CCTV cameras per 1,000 people, 2019'."),
    )
    category = blocks.CharBlock(
        max_length=60,
        help_text=_("What each row is, e.g. 'City': the heading of the table's first column."),
    )
    unit = blocks.CharBlock(
        max_length=80,
        help_text=_(
            "What the numbers count, e.g. 'Cameras per 1,000 people': the heading of the "
            "second column."
        ),
    )
    kind = blocks.ChoiceBlock(
        choices=[
            ("bar", _("Horizontal bars, in the order entered")),
            ("bar_sorted", _("Horizontal bars, largest first")),
        ],
        default="bar",
    )
    rows = blocks.ListBlock(ChartRowBlock(), min_num=0, max_num=20)
    sources = blocks.ListBlock(
        SnippetChooserBlock("content.Source"),
        min_num=0,
        help_text=_("The Source(s) the numbers come from: readers see a numbered marker."),
    )
    note = blocks.RichTextBlock(
        required=False,
        features=INLINE_FEATURES,
        help_text=_("Optional: what the numbers do not say, such as how they were counted."),
    )

    class Meta:
        icon = "table"
        label = _("Chart")
        group = _("Data")
        template = "components/blocks/chart.html"
        value_class = ChartValue
        description = _(
            "A bar chart drawn from a small table of numbers, with its Source, the data as a "
            "table and a CSV download."
        )
        preview_value = {
            "title": "Public CCTV cameras per 1,000 people, 2019",
            "category": "City",
            "unit": "Cameras per 1,000 people",
            "kind": "bar",
            "rows": [
                {"label": "Chongqing", "value": Decimal("168.03")},
                {"label": "Shenzhen", "value": Decimal("159.09")},
                {"label": "Shanghai", "value": Decimal("113.46")},
                {"label": "London", "value": Decimal("68.40")},
            ],
            "sources": [],
            "note": "<p>As counted by Comparitech in 120 large cities.</p>",
        }

    missing_sources_message = _(
        "Cite at least one Source: a chart without a source cannot be published."
    )

    def clean(self, value):
        errors = {}
        try:
            value = super().clean(value)
        except StructBlockValidationError as error:
            errors.update(error.block_errors)
        rows_error = self.rows_error(value.get("rows") or [])
        if rows_error is not None:
            errors["rows"] = merge_list_errors(errors.get("rows"), rows_error)
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    @staticmethod
    def rows_error(rows):
        """Fewer than two rows, or a label used twice: the message beside the rows or label."""
        if len(rows) < 2:
            return ListBlockValidationError(
                non_block_errors=[ValidationError(_("A chart needs at least two rows to compare."))]
            )
        seen = set()
        duplicates = {}
        for index, row in enumerate(rows):
            key = (row.get("label") or "").strip().casefold()
            if key in seen:
                duplicates[index] = StructBlockValidationError(
                    block_errors={
                        "label": ValidationError(
                            _("“%(label)s” is already a row: each label may appear once.")
                            % {"label": row.get("label")}
                        )
                    }
                )
            seen.add(key)
        return ListBlockValidationError(block_errors=duplicates) if duplicates else None

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["chart_id"] = f"chart-{context.get('block_id') or 'preview'}"
        return context


PRECISIONS = [("year", _("Year")), ("month", _("Month")), ("day", _("Day"))]


class TimelineEventValue(blocks.StructValue):
    @property
    def datetime_attribute(self):
        """The date as precisely as the editor knows it: 2019, 2019-09 or 2019-09-05."""
        date = self.get("date")
        precision = self.get("precision")
        if precision == "year":
            return f"{date.year:04d}"
        if precision == "month":
            return f"{date.year:04d}-{date.month:02d}"
        return date.isoformat()

    @property
    def display_date(self):
        date = self.get("date")
        precision = self.get("precision")
        if precision == "year":
            return gettext("%(year)s") % {"year": date.year}
        if precision == "month":
            return formats.date_format(date, "YEAR_MONTH_FORMAT")
        return formats.date_format(date, "DATE_FORMAT")


class TimelineEventBlock(RequiresSourcesMixin, blocks.StructBlock):
    date = blocks.DateBlock(
        help_text=_("For an event known only by its year or month, any day in it will do.")
    )
    precision = blocks.ChoiceBlock(
        choices=PRECISIONS,
        default="day",
        help_text=_("How precisely the date is known: readers see only that much."),
    )
    text = blocks.TextBlock(max_length=300, help_text=_("What happened, in a sentence."))
    sources = blocks.ListBlock(
        SnippetChooserBlock("content.Source"),
        min_num=0,
        help_text=_("The Source(s) for this event: readers see a numbered marker."),
    )

    class Meta:
        icon = "date"
        label = _("Event")
        value_class = TimelineEventValue

    missing_sources_message = _(
        "Cite at least one Source: an event without a source cannot be published."
    )


class TimelineBlock(blocks.StructBlock):
    """Dated events in order, each citing its Source."""

    heading = blocks.CharBlock(required=False, max_length=120)
    events = blocks.ListBlock(TimelineEventBlock(), min_num=1, max_num=30)

    class Meta:
        icon = "history"
        label = _("Timeline")
        group = _("Data")
        template = "components/blocks/timeline.html"
        description = _("Dated events in order, oldest first, each with the Source it comes from.")
        preview_value = {
            "heading": "What was reported, when",
            "events": [
                {
                    "date": datetime.date(2019, 1, 1),
                    "precision": "year",
                    "text": "Comparitech counts public CCTV cameras in 120 large cities.",
                    "sources": [],
                },
                {
                    "date": datetime.date(2025, 5, 6),
                    "precision": "day",
                    "text": "MailOnline publishes its feature on Chongqing.",
                    "sources": [],
                },
            ],
        }

    def clean(self, value):
        errors = {}
        try:
            value = super().clean(value)
        except StructBlockValidationError as error:
            errors.update(error.block_errors)
        if "events" not in errors:
            out_of_order = {}
            events = value.get("events") or []
            for index in range(1, len(events)):
                if events[index]["date"] < events[index - 1]["date"]:
                    out_of_order[index] = StructBlockValidationError(
                        block_errors={
                            "date": ValidationError(
                                _(
                                    "This event is earlier than the one above: list events "
                                    "oldest first."
                                )
                            )
                        }
                    )
            if out_of_order:
                errors["events"] = ListBlockValidationError(block_errors=out_of_order)
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

"""The demo fixture's format, shared by `load_demo` (JSON → database) and `dump_demo` (back).

fixtures/demo.json holds::

    {
      "site":    {"site_name": …},   (host and port come from SITE_BASE_URL)
      "images":  {"<key>": {"file": "media/<name>.png", "title": …, "description": …, …}},
      "sources": {"<key>": {"title": …, "publisher": …, "date_published": "2025-05-06", …}},
      "topics":  {"<slug>": {"name": …, "description": …}},
      "pages":   {"type": "content.homepage", "title": …, "slug": "home", …, "children": […]}
    }

Database ids never appear in the fixture. Records are named by stable keys instead, and the
loader resolves them to ids:

- a model field or a chooser block that points at a record holds its key
  (``"hero_image": "chongqing-hero"``, ``"sources": ["dailymail-chongqing-2025"]``);
- rich text holds placeholders where Wagtail stores ids
  (``<a linktype="source" id="{{source:dailymail-chongqing-2025}}">…</a>``);
- a page is named by its path below the home page (``"/explainers/chongqing/"``).

Topics are keyed by their slug. Images, Sources and pages are matched to existing records by
identity (file contents or title; publisher and title; parent and slug), so loading twice
finds what the first load made.
"""

import datetime
import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.field_block import ChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import AbstractImage
from wagtail.models import Page

from content.models import Source, Topic

FIXTURE_PATH = Path(settings.BASE_DIR) / "fixtures" / "demo.json"
FORMAT_VERSION = 1

# The Page fields every page in the fixture carries, besides its own model's fields.
PAGE_COMMON_FIELDS = ("title", "slug", "seo_title", "search_description", "show_in_menus")
IMAGE_FIELDS = (
    "title",
    "description",
    "default_credit",
    "focal_point_x",
    "focal_point_y",
    "focal_point_width",
    "focal_point_height",
)
TOPIC_FIELDS = ("name", "description")

PLACEHOLDER = re.compile(r"\{\{(source|image|page):([^{}\"]+)\}\}")
_RICH_TEXT_TAG = re.compile(r"<(a|embed)\b[^>]*>")
_ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
_ID_ATTRIBUTE = re.compile(r'(?<=\s)id="[^"]*"')


class FixtureError(Exception):
    """The fixture is malformed, names a record it does not define, or breaks a content rule."""


def reference_kind(model):
    """What a field or chooser pointing at ``model`` stores in the fixture."""
    if issubclass(model, Page):
        return "page"
    if issubclass(model, AbstractImage):
        return "image"
    if issubclass(model, Source):
        return "source"
    if issubclass(model, Topic):
        return "topic"
    raise FixtureError(f"The demo fixture cannot store references to {model.__name__}.")


# The fields below are listed as columns, then many-to-many relations. Not by `concrete`:
# since Django 6.1 a ManyToManyField has no column and so is not concrete, which would
# silently drop an article's topics from the fixture.


def page_fields(model):
    """The fields the fixture stores for a page model, in declaration order."""
    common = [model._meta.get_field(name) for name in PAGE_COMMON_FIELDS]
    own = [
        field
        for field in (*model._meta.local_concrete_fields, *model._meta.local_many_to_many)
        if field.editable and not field.primary_key and not getattr(field, "parent_link", False)
    ]
    return common + own


def snippet_fields(model):
    """Every editable field of a snippet, except its id."""
    return [
        field
        for field in (*model._meta.concrete_fields, *model._meta.many_to_many)
        if field.editable and not field.primary_key
    ]


class References:
    """Keys ↔ database ids for the records a fixture refers to."""

    def __init__(self):
        self.pk_by_key = {"source": {}, "topic": {}, "image": {}, "page": {}}
        self.key_by_pk = {"source": {}, "topic": {}, "image": {}, "page": {}}
        # While the page tree is first created, a page may point at one not made yet.
        self.allow_missing_pages = False
        # When comparing with what is in the database, records outside the fixture are
        # named by id instead of failing.
        self.allow_unknown_ids = False

    def add(self, kind, key, pk):
        self.pk_by_key[kind][key] = pk
        self.key_by_pk[kind][pk] = key

    def pk(self, kind, key):
        try:
            return self.pk_by_key[kind][key]
        except KeyError:
            if kind == "page" and self.allow_missing_pages:
                return None
            raise FixtureError(
                f"The fixture refers to {kind} {key!r}, which it does not define."
            ) from None

    def key(self, kind, pk):
        try:
            return self.key_by_pk[kind][int(pk)]
        except (KeyError, TypeError, ValueError):
            if self.allow_unknown_ids:
                return f"{kind}#{pk}"
            raise FixtureError(f"No {kind} with id {pk!r} is part of the demo content.") from None


# Rich text -----------------------------------------------------------------------------


def rich_text_to_db(html, references):
    """Replace {{kind:key}} placeholders with the ids Wagtail stores."""

    def replace(match):
        pk = references.pk(match.group(1), match.group(2))
        return str(pk if pk is not None else 0)

    return PLACEHOLDER.sub(replace, html or "")


def rich_text_to_fixture(html, references):
    """Replace the ids in source links, page links and image embeds with placeholders."""

    def replace(match):
        tag = match.group(0)
        attributes = dict(_ATTRIBUTE.findall(tag))
        if match.group(1) == "a":
            kind = {"source": "source", "page": "page"}.get(attributes.get("linktype"))
        else:
            kind = "image" if attributes.get("embedtype") == "image" else None
        if kind is None or "id" not in attributes:
            return tag
        placeholder = f"{{{{{kind}:{references.key(kind, attributes['id'])}}}}}"
        return _ID_ATTRIBUTE.sub(f'id="{placeholder}"', tag, count=1)

    return _RICH_TEXT_TAG.sub(replace, html or "")


# Stream data ---------------------------------------------------------------------------


def _list_item_value(item):
    """A ListBlock item in either storage format (plain, or {"type": "item", "value", "id"})."""
    if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
        return item["value"]
    return item


def convert_block_value(block, value, convert_leaf, path="body"):
    """Walk raw stream data along its block definitions, converting the leaves.

    The result carries no block ids, and ListBlock items as plain values, so that a
    fixture stays readable and a dump of unchanged content is unchanged.
    """
    if isinstance(block, blocks.StreamBlock):
        converted = []
        for index, child in enumerate(value or []):
            child_block = block.child_blocks.get(child.get("type"))
            if child_block is None:
                raise FixtureError(f"{path}[{index}]: unknown block type {child.get('type')!r}.")
            converted.append(
                {
                    "type": child["type"],
                    "value": convert_block_value(
                        child_block, child.get("value"), convert_leaf, f"{path}[{index}]"
                    ),
                }
            )
        return converted
    if isinstance(block, blocks.StructBlock):
        value = value or {}
        unknown = set(value) - set(block.child_blocks)
        if unknown:
            raise FixtureError(f"{path}: unknown field(s) {', '.join(sorted(unknown))}.")
        return {
            name: convert_block_value(child, value[name], convert_leaf, f"{path}.{name}")
            for name, child in block.child_blocks.items()
            if name in value
        }
    if isinstance(block, blocks.ListBlock):
        return [
            convert_block_value(
                block.child_block, _list_item_value(item), convert_leaf, f"{path}[{index}]"
            )
            for index, item in enumerate(value or [])
        ]
    if isinstance(block, blocks.StaticBlock):
        return None
    return convert_leaf(block, value)


def leaf_to_db(references):
    def convert(block, value):
        if isinstance(block, blocks.RichTextBlock):
            return rich_text_to_db(value, references)
        if isinstance(block, ChooserBlock):
            kind = reference_kind(block.target_model)
            return references.pk(kind, value) if value not in (None, "") else None
        return value

    return convert


def leaf_to_fixture(references):
    def convert(block, value):
        if isinstance(block, blocks.RichTextBlock):
            return rich_text_to_fixture(value, references)
        if isinstance(block, ChooserBlock):
            kind = reference_kind(block.target_model)
            return references.key(kind, value) if value not in (None, "") else None
        return value

    return convert


# Model fields --------------------------------------------------------------------------


def field_to_fixture(field, instance, references):
    """The fixture's JSON value for one field of a saved or in-memory instance."""
    if isinstance(field, StreamField):
        stream = getattr(instance, field.name)
        raw = stream.get_prep_value() if stream is not None else []
        return convert_block_value(field.stream_block, raw, leaf_to_fixture(references))
    if isinstance(field, RichTextField):
        return rich_text_to_fixture(getattr(instance, field.name), references)
    if field.many_to_many:
        kind = reference_kind(field.related_model)
        return sorted(references.key(kind, item.pk) for item in getattr(instance, field.name).all())
    if field.is_relation:
        pk = getattr(instance, field.attname)
        return references.key(reference_kind(field.related_model), pk) if pk else None
    value = field.value_from_object(instance)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def apply_field(field, instance, value, references):
    """Set one field of ``instance`` from its fixture value (in memory, not saved).

    Stream data is validated through its blocks, so a fixture that breaks a content rule
    (an argument without a source, say) fails here, loudly.
    """
    if isinstance(field, StreamField):
        raw = convert_block_value(field.stream_block, value, leaf_to_db(references))
        stream = field.stream_block.to_python(raw)
        if not references.allow_missing_pages:
            try:
                stream = field.stream_block.clean(stream)
            except ValidationError as error:
                raise FixtureError(_describe_block_error(field.name, error)) from error
        setattr(instance, field.name, stream)
    elif isinstance(field, RichTextField):
        setattr(instance, field.name, rich_text_to_db(value, references))
    elif field.many_to_many:
        kind = reference_kind(field.related_model)
        pks = [references.pk(kind, key) for key in value or []]
        getattr(instance, field.name).set(field.related_model.objects.filter(pk__in=pks))
    elif field.is_relation:
        pk = references.pk(reference_kind(field.related_model), value) if value else None
        setattr(instance, field.attname, pk)
    else:
        setattr(instance, field.attname, field.to_python(value))


def _describe_block_error(field_name, error):
    details = error.as_json_data() if hasattr(error, "as_json_data") else error.messages
    return f"{field_name} does not validate: {details}"


def instance_to_fixture(fields, instance, references):
    return {field.name: field_to_fixture(field, instance, references) for field in fields}


def apply_fixture(fields, instance, data, references):
    """Set every field the fixture names; fields it leaves out are left as they are."""
    for field in fields:
        if field.name in data:
            apply_field(field, instance, data[field.name], references)


def model_label(model):
    return model._meta.label_lower

"""The demo fixture's format: one mapping, read by `load_demo` and written by `dump_demo`.

fixtures/demo.json is ``{"format": 1, "site": {"site_name": …}, "images": {key: {…}},
"sources": {key: {…}}, "topics": {slug: {…}}, "pages": {home, with its "children"}}``.
RECORDS says which fields each record carries and what names it; PAGE_FIELDS the same for
pages. Database ids never appear: a field, chooser or rich-text link that points at a record
holds its key (``"hero_image": "chongqing-hero"``, ``id="{{source:dailymail-chongqing-2025}}"``),
and a page's key is its path below the home page (``"/explainers/chongqing-surveillance/"``).
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from wagtail import blocks
from wagtail.blocks.field_block import ChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.utils.file import hash_filelike

from content.models import Author, SiteImage, Source, Topic

FIXTURE_PATH = Path(settings.BASE_DIR) / "fixtures" / "demo.json"
# Earlier published versions of demo pages, beside the fixture (load_demo.DemoLoader.load_history).
HISTORY_NAME = "demo-history.json"
FORMAT_VERSION = 1


def short_slug(text, max_length=40):
    """A slug cut at a word: 'Daily Mail Online (MailOnline)' → 'daily-mail-online-mailonline'."""
    slug = slugify(text)
    return slug if len(slug) <= max_length else slug[: max_length + 1].rsplit("-", 1)[0]


@dataclass(frozen=True)
class Record:
    """One section of the fixture: its model, the fields that name a record, what it stores."""

    kind: str
    model: type
    identity: tuple
    fields: tuple = ()  # empty: every editable field
    keyed_by: str = ""  # the field that is the key; otherwise the dumper keeps the fixture's
    new_key: object = None  # the key of a record the fixture does not have yet

    def model_fields(self):
        if not self.fields:
            return editable_fields(self.model, self.model._meta.concrete_fields)
        return [self.model._meta.get_field(name) for name in self.fields]


IMAGE_FIELDS = ("title", "description", "default_credit", "focal_point_x", "focal_point_y")
IMAGE_FIELDS += ("focal_point_width", "focal_point_height")
# Topics are keyed by their slug; images and Sources by a readable key the dumper keeps.
RECORDS = {
    "images": Record(
        "image", SiteImage, ("title",), IMAGE_FIELDS, new_key=lambda i: short_slug(i.title)
    ),
    "sources": Record(
        "source",
        Source,
        ("publisher", "title"),
        new_key=lambda s: (
            f"{short_slug(s.publisher)}-{getattr(s.date_published, 'year', 'undated')}"
        ),
    ),
    "topics": Record("topic", Topic, (), ("name", "description"), keyed_by="slug"),
    # The bylines' people; a page lists its authors' keys ("authors": ["mei-lin", …]).
    "authors": Record("author", Author, (), ("name", "bio"), keyed_by="slug"),
}
PAGE_FIELDS = ("title", "slug", "seo_title", "search_description", "show_in_menus")
KINDS = {Page: "page", SiteImage: "image", Source: "source", Topic: "topic", Author: "author"}

PLACEHOLDER = re.compile(r"\{\{(source|image|page):([^{}\"]+)\}\}")
TAG = re.compile(r"<(?:a|embed)\b[^>]*>")
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
ID_ATTRIBUTE = re.compile(r'(?<=\s)id="[^"]*"')
LINK_KINDS = {("linktype", "source"): "source", ("linktype", "page"): "page"}
LINK_KINDS |= {("embedtype", "image"): "image"}


class FixtureError(Exception):
    """The fixture is malformed, names a record it does not define, or breaks a content rule."""


def editable_fields(model, columns):
    # Many-to-many fields separately: since Django 6.1 they are not concrete (no column).
    fields = (*columns, *model._meta.local_many_to_many)
    return [f for f in fields if f.editable and not f.primary_key and not f.auto_created]


def page_fields(model):
    """Page's common fields, then the page model's own, in declaration order."""
    common = [model._meta.get_field(name) for name in PAGE_FIELDS]
    return common + editable_fields(model, model._meta.local_concrete_fields)


def file_hash(path):
    return hash_filelike(BytesIO(path.read_bytes()))


def kind_of(model):
    for base, kind in KINDS.items():
        if issubclass(model, base):
            return kind
    raise FixtureError(f"The demo fixture cannot store references to {model.__name__}.")


class Keys:
    """Keys ↔ database ids.

    ``lenient`` lets a page point at a page not created yet (the id is filled in when the
    tree is published), and names a record outside the fixture ``kind#id`` when comparing
    with what the database holds.
    """

    def __init__(self):
        self.pks = {kind: {} for kind in KINDS.values()}
        self.keys = {kind: {} for kind in KINDS.values()}
        self.lenient = False

    def add(self, kind, key, pk):
        self.pks[kind][key] = pk
        self.keys[kind][pk] = key

    def pk(self, kind, key):
        if key in self.pks[kind]:
            return self.pks[kind][key]
        if self.lenient:
            return None  # a page not created yet: the second pass fills it in
        raise FixtureError(f"The fixture refers to {kind} {key!r}, which it does not define.")

    def key(self, kind, pk):
        pk = int(pk) if str(pk).isdigit() else pk
        if pk in self.keys[kind]:
            return self.keys[kind][pk]
        if self.lenient:
            return f"{kind}#{pk}"
        raise FixtureError(f"No {kind} with id {pk} is part of the demo content.")

    def rich_text_to_db(self, html):
        return PLACEHOLDER.sub(lambda m: str(self.pk(m[1], m[2]) or 0), html or "")

    def rich_text_to_fixture(self, html):
        def placeholder(match):
            attributes = dict(ATTRIBUTE.findall(match[0]))
            kind = next(filter(None, map(LINK_KINDS.get, attributes.items())), None)
            if kind is None or "id" not in attributes:
                return match[0]
            key = f'id="{{{{{kind}:{self.key(kind, attributes["id"])}}}}}"'
            return ID_ATTRIBUTE.sub(key, match[0], count=1)

        return TAG.sub(placeholder, html or "")


def convert_stream(block, value, ref, rich, path):
    """Walk stream data along its blocks, converting references; block ids are dropped."""
    if isinstance(block, blocks.StreamBlock):
        children = []
        for index, child in enumerate(value or []):
            if child.get("type") not in block.child_blocks:
                raise FixtureError(f"{path}[{index}]: unknown block type {child.get('type')!r}.")
            child_block = block.child_blocks[child["type"]]
            converted = convert_stream(
                child_block, child.get("value"), ref, rich, f"{path}[{index}]"
            )
            children.append({"type": child["type"], "value": converted})
        return children
    if isinstance(block, blocks.StructBlock):
        value = value or {}
        if unknown := set(value) - set(block.child_blocks):
            raise FixtureError(f"{path}: unknown field(s) {', '.join(sorted(unknown))}.")
        return {
            name: convert_stream(child, value[name], ref, rich, f"{path}.{name}")
            for name, child in block.child_blocks.items()
            if name in value
        }
    if isinstance(block, blocks.ListBlock):
        items = [
            i["value"] if isinstance(i, dict) and i.get("type") == "item" else i
            for i in value or []
        ]
        return [
            convert_stream(block.child_block, item, ref, rich, f"{path}[{n}]")
            for n, item in enumerate(items)
        ]
    if isinstance(block, blocks.StaticBlock):
        return None
    if isinstance(block, blocks.RichTextBlock):
        return rich(value)
    if isinstance(block, ChooserBlock) and value not in (None, ""):
        return ref(kind_of(block.target_model), value)
    # A chart's numbers and a timeline's dates, as JSON stores them ("68.40", "2019-01-01").
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def dump_fields(fields, instance, keys):
    """The fixture's JSON for ``fields`` of an instance (saved or in memory)."""
    return {
        field.name: convert(field, stored(field, instance), keys.key, keys.rich_text_to_fixture)
        for field in fields
    }


def load_fields(fields, instance, data, keys):
    """Set the fields ``data`` names on ``instance`` (in memory; a plain many-to-many is set).

    Stream data is validated through its blocks, so a fixture that breaks a content rule
    (an argument without a source, say) fails here, loudly.
    """
    for field in (field for field in fields if field.name in data):
        try:
            value = convert(field, data[field.name], keys.pk, keys.rich_text_to_db)
            if isinstance(field, StreamField):
                value = field.stream_block.to_python(value)
                value = value if keys.lenient else field.stream_block.clean(value)
        except ValidationError as error:
            details = error.as_json_data() if hasattr(error, "as_json_data") else error.messages
            raise FixtureError(f"{field.name} does not validate: {details}") from error
        if field.many_to_many:
            getattr(instance, field.name).set(field.related_model.objects.filter(pk__in=value))
        else:
            setattr(instance, field.attname, value)


def stored(field, instance):
    """A field's value as the database holds it: ids for relations, raw stream data."""
    if isinstance(field, StreamField):
        stream = getattr(instance, field.name)
        return stream.get_prep_value() if stream is not None else []
    if field.many_to_many:
        return [item.pk for item in getattr(instance, field.name).all()]
    return getattr(instance, field.attname)


def convert(field, value, ref, rich):
    """One field's value, its references converted by ``ref`` and ``rich`` (one direction)."""
    if isinstance(field, StreamField):
        return convert_stream(field.stream_block, value, ref, rich, field.name)
    if isinstance(field, RichTextField):
        return rich(value)
    if field.many_to_many:
        return sorted(ref(kind_of(field.related_model), item) for item in value or [])
    if field.is_relation:
        return ref(kind_of(field.related_model), value) if value else None
    if isinstance(value, str):
        return field.to_python(value)  # dates, from the fixture
    return value.isoformat() if isinstance(value, datetime.date) else value

"""Block validation and block metadata: what an editor sees when a rule is broken."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from content.blocks import ArgumentBlock, ArticleBodyBlock, ProsConsBlock, StandardBodyBlock
from content.models import Source
from tests.content.factories import SourceFactory, argument, pros_cons


def argument_value(sources):
    """An ArgumentBlock value as the editor's form would hand it over."""
    return ArgumentBlock().to_python(argument("Faster response to crime", sources)["value"])


def message_of(error):
    """The text an editor reads for one field's error."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


# --- Arguments and pros/cons --------------------------------------------------------------


@pytest.mark.django_db
def test_argument_without_source_is_rejected_on_its_sources_field():
    with pytest.raises(StructBlockValidationError) as raised:
        ArgumentBlock().clean(argument_value([]))

    errors = raised.value.block_errors
    assert set(errors) == {"sources"}
    assert "Cite at least one Source" in message_of(errors["sources"])


@pytest.mark.django_db
def test_argument_with_a_source_passes_validation():
    source = SourceFactory()

    cleaned = ArgumentBlock().clean(argument_value([source]))

    assert list(cleaned["sources"]) == [source]


@pytest.mark.django_db
def test_argument_without_headline_reports_headline_and_sources_together():
    value = argument_value([])
    value["headline"] = ""

    with pytest.raises(StructBlockValidationError) as raised:
        ArgumentBlock().clean(value)

    assert {"headline", "sources"} <= set(raised.value.block_errors)


@pytest.mark.django_db
@pytest.mark.parametrize("missing_side", ["pros", "cons"])
def test_pros_cons_block_requires_at_least_one_pro_and_one_con(missing_side):
    source = SourceFactory()
    raw = pros_cons(
        pros=[argument("Faster response to crime", [source])],
        cons=[argument("No privacy left in public", [source])],
    )["value"]
    block = ProsConsBlock()
    block.clean(block.to_python(raw))  # complete: passes

    raw[missing_side] = []
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(block.to_python(raw))

    assert set(raised.value.block_errors) == {missing_side}


# --- Source.clean() ----------------------------------------------------------------------


def unsaved_source(**overrides):
    fields = {
        "title": "Inside the city of cameras",
        "publisher": "Daily Mail Online",
        "url": "https://www.example.org/story",
        "archive_url": "https://archive.example.org/story",
        "date_published": datetime.date(2025, 5, 6),
        "date_accessed": datetime.date(2025, 6, 1),
    }
    fields.update(overrides)
    return Source(**fields)


@pytest.mark.parametrize("archive_url", ["ftp://archive.example.org/story", "javascript:alert(1)"])
def test_source_archive_url_that_is_not_http_is_rejected_on_archive_url(archive_url):
    with pytest.raises(ValidationError) as raised:
        unsaved_source(archive_url=archive_url).clean()

    assert set(raised.value.message_dict) == {"archive_url"}
    assert "http://" in raised.value.message_dict["archive_url"][0]


def test_source_url_that_is_not_http_is_rejected_on_url():
    with pytest.raises(ValidationError) as raised:
        unsaved_source(url="ftp://www.example.org/story").clean()

    assert set(raised.value.message_dict) == {"url"}


def test_source_archive_url_equal_to_its_url_is_rejected_on_archive_url():
    with pytest.raises(ValidationError) as raised:
        unsaved_source(archive_url="https://www.example.org/story").clean()

    assert set(raised.value.message_dict) == {"archive_url"}
    assert "copy" in raised.value.message_dict["archive_url"][0]


def test_source_accessed_before_it_was_published_is_rejected_on_date_accessed():
    with pytest.raises(ValidationError) as raised:
        unsaved_source(date_accessed=datetime.date(2025, 5, 5)).clean()

    assert set(raised.value.message_dict) == {"date_accessed"}


def test_source_without_any_url_is_valid():
    source = unsaved_source(url="", archive_url="")

    source.full_clean()  # raises if anything is wrong


def test_valid_source_passes_full_clean():
    unsaved_source().full_clean()


# --- Block metadata an editor meets in the admin ----------------------------------------


def all_blocks(block):
    """The block and every block nested inside it."""
    yield block
    if isinstance(block, blocks.ListBlock):
        yield from all_blocks(block.child_block)
    elif isinstance(block, blocks.StructBlock | blocks.StreamBlock):
        for child in block.child_blocks.values():
            yield from all_blocks(child)


BODY_BLOCKS = list(ArticleBodyBlock().child_blocks.items())


@pytest.mark.parametrize(("name", "block"), BODY_BLOCKS, ids=[name for name, _ in BODY_BLOCKS])
def test_every_body_block_has_icon_label_template_and_description(name, block):
    meta = block.meta
    assert meta.icon and meta.icon != "placeholder", f"{name} has no icon"
    assert meta.label, f"{name} has no label"
    assert meta.template, f"{name} has no template"
    assert meta.description, f"{name} has no description"
    assert meta.group, f"{name} has no group"


def test_standard_body_offers_every_block_the_about_page_needs():
    assert {"heading", "paragraph", "image", "callout", "evidence_legend"} <= set(
        StandardBodyBlock().child_blocks
    )


def test_article_body_offers_every_block_issue_two_names():
    assert {
        "heading",
        "paragraph",
        "image",
        "pull_quote",
        "key_figures",
        "callout",
        "pros_cons",
    } <= set(ArticleBodyBlock().child_blocks)


def test_nested_blocks_have_an_icon_and_a_label():
    """List items (an argument, a key figure) have no template of their own but still show
    an icon and a label in the editor."""
    for block in all_blocks(ArticleBodyBlock()):
        if isinstance(block, blocks.StructBlock):
            assert block.meta.icon and block.meta.icon != "placeholder", block
            assert block.meta.label, block


WITH_PREVIEW_VALUE = [
    (name, block) for name, block in BODY_BLOCKS if getattr(block.meta, "preview_value", None)
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "block"), WITH_PREVIEW_VALUE, ids=[name for name, _ in WITH_PREVIEW_VALUE]
)
def test_block_preview_value_renders_through_the_block_template(name, block):
    value = block.get_preview_value()

    html = block.render(value, context={"citations": None})

    assert html.strip(), f"{name} preview rendered nothing"


def test_every_body_block_except_image_is_previewable_in_the_admin():
    """The block picker shows a preview only for blocks Wagtail deems previewable: those with
    a preview value *and* a preview template (the site's block_preview.html, which loads the
    site CSS). The image block is excused: it needs an image from the library."""
    not_previewable = {
        name for name, block in BODY_BLOCKS if block.is_previewable is not True and name != "image"
    }
    assert not_previewable == set(), (
        f"no admin preview for {sorted(not_previewable)}: add "
        "templates/wagtailcore/shared/block_preview.html (loading css/site.css) and a "
        "preview_value on every block"
    )


def test_block_preview_template_loads_the_site_css():
    from django.template.loader import get_template

    template = get_template("wagtailcore/shared/block_preview.html")
    source = template.template.source

    assert "css/site.css" in source, "block previews must use the site's stylesheet"

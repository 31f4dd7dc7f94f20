"""The passages of an explainer a correction can point at: its section headings and its
arguments, each by the anchor readers' links use (``#how-the-cameras-work``, ``#for-2``)."""

from content.blocks.pros_cons import article_argument_links


def heading_anchors(stream):
    """{block id: anchor} for every heading of ``stream``, unique ('background-2'…)."""
    anchors, used = {}, set()
    for block in stream:
        if block.block_type != "heading":
            continue
        anchor, suffix = block.value.anchor, 1
        while anchor in used:
            suffix += 1
            anchor = f"{block.value.anchor}-{suffix}"
        used.add(anchor)
        anchors[block.id] = anchor
    return anchors


def passage_anchors(stream):
    """Every anchor a correction may name: the headings', then the arguments'."""
    return [*heading_anchors(stream).values()] + [
        link.anchor for _block, link in article_argument_links(stream)
    ]


def argument_headlines(stream):
    """{anchor: headline} for every argument of ``stream``, in reading order."""
    return {link.anchor: link.headline for _block, link in article_argument_links(stream)}


def normalise_target(target):
    """What an editor typed, as an anchor: '#for-2 ' is 'for-2'."""
    return (target or "").strip().lstrip("#").strip().lower()

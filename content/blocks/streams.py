"""The StreamBlocks that page bodies are made of."""

from wagtail import blocks

from content.blocks.basic import (
    CalloutBlock,
    EvidenceLegendBlock,
    HeadingBlock,
    ImageBlock,
    KeyFiguresBlock,
    ParagraphBlock,
    PullQuoteBlock,
)
from content.blocks.pros_cons import ProsConsBlock


class StandardBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    pull_quote = PullQuoteBlock()
    callout = CalloutBlock()
    evidence_legend = EvidenceLegendBlock()


class ArticleBodyBlock(StandardBodyBlock):
    key_figures = KeyFiguresBlock()
    pros_cons = ProsConsBlock()

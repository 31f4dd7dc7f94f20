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
from content.blocks.retention import DataRetentionBlock


class StandardBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    pull_quote = PullQuoteBlock()
    callout = CalloutBlock()
    evidence_legend = EvidenceLegendBlock()
    data_retention = DataRetentionBlock()


class ArticleBodyBlock(StandardBodyBlock):
    data_retention = None  # the Privacy page's block: not for articles
    key_figures = KeyFiguresBlock()
    pros_cons = ProsConsBlock()

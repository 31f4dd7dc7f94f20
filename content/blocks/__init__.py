from content.blocks.basic import (
    CalloutBlock,
    EvidenceLegendBlock,
    HeadingBlock,
    ImageBlock,
    KeyFiguresBlock,
    ParagraphBlock,
    PullQuoteBlock,
)
from content.blocks.pros_cons import ArgumentBlock, ProsConsBlock
from content.blocks.retention import DataRetentionBlock
from content.blocks.streams import ArticleBodyBlock, StandardBodyBlock

__all__ = [
    "ArgumentBlock",
    "ArticleBodyBlock",
    "CalloutBlock",
    "DataRetentionBlock",
    "EvidenceLegendBlock",
    "HeadingBlock",
    "ImageBlock",
    "KeyFiguresBlock",
    "ParagraphBlock",
    "ProsConsBlock",
    "PullQuoteBlock",
    "StandardBodyBlock",
]

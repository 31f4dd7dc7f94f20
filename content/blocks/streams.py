"""The StreamBlocks that page bodies are made of."""

from wagtail import blocks

from content.blocks import basic
from content.blocks.charts import ChartBlock, TimelineBlock
from content.blocks.pros_cons import ProsConsBlock
from content.blocks.retention import DataRetentionBlock


class StandardBodyBlock(blocks.StreamBlock):
    heading = basic.HeadingBlock()
    paragraph = basic.ParagraphBlock()
    image = basic.ImageBlock()
    pull_quote = basic.PullQuoteBlock()
    callout = basic.CalloutBlock()
    evidence_legend = basic.EvidenceLegendBlock()
    data_retention = DataRetentionBlock()


class ArticleBodyBlock(StandardBodyBlock):
    data_retention = None  # the Privacy page's block: not for articles
    key_figures = basic.KeyFiguresBlock()
    pros_cons = ProsConsBlock()
    chart = ChartBlock()
    timeline = TimelineBlock()

from content.models.editorial import ArticleCorrection, FactCheckTask
from content.models.feeds import FeedEntry, FeedGeneration
from content.models.images import SiteImage, SiteRendition
from content.models.pages import (
    ArticleAuthor,
    ArticleIndexPage,
    ArticlePage,
    HomePage,
    StandardPage,
)
from content.models.settings import EditorialStandardsSettings, LicenceSettings
from content.models.snippets import Author, Source, SourceDescription, Topic

__all__ = [
    "ArticleAuthor",
    "Author",
    "ArticleCorrection",
    "ArticleIndexPage",
    "ArticlePage",
    "EditorialStandardsSettings",
    "FactCheckTask",
    "FeedEntry",
    "FeedGeneration",
    "HomePage",
    "LicenceSettings",
    "SiteImage",
    "SiteRendition",
    "Source",
    "SourceDescription",
    "StandardPage",
    "Topic",
]

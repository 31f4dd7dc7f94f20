from content.models.editorial import ArticleCorrection, FactCheckTask
from content.models.images import SiteImage, SiteRendition
from content.models.pages import ArticleIndexPage, ArticlePage, HomePage, StandardPage
from content.models.settings import LicenceSettings
from content.models.snippets import Source, Topic

__all__ = [
    "ArticleCorrection",
    "ArticleIndexPage",
    "ArticlePage",
    "FactCheckTask",
    "HomePage",
    "LicenceSettings",
    "SiteImage",
    "SiteRendition",
    "Source",
    "StandardPage",
    "Topic",
]

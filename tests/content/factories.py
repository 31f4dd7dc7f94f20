"""Factories for the content app: snippets, pages, and StreamField bodies as raw JSON.

Bodies are written the way the database stores them (``{"type": ..., "value": ...}``), so a
test reads like the content an editor would have saved. Inline citations are the stored
link entity, ``<a linktype="source" id="N">``, exactly what the rich-text editor writes.
"""

import datetime
import uuid

import factory
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail.models import Page, Site

from content.models import (
    ArticleIndexPage,
    ArticlePage,
    HomePage,
    SiteImage,
    Source,
    StandardPage,
    Topic,
)
from core.site_url import host_and_port, public_base_url


class SourceFactory(DjangoModelFactory):
    """A press Source with a link, an archived copy and an access date."""

    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Inside the city of cameras, part {n}")
    publisher = factory.Sequence(lambda n: f"Publisher {n}")
    authors = "A. Reporter"
    date_published = datetime.date(2025, 5, 6)
    url = factory.Sequence(lambda n: f"https://news.example.org/story-{n}")
    archive_url = factory.Sequence(lambda n: f"https://archive.example.org/story-{n}")
    date_accessed = datetime.date(2025, 6, 1)
    kind = Source.Kind.PRESS
    language = "en"


class TopicFactory(DjangoModelFactory):
    """A Topic; its slug is derived from the name on save."""

    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    description = "Articles about this subject."


class SiteImageFactory(wagtail_factories.ImageFactory):
    """An image with the alt text the site requires."""

    class Meta:
        model = SiteImage

    description = "A street corner watched by three cameras."
    default_credit = "Illustration: Surveillance, Explained"


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Surveillance, Explained"
    slug = "home"
    statement = "Plain explanations of how people are watched, with every claim sourced."


class ArticleIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArticleIndexPage

    title = "Explainers"
    slug = "explainers"
    introduction = "Every explainer, newest first."


class ArticlePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArticlePage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Explainer number {n}")
    slug = factory.Sequence(lambda n: f"explainer-{n}")
    standfirst = "What the cameras see, who looks, and what the arguments are."
    first_published = datetime.date(2025, 6, 1)
    last_reviewed = datetime.date(2025, 6, 2)
    body = factory.LazyFunction(lambda: [paragraph("<p>A short article.</p>")])

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)
            self.save()


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = "About"
    slug = "about"
    introduction = "How we work."
    body = factory.LazyFunction(lambda: [paragraph("<p>We cite every claim.</p>")])


# --- StreamField bodies as the database stores them -------------------------------------


def _block(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def cite(source, text="this claim"):
    """An inline citation of ``source`` as the rich-text editor stores it."""
    source_id = source.pk if hasattr(source, "pk") else source
    return f'<a linktype="source" id="{source_id}">{text}</a>'


def paragraph(html):
    return _block("paragraph", html)


def heading(text, level="h2"):
    return _block("heading", {"text": text, "level": level})


def argument(headline, sources, explanation="<p>Why this matters.</p>", evidence="reported"):
    """One argument; ``sources`` are Source instances (or ids) cited by the argument itself."""
    return {
        "type": "item",
        "value": {
            "headline": headline,
            "explanation": explanation,
            "sources": [
                {"type": "item", "value": getattr(source, "pk", source), "id": str(uuid.uuid4())}
                for source in sources
            ],
            "evidence": evidence,
        },
        "id": str(uuid.uuid4()),
    }


def pros_cons(pros, cons, heading_text="Does blanket surveillance make a city safer?"):
    return _block(
        "pros_cons",
        {
            "heading": heading_text,
            "introduction": "<p>The arguments as commonly made.</p>",
            "pros_heading": "Arguments for",
            "pros": pros,
            "cons_heading": "Arguments against",
            "cons": cons,
        },
    )


# --- A site tree ----------------------------------------------------------------------


class SiteTree:
    """The pages most tests need: home (the default Site's root), the index, About."""

    def __init__(self, home, index, about):
        self.home = home
        self.index = index
        self.about = about


def ensure_wagtail_base():
    """Wagtail's root page, root collection and default Locale, which its migrations create.

    A transactional test (browser tests, concurrency tests) empties the database when it
    ends, so a later test may find them gone: make them again if so.
    """
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale

    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    return Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))


def build_site_tree():
    """A HomePage under Wagtail's root, made the default Site's root, with an index and About.

    Wagtail's own migration leaves a placeholder page at the site root; it is replaced.
    """
    root = ensure_wagtail_base()
    placeholder_ids = list(root.get_children().values_list("pk", flat=True))
    home = HomePageFactory(parent=root, slug="home-page")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(is_default_site=True)
    # The address SITE_BASE_URL names in the test settings (http://testserver), as a
    # deployment keeps the two in step (core.checks).
    site.hostname, site.port = host_and_port(public_base_url())
    site.root_page = home
    site.site_name = "Surveillance, Explained"
    site.save()
    Page.objects.filter(pk__in=placeholder_ids).delete()
    index = ArticleIndexPageFactory(parent=home, show_in_menus=True)
    about = StandardPageFactory(parent=home)
    return SiteTree(home=home, index=index, about=about)


def publish(page):
    """Publish a revision as an editor would, setting last_published_at (the sitemap's lastmod)."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page

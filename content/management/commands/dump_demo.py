"""`manage.py dump_demo`: write the current content back to fixtures/demo.json."""

import json
from io import BytesIO
from pathlib import Path, PurePosixPath

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify
from wagtail.models import Site
from wagtail.utils.file import hash_filelike

from content.management.commands import _demo_format as demo
from content.models import SiteImage, Source, Topic


class Command(BaseCommand):
    """Write the site's content to the JSON that `load_demo` reads (`make dump-data`).

    An editor can change the demo in the admin and turn the result into the demo content:
    Sources, Topics, image metadata (new image files are copied beside the fixture) and the
    published version of every live page under the default site's home page. Keys already
    used in the fixture are kept, so the diff shows only what the editor changed.
    """

    help = "Write the current content back to fixtures/demo.json (the format load_demo reads)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=demo.FIXTURE_PATH,
            help=f"Where to write the fixture (default: {demo.FIXTURE_PATH}).",
        )

    def handle(self, *args, output, **options):
        previous = {}
        if output.exists():
            try:
                previous = json.loads(output.read_text(encoding="utf-8"))
            except ValueError as error:
                raise CommandError(f"{output} is not valid JSON: {error}") from error
        dumper = DemoDumper(previous, output.parent, warn=self._warn)
        try:
            data = dumper.dump()
        except demo.FixtureError as error:
            raise CommandError(str(error)) from error
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        if options["verbosity"] > 0:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Wrote {output}: {len(dumper.page_paths)} "
                    f"pages, {len(data['sources'])} sources, {len(data['topics'])} topics, "
                    f"{len(data['images'])} images."
                )
            )

    def _warn(self, message):
        self.stderr.write(self.style.WARNING(message))


def short_slug(text, max_length=40):
    """A slug cut at a word boundary: 'Daily Mail Online (MailOnline)' → 'daily-mail-online'."""
    slug = slugify(text)
    if len(slug) <= max_length:
        return slug
    return slug[: max_length + 1].rsplit("-", 1)[0]


class DemoDumper:
    """Turns the database's demo content into the fixture's JSON structure."""

    def __init__(self, previous, fixture_dir, *, warn=None):
        self.previous = previous
        self.fixture_dir = Path(fixture_dir)
        self.warn = warn or (lambda message: None)
        self.references = demo.References()
        self.page_paths = []

    def dump(self):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise demo.FixtureError("There is no default site: load the demo first.")
        home = site.root_page.specific
        images = {self.image_key(image): image for image in SiteImage.objects.order_by("pk")}
        sources = {self.source_key(source): source for source in Source.objects.order_by("pk")}
        topics = {topic.slug: topic for topic in Topic.objects.order_by("pk")}
        for key, image in images.items():
            self.references.add("image", key, image.pk)
        for key, source in sources.items():
            self.references.add("source", key, source.pk)
        for slug, topic in topics.items():
            self.references.add("topic", slug, topic.pk)
        self.register_pages(home, "/")
        return {
            "format": demo.FORMAT_VERSION,
            # Host and port come from SITE_BASE_URL when loading, not from the fixture.
            "site": {"site_name": site.site_name},
            "images": {key: self.dump_image(key, images[key]) for key in sorted(images)},
            "sources": {
                key: demo.instance_to_fixture(
                    demo.snippet_fields(Source), sources[key], self.references
                )
                for key in sorted(sources)
            },
            "topics": {
                slug: demo.instance_to_fixture(
                    [Topic._meta.get_field(name) for name in demo.TOPIC_FIELDS],
                    topics[slug],
                    self.references,
                )
                for slug in sorted(topics)
            },
            "pages": self.dump_page(home),
        }

    # Keys --------------------------------------------------------------------------------

    def _unique(self, wanted, taken):
        key, number = wanted, 2
        while key in taken:
            key, number = f"{wanted}-{number}", number + 1
        return key

    def source_key(self, source):
        """The key the fixture already uses for this Source (same publisher and title)."""
        taken = self.references.pk_by_key["source"]
        for key, spec in self.previous.get("sources", {}).items():
            same = spec.get("publisher") == source.publisher and spec.get("title") == source.title
            if same and key not in taken:
                return key
        year = source.date_published.year if source.date_published else "undated"
        return self._unique(f"{short_slug(source.publisher)}-{year}", taken)

    def image_key(self, image):
        """The key the fixture already uses for this image (same file, or same title)."""
        taken = self.references.pk_by_key["image"]
        previous = self.previous.get("images", {})
        for key, spec in previous.items():
            if key not in taken and self._fixture_file_hash(spec) == image.get_file_hash():
                return key
        for key, spec in previous.items():
            if key not in taken and spec.get("title") == image.title:
                return key
        return self._unique(short_slug(image.title) or "image", taken)

    def _fixture_file_hash(self, spec):
        path = self.fixture_dir / spec.get("file", "")
        if not spec.get("file") or not path.is_file():
            return None
        return hash_filelike(BytesIO(path.read_bytes()))

    # Records -----------------------------------------------------------------------------

    def dump_image(self, key, image):
        spec = self.previous.get("images", {}).get(key, {})
        if self._fixture_file_hash(spec) == image.get_file_hash():
            file = spec["file"]
        else:
            # A new or replaced file: copy it beside the fixture.
            suffix = PurePosixPath(image.file.name).suffix.lower()
            file = f"media/{key}{suffix}"
            target = self.fixture_dir / file
            target.parent.mkdir(parents=True, exist_ok=True)
            with image.open_file() as source:
                target.write_bytes(source.read())
        fields = [SiteImage._meta.get_field(name) for name in demo.IMAGE_FIELDS]
        return {"file": file, **demo.instance_to_fixture(fields, image, self.references)}

    def register_pages(self, page, path):
        self.references.add("page", path, page.pk)
        self.page_paths.append(path)
        for child in page.get_children().live():
            self.register_pages(child, f"{path}{child.slug}/")

    def dump_page(self, page):
        page = page.specific
        if page.has_unpublished_changes:
            self.warn(f"{page.url_path}: has unpublished changes; writing the published version.")
        model = type(page)
        data = {
            "type": model._meta.label_lower,
            **demo.instance_to_fixture(demo.page_fields(model), page, self.references),
        }
        children = []
        for child in page.get_children():
            if child.live:
                children.append(self.dump_page(child))
            else:
                self.warn(f"{child.url_path}: not live; left out of the demo content.")
        if children:
            data["children"] = children
        return data

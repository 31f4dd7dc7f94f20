"""`manage.py load_demo`: load the demo content from fixtures/demo.json (safe to run again)."""

import json
from collections import Counter
from io import BytesIO
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import ModelLogEntry, Page, Site
from wagtail.utils.file import hash_filelike

from content.management.commands._demo_format import (
    FIXTURE_PATH,
    FORMAT_VERSION,
    IMAGE_FIELDS,
    TOPIC_FIELDS,
    FixtureError,
    References,
    apply_fixture,
    instance_to_fixture,
    page_fields,
    snippet_fields,
)
from content.models import SiteImage, Source, Topic
from core.site_url import host_and_port, public_base_url


class Command(BaseCommand):
    """Load the demo site: images, Sources, Topics, then the page tree, all published.

    Running it again creates nothing twice: records are matched to what the last run made,
    and a page gets a new revision only when the fixture says something different. Content
    that an editor has changed in the admin is kept (with a warning) unless --overwrite is
    given; `manage.py dump_demo` turns such edits into the demo content instead.
    """

    help = "Load the demo content from fixtures/demo.json. Safe to run again."
    # Not the system checks: core.W001 would warn about the very Site address this fixes.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixture",
            type=Path,
            default=FIXTURE_PATH,
            help=f"The fixture to load (default: {FIXTURE_PATH}).",
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Also replace content that an editor has changed in the admin.",
        )

    def handle(self, *args, fixture, overwrite, **options):
        try:
            data = json.loads(fixture.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {fixture}: {error}") from error
        loader = DemoLoader(data, fixture.parent, overwrite=overwrite, warn=self._warn)
        try:
            with transaction.atomic():
                counts = loader.load()
        except FixtureError as error:
            raise CommandError(f"{fixture}: {error}") from error
        if options["verbosity"] > 0:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo content loaded: {counts['created']} created, "
                    f"{counts['updated']} updated, {counts['unchanged']} unchanged"
                    + (f", {counts['kept']} kept as edited" if counts["kept"] else "")
                    + "."
                )
            )

    def _warn(self, message):
        self.stderr.write(self.style.WARNING(message))


def edited_in_admin(instance):
    """Whether a person (not this loader) has changed the record since it was made."""
    if isinstance(instance, Page):
        revision = instance.latest_revision
        return bool(revision and revision.user_id)
    return ModelLogEntry.objects.for_instance(instance).filter(user__isnull=False).exists()


class DemoLoader:
    """Brings the database in line with one parsed fixture."""

    def __init__(self, data, fixture_dir, *, overwrite=False, warn=None):
        self.data = data
        self.fixture_dir = Path(fixture_dir)
        self.overwrite = overwrite
        self.warn = warn or (lambda message: None)
        self.references = References()
        self.counts = Counter()

    def load(self):
        if self.data.get("format") != FORMAT_VERSION:
            found = self.data.get("format")
            raise FixtureError(f"Expected format {FORMAT_VERSION}, found {found}.")
        for key, spec in self.data.get("images", {}).items():
            self.load_image(key, spec)
        for key, spec in self.data.get("sources", {}).items():
            self.load_source(key, spec)
        for slug, spec in self.data.get("topics", {}).items():
            self.load_topic(slug, spec)
        home = self.load_pages(self.data["pages"])
        self.point_default_site_at(home, self.data.get("site", {}))
        return self.counts

    # Records -----------------------------------------------------------------------------

    def sync_record(self, label, instance, fields, spec, *, created, force=False):
        """Apply the fixture to one record and save it if anything changed."""
        self.references.allow_unknown_ids = True
        before = None if created else instance_to_fixture(fields, instance, self.references)
        self.references.allow_unknown_ids = False
        apply_fixture(fields, instance, spec, self.references)
        after = instance_to_fixture(fields, instance, self.references)
        if not created and not force and before == after:
            self.counts["unchanged"] += 1
            return False
        if not created and not self.overwrite and edited_in_admin(instance):
            self.warn(f"Kept {label} as edited in the admin (load_demo --overwrite replaces it).")
            self.counts["kept"] += 1
            return False
        try:
            instance.full_clean()
        except ValidationError as error:
            raise FixtureError(f"{label}: {error.message_dict}") from error
        instance.save()
        self.counts["created" if created else "updated"] += 1
        return True

    def load_image(self, key, spec):
        path = (self.fixture_dir / spec["file"]).resolve()
        if not path.is_relative_to(self.fixture_dir.resolve()) or not path.is_file():
            raise FixtureError(f"image {key!r}: no file at {spec['file']}.")
        content = path.read_bytes()
        file_hash = hash_filelike(BytesIO(content))
        image = (
            SiteImage.objects.filter(file_hash=file_hash).first()
            or SiteImage.objects.filter(title=spec["title"]).first()
        )
        created = image is None
        image = image or SiteImage()
        file_changed = image.file_hash != file_hash
        if file_changed:
            if not created:
                image.renditions.all().delete()
            image.file = ImageFile(BytesIO(content), name=path.name)
            image.file_size = len(content)
            image.file_hash = file_hash
        fields = [SiteImage._meta.get_field(name) for name in IMAGE_FIELDS]
        self.sync_record(f"image {key!r}", image, fields, spec, created=created, force=file_changed)
        self.references.add("image", key, image.pk)

    def load_source(self, key, spec):
        source = Source.objects.filter(publisher=spec["publisher"], title=spec["title"]).first()
        created = source is None
        source = source or Source()
        self.sync_record(f"source {key!r}", source, snippet_fields(Source), spec, created=created)
        self.references.add("source", key, source.pk)

    def load_topic(self, slug, spec):
        topic = Topic.objects.filter(slug=slug).first()
        created = topic is None
        topic = topic or Topic(slug=slug)
        fields = [Topic._meta.get_field(name) for name in TOPIC_FIELDS]
        self.sync_record(f"topic {slug!r}", topic, fields, spec, created=created)
        self.references.add("topic", slug, topic.pk)

    # Pages -------------------------------------------------------------------------------

    def load_pages(self, home_spec):
        """Create any missing page first (so pages can point at each other), then publish."""
        tree = []
        self.references.allow_missing_pages = True
        try:
            self.ensure_page(home_spec, parent=None, path="/", tree=tree)
        finally:
            self.references.allow_missing_pages = False
        for spec, page, created, path in tree:
            self.publish_page(spec, page, created, path)
        return tree[0][1]

    def ensure_page(self, spec, parent, path, tree):
        model = page_model(spec.get("type"), path)
        page = self.find_home(model) if parent is None else self.find_child(parent, spec, model)
        created = page is None
        if created:
            page = model(live=False, has_unpublished_changes=True)
            apply_fixture(page_fields(model), page, spec, self.references)
            if parent is None:
                root = Page.get_first_root_node()
                self.move_welcome_page_aside(root, page.slug)
                root.add_child(instance=page)
            else:
                parent.add_child(instance=page)
        self.references.add("page", path, page.pk)
        tree.append((spec, page, created, path))
        for child_spec in spec.get("children", []):
            self.ensure_page(child_spec, page, f"{path}{child_spec['slug']}/", tree)

    @staticmethod
    def find_home(model):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site and site.root_page.specific_class is model:
            return site.root_page.specific
        return model.objects.first() if model.max_count == 1 else None

    @staticmethod
    def find_child(parent, spec, model):
        page = parent.get_children().filter(slug=spec["slug"]).first()
        if page is None:
            return None
        page = page.specific
        if not isinstance(page, model):
            raise FixtureError(
                f"{page.url_path}: expected a {model.__name__}, found a {type(page).__name__}."
            )
        return page

    def publish_page(self, spec, page, created, path):
        fields = page_fields(type(page))
        self.references.allow_unknown_ids = True
        before = None if created else instance_to_fixture(fields, page, self.references)
        self.references.allow_unknown_ids = False
        try:
            apply_fixture(fields, page, spec, self.references)
        except FixtureError as error:
            raise FixtureError(f"page {path}: {error}") from error
        after = instance_to_fixture(fields, page, self.references)
        if before == after and page.live and not page.has_unpublished_changes:
            self.counts["unchanged"] += 1
            return
        if not created and not self.overwrite and edited_in_admin(page):
            self.warn(f"Kept page {path} as edited in the admin (--overwrite replaces it).")
            self.counts["kept"] += 1
            return
        try:
            revision = page.save_revision(log_action=True)
        except ValidationError as error:
            raise FixtureError(f"page {path}: {error.message_dict}") from error
        revision.publish()
        self.counts["created" if created else "updated"] += 1

    # The site ----------------------------------------------------------------------------

    @staticmethod
    def welcome_pages(root):
        """Wagtail's placeholder 'Welcome to your new Wagtail site!' page, if it is still there."""
        return root.get_children().filter(
            content_type=ContentType.objects.get_for_model(Page), numchild=0
        )

    def move_welcome_page_aside(self, root, slug):
        """Free the slug the new home page wants (the welcome page is deleted afterwards)."""
        self.welcome_pages(root).filter(slug=slug).update(slug=f"{slug}-wagtail-welcome")

    def point_default_site_at(self, home, site_spec):
        """The default Site answers at SITE_BASE_URL (core.site_url), the address every link
        the site writes starts with: `make run` passes the one it serves on."""
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        hostname, port = host_and_port(public_base_url())
        wanted = {
            "hostname": hostname or "localhost",
            "port": port,
            "site_name": site_spec.get("site_name", ""),
            "root_page_id": home.pk,
        }
        if any(getattr(site, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(site, name, value)
            site.save()
        root = Page.get_first_root_node()
        in_use = Site.objects.values_list("root_page_id", flat=True)
        for page in self.welcome_pages(root).exclude(pk__in=in_use):
            page.delete()


def page_model(label, path):
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError, TypeError):
        raise FixtureError(f"page {path}: unknown page type {label!r}.") from None
    if not issubclass(model, Page):
        raise FixtureError(f"page {path}: {label} is not a page type.")
    return model

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

from content.management.commands import _demo_format as demo
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
            default=demo.FIXTURE_PATH,
            help=f"The fixture to load (default: {demo.FIXTURE_PATH}).",
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
        loader = DemoLoader(fixture.parent, overwrite, self.stderr.write)
        try:
            with transaction.atomic():
                counts = loader.load(data)
        except KeyError as error:
            raise CommandError(f"{fixture}: a record has no {error}.") from error
        except demo.FixtureError as error:
            raise CommandError(f"{fixture}: {error}") from error
        if options["verbosity"] > 0:
            summary = ", ".join(f"{number} {what}" for what, number in counts.items())
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {summary}."))


def edited_in_admin(instance):
    """Whether a person (not this loader) has changed the record since it was made."""
    if isinstance(instance, Page):
        return bool(instance.latest_revision and instance.latest_revision.user_id)
    return ModelLogEntry.objects.for_instance(instance).filter(user__isnull=False).exists()


class DemoLoader:
    """Brings the database in line with one parsed fixture."""

    def __init__(self, fixture_dir, overwrite, warn):
        self.fixture_dir, self.overwrite, self.warn = Path(fixture_dir), overwrite, warn
        self.keys = demo.Keys()
        self.counts = Counter({"created": 0, "updated": 0, "unchanged": 0})

    def load(self, data):
        if not isinstance(data, dict) or data.get("format") != demo.FORMAT_VERSION:
            raise demo.FixtureError(f"expected a fixture of format {demo.FORMAT_VERSION}.")
        for section, record in demo.RECORDS.items():
            for key, spec in originals_first(record, data.get(section, {})):
                self.load_record(record, key, spec)
        self.keys.lenient = True  # pages may point at pages not made yet
        tree = list(self.ensure_pages(data["pages"], None, "/"))
        self.keys.lenient = False
        for spec, page, created, path in tree:
            self.sync(f"page {path}", page, demo.page_fields(type(page)), spec, created)
        self.point_default_site_at(tree[0][1], data.get("site", {}))
        return self.counts

    def sync(self, label, instance, fields, spec, created, force=False):
        """Apply the fixture to one record; save (a page: publish) it if anything changed."""
        self.keys.lenient = True
        before = None if created else demo.dump_fields(fields, instance, self.keys)
        self.keys.lenient = False
        try:
            demo.load_fields(fields, instance, spec, self.keys)
        except demo.FixtureError as error:
            raise demo.FixtureError(f"{label}: {error}") from error
        page = instance if isinstance(instance, Page) else None
        unchanged = before == demo.dump_fields(fields, instance, self.keys) and not force
        if unchanged and (page is None or (page.live and not page.has_unpublished_changes)):
            self.counts["unchanged"] += 1
        elif not created and not self.overwrite and edited_in_admin(instance):
            self.warn(f"Kept {label} as edited in the admin (load_demo --overwrite replaces it).")
            self.counts["kept as edited"] += 1
        else:
            try:
                if page:
                    page.save_revision(log_action=True).publish()
                else:
                    instance.full_clean()
                    instance.save()
            except ValidationError as error:
                detail = error.message_dict if hasattr(error, "error_dict") else error.messages
                raise demo.FixtureError(f"{label}: {detail}") from error
            self.counts["created" if created else "updated"] += 1

    def load_record(self, record, key, spec):
        lookup = {record.keyed_by: key} if record.keyed_by else {}
        lookup |= {name: spec[name] for name in record.identity}
        instance = record.model.objects.filter(**lookup).first()
        created, changed = instance is None, False
        instance = instance or record.model(**lookup)
        if "file" in spec:
            instance, changed = self.attach_image_file(instance, key, spec["file"])
            created = instance.pk is None
        self.sync(f"{record.kind} {key!r}", instance, record.model_fields(), spec, created, changed)
        self.keys.add(record.kind, key, instance.pk)

    def attach_image_file(self, image, key, file):
        """The image with this file (found by its contents or title): replaced if it differs."""
        path = (self.fixture_dir / file).resolve()
        if not path.is_relative_to(self.fixture_dir.resolve()) or not path.is_file():
            raise demo.FixtureError(f"image {key!r}: no file at {file}.")
        content, file_hash = path.read_bytes(), demo.file_hash(path)
        image = type(image).objects.filter(file_hash=file_hash).first() or image
        if image.file_hash == file_hash:
            return image, False
        if image.pk:
            image.renditions.all().delete()
        image.file = ImageFile(BytesIO(content), name=path.name)
        image.file_size, image.file_hash = len(content), file_hash
        return image, True

    def ensure_pages(self, spec, parent, path):
        """Find or create (as a draft) every page of the tree, the home page first."""
        try:
            model = apps.get_model(spec.get("type"))
        except (LookupError, ValueError, TypeError, AttributeError):
            model = None
        if model is None or not issubclass(model, Page):
            raise demo.FixtureError(f"page {path}: unknown page type {spec.get('type')!r}.")
        if parent is None:
            site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
            home = site and site.root_page.specific
            page = home if isinstance(home, model) else model.objects.first()
        else:
            page = parent.get_children().filter(slug=spec["slug"]).first()
            page = page and page.specific
            if page is not None and not isinstance(page, model):
                raise demo.FixtureError(f"page {path}: expected a {model.__name__}.")
        created = page is None
        if created:
            page = model(live=False, has_unpublished_changes=True)
            demo.load_fields(demo.page_fields(model), page, spec, self.keys)
            if parent is None:
                root = Page.get_first_root_node()
                welcome_pages(root).filter(slug=page.slug).update(slug=f"{page.slug}-welcome")
                root.add_child(instance=page)
            else:
                parent.add_child(instance=page)
        self.keys.add("page", path, page.pk)
        yield spec, page, created, path
        for child in spec.get("children", []):
            yield from self.ensure_pages(child, page, f"{path}{child['slug']}/")

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
        in_use = Site.objects.values_list("root_page_id", flat=True)
        for page in welcome_pages(Page.get_first_root_node()).exclude(pk__in=in_use):
            page.delete()


def originals_first(record, specs):
    """The section's (key, spec) pairs, each after the records of its own section it points
    at (a republished Source after its original), so that every reference can be resolved."""
    own = [
        f.name for f in record.model_fields() if f.is_relation and f.related_model is record.model
    ]
    pending, done = dict(specs), set()
    while pending:
        ready = [
            key
            for key, spec in pending.items()
            if all(
                spec.get(name) in (None, "", *done) or spec.get(name) not in specs for name in own
            )
        ]
        if not ready:
            raise demo.FixtureError(
                f"{record.kind} {next(iter(pending))!r}: its references go round in a circle."
            )
        for key in ready:
            done.add(key)
            yield key, pending.pop(key)


def welcome_pages(root):
    """Wagtail's placeholder 'Welcome to your new Wagtail site!' page, if it is still there."""
    return root.get_children().filter(
        content_type=ContentType.objects.get_for_model(Page), numchild=0
    )

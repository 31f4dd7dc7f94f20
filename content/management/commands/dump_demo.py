"""`manage.py dump_demo`: write the current content back to fixtures/demo.json."""

import json
from pathlib import Path, PurePosixPath

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale, Site, TaskState, TranslatableMixin

from content.management.commands import _demo_format as demo
from content.models import ArticlePage, Author, EditorialStandardsSettings


class Command(BaseCommand):
    """Write the site's content to the JSON that `load_demo` reads (`make dump-data`).

    An editor can change the demo in the admin and turn the result into the demo content:
    Sources, Topics, image metadata (new image files are copied beside the fixture) and the
    published version of every live page under the default site's home page. Keys already
    used in the fixture are kept, so the diff shows only what the editor changed; after
    `make demo`, the file is written back byte for byte.
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
        try:
            previous = json.loads(output.read_text(encoding="utf-8")) if output.exists() else {}
        except ValueError as error:
            raise CommandError(f"{output} is not valid JSON: {error}") from error
        try:
            data = DemoDumper(previous, output.parent, self.stderr.write).dump()
        except demo.FixtureError as error:
            raise CommandError(str(error)) from error
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        if options["verbosity"] > 0:
            counts = ", ".join(f"{len(data[section])} {section}" for section in demo.RECORDS)
            self.stdout.write(self.style.SUCCESS(f"Wrote {output}: {counts} and the pages."))


class DemoDumper:
    """Turns the database's demo content into the fixture's JSON structure."""

    def __init__(self, previous, fixture_dir, warn):
        self.previous, self.fixture_dir, self.warn = previous, Path(fixture_dir), warn
        self.keys = demo.Keys()

    def dump(self):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise demo.FixtureError("There is no default site: load the demo first.")
        # Every record gets its key first, so that any may refer to any other.
        records = {
            section: {
                self.key(section, record, item): item
                for item in in_default_language(record.model.objects.order_by("pk"))
            }
            for section, record in demo.RECORDS.items()
        }
        self.register_pages(site.root_page, "/")
        sections = {
            section: {key: self.dump_record(section, key, items[key]) for key in sorted(items)}
            for section, items in records.items()
        }
        # Host and port come from SITE_BASE_URL when loading, not from the fixture.
        head = {"format": demo.FORMAT_VERSION, "site": {"site_name": site.site_name}}
        standards = EditorialStandardsSettings.for_site(site).standards_page_id
        if standards and standards in self.keys.keys["page"]:
            head["site"]["standards_page"] = self.keys.key("page", standards)
        return head | sections | {"pages": self.dump_page(site.root_page)}

    def key(self, section, record, instance):
        """The record's key: its slug, the key the fixture gives it already, or a new one."""
        identity = {name: getattr(instance, name) for name in record.identity}
        taken = self.keys.pks[record.kind]
        same = [
            key
            for key, spec in self.previous.get(section, {}).items()
            if key not in taken and all(spec.get(name) == v for name, v in identity.items())
        ]
        if record.keyed_by:
            key = getattr(instance, record.keyed_by)
        elif same:
            key = same[0]
        else:
            wanted = record.new_key(instance) or record.kind
            key, number = wanted, 2
            while key in taken:
                key, number = f"{wanted}-{number}", number + 1
        self.keys.add(record.kind, key, instance.pk)
        return key

    def dump_record(self, section, key, instance):
        data = demo.dump_fields(demo.RECORDS[section].model_fields(), instance, self.keys)
        if section == "authors" and instance.user_id:
            data["signs_fact_checks"] = True
        if section != "images":
            return data
        file = self.previous.get(section, {}).get(key, {}).get("file", "")
        path = self.fixture_dir / file
        if not file or not path.is_file() or demo.file_hash(path) != instance.get_file_hash():
            # A new or replaced file: copy it beside the fixture.
            file = f"media/{key}{PurePosixPath(instance.file.name).suffix.lower()}"
            path = self.fixture_dir / file
            path.parent.mkdir(parents=True, exist_ok=True)
            with instance.open_file() as source:
                path.write_bytes(source.read())
        return {"file": file} | data

    def fact_checker_key(self, page):
        """The author whose account approved the fact check of the page's live version."""
        if not isinstance(page, ArticlePage) or not page.live_revision_id:
            return None
        user_id = _fact_checker_user_id(page)
        author = (
            Author.objects.filter(user_id=user_id, locale=Locale.get_default()).first()
            if user_id
            else None
        )
        return self.keys.key("author", author.pk) if author else None

    def register_pages(self, page, path):
        self.keys.add("page", path, page.pk)
        for child in page.get_children().live():
            self.register_pages(child, f"{path}{child.slug}/")

    def dump_page(self, page):
        page = page.specific
        if page.has_unpublished_changes:
            self.warn(f"{page.url_path}: has unpublished changes; writing the published version.")
        data = {"type": page._meta.label_lower}
        data |= demo.dump_fields(demo.page_fields(type(page)), page, self.keys)
        credits = getattr(page, "article_authors", None)
        if credits is not None and credits.exists():
            data["authors"] = [self.keys.key("author", c.author_id) for c in credits.all()]
        if checker := self.fact_checker_key(page):
            data["fact_checked_by"] = checker
        children = []
        for child in page.get_children():
            if child.live:
                children.append(self.dump_page(child))
            else:
                self.warn(f"{child.url_path}: not live; left out of the demo content.")
        return data | ({"children": children} if children else {})


def _fact_checker_user_id(page):
    approval = (
        TaskState.objects.filter(
            revision_id=page.live_revision_id, status=TaskState.STATUS_APPROVED
        )
        .exclude(finished_by=None)
        .order_by("-finished_at")
        .first()
    )
    return approval.finished_by_id if approval else None


def in_default_language(records):
    """The records of demo.json: a translatable model's in the default language only (the
    translations are demo.zh-hans.json's, which load_demo reads and this does not write)."""
    if issubclass(records.model, TranslatableMixin):
        return records.filter(locale=Locale.get_default())
    return records

"""`manage.py load_demo`: load the demo content from fixtures/demo.json, and its Chinese
translation from fixtures/demo.zh-hans.json (safe to run again)."""

import json
from collections import Counter
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import (
    Locale,
    ModelLogEntry,
    Page,
    PageLogEntry,
    Revision,
    Site,
    TaskState,
    TranslatableMixin,
    WorkflowState,
)

from content.editorial.workflow import fact_check_task, setup_fact_check_workflow
from content.management.commands import _demo_format as demo
from content.models import (
    ArticleAuthor,
    Author,
    EditorialStandardsSettings,
    SourceDescription,
    Topic,
)
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
        reading = [fixture]  # the fixture being loaded, for the error message
        try:
            with transaction.atomic():
                counts = loader.load(data)
                loader.load_history(fixture.with_name(demo.HISTORY_NAME))
                # Then each translation beside it (demo.zh-hans.json), as the English tree's
                # translations: docs/translation.md.
                for path, translation in translation_fixtures(fixture):
                    reading.append(path)
                    counts = loader.load_translation(translation)
        except KeyError as error:
            raise CommandError(f"{reading[-1]}: a record has no {error}.") from error
        except demo.FixtureError as error:
            raise CommandError(f"{reading[-1]}: {error}") from error
        if options["verbosity"] > 0:
            summary = ", ".join(f"{number} {what}" for what, number in counts.items())
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {summary}."))


def _written(text):
    """``text`` as it is, and as it reads in JSON inside JSON (non-ASCII as escapes)."""
    escaped = json.dumps(text)[1:-1]
    return [text, json.dumps(escaped, ensure_ascii=False)[1:-1]]


def translation_fixtures(fixture):
    """The translations found beside ``fixture`` (demo.json: demo.zh-hans.json), each with
    its path, for every language of LANGUAGES but the default one."""
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        path = fixture.with_name(f"{fixture.stem}.{code}{fixture.suffix}")
        if code == default or not path.is_file():
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        yield path, data


def edited_in_admin(instance):
    """Whether a person (not this loader) has changed the record since it was made."""
    if isinstance(instance, Page):
        return bool(instance.latest_revision and instance.latest_revision.user_id)
    if isinstance(instance, SourceDescription):  # edited in its Source's form
        instance = instance.source
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
            force = self.set_byline(page, spec)
            self.sync(f"page {path}", page, demo.page_fields(type(page)), spec, created, force)
        self.point_default_site_at(tree[0][1], data.get("site", {}))
        self.link_fact_checkers(data.get("authors", {}))
        self.tree = tree
        self.record_fact_checks(tree)
        self.point_standards_at(tree[0][1], data.get("site", {}))
        return self.counts

    def load_history(self, path):
        """Give each page named in demo-history.json the published past it describes: a
        first version (the fixture's text with its 'replace' pairs applied), then the
        fixture's version with its correction note, so that the page's Changes page has a
        difference to show. A page published more than once already is left as it is.
        A translation fixture may give its pages a past the same way ("history")."""
        if not path.is_file():
            return
        try:
            history = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise demo.FixtureError(f"cannot read {path.name}: {error}") from error
        self.apply_history(history.get("pages", {}), path.name, self.tree)

    def apply_history(self, pages, fixture_name, tree):
        for key, spec in pages.items():
            page = Page.objects.filter(pk=self.keys.pks["page"].get(key)).first()
            if page is None:
                raise demo.FixtureError(f"{fixture_name}: no page {key!r} in the fixture.")
            page = page.specific
            publishes = PageLogEntry.objects.filter(page=page, action="wagtail.publish")
            if publishes.count() != 1 or page.corrections.exists():
                continue
            first = page.live_revision
            content = json.dumps(first.content, ensure_ascii=False)
            for old, new in spec["replace"]:
                # The body is JSON inside the revision's JSON: Chinese text is there as
                # escapes (\u91cd…), so look for each way the words can be written.
                for old_form, new_form in zip(_written(old), _written(new), strict=True):
                    if old_form in content:
                        content = content.replace(old_form, new_form)
                        break
                else:
                    raise demo.FixtureError(f"{fixture_name}: {key} does not say {old!r}.")
            first.content = json.loads(content)
            first_published_at = datetime.fromisoformat(spec["first_published_at"])
            first.created_at = first_published_at
            first.save(update_fields=["content", "created_at"])
            TaskState.objects.filter(revision=first).update(finished_at=first_published_at)
            publishes.update(timestamp=first_published_at)
            note = spec["correction"]
            page.corrections.add(
                page.corrections.model(
                    date=date.fromisoformat(note["date"]),
                    kind=note["kind"],
                    text=note["text"],
                    target=note["target"],
                )
            )
            revision = page.save_revision(log_action=True)
            revision.publish()
            published_at = datetime.fromisoformat(note["published_at"])
            Revision.objects.filter(pk=revision.pk).update(created_at=published_at)
            PageLogEntry.objects.filter(page=page, revision=revision).update(timestamp=published_at)
            # The corrected version went through the fact check too.
            self.record_fact_checks(tree)

    def load_translation(self, data):
        """Bring one translation fixture (demo.zh-hans.json) in: its Locale, each topic and
        each page as the translation of its English counterpart (same translation key), with
        its own slug, published. The English tree must be loaded first.

        Images and Sources are the English fixture's; a page or topic key (``"/about/"``,
        ``"china"``) names the translation of the English record it names, and a Source's
        key (``"sources"``) gives that Source's text in this language (a SourceDescription).
        """
        language = data.get("language") if isinstance(data, dict) else None
        if data.get("format") != demo.FORMAT_VERSION or not language:
            raise demo.FixtureError(
                f"expected a translation fixture of format {demo.FORMAT_VERSION} with its language."
            )
        locale, _ = Locale.objects.get_or_create(language_code=language)
        english = self.keys
        self.keys = demo.Keys()
        for kind in ("image", "source"):
            self.keys.pks[kind], self.keys.keys[kind] = english.pks[kind], english.keys[kind]
        try:
            for key, spec in data.get("topics", {}).items():
                self.load_topic_translation(locale, english.pk("topic", key), key, spec)
            for key, spec in data.get("authors", {}).items():
                self.load_author_translation(locale, english.pk("author", key), key, spec)
            for key, spec in data.get("sources", {}).items():
                self.load_source_description(locale, english.pk("source", key), key, spec)
            self.keys.lenient = True  # pages may point at pages not made yet
            tree = list(self.ensure_translated_pages(data["pages"], None, locale, english))
            self.keys.lenient = False
            for spec, page, created, key in tree:
                fields = demo.page_fields(type(page))
                force = self.set_byline(page, spec)
                self.sync(f"page {key} ({language})", page, fields, spec, created, force)
            self.record_fact_checks(tree)
            self.apply_history(data.get("history", {}), f"demo.{language}.json", tree)
        finally:
            self.keys = english
        return self.counts

    def load_topic_translation(self, locale, english_pk, key, spec):
        english = Topic.objects.get(pk=english_pk)
        topic = Topic.objects.filter(locale=locale, translation_key=english.translation_key).first()
        created = topic is None
        if created:
            topic = Topic(locale=locale, translation_key=english.translation_key)
        fields = [Topic._meta.get_field(name) for name in ("name", "slug", "description")]
        self.sync(f"topic {key!r} ({locale.language_code})", topic, fields, spec, created)
        self.keys.add("topic", key, topic.pk)

    def load_source_description(self, locale, source_pk, key, spec):
        """A Source's text in the fixture's language: one SourceDescription of the same
        Source (a Source is one record in every language: docs/translation.md)."""
        description = SourceDescription.objects.filter(source_id=source_pk, locale=locale).first()
        created = description is None
        if created:
            description = SourceDescription(source_id=source_pk, locale=locale)
        fields = [
            SourceDescription._meta.get_field(name)
            for name in ("title", "publisher", "note", "print_only_reason")
        ]
        self.sync(f"source {key!r} ({locale.language_code})", description, fields, spec, created)

    def load_author_translation(self, locale, english_pk, key, spec):
        english = Author.objects.get(pk=english_pk)
        author = Author.objects.filter(
            locale=locale, translation_key=english.translation_key
        ).first()
        created = author is None
        if created:
            author = Author(
                locale=locale, translation_key=english.translation_key, user=english.user
            )
        fields = [Author._meta.get_field(name) for name in ("name", "slug", "bio")]
        self.sync(f"author {key!r} ({locale.language_code})", author, fields, spec, created)
        self.keys.add("author", key, author.pk)

    def set_byline(self, page, spec):
        """Give an explainer the byline its spec lists ("authors": [key, …]); whether it
        changed (the page is then published again)."""
        if "authors" not in spec or not hasattr(page, "article_authors"):
            return False
        wanted = [self.keys.pk("author", key) for key in spec["authors"]]
        if [credit.author_id for credit in page.article_authors.all()] == wanted:
            return False
        page.article_authors = [
            ArticleAuthor(author_id=pk, sort_order=number) for number, pk in enumerate(wanted)
        ]
        return True

    def link_fact_checkers(self, specs):
        """An author whose spec says "signs_fact_checks" gets an admin account of their own
        that cannot log in (no password): the demo's fact checks are approved in its name,
        so that articles show "Checked by <the author's name> on …"."""
        for key, spec in specs.items():
            if not spec.get("signs_fact_checks"):
                continue
            author = Author.objects.get(pk=self.keys.pk("author", key))
            if author.user_id:
                continue
            user, created = get_user_model().objects.get_or_create(username=f"demo-{key}")
            if created:
                user.set_unusable_password()
                user.save()
            Author.objects.filter(translation_key=author.translation_key).update(user=user)

    def record_fact_checks(self, tree):
        """Each demo explainer's live version as approved by the fact check (the demo is
        published by this loader, not through the workflow): an approved "Fact check" task
        on the live revision, signed by the author the spec names ("fact_checked_by")."""
        workflow = None
        for spec, page, _created, _key in tree:
            checker_key = spec.get("fact_checked_by")
            # Read from the database: the page was published through another instance.
            revision_id = (
                Page.objects.filter(pk=page.pk, live=True)
                .values_list("live_revision_id", flat=True)
                .first()
            )
            if not checker_key or not revision_id:
                continue
            workflow = workflow or setup_fact_check_workflow()
            task = fact_check_task()
            if TaskState.objects.filter(
                revision_id=revision_id, task=task, status=TaskState.STATUS_APPROVED
            ).exists():
                continue
            checker = Author.objects.get(pk=self.keys.pk("author", checker_key))
            # Approved as the version was published (the history backdates its versions).
            now = Revision.objects.get(pk=revision_id).created_at
            state = WorkflowState.objects.create(
                content_type=page.content_type,
                base_content_type=ContentType.objects.get_for_model(Page),
                object_id=str(page.pk),
                workflow=workflow,
                status=WorkflowState.STATUS_APPROVED,
                requested_by=None,
            )
            task_state = TaskState.objects.create(
                workflow_state=state,
                revision_id=revision_id,
                task=task,
                status=TaskState.STATUS_APPROVED,
                finished_at=now,
                finished_by_id=checker.user_id,
                comment="",
            )
            state.current_task_state = task_state
            state.save(update_fields=["current_task_state"])

    def point_standards_at(self, home, site_spec):
        """The editorial standards setting names the fixture's standards page
        ("site": {"standards_page": "/editorial-standards/"})."""
        key = site_spec.get("standards_page")
        if not key:
            return
        site = Site.objects.get(root_page=home)
        setting = EditorialStandardsSettings.for_site(site)
        pk = self.keys.pk("page", key)
        if setting.standards_page_id != pk:
            setting.standards_page_id = pk
            setting.save()

    def ensure_translated_pages(self, spec, parent, locale, english):
        """Find or create (as a draft) the translation of every page of the tree, the home
        page first, each under its parent's translation."""
        key = spec.get("translation_of")
        source = Page.objects.filter(pk=english.pks["page"].get(key)).first()
        if source is None:
            raise demo.FixtureError(f"page {key!r}: no English page of that key to translate.")
        source = source.specific
        page = source.get_translation_or_none(locale)
        page = page and page.specific
        if page is not None and parent is not None and page.get_parent().pk != parent.pk:
            raise demo.FixtureError(f"page {key!r}: its translation is not under its parent's.")
        created = page is None
        if created:
            page = type(source)(
                live=False,
                has_unpublished_changes=True,
                locale=locale,
                translation_key=source.translation_key,
            )
            demo.load_fields(demo.page_fields(type(source)), page, spec, self.keys)
            (parent or Page.get_first_root_node()).add_child(instance=page)
        self.keys.add("page", key, page.pk)
        yield spec, page, created, key
        for child in spec.get("children", []):
            yield from self.ensure_translated_pages(child, page, locale, english)

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
        if issubclass(record.model, TranslatableMixin):  # the demo.json's: the default language
            lookup["locale"] = Locale.get_default()
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

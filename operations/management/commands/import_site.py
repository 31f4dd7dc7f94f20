"""`manage.py import_site ARCHIVE`: restore an export_site archive into an empty database."""

import json
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Page

from comments.models import Comment
from operations.management.commands.export_site import (
    DATA_NAME,
    FORMAT_VERSION,
    MANIFEST_NAME,
    MEDIA_PREFIX,
)


def database_is_empty():
    """Nothing but what migrations create: Wagtail's root and welcome page, no comments."""
    return Page.objects.count() <= 2 and not Comment.objects.exists()


def safe_members(tar):
    """The archive's files, refusing any that would land outside the folder it unpacks into."""
    for member in tar.getmembers():
        path = Path(member.name)
        if path.is_absolute() or ".." in path.parts or not (member.isfile() or member.isdir()):
            raise CommandError(f"Refusing a suspicious path in the archive: {member.name}")
        yield member


class Command(BaseCommand):
    """Restore the database rows and media files of an export_site archive.

    Run `manage.py migrate` on the new database first. The command refuses a database that
    already holds content, unless --replace says to wipe it.
    """

    help = "Restore an export_site archive into an empty (migrated) database."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz written by export_site")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Wipe the content already in this database and its media first.",
        )

    def handle(self, *args, archive, replace, **options):
        if not database_is_empty() and not replace:
            raise CommandError(
                "This database already holds content. import_site restores into an empty "
                "database; use --replace to wipe this one first."
            )
        with tempfile.TemporaryDirectory() as folder, tarfile.open(archive, "r:gz") as tar:
            tar.extractall(folder, members=list(safe_members(tar)), filter="data")
            unpacked = Path(folder)
            manifest = json.loads((unpacked / MANIFEST_NAME).read_text())
            if manifest.get("format") != FORMAT_VERSION:
                raise CommandError(f"Unknown archive format {manifest.get('format')!r}.")
            self.restore_database(unpacked / DATA_NAME)
            media_count = self.restore_media(unpacked / MEDIA_PREFIX)
        cache.clear()
        call_command("rebuild_references_index", verbosity=0)
        call_command("update_index", verbosity=0)
        self.stdout.write(
            f"Restored {manifest['records']} records and {media_count} media files "
            f"(exported {manifest['created']})."
        )

    def restore_database(self, data_file):
        # Migrations create Wagtail's root page, default site, locale and collection, the
        # editor groups, content types and permissions; the archive has its own, with the
        # same keys, so start from nothing (and do not let flush make them again).
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        with transaction.atomic():
            call_command("loaddata", str(data_file), verbosity=0)
        ContentType.objects.clear_cache()

    def restore_media(self, source):
        media_root = Path(settings.MEDIA_ROOT)
        if media_root.exists():
            for child in media_root.iterdir():
                if child.is_dir():
                    shutil.rmtree(child)
                else:
                    child.unlink()
        if not source.exists():
            return 0
        shutil.copytree(source, media_root, dirs_exist_ok=True)
        return sum(1 for p in media_root.rglob("*") if p.is_file())

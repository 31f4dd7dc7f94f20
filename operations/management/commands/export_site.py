"""`manage.py export_site ARCHIVE`: the whole site in one .tar.gz, to restore with import_site."""

import datetime
import io
import json
import tarfile
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.serializers import json as json_serializer
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

# Every row keeps its primary key (content types and permissions too), so a restore is
# exact. Left out: the search and reference indexes (import_site rebuilds them), what is
# only for a moment (sessions, admin edit locks), and what must not travel in a backup:
# sign-in lockouts, two-step secrets, and the comment rate-limit fingerprints and their
# daily secrets (forgotten after 30 days anyway), and the tip-off limit's secret of the day.
# Tip-offs themselves travel, like comments: a backup kept past RETENTION_TIPOFF_DAYS keeps
# closed ones too (docs/backups.md).
EXCLUDED = [
    "sessions",
    "admin.logentry",
    "wagtailsearch",
    "wagtailcore.referenceindex",
    "wagtailadmin.editingsession",
    "axes",
    "otp_totp",
    "comments.clientkeysecret",
    "comments.postingrecord",
    "tipoffs.tipoffkeysecret",
]
DATA_NAME = "site.json"
MANIFEST_NAME = "manifest.json"
MEDIA_PREFIX = "media"
FORMAT_VERSION = 1


def dump_database():
    """Every row worth keeping, in Django's JSON serialisation: content types and
    permissions first, so that nothing loaded after them can create one with another key."""
    first = dump(["contenttypes", "auth.permission"])
    rest = dump([], exclude=[*EXCLUDED, "contenttypes", "auth.permission"])
    return json.dumps(first + rest, ensure_ascii=False).encode("utf-8")


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (it cuts them to milliseconds,
    and a restored page would then show a different timestamp)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(json_serializer.Serializer):
    """Django's JSON serialiser with ExactJSONEncoder (registered as "exact_json")."""

    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder


Deserializer = json_serializer.Deserializer


def dump(labels, exclude=()):
    serializers.register_serializer("exact_json", __name__)
    output = io.StringIO()
    call_command("dumpdata", *labels, exclude=list(exclude), format="exact_json", stdout=output)
    return json.loads(output.getvalue())


def add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


class Command(BaseCommand):
    """Write pages and their revisions, Sources, Topics, comments, images, documents, users
    and settings (one JSON file) and every media file into one .tar.gz archive."""

    help = "Export content, sources, comments and media to one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Where to write the archive, e.g. site.tar.gz")

    def handle(self, *args, archive, **options):
        data = dump_database()
        records = json.loads(data)
        media_root = Path(settings.MEDIA_ROOT)
        media_files = (
            sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []
        )
        manifest = {
            "format": FORMAT_VERSION,
            "created": timezone.now().isoformat(),
            "records": len(records),
            "media_files": len(media_files),
        }
        with tarfile.open(archive, "w:gz") as tar:
            add_bytes(tar, MANIFEST_NAME, json.dumps(manifest, indent=2).encode())
            add_bytes(tar, DATA_NAME, data)
            for path in media_files:
                tar.add(path, arcname=f"{MEDIA_PREFIX}/{path.relative_to(media_root).as_posix()}")
        self.stdout.write(
            f"Wrote {archive}: {len(records)} records and {len(media_files)} media files."
        )

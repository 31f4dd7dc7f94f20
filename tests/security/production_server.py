"""A real gunicorn with the production settings, for the round-two tests that need one.

Started the way the README starts production (``gunicorn --config gunicorn.conf.py
explainer.wsgi``), with ``tests.bench.settings`` (production, static files collected into a
throwaway folder) and this test run's database: on PostgreSQL the test database itself, on
SQLite a file copy of the in-memory test database, taken when the server starts (so the
test writes what the server must see first, in a ``transaction=True`` test).

``fetch`` talks HTTP with the standard library, follows no redirect, and may send header
names a browser never would (``SCRIPT_NAME``); ``exchange`` sends raw bytes and reads the
raw answer to the last byte, for checking ``Content-Length`` against the body.
"""

import http.client
import os
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

from tests.bench.run import bench_environment, free_port
from tests.production_stack import PYTHON, REPO, start_gunicorn

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def collect_static(static_root):
    """collectstatic into ``static_root`` with the production storage (hashed, compressed)."""
    environment = bench_environment(free_port(), static_root)
    environment["DATABASE_URL"] = "sqlite:///:memory:"  # collectstatic reads no table
    subprocess.run(  # noqa: S603 - our own manage.py
        [str(PYTHON), "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=REPO,
        env=environment,
        check=True,
    )


def _database_url(work_dir):
    db = settings.DATABASES["default"]
    if ON_POSTGRESQL:
        credentials = quote(db.get("USER") or "postgres")
        if db.get("PASSWORD"):
            credentials += ":" + quote(db["PASSWORD"])
        host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
        return f"postgres://{credentials}@{host}/{db['NAME']}"
    connection.ensure_connection()
    copy_path = Path(work_dir) / "server.sqlite3"
    copy = sqlite3.connect(copy_path)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()
    return f"sqlite:///{copy_path}"


def _wait_until_answering(port, server, log_path, deadline=120):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if server.poll() is not None:
            raise RuntimeError(
                f"gunicorn exited with {server.returncode}:\n{Path(log_path).read_text()}"
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not listen on {port} within {deadline} s")


@contextmanager
def production_server(static_root, **environment):
    """Serve this test's database with production settings; yields a Server (port, log).

    ``environment`` overrides the defaults below (e.g. LOG_LEVEL, EMAIL_HOST). The log
    (gunicorn's and Django's, stdout and stderr) is kept in a file for the test to read.
    """
    work_dir = tempfile.mkdtemp(prefix="explainer-production-server-")
    port = free_port()
    env = bench_environment(port, static_root)
    env.pop("REDIS_URL", None)
    env.update(
        {
            "DATABASE_URL": _database_url(work_dir),
            "DB_CONN_MAX_AGE": "0",  # nothing held open when the test database is flushed
            "SECRET_KEY": settings.SECRET_KEY,  # sessions made by the test process verify
            "ADMIN_REQUIRE_2FA": "true",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "EMAIL_HOST": "",
        }
    )
    env.update(environment)
    env = {name: value for name, value in env.items() if value is not None}
    log_path = Path(work_dir) / "server.log"
    with log_path.open("wb") as log:
        server = start_gunicorn(env, port, 1, log=log, log_level=None)
        try:
            _wait_until_answering(port, server, log_path)
            yield Server(port, log_path, env["DATABASE_URL"])
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


@dataclass
class Server:
    port: int
    log_path: Path
    database_url: str

    def log(self):
        return self.log_path.read_text()

    def rows(self, sql):
        """Rows of ``sql`` from the database the server writes to (the test's own, or on
        SQLite the server's copy of it)."""
        if ON_POSTGRESQL:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall()
        copy = sqlite3.connect(self.database_url.removeprefix("sqlite:///"))
        try:
            return copy.execute(sql).fetchall()
        finally:
            copy.close()


def fetch(port, path, headers=None, method="GET", body=None):
    """(status, headers, body bytes) of one request; redirects are not followed."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def exchange(port, request_bytes):
    """Send ``request_bytes`` as they are; (status line, {header: value}, body as received)."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(request_bytes)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status_line, headers, body

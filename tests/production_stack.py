"""The site served as in production, one way for the bench, the soak and the server tests:
gunicorn from the virtualenv, with the repository's gunicorn.conf.py (who may set
SCRIPT_NAME and the forwarded headers), the WSGI application, on the loopback interface."""

import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = REPO / ".venv" / "bin" / "python"
GUNICORN = REPO / ".venv" / "bin" / "gunicorn"
GUNICORN_CONFIG = REPO / "gunicorn.conf.py"


def start_gunicorn(env, port, workers, log=None, log_level="warning"):
    """gunicorn serving the site at 127.0.0.1:``port`` in a session of its own (so that
    stopping it stops its workers); its output goes to ``log`` when one is given. With
    ``log_level`` None, gunicorn's own default level."""
    command = [
        str(GUNICORN),
        "--config",
        str(GUNICORN_CONFIG),
        "explainer.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
    ]
    if log_level:
        command += ["--log-level", log_level]
    return subprocess.Popen(  # noqa: S603 - our own gunicorn, on the loopback interface
        command,
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT if log is not None else None,
        start_new_session=True,
    )

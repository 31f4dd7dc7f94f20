"""The house's rules (docs/architecture.md): the import contracts hold, and the site runs
without the comments app."""

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def run(*command, **env):
    return subprocess.run(  # noqa: S603 - our own tools, on our own tree
        command,
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=300,
        check=False,
    )


def test_the_import_contracts_hold():
    """Content never imports comments, core imports no app, and arrows point down
    (pyproject.toml, [tool.importlinter])."""
    result = run(str(LINT_IMPORTS), "--no-cache")
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert "Contracts: 5 kept, 0 broken." in report, report


def test_the_site_runs_without_the_comments_app():
    """Every public page renders with comments left out of INSTALLED_APPS
    (tests/without_comments/site_without_comments.py, in a process of its own)."""
    result = run(
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--ds=tests.without_comments.settings",
        "tests/without_comments/site_without_comments.py",
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    passed = re.search(r"(\d+) passed", report)
    assert passed and int(passed.group(1)) >= 12, report
    assert " failed" not in report and " error" not in report, report

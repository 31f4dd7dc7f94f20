"""Fixtures for the security tests that start a real server (production_server.py)."""

import pytest

from tests.security.production_server import collect_static


@pytest.fixture(scope="session")
def production_static(tmp_path_factory):
    """Static files collected once per run, as production collects them (hashed, compressed)."""
    root = tmp_path_factory.mktemp("production-static")
    collect_static(root)
    return root

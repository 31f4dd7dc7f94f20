"""Fixtures shared by the whole suite."""

import pytest
from django.core.management import call_command


@pytest.fixture
def demo_site(db):
    """The demo content, loaded exactly as `make run` loads it."""
    from tests.content.factories import ensure_wagtail_base

    ensure_wagtail_base()
    call_command("load_demo", verbosity=0)

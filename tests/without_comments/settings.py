"""The test settings without the comments app: the site must run without discussion."""

from explainer.settings.test import *  # noqa: F403
from explainer.settings.test import DATABASES, INSTALLED_APPS

# Weighing (debate) goes too: it also shows the article's closing question, which this
# site without discussion must not show.
INSTALLED_APPS = [app for app in INSTALLED_APPS if app not in ("comments", "debate")]

# Run beside the main suite (tests/test_architecture.py starts it): on PostgreSQL a test
# database of its own, or it would replace the one the suite is using.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("TEST", {})["NAME"] = (
        f"test_{DATABASES['default']['NAME']}_without_comments"
    )

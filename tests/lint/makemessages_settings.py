"""Settings for the translation lint's makemessages run (tests/lint/catalogue.py): the dev
settings, with the catalogue written into the lint's scratch folder instead of locale/."""

import os

from explainer.settings.dev import *  # noqa: F403

LOCALE_PATHS = [os.environ["I18N_LINT_LOCALE_PATH"]]

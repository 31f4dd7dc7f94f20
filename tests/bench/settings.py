"""Production settings for `make bench`, with static files collected into a throwaway folder.

Everything else is production as deployed; tests/bench/run.py supplies SECRET_KEY and
ALLOWED_HOSTS for the run and SECURE_SSL_REDIRECT=false, since it serves plain HTTP on the
loopback interface.
"""

import os

from explainer.settings.production import *  # noqa: F403
from explainer.settings.production import INSTALLED_APPS

# The bench's own command (seed_bench) lives with the bench.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.bench"]

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]

"""WSGI entry point. Defaults to production settings, so a server never runs dev settings."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "explainer.settings.production")

application = get_wsgi_application()

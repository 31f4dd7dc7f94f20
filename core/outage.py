"""When the database (or, for one check, the cache) is down: a designed 503, never a 500.

A request that needs PostgreSQL while it restarts fails with OperationalError (or
InterfaceError on a connection the restart closed). Such a request gets a page in the
site's design that says the site is briefly unavailable, with `Retry-After`, and nothing
is cached. A commenter (or reporter) whose form could not be saved finds what they wrote
on that page, in a box to copy, so no text is lost.

Two ways in, so no outage error ends as a 500:
* `ServiceUnavailableMiddleware.process_exception` for errors raised in views and while
  their templates render;
* `server_error` (settings' handler500 in explainer.urls) for errors raised in middleware,
  which Django hands straight to the 500 handler.

The page (templates/503.html) is rendered without a request context and uses no tag that
queries the database, so it renders when the database cannot.

Recovery needs nothing here: with CONN_HEALTH_CHECKS on (explainer.settings.base) Django
tests a kept connection before each request and opens a new one once the database is back.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext_lazy
from django.views import defaults

from core.log_filters import redact
from core.resilient_cache import CacheUnavailable

logger = logging.getLogger(__name__)

#: Errors that mean "a service we depend on is briefly away", not "a bug".
OUTAGE_ERRORS = (OperationalError, InterfaceError, CacheUnavailable)

#: Seconds a client (or a proxy) is told to wait before trying again.
RETRY_AFTER_SECONDS = 10

#: Form fields whose text is given back on the 503 page: a comment, an edit, a report's note.
KEPT_FIELDS = (("body", gettext_lazy("Your comment")), ("details", gettext_lazy("Your note")))


def kept_text(request):
    """[(label, text)] of what the visitor typed into a form that could not be saved."""
    if request is None or request.method != "POST":
        return []
    try:
        data = request.POST
    except Exception:  # an unreadable or oversized body is simply not given back
        return []
    return [(label, data[name]) for name, label in KEPT_FIELDS if data.get(name, "").strip()]


def service_unavailable(request):
    """The designed 503 page, with the visitor's text if they were sending a form."""
    context = {"kept": kept_text(request), "retry_after": RETRY_AFTER_SECONDS}
    response = HttpResponse(loader.render_to_string("503.html", context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Never kept by a browser, the page cache or a CDN: it may hold the visitor's text.
    response["Cache-Control"] = "no-store, private"
    return response


def is_outage(error):
    return isinstance(error, OUTAGE_ERRORS)


def loggable_path(path):
    return redact(path)


def log_outage(request, error):
    logger.warning(
        "503 for %s %s: %s: %s",
        request.method if request else "-",
        loggable_path(request.path) if request else "-",
        type(error).__name__,
        str(error).strip().splitlines()[0] if str(error).strip() else "",
    )


class ServiceUnavailableMiddleware:
    """Turns an outage error raised by a view (or its template) into the designed 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_outage(exception):
            return None
        log_outage(request, exception)
        return service_unavailable(request)


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """handler500: the designed 503 if the error is an outage, else the usual 500 page."""
    error = sys.exception()
    if is_outage(error):
        log_outage(request, error)
        return service_unavailable(request)
    return defaults.server_error(request, template_name)

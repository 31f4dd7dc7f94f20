"""Every refusal of a public request says, in words, what went wrong.

Django answers a wrong method (405) with an empty body and an unreadable request (400) with
a one-line default. A reader, or a developer poking at the site, should get a page that says
what happened and what to do, in the site's design. Responses that already carry a page of
their own (a comment form with its errors, the 404 page) are left exactly as they are.

A query string or form whose text is not UTF-8 is refused here too (Utf8RequestMiddleware),
with the same explained 400, before any view could store it misread.
"""

from django.core.exceptions import RequestDataTooBig
from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext, gettext_lazy

from core.paths import is_admin_request

# Bodies shorter than this are Django's defaults, not a page written for people.
BARE_BODY_BYTES = 200

EXPLANATIONS = {
    400: (
        gettext_lazy("The request could not be read"),
        gettext_lazy(
            "What your browser sent was not in a form this site understands (for example, "
            "text that is not valid UTF-8, or a damaged form). Nothing was saved. Go back, "
            "reload the page and try again."
        ),
    ),
    403: (
        gettext_lazy("That is not allowed"),
        gettext_lazy(
            "This site refused the request. If you were sending a form, reload the page it is "
            "on and send it again."
        ),
    ),
    405: (
        gettext_lazy("This address does not take that kind of request"),
        gettext_lazy(
            "You reached this address with a {method} request, but it only accepts {allowed}. "
            "If you followed a link or sent a form, go back and use the page's own buttons."
        ),
    ),
    413: (
        gettext_lazy("That was too large"),
        gettext_lazy("What was sent is larger than this site accepts. Nothing was saved."),
    ),
}
GENERIC = (
    gettext_lazy("The request was refused"),
    gettext_lazy("This site could not do what was asked (error {status}). Nothing was saved."),
)


class ClearRejectionMiddleware:
    """Gives bare 4xx responses on public URLs a page that explains them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            400 <= response.status_code < 500
            and not response.streaming
            and len(response.content) < BARE_BODY_BYTES
            and not is_admin_request(request)
            and request.method != "HEAD"
            # A JSON answer is written for a script (debate's votes): it keeps its words.
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            self.explain(request, response)
        return response

    def explain(self, request, response):
        title, text = EXPLANATIONS.get(response.status_code, GENERIC)
        allowed = response.get("Allow", "")
        context = {
            "status": response.status_code,
            "title": title,
            "text": text.format(
                method=request.method,
                allowed=gettext(" or ").join(m.strip() for m in allowed.split(",") if m.strip())
                or gettext("other requests"),
                status=response.status_code,
            ),
        }
        response.content = render_to_string("rejection.html", context, request=request)
        response["Content-Type"] = "text/html; charset=utf-8"
        # CommonMiddleware, further in, already sized the bare body: a stale Content-Length
        # cut the page short at the client (round two, finding 8).
        response["Content-Length"] = str(len(response.content))


# --- Text that is not UTF-8 ----------------------------------------------------------------

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


def _is_utf8(raw):
    """True if the bytes of ``raw`` (a query string or a form body, as sent) are UTF-8.

    Only the bytes as sent: a %-escaped byte that is not UTF-8 (``%FF``) is read by Django
    as U+FFFD, never as Latin-1, and a search for it shows a page of no results."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class Utf8RequestMiddleware:
    """Refuses (400, explained by ClearRejectionMiddleware) a query string or form whose text
    is not UTF-8.

    Every page of this site is UTF-8, so a browser sends its forms and links in UTF-8. When
    the raw bytes are not, Django reads the whole query string or form body as Latin-1 (a
    raw byte 0xE9 becomes "é"): something other than what was sent would be searched,
    stored as a search query, or posted as a comment. So such a request is refused before
    any view sees it, and nothing is stored (round two, finding 9). A form that names
    another charset is refused too. Multipart bodies (the admin's uploads) carry files and
    are left to their views.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_readable(request):
            return HttpResponseBadRequest()
        return self.get_response(request)

    @staticmethod
    def is_readable(request):
        query = get_bytes_from_wsgi(request.META, "QUERY_STRING", "")
        if query and not _is_utf8(query):
            return False
        if request.content_type != FORM_CONTENT_TYPE or request.method in ("GET", "HEAD"):
            return True
        charset = request.content_params.get("charset", "utf-8").strip().lower()
        if charset not in ("utf-8", "utf8"):
            return False
        try:
            body = request.body
        except RequestDataTooBig:  # the view's own reading of the form refuses it, in words
            return True
        return _is_utf8(body)

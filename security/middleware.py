"""Every refusal of a public request says, in words, what went wrong.

Django answers a wrong method (405) with an empty body and an unreadable request (400) with
a one-line default. A reader, or a developer poking at the site, should get a page that says
what happened and what to do, in the site's design. Responses that already carry a page of
their own (a comment form with its errors, the 404 page) are left exactly as they are.
"""

from django.template.loader import render_to_string

from security.paths import is_admin_request

# Bodies shorter than this are Django's defaults, not a page written for people.
BARE_BODY_BYTES = 200

EXPLANATIONS = {
    400: (
        "The request could not be read",
        "What your browser sent was not in a form this site understands (for example, "
        "text that is not valid UTF-8, or a damaged form). Nothing was saved. Go back, "
        "reload the page and try again.",
    ),
    403: (
        "That is not allowed",
        "This site refused the request. If you were sending a form, reload the page it is "
        "on and send it again.",
    ),
    405: (
        "This address does not take that kind of request",
        "You reached this address with a {method} request, but it only accepts {allowed}. "
        "If you followed a link or sent a form, go back and use the page's own buttons.",
    ),
    413: (
        "That was too large",
        "What was sent is larger than this site accepts. Nothing was saved.",
    ),
}
GENERIC = (
    "The request was refused",
    "This site could not do what was asked (error {status}). Nothing was saved.",
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
                allowed=" or ".join(m.strip() for m in allowed.split(",") if m.strip())
                or "other requests",
                status=response.status_code,
            ),
        }
        response.content = render_to_string("rejection.html", context, request=request)
        response["Content-Type"] = "text/html; charset=utf-8"

"""Is a POST from this site? Readers carry no cookie, so forms cannot use Django's CSRF
protection (which needs one); the views that take readers' forms ask the browser instead.

Browsers send ``Origin`` with every form POST and fetch, and modern ones ``Sec-Fetch-Site``
too; a POST either header labels as cross-site is refused. With neither header (an old
browser, a script) the form's signed token still applies (comments.tokens, debate.tokens).
"""

from django.conf import settings


def is_cross_origin(request):
    """True if the browser says this POST came from another site."""
    origin = request.headers.get("Origin")
    fetch_site = request.headers.get("Sec-Fetch-Site")
    # Pages sent with "Referrer-Policy: no-referrer" (the private-link pages) make the
    # browser send "Origin: null" even to its own site; Sec-Fetch-Site then decides.
    if origin and not (origin == "null" and fetch_site):
        allowed = {f"{request.scheme}://{request.get_host()}", *settings_trusted_origins()}
        return origin not in allowed
    if fetch_site:
        return fetch_site != "same-origin"
    return False


def settings_trusted_origins():
    return getattr(settings, "CSRF_TRUSTED_ORIGINS", [])

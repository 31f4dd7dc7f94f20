"""Which part of the site a request is for, decided the way Django's URL resolver decides it.

Django resolves a request's view from ``request.path_info``: the address below the script
prefix. ``request.path`` is that prefix followed by ``path_info``, and the prefix comes from
the server's ``SCRIPT_NAME`` (which a server may take from a request header). Asking
``request.path.startswith("/admin/")`` of ``/x/admin/users/`` says "not the admin" while the
resolver opens the admin's users page: the two-step verification bypass of issue 11. So
every "is this the admin?" (two-step verification, the admin's CSP, compression, the
refusal pages, the page cache) asks here, of ``path_info``.
"""

from django.conf import settings

DJANGO_ADMIN_PREFIX = "/django-admin/"


def admin_prefixes():
    """The path_info prefixes of Wagtail's admin (WAGTAIL_ADMIN_PATH) and Django's admin."""
    return ("/" + settings.WAGTAIL_ADMIN_PATH.strip("/") + "/", DJANGO_ADMIN_PREFIX)


def is_admin_request(request):
    """True for a request the URL resolver sends to either admin, whatever its script prefix."""
    return request.path_info.startswith(admin_prefixes())

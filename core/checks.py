"""System checks: the public address (SITE_BASE_URL) and the Wagtail Site agree."""

from django.core.checks import Warning, register
from django.db import DatabaseError
from wagtail.models import Site

from core.site_url import host_and_port, public_base_url


@register()
def site_base_url_matches_default_site(app_configs, **kwargs):
    """Warn when SITE_BASE_URL and the default Wagtail Site name different addresses.

    Links the site writes follow SITE_BASE_URL; Wagtail's own (the admin's "View live", a
    second Site's pages) follow the Site. Before `migrate` has made the Site table there is
    nothing to compare.
    """
    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:
        return []
    if site is None:
        return []
    wanted = host_and_port(public_base_url())
    if (site.hostname.lower(), site.port) == wanted:
        return []
    return [
        Warning(
            f"SITE_BASE_URL is {public_base_url()} but the default Wagtail Site answers at "
            f"{site.hostname}:{site.port}.",
            hint=(
                f"Links the site writes use SITE_BASE_URL. Set the Site's host name to "
                f"{wanted[0]} and its port to {wanted[1]} (admin: Settings → Sites), or set "
                f"SITE_BASE_URL to the Site's address. In development `make run` keeps both "
                f"in step with HOST and PORT."
            ),
            id="core.W001",
        )
    ]

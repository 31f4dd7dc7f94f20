"""The site's public address: the one source of every absolute URL it writes.

Canonical links, share and copy-link, the feeds, the sitemap, robots.txt, social cards,
admin e-mails, commenters' private links and reply e-mails all start with
``public_base_url()``, never with the address a request happened to arrive on (a proxy's
internal port, say) nor with a second setting that could say something else.

It is ``settings.SITE_BASE_URL`` (from the environment, `SITE_BASE_URL`). In development
`make run HOST=… PORT=…` sets it to the address the server is started on and keeps the
Wagtail Site in step (`manage.py load_demo`); in production the deployer sets it and the
Site to the public address, and a system check (core.checks) warns when the two disagree.
"""

from urllib.parse import urlsplit

from django.conf import settings


def public_base_url():
    """``scheme://host[:port]`` where readers find the site, without a trailing slash."""
    return settings.SITE_BASE_URL.rstrip("/")


def public_url(path="/"):
    """The absolute public address of a root-relative ``path`` (``/explainers/``…)."""
    return public_base_url() + "/" + path.lstrip("/")


def host_and_port(base_url):
    """(host name, port) of a base URL, the port filled in from the scheme (80 or 443)."""
    parts = urlsplit(base_url)
    default_port = 443 if parts.scheme == "https" else 80
    return (parts.hostname or "").lower(), parts.port or default_port

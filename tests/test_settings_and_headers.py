"""Deployment settings, and the headers and files every public response carries."""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from tests.content.factories import (
    ArticlePageFactory,
    SourceFactory,
    TopicFactory,
    argument,
    build_site_tree,
    cite,
    paragraph,
    pros_cons,
    publish,
)

PROJECT_ROOT = Path(__file__).resolve().parents[1]


# --- Settings, each read in a fresh interpreter with a clean environment ---------------------


def run_python(code, **env):
    """Run ``code`` in a new interpreter whose environment holds only PATH and ``env``."""
    clean_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(PROJECT_ROOT)}
    clean_env.update(env)
    return subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, *code],
        cwd=PROJECT_ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def read_setting(module, expression, **env):
    result = run_python(["-c", f"import {module} as s; print({expression})"], **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def production_secret_key():
    alphabet = string.ascii_letters + string.digits + "!@#$%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(60))


def test_production_refuses_to_start_without_secret_key():
    result = run_python(["-c", "import explainer.settings.production"], ALLOWED_HOSTS="example.org")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_python(
        ["-c", "import explainer.settings.production"], SECRET_KEY=production_secret_key()
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_both_and_is_hardened():
    settings = read_setting(
        "explainer.settings.production",
        "s.DEBUG, s.ALLOWED_HOSTS, s.SECURE_HSTS_SECONDS > 0, s.STORAGES['staticfiles']['BACKEND']",
        SECRET_KEY=production_secret_key(),
        ALLOWED_HOSTS="example.org,www.example.org",
    )

    assert settings == (
        "False ['example.org', 'www.example.org'] True "
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_production_sends_a_preload_ready_hsts_header():
    """hstspreload.org asks for max-age of at least a year, includeSubDomains and preload."""
    code = (
        "import django; django.setup(); from django.test import Client; "
        "print(Client().get('/robots.txt', secure=True).headers['Strict-Transport-Security'])"
    )
    result = run_python(
        ["-c", code],
        DJANGO_SETTINGS_MODULE="explainer.settings.production",
        SECRET_KEY=production_secret_key(),
        ALLOWED_HOSTS="testserver",
    )
    assert result.returncode == 0, result.stderr
    max_age, *flags = [part.strip() for part in result.stdout.strip().split(";")]
    assert int(max_age.removeprefix("max-age=")) >= 31536000
    assert flags == ["includeSubDomains", "preload"]


def test_check_deploy_passes_with_no_warnings_under_production_settings(tmp_path):
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SETTINGS_MODULE="explainer.settings.production",
        SECRET_KEY=production_secret_key(),
        ALLOWED_HOSTS="example.org",
        SITE_BASE_URL="https://example.org",
        # A database of its own: not the developer's db.sqlite3, whose Wagtail Site may sit
        # on another port (`make run PORT=…`) and rightly draw core.W001.
        DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output


def test_sqlite_is_the_default_database():
    engine = read_setting("explainer.settings.base", "s.DATABASES['default']['ENGINE']")

    assert engine == "django.db.backends.sqlite3"


def test_database_url_switches_to_postgresql():
    database = read_setting(
        "explainer.settings.base",
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], "
        "s.DATABASES['default']['HOST'], s.DATABASES['default']['CONN_HEALTH_CHECKS']",
        DATABASE_URL="postgres://editor@db.example.org:5432/explainer",
    )

    assert database == "django.db.backends.postgresql explainer db.example.org True"


def test_redis_url_switches_the_cache_to_redis():
    backends = read_setting(
        "explainer.settings.base",
        "s.CACHES['default']['BACKEND']",
        REDIS_URL="redis://cache.example.org:6379/0",
    )
    default = read_setting("explainer.settings.base", "s.CACHES['default']['BACKEND']")

    assert backends == "core.resilient_cache.ResilientRedisCache"  # Django's, degrading when down
    assert default == "django.core.cache.backends.locmem.LocMemCache"


# --- Headers on every public response -------------------------------------------------------


@pytest.fixture
def public_site(db):
    """Every kind of public page, with one published article that cites a Source."""
    tree = build_site_tree()
    source = SourceFactory()
    topic = TopicFactory(name="Facial recognition")
    article = ArticlePageFactory(
        parent=tree.index,
        title="How Chongqing watches its people",
        slug="chongqing",
        topics=[topic],
        body=[
            paragraph(f"<p>Chongqing is {cite(source, 'a megacity')}.</p>"),
            pros_cons([argument("Safer", [source])], [argument("Less private", [source])]),
        ],
    )
    publish(article)
    tree.article = article
    tree.topic = topic
    return tree


def public_urls(site):
    return [
        site.home.url,
        site.index.url,
        site.article.url,
        site.about.url,
        site.topic.get_absolute_url(),
        "/search/?q=chongqing",
        "/feeds/rss/",
        "/robots.txt",
        "/sitemap.xml",
        "/no-such-page/",
    ]


def csp_directives(header):
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_every_public_response_carries_the_security_headers(public_site):
    client = Client()
    for url in public_urls(public_site):
        response = client.get(url)
        assert response.status_code in (200, 404), url

        csp = response.headers.get("Content-Security-Policy", "")
        assert csp, f"{url}: no Content-Security-Policy"
        assert "unsafe-inline" not in csp, url
        assert "unsafe-eval" not in csp, url
        directives = csp_directives(csp)
        assert directives.get("frame-ancestors") == ["'none'"], url
        for directive in ("script-src", "style-src"):
            sources = directives.get(directive, directives.get("default-src"))
            assert sources == ["'self'"], f"{url}: {directive} {sources}"
        assert response.headers.get("X-Content-Type-Options") == "nosniff", url
        assert response.headers.get("Referrer-Policy"), url
        assert response.headers.get("X-Frame-Options") == "DENY", url
        assert response.headers.get("Cross-Origin-Opener-Policy") == "same-origin", url
        permissions = response.headers.get("Permissions-Policy", "")
        for feature in ("camera=()", "microphone=()", "geolocation=()"):
            assert feature in permissions, f"{url}: {feature} missing from Permissions-Policy"


def test_anonymous_reader_gets_no_cookie(public_site):
    client = Client()
    for url in public_urls(public_site):
        response = client.get(url)
        assert dict(response.cookies) == {}, f"{url} set {list(response.cookies)}"


def test_public_pages_have_no_inline_script_or_style(public_site):
    """The CSP forbids inline code; a page that relied on it would break for readers."""
    client = Client()
    for url in public_urls(public_site):
        response = client.get(url)
        if "text/html" not in response.headers["Content-Type"]:
            continue
        soup = BeautifulSoup(response.content, "html.parser")
        # JSON-LD is data for search engines, not code: the CSP does not run it.
        inline = [
            script
            for script in soup.find_all("script")
            if not script.get("src") and script.get("type") != "application/ld+json"
        ]
        assert inline == [], url
        assert soup.find_all("style") == [], url
        assert soup.select("[style]") == [], f"{url}: style attributes"
        handlers = [
            (tag.name, attribute)
            for tag in soup.find_all(True)
            for attribute in tag.attrs
            if attribute.startswith("on")
        ]
        assert handlers == [], f"{url}: inline event handlers {handlers}"


def test_public_pages_load_nothing_from_another_origin(public_site):
    """Links to sources may leave the site; what the page *loads* may not."""
    client = Client()
    for url in public_urls(public_site):
        response = client.get(url)
        if "text/html" not in response.headers["Content-Type"]:
            continue
        soup = BeautifulSoup(response.content, "html.parser")
        loaded = [tag.get("src") for tag in soup.select("[src]")]
        loaded += [tag.get("srcset") for tag in soup.select("[srcset]")]
        # Stylesheets, icons and preloads are loaded; canonical and alternate links, the
        # licence's deed and Dublin Core's schema (for reference managers) are only addresses.
        addresses_only = {"canonical", "alternate", "license", "schema.dc"}
        loaded += [
            tag.get("href")
            for tag in soup.select("link[href]")
            if not addresses_only & {rel.lower() for rel in tag.get("rel") or []}
        ]
        foreign = [
            address
            for address in loaded
            if address and urlsplit(address.split()[0]).netloc not in ("", "testserver")
        ]
        assert foreign == [], f"{url} loads {foreign}"


def test_admin_login_page_still_allows_nothing_from_another_origin(client, db):
    response = client.get("/admin/login/")

    csp = response.headers["Content-Security-Policy"]
    assert "http:" not in csp
    assert "https:" not in csp
    assert "*" not in csp


def test_robots_txt_points_at_the_sitemap(public_site):
    response = Client().get("/robots.txt")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_sitemap_lists_the_article_with_its_last_modified_date(public_site):
    response = Client().get("/sitemap.xml")

    assert response.status_code == 200
    namespace = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    # Addresses use the Site's hostname; compare paths.
    lastmod_by_path = {
        urlsplit(entry.findtext("sm:loc", namespaces=namespace)).path: entry.findtext(
            "sm:lastmod", namespaces=namespace
        )
        for entry in ElementTree.fromstring(response.content).findall("sm:url", namespace)  # noqa: S314
    }
    article_path = public_site.article.url
    assert article_path in lastmod_by_path, sorted(lastmod_by_path)
    published = public_site.article.last_published_at.date().isoformat()
    assert (lastmod_by_path[article_path] or "").startswith(published)

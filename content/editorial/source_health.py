"""Checking that each Source's URL still leads somewhere, and recording what was found.

For each URL: a HEAD request (cheap), then a GET if HEAD fails or is refused, following
redirects (at most ``max_redirects``). Each request has a connect and read time-out; a
failure that may pass (time-out, refused connection, server error) is retried at most
``retries`` times with a short pause. The outcome:

- ``ok``: the address answers 2xx;
- ``redirected``: it answers 2xx after redirects to another address (recorded);
- ``dead``: the server says the page is gone (404, 410, 451) — readers are sent to the
  archived copy;
- ``unreachable``: no answer, or an error that may be temporary (403, 429, 5xx…) — the
  link is left as it is and checked again next time.
"""

import datetime
import time
from dataclasses import dataclass

import requests
from django.apps import apps
from django.conf import settings
from django.utils import timezone

from content.models.feeds import FeedGeneration
from core.page_cache import purge_html_cache

GONE_STATUSES = frozenset({404, 410, 451})
# "Check this link now" in the admin answers within seconds: one attempt (HEAD, then GET),
# each request given this long to connect and this long to answer.
CHECK_NOW_TIMEOUT = 3.0

USER_AGENT = "SurveillanceExplainedSourceChecker/1.0 (+link checking of cited sources)"


@dataclass(frozen=True)
class LinkCheckResult:
    """What one check of one URL found."""

    status: str
    http_status: int | None = None
    final_url: str = ""
    detail: str = ""


class LinkChecker:
    """Checks URLs with bounded time-outs, retries and redirects."""

    def __init__(self, timeout=10.0, retries=2, retry_pause=1.0, max_redirects=5, trust_env=True):
        self.timeout = timeout
        self.retries = retries
        self.retry_pause = retry_pause
        self.session = requests.Session()
        self.session.max_redirects = max_redirects
        self.session.headers["User-Agent"] = USER_AGENT
        self.session.trust_env = trust_env  # False: ignore HTTP(S)_PROXY from the environment

    def check(self, url):
        source_model = apps.get_model("content", "Source")
        status = source_model.LinkStatus
        result = LinkCheckResult(status=status.UNREACHABLE, detail="not checked")
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.retry_pause * attempt)
            result = self._check_once(url, status)
            if result.status != status.UNREACHABLE or result.detail == "too many redirects":
                break
        return result

    def _request(self, method, url):
        response = self.session.request(
            method, url, allow_redirects=True, timeout=self.timeout, stream=True
        )
        response.close()  # the status is all we need; never download the body
        return response

    def _check_once(self, url, status):
        response = None
        for method in ("HEAD", "GET"):
            try:
                response = self._request(method, url)
            except requests.TooManyRedirects:
                return LinkCheckResult(status.UNREACHABLE, detail="too many redirects")
            except requests.Timeout:
                failure = f"no answer within {self.timeout:g} seconds"
                continue
            except requests.ConnectionError:
                failure = "connection failed (refused, or no such host)"
                continue
            except requests.RequestException as error:
                failure = f"request failed: {type(error).__name__}"
                continue
            if response.ok:
                break
        if response is None:
            return LinkCheckResult(status.UNREACHABLE, detail=failure)
        code = response.status_code
        final_url = response.url if response.history else ""
        if response.ok:
            if final_url and final_url != url:
                return LinkCheckResult(status.REDIRECTED, code, final_url, f"now at {final_url}")
            return LinkCheckResult(status.OK, code)
        if code in GONE_STATUSES:
            return LinkCheckResult(status.DEAD, code, final_url, f"the server answers {code}")
        return LinkCheckResult(status.UNREACHABLE, code, final_url, f"the server answers {code}")


def record_check(source, result, checked_at=None):
    """Store a result on the Source without touching anything an editor wrote.

    A new status changes what readers see beside the Source ("Original link dead; read the
    archived copy"): the cached pages and the stored feed entries are then renewed (the
    update below sends no signal that would do it)."""
    status_changed = source.link_status != result.status
    source.link_status = result.status
    source.link_http_status = result.http_status
    source.link_final_url = result.final_url[:1000]
    source.link_check_detail = result.detail[:300]
    source.link_checked_at = checked_at or timezone.now()
    type(source).objects.filter(pk=source.pk).update(
        link_status=source.link_status,
        link_http_status=source.link_http_status,
        link_final_url=source.link_final_url,
        link_check_detail=source.link_check_detail,
        link_checked_at=source.link_checked_at,
    )
    if status_changed:
        purge_html_cache()
        FeedGeneration.advance()
    return source


def check_sources(sources, checker=None, report=None):
    """Check every Source with a URL in ``sources``; returns {status: count}.

    ``report(source, result)`` is called after each check (the command prints a line).
    """
    checker = checker or LinkChecker()
    counts = {}
    for source in sources:
        if not source.url:
            continue
        result = checker.check(source.url)
        record_check(source, result)
        counts[result.status] = counts.get(result.status, 0) + 1
        if report:
            report(source, result)
    return counts


def next_scheduled_check(now=None):
    """When the daily ``check_sources`` run (docs/source-health.md) next checks the links:
    the next SOURCE_CHECK_TIME, in the site's time zone."""
    now = timezone.localtime(now)
    today_at = now.replace(
        hour=settings.SOURCE_CHECK_TIME.hour,
        minute=settings.SOURCE_CHECK_TIME.minute,
        second=0,
        microsecond=0,
    )
    return today_at if today_at > now else today_at + datetime.timedelta(days=1)


def check_one_now(source):
    """Check ``source``'s link at once, as an editor asks from its edit view: the same
    checker as the daily run, with one short attempt. Records and returns the result."""
    result = LinkChecker(timeout=CHECK_NOW_TIMEOUT, retries=0).check(source.url)
    record_check(source, result)
    return result

"""The soak's load generator: readers and commenters in threads, against 127.0.0.1 only.

Readers fetch public pages in a loop. Commenters behave like a browser: load the article,
take the comment form's signed token from it, wait the minimum fill time, then POST the
form with an `Origin` header (the comment endpoint refuses cross-site posts). Each
commenter plays a succession of readers, each from its own network (sent as X-Real-IP,
which the soak server reads through COMMENTS_CLIENT_IP_HEADER); some send several
comments from one network, so the per-client rate limit and the one-use form token
refuse some of them, as they would refuse a real person.

Every POST is classified from its response alone, the way a browser would see it:

* accepted: a redirect to the receipt page (/comments/posted/…): the comment is saved,
  published or held for an editor;
* refused: the form again (400, 403, 429) with a message; the commenter's text must be in it;
* unavailable: the designed 503 during an outage; the commenter's text must be in it;
* server error: any other 5xx (must never happen);
* transport error: no HTTP answer at all (must never happen: the server stays up).

Each comment's text starts with a per-run marker, so the soak can count exactly the rows
this run created and compare them with what the server said it accepted.
"""

import html
import http.client
import random
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

ARTICLE_PATH = "/explainers/chongqing-surveillance/"
READER_PATHS = [
    "/",
    "/explainers/",
    ARTICLE_PATH,
    ARTICLE_PATH,  # the page most readers come for
    "/about/",
    "/privacy/",
    "/topics/china/",
    "/search/?q=cameras",
    "/feeds/rss/",
]
TIMEOUT_SECONDS = 30

FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
ARTICLE_ID = re.compile(r'name="article" value="(\d+)"')
FIRST_MESSAGE = re.compile(r'class="error-summary".*?<li>(?:<a [^>]*>)?(.*?)<', re.DOTALL)

REFUSAL_KINDS = [
    ("already been sent from this form", "the same comment sent twice"),
    ("in the last hour", "rate limit"),
    ("restarting", "service restarting"),
    ("faster than a person", "sent too fast"),
    ("exact comment", "repeated text"),
]


@dataclass
class Record:
    """One HTTP exchange, as the client saw it."""

    kind: str  # "read", "form" (the commenter's article load), "post", "receipt"
    path: str
    started: float  # seconds since the run began
    ms: float
    status: int  # 0: no HTTP answer
    outcome: str = ""  # posts: accepted, refused, unavailable, server error, transport error
    detail: str = ""
    marker: str = ""  # posts: the comment's marker
    text_returned: bool | None = None  # refused/unavailable posts: was the text given back?


@dataclass
class LoadResult:
    run_id: str
    duration: float
    records: list = field(default_factory=list)

    def of(self, *kinds):
        return [r for r in self.records if r.kind in kinds]

    @property
    def posts(self):
        return self.of("post")

    @property
    def accepted_markers(self):
        return {r.marker for r in self.posts if r.outcome == "accepted"}

    def summary(self):
        """The figures the soak reports and judges."""
        everything = self.records
        answered = [r for r in everything if r.status]
        latencies = sorted(r.ms for r in answered)
        unavailable = [r for r in everything if r.status == 503]
        posts = self.posts
        outcomes = Counter(r.outcome for r in posts)
        refusals = Counter(r.detail for r in posts if r.outcome in ("refused", "unavailable"))
        return {
            "requests": len(everything),
            "reads": len(self.of("read", "form", "receipt")),
            "posts": len(posts),
            "status_counts": dict(sorted(Counter(r.status for r in everything).items())),
            "server_errors_5xx_not_503": sum(
                1 for r in everything if r.status >= 500 and r.status != 503
            ),
            "designed_503": len(unavailable),
            "transport_errors": sum(1 for r in everything if not r.status),
            "first_503_s": round(min(r.started for r in unavailable), 2) if unavailable else None,
            "last_503_s": round(max(r.started + r.ms / 1000 for r in unavailable), 2)
            if unavailable
            else None,
            "accepted": outcomes["accepted"],
            "refused": outcomes["refused"],
            "unavailable_posts": outcomes["unavailable"],
            "refusal_reasons": dict(refusals.most_common()),
            "refused_without_text": sum(
                1
                for r in posts
                if r.outcome in ("refused", "unavailable") and r.text_returned is False
            ),
            "p50_ms": percentile(latencies, 50),
            "p99_ms": percentile(latencies, 99),
            "post_p50_ms": percentile(sorted(r.ms for r in posts if r.status), 50),
            "post_p99_ms": percentile(sorted(r.ms for r in posts if r.status), 99),
            "requests_per_second": round(len(answered) / self.duration, 1),
        }


def percentile(sorted_values, pct):
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, max(0, round(pct / 100 * len(sorted_values) + 0.5) - 1))
    return round(sorted_values[index], 1)


class Client:
    """Plain HTTP/1.1 to the soak server, one connection per request, no redirects followed."""

    def __init__(self, base_url):
        parts = urlsplit(base_url)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the soak only ever loads a server on this machine")
        self.base_url = base_url.rstrip("/")
        self.host = parts.hostname
        self.port = parts.port or 80

    def request(self, method, path, body=None, headers=None):
        """(status, headers, text); status 0 and the error's name if there was no answer."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT_SECONDS)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            return response.status, dict(response.getheaders()), text
        except (OSError, http.client.HTTPException) as error:
            return 0, {}, type(error).__name__
        finally:
            connection.close()


class Load:
    """Runs readers and commenters until `duration` seconds have passed."""

    def __init__(
        self,
        base_url,
        *,
        readers,
        commenters,
        duration,
        fill_seconds,
        article_path=ARTICLE_PATH,
        reader_paths=READER_PATHS,
        run_id=None,
    ):
        self.client = Client(base_url)
        self.article_path = article_path
        self.reader_paths = reader_paths
        self.readers = readers
        self.commenters = commenters
        self.duration = duration
        self.fill_seconds = fill_seconds
        self.run_id = run_id or f"{random.randrange(16**8):08x}"
        self.result = LoadResult(run_id=self.run_id, duration=duration)
        self._lock = threading.Lock()
        self._start = 0.0
        self._deadline = 0.0

    # --- bookkeeping ---------------------------------------------------------------

    def elapsed(self):
        return time.monotonic() - self._start

    def _record(self, record):
        with self._lock:
            self.result.records.append(record)

    def _timed(self, kind, method, path, body=None, headers=None):
        started = self.elapsed()
        status, response_headers, text = self.client.request(method, path, body, headers)
        record = Record(
            kind=kind,
            path=path,
            started=started,
            ms=(self.elapsed() - started) * 1000,
            status=status,
        )
        if not status:
            record.outcome, record.detail = "transport error", text
        return record, response_headers, text

    # --- the two kinds of client -----------------------------------------------------

    def reader(self, number):
        chooser = random.Random(f"{self.run_id}-r{number}")
        while time.monotonic() < self._deadline:
            record, _, _ = self._timed("read", "GET", chooser.choice(self.reader_paths))
            self._record(record)

    def commenter(self, number):
        chooser = random.Random(f"{self.run_id}-c{number}")
        network, sent = None, 0
        while time.monotonic() < self._deadline:
            # Most commenters send one comment; some send several from the same network.
            if network is None or chooser.random() < 0.6:
                network = f"10.{number + 1}.{chooser.randrange(256)}.{chooser.randrange(1, 255)}"
            sent += 1
            self.comment_once(number, sent, network)

    def comment_once(self, number, sent, network):
        headers = {"X-Real-IP": network}
        page, _, text = self._timed("form", "GET", self.article_path, headers=headers)
        self._record(page)
        token, article = FORM_TOKEN.search(text), ARTICLE_ID.search(text)
        if page.status != 200 or not token or not article:
            time.sleep(0.5)  # the article is unavailable: a person would wait and reload
            return
        time.sleep(self.fill_seconds)
        if time.monotonic() >= self._deadline:
            return
        marker = f"Soak {self.run_id} c{number} n{sent}"
        body = f"{marker}: does the soak keep every word of this comment? {network}"
        form = {
            "article": article.group(1),
            "parent": "",
            "form_token": html.unescape(token.group(1)),
            "manage_token": "",
            "body": body,
            "display_name": f"Soak reader {number}",
            "email": "",
            "website": "",
        }
        post_headers = {
            **headers,
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": self.client.base_url,
            "Sec-Fetch-Site": "same-origin",
        }
        record, response_headers, text = self._timed(
            "post", "POST", "/comments/post/", urlencode(form), post_headers
        )
        record.marker = marker
        self.classify(record, response_headers, text, body)
        self._record(record)
        if record.outcome == "accepted":
            receipt, _, _ = self._timed("receipt", "GET", urlsplit(record.detail).path)
            self._record(receipt)

    @staticmethod
    def classify(record, headers, text, body):
        status = record.status
        location = headers.get("Location", "")
        if status in (302, 303) and "/comments/posted/" in location:
            record.outcome, record.detail = "accepted", location
            return
        if not status:
            return  # a transport error, already labelled
        if status >= 500 and status != 503:
            record.outcome, record.detail = "server error", f"HTTP {status}"
            return
        record.outcome = "unavailable" if status == 503 else "refused"
        record.text_returned = html.escape(body) in text or body in text
        message = FIRST_MESSAGE.search(text)
        message = html.unescape(message.group(1)) if message else ""
        if status == 503 and not message:
            message = "restarting"  # the designed 503 page of core.outage
        record.detail = next(
            (label for needle, label in REFUSAL_KINDS if needle in message),
            message[:60] or f"HTTP {status}",
        )

    def run(self, schedule=()):
        """Run the load; `schedule` is [(seconds, callable)] to call during it (faults)."""
        self._start = time.monotonic()
        self._deadline = self._start + self.duration
        threads = [
            threading.Thread(target=self.reader, args=(n,), daemon=True)
            for n in range(self.readers)
        ] + [
            threading.Thread(target=self.commenter, args=(n,), daemon=True)
            for n in range(self.commenters)
        ]
        for thread in threads:
            thread.start()
        for at, action in sorted(schedule, key=lambda item: item[0]):
            time.sleep(max(0.0, at - self.elapsed()))
            action(self.elapsed())
        for thread in threads:
            thread.join(timeout=self.duration + TIMEOUT_SECONDS + 10)
        return self.result

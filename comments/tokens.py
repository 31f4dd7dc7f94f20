"""Signed tokens: the comment form's token and the commenter's private manage link.

Why a signed form token instead of Django's CSRF protection
-----------------------------------------------------------
Article pages must set no cookie and be the same for every anonymous reader, so that they
can be cached and so that reading never leaves a trace. Django's CSRF protection needs a
cookie (or a session) tied to the reader, so the comment views are `csrf_exempt` and get
the same properties another way:

* CSRF exists to stop another site from borrowing a visitor's *ambient credentials*
  (cookies). Posting a comment uses none: the only credential, the optional manage key,
  travels inside the form itself. What remains to stop is another site using visitors'
  browsers to post on its behalf; the `Origin` / `Sec-Fetch-Site` check in
  `comments.views.common.is_cross_origin` refuses any POST a browser labels as cross-site.
* The form carries a token signed with SECRET_KEY that names the article and when the form
  was issued. It cannot be forged, it expires (CommentSettings.form_token_max_age_hours),
  it gives the minimum-fill-time spam trap a clock the client cannot set, and a token is
  accepted once per client (used tokens are remembered in the cache), so a script cannot
  replay one form endlessly.
* The token holds nothing about the reader, so one cached copy of the page works for
  everyone: a cached token is merely older, which only makes the fill-time check easier
  to pass for a person.
"""

import secrets
import time
from dataclasses import dataclass

from django.core import signing
from django.utils.translation import gettext

from comments.privacy import keyed_hash
from core.resilient_cache import strict_add

FORM_SALT = "comments.form-token"
MANAGE_SALT = "comments.manage-link"


class TokenError(Exception):
    """A token that cannot be honoured; `message` says why in plain words."""

    def __init__(self, message, *, expired=False):
        super().__init__(message)
        self.message = message
        self.expired = expired


@dataclass(frozen=True)
class FormToken:
    """What a valid form token vouches for."""

    value: str
    article_id: int
    started: int  # when the reader was first given this form (Unix seconds)
    issued: int  # when this copy of the token was signed

    def seconds_since_started(self, now=None):
        return (now or time.time()) - self.started


def issue_form_token(article_id, started=None, now=None, unique=False):
    """A token for the comment (or report) form of one article.

    `started` carries over when a form is shown again with errors, so the reader does not
    have to wait out the minimum fill time a second time. Tokens on article pages are not
    `unique`: every reader at the same second gets the same page. A form sent back with
    errors is private to one reader and gets a token of its own.
    """
    now = int(now or time.time())
    payload = {"a": int(article_id), "s": int(started or now), "i": now}
    if unique:
        payload["n"] = secrets.token_urlsafe(8)
    return signing.Signer(salt=FORM_SALT).sign_object(payload)


def read_form_token(value, *, max_age_seconds, now=None):
    """Check a submitted form token's signature and age; return a FormToken."""
    now = now or time.time()
    if not value:
        raise TokenError(
            gettext("The form was sent without its security token. Please send it again.")
        )
    try:
        payload = signing.Signer(salt=FORM_SALT).unsign_object(value)
        token = FormToken(
            value=value,
            article_id=int(payload["a"]),
            started=int(payload["s"]),
            issued=int(payload["i"]),
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise TokenError(
            gettext("The form's security token is not valid. Please send your comment again.")
        ) from error
    if now - token.issued > max_age_seconds:
        raise TokenError(
            gettext("This form was loaded too long ago and has expired. Please send it again."),
            expired=True,
        )
    return token


def claim_form_token(token, client_key, max_age_seconds, scope=""):
    """Mark a form token as used by this client (for this scope); False if already used.

    Raises core.resilient_cache.CacheUnavailable when the cache is down: whether the token was
    used cannot be known then, and the caller refuses the form (fail safe) with its text.
    """
    fingerprint = keyed_hash("form-token", f"{token.value}|{client_key}|{scope}")
    cache_key = "comments:used-form-token:" + fingerprint
    return strict_add(cache_key, 1, timeout=max(60, int(max_age_seconds)))


def make_manage_token(manage_key):
    """The signed token in a commenter's private link; it carries the key itself."""
    return signing.TimestampSigner(salt=MANAGE_SALT).sign(manage_key)


def read_manage_token(token, *, max_age_days):
    """The manage key inside a manage-link token, or TokenError (forged or expired)."""
    try:
        return signing.TimestampSigner(salt=MANAGE_SALT).unsign(
            token, max_age=max_age_days * 24 * 60 * 60
        )
    except signing.SignatureExpired as error:
        raise TokenError(
            gettext(
                "This private link has expired. Comments posted with it stay as they are; "
                "write to the editors if you want one removed."
            ),
            expired=True,
        ) from error
    except signing.BadSignature as error:
        raise TokenError(
            gettext("This private link is not valid. Check that you copied all of it.")
        ) from error

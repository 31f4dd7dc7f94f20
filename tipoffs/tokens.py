"""The tip-off form's signed token (the approach of comments.tokens, for the same reason).

Readers carry no cookie, so Django's CSRF protection (which needs one) cannot apply: the
view refuses what the browser labels cross-site (core.origins) and needs this token, signed
with SECRET_KEY, saying when the form was shown. It holds nothing about the reader, so the
page can be the same for everyone; it expires, and it gives the "sent too fast to have been
typed" check a clock the sender cannot set.
"""

import time

from django.core import signing
from django.utils.translation import gettext

SALT = "tipoffs.form-token"
#: A form older than this must be reloaded (a reader may take a while to write).
MAX_AGE_SECONDS = 2 * 24 * 60 * 60
#: Faster than this from the form being shown to it being sent, no person typed it.
MIN_FILL_SECONDS = 3


class TokenError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def issue_token(started=None, now=None):
    """A token for the form; ``started`` carries over when the form comes back with errors."""
    now = int(now or time.time())
    return signing.Signer(salt=SALT).sign_object({"s": int(started or now), "i": now})


def read_token(value, now=None):
    """The time the reader was first shown the form; TokenError saying what is wrong."""
    now = now or time.time()
    if not value:
        raise TokenError(
            gettext("The form was sent without its security token. Please send it again.")
        )
    try:
        payload = signing.Signer(salt=SALT).unsign_object(value)
        started, issued = int(payload["s"]), int(payload["i"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise TokenError(
            gettext("The form’s security token is not valid. Please send it again.")
        ) from error
    if now - issued > MAX_AGE_SECONDS:
        raise TokenError(
            gettext("This form was loaded too long ago and has expired. Please send it again.")
        )
    return started

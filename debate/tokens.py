"""The weighing form's signed token (the approach of comments.tokens, for the same reason).

Readers carry no cookie, so Django's CSRF protection (which needs one) cannot apply; the
vote view refuses what the browser labels cross-site (core.origins) and needs this token,
signed with SECRET_KEY, naming the article the form was shown on. It holds nothing about
the reader, so the cached page is the same for everyone. A token is accepted once per
reader and argument a day: that is the duplicate check itself (debate.weighing).
"""

import time

from django.core import signing
from django.utils.translation import gettext

SALT = "debate.form-token"
#: Cached pages keep their forms a while; a form older than this must be reloaded.
MAX_AGE_SECONDS = 7 * 24 * 60 * 60


class TokenError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def issue_token(article_id, now=None):
    return signing.Signer(salt=SALT).sign_object(
        {"a": int(article_id), "i": int(now or time.time())}
    )


def read_token(value, article_id, now=None):
    """Check the token's signature, age and article; raise TokenError saying what is wrong."""
    if not value:
        raise TokenError(
            gettext("The form was sent without its security token. Reload the page and try again.")
        )
    try:
        payload = signing.Signer(salt=SALT).unsign_object(value)
        token_article, issued = int(payload["a"]), int(payload["i"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise TokenError(
            gettext("The form’s security token is not valid. Reload the page and try again.")
        ) from error
    if token_article != int(article_id):
        raise TokenError(
            gettext("This form belongs to another article. Reload the page and try again.")
        )
    if (now or time.time()) - issued > MAX_AGE_SECONDS:
        raise TokenError(gettext("This page was loaded too long ago. Reload it and try again."))

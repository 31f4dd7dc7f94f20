"""Keep commenters' private links out of the logs.

A receipt or manage link carries the key that lets its holder edit or delete a comment.
Django's request log and the development server's access log write request paths (for
example "Service Unavailable: /comments/posted/<receipt>/"); this filter replaces the
token part of such paths before any handler sees the record.
"""

import logging
import re

#: Paths whose last part is a private token (a receipt, a manage link).
PRIVATE_PATH_PREFIXES = ("/comments/posted/", "/comments/manage/", "/comments/unsubscribe/")

_PRIVATE_PATH = re.compile(
    "(" + "|".join(re.escape(prefix) for prefix in PRIVATE_PATH_PREFIXES) + r")[^\s\"'…]+"
)


def redact(text):
    return _PRIVATE_PATH.sub(r"\1…", text)


class RedactPrivateLinks(logging.Filter):
    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a record that cannot be formatted is left for logging to report
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True

"""Production without a mail server: mail is not sent, and nothing of it is written down.

Django's console backend prints each message, whole, to the process's output, which is the
server's log in production: commenters' addresses, their private manage and unsubscribe
links, password reset links (round two, finding 3). Production uses SMTP when EMAIL_HOST is
set and this backend when it is not: each batch of unsent mail is one warning line that
says how many messages were dropped and why, without address, subject or body.
"""

import logging

from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)


class UnsentMailBackend(BaseEmailBackend):
    """Sends nothing and logs only a count (see the module docstring)."""

    def send_messages(self, email_messages):
        count = len(list(email_messages))
        if count:
            logger.warning(
                "Mail not sent: %d message(s) dropped because EMAIL_HOST is not set "
                "(no address, subject or body is logged).",
                count,
            )
        return 0

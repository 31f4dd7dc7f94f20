"""Daily-rotating keys for a request's address: recognise a reader for a day, never keep who.

A network address becomes two keyed hashes, each made with a random secret that is stored
for one UTC day: one of the full address (one connection) and one of its network,
truncated to /24 for IPv4 and /64 for IPv6 (everyone in one office, school or mobile
provider's block). Once the day's secret is deleted, nothing links those keys back to an
address, not even the site's owner. Each app that uses them keeps its own table of secrets
(a model with a unique ``day`` and a ``secret``), deleted by ``manage.py retention``.
"""

import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from core.client_address import client_address, normalised_address, truncated_network


def todays_secret(secret_model):
    """Today's (UTC) random secret from ``secret_model``, made on first use."""
    day = timezone.now().date()
    record = secret_model.objects.filter(day=day).first()
    if record is None:
        try:
            with transaction.atomic():
                record = secret_model.objects.create(day=day, secret=secrets.token_hex(32))
        except IntegrityError:  # another request created it a moment ago
            record = secret_model.objects.get(day=day)
    return record.secret


@dataclass(frozen=True)
class ClientKeys:
    """Today's keys for one request's address; neither can be turned back into it."""

    address: str  # the full address: one connection
    network: str  # its /24 (IPv4) or /64 (IPv6): everyone who shares that network


def client_keys_for(request, secret, *, namespace):
    """The request's ClientKeys under ``secret``; ``namespace`` keeps apps' keys apart."""
    address = client_address(request)
    return ClientKeys(
        address=salted_hmac(
            f"{namespace}.address", normalised_address(address), secret=secret, algorithm="sha256"
        ).hexdigest(),
        network=salted_hmac(
            f"{namespace}.client", truncated_network(address), secret=secret, algorithm="sha256"
        ).hexdigest(),
    )

"""Keyed hashes that let the comments app recognise people without keeping who they are.

* An email address becomes a keyed hash (HMAC derived from SECRET_KEY): enough to tell
  that two comments came from the same address, useless for recovering the address.
* A network address becomes two keys, each hashed with a random secret that rotates every
  UTC day: one of the full address (one connection: the personal rate limit) and one of its
  network, truncated to /24 for IPv4 and /64 for IPv6 (everyone in one office, school or
  mobile provider's block: a separate, higher limit, and reader reports). Once
  `purge_comment_keys` deletes old secrets, nothing can link those keys back to an
  address, not even the site's owner.
"""

import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from comments.models import ClientKeySecret
from core.client_address import client_address, normalised_address, truncated_network


def keyed_hash(purpose, value):
    """HMAC-SHA256 of value with a key derived from SECRET_KEY and the purpose."""
    return salted_hmac(f"comments.{purpose}", value, algorithm="sha256").hexdigest()


def email_hash(email):
    email = (email or "").strip().lower()
    return keyed_hash("email", email) if email else ""


def manage_key_hash(manage_key):
    return keyed_hash("manage-key", manage_key) if manage_key else ""


def body_digest(body):
    """The same for two texts that differ only in spacing or case."""
    return keyed_hash("body", " ".join(body.split()).casefold())


def new_manage_key():
    return secrets.token_urlsafe(32)


def todays_secret():
    day = timezone.now().date()
    record = ClientKeySecret.objects.filter(day=day).first()
    if record is None:
        try:
            with transaction.atomic():
                record = ClientKeySecret.objects.create(day=day, secret=secrets.token_hex(32))
        except IntegrityError:  # another request created it a moment ago
            record = ClientKeySecret.objects.get(day=day)
    return record.secret


@dataclass(frozen=True)
class ClientKeys:
    """Today's keys for one request's address; neither can be turned back into it."""

    address: str  # the full address: one connection
    network: str  # its /24 (IPv4) or /64 (IPv6): everyone who shares that network


def client_keys(request):
    address = client_address(request)
    secret = todays_secret()
    return ClientKeys(
        address=salted_hmac(
            "comments.address", normalised_address(address), secret=secret, algorithm="sha256"
        ).hexdigest(),
        network=salted_hmac(
            "comments.client", truncated_network(address), secret=secret, algorithm="sha256"
        ).hexdigest(),
    )


def network_key(request):
    """The rotating keyed hash of the request's network (reader reports count once per
    network and day, so that one person cannot hide a comment alone)."""
    return client_keys(request).network

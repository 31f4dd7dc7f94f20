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

from django.utils.crypto import salted_hmac

from comments.models import ClientKeySecret
from core.client_keys import ClientKeys, client_keys_for  # noqa: F401 (ClientKeys: its old home)
from core.client_keys import todays_secret as core_todays_secret


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
    return core_todays_secret(ClientKeySecret)


def client_keys(request):
    return client_keys_for(request, todays_secret(), namespace="comments")


def network_key(request):
    """The rotating keyed hash of the request's network (reader reports count once per
    network and day, so that one person cannot hide a comment alone)."""
    return client_keys(request).network

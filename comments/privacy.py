"""Keyed hashes that let the comments app recognise people without keeping who they are.

* An email address becomes a keyed hash (HMAC derived from SECRET_KEY): enough to tell
  that two comments came from the same address, useless for recovering the address.
* A network address is first truncated (/24 for IPv4, /48 for IPv6, so it names a
  neighbourhood of addresses rather than one device), then hashed with a random secret
  that rotates every UTC day. Once `purge_comment_keys` deletes old secrets, nothing can
  link those keys back to an address, not even the site's owner.
"""

import ipaddress
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from comments.models import ClientKeySecret

IPV4_PREFIX = 24
IPV6_PREFIX = 48


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


def truncated_network(address):
    """'203.0.113.77' → '203.0.113.0/24'; IPv6 keeps its first 48 bits. Junk → 'unknown'."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return "unknown"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    prefix = IPV4_PREFIX if ip.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def client_address(request):
    """The connecting address. Behind a proxy, set COMMENTS_CLIENT_IP_HEADER (e.g.
    "HTTP_X_REAL_IP") to the header the proxy overwrites; it is read, never stored."""
    header = getattr(settings, "COMMENTS_CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


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


def client_key(request):
    """A rotating keyed hash of the request's truncated address; never the address."""
    network = truncated_network(client_address(request))
    return salted_hmac(
        "comments.client", network, secret=todays_secret(), algorithm="sha256"
    ).hexdigest()

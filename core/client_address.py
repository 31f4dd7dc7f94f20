"""A request's network address, read and reduced without being kept.

Who connects is needed for rate limits (comments) and sign-in lockouts (accounts, through
django-axes' AXES_CLIENT_IP_CALLABLE); the address itself is never stored: callers hash
what they keep (comments.privacy). Behind a reverse proxy, COMMENTS_CLIENT_IP_HEADER names
the request header the proxy overwrites with the reader's address.
"""

import ipaddress

from django.conf import settings

IPV4_PREFIX = 24
IPV6_PREFIX = 64  # one IPv6 subscriber usually gets a whole /64


def _parse_address(address):
    """An ip_address (IPv4-mapped IPv6 as IPv4), or None for anything that is not one."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip


def normalised_address(address):
    """'::ffff:203.0.113.77' → '203.0.113.77', '2001:DB8::1' → '2001:db8::1'; junk → 'unknown'."""
    ip = _parse_address(address)
    return str(ip) if ip else "unknown"


def truncated_network(address):
    """'203.0.113.77' → '203.0.113.0/24'; IPv6 keeps its first 64 bits. Junk → 'unknown'."""
    ip = _parse_address(address)
    if ip is None:
        return "unknown"
    prefix = IPV4_PREFIX if ip.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def client_address(request):
    """The connecting address. Behind a proxy, set COMMENTS_CLIENT_IP_HEADER (e.g.
    "HTTP_X_REAL_IP") to the header the proxy overwrites; it is read, never stored."""
    header = getattr(settings, "COMMENTS_CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")

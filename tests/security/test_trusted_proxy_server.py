"""Round two, finding 9 (hardening): gunicorn believes "this came over HTTPS" only from the
proxy's addresses (FORWARDED_ALLOW_IPS, read by gunicorn.conf.py), and only from the one
header Django's SECURE_PROXY_SSL_HEADER also reads (X-Forwarded-Proto).

Production redirects plain HTTP to HTTPS (SECURE_SSL_REDIRECT), so whether gunicorn
believed the header shows in the answer: the page (believed) or a 301 to https://.
The test connects from 127.0.0.1.
"""

import pytest

from tests.security.production_server import fetch, production_server

pytestmark = pytest.mark.django_db(transaction=True)


def answer(port, headers):
    status, response_headers, _ = fetch(port, "/robots.txt", headers)
    return status, response_headers.get("Location", "")


def test_trusted_proxy_https_header_is_believed_only_from_forwarded_allow_ips(production_static):
    with production_server(
        production_static, SECURE_SSL_REDIRECT="true", FORWARDED_ALLOW_IPS="127.0.0.1"
    ) as proxy_here:
        believed = answer(proxy_here.port, {"X-Forwarded-Proto": "https"})
        other_scheme_headers = [
            answer(proxy_here.port, {name: value})
            for name, value in (("X-Forwarded-Ssl", "on"), ("X-Forwarded-Protocol", "ssl"))
        ]
    with production_server(
        production_static, SECURE_SSL_REDIRECT="true", FORWARDED_ALLOW_IPS="192.0.2.10"
    ) as proxy_elsewhere:
        not_from_the_proxy = answer(proxy_elsewhere.port, {"X-Forwarded-Proto": "https"})

    assert believed == (200, "")
    for status, location in [*other_scheme_headers, not_from_the_proxy]:
        assert status == 301
        assert location.startswith("https://")

"""gunicorn's settings for this site: which requests may say where they came from.

Used by the README's production command (`gunicorn -c gunicorn.conf.py explainer.wsgi`),
`make bench`, `make soak` and the tests that start a real server; gunicorn also reads this
file by itself when started from the repository's folder. Bind address and worker count
stay on the command line: they depend on the machine.

The settings here are about trust (docs/security.md, "Round two", finding 1):

- No request header may set the WSGI ``SCRIPT_NAME`` (or ``PATH_INFO``, ``REMOTE_USER``).
  gunicorn's default lets a ``SCRIPT_NAME:`` header from a trusted proxy address do it, and
  a proxy that passes headers through hands that to anyone. A script prefix decides no
  security question on this site (core.paths reads ``path_info``), but it does change
  every link the site writes. To serve the site under a prefix, set ``SCRIPT_NAME`` in
  gunicorn's environment: one value for every request, chosen by the deployer.
- Header names with an underscore, which could pass for another header once mapped into
  the WSGI environment (``X_Forwarded_Proto`` for ``X-Forwarded-Proto``), are dropped.
- ``X-Forwarded-Proto`` (and no other scheme header) is believed only from the addresses
  in ``FORWARDED_ALLOW_IPS``: the TLS proxy, which must overwrite it. Django reads the same
  header when ``SECURE_PROXY_SSL_HEADER=1``.
"""

import os

# The proxy's addresses (comma-separated IPs or networks). Only loopback by default: a proxy
# on the same machine. Never "*" unless nothing but the proxy can reach gunicorn's port.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# No header becomes SCRIPT_NAME, PATH_INFO or REMOTE_USER, whoever sends it (gunicorn's
# default list is "SCRIPT_NAME,PATH_INFO", for trusted addresses).
forwarder_headers = ""

# A header whose name has an underscore is dropped, not merged with its dashed twin.
header_map = "drop"

# HTTPS is signalled by X-Forwarded-Proto alone, as Django's SECURE_PROXY_SSL_HEADER reads
# it; gunicorn's defaults also believe X-Forwarded-Protocol and X-Forwarded-Ssl.
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}

# No access log: request paths can carry commenters' private links, and gunicorn's own
# log does not pass through Django's redacting filter (core/log_filters.py).
accesslog = None

# No control socket: nothing here uses `gunicornc`, and by default every gunicorn run by the
# same user on a machine would share one socket path ($HOME/.gunicorn/gunicorn.ctl).
control_socket_disable = True

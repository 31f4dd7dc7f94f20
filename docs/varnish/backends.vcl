# The deployer's part of the Varnish configuration, included by explainer.vcl: the app
# servers (gunicorn, explainer.wsgi, production settings) and the addresses allowed to
# PURGE (the app servers, which send the purges, and this machine). Edit the addresses.

probe explainer_health {
    # /robots.txt reads no database; without X-Forwarded-Proto it would be a redirect
    # to HTTPS. The Host must be one of ALLOWED_HOSTS.
    .request =
        "GET /robots.txt HTTP/1.1"
        "Host: explainer.example.org"
        "X-Forwarded-Proto: https"
        "Connection: close";
    .interval = 5s;
    .timeout = 2s;
    .window = 5;
    .threshold = 3;
}

backend app_a {
    .host = "127.0.0.1";
    .port = "8000";
    .probe = explainer_health;
}

backend app_b {
    .host = "127.0.0.1";
    .port = "8001";
    .probe = explainer_health;
}

acl purgers {
    "localhost";
    "127.0.0.1";
    "::1";
    # "10.0.0.0"/24;  the app servers' network
}

sub vcl_init {
    app.add_backend(app_a);
    app.add_backend(app_b);
}

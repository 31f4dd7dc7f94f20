# Varnish 7 in front of the explainer's app servers (docs/deployment.md, "Varnish").
#
# What it keeps: what the app says may be shared. Anonymous readers' pages come with
# "Cache-Control: public, max-age=0, s-maxage=HTML_CACHE_SECONDS", and Varnish keeps them
# that long (s-maxage wins over max-age); static files say max-age=31536000, immutable.
# Anything private, no-store, no-cache, setting a cookie or saying nothing about caching is
# fetched afresh for every request. Publishing, a correction or a comment appearing or
# leaving sends "PURGE <address>" for the page and everything that lists it
# (wagtail.contrib.frontend_cache, core.page_cache.purge_cdn_for_page).
#
# The addresses of the app servers and who may purge are in backends.vcl beside this file:
# the part a deployer edits. This file is the same for every deployment (tests/performance/
# test_varnish.py runs it as it is, with its own backends.vcl).

vcl 4.1;

import directors;
import std;

# Readers' requests go round the app servers in turn; backends.vcl adds them to it.
sub vcl_init {
    new app = directors.round_robin();
}

include "backends.vcl";

sub vcl_recv {
    set req.backend_hint = app.backend();
    unset req.http.X-Explainer-Encoding;
    if (req.http.Host) {
        set req.http.Host = std.tolower(req.http.Host);  # one copy whatever the case
    }

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "PURGE is not allowed from this address."));
        }
        # The same address as a reader's request for the page: same host, same query.
        call explainer_normalise_url;
        return (purge);
    }

    # Never shared: anything but reading, editors (a session) and anyone holding a form
    # token, the admin, comments (private links, receipts), search, documents (privacy
    # per collection), the contact form, a debate result after a vote, and an article's
    # discussion filtered to one argument (?about=…, rendered for its reader).
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization
            || req.http.Cookie ~ "(^|;)\s*(sessionid|csrftoken)=") {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin)(/|\?|$)"
            || req.url ~ "^(/[a-z]{2}(-[a-z]+)?)?/(comments|search|contact|documents)(/|\?|$)"
            || req.url ~ "^(/[a-z]{2}(-[a-z]+)?)?/weigh/[0-9]+/results/\?"
            || req.url ~ "[?&]about=") {
        return (pass);
    }

    # Readers get no cookie from the site: any other cookie (analytics set by another
    # script) would only split the cache.
    unset req.http.Cookie;
    call explainer_normalise_url;

    # The home page alone chooses its language by Accept-Language (a 302 to /zh-hans/ for
    # a browser that ranks Chinese above English, explainer.locale); it is sent on as "zh"
    # or "en", so that the copy kept for each is what the app answered for that value.
    # The API words its errors (never kept) in the client's language; its data does not
    # depend on it. No other page reads the header.
    if (req.url ~ "^/(\?|$)") {
        if (req.http.Accept-Language ~ "(?i)^(\s*(?!zh\b|en\b|\*)[^,]*,)*\s*zh\b") {
            set req.http.Accept-Language = "zh";
        } else {
            set req.http.Accept-Language = "en";
        }
    } elsif (req.url !~ "^/api/") {
        unset req.http.Accept-Language;
    }

    # One copy per encoding the app makes: br, gzip or none. Kept in a header of our own:
    # with http_gzip_support on (the default), Varnish rewrites Accept-Encoding itself.
    if (req.http.Accept-Encoding ~ "(?i)\bbr\b(?!\s*;\s*q=0(\.0*)?\s*(,|$))") {
        set req.http.X-Explainer-Encoding = "br";
    } elsif (req.http.Accept-Encoding ~ "(?i)\bgzip\b(?!\s*;\s*q=0(\.0*)?\s*(,|$))") {
        set req.http.X-Explainer-Encoding = "gzip";
    }
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;  # stale copies only while every app server is down
    }
    return (hash);
}

# Only the query parameters a page reads stay in its address (core.page_cache
# KEY_PARAMETERS; for the open data API, api.views.PARAMETERS): ?utm_source=… or a made-up
# parameter is the same page, and cannot fill the cache. Sorted, so that ?to=2&from=1 is
# ?from=1&to=2. A page that starts reading another parameter must be named here too.
sub explainer_normalise_url {
    if (req.url ~ "^/api/.*\?") {
        set req.url = regsuball(req.url,
            "(?<=[?&])(?!(language|topic|page)=)[^&]*(&|$)", "");
    } elsif (req.url ~ "\?") {
        set req.url = regsuball(req.url,
            "(?<=[?&])(?!(page|comments_page|from|to)=)[^&]*(&|$)", "");
    }
    if (req.url ~ "\?") {
        set req.url = regsub(req.url, "[?&]+$", "");
        set req.url = std.querysort(req.url);
    }
}

sub vcl_backend_fetch {
    if (bereq.http.X-Explainer-Encoding) {
        set bereq.http.Accept-Encoding = bereq.http.X-Explainer-Encoding;
    } else {
        unset bereq.http.Accept-Encoding;
    }
}

sub vcl_backend_response {
    # The app's own cache header says what its cache did; ours says what Varnish did.
    if (beresp.http.X-Cache) {
        set beresp.http.X-App-Cache = beresp.http.X-Cache;
        unset beresp.http.X-Cache;
    }
    # Keep one copy per encoding: vary on our header, which Varnish leaves alone.
    if (beresp.http.Vary ~ "(?i)Accept-Encoding") {
        set beresp.http.Vary = regsuball(beresp.http.Vary, "(?i)Accept-Encoding",
            "X-Explainer-Encoding");
    }
    if (beresp.http.Set-Cookie
            || beresp.http.Cache-Control ~ "(?i)private|no-store|no-cache"
            || (!beresp.http.Cache-Control && !beresp.http.Expires)
            || beresp.http.Vary == "*") {
        # Fetched afresh for every request for two minutes ("hit-for-miss"); never shared.
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    set beresp.grace = 6h;
}

sub vcl_deliver {
    if (resp.http.Vary) {
        set resp.http.Vary = regsuball(resp.http.Vary, "X-Explainer-Encoding",
            "Accept-Encoding");
    }
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}

"""The contact page and its thank-you page.

GET shows the guidance and the form (the same for every reader: no cookie, no session).
POST checks, in order: the browser's word that it came from this site (core.origins), the
signed token (tipoffs.tokens), the spam traps, the network's hourly cap, then the fields.
Anything wrong: the page again, with the message at the top and every word kept. A
tip-off kept: 303 See Other to the thank-you page, so reloading it sends nothing twice.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.coreutils import get_supported_content_language_variant

from core.client_keys import client_keys_for, todays_secret
from core.origins import is_cross_origin
from tipoffs.forms import TipOffForm
from tipoffs.models import TipOff, TipOffKeySecret
from tipoffs.tokens import MIN_FILL_SECONDS, TokenError, issue_token, read_token


class SeeOther(HttpResponseRedirect):
    status_code = 303


class Refused(Exception):
    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def language_urls(name):
    """{language code: this view's address in it}, for the language switcher."""
    urls = {}
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        with translation.override(code):
            urls[code] = reverse(name)
    return urls


def within_network_cap(request):
    """Count one tip-off for the sender's network this hour; False once over the cap.

    The key is a keyed hash of the network (/24, /64) made with today's secret, kept in
    the cache for the hour only. A cache that is down lets the tip-off through: a message
    lost is worse than a little spam for the editors.
    """
    keys = client_keys_for(request, todays_secret(TipOffKeySecret), namespace="tipoffs")
    key = f"tipoffs:network:{keys.network}:{timezone.now():%Y%m%d%H}"
    try:
        cache.add(key, 0, timeout=3600)
        count = cache.incr(key)
    except Exception:  # any cache failure: let it through (see above)
        return True
    return count <= settings.TIPOFF_NETWORK_PER_HOUR


def render_page(request, form, *, error="", status=200):
    response = TemplateResponse(
        request,
        "tipoffs/contact.html",
        {
            "form": form,
            "error": error,
            "language_urls": language_urls("tipoffs:contact"),
            "retention_days": settings.RETENTION_TIPOFF_DAYS,
        },
        status=status,
    )
    if form.is_bound:  # a reader's own words: never kept by any cache
        response["Cache-Control"] = "no-store"
    else:
        patch_cache_control(response, public=True, max_age=300)
    return response


@csrf_exempt  # readers have no cookie: see tipoffs.tokens for what protects this form
@require_http_methods(["GET", "HEAD", "POST"])
def contact(request):
    if request.method != "POST":
        return render_page(request, TipOffForm(initial={"token": issue_token()}))
    form = TipOffForm(request.POST)
    started = None
    try:
        if is_cross_origin(request):
            raise Refused(gettext("Tip-offs can only be sent from this site’s own pages."), 403)
        try:
            started = read_token(request.POST.get("token"))
        except TokenError as error:
            raise Refused(error.message) from error
        if form.is_spam_trap_filled():
            return SeeOther(reverse("tipoffs:thanks"))  # a bot: thanked, and nothing kept
        if not form.is_valid():
            raise Refused(gettext("Your tip-off was not sent. Please correct what is marked."))
        if time.time() - started < MIN_FILL_SECONDS:
            return SeeOther(reverse("tipoffs:thanks"))  # too fast to be typed: the same
        if not within_network_cap(request):
            raise Refused(
                gettext(
                    "Too many tip-offs have come from your network in the last hour. Your text "
                    "is still below: please try again later."
                ),
                429,
            )
    except Refused as refusal:
        form.is_valid()
        form.echo()
        form.data["token"] = issue_token(started=started)
        response = render_page(request, form, error=refusal.message, status=refusal.status)
        if refusal.status == 429:
            response["Retry-After"] = str(3600 - int(time.time()) % 3600)
        return response
    TipOff.objects.create(
        language=get_supported_content_language_variant(translation.get_language()),
        message=form.cleaned_data["message"],
        contact=form.cleaned_data["contact"],
        article_url=form.cleaned_data["article_url"],
    )
    return SeeOther(reverse("tipoffs:thanks"))


@require_GET
def thanks(request):
    response = TemplateResponse(
        request,
        "tipoffs/thanks.html",
        {
            "language_urls": language_urls("tipoffs:thanks"),
            "retention_days": settings.RETENTION_TIPOFF_DAYS,
        },
    )
    patch_cache_control(response, public=True, max_age=300)
    return response

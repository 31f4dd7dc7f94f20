"""Two-step verification in the admin: verify a session, set up or turn off an authenticator."""

from base64 import b32encode, b64encode

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import OneTimeCodeForm
from .policy import two_factor_required

DEVICE_NAME = "Authenticator app"
WRONG_CODE = gettext_lazy(
    "That code did not match. Codes change every 30 seconds: type the one your app shows "
    "now, and check that your phone's clock is right."
)


def next_url(request):
    """Where to go after this step: the page asked for, if it is on this site, else the admin."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def qr_code_data_uri(text):
    """A QR code of `text` as an SVG data: URI, drawn here: the secret never leaves the server."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    return "data:image/svg+xml;base64," + b64encode(image.to_string()).decode("ascii")


def grouped_key(device):
    """The secret key in base32, in groups of four, for typing into an app by hand."""
    key = b32encode(device.bin_key).decode("ascii")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@never_cache
@sensitive_post_parameters("code")
def verify(request):
    """Ask for the current code from the editor's authenticator app after signing in."""
    if request.user.is_verified() or not user_has_device(request.user, confirmed=True):
        return redirect(next_url(request))
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(next_url(request))
        form.add_error("code", WRONG_CODE)
    return render(request, "accounts/verify.html", {"form": form, "next": next_url(request)})


@never_cache
@sensitive_post_parameters("code")
def setup(request):
    """Set up an authenticator app (QR code and key), or turn two-step verification off."""
    user = request.user
    if user_has_device(user, confirmed=True):
        return manage(request)
    device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=False, name=DEVICE_NAME)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save()
            otp_login(request, device)
            messages.success(request, gettext("Two-step verification is on for your account."))
            return redirect(next_url(request))
        form.add_error("code", WRONG_CODE)
    context = {
        "form": form,
        "next": next_url(request),
        "required": two_factor_required(user),
        "qr_code": qr_code_data_uri(device.config_url),
        "key": grouped_key(device),
    }
    return render(request, "accounts/setup.html", context)


def manage(request):
    """Two-step verification is on: say so, and let the editor turn it off with a fresh code."""
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if match_token(request.user, form.cleaned_data["code"]) is not None:
            TOTPDevice.objects.filter(user=request.user).delete()
            messages.success(request, gettext("Two-step verification is off for your account."))
            return redirect("accounts_setup")
        form.add_error("code", WRONG_CODE)
    context = {
        "form": form,
        "required": two_factor_required(request.user),
        "page_title": gettext_lazy("Two-step verification"),
        "header_icon": "key",
    }
    return render(request, "accounts/manage.html", context)

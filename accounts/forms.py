"""The one form of this app: a six-digit code from an authenticator app."""

from django import forms
from django.utils.translation import gettext, gettext_lazy


class OneTimeCodeForm(forms.Form):
    """A code typed from the phone; spaces are forgiven, anything but six digits is refused."""

    code = forms.CharField(
        label=gettext_lazy("Six-digit code"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isascii() and code.isdigit() and len(code) == 6):
            raise forms.ValidationError(
                gettext("Type the six digits your authenticator app shows.")
            )
        return code

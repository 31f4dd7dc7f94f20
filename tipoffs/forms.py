"""The contact page's form: a message, and only if the reader wants, a way to reach them
and the article it concerns.

As in comments' forms, the text fields get no ``maxlength``: it would silently cut pasted
text. The length is checked here, and a refused form gives back every word (up to
ECHO_LIMIT: an enormous post is not echoed whole).
"""

from django import forms
from django.core.validators import URLValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from tipoffs.models import CONTACT_MAX_LENGTH, LINK_MAX_LENGTH, MESSAGE_MAX_LENGTH

HONEYPOT_FIELD = "website"
ECHO_LIMIT = 4 * MESSAGE_MAX_LENGTH
UNREADABLE_MESSAGE = gettext_lazy(
    "Some characters could not be read (they were not valid text) and show as �. "
    "Please fix or remove them and send again."
)


def readable(value):
    """Bytes that were not valid UTF-8 arrive as U+FFFD; say so rather than store them."""
    if "\ufffd" in value:
        raise forms.ValidationError(UNREADABLE_MESSAGE, code="invalid_encoding")


class TipOffForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("What you want to tell us"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=MESSAGE_MAX_LENGTH,
        validators=[readable],
        help_text=format_lazy(
            gettext_lazy("Plain text, up to {limit} characters."), limit=f"{MESSAGE_MAX_LENGTH:,}"
        ),
        error_messages={
            "required": gettext_lazy("Write your message before sending."),
            "max_length": gettext_lazy(
                "Your message is %(show_value)d characters long; the limit is %(limit_value)d. "
                "Shorten it, or send it in two parts."
            ),
        },
    )
    contact = forms.CharField(
        label=gettext_lazy("How to reach you (optional)"),
        required=False,
        max_length=CONTACT_MAX_LENGTH,
        validators=[readable],
        help_text=gettext_lazy(
            "Only if you want an answer: an email address, or any other way that is safe for "
            "you. Leave it empty to stay unnamed."
        ),
        error_messages={
            "max_length": gettext_lazy(
                "Keep this to %(limit_value)d characters (it is %(show_value)d)."
            ),
        },
    )
    article_url = forms.CharField(
        label=gettext_lazy("Link to the article it concerns (optional)"),
        required=False,
        max_length=LINK_MAX_LENGTH,
        validators=[readable],
        help_text=gettext_lazy("For example, the address of one of our explainers."),
        error_messages={
            "max_length": gettext_lazy("This link is too long (%(show_value)d characters).")
        },
    )
    # Hidden from people (off-screen, not announced, skipped by the keyboard); bots fill it.
    website = forms.CharField(required=False, label=gettext_lazy("Leave this field empty"))
    token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["contact"].widget.attrs.update({"autocomplete": "off"})
        self.fields["article_url"].widget.attrs.update({"inputmode": "url", "autocomplete": "off"})
        for name in ("message", "contact", "article_url"):
            self.fields[name].widget.attrs.pop("maxlength", None)

    def clean_message(self):
        message = self.cleaned_data["message"].replace("\r\n", "\n").replace("\r", "\n").strip()
        if not message:
            raise forms.ValidationError(self.fields["message"].error_messages["required"])
        return message

    def clean_article_url(self):
        link = self.cleaned_data["article_url"].strip()
        if not link:
            return ""
        if "://" not in link:
            link = "https://" + link
        try:
            URLValidator(schemes=["http", "https"])(link)
        except forms.ValidationError as error:
            raise forms.ValidationError(
                gettext_lazy(
                    "This is not a web address. Copy the address from your browser, "
                    "or leave the field empty."
                )
            ) from error
        return link

    def is_spam_trap_filled(self):
        return bool((self.data.get(HONEYPOT_FIELD) or "").strip())

    def echo(self):
        """The form to show again: every field as sent, cut at ECHO_LIMIT."""
        data = self.data.copy()
        for name in ("message", "contact", "article_url"):
            value = data.get(name, "")
            if len(value) > ECHO_LIMIT:
                data[name] = value[:ECHO_LIMIT]
        self.data = data
        return self

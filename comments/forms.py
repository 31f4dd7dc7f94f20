"""The public forms: post a comment, report one, edit one's own.

Browsers do not get `maxlength` on the text fields: it would silently cut pasted text.
The length is checked here instead, and the reader keeps every word they wrote.
"""

from django import forms
from django.http import QueryDict
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from comments.models import MAX_BODY_LENGTH, MAX_NAME_LENGTH, ReportReason

HONEYPOT_FIELD = "website"


UNREADABLE_MESSAGE = gettext_lazy(
    "Some characters could not be read (they were not valid text) and show as �. "
    "Please fix or remove them and send again."
)


def _normalise_text(value):
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def reject_unreadable(value):
    """Bytes that were not valid UTF-8 arrive as U+FFFD; say so rather than store them."""
    if "\ufffd" in value:
        raise forms.ValidationError(UNREADABLE_MESSAGE, code="invalid_encoding")


#: How much of each field a refused form sends back. Everything within a comment's limits
#: comes back whole, but not without end: an 11.5 MB post once came back as 46 MB of
#: escaped HTML. Four times the longest comment is plenty to find one's own words in.
ECHO_LIMITS = {"body": 4 * MAX_BODY_LENGTH, "details": 4 * 500}
ECHO_LIMIT_OTHER = 1_000  # names, addresses, hidden fields

#: The longest address mail can be delivered to (RFC 5321: a 256-octet path, with <>).
MAX_EMAIL_LENGTH = 254


def limit_echo(form):
    """Cut what a refused ``form`` will send back to each field's echo limit, after it has
    been validated on everything that was sent. Returns {field name: {"sent": "11,534,336",
    "shown": "20,000"}} for the fields that were cut, for the page to say so."""
    if not form.is_bound:
        return {}
    cut = {}
    data = form.data.copy()
    for name in list(data.keys()):
        limit = ECHO_LIMITS.get(name, ECHO_LIMIT_OTHER)
        values = data.getlist(name) if isinstance(data, QueryDict) else [data[name]]
        longest = max((len(value) for value in values if isinstance(value, str)), default=0)
        if longest <= limit:
            continue
        cut[name] = {"sent": f"{longest:,}", "shown": f"{limit:,}"}
        kept = [value[:limit] if isinstance(value, str) else value for value in values]
        if isinstance(data, QueryDict):
            data.setlist(name, kept)
        else:
            data[name] = kept[0]
    if cut:
        form.data = data
    return cut


STALE_ARGUMENT_MESSAGE = gettext_lazy(
    "The point you chose to discuss is not in the article any more (it may have been "
    "removed since you opened the page). Send again to comment on the article as a whole, "
    "or go back to the article and choose another point."
)


class BodyField(forms.CharField):
    """Plain text up to MAX_BODY_LENGTH characters; HTML is kept as text, never rendered."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("Your comment"))
        kwargs.setdefault(
            "widget", forms.Textarea(attrs={"rows": 6, "data-max-length": MAX_BODY_LENGTH})
        )
        kwargs.setdefault(
            "help_text",
            format_lazy(
                gettext_lazy(
                    "Plain text, up to {limit} characters. Leave a blank line between "
                    "paragraphs; web addresses become links."
                ),
                limit=f"{MAX_BODY_LENGTH:,}",
            ),
        )
        kwargs.setdefault(
            "error_messages",
            {"required": gettext_lazy("Write something before sending: the comment is empty.")},
        )
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {}  # no maxlength: see the module docstring

    def clean(self, value):
        value = super().clean(value)
        reject_unreadable(value)
        if len(value) > MAX_BODY_LENGTH:
            raise forms.ValidationError(
                gettext(
                    "A comment can be up to %(limit)s characters; yours has %(length)s. "
                    "Please shorten it by %(excess)s."
                )
                % {
                    "limit": f"{MAX_BODY_LENGTH:,}",
                    "length": f"{len(value):,}",
                    "excess": f"{len(value) - MAX_BODY_LENGTH:,}",
                },
                code="max_length",
            )
        return value

    def to_python(self, value):
        return _normalise_text(super().to_python(value))


class SpamTrapMixin(forms.Form):
    """A field people never see or hear; bots that fill every field fill it too."""

    form_token = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(
        required=False,
        label=gettext_lazy("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def honeypot_filled(self):
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())


class CommentForm(SpamTrapMixin):
    """A new comment or reply. Errors land beside the field they concern."""

    article = forms.CharField(widget=forms.HiddenInput, required=False)
    parent = forms.CharField(widget=forms.HiddenInput, required=False)
    #: The link id of the Argument the comment discusses ("against-3"), or empty.
    about = forms.CharField(widget=forms.HiddenInput, required=False)
    manage_token = forms.CharField(widget=forms.HiddenInput, required=False)
    display_name = forms.CharField(
        label=gettext_lazy("Your name"),
        help_text=gettext_lazy("Shown with your comment. Any name you like, up to 50 characters."),
        error_messages={"required": gettext_lazy("Give a name to show with your comment.")},
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    email = forms.EmailField(
        label=gettext_lazy("Email (optional)"),
        required=False,
        max_length=MAX_EMAIL_LENGTH,
        help_text=gettext_lazy(
            "Never shown and never shared. We send your private link here, and "
            "replies if you ask for them."
        ),
        error_messages={
            "invalid": gettext_lazy("This does not look like an email address; check it."),
            "max_length": gettext_lazy(
                "An email address can be up to %(limit_value)d characters, the most mail can "
                "be delivered to; this one has %(show_value)d."
            ),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    notify_on_decision = forms.BooleanField(
        label=gettext_lazy(
            "If it has to wait for an editor, email me once when it is published or not "
            "(then we delete the address)"
        ),
        required=False,
    )
    notify_on_reply = forms.BooleanField(
        label=gettext_lazy("Email me when someone replies (you can stop this with one click)"),
        required=False,
    )
    body = BodyField()

    field_order = [
        "body",
        "display_name",
        "email",
        "notify_on_decision",
        "notify_on_reply",
        "website",
        "article",
        "parent",
        "about",
        "form_token",
        "manage_token",
    ]

    def __init__(self, *args, arguments=None, **kwargs):
        #: {link id: headline} of the article's Arguments, to check ``about`` against;
        #: None when the article is not known (the form is refused for that anyway).
        self.arguments = arguments
        super().__init__(*args, **kwargs)
        self.fields["display_name"].widget.attrs.pop("maxlength", None)
        self.fields["email"].widget.attrs.pop("maxlength", None)

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        reject_unreadable(name)
        if not name:
            raise forms.ValidationError(
                gettext("Give a name to show with your comment."), code="required"
            )
        if len(name) > MAX_NAME_LENGTH:
            raise forms.ValidationError(
                gettext("A name can be up to %(limit)d characters; this one has %(length)d.")
                % {"limit": MAX_NAME_LENGTH, "length": len(name)},
                code="max_length",
            )
        return name

    def clean_about(self):
        about = self.cleaned_data["about"].strip().lstrip("#").lower()
        if about and self.arguments is not None and about not in self.arguments:
            raise forms.ValidationError(STALE_ARGUMENT_MESSAGE, code="unknown_argument")
        return about

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("notify_on_reply")
            and not cleaned.get("email")
            and "email" not in self.errors
        ):
            self.add_error(
                "email", gettext("Give an email address if you want to hear about replies.")
            )
        elif (
            cleaned.get("notify_on_decision")
            and not cleaned.get("email")
            and "email" not in self.errors
        ):
            self.add_error(
                "email",
                gettext_lazy("Give an email address if you want to hear what the editor decides."),
            )
        return cleaned


class EditCommentForm(forms.Form):
    """A commenter's correction of their own comment, within the edit window."""

    body = BodyField()


class ReportForm(SpamTrapMixin):
    """A reader's report that a comment breaks the rules."""

    reason = forms.ChoiceField(
        label=gettext_lazy("What is wrong with this comment?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose the reason that fits best.")},
    )
    details = forms.CharField(
        label=gettext_lazy("Anything the editors should know? (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": gettext_lazy("Keep this to 500 characters or fewer.")},
    )

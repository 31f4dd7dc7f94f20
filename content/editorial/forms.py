"""The article edit form: a published correction cannot be edited away, and topics can be
found or added without leaving it."""

from urllib.parse import urlencode

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_noop
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Locale

from content.passages import normalise_target, passage_anchors

PUBLISHED_ENTRY_CHANGED = gettext_noop(
    "A published correction or update cannot be changed or removed: readers have seen it. "
    "Put it back as it was and add a new entry instead."
)


class ArticlePageForm(WagtailAdminPageForm):
    """Keeps the corrections log append-only once entries have been published.

    An article's corrections rows in the database are those of the last published version
    (drafts live in revisions), so every row of a page that has ever been published is an
    entry readers have seen.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.keep_topics_to_page_language()

    def keep_topics_to_page_language(self):
        """Offer only the topics in the page's language (a Chinese page, Chinese topics), and
        open the topic chooser in it; a topic already chosen stays, whatever its language."""
        field = self.fields.get("topics")
        locale_id = getattr(self.instance, "locale_id", None)
        if field is None or locale_id is None:
            return
        chosen = list(self.initial.get("topics") or []) if self.instance.pk else []
        chosen_ids = [getattr(topic, "pk", topic) for topic in chosen]
        field.queryset = field.queryset.filter(Q(locale_id=locale_id) | Q(pk__in=chosen_ids))
        field.widget.locale_code = (
            Locale.objects.filter(pk=locale_id).values_list("language_code", flat=True).first()
        )

    def clean(self):
        cleaned_data = super().clean()
        self.check_correction_targets(cleaned_data.get("body"))
        page = self.instance
        formset = self.formsets.get("corrections")
        if not page.pk or page.first_published_at is None or formset is None:
            return cleaned_data
        correction_model = apps.get_model("content", "ArticleCorrection")
        published = {entry.pk: entry for entry in correction_model.objects.filter(page=page)}
        if not published or not formset.is_valid():
            return cleaned_data  # an invalid formset is reported on its own fields first
        kept = set()
        for entry_form in formset.forms:
            entry_pk = entry_form.instance.pk
            if entry_pk not in published:
                continue
            if formset.can_delete and formset._should_delete_form(entry_form):
                continue
            data = getattr(entry_form, "cleaned_data", None) or {}
            if published[entry_pk].same_entry_as(
                data.get("date"), data.get("kind"), data.get("text")
            ):
                kept.add(entry_pk)
        if kept != set(published):
            raise ValidationError(
                gettext(PUBLISHED_ENTRY_CHANGED), code="published_correction_changed"
            )
        return cleaned_data

    def check_correction_targets(self, body):
        """Every entry that names a corrected passage names one the article has."""
        formset = self.formsets.get("corrections")
        if formset is None or body is None:
            return
        anchors = set(passage_anchors(body))
        for entry_form in formset.forms:
            data = getattr(entry_form, "cleaned_data", None) or {}
            target = normalise_target(data.get("target"))
            if not target or data.get("DELETE") or target in anchors:
                continue
            entry_form.add_error(
                "target",
                gettext(
                    "This article has no passage “%(target)s”. Give an argument's link "
                    "(for-2, against-1) or a section heading's anchor, or leave it empty."
                )
                % {"target": target},
            )


class TopicCheckboxes(forms.CheckboxSelectMultiple):
    """A checkbox per topic, and "Find or add a topic", which opens the Topic chooser (search,
    or a new topic in the same window, as the Source picker does for Sources) and ticks the
    topic chosen or added, without leaving the article.

    The button is shown by its script (content/js/topic-chooser.js): without JavaScript the
    checkboxes work as they are.
    """

    locale_code = None  # the page's language: the chooser offers its topics only

    def render(self, name, value, attrs=None, renderer=None):
        checkboxes = super().render(name, value, attrs, renderer)
        chooser_url = reverse("wagtailsnippetchoosers_content_topic:choose")
        if self.locale_code:
            chooser_url += "?" + urlencode({"locale": self.locale_code})
        return format_html(
            '<div class="topic-checkboxes" data-topic-chooser-url="{}" data-topic-field="{}" '
            'data-topic-list="{}">{}<button type="button" class="button button-small '
            'button-secondary w-mt-3" data-topic-add hidden>{}</button></div>',
            chooser_url,
            name,
            (attrs or {}).get("id", ""),
            checkboxes,
            gettext("Find or add a topic"),
        )

    @property
    def media(self):
        # chooser-modal.js defines the snippet chooser's modal steps (search, choose, create).
        return forms.Media(js=["wagtailadmin/js/chooser-modal.js", "content/js/topic-chooser.js"])

"""Editor panels shared by the page models."""

from functools import cached_property

from django.conf import settings
from django.urls import reverse
from wagtail.admin.panels import HelpPanel


class TranslationsPanel(HelpPanel):
    """The top of a page's form: the same page in the site's other languages, each with a
    link to edit it. Our Chinese pages are written in Chinese, not synced from the English
    (docs/translation.md, "Updating a translation"): an editor who changes one language's
    page goes from here to the other's, in Wagtail's ordinary editor."""

    class BoundPanel(HelpPanel.BoundPanel):
        @cached_property
        def translations(self):
            page = self.instance
            if not getattr(settings, "WAGTAIL_I18N_ENABLED", False) or not page.pk:
                return []
            found = page.get_translations().select_related("locale").order_by("locale_id")
            return [
                {
                    "language": other.locale.get_display_name(),
                    "language_code": other.locale.language_code,
                    "title": other.title,
                    "edit_url": reverse("wagtailadmin_pages:edit", args=[other.pk]),
                    "live_url": other.url if other.live else "",
                    "has_unpublished_changes": other.has_unpublished_changes,
                }
                for other in found.specific(defer=True)
            ]

        def is_shown(self):
            return bool(self.translations) and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["translations"] = self.translations
            return context

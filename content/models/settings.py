"""Site settings that editors change in the admin (Settings menu)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from content.licensing import DEFAULT_LICENCE, LICENCE_CHOICES, OTHER, licence_from


@register_setting(icon="doc-full")
class LicenceSettings(BaseSiteSetting):
    """The licence of the site's text and its own images, stated in the footer, at the end
    of every explainer, in its structured data and in the feeds.

    Images from others keep their own credit and licence; this is the site's own work only.
    """

    licence = models.CharField(
        gettext_lazy("licence"),
        max_length=32,
        choices=LICENCE_CHOICES,
        default=DEFAULT_LICENCE,
        help_text=gettext_lazy(
            "Readers may reuse the text and the site's own images under this licence."
        ),
    )
    custom_name = models.CharField(
        gettext_lazy("other licence: name"),
        max_length=120,
        blank=True,
        help_text=gettext_lazy("Only for 'Another licence', e.g. 'All rights reserved'."),
    )
    custom_url = models.URLField(
        gettext_lazy("other licence: URL"),
        max_length=500,
        blank=True,
        help_text=gettext_lazy("Only for 'Another licence': the page that states its terms."),
    )
    holder = models.CharField(
        gettext_lazy("credit to"),
        max_length=200,
        blank=True,
        help_text=gettext_lazy("Who reusers credit. Leave blank for the site's name."),
    )

    panels = [
        FieldPanel("licence"),
        MultiFieldPanel(
            [FieldPanel("custom_name"), FieldPanel("custom_url")],
            heading=gettext_lazy("Another licence"),
        ),
        FieldPanel("holder"),
    ]

    class Meta:
        verbose_name = gettext_lazy("content licence")

    def clean(self):
        super().clean()
        if self.licence == OTHER:
            errors = {}
            if not self.custom_name.strip():
                errors["custom_name"] = gettext_lazy("Name the licence.")
            if not self.custom_url.strip():
                errors["custom_url"] = gettext_lazy("Give the address of its terms.")
            if errors:
                raise ValidationError(errors)

    def as_licence(self):
        """The licence readers are told of (content.licensing.Licence)."""
        return licence_from(self.licence, self.custom_name, self.custom_url, self.holder)


@register_setting(icon="doc-full-inverse")
class EditorialStandardsSettings(BaseSiteSetting):
    """The page every explainer links to for how the site works: its editorial standards
    (sourcing, corrections, the fact check, independence, comments)."""

    standards_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=gettext_lazy("editorial standards page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=gettext_lazy(
            "Linked from the end of every explainer. Readers of a translation get the page's "
            "translation in their language when there is one."
        ),
    )

    panels = [FieldPanel("standards_page")]

    class Meta:
        verbose_name = gettext_lazy("editorial standards")

    @classmethod
    def read_for_request(cls, request):
        """The setting of the site serving ``request``, read and never created (``for_request``
        would create it on a reader's first visit, and that save would purge the page cache)."""
        site = Site.find_for_request(request)
        setting = None
        if site is not None:
            setting = cls.objects.filter(site=site).select_related("standards_page").first()
        return setting or cls(site=site)

    def standards_page_for(self, locale_id):
        """The standards page in the language of ``locale_id`` (or as it is), live only."""
        page = self.standards_page
        if page is None:
            return None
        if page.locale_id != locale_id:
            page = page.get_translations().filter(locale_id=locale_id).live().first() or page
        return page if page.live else None

"""The site's image model: Wagtail's, with alt text required for every image."""

import logging

from django.db import models
from django.utils.translation import gettext_lazy
from wagtail.images.models import AbstractImage, AbstractRendition, Image

logger = logging.getLogger("content.images")


class SiteImage(AbstractImage):
    """An image whose description (the alt text read to screen-reader users) is required."""

    description = models.CharField(
        gettext_lazy("alt text"),
        max_length=255,
        help_text=gettext_lazy("Describe what the image shows for readers who cannot see it."),
    )
    default_credit = models.CharField(
        max_length=255,
        blank=True,
        help_text=gettext_lazy("Who made the image, e.g. 'Illustration: Surveillance, Explained'."),
    )

    admin_form_fields = (*Image.admin_form_fields, "default_credit")

    @property
    def alt_text(self):
        return self.description

    def report_missing_original(self, shown_in):
        """Log, in one line, that this image's original file is missing from the media
        storage, so ``shown_in`` (a page part) goes without it rather than failing."""
        logger.warning(
            "Image %s (%r): its original file %s is missing from the media storage; %s is "
            "shown without it. Upload the file again in the admin (Images).",
            self.pk,
            self.title,
            self.file.name,
            shown_in,
        )


class SiteRendition(AbstractRendition):
    image = models.ForeignKey(SiteImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

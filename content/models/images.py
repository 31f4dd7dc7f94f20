"""The site's image model: Wagtail's, with alt text required for every image."""

from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class SiteImage(AbstractImage):
    """An image whose description (the alt text read to screen-reader users) is required."""

    description = models.CharField(
        "alt text",
        max_length=255,
        help_text="Describe what the image shows for readers who cannot see it.",
    )
    default_credit = models.CharField(
        max_length=255,
        blank=True,
        help_text="Who made the image, e.g. 'Illustration: Surveillance, Explained'.",
    )

    admin_form_fields = (*Image.admin_form_fields, "default_credit")

    @property
    def alt_text(self):
        return self.description


class SiteRendition(AbstractRendition):
    image = models.ForeignKey(SiteImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

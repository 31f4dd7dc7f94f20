"""``{% picture_or_nothing %}``: Wagtail's ``{% picture %}``, or nothing when the image's file
is missing.

When an image's original file is not in the media storage (a restored database without its
media, a bucket emptied by mistake) Wagtail's ``{% picture %}`` writes a picture of
``/media/not-found`` at 0×0 pixels: a broken image, and a request for a file that is not
there. This tag renders the same ``<picture>`` into a variable, or an empty one after
logging one clear line (``SiteImage.report_missing_original``), so the template can leave
out the whole figure, caption and all::

    {% picture_or_nothing page.hero_image format-{avif,jpeg} width-{640,960} alt=… into hero %}
    {% if hero %}<figure>{{ hero }}<figcaption>…</figcaption></figure>{% endif %}
"""

from django import template
from django.template.base import Token
from django.utils.safestring import mark_safe
from wagtail.images.models import Picture, SourceImageIOError
from wagtail.images.templatetags.wagtailimages_tags import image as parse_image_tag

register = template.Library()


class PictureOrNothingNode(template.Node):
    def __init__(self, picture_node, variable):
        self.picture_node = picture_node
        self.variable = variable

    def render(self, context):
        context[self.variable] = ""
        image = self.picture_node.validate_image(context)
        if not image:
            return ""
        try:
            renditions = image.get_renditions(*self.picture_node.get_filters())
        except SourceImageIOError:
            image.report_missing_original("the page")
            return ""
        attrs = {name: value.resolve(context) for name, value in self.picture_node.attrs.items()}
        context[self.variable] = mark_safe(Picture(renditions, attrs).__html__())  # noqa: S308 - Wagtail's escaped markup
        return ""


@register.tag("picture_or_nothing")
def picture_or_nothing(parser, token):
    """``{% picture_or_nothing IMAGE SPECS… ATTRS… into NAME %}``: see the module docstring."""
    bits = token.split_contents()
    if len(bits) < 5 or bits[-2] != "into":
        raise template.TemplateSyntaxError(
            "picture_or_nothing takes an image, filter specs, attributes, then 'into NAME'"
        )
    # Parsed exactly as Wagtail parses {% picture %}, with the same filter specs and checks.
    picture_token = Token(token.token_type, " ".join(["picture", *bits[1:-2]]), token.position)
    return PictureOrNothingNode(parse_image_tag(parser, picture_token), bits[-1])

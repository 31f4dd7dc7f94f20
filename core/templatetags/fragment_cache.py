"""``{% fragment name %}…{% endfragment %}``: a piece of an article kept for anonymous readers.

The render's fragment cache is the ``fragments`` context variable
(``core.page_cache.fragments_for``). Without it (a preview, an editor, the cache down), or
with an empty name, the contents are simply rendered.
"""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, name, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        fragments = context.get("fragments")
        name = self.name.resolve(context)
        if fragments is None or not name:
            return self.nodelist.render(context)
        html = fragments.get(name)
        if html is None:
            html = self.nodelist.render(context)
            fragments.put(name, html)
        return mark_safe(html)  # noqa: S308 - our own render, kept as rendered


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% fragment %} takes one argument: the name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(parser.compile_filter(bits[1]), nodelist)

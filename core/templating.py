"""Rendering a template into the render that is under way, as ``{% include %}`` does."""


def render_in_context(context, template_name, **values):
    """``template_name`` rendered with the current template context plus ``values``.

    For a hook or tag that adds a piece of its own app's markup to another app's page (the
    article's discussion, content.extension_points): the piece sees what the page sees (the
    request, the page, the fragment cache), and the page needs no ``{% include %}`` of it.
    """
    template = context.template.engine.get_template(template_name)
    with context.push(**values):
        return template.render(context)

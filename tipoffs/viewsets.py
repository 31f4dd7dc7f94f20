"""Tip-offs in the Wagtail admin: a list for the editors, newest first, and each tip-off's
page, where its status (new, read, closed) is the only thing that can be changed.

Readers' words are never rewritten in the admin, and nobody adds a tip-off there: the
permission policy refuses "add" to everyone, superusers included.
"""

from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet

from core.permissions import NoAddPermissionPolicy
from tipoffs.models import TipOff


class TipOffPermissionPolicy(NoAddPermissionPolicy):
    """Model permissions (view, change, delete), never "add"."""


class TipOffViewSet(SnippetViewSet):
    model = TipOff
    icon = "mail"
    menu_label = gettext_lazy("Tip-offs")
    menu_order = 195
    add_to_admin_menu = True
    list_display = ["excerpt", "status", "language", "created"]
    list_filter = ["status", "language"]
    ordering = ["-created"]
    list_per_page = 50
    inspect_view_enabled = True
    inspect_view_fields = ["created", "language", "status", "message", "contact", "article_url"]
    copy_view_enabled = False
    add_to_reference_index = False
    panels = [
        FieldPanel("status"),
        FieldPanel("message", read_only=True),
        FieldPanel("contact", read_only=True),
        FieldPanel("article_url", read_only=True),
        FieldPanel("language", read_only=True),
        FieldPanel("created", read_only=True),
    ]

    @property
    def permission_policy(self):
        return TipOffPermissionPolicy(self.model)

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().exclude(codename="add_tipoff")

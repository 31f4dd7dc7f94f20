"""Editorial admin, loaded by one import at the end of ``content/wagtail_hooks.py``: the
dashboard panels, the review-date and source-link reports, "Check this link now" and the
warnings on saving a Source, and the fact check's log action and delete permission. Each
module registers its own hooks."""

from content.editorial_admin import dashboard, publishing, reports, sources

__all__ = ["dashboard", "publishing", "reports", "sources"]

"""The editors' side of comments in the Wagtail admin: the moderation queue, a comment's
thread, the moderation actions, and the viewset that serves them."""

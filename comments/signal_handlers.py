"""A comment appearing, changing or leaving: the article and whatever lists it (the cards
show a count) are rendered afresh, and purged from a CDN. Connected in
``CommentsConfig.ready()``, through core's purge API: the pages never know comments exist.
"""

from django.db.models.signals import post_delete, post_save

from comments.models import Comment, CommentStatus, article_model
from core.page_cache import purge_cdn_for_page, purge_html_cache


def comment_changed(sender, instance, created=False, **kwargs):
    # A new comment that waits for moderation shows nowhere yet: no need to purge.
    if created and instance.status != CommentStatus.APPROVED:
        return
    purge_html_cache()
    if kwargs.get("raw"):
        # Loaded from a fixture or a backup (import_site): the article may not exist yet,
        # and nothing has been served from a CDN for this database.
        return
    # The article shows its comments, and listings show how many it has.
    purge_cdn_for_page(instance.article)


def comment_deleted(sender, instance, **kwargs):
    purge_html_cache()
    article = article_model().objects.filter(pk=instance.article_id).first()
    if article is not None:  # not when the article itself is being deleted
        purge_cdn_for_page(article)


def connect():
    post_save.connect(comment_changed, sender=Comment, dispatch_uid="html-cache-comment")
    post_delete.connect(comment_deleted, sender=Comment, dispatch_uid="html-cache-comment-d")

from django.urls import path, register_converter

from comments import views


class CommentIdConverter:
    """Digits that fit a database key: longer numbers are a 404, not an overflow."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(CommentIdConverter, "comment_id")

app_name = "comments"

urlpatterns = [
    path("post/", views.post_comment, name="post"),
    path("posted/<str:receipt>/", views.posted, name="posted"),
    path("<comment_id:comment_id>/reply/", views.reply_form, name="reply"),
    path("<comment_id:comment_id>/report/", views.report, name="report"),
    path("<comment_id:comment_id>/reported/", views.reported, name="reported"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("manage/<str:token>/<comment_id:comment_id>/edit/", views.edit, name="edit"),
    path("manage/<str:token>/<comment_id:comment_id>/delete/", views.delete, name="delete"),
    path("manage/<str:token>/export.json", views.export, name="export"),
    path("manage/<str:token>/write/<comment_id:article_id>/", views.write, name="write"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]

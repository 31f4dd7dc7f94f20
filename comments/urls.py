from django.urls import path

from comments import views

app_name = "comments"

urlpatterns = [
    path("post/", views.post_comment, name="post"),
    path("posted/<str:receipt>/", views.posted, name="posted"),
    path("<int:comment_id>/reply/", views.reply_form, name="reply"),
    path("<int:comment_id>/report/", views.report, name="report"),
    path("<int:comment_id>/reported/", views.reported, name="reported"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("manage/<str:token>/<int:comment_id>/edit/", views.edit, name="edit"),
    path("manage/<str:token>/<int:comment_id>/delete/", views.delete, name="delete"),
    path("manage/<str:token>/export.json", views.export, name="export"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]

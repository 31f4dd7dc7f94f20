"""/api/v1/…: the open data API (docs/api.md). Every id is matched as text and checked by the
view, so a malformed one gets the API's JSON 404, never the site's HTML page."""

from django.urls import path, re_path

from api import views

app_name = "api"

urlpatterns = [
    path("v1/", views.Root.as_view(), name="root"),
    path("v1/openapi.json", views.OpenApiDocument.as_view(), name="openapi"),
    path("v1/explainers/", views.ExplainerList.as_view(), name="explainers"),
    path("v1/explainers/<str:pk>/", views.ExplainerDetail.as_view(), name="explainer"),
    path("v1/sources/", views.SourceList.as_view(), name="sources"),
    path("v1/sources/<str:pk>/", views.SourceDetail.as_view(), name="source"),
    path("v1/topics/", views.TopicList.as_view(), name="topics"),
    path("v1/topics/<str:pk>/", views.TopicDetail.as_view(), name="topic"),
    re_path(r"^", views.NotFoundView.as_view()),
]

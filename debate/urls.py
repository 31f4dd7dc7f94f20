from django.urls import path

from debate import views

app_name = "debate"

urlpatterns = [
    path("<int:article_id>/", views.vote, name="vote"),
    path("<int:article_id>/results/", views.result, name="result"),
    path("<int:article_id>/tallies.json", views.tallies_json, name="tallies"),
]

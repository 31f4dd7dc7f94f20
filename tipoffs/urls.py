from django.urls import path

from tipoffs import views

app_name = "tipoffs"

urlpatterns = [
    path("", views.contact, name="contact"),
    path("thanks/", views.thanks, name="thanks"),
]

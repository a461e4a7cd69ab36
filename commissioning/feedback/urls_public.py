"""The public feedback pages, mounted at feedback/ (namespace feedback)."""

from django.urls import path

from . import views_public as views

app_name = "feedback"
urlpatterns = [
    path("", views.service_choose, name="choose"),
    path("thank-you/", views.feedback_thanks, name="thanks"),
    path("<int:pk>/", views.feedback_new, name="give"),
]

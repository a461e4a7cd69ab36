"""Moderating feedback, mounted at staff/feedback/ (namespace feedback-staff)."""

from django.urls import path

from . import views_staff as views

app_name = "feedback-staff"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("themes/", views.themes, name="themes"),
    path("themes/add/", views.theme_edit, name="theme-add"),
    path("themes/<int:pk>/", views.theme_edit, name="theme-edit"),
    path("<int:pk>/", views.moderate, name="moderate"),
    path("service/<int:agreement_pk>/", views.service_feedback, name="service"),
]

from django.urls import path

from . import views_staff

app_name = "dashboard"
urlpatterns = [
    path("", views_staff.dashboard, name="home"),
    path("settings/", views_staff.body_edit, name="body-edit"),
]

from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("staff/", views.dashboard, name="dashboard"),
    path("staff/settings/", views.body_edit, name="body-edit"),
    path("accessibility/", views.accessibility, name="accessibility"),
]

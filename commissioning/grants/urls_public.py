"""The public scheme pages, mounted at schemes/ (namespace schemes)."""

from django.urls import path

from .views import public as views

app_name = "schemes"
urlpatterns = [
    path("", views.scheme_list, name="list"),
    path("<slug:slug>/", views.scheme_detail, name="detail"),
]

"""The public site's registers, open data and monthly publication, mounted at the site root (namespace public)."""

from django.urls import path  # noqa: F401

app_name = "public"
urlpatterns: list = []

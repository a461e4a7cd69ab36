"""Published decisions on the public site, mounted at decisions/ (namespace public-decisions)."""

from django.urls import path  # noqa: F401

app_name = "public-decisions"
urlpatterns: list = []

"""Reports for staff (the annual report), mounted at staff/reports/ (namespace reports)."""

from django.urls import path  # noqa: F401

app_name = "reports"
urlpatterns: list = []

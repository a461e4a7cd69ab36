"""Reports for staff (the annual report), mounted at staff/reports/ (namespace reports)."""

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    # A financial year by its name, e.g. annual/2025-26/: a stable address per year.
    path("annual/<str:year>/", views.annual, name="annual"),
    path("annual/<str:year>/pdf/", views.annual_pdf, name="annual-pdf"),
]

"""Needs assessments for staff, mounted at staff/needs/ (namespace needs)."""

from django.urls import path

from . import views_needs as views

app_name = "needs"
urlpatterns = [
    path("", views.needs_list, name="list"),
    path("new/", views.needs_create_page, name="create"),
    path("<int:pk>/", views.needs_page, name="detail"),
    path("<int:pk>/versions/<int:number>/", views.needs_version_page, name="version"),
    path("<int:pk>/revise/", views.needs_revise_page, name="revise"),
    path("<int:pk>/evidence/<int:evidence_pk>/", views.needs_evidence_download, name="evidence"),
]

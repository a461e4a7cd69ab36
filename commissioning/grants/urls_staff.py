from django.urls import path

from .views import staff as views

app_name = "grants-staff"
urlpatterns = [
    path("schemes/", views.scheme_list_page, name="schemes"),
    path("schemes/new/", views.scheme_create_page, name="scheme-create"),
    path("schemes/<int:pk>/", views.scheme_page, name="scheme"),
    path("schemes/<int:pk>/edit/", views.scheme_edit_page, name="scheme-edit"),
    path("schemes/<int:pk>/open/", views.scheme_open_page, name="scheme-open"),
    path("schemes/<int:pk>/close/", views.scheme_close_page, name="scheme-close"),
    path("schemes/<int:pk>/criteria/new/", views.criterion_page, name="criterion-add"),
    path("schemes/<int:pk>/criteria/<int:criterion_pk>/", views.criterion_page, name="criterion-edit"),
    path("schemes/<int:pk>/bands/new/", views.band_page, name="band-add"),
    path("schemes/<int:pk>/bands/<int:band_pk>/", views.band_page, name="band-edit"),
    path("applications/", views.application_list, name="applications"),
    path("applications/<int:pk>/", views.application_page, name="application"),
    path("applications/<int:pk>/assessors/", views.assign_page, name="assign"),
    path("applications/<int:pk>/moderation/", views.moderation_page, name="moderation"),
    path("applications/<int:pk>/decision/", views.decision_page, name="decision"),
    path("assessments/", views.my_assessments, name="my-assessments"),
    path("assessments/<int:pk>/", views.assessment_page, name="assessment"),
]

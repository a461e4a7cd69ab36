"""Protected downloads, mounted at documents/ (namespace documents)."""

from django.urls import path

from .views import documents as views

app_name = "documents"
urlpatterns = [
    path("application/<int:pk>/", views.application_document, name="application-document"),
    path("due-diligence/<int:pk>/", views.due_diligence_document, name="due-diligence"),
]

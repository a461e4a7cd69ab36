"""Decision records for staff, mounted at staff/decisions/ (namespace decisions)."""

from django.urls import path

from . import views_staff as views

app_name = "decisions"
urlpatterns = [
    path("", views.decision_list, name="list"),
    path("new/", views.decision_create_page, name="create"),
    path("<int:pk>/", views.decision_page, name="detail"),
    path("<int:pk>/edit/", views.decision_edit_page, name="edit"),
    path("<int:pk>/approve/", views.decision_approve_page, name="approve"),
    path("<int:pk>/publish/", views.decision_publish_page, name="publish"),
    path("<int:pk>/return/", views.decision_return_page, name="return"),
]

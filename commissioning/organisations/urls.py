from django.urls import path

from . import views_staff as views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("new/", views.organisation_create, name="create"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/edit/", views.organisation_edit, name="edit"),
    path("<int:pk>/identifiers/add/", views.identifier_add, name="identifier-add"),
    path(
        "<int:pk>/identifiers/<int:identifier_pk>/remove/", views.identifier_remove, name="identifier-remove"
    ),
    path("<int:pk>/due-diligence/add/", views.due_diligence_add, name="due-diligence-add"),
    path("<int:pk>/due-diligence/<int:item_pk>/edit/", views.due_diligence_edit, name="due-diligence-edit"),
    path("<int:pk>/members/add/", views.member_add, name="member-add"),
    path("<int:pk>/members/<int:membership_pk>/remove/", views.member_remove, name="member-remove"),
]

"""Pages for provider users and partner administrators, mounted at organisation/ (namespace my-organisation)."""

from django.urls import path

from . import views_provider as views

app_name = "my-organisation"
urlpatterns = [
    path("", views.my_organisation, name="home"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/due-diligence/", views.due_diligence_list, name="due-diligence"),
    path("<int:pk>/due-diligence/add/", views.due_diligence_add, name="due-diligence-add"),
    path("<int:pk>/due-diligence/<int:item_pk>/edit/", views.due_diligence_edit, name="due-diligence-edit"),
    path("start/", views.organisation_start, name="start"),
    path("new/", views.organisation_register, name="create"),
    path("<int:pk>/invite/", views.invitation_create, name="invite"),
    path("invitations/<int:pk>/accept/", views.invitation_accept, name="invitation-accept"),
    path("invitations/<str:token>/", views.invitation_respond, name="invitation"),
]

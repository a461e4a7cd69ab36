"""Commissioning projects for staff, mounted at staff/projects/ (namespace projects)."""

from django.urls import path

from . import views_projects as views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_create_page, name="create"),
    path("<int:pk>/", views.project_page, name="detail"),
    path("<int:pk>/edit/", views.project_edit_page, name="edit"),
    path("<int:pk>/move/", views.project_move_page, name="move"),
    path("<int:pk>/analyse/", views.analyse_page, name="analyse"),
    path("<int:pk>/analyse/link/", views.agreement_link, name="agreement-link"),
    path("<int:pk>/analyse/unlink/", views.agreement_unlink, name="agreement-unlink"),
    path("<int:pk>/plan/", views.plan_page, name="plan"),
    path("<int:pk>/plan/specification/", views.specification_page, name="specification"),
    path(
        "<int:pk>/plan/specification/<int:number>/",
        views.specification_version_page,
        name="specification-version",
    ),
    path("<int:pk>/plan/options/<str:mechanism>/", views.option_page, name="option"),
    path("<int:pk>/plan/choose/", views.choose_page, name="choose"),
    path("<int:pk>/plan/principles/", views.principles_page, name="principles"),
    path("<int:pk>/do/", views.do_page, name="do"),
    path("<int:pk>/do/launch/", views.launch_page, name="launch"),
    path("<int:pk>/review/", views.review_page, name="review"),
]

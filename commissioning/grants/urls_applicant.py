"""The applicant's pages, mounted at apply/ (namespace apply)."""

from django.urls import path

from .views import applicant as views

app_name = "apply"
urlpatterns = [
    path("", views.application_list, name="list"),
    path("<int:pk>/", views.application_detail, name="application"),
    path("<int:pk>/tasks/", views.task_list, name="task-list"),
    path("<int:pk>/check-answers/", views.check_answers, name="check-answers"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/confirmation/", views.confirmation, name="confirmation"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/budget/<int:line_pk>/remove/", views.budget_line_remove, name="budget-line-remove"),
    path("<int:pk>/documents/reuse/", views.document_reuse, name="document-reuse"),
    path("<int:pk>/documents/add/", views.document_add, name="document-add"),
    path("<int:pk>/documents/<int:document_pk>/remove/", views.document_remove, name="document-remove"),
    path("<int:pk>/<slug:section>/", views.section, name="section"),
    path("<slug:slug>/start/", views.application_start, name="start"),
]

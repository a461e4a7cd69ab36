from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_current, name="plan-current"),
    path("all/", views.plan_list, name="plan-list"),
    path("add/", views.plan_create, name="plan-create"),
    path("<int:pk>/", views.plan_detail, name="plan-detail"),
    path("<int:pk>/change/", views.plan_edit, name="plan-edit"),
    path("<int:pk>/make-current/", views.plan_make_current, name="plan-make-current"),
    path("<int:plan_pk>/priorities/add/", views.priority_create, name="priority-create"),
    path("priorities/<int:pk>/change/", views.priority_edit, name="priority-edit"),
    path("priorities/<int:priority_pk>/objectives/add/", views.objective_create, name="objective-create"),
    path("objectives/<int:pk>/change/", views.objective_edit, name="objective-edit"),
    path("objectives/<int:pk>/remove/", views.objective_remove, name="objective-remove"),
    path("principles/", views.principle_list, name="principle-list"),
    path("principles/add/", views.principle_create, name="principle-create"),
    path("principles/<int:pk>/change/", views.principle_edit, name="principle-edit"),
]

"""Commissioning intentions for staff, mounted at staff/intentions/ (namespace intentions)."""

from django.urls import path

from . import views_intentions as views

app_name = "intentions"
urlpatterns = [
    path("", views.intentions_list, name="list"),
    path("new/", views.intentions_start_page, name="start"),
    path("<int:pk>/", views.intentions_page, name="detail"),
    path("<int:pk>/summary/", views.intentions_summary_page, name="summary"),
    path("<int:pk>/projects/new/", views.intention_add_page, name="item-add"),
    path("<int:pk>/projects/<int:item_pk>/", views.intention_edit_page, name="item-edit"),
    path("<int:pk>/projects/<int:item_pk>/remove/", views.intention_remove_page, name="item-remove"),
    path("<int:pk>/submit/", views.intentions_submit_page, name="submit"),
    path("<int:pk>/publish/", views.intentions_publish_page, name="publish"),
]

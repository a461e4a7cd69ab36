from django.urls import path

from . import views

app_name = "governance"
urlpatterns = [
    path("", views.delegation, name="delegation"),
    path("add/", views.limit_add, name="limit-add"),
]

from django.urls import path

from . import views_staff as views

app_name = "decommissioning"
urlpatterns = [
    path("", views.decommissioning_list, name="list"),
    path("start/<int:agreement_pk>/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/response/", views.response, name="response"),
    path("<int:pk>/equality-assessment/", views.equality_document, name="equality-document"),
    path("<int:pk>/part/<slug:part>/", views.part, name="part"),
    path("<int:pk>/move/<slug:to>/", views.move, name="move"),
]

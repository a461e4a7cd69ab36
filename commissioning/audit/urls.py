from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.event_list_view, name="event-list"),
    path("verify/", views.verify, name="verify"),
    path("<str:record_type>/<str:record_id>/", views.history, name="history"),
]

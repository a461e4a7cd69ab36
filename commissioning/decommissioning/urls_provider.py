from django.urls import path

from . import views_provider as views

app_name = "my-decommissioning"
urlpatterns = [path("<int:pk>/", views.detail, name="detail")]

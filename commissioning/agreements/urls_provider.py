from django.urls import path

from . import views_provider as views

app_name = "my-agreements"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("<int:pk>/", views.offer, name="offer"),
    path("<int:pk>/offer.pdf", views.offer_pdf, name="offer-pdf"),
]

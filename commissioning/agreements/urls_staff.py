from django.urls import path

from . import views_staff as views

app_name = "agreements"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("<int:pk>/", views.agreement_page, name="detail"),
    path("<int:pk>/instalments/<int:number>/pay/", views.instalment_pay_page, name="instalment-pay"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/vary/", views.vary, name="vary"),
    path("<int:pk>/end/", views.end, name="end"),
    path("<int:pk>/end-early/", views.end, {"early": True}, name="end-early"),
]

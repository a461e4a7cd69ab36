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
    path("<int:pk>/payment-plan/", views.payment_plan, name="payment-plan"),
    path("<int:pk>/invoices/add/", views.invoice_add, name="invoice-add"),
    path("<int:pk>/invoices/<int:number>/", views.invoice_page, name="invoice"),
    path("<int:pk>/invoices/<int:number>/pay/", views.invoice_pay_page, name="invoice-pay"),
]

from django.urls import path, register_converter

from . import views
from .years import FinancialYearConverter

register_converter(FinancialYearConverter, "financial_year")

app_name = "finance"
urlpatterns = [
    path("", views.fund_list, name="fund-list"),
    path("<int:pk>/", views.fund_detail, name="fund-detail"),
    path("<int:pk>/allocations/<financial_year:start_year>/", views.allocation_edit, name="allocation-edit"),
    path("<int:pk>/rules/add/", views.rules_add, name="rules-add"),
    path("<int:pk>/purposes/add/", views.purpose_edit, name="purpose-add"),
    path("<int:pk>/purposes/<int:purpose_pk>/", views.purpose_edit, name="purpose-edit"),
    path("<int:pk>/commitments/<financial_year:start_year>/", views.commitment_list, name="commitment-list"),
]

"""Published commissioning intentions on the public site, mounted at intentions/ (namespace cycle-public). A year's
address is its financial year: intentions/2026-27/."""

from django.urls import path, register_converter
from django.urls.converters import get_converters

from commissioning.finance.years import FinancialYearConverter

from . import views_public as views

if "financial_year" not in get_converters():  # finance/urls.py registers it too
    register_converter(FinancialYearConverter, "financial_year")

app_name = "cycle-public"
urlpatterns = [
    path("", views.intentions_list, name="list"),
    path("<financial_year:start_year>/", views.intentions_year, name="year"),
]

"""The public site's registers, open data and monthly publication, mounted at the site root (namespace public).

Mounted after every other app, so each path starts with a word no other app uses."""

from django.urls import path, re_path

from . import views

app_name = "public"
urlpatterns = [
    path("funding/", views.funding, name="funding"),
    path("services/", views.service_list, name="services"),
    path("services/<str:reference>/", views.service_detail, name="service"),
    path("grants/", views.grant_list, name="grants"),
    path("grants/<str:reference>/", views.grant_detail, name="grant"),
    path("contracts/", views.contract_list, name="contracts"),
    path("open-data/", views.open_data_page, name="open-data"),
    path("open-data/grants.json", views.grants_json, name="grants-json"),
    path("open-data/grants.csv", views.grants_csv, name="grants-csv"),
    path("open-data/grants.xlsx", views.grants_xlsx, name="grants-xlsx"),
    path("publication/", views.publication_list, name="publications"),
    re_path(r"^publication/(?P<year>\d{4})-(?P<month>\d{2})/$", views.publication_detail, name="publication"),
]

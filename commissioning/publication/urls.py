"""The public site's registers, open data and monthly publication, mounted at the site root (namespace public).

Mounted after every other app, so each path starts with a word no other app uses."""

from django.urls import path, re_path, register_converter

from . import views


class AgreementReferenceConverter:
    """An agreement's reference in an address (CSF-2026-0042): no longer than the field, and never a NUL, which
    PostgreSQL refuses in a query (so such an address is simply not found)."""

    regex = r"[^/\x00]{1,40}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(AgreementReferenceConverter, "agreement_reference")

app_name = "public"
urlpatterns = [
    path("funding/", views.funding, name="funding"),
    path("services/", views.service_list, name="services"),
    path("services/<agreement_reference:reference>/", views.service_detail, name="service"),
    path("grants/", views.grant_list, name="grants"),
    path("grants/<agreement_reference:reference>/", views.grant_detail, name="grant"),
    path("contracts/", views.contract_list, name="contracts"),
    path("open-data/", views.open_data_page, name="open-data"),
    path("open-data/grants.json", views.grants_json, name="grants-json"),
    path("open-data/grants.csv", views.grants_csv, name="grants-csv"),
    path("open-data/grants.xlsx", views.grants_xlsx, name="grants-xlsx"),
    path("publication/", views.publication_list, name="publications"),
    re_path(r"^publication/(?P<year>\d{4})-(?P<month>\d{2})/$", views.publication_detail, name="publication"),
]

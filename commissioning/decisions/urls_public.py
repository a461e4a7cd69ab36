"""Published decisions on the public site, mounted at decisions/ (namespace public-decisions). A decision's address
is its reference: 2026/014 is decisions/2026-014/."""

from django.urls import path, register_converter

from . import views_public as views


class DecisionReferenceConverter:
    """ "2026-014" in an address; the view receives (2026, 14)."""

    regex = r"\d{4}-\d{3,6}"

    def to_python(self, value: str) -> tuple[int, int]:
        year, number = value.split("-")
        return int(year), int(number)

    def to_url(self, value: object) -> str:
        if isinstance(value, tuple):
            return f"{value[0]}-{value[1]:03d}"
        return str(value).replace("/", "-")


register_converter(DecisionReferenceConverter, "decision_reference")

app_name = "public-decisions"
urlpatterns = [
    path("", views.decision_list, name="list"),
    path("<decision_reference:reference>/", views.decision_page, name="detail"),
]

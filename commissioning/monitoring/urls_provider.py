from django.urls import path

from commissioning.monitoring.views import provider

app_name = "my-monitoring"

urlpatterns = [
    path("", provider.returns, name="returns"),
    path("returns/<int:pk>/", provider.return_detail, name="return"),
    path("returns/<int:pk>/answers/", provider.return_edit, name="edit"),
    path("returns/<int:pk>/check/", provider.return_check, name="check"),
    path("returns/<int:pk>/evidence/", provider.return_evidence, name="evidence-add"),
    path("returns/<int:pk>/evidence/<int:evidence_pk>/", provider.evidence_download, name="evidence"),
]

from django.urls import include, path

urlpatterns = [
    path("", include("commissioning.dashboard.urls_public")),
    path("", include("commissioning.core.urls")),
    path("staff/", include("commissioning.dashboard.urls_staff")),
    path("account/", include("commissioning.accounts.urls")),
    path("staff/plans/", include("commissioning.plans.urls")),
    path("staff/funds/", include("commissioning.finance.urls")),
    path("staff/organisations/", include("commissioning.organisations.urls")),
    path("organisation/", include("commissioning.organisations.urls_provider")),
    path("staff/audit/", include("commissioning.audit.urls")),
    path("staff/grants/", include("commissioning.grants.urls_staff")),
    path("staff/agreements/", include("commissioning.agreements.urls_staff")),
    path("staff/delegation/", include("commissioning.governance.urls")),
    path("schemes/", include("commissioning.grants.urls_public")),
    path("apply/", include("commissioning.grants.urls_applicant")),
    path("documents/", include("commissioning.grants.urls_documents")),
    path("agreements/", include("commissioning.agreements.urls_provider")),
    path("staff/monitoring/", include("commissioning.monitoring.urls_staff")),
    path("monitoring/", include("commissioning.monitoring.urls_provider")),
    path("feedback/", include("commissioning.feedback.urls_public")),
    path("staff/feedback/", include("commissioning.feedback.urls_staff")),
    path("staff/decisions/", include("commissioning.decisions.urls_staff")),
    path("decisions/", include("commissioning.decisions.urls_public")),
    path("staff/boards/", include("commissioning.boards.urls")),
    path("staff/reports/", include("commissioning.reports.urls")),
    # The commissioning cycle: needs assessments and commissioning intentions (staff), intentions (public)
    path("staff/needs/", include("commissioning.cycle.urls_needs")),
    path("staff/intentions/", include("commissioning.cycle.urls_intentions")),
    path("intentions/", include("commissioning.cycle.urls_public")),
    path("staff/decommissioning/", include("commissioning.decommissioning.urls_staff")),
    path("agreements/decommissioning/", include("commissioning.decommissioning.urls_provider")),
    path("staff/projects/", include("commissioning.cycle.urls_projects")),
    path("", include("commissioning.publication.urls")),
]

handler403 = "commissioning.core.views.error_403"
handler404 = "commissioning.core.views.error_404"
handler500 = "commissioning.core.views.error_500"

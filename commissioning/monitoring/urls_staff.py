from django.urls import path

from commissioning.monitoring.views import review, staff, tiers

app_name = "monitoring"

urlpatterns = [
    path("", staff.overdue, name="overdue"),
    path("tiers/", tiers.tiers, name="tiers"),
    path("tiers/add/", tiers.tier_add, name="tier-add"),
    path("agreements/<int:pk>/", staff.plan, name="plan"),
    path("agreements/<int:pk>/performance/", staff.performance, name="performance"),
    path("agreements/<int:pk>/adjust/", staff.plan_adjust, name="plan-adjust"),
    path("returns/awaiting-review/", review.review_list, name="review-list"),
    path("returns/<int:pk>/", review.review_return, name="return"),
    path("returns/<int:pk>/rate/", review.return_rate_view, name="return-rate"),
    path("returns/<int:pk>/changes/", review.return_changes_view, name="return-changes"),
    path("returns/<int:pk>/evidence/<int:evidence_pk>/", review.evidence_download, name="evidence"),
    path("remedial-plans/<int:pk>/", review.remedial_plan, name="remedial-plan"),
    path(
        "remedial-plans/<int:pk>/actions/<int:action_pk>/done/",
        review.remedial_action_done,
        name="remedial-action-done",
    ),
]

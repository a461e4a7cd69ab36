from django.urls import path

from commissioning.monitoring.views import staff

app_name = "monitoring"

urlpatterns = [
    path("", staff.overdue, name="overdue"),
    path("agreements/<int:pk>/", staff.plan, name="plan"),
    path("agreements/<int:pk>/adjust/", staff.plan_adjust, name="plan-adjust"),
]

"""Application reference counters move to core's ReferenceCounter under the scope "application:<PREFIX>", keeping
the last number used, so references continue where they left off; then the grants table goes."""

from django.db import migrations

from commissioning.core.migration_support import reference_counters_to_core


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0003_staff_list_and_work_waiting_indexes"),
        ("core", "0002_reference_counter_decision_threshold"),
    ]

    operations = [
        reference_counters_to_core("grants", "application:"),
        migrations.DeleteModel(name="ReferenceCounter"),
    ]

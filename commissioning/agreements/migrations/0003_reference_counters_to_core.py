"""Agreement reference counters move to core's ReferenceCounter under the scope "agreement:<CODE>", keeping the
last number used, so references continue where they left off; then the agreements table goes."""

from django.db import migrations

from commissioning.core.migration_support import reference_counters_to_core


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0002_reference_counter_and_list_indexes"),
        ("core", "0002_reference_counter_decision_threshold"),
    ]

    operations = [
        reference_counters_to_core("agreements", "agreement:"),
        migrations.DeleteModel(name="ReferenceCounter"),
    ]

"""Application reference counters move to core's ReferenceCounter under the scope "application:<PREFIX>", keeping
the last number used, so references continue where they left off; then the grants table goes."""

from django.db import migrations

SCOPE_PREFIX = "application:"


def counters_to_core(apps, schema_editor):
    Old = apps.get_model("grants", "ReferenceCounter")
    Counter = apps.get_model("core", "ReferenceCounter")
    for old in Old.objects.all():
        counter, _ = Counter.objects.get_or_create(scope=SCOPE_PREFIX + old.prefix, year=old.year)
        if counter.last < old.last_number:
            counter.last = old.last_number
            counter.save(update_fields=["last"])


def counters_from_core(apps, schema_editor):
    Old = apps.get_model("grants", "ReferenceCounter")
    Counter = apps.get_model("core", "ReferenceCounter")
    counters = Counter.objects.filter(scope__startswith=SCOPE_PREFIX)
    for counter in counters:
        Old.objects.update_or_create(
            prefix=counter.scope.removeprefix(SCOPE_PREFIX),
            year=counter.year,
            defaults={"last_number": counter.last},
        )
    counters.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0003_staff_list_and_work_waiting_indexes"),
        ("core", "0002_reference_counter_decision_threshold"),
    ]

    operations = [
        migrations.RunPython(counters_to_core, counters_from_core),
        migrations.DeleteModel(name="ReferenceCounter"),
    ]

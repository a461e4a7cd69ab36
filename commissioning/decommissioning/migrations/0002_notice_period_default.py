"""The shipped minimum notice: three months, in effect from the start of the strategy (1 April 2017)."""

from datetime import date

from django.db import migrations


def ship(apps, schema_editor):  # type: ignore[no-untyped-def]
    NoticePeriod = apps.get_model("decommissioning", "NoticePeriod")
    NoticePeriod.objects.get_or_create(effective_from=date(2017, 4, 1), defaults={"months": 3})


def unship(apps, schema_editor):  # type: ignore[no-untyped-def]
    NoticePeriod = apps.get_model("decommissioning", "NoticePeriod")
    NoticePeriod.objects.filter(effective_from=date(2017, 4, 1), months=3).delete()


class Migration(migrations.Migration):
    dependencies = [("decommissioning", "0001_initial")]

    operations = [migrations.RunPython(ship, unship)]

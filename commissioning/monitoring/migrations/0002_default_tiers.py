from typing import Any

from django.db import migrations

from commissioning.monitoring.defaults import tiers_default


def load(apps: Any, schema_editor: Any) -> None:
    tiers_default(apps.get_model("monitoring", "MonitoringTier"), apps.get_model("monitoring", "ReturnTemplate"))


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

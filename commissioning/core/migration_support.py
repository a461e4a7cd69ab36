"""Helpers imported by migrations. Migrations are kept for ever, so what is here must not change behaviour."""

from typing import Any

from django.db import migrations


def reference_counters_to_core(app_label: str, scope_prefix: str) -> migrations.RunPython:
    """Copy `app_label`'s own ReferenceCounter rows (prefix, year, last_number) into core's ReferenceCounter under
    the scope `scope_prefix + prefix`, keeping the higher last number, so references continue where they left off.
    Backwards, the rows go back to the app's table and leave core's."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        Old = apps.get_model(app_label, "ReferenceCounter")
        Counter = apps.get_model("core", "ReferenceCounter")
        for old in Old.objects.all():
            counter, _ = Counter.objects.get_or_create(scope=scope_prefix + old.prefix, year=old.year)
            if counter.last < old.last_number:
                counter.last = old.last_number
                counter.save(update_fields=["last"])

    def backwards(apps: Any, schema_editor: Any) -> None:
        Old = apps.get_model(app_label, "ReferenceCounter")
        Counter = apps.get_model("core", "ReferenceCounter")
        counters = Counter.objects.filter(scope__startswith=scope_prefix)
        for counter in counters:
            Old.objects.update_or_create(
                prefix=counter.scope.removeprefix(scope_prefix),
                year=counter.year,
                defaults={"last_number": counter.last},
            )
        counters.delete()

    return migrations.RunPython(forwards, backwards)

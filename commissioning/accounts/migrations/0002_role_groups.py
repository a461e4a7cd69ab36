from django.db import migrations

ROLES = [
    "administrator",
    "commissioner",
    "chief_executive",
    "chief_finance_officer",
    "commissioning_officer",
    "assessor",
    "partner_administrator",
    "provider",
    "auditor",
]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]

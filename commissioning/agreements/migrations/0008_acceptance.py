"""How an agreement was offered and answered moves off the agreement into one Acceptance record: each agreement with
an offer or an answer gets its record with the same dates, names and reason, then the agreement's columns go.
Reversible: going back copies the records onto the agreements again."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

COLUMNS = {
    "offered_on": "offered_on",
    "respond_by": "respond_by",
    "response_name": "name",
    "response_role": "role",
    "response_on": "answered_on",
    "response_by_id": "answered_by_id",
    "decline_reason": "decline_reason",
}


def acceptances_from_agreements(apps, schema_editor):
    Agreement = apps.get_model("agreements", "Agreement")
    Acceptance = apps.get_model("agreements", "Acceptance")
    answered = (
        models.Q(offered_on__isnull=False)
        | models.Q(respond_by__isnull=False)
        | models.Q(response_on__isnull=False)
        | models.Q(response_by__isnull=False)
        | ~models.Q(response_name="")
        | ~models.Q(decline_reason="")
    )
    rows = Agreement.objects.filter(answered).order_by("pk").values("pk", *COLUMNS)
    batch = []
    for row in rows.iterator(chunk_size=2000):
        batch.append(Acceptance(agreement_id=row["pk"], **{new: row[old] for old, new in COLUMNS.items()}))
        if len(batch) >= 2000:
            Acceptance.objects.bulk_create(batch)
            batch = []
    Acceptance.objects.bulk_create(batch)


def agreements_from_acceptances(apps, schema_editor):
    Agreement = apps.get_model("agreements", "Agreement")
    Acceptance = apps.get_model("agreements", "Acceptance")
    for acceptance in Acceptance.objects.order_by("pk").iterator(chunk_size=2000):
        Agreement.objects.filter(pk=acceptance.agreement_id).update(
            **{old: getattr(acceptance, new) for old, new in COLUMNS.items()}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0007_funding_lines"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Acceptance",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("offered_on", models.DateField(blank=True, null=True)),
                ("respond_by", models.DateField(blank=True, null=True)),
                ("name", models.CharField(blank=True, max_length=200)),
                ("role", models.CharField(blank=True, max_length=200)),
                ("answered_on", models.DateField(blank=True, null=True)),
                ("decline_reason", models.TextField(blank=True)),
                (
                    "agreement",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="acceptance",
                        to="agreements.agreement",
                    ),
                ),
                (
                    "answered_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"indexes": [models.Index(fields=["offered_on"], name="agreements_acceptance_offered")]},
        ),
        migrations.RunPython(acceptances_from_agreements, agreements_from_acceptances),
        migrations.RemoveField(model_name="agreement", name="decline_reason"),
        migrations.RemoveField(model_name="agreement", name="offered_on"),
        migrations.RemoveField(model_name="agreement", name="respond_by"),
        migrations.RemoveField(model_name="agreement", name="response_by"),
        migrations.RemoveField(model_name="agreement", name="response_name"),
        migrations.RemoveField(model_name="agreement", name="response_on"),
        migrations.RemoveField(model_name="agreement", name="response_role"),
    ]

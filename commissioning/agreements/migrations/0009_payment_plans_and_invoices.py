"""How agreements are paid becomes data: a default plan per mechanism from a date (grants in advance by instalment,
one payment below £10,000, else every three months; contracts in arrears against invoices; accreditation per unit
delivered; partnerships from contributions received), each agreement's own plan, and invoices with the payments
made for them. Every agreement already made was paid in advance by instalment, so each gets that plan, exactly as
it was paid."""

import datetime
from decimal import Decimal

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

SHIPPED_FROM = datetime.date(2000, 1, 1)
DEFAULTS = [
    ("grant", "in_advance", 3, Decimal("10000.00")),
    ("contract", "in_arrears", 3, None),
    ("accreditation", "per_unit", 1, None),
    ("partnership", "contributions", 3, None),
]
KINDS = [
    ("in_advance", "In advance by instalment"),
    ("in_arrears", "In arrears against invoices"),
    ("per_unit", "Per unit delivered"),
    ("contributions", "Contributions received"),
]
MECHANISMS = [
    ("grant", "Grant"),
    ("contract", "Contract"),
    ("accreditation", "Any Qualified Provider accreditation"),
    ("partnership", "Partnership agreement"),
]


def shipped_defaults_and_plans(apps, schema_editor):
    PaymentPlanDefault = apps.get_model("agreements", "PaymentPlanDefault")
    PaymentPlan = apps.get_model("agreements", "PaymentPlan")
    Agreement = apps.get_model("agreements", "Agreement")
    for mechanism, kind, interval, single_below in DEFAULTS:
        PaymentPlanDefault.objects.get_or_create(
            mechanism=mechanism,
            effective_from=SHIPPED_FROM,
            defaults={"kind": kind, "interval_months": interval, "single_payment_below": single_below},
        )
    batch = []
    for pk in Agreement.objects.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=2000):
        batch.append(
            PaymentPlan(
                agreement_id=pk, kind="in_advance", interval_months=3, single_payment_below=Decimal("10000.00")
            )
        )
        if len(batch) >= 2000:
            PaymentPlan.objects.bulk_create(batch)
            batch = []
    PaymentPlan.objects.bulk_create(batch)


def remove_defaults_and_plans(apps, schema_editor):
    apps.get_model("agreements", "PaymentPlan").objects.all().delete()
    apps.get_model("agreements", "PaymentPlanDefault").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0008_acceptance"),
        ("finance", "0002_allocation_totals"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PaymentPlanDefault",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("effective_from", models.DateField()),
                ("mechanism", models.CharField(choices=MECHANISMS, max_length=20)),
                ("kind", models.CharField(choices=KINDS, max_length=20)),
                (
                    "interval_months",
                    models.PositiveSmallIntegerField(default=3, help_text="Months between instalments or invoices"),
                ),
                (
                    "single_payment_below",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="Paid in advance: below this value, one instalment at the start",
                        max_digits=14,
                        null=True,
                    ),
                ),
            ],
            options={
                "ordering": ["mechanism", "-effective_from"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("mechanism", "effective_from"), name="agreements_plan_default_one_per_date"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("interval_months__gte", 1)), name="agreements_default_interval"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="PaymentPlan",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=KINDS, max_length=20)),
                ("interval_months", models.PositiveSmallIntegerField(default=3)),
                (
                    "single_payment_below",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True),
                ),
                (
                    "unit",
                    models.CharField(
                        blank=True, help_text="What one unit is, like 'a counselling session'", max_length=100
                    ),
                ),
                ("unit_price", models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True)),
                (
                    "agreement",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="payment_plan",
                        to="agreements.agreement",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("interval_months__gte", 1)), name="agreements_plan_interval"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("unit_price__isnull", True), ("unit_price__gt", 0), _connector="OR"),
                        name="agreements_plan_unit_price",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Invoice",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveSmallIntegerField()),
                ("reference", models.CharField(help_text="The provider's own invoice number", max_length=100)),
                ("period_start", models.DateField()),
                ("period_end", models.DateField()),
                ("units", models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True)),
                ("amount", models.DecimalField(decimal_places=2, max_digits=14)),
                ("received_on", models.DateField()),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("received", "Received"),
                            ("approved", "Approved"),
                            ("paid", "Paid"),
                            ("rejected", "Rejected"),
                        ],
                        db_index=True,
                        default="received",
                        max_length=20,
                    ),
                ),
                ("paid_on", models.DateField(blank=True, null=True)),
                ("payment_reference", models.CharField(blank=True, max_length=100)),
                (
                    "agreement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="invoices",
                        to="agreements.agreement",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["agreement", "number"],
                "constraints": [
                    models.UniqueConstraint(fields=("agreement", "number"), name="agreements_invoice_number_once"),
                    models.CheckConstraint(
                        condition=models.Q(("amount__gt", 0)), name="agreements_invoice_positive"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("period_end__gte", models.F("period_start"))),
                        name="agreements_invoice_period",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="InvoicePayment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "invoice",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="payments",
                        to="agreements.invoice",
                    ),
                ),
                (
                    "payment",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="invoice_payment",
                        to="finance.payment",
                    ),
                ),
            ],
            options={"ordering": ["invoice", "pk"]},
        ),
        migrations.RunPython(shipped_defaults_and_plans, remove_defaults_and_plans),
    ]

"""Agreements draw on funding lines: AgreementFunding (one commitment per financial year of the one fund) becomes
FundingLine, which names the fund, the financial year and the amount of each line. Each existing row becomes the
line of its commitment (same fund, year and amount), so every commitment, and every budget position, stays as it
was."""

import django.db.models.deletion
from django.db import migrations, models


def lines_from_commitments(apps, schema_editor):
    FundingLine = apps.get_model("agreements", "FundingLine")
    lines = list(
        FundingLine.objects.select_related("commitment__allocation").only(
            "pk",
            "commitment__amount",
            "commitment__allocation__fund_id",
            "commitment__allocation__financial_year_id",
        )
    )
    for line in lines:
        allocation = line.commitment.allocation
        line.fund_id = allocation.fund_id
        line.financial_year_id = allocation.financial_year_id
        line.amount = line.commitment.amount
    FundingLine.objects.bulk_update(lines, ["fund", "financial_year", "amount"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0006_delete_agreementstatuschange"),
        ("finance", "0002_allocation_totals"),
    ]

    operations = [
        migrations.RenameModel(old_name="AgreementFunding", new_name="FundingLine"),
        migrations.AddField(
            model_name="fundingline",
            name="fund",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="funding_lines",
                to="finance.fund",
            ),
        ),
        migrations.AddField(
            model_name="fundingline",
            name="financial_year",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="funding_lines",
                to="finance.financialyear",
            ),
        ),
        migrations.AddField(
            model_name="fundingline",
            name="amount",
            field=models.DecimalField(decimal_places=2, max_digits=14, null=True),
        ),
        migrations.RunPython(lines_from_commitments, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="fundingline",
            name="fund",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="funding_lines", to="finance.fund"
            ),
        ),
        migrations.AlterField(
            model_name="fundingline",
            name="financial_year",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="funding_lines",
                to="finance.financialyear",
            ),
        ),
        migrations.AlterField(
            model_name="fundingline",
            name="amount",
            field=models.DecimalField(decimal_places=2, max_digits=14),
        ),
        migrations.AddConstraint(
            model_name="fundingline",
            constraint=models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="agreements_funding_line_positive"
            ),
        ),
    ]

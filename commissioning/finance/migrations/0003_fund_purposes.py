"""Permitted purposes become data: each fund's purposes are FundPurpose rows, each with plain words, and a rules
row is ring-fenced to some of them (`FundRules.purposes`, in order through RulesPurpose); a commitment names the
purpose it serves. The words a rules row listed are copied into purposes of its fund (one row a name), so every
fund keeps its ring-fence; a fund whose rules listed none still allows any purpose. A fund rule "one-off period"
is added, empty for every fund."""

import django.db.models.deletion
from django.db import migrations, models


def copy_words_to_purposes(apps, schema_editor):
    FundRules = apps.get_model("finance", "FundRules")
    FundPurpose = apps.get_model("finance", "FundPurpose")
    RulesPurpose = apps.get_model("finance", "RulesPurpose")
    for rules in FundRules.objects.order_by("pk"):
        names = [name.strip() for name in rules.ring_fenced_purposes or [] if name and name.strip()]
        for name in dict.fromkeys(names):
            purpose = FundPurpose.objects.filter(fund_id=rules.fund_id, name__iexact=name).first()
            if purpose is None:
                purpose = FundPurpose.objects.create(fund_id=rules.fund_id, name=name[:200])
            RulesPurpose.objects.get_or_create(rules=rules, purpose=purpose)


def copy_purposes_to_words(apps, schema_editor):
    FundRules = apps.get_model("finance", "FundRules")
    RulesPurpose = apps.get_model("finance", "RulesPurpose")
    for rules in FundRules.objects.order_by("pk"):
        links = RulesPurpose.objects.filter(rules=rules).select_related("purpose").order_by("pk")
        rules.ring_fenced_purposes = [link.purpose.name for link in links]
        rules.save(update_fields=["ring_fenced_purposes"])


class Migration(migrations.Migration):

    dependencies = [
        ('finance', '0002_allocation_totals'),
    ]

    operations = [
        migrations.AddField(
            model_name='fundrules',
            name='one_off_period_months',
            field=models.PositiveSmallIntegerField(blank=True, help_text='A second award to the same organisation within this many months needs a recorded reason', null=True),
        ),
        migrations.CreateModel(
            name='FundPurpose',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='The purpose in a few plain words', max_length=200)),
                ('description', models.TextField(blank=True, help_text='What it covers, in plain words')),
                ('fund', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='purposes', to='finance.fund')),
            ],
            options={
                'ordering': ['fund', 'name'],
            },
        ),
        migrations.AddField(
            model_name='commitment',
            name='purpose',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='commitments', to='finance.fundpurpose'),
        ),
        migrations.CreateModel(
            name='RulesPurpose',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('purpose', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rules_links', to='finance.fundpurpose')),
                ('rules', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='purpose_links', to='finance.fundrules')),
            ],
            options={
                'ordering': ['rules', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='fundrules',
            name='purposes',
            field=models.ManyToManyField(blank=True, related_name='rules', through='finance.RulesPurpose', to='finance.fundpurpose'),
        ),
        migrations.AddConstraint(
            model_name='fundpurpose',
            constraint=models.UniqueConstraint(fields=('fund', 'name'), name='finance_purpose_once_per_fund'),
        ),
        migrations.AddConstraint(
            model_name='rulespurpose',
            constraint=models.UniqueConstraint(fields=('rules', 'purpose'), name='finance_rules_purpose_once'),
        ),
        migrations.RunPython(copy_words_to_purposes, copy_purposes_to_words),
        migrations.RemoveField(
            model_name='fundrules',
            name='ring_fenced_purposes',
        ),
    ]

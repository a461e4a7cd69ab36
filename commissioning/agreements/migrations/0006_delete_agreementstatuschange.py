from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("agreements", "0005_status_changes_to_audit")]
    operations = [migrations.DeleteModel(name="AgreementStatusChange")]

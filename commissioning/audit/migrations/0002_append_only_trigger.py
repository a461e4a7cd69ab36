"""On PostgreSQL the database itself refuses to change or remove audit events.

A row trigger rejects every UPDATE and DELETE. A statement trigger rejects TRUNCATE too, unless the database opts
in with the setting `audit.allow_truncate = on`: only the test database does (see `commissioning.audit.testing`),
because pytest-django empties every table with TRUNCATE after transactional tests. On SQLite this migration does
nothing; there the model and its queryset refuse changes and `audit_verify` detects any made behind their back.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' AND current_setting('audit.allow_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit events cannot be changed (% refused on %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$;
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("audit", "AuditEvent")._meta.db_table)
    schema_editor.execute(FUNCTION, params=None)  # the function body has % placeholders of its own
    schema_editor.execute(
        f"CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()"
    )
    schema_editor.execute(
        f"CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()"
    )


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("audit", "AuditEvent")._meta.db_table)
    schema_editor.execute(f"DROP TRIGGER IF EXISTS audit_event_no_truncate ON {table}")
    schema_editor.execute(f"DROP TRIGGER IF EXISTS audit_event_no_change ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS audit_event_refuse_change()")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(create_trigger, drop_trigger)]

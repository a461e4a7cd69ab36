"""On PostgreSQL, a trigram index on agreements' titles, so a search of the registers and the staff list
(`agreement_search`: title or organisation name containing the words) is answered from indexes.

Without it PostgreSQL reads every agreement to test `UPPER(title) LIKE '%...%'`: on the large set (40,000
agreements) a search that matches nothing took 20-45 ms, one that matches few rows some milliseconds; with it
(and the matching organisations' ids given as a list, so each side of the OR has its index) 0.1-1.5 ms
(EXPLAIN ANALYZE, 2026-11-26). The index is on `UPPER(title)` because that is what Django's `icontains` compares.
pg_trgm ships with PostgreSQL and is a trusted extension (the database owner may create it). On SQLite this
migration does nothing; the index is not in the model's state, as Django cannot create a GIN index there.
"""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("agreements", "Agreement")._meta.db_table)
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS agreements_title_trigram ON {table} USING gin (UPPER(title) gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS agreements_title_trigram")


class Migration(migrations.Migration):
    dependencies = [("agreements", "0003_reference_counters_to_core")]
    operations = [migrations.RunPython(create_index, drop_index)]

"""One reference counter for every numbered thing: the application and agreement counters that grants and
agreements kept moved into core's, and numbering continues where it left off."""

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from commissioning.agreements.services import reference_scope as agreement_reference_scope
from commissioning.core.models import ReferenceCounter
from commissioning.core.services import reference_counter_raise, reference_next
from commissioning.grants.services import references

GRANTS_BEFORE = ("grants", "0003_staff_list_and_work_waiting_indexes")
AGREEMENTS_BEFORE = ("agreements", "0002_reference_counter_and_list_indexes")
CORE = ("core", "0002_reference_counter_decision_threshold")
BEFORE = [GRANTS_BEFORE, AGREEMENTS_BEFORE, CORE]


def test_scopes_name_what_is_numbered():
    assert references.reference_scope("PPAF") == "application:PPAF"
    assert agreement_reference_scope("CON") == "agreement:CON"
    longest_prefix = "X" * 12  # Scheme.reference_prefix's max_length
    scope_length = ReferenceCounter._meta.get_field("scope").max_length
    assert scope_length is not None and len(references.reference_scope(longest_prefix)) <= scope_length


@pytest.mark.django_db
def test_application_references_continue_after_an_existing_counter():
    ReferenceCounter.objects.create(scope="application:PPAF", year=2026, last=41)
    with transaction.atomic():
        assert references.reference_next(prefix="PPAF", year=2026) == "PPAF-2026-0042"
        assert references.reference_next(prefix="PCF", year=2026) == "PCF-2026-0001"
    assert ReferenceCounter.objects.get(scope="application:PPAF", year=2026).last == 42


@pytest.mark.django_db(transaction=True)
def test_counters_are_taken_only_inside_the_transaction_that_saves_the_reference():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        references.reference_next(prefix="PPAF", year=2026)
    assert not ReferenceCounter.objects.exists()


@pytest.mark.django_db
def test_raising_a_counter_never_moves_it_back():
    reference_counter_raise("agreement:CON", 2026, 7)
    reference_counter_raise("agreement:CON", 2026, 3)
    assert ReferenceCounter.objects.get(scope="agreement:CON", year=2026).last == 7
    with transaction.atomic():
        assert reference_next("agreement:CON", 2026) == 8


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True)
def test_the_migrations_move_existing_counters_into_core_and_back():
    executor = _migrate([GRANTS_BEFORE, AGREEMENTS_BEFORE])
    old_apps = executor.loader.project_state(BEFORE).apps
    old_apps.get_model("grants", "ReferenceCounter").objects.create(prefix="PPAF", year=2026, last_number=41)
    old_apps.get_model("grants", "ReferenceCounter").objects.create(prefix="PCF", year=2025, last_number=9)
    old_apps.get_model("agreements", "ReferenceCounter").objects.create(
        prefix="CON", year=2026, last_number=7
    )
    # A decision counter already in core is left alone.
    old_apps.get_model("core", "ReferenceCounter").objects.create(scope="decision", year=2026, last=14)

    executor = _migrate(executor.loader.graph.leaf_nodes())

    assert {(c.scope, c.year, c.last) for c in ReferenceCounter.objects.all()} == {
        ("application:PPAF", 2026, 41),
        ("application:PCF", 2025, 9),
        ("agreement:CON", 2026, 7),
        ("decision", 2026, 14),
    }
    assert "grants_referencecounter" not in connection.introspection.table_names()
    with transaction.atomic():
        assert references.reference_next(prefix="PPAF", year=2026) == "PPAF-2026-0042"
        assert reference_next(agreement_reference_scope("CON"), 2026) == 8

    # Back again: the old tables get their counters (as numbered since), and core keeps only its own.
    executor = _migrate([GRANTS_BEFORE, AGREEMENTS_BEFORE])
    old_apps = executor.loader.project_state(BEFORE).apps
    grants_counters = old_apps.get_model("grants", "ReferenceCounter").objects
    assert {(c.prefix, c.year, c.last_number) for c in grants_counters.all()} == {
        ("PPAF", 2026, 42),
        ("PCF", 2025, 9),
    }
    agreements_counters = old_apps.get_model("agreements", "ReferenceCounter").objects
    assert [(c.prefix, c.year, c.last_number) for c in agreements_counters.all()] == [("CON", 2026, 8)]
    assert list(ReferenceCounter.objects.values_list("scope", flat=True)) == ["decision"]
    _migrate(executor.loader.graph.leaf_nodes())

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from commissioning.audit.models import AuditEvent
from commissioning.audit.services import event_hash, event_payload
from commissioning.audit.testing import audit_guard_disabled
from commissioning.audit.verification import Problem, verify_chain

pytestmark = pytest.mark.django_db

TABLE = AuditEvent._meta.db_table


def behind_its_back(sql: str, params: list) -> None:
    """Change the table with raw SQL, as someone with database access might (the PostgreSQL guard switched off)."""
    with audit_guard_disabled(), connection.cursor() as cursor:
        cursor.execute(sql.replace("{table}", connection.ops.quote_name(TABLE)), params)


def test_an_empty_trail_is_intact(db):
    result = verify_chain()
    assert result.intact
    assert result.message == "Audit trail intact: 0 events"


def test_an_untouched_trail_is_intact(record_changes):
    events = record_changes(5)
    result = verify_chain()
    assert result.intact
    assert result.events == 5
    assert result.message == f"Audit trail intact: 5 events, last #5 {events[-1].hash[:12]}"


def test_an_edited_event_is_named(record_changes, body):
    events = record_changes(5)
    behind_its_back("UPDATE {table} SET action = %s WHERE sequence = %s", ["forged", 3])
    result = verify_chain()
    assert not result.intact
    assert result.broken_sequence == 3
    assert result.problem == Problem.EDITED
    assert result.events == 2
    assert result.message.startswith(
        f"Audit trail broken at event #3 (core.commissioningbody {body.pk}, {events[2].occurred_at.isoformat()}): "
        "edited"
    )


def test_an_edited_value_is_named(record_changes):
    record_changes(4)
    behind_its_back("UPDATE {table} SET record_label = %s WHERE sequence = %s", ["Someone else", 2])
    result = verify_chain()
    assert (result.broken_sequence, result.problem) == (2, Problem.EDITED)


def test_a_removed_event_is_named(record_changes, body):
    record_changes(5)
    behind_its_back("DELETE FROM {table} WHERE sequence = %s", [3])
    result = verify_chain()
    assert not result.intact
    assert result.broken_sequence == 3
    assert result.problem == Problem.REMOVED
    assert result.message.startswith("Audit trail broken at event #3: removed; the chain jumps from #2 to #4")


def test_removing_the_first_event_is_noticed(record_changes):
    record_changes(2)
    behind_its_back("DELETE FROM {table} WHERE sequence = %s", [1])
    result = verify_chain()
    assert (result.broken_sequence, result.problem) == (1, Problem.REMOVED)


def test_an_event_rewritten_with_a_fresh_hash_is_named(record_changes):
    record_changes(4)
    event = AuditEvent.objects.get(sequence=2)
    event.action = "forged"
    forged_hash = event_hash(previous_hash=event.previous_hash, payload=event_payload(event))
    behind_its_back(
        "UPDATE {table} SET action = %s, hash = %s WHERE sequence = %s", ["forged", forged_hash, 2]
    )
    result = verify_chain()
    assert (result.broken_sequence, result.problem) == (2, Problem.HASH_REWRITTEN)
    assert "event #3 recorded its hash as" in result.message


def test_renumbering_to_hide_a_removal_is_noticed(record_changes):
    record_changes(4)
    behind_its_back("DELETE FROM {table} WHERE sequence = %s", [2])
    behind_its_back("UPDATE {table} SET sequence = sequence + 1000 WHERE sequence > %s", [2])
    behind_its_back("UPDATE {table} SET sequence = sequence - 1001 WHERE sequence > %s", [1000])
    result = verify_chain()
    assert not result.intact
    assert result.broken_sequence == 2


def test_an_edited_link_is_named(record_changes):
    record_changes(3)
    behind_its_back("UPDATE {table} SET previous_hash = %s WHERE sequence = %s", ["f" * 64, 2])
    result = verify_chain()
    assert (result.broken_sequence, result.problem) == (2, Problem.LINK_EDITED)


def test_the_command_reports_an_intact_trail(record_changes, capsys):
    events = record_changes(3)
    call_command("audit_verify")
    assert f"Audit trail intact: 3 events, last #3 {events[-1].hash[:12]}" in capsys.readouterr().out


def test_the_command_names_the_altered_event_and_fails(record_changes, body):
    record_changes(3)
    behind_its_back("UPDATE {table} SET action = %s WHERE sequence = %s", ["forged", 2])
    with pytest.raises(CommandError, match=r"Audit trail broken at event #2 \(core.commissioningbody"):
        call_command("audit_verify")


def test_the_command_exits_non_zero_when_broken(record_changes):
    record_changes(2)
    call_command("audit_verify")  # intact: returns normally, so manage.py exits 0
    behind_its_back("DELETE FROM {table} WHERE sequence = %s", [1])
    with pytest.raises(CommandError) as error:
        call_command("audit_verify")
    # manage.py prints a CommandError to stderr and exits with its return code.
    assert error.value.returncode == 1
    assert str(error.value).startswith("Audit trail broken at event #1: removed")


def test_verification_walks_the_trail_in_chunks(record_changes, monkeypatch, django_assert_max_num_queries):
    from commissioning.audit import verification

    monkeypatch.setattr(verification, "CHUNK_SIZE", 7)
    record_changes(30)
    with django_assert_max_num_queries(10):
        result = verify_chain()
    assert result.intact
    assert result.events == 30


def test_an_anchor_from_an_earlier_check_reveals_removed_newest_events(record_changes, capsys):
    events = record_changes(4)
    anchor = f"4:{events[-1].hash[:12]}"
    call_command("audit_verify", expect=anchor)
    assert "Audit trail intact: 4 events" in capsys.readouterr().out

    behind_its_back("DELETE FROM {table} WHERE sequence >= %s", [3])
    call_command("audit_verify")  # the chain alone still looks whole...
    with pytest.raises(CommandError, match=r"Audit trail broken at event #4: removed"):
        call_command("audit_verify", expect=anchor)  # ...but the anchor shows the end was cut off


def test_an_anchor_that_no_longer_matches_is_reported(record_changes):
    record_changes(3)
    with pytest.raises(CommandError, match=r"event #2: its hash is now"):
        call_command("audit_verify", expect="2:00000000")
    with pytest.raises(CommandError, match="--expect must be"):
        call_command("audit_verify", expect="nonsense")

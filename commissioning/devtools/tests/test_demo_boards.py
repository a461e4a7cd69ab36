import pytest
from django.core.management import call_command

from commissioning.accounts.models import User
from commissioning.audit.models import AuditEvent
from commissioning.boards.models import AgendaItem, Board, BoardPack, Meeting, PackStatus
from commissioning.boards.selectors import pack_content
from commissioning.boards.tests.test_packs import pdf_text
from commissioning.core.money import pounds
from commissioning.devtools.demo.boards import MONITORING_BOARD, POLICY_GROUP
from commissioning.finance.models import FinancialYear
from commissioning.finance.selectors import budget_positions


@pytest.mark.django_db
def test_demo_has_both_boards_a_meeting_with_an_agenda_and_a_pack_and_runs_twice_unchanged(
    settings, generate
):
    settings.DEBUG = True
    call_command("seed_demo", quiet_sign_in=True)
    assert set(Board.objects.values_list("name", flat=True)) >= {MONITORING_BOARD, POLICY_GROUP}
    meeting = Meeting.objects.get(board__name=MONITORING_BOARD)
    decisions = AgendaItem.objects.filter(meeting=meeting, needs_decision=True)
    assert decisions.count() == 2
    # Each decision names the demo service it is about (found by words in its title).
    assert decisions.filter(agreement__isnull=False).count() == 2
    pack = BoardPack.objects.get(meeting=meeting)
    assert pack.status == PackStatus.DONE and pack.pdf
    assert len(pack_content(pack).decisions.items) == 2  # type: ignore[union-attr]

    # A pack generated for the demo meeting now (demo apps loaded after boards commit more money, so the demo's
    # own pack is a snapshot of an earlier moment): its figures, on the page and in the PDF, are the service's.
    fresh = generate(by=User.objects.get(email="officer@example.org"), meeting=meeting)
    content = pack_content(fresh)
    assert content is not None
    positions = budget_positions(FinancialYear(start_year=meeting.start_year))
    assert positions, "the demo has allocations in the meeting's financial year"
    figures = {
        row.fund_id: (row.allocated, row.committed, row.paid, row.available) for row in content.budget.funds
    }
    assert figures == {pk: (p.allocated, p.committed, p.paid, p.available) for pk, p in positions.items()}
    lines = [line.strip() for line in pdf_text(fresh).splitlines()]
    for row in content.budget.funds:
        at = lines.index(row.fund)
        assert lines[at + 1 : at + 5] == [pounds(figure) for figure in figures[row.fund_id]]
    BoardPack.objects.filter(pk=fresh.pk).delete()

    last = AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first()
    counts = (
        Board.objects.count(),
        Meeting.objects.count(),
        AgendaItem.objects.count(),
        BoardPack.objects.count(),
    )
    call_command("seed_demo", quiet_sign_in=True)
    # The boards demo writes nothing the second time (other apps' demos answer for their own records).
    assert not AuditEvent.objects.filter(sequence__gt=last, record_type__startswith="boards.").exists()
    assert (
        Board.objects.count(),
        Meeting.objects.count(),
        AgendaItem.objects.count(),
        BoardPack.objects.count(),
    ) == counts

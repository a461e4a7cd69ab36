"""Board packs: generated in the background step by step, kept with the meeting as they were made, figures from
the one budget position service, and a failure that marks the pack failed and loses nothing else."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from commissioning.audit import workflow
from commissioning.audit.models import AuditEvent
from commissioning.boards import services
from commissioning.boards.models import BoardPack, MeetingStatus, PackStatus
from commissioning.boards.selectors import (
    PACK_STEPS,
    PackStep,
    meeting_detail,
    pack_content,
    pack_progress,
)
from commissioning.boards.services import STEPS_TOTAL, agenda_item_add, board_pack_build, board_pack_request
from commissioning.core.actors import BACKGROUND_TASK
from commissioning.core.errors import DomainError
from commissioning.core.money import pounds
from commissioning.finance.models import FinancialYear
from commissioning.finance.selectors import budget_positions

from .world import build_world

pytestmark = pytest.mark.django_db


def pdf_text(pack: BoardPack) -> str:
    with pack.pdf.open("rb") as handle:
        reader = PdfReader(BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_a_pack_is_generated_with_every_section_and_a_pdf(officer, cfo, meeting, generate):
    world = build_world(by=officer, meeting=meeting, cfo=cfo)
    pack = generate(by=officer, meeting=meeting)

    assert pack.status == PackStatus.DONE
    assert (pack.steps_done, pack.steps_total) == (STEPS_TOTAL, STEPS_TOTAL) == (7, 7)
    assert pack.generated_at is not None and pack.generated_by == officer
    content = pack_content(pack)
    assert content is not None
    assert content.header.board == "Commissioner's Monitoring Board"
    assert content.header.financial_year == "2026/27"
    assert [group.label for group in content.ratings.groups] == ["Red", "Amber", "Not yet rated", "Green"]
    assert [[a.reference for a in group.agreements] for group in content.ratings.groups] == [
        [world.red.reference],
        [world.amber.reference],
        [world.unrated.reference],
        [world.green.reference],
    ]
    assert content.remedial.count == 1
    assert content.remedial.plans[0].actions_open == 2
    assert str(content.remedial.plans[0].next_due_on) == "2026-12-31"
    (service,) = content.feedback.services
    assert service.reference == world.red.reference
    assert [(t.theme, t.count) for t in service.themes] == [
        ("Communication", 2),
        ("Access and waiting times", 1),
    ]
    assert [item.title for item in content.decisions.items] == ["Extend the advisers' contract"]
    assert content.decisions.items[0].agreement == str(world.red)

    with pack.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    text = pdf_text(pack)
    for words in (
        "Commissioner's Monitoring Board",
        "Independent sexual violence advisers",
        "Extend the advisers",
    ):
        assert words in text
    assert AuditEvent.objects.filter(record_type="boards.boardpack", record_id=str(pack.pk)).count() == 3


def test_the_budget_figures_equal_the_budget_position_service_in_the_content_and_the_pdf(
    officer, cfo, meeting, generate
):
    world = build_world(by=officer, meeting=meeting, cfo=cfo)
    pack = generate(by=officer, meeting=meeting)
    positions = budget_positions(FinancialYear(start_year=2026))
    content = pack_content(pack)
    assert content is not None

    by_fund = {row.fund_id: row for row in content.budget.funds}
    assert set(by_fund) == set(positions) == {world.victims.pk, world.safety.pk}
    # The PDF's text has one table cell a line: the fund's name, then its four figures.
    lines = [line.strip() for line in pdf_text(pack).splitlines()]
    for fund_id, position in positions.items():
        row = by_fund[fund_id]
        figures = (row.allocated, row.committed, row.paid, row.available)
        assert figures == (position.allocated, position.committed, position.paid, position.available)
        at = lines.index(row.fund)
        assert lines[at + 1 : at + 5] == [pounds(figure) for figure in figures]
    # Money really moved, so the comparison is not between zeros.
    assert positions[world.victims.pk].committed > 0 and positions[world.victims.pk].paid > 0
    total = content.budget.total
    assert total is not None
    assert total.committed == sum(p.committed for p in positions.values())


def test_generating_again_makes_a_new_pack_and_keeps_the_earlier_one_as_it_was(
    officer, cfo, meeting, generate
):
    world = build_world(by=officer, meeting=meeting, cfo=cfo)
    first = generate(by=officer, meeting=meeting)
    world.decision.title = "Renamed since"
    world.decision.save()
    second = generate(by=officer, meeting=meeting)

    assert first.pk != second.pk
    first.refresh_from_db()
    assert first.status == second.status == PackStatus.DONE
    assert first.pdf.name != second.pdf.name
    assert pack_content(first).decisions.items[0].title == "Extend the advisers' contract"  # type: ignore[union-attr]
    assert pack_content(second).decisions.items[0].title == "Renamed since"  # type: ignore[union-attr]
    detail = meeting_detail(meeting)
    assert detail.latest_pack == second
    assert detail.earlier_packs == [first]


def test_progress_is_recorded_step_by_step_while_the_pack_is_made(
    officer, cfo, meeting, generate, monkeypatch
):
    seen = []

    def watch(step):
        def compute(scope):
            pack = BoardPack.objects.get(meeting=meeting)
            seen.append(pack_progress(pack).message)
            return step.compute(scope)

        return PackStep(step.key, step.label, compute)

    monkeypatch.setattr(services, "PACK_STEPS", [watch(step) for step in PACK_STEPS])
    generate(by=officer, meeting=meeting)
    assert seen == [
        "Step 1 of 7: budget position",
        "Step 2 of 7: agreements by rating",
        "Step 3 of 7: overdue returns",
        "Step 4 of 7: remedial plans",
        "Step 5 of 7: feedback themes",
        "Step 6 of 7: items needing decision",
    ]


def test_a_failure_marks_the_pack_failed_with_a_message_and_loses_nothing_else(
    officer, cfo, meeting, generate, monkeypatch, media_root
):
    world = build_world(by=officer, meeting=meeting, cfo=cfo)
    good = generate(by=officer, meeting=meeting)

    def broken(scope):
        raise RuntimeError("database went away")

    steps = list(PACK_STEPS)
    steps[2] = PackStep("overdue", "overdue returns", broken)
    monkeypatch.setattr(services, "PACK_STEPS", steps)
    failed = generate(by=officer, meeting=meeting)

    assert failed.status == PackStatus.FAILED
    assert "step 3 of 7 (overdue returns) failed" in failed.failure_message
    assert "database went away" not in failed.failure_message
    assert not failed.pdf and pack_content(failed) is None
    assert pack_progress(failed).message == failed.failure_message
    good.refresh_from_db()
    assert good.status == PackStatus.DONE and good.pdf and pack_content(good) is not None
    assert meeting.agenda_items.count() == 2 and world.decision.pk in meeting.agenda_items.values_list(
        "pk", flat=True
    )
    assert [p.pk for p in meeting_detail(meeting).packs] == [failed.pk, good.pk]
    assert AuditEvent.objects.filter(action="fail", record_id=str(failed.pk)).exists()
    # Only the good pack's PDF was kept.
    assert len([p for p in media_root.rglob("*.pdf")]) == 1


def test_a_failure_while_storing_the_pdf_leaves_no_file_behind(
    officer, cfo, meeting, generate, monkeypatch, media_root
):
    def broken_audit(**kwargs):
        if kwargs.get("action") == "generate":
            raise RuntimeError("no")
        return real_audit(**kwargs)

    # The pack's move to done, and its audit event, are written by the workflow primitive.
    real_audit = workflow.audit_record
    monkeypatch.setattr(workflow, "audit_record", broken_audit)
    pack = generate(by=officer, meeting=meeting)
    assert pack.status == PackStatus.FAILED
    assert "step 7 of 7 (the PDF)" in pack.failure_message
    assert not list(media_root.rglob("*.pdf"))


def test_the_task_leaves_a_pack_alone_unless_it_is_waiting(officer, cfo, meeting, generate):
    pack = generate(by=officer, meeting=meeting)
    events = AuditEvent.objects.count()
    assert board_pack_build(by=BACKGROUND_TASK, pack_id=pack.pk) is None
    assert board_pack_build(by=BACKGROUND_TASK, pack_id=999_999) is None
    assert AuditEvent.objects.count() == events


def test_a_pack_waits_in_the_queue_until_the_request_commits(officer, meeting):
    pack = board_pack_request(by=officer, meeting=meeting)
    pack.refresh_from_db()
    assert pack.status == PackStatus.QUEUED
    assert pack_progress(pack).message == "Waiting to start."


def test_a_cancelled_meeting_needs_no_pack(officer, meeting):
    meeting.status = MeetingStatus.CANCELLED
    meeting.save()
    with pytest.raises(DomainError, match="cancelled"):
        board_pack_request(by=officer, meeting=meeting)
    assert not BoardPack.objects.exists()


def test_an_empty_year_still_makes_a_pack(officer, cfo, meeting, generate):
    pack = generate(by=officer, meeting=meeting)
    content = pack_content(pack)
    assert content is not None
    assert content.budget.funds == [] and content.budget.total is None
    assert [group.count for group in content.ratings.groups] == [0, 0, 0, 0]
    assert "No fund has an allocation for this financial year." in pdf_text(pack)


def test_markup_in_an_agenda_item_is_printed_as_text_in_the_pdf(officer, meeting, generate):
    agenda_item_add(
        by=officer,
        meeting=meeting,
        title="<b>Fees & charges</b> <script>alert(1)</script>",
        summary="<para>Unclosed <i>markup",
        needs_decision=True,
    )
    pack = generate(by=officer, meeting=meeting)
    assert pack.status == PackStatus.DONE
    assert "<b>Fees & charges</b> <script>alert(1)</script>" in pdf_text(pack)

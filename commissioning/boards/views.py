"""Staff pages for boards: the list of boards, a board's meetings, a meeting's agenda and packs, and a pack
(its progress while it is made, then the pack from its snapshot, and its PDF)."""

from dataclasses import asdict

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from commissioning.accounts.access import AuthenticatedRequest, permission_required
from commissioning.audit.workflow import transition
from commissioning.core.errors import DomainError
from commissioning.core.forms import add_domain_error
from commissioning.core.paging import CappedPaginator
from commissioning.core.uploads import download_response

from .access import (
    agenda_item_for,
    board_for,
    may_build_pack,
    may_edit_boards,
    meeting_for,
    meeting_moves,
    pack_for,
    pack_pdf_for,
)
from .forms import AgendaItemAddForm, AgendaItemForm, BoardForm, MeetingForm
from .models import AgendaItem, Meeting
from .selectors import (
    boards_with_meetings,
    budget_chart,
    meeting_detail,
    meetings_of,
    pack_content,
    pack_progress,
)
from .services import (
    agenda_item_add,
    agenda_item_move,
    agenda_item_update,
    board_pack_request,
    board_save,
    meeting_create,
)
from .workflows import MEETING_MOVES_DONE

MEETINGS_PER_PAGE = 25
# How often the progress page asks how the pack is getting on, in milliseconds.
POLL_MS = 2000


@permission_required("board.view")
def board_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "boards/list.html",
        {"boards": boards_with_meetings(), "may_edit": may_edit_boards(request.user)},
    )


@permission_required("board.edit")
def board_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    """Add a board (no `pk`) or change one."""
    board = board_for(request.user, pk) if pk is not None else None
    initial = (
        {"name": board.name, "purpose": board.purpose, "chair_role": board.chair_role} if board else None
    )
    form = BoardForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = board_save(by=request.user, board=board, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, "Board saved" if board else "Board added")
            return redirect("boards:board", pk=saved.pk)
    return render(request, "boards/board_form.html", {"board": board, "form": form})


@permission_required("board.view")
def board_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    board = board_for(request.user, pk)
    paginator = CappedPaginator(meetings_of(board), MEETINGS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "boards/board.html",
        {"board": board, "page": page, "may_edit": may_edit_boards(request.user)},
    )


@permission_required("board.edit")
def meeting_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    board = board_for(request.user, pk)
    form = MeetingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_create(
                by=request.user, board=board, starts_at=form.starts(), location=form.cleaned_data["location"]
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, "Meeting added")
            return redirect("boards:meeting", pk=meeting.pk)
    return render(request, "boards/meeting_add.html", {"board": board, "form": form})


@permission_required("board.view")
def meeting_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk)
    return render(
        request,
        "boards/meeting.html",
        {
            "detail": meeting_detail(meeting),
            "meeting": meeting,
            "may_edit": may_edit_boards(request.user),
            "may_build_pack": may_build_pack(request.user, meeting),
            "moves": meeting_moves(request.user, meeting),
        },
    )


@require_POST
@permission_required("board.edit")
def meeting_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk, edit=True)
    to_status = request.POST.get("status", "")
    try:
        transition(by=request.user, record=meeting, to=to_status)
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, MEETING_MOVES_DONE[to_status])
    return redirect("boards:meeting", pk=meeting.pk)


@permission_required("board.edit")
def item_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk, edit=True)
    return _item_page(request, meeting, None)


@permission_required("board.edit")
def item_edit(request: AuthenticatedRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk, edit=True)
    return _item_page(request, meeting, agenda_item_for(request.user, meeting, item_pk))


def _item_page(request: AuthenticatedRequest, meeting: Meeting, item: AgendaItem | None) -> HttpResponse:
    """The agenda item form: a new item at the end of the agenda, or changes to `item`."""
    data = request.POST if request.method == "POST" else None
    form = (
        AgendaItemAddForm(data)
        if item is None
        else AgendaItemForm(data, initial=AgendaItemForm.initial_of(item))
    )
    if request.method == "POST" and form.is_valid():
        try:
            if item is None:
                agenda_item_add(by=request.user, meeting=meeting, **form.values())
            else:
                agenda_item_update(by=request.user, item=item, **form.values())
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, "Agenda item added" if item is None else "Agenda item changed")
            return redirect("boards:meeting", pk=meeting.pk)
    return render(request, "boards/item_form.html", {"meeting": meeting, "form": form, "item": item})


@require_POST
@permission_required("board.edit")
def item_move(request: AuthenticatedRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk, edit=True)
    item = agenda_item_for(request.user, meeting, item_pk)
    try:
        agenda_item_move(by=request.user, item=item, direction=request.POST.get("direction", ""))
    except DomainError as err:
        messages.error(request, err.message)
    return redirect(f"{reverse('boards:meeting', kwargs={'pk': meeting.pk})}#item-{item.pk}")


@require_POST
@permission_required("board_pack.build")
def pack_generate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk, edit=True)
    try:
        pack = board_pack_request(by=request.user, meeting=meeting)
    except DomainError as err:
        messages.error(request, err.message)
        return redirect("boards:meeting", pk=meeting.pk)
    return redirect("boards:pack", pk=pack.pk)


@permission_required("board.view")
def pack_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    pack = pack_for(request.user, pk)
    content = pack_content(pack)
    return render(
        request,
        "boards/pack.html",
        {
            "pack": pack,
            "meeting": pack.meeting,
            "progress": pack_progress(pack),
            "content": content,
            "budget_chart": budget_chart(content) if content else None,
            "poll_ms": POLL_MS,
        },
    )


@permission_required("board.view")
def pack_progress_json(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """How far the pack has got, for the progress page's poll."""
    pack = pack_for(request.user, pk)
    response = JsonResponse(asdict(pack_progress(pack)))
    response["Cache-Control"] = "no-store"
    return response


@permission_required("board.view")
def pack_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    pack = pack_pdf_for(request.user, pk)
    # A streamed FileResponse; permission_required types the views it wraps as returning HttpResponse.
    return download_response(  # type: ignore[return-value]
        pack.pdf, filename=pack.pdf_filename, content_type="application/pdf"
    )

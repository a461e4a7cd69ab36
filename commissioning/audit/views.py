"""Staff pages of the audit trail: a record's history (anyone who reads every record), and the whole trail with
its verification (administrators and auditors)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from commissioning.accounts.access import permission_required
from commissioning.accounts.permissions import may

from .access import record_history_for
from .forms import EventFilterForm
from .selectors import event_list, record_type_label
from .verification import verify_chain

PAGE_SIZE = 25


@permission_required("record.history")
def history(request: HttpRequest, record_type: str, record_id: str) -> HttpResponse:
    record = record_history_for(request.user, record_type, record_id)
    page = Paginator(record.events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/history.html",
        {
            "record": record,
            "page": page,
            "history": page.object_list,
            "can_see_trail": may(request.user, "audit.trail"),
        },
    )


@permission_required("audit.trail")
def event_list_view(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET if request.GET.keys() - {"page"} else None)
    page = Paginator(event_list(**form.filters()), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(event, record_type_label(event.record_type)) for event in page.object_list]
    return render(request, "audit/event_list.html", {"form": form, "page": page, "rows": rows})


@permission_required("audit.trail")
def verify(request: HttpRequest) -> HttpResponse:
    return render(request, "audit/verify.html", {"result": verify_chain()})

"""Staff pages for commissioning projects, mounted at staff/projects/ (namespace projects): the list, a project's
overview with its stages, and the pages of analyse, plan, do and review with their forms."""

from collections.abc import Callable
from datetime import UTC, datetime, time
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from commissioning.accounts.access import AuthenticatedRequest, permission_required
from commissioning.agreements.models import Mechanism
from commissioning.core.errors import DomainError
from commissioning.core.forms import add_domain_error
from commissioning.core.paging import CappedPaginator

from .access import may_launch, may_write_project, project_for, project_moves
from .forms_projects import (
    ChooseForm,
    ConclusionForm,
    LaunchSchemeForm,
    LinkAgreementForm,
    MoveForm,
    OptionForm,
    PrinciplesForm,
    ProjectFilterForm,
    ProjectForm,
    SpecificationForm,
)
from .mechanism_rules import grant_limits, launch_refusal, rules_in_words
from .models import Project
from .selectors import projects as selectors
from .services import projects as services

PER_PAGE = 25


def _needs_url(pk: int) -> str:
    """The needs assessment's page (the needs pages' own URL name), or a plain address if not mounted yet."""
    try:
        return reverse("needs:detail", args=[pk])
    except NoReverseMatch:
        return f"/staff/needs/{pk}/"


def _project_form(request: AuthenticatedRequest, project: Project | None) -> ProjectForm:
    initial = {}
    if project is not None:
        initial = {
            "title": project.title,
            "summary": project.summary,
            "priorities": list(project.priorities.all()),
            "needs_assessments": list(project.needs_assessments.all()),
            "intention": project.intention,
        }
    return ProjectForm(
        request.POST or None,
        initial=initial,
        priorities=selectors.priority_choices(),
        needs=selectors.needs_choices(),
        intentions=selectors.intention_choices(),
    )


def _write_page(request: AuthenticatedRequest, project: Project) -> None:
    if not may_write_project(request.user, project):
        raise PermissionDenied("You do not have a role that can change commissioning projects")


def _form_page(
    request: AuthenticatedRequest,
    *,
    form: Any,
    act: Callable[[], Any],
    done: str | Callable[[Any], str],
    then: str | Callable[[Any], str],
    context: dict[str, Any] | Callable[[], dict[str, Any]],
    template: str = "cycle/projects/form.html",
) -> HttpResponse:
    """Parse the form, call the service, say what was done and go where `then` says (each may be worked out from
    what the service returned); or show the form with its errors."""
    if request.method == "POST" and form.is_valid():
        try:
            made = act()
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, done(made) if callable(done) else done)
            return redirect(then(made) if callable(then) else then)
    return render(request, template, {"form": form, **(context() if callable(context) else context)})


def _stage_page(
    request: AuthenticatedRequest,
    project: Project,
    *,
    form: Any,
    act: Callable[[], Any],
    done: str | Callable[[Any], str],
    template: str,
    context: Callable[[], dict[str, Any]],
) -> HttpResponse:
    """A stage's page with a form of its own for officers (`form` is None for those who only read): a post from
    anyone else is refused; a good one goes back to the page."""
    if request.method == "POST":
        _write_page(request, project)
    if form is None:
        return render(request, template, {"form": None, **context()})
    return _form_page(
        request, form=form, act=act, done=done, then=request.path, context=context, template=template
    )


@permission_required("project.view")
def project_list(request: AuthenticatedRequest) -> HttpResponse:
    form = ProjectFilterForm(request.GET or None, priorities=selectors.priority_choices())
    filters = form.cleaned_data if form.is_valid() else {}
    priority = filters.get("priority")
    projects = selectors.project_search(
        stage=filters.get("stage", ""), priority=priority.pk if priority is not None else None
    )
    paginator = CappedPaginator(
        selectors.project_list_keys(projects), PER_PAGE, load=selectors.project_list_rows
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "cycle/projects/list.html",
        {
            "form": form,
            "page": page,
            "filtered": any(value not in ("", None) for value in filters.values()) or bool(form.errors),
            "selects": [
                (form["stage"], form.fields["stage"].choices),  # type: ignore[attr-defined]
                (
                    form["priority"],
                    [
                        ("", "All priorities"),
                        *((p.pk, f"{p.number}. {p.title}") for p in selectors.priority_choices()),
                    ],
                ),
            ],
            "may_write": may_write_project(request.user),
        },
    )


@permission_required("project.write")
def project_create_page(request: AuthenticatedRequest) -> HttpResponse:
    form = _project_form(request, None)
    return _form_page(
        request,
        form=form,
        act=lambda: services.project_create(by=request.user, **form.cleaned_data),
        done=lambda project: f"Project {project.reference} started",
        then=lambda project: reverse("projects:detail", args=[project.pk]),
        context={"heading": "Start a commissioning project", "back": reverse("projects:list")},
    )


@permission_required("project.view")
def project_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = selectors.with_priorities_and_needs(project_for(request.user, pk))
    overview = selectors.project_overview(project)  # first: the move's guard reads what it worked out
    moves = project_moves(request.user, project)
    return render(
        request,
        "cycle/projects/detail.html",
        {
            "project": project,
            "overview": overview,
            "moves": moves,
            # The move form is written out in the page (its errors are shown by the move page it posts to).
            "allowed": [(move.to, move.label) for move in moves if move.allowed],
            "history": selectors.moves_of(project),
            "may_write": may_write_project(request.user, project),
            "needs": [
                (assessment, _needs_url(assessment.pk)) for assessment in project.needs_assessments.all()
            ],
        },
    )


@permission_required("project.write")
def project_edit_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = selectors.with_priorities_and_needs(project_for(request.user, pk))
    _write_page(request, project)
    form = _project_form(request, project)
    return _form_page(
        request,
        form=form,
        act=lambda: services.project_update(by=request.user, project=project, **form.cleaned_data),
        done=f"Project {project.reference} saved",
        then=reverse("projects:detail", args=[project.pk]),
        context={
            "project": project,
            "heading": "Change the project",
            "back": reverse("projects:detail", args=[pk]),
        },
    )


@permission_required("project.move")
def project_move_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    allowed = [(move.to, move.label) for move in project_moves(request.user, project) if move.allowed]
    form = MoveForm(request.POST or None, stages=allowed or None)
    return _form_page(
        request,
        form=form,
        act=lambda: services.project_move(
            by=request.user, project=project, to=form.cleaned_data["to"], reason=form.cleaned_data["reason"]
        ),
        done=lambda moved: f"Project moved to {moved.get_stage_display().lower()}",
        then=reverse("projects:detail", args=[project.pk]),
        context={
            "project": project,
            "heading": "Move the project",
            "back": reverse("projects:detail", args=[pk]),
        },
    )


# --- Analyse --------------------------------------------------------------------------------------------------------


@permission_required("project.view")
def analyse_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = selectors.with_priorities_and_needs(project_for(request.user, pk))
    may_write = may_write_project(request.user, project)
    form = LinkAgreementForm(request.POST or None) if may_write else None

    def link() -> Any:
        agreement = selectors.agreement_by_reference(form.cleaned_data["reference"]) if form else None
        if agreement is None:
            raise DomainError("There is no agreement with that reference", field="reference")
        services.project_agreement_link(by=request.user, project=project, agreement=agreement)
        return agreement

    return _stage_page(
        request,
        project,
        form=form,
        act=link,
        done=lambda agreement: f"{agreement.reference} linked",
        template="cycle/projects/analyse.html",
        context=lambda: {
            "project": project,
            "analysis": selectors.project_analysis(project),
            "needs": [
                (assessment, _needs_url(assessment.pk)) for assessment in project.needs_assessments.all()
            ],
            "may_write": may_write,
        },
    )


def _agreement_action(request: AuthenticatedRequest, pk: int, link: bool) -> HttpResponse:
    project = project_for(request.user, pk)
    _write_page(request, project)
    try:
        agreement_pk = int(request.POST.get("agreement", ""))
    except ValueError:
        raise Http404("No agreement found") from None
    agreement = selectors.agreement_by_pk(agreement_pk)
    if agreement is None:
        raise Http404("No agreement found")
    try:
        if link:
            services.project_agreement_link(by=request.user, project=project, agreement=agreement)
        else:
            services.project_agreement_unlink(by=request.user, project=project, agreement=agreement)
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, f"{agreement.reference} {'linked' if link else 'no longer linked'}")
    return redirect("projects:analyse", pk=project.pk)


@require_POST
@permission_required("project.write")
def agreement_link(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _agreement_action(request, pk, link=True)


@require_POST
@permission_required("project.write")
def agreement_unlink(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _agreement_action(request, pk, link=False)


# --- Plan -----------------------------------------------------------------------------------------------------------


@permission_required("project.view")
def plan_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    return render(
        request,
        "cycle/projects/plan.html",
        {
            "project": project,
            "specification": selectors.current_specification(project),
            "versions": selectors.specification_numbers(project),
            "options": selectors.project_options(project),
            "principles": selectors.principle_rows(project),
            "may_write": may_write_project(request.user, project),
        },
    )


@permission_required("project.view")
def specification_version_page(request: AuthenticatedRequest, pk: int, number: int) -> HttpResponse:
    project = project_for(request.user, pk)
    specification = selectors.specification_version(project, number)
    if specification is None:
        raise Http404("No such version of the specification")
    return render(
        request,
        "cycle/projects/specification.html",
        {
            "project": project,
            "specification": specification,
            "versions": selectors.specification_numbers(project),
        },
    )


@permission_required("project.write")
def specification_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    _write_page(request, project)
    current = selectors.current_specification(project)
    form = SpecificationForm(
        request.POST or None, initial=SpecificationForm.initial_from(current), revising=current is not None
    )
    return _form_page(
        request,
        form=form,
        act=lambda: services.specification_write(
            by=request.user,
            project=project,
            delivered=form.cleaned_data["delivered"],
            outcomes=form.outcomes(),
            revision_note=form.cleaned_data["revision_note"],
        ),
        done="Specification saved",
        then=reverse("projects:plan", args=[project.pk]),
        context={
            "project": project,
            "heading": "Revise the service specification" if current else "Write the service specification",
            "intro": "Saving writes a new version; earlier versions stay readable." if current else "",
            "back": reverse("projects:plan", args=[pk]),
        },
    )


@permission_required("project.write")
def option_page(request: AuthenticatedRequest, pk: int, mechanism: str) -> HttpResponse:
    project = project_for(request.user, pk)
    _write_page(request, project)
    if mechanism not in Mechanism.values:
        raise Http404("No such mechanism")
    label = Mechanism(mechanism).label
    option = selectors.project_option(project, mechanism)
    initial: dict[str, Any] = {}
    if option is not None:
        initial = {
            "benefits": option.benefits,
            "restrictions": option.restrictions,
            "legal_requirements": option.legal_requirements,
            "verdict": option.verdict,
            "why": option.why,
            "partners": "\n".join(partner.name for partner in option.partners.all()),
            "estimated_value": option.estimated_value,
            "duration_months": option.duration_months,
            "unit": option.unit,
        }
    form = OptionForm(request.POST or None, initial=initial, mechanism=mechanism)

    def act() -> object:
        partners, unknown = selectors.organisations_named(form.partner_names())
        if unknown:
            raise DomainError(
                f"There is no organisation called {unknown[0]} in the register", field="partners"
            )
        data = form.cleaned_data
        return services.option_save(
            by=request.user,
            project=project,
            mechanism=mechanism,
            benefits=data["benefits"],
            restrictions=data["restrictions"],
            legal_requirements=data["legal_requirements"],
            verdict=data["verdict"],
            why=data["why"],
            partners=partners,
            estimated_value=data.get("estimated_value"),
            duration_months=data.get("duration_months"),
            unit=data.get("unit", ""),
        )

    return _form_page(
        request,
        form=form,
        act=act,
        done=f"Appraisal of {label.lower()} saved",
        then=reverse("projects:plan", args=[project.pk]),
        context={
            "project": project,
            "heading": f"Appraise {label.lower()}",
            "rule": rules_in_words(grant_limits())[mechanism],
            "back": reverse("projects:plan", args=[pk]),
        },
    )


@permission_required("project.write")
def choose_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    _write_page(request, project)
    form = ChooseForm(
        request.POST or None, initial={"mechanism": project.chosen_mechanism, "reason": project.chosen_reason}
    )
    return _form_page(
        request,
        form=form,
        act=lambda: services.mechanism_choose(by=request.user, project=project, **form.cleaned_data),
        done="Mechanism chosen",
        then=reverse("projects:plan", args=[project.pk]),
        context={
            "project": project,
            "heading": "Choose the mechanism",
            "back": reverse("projects:plan", args=[pk]),
        },
    )


@permission_required("project.write")
def principles_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    _write_page(request, project)
    rows = selectors.principle_rows(project)
    initial = {f"principle_{row.principle.pk}": row.answer.evidence for row in rows if row.answer is not None}
    form = PrinciplesForm(request.POST or None, initial=initial, principles=[row.principle for row in rows])
    return _form_page(
        request,
        form=form,
        act=lambda: services.principles_answer(by=request.user, project=project, evidence=form.evidence()),
        done="Answers to the commissioning principles saved",
        then=reverse("projects:plan", args=[project.pk]),
        context={
            "project": project,
            "heading": "The commissioning principles",
            "intro": "Answer each principle with the evidence that the project meets it. The project cannot move "
            "to do while one is unanswered.",
            "back": reverse("projects:plan", args=[pk]),
        },
    )


# --- Do -------------------------------------------------------------------------------------------------------------


@permission_required("project.view")
def do_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    return render(
        request,
        "cycle/projects/do.html",
        {
            "project": project,
            "launches": selectors.project_launches(project),
            "refusal": launch_refusal(project.chosen_mechanism),
            "may_launch": may_launch(request.user, project),
        },
    )


def _day_start(day: Any) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=UTC)


@permission_required("project.launch")
def launch_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    if not may_launch(request.user, project):
        raise PermissionDenied("You do not have a role that can launch a project's chosen mechanism")
    refusal = launch_refusal(project.chosen_mechanism)
    if refusal:
        messages.error(request, refusal)
        return redirect("projects:do", pk=project.pk)
    form = LaunchSchemeForm(
        request.POST or None,
        initial={"name": project.title, "summary": project.summary},
        funds=selectors.grant_funds(),
    )

    def act() -> object:
        data = form.cleaned_data
        return services.project_launch_scheme(
            by=request.user,
            project=project,
            fund=data["fund"],
            name=data["name"],
            slug=data["slug"],
            summary=data["summary"],
            opens_at=_day_start(data["opens_on"]),
            closes_at=_day_start(data["closes_on"]),
        )

    return _form_page(
        request,
        form=form,
        act=act,
        done="Grant scheme launched with the project's priorities, specification and outcomes",
        then=reverse("projects:do", args=[project.pk]),
        context={
            "project": project,
            "heading": "Launch the grant scheme",
            "intro": "The scheme carries the project's priorities, its current service specification as guidance, "
            "and its outcomes with their indicators. Add its criteria and open it from the scheme's page.",
            "back": reverse("projects:do", args=[pk]),
        },
    )


# --- Review ---------------------------------------------------------------------------------------------------------


@permission_required("project.view")
def review_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    form = ConclusionForm(request.POST or None) if may_write_project(request.user, project) else None
    return _stage_page(
        request,
        project,
        form=form,
        act=lambda: services.review_conclude(
            by=request.user, project=project, **(form.cleaned_data if form is not None else {})
        ),
        done="Conclusion recorded",
        template="cycle/projects/review.html",
        context=lambda: _review_context(project),
    )


def _review_context(project: Any) -> dict[str, Any]:
    agreement_ids = selectors.project_agreement_ids(project)
    return {
        "project": project,
        "agreements": selectors.review_agreements(agreement_ids),
        "conclusions": selectors.review_conclusions(project),
        "decommissionings": selectors.review_decommissionings(agreement_ids),
    }

"""Who may see and act on the commissioning cycle's records, asked of the permission table (accounts/permissions.py).
Staff views load records only through these functions."""

from django.http import Http404

from commissioning.accounts.permissions import may, require
from commissioning.audit.workflow import MoveOption, allowed_moves

# --- Commissioning projects ---------------------------------------------------------------------------------------
# Everyone who reads every record reads projects (`project.view`); officers change them (`project.write`), move
# them between stages (`project.move`) and launch what they chose (`project.launch`).
from .models import Project
from .selectors.projects import project_with_links


def project_for(user: object, pk: int) -> Project:
    """The project if the person may read projects; "not found" if there is no such project."""
    require(user, "project.view")
    project = project_with_links(pk)
    if project is None:
        raise Http404("No commissioning project found")
    return project


def may_write_project(user: object, project: Project | None = None) -> bool:
    return may(user, "project.write", project)


def may_launch(user: object, project: Project) -> bool:
    return may(user, "project.launch", project)


def project_moves(user: object, project: Project) -> list[MoveOption]:
    """Every stage the project can move to, each saying whether the person may move it there now and why not."""
    return allowed_moves(project, user)

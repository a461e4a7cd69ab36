"""The house's own rules, read from the source (ADRs 0013-0015): they fail when a change breaks one.

- Only the workflow primitive assigns a status (`record.status = …`, `.update(status=…)`, `setattr(…, "status")`).
- No view module runs an ORM query (`.objects.`) or compares a status: views ask selectors, access functions and
  `allowed_moves`.
- No role tuple stands outside the permission table: no tuple, list, set or frozenset of `Role.…` members, and no
  `has_role` / `roles_required` call, outside `accounts/permissions.py` and `accounts/roles.py` (the roles given
  to a person when an account is made, `roles=…`, are data and allowed).
"""

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
PRIMITIVE = PACKAGE / "audit" / "workflow.py"
PERMISSION_TABLE = {PACKAGE / "accounts" / "permissions.py", PACKAGE / "accounts" / "roles.py"}
STATUS_FIELDS = {"status"}


def _modules(*, views_only: bool = False) -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "migrations" in parts:
            continue
        if views_only and not (path.name.startswith("views") or "views" in parts[:-1]):
            continue
        yield path, ast.parse(path.read_text(), filename=str(path))


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(PACKAGE.parent)}:{getattr(node, 'lineno', 0)}"


def _is_status(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr in STATUS_FIELDS


def test_only_the_workflow_primitive_assigns_a_status():
    found = []
    for path, tree in _modules():
        if path == PRIMITIVE:
            continue
        for node in ast.walk(tree):
            targets: list[ast.AST] = []
            if isinstance(node, ast.Assign):
                targets = list(node.targets)
            elif isinstance(node, ast.AugAssign | ast.AnnAssign):
                targets = [node.target]
            if any(_is_status(target) for target in targets):
                found.append(_where(path, node))
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "update"
                and any(kw.arg in STATUS_FIELDS for kw in node.keywords)
            ):
                found.append(_where(path, node))
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "setattr"
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
                and node.args[1].value in STATUS_FIELDS
            ):
                found.append(_where(path, node))
    assert found == [], "A status is assigned outside audit.workflow.transition:\n" + "\n".join(found)


def test_no_view_module_queries_or_compares_a_status():
    found = []
    for path, tree in _modules(views_only=True):
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "objects":
                found.append(f"{_where(path, node)} .objects")
            if isinstance(node, ast.Compare) and any(
                _is_status(part) for part in [node.left, *node.comparators]
            ):
                found.append(f"{_where(path, node)} status comparison")
    assert found == [], "View modules must ask selectors and allowed_moves:\n" + "\n".join(found)


def _is_role_member(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "Role"
        and node.attr.isupper()
    )


def test_no_role_tuple_outside_the_permission_table():
    found = []
    for path, tree in _modules():
        if path in PERMISSION_TABLE:
            continue
        # The roles given to a person (`user_create(..., roles=(Role.PROVIDER,))`) are data, not a permission.
        given = {
            id(keyword.value)
            for call in ast.walk(tree)
            if isinstance(call, ast.Call)
            for keyword in call.keywords
            if keyword.arg == "roles"
        }
        for node in ast.walk(tree):
            if id(node) in given:
                continue
            if isinstance(node, ast.Tuple | ast.List | ast.Set) and any(
                _is_role_member(e) for e in node.elts
            ):
                found.append(f"{_where(path, node)} a collection of roles")
            if isinstance(node, ast.Call):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                if name in {"has_role", "roles_required"}:
                    found.append(f"{_where(path, node)} {name}()")
                if name in {"frozenset", "set", "tuple"} and any(
                    _is_role_member(e) for arg in node.args for e in ast.walk(arg)
                ):
                    found.append(f"{_where(path, node)} a collection of roles")
    assert found == [], "Who may do what is declared in accounts/permissions.py only:\n" + "\n".join(found)

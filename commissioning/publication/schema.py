"""Validating against the official 360Giving schemas in ../shared/standards, offline: used by the open data tests
and by `make bench` on the large data set. It needs jsonschema, a development dependency (tests and bench only).

The schemas are read where the brief keeps them, `shared/standards/` beside the project (found from any folder
above it), or from STANDARDS_DIR. The package schema refers to the grant schema by its remote URL; the local file
is registered under that URL (and under its own `$id`), so `referencing` never fetches anything. Formats are
checked, `date-time` by rfc3339-validator (which jsonschema's FormatChecker uses when installed): without it a plain
YYYY-MM-DD date matches both branches of the schema's `oneOf` for dates and is wrongly reported invalid.
"""

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012


def standards_dir() -> Path:
    """The folder of official standards: STANDARDS_DIR, else `shared/standards` in the nearest folder above the
    project that has one (the brief's `../shared/standards/`)."""
    configured = os.environ.get("STANDARDS_DIR")
    candidates = [Path(configured)] if configured else []
    candidates += [folder / "shared" / "standards" for folder in Path(settings.BASE_DIR).resolve().parents]
    for candidate in candidates:
        if (candidate / "360giving").is_dir():
            return candidate
    looked = ", ".join(str(candidate) for candidate in candidates)
    raise ImproperlyConfigured(
        f"The official 360Giving schemas were not found (looked in {looked}): set STANDARDS_DIR"
    )


def _schema(name: str) -> Any:
    return json.loads((standards_dir() / "360giving" / name).read_text())


def _no_network(uri: str) -> Resource:
    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]


@cache
def _validators() -> tuple[Draft202012Validator, Draft202012Validator]:
    """The package schema's validator, and one for a single grant (the package's `grants` items)."""
    package = _schema("360-giving-package-schema.json")
    grant = _schema("360-giving-schema.json")
    # The schemas name their dialect with http:// (not the https:// id referencing knows): say which it is.
    grant_resource = DRAFT202012.create_resource(grant)
    referenced = package["properties"]["grants"]["items"]["$ref"]
    registry = Registry(retrieve=_no_network).with_resources(  # type: ignore[call-arg]
        [(referenced, grant_resource), (grant["$id"], grant_resource)]
    )
    checker = FormatChecker()
    return (
        Draft202012Validator(package, registry=registry, format_checker=checker),
        Draft202012Validator({"$ref": referenced}, registry=registry, format_checker=checker),
    )


def package_validator() -> Draft202012Validator:
    return _validators()[0]


def _messages(errors: Any, *within: str | int) -> list[str]:
    return [
        f"{'/'.join(str(part) for part in (*within, *error.absolute_path))}: {error.message[:300]}"
        for error in errors
    ]


def schema_errors(package: dict[str, Any]) -> list[str]:
    """Every way the package breaks the schema. The package schema asks for unique grants (`uniqueItems`), which a
    validator checks by comparing every pair - hours for the large data set's 34,000 grants - so the grants are
    checked one by one against the grant schema and for uniqueness by their canonical JSON, and the rest of the
    package against the package schema: the same rules, in time proportional to the number of grants."""
    whole, one_grant = _validators()
    grants = package.get("grants")
    if not isinstance(grants, list) or len(grants) < 2:
        return _messages(whole.iter_errors(package))
    envelope = whole.iter_errors({**package, "grants": grants[:1]})
    errors = _messages(error for error in envelope if list(error.absolute_path)[:2] != ["grants", 0])
    first_seen: dict[str, int] = {}
    for index, grant in enumerate(grants):
        errors += _messages(one_grant.iter_errors(grant), "grants", index)
        canonical = json.dumps(grant, sort_keys=True)
        if canonical in first_seen:
            errors.append(
                f"grants: grants {first_seen[canonical]} and {index} are the same (items must be unique)"
            )
        first_seen.setdefault(canonical, index)
    return errors


@cache
def grant_titles() -> set[str]:
    """Every column title the schema gives a grant field, as "Recipient Org:Identifier" (parent title, colon,
    child title), to check the flattened files' headers against."""
    grant = _schema("360-giving-schema.json")
    definitions = grant["$defs"]
    titles: set[str] = set()

    def walk(properties: dict[str, Any], prefix: str) -> None:
        for spec in properties.values():
            title = spec.get("title")
            reference = spec.get("$ref") or spec.get("items", {}).get("$ref")
            children = spec.get("properties") or spec.get("items", {}).get("properties")
            if reference and reference.startswith("#/$defs/"):
                target = definitions[reference.rsplit("/", 1)[1]]
                children = target.get("properties")
            if title:
                titles.add(prefix + title)
            if children and title:
                walk(children, f"{prefix}{title}:")

    walk(grant["properties"], "")
    return titles

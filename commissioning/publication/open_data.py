"""Grants as 360Giving open data: a JSON package, and the same grants flattened for CSV and spreadsheets.

Every export streams. One query reads the grants, chunk by chunk (`iterator(chunk_size=...)`), with everything a
grant needs as columns of that same query: the recipient's org-id and the scheme through joins and subqueries,
the plan priorities as one EXISTS column each. A few small reads come first (the body, the priorities). So the
number of queries does not depend on how many grants there are, and memory holds one chunk at a time.
"""

import csv
import json
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from django.db.models import Exists, OuterRef
from django.utils import timezone
from xlsxwriter import Workbook

from commissioning.agreements.models import Agreement
from commissioning.core.models import CommissioningBody
from commissioning.core.selectors import commissioning_body
from commissioning.organisations.models import publisher_org_id
from commissioning.plans.models import Priority

from .selectors import award_date, last_changed, published_grants, recipient_identifier

CHUNK_SIZE = 1000
SCHEMA_VERSION = "1.4"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
LICENCE_NAME = "Open Government Licence v3.0"
CURRENCY = "GBP"
COUNTRY = "GB"

# The flattened columns, titled as the 360Giving schema titles its fields (path "Recipient Org:Identifier" is the
# `title` of recipientOrganization, then of its `id`). Each is (title, key in the flat row).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("Identifier", "id"),
    ("Title", "title"),
    ("Description", "description"),
    ("Currency", "currency"),
    ("Amount Awarded", "amount"),
    ("Award Date", "award_date"),
    ("Planned Dates:Start Date", "start"),
    ("Planned Dates:End Date", "end"),
    ("Recipient Org:Identifier", "recipient_id"),
    ("Recipient Org:Name", "recipient_name"),
    ("Recipient Org:Postal Code", "recipient_postcode"),
    ("Funding Org:Identifier", "funder_id"),
    ("Funding Org:Name", "funder_name"),
    ("Grant Programme:Code", "programme_code"),
    ("Grant Programme:Title", "programme_title"),
    ("From An Open Call?", "open_call"),
    ("Beneficiary Location:Name", "location"),
    ("Beneficiary Location:Country Code", "location_country"),
    ("Classifications:Vocabulary", "classification_vocabulary"),
    ("Classifications:Title", "classification_titles"),
    ("URL", "url"),
    ("Last Modified", "modified"),
    ("Data Source", "data_source"),
)


def grant_identifier(prefix: str, reference: str) -> str:
    """`360G-<publisher prefix>-<reference>`, whether or not the body's prefix was entered with "360G-"."""
    prefix = prefix.strip().strip("-")
    if not prefix.upper().startswith("360G-"):
        prefix = f"360G-{prefix}" if prefix else "360G"
    return f"{prefix}-{reference}"


@dataclass(frozen=True)
class ExportContext:
    """What every grant of an export shares, read once before the grants."""

    body: CommissioningBody
    priorities: list[Priority]
    base_url: str
    generated_at: datetime

    @property
    def funder(self) -> dict[str, str]:
        return {"id": self.body.organisation_identifier, "name": self.body.name}

    def url(self, path: str) -> str | None:
        return f"{self.base_url.rstrip('/')}{path}" if self.base_url else None


def export_context(*, base_url: str = "") -> ExportContext:
    return ExportContext(
        body=commissioning_body(),
        priorities=list(Priority.objects.select_related("plan").order_by("plan_id", "number")),
        base_url=base_url,
        generated_at=timezone.now(),
    )


def _priority_flag(priority: Priority) -> str:
    return f"serves_priority_{priority.pk}"


def _grant_values(context: ExportContext) -> Iterator[dict[str, Any]]:
    through = Agreement.priorities.through
    flags = {
        _priority_flag(priority): Exists(
            through.objects.filter(agreement_id=OuterRef("pk"), priority_id=priority.pk)
        )
        for priority in context.priorities
    }
    rows = (
        published_grants()
        .annotate(
            awarded_on=award_date(),
            recipient_org_id=recipient_identifier(),
            changed_at=last_changed(),
            **flags,
        )
        .order_by("pk")
        .values(
            "pk",
            "reference",
            "title",
            "purpose",
            "value",
            "starts_on",
            "ends_on",
            "organisation_id",
            "organisation__name",
            "organisation__postcode",
            "grant_decision__application__scheme__slug",
            "grant_decision__application__scheme__name",
            "grant_decision__application__location",
            "awarded_on",
            "recipient_org_id",
            "changed_at",
            *flags,
        )
    )
    return rows.iterator(chunk_size=CHUNK_SIZE)


def _number(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _date(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def grants_360(context: ExportContext) -> Iterator[dict[str, Any]]:
    """Each published grant as a 360Giving grant object, one at a time."""
    prefix = context.body.grant_identifier_prefix
    vocabulary = "Police and Crime Plan priorities"
    for row in _grant_values(context):
        recipient: dict[str, Any] = {
            "id": row["recipient_org_id"] or publisher_org_id(row["organisation_id"], prefix),
            "name": row["organisation__name"],
        }
        if row["organisation__postcode"]:
            recipient["postalCode"] = row["organisation__postcode"]
        grant: dict[str, Any] = {
            "id": grant_identifier(prefix, row["reference"]),
            "title": row["title"],
            "description": row["purpose"] or row["title"],
            "currency": CURRENCY,
            "amountAwarded": _number(row["value"]),
            "awardDate": _date(row["awarded_on"]),
            "plannedDates": [{"startDate": _date(row["starts_on"]), "endDate": _date(row["ends_on"])}],
            "recipientOrganization": [recipient],
            "fundingOrganization": [context.funder],
        }
        slug = row["grant_decision__application__scheme__slug"]
        if slug:
            grant["grantProgramme"] = [
                {"code": slug, "title": row["grant_decision__application__scheme__name"]}
            ]
        # A grant made through a scheme answered an open call for applications; any other was made directly.
        grant["fromOpenCall"] = "Yes" if slug else "No"
        location = row["grant_decision__application__location"]
        if location:
            grant["beneficiaryLocation"] = [{"name": location, "countryCode": COUNTRY}]
        served = [priority for priority in context.priorities if row[_priority_flag(priority)]]
        if served:
            grant["classifications"] = [
                {"vocabulary": vocabulary, "code": str(priority.number), "title": priority.title}
                for priority in served
            ]
        page = context.url(f"/grants/{row['reference']}/")
        if page:
            grant["url"] = page
        if row["changed_at"]:
            grant["dateModified"] = _date(row["changed_at"])
        source = context.url("/open-data/")
        if source:
            grant["dataSource"] = source
        yield grant


def flat_row(grant: dict[str, Any]) -> dict[str, Any]:
    """A 360Giving grant object as one row under `COLUMNS` (the first recipient, programme and location)."""
    recipient = grant["recipientOrganization"][0]
    programme = grant.get("grantProgramme", [{}])[0]
    location = grant.get("beneficiaryLocation", [{}])[0]
    classifications = grant.get("classifications", [])
    return {
        "id": grant["id"],
        "title": grant["title"],
        "description": grant["description"],
        "currency": grant["currency"],
        "amount": grant["amountAwarded"],
        "award_date": grant["awardDate"],
        "start": grant["plannedDates"][0]["startDate"],
        "end": grant["plannedDates"][0]["endDate"],
        "recipient_id": recipient["id"],
        "recipient_name": recipient["name"],
        "recipient_postcode": recipient.get("postalCode", ""),
        "funder_id": grant["fundingOrganization"][0]["id"],
        "funder_name": grant["fundingOrganization"][0]["name"],
        "programme_code": programme.get("code", ""),
        "programme_title": programme.get("title", ""),
        "open_call": grant["fromOpenCall"],
        "location": location.get("name", ""),
        "location_country": location.get("countryCode", ""),
        "classification_vocabulary": classifications[0]["vocabulary"] if classifications else "",
        "classification_titles": "; ".join(item["title"] for item in classifications),
        "url": grant.get("url", ""),
        "modified": grant.get("dateModified", ""),
        "data_source": grant.get("dataSource", ""),
    }


# JSON -----------------------------------------------------------------------------------------------------------


def package_header(context: ExportContext) -> dict[str, Any]:
    body = context.body
    header: dict[str, Any] = {
        "version": SCHEMA_VERSION,
        "title": f"Grants awarded by {body.name}",
        "description": f"Every grant {body.name} has awarded, as 360Giving data.",
        "identifier": grant_identifier(body.grant_identifier_prefix, "grants"),
        "issued": _date(context.generated_at),
        "modified": _date(context.generated_at),
        "publisher": {"name": body.name},
        "license": LICENCE_URL,
    }
    if body.organisation_identifier:
        header["publisher"]["identifier"] = body.organisation_identifier
    if body.website:
        header["publisher"]["website"] = body.website
    download = context.url("/open-data/grants.json")
    if download:
        header["downloadURL"] = download
        header["accessURL"] = context.url("/open-data/")
    return header


def json_chunks(context: ExportContext) -> Iterator[bytes]:
    """The package as bytes, a grant at a time: the header's fields, then `"grants": [...]`."""
    header = json.dumps(package_header(context), ensure_ascii=False)
    yield (header[:-1] + ', "grants": [').encode()
    separator = "\n"
    for grant in grants_360(context):
        yield (separator + json.dumps(grant, ensure_ascii=False)).encode()
        separator = ",\n"
    yield b"\n]}\n"


# CSV and spreadsheet --------------------------------------------------------------------------------------------


class _Line:
    """A file-like object csv.writer writes one line into, handed straight back."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(context: ExportContext) -> Iterator[bytes]:
    writer = csv.writer(_Line())
    # A byte-order mark, so spreadsheet programs read the pound signs and accents as UTF-8.
    yield ("\ufeff" + writer.writerow([title for title, _ in COLUMNS])).encode()
    buffer: list[str] = []
    for grant in grants_360(context):
        row = flat_row(grant)
        buffer.append(writer.writerow([row[key] for _, key in COLUMNS]))
        if len(buffer) >= 200:
            yield "".join(buffer).encode()
            buffer = []
    if buffer:
        yield "".join(buffer).encode()


def write_xlsx(context: ExportContext, target: str | IO[bytes]) -> int:
    """The grants as a spreadsheet, written row by row (`constant_memory`), to a path or binary file. Returns the
    number of grants."""
    # Every value is written as what it is, never reinterpreted: text that looks like a formula stays text (a grant
    # title of "=HYPERLINK(...)" must not run), and addresses stay text, not hyperlinks (Excel holds at most 65,530
    # hyperlinks a sheet, and XlsxWriter leaves every cell past that empty).
    workbook = Workbook(
        target,
        {
            "constant_memory": True,
            "in_memory": False,
            "tmpdir": tempfile.gettempdir(),
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    sheet = workbook.add_worksheet("grants")
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, [title for title, _ in COLUMNS], bold)
    count = 0
    for count, grant in enumerate(grants_360(context), start=1):
        row = flat_row(grant)
        sheet.write_row(count, 0, [row[key] for _, key in COLUMNS])
    workbook.close()
    return count


def xlsx_file(context: ExportContext) -> IO[bytes]:
    """The spreadsheet in a temporary file, open for reading from the start; removed when closed."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it when sent
    write_xlsx(context, handle)
    handle.seek(0)
    return handle


def drain(chunks: Iterable[bytes]) -> int:
    """Consume an export, returning its size in bytes (for the measuring command and tests)."""
    return sum(len(chunk) for chunk in chunks)

"""Official organisation identifiers in org-id form (https://org-id.guide): `<scheme>-<value>`, e.g. GB-CHC-1234567.

Each scheme is a row of data: its code, what people call the number, the shape a value must have once normalised,
how to normalise what people type, an example and the message shown when the value has the wrong shape. Adding a
scheme is adding a row.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError

MAX_VALUE_LENGTH = 40

# Companies House prefixes for companies not registered in England and Wales as ordinary companies:
# Scotland, Northern Ireland, LLPs, limited partnerships, societies, overseas entities, European bodies, etc.
COMPANIES_HOUSE_PREFIXES = frozenset(
    {
        "AC", "CE", "CS", "FC", "FE", "GE", "GN", "GS", "IC", "IP", "LP", "NA", "NC", "NF", "NI", "NL", "NO", "NP",
        "NR", "NV", "NZ", "OC", "OE", "PC", "R0", "RC", "RS", "SA", "SC", "SE", "SF", "SG", "SI", "SL", "SO", "SP",
        "SR", "SZ", "ZC",
    }
)  # fmt: skip


def _compact(value: str) -> str:
    """Uppercase, without spaces, dots or dashes people type inside numbers."""
    return re.sub(r"[\s.\-/]", "", value).upper()


def _strip_prefix(prefix: str) -> Callable[[str], str]:
    def normalise(value: str) -> str:
        value = _compact(value)
        return value[len(prefix) :] if value.startswith(prefix) else value

    return normalise


def _scottish_charity(value: str) -> str:
    value = _compact(value)
    return f"SC{value}" if value.isdigit() else value


def _company_number(value: str) -> str:
    """Companies House numbers are eight characters; people often drop the leading zeros."""
    value = _compact(value)
    if value.isdigit() and len(value) < 8:
        return value.zfill(8)
    prefix, rest = value[:2], value[2:]
    if prefix in COMPANIES_HOUSE_PREFIXES and rest.isdigit() and len(rest) < 6:
        return prefix + rest.zfill(6)
    return value


@dataclass(frozen=True)
class Scheme:
    code: str
    label: str
    noun: str
    pattern: str
    example: str
    hint: str
    normalise: Callable[[str], str] = _compact
    article: str = "a"

    def matches(self, value: str) -> bool:
        return re.fullmatch(self.pattern, value) is not None

    @property
    def message(self) -> str:
        return f"Enter {self.article} {self.noun} in the correct format, like {self.example}"


SCHEMES: tuple[Scheme, ...] = (
    Scheme(
        code="GB-CHC",
        label="Charity number (England and Wales)",
        noun="charity number",
        pattern=r"[1-9]\d{5,6}",
        example="1123456",
        hint="The 6 or 7 digit number from the Charity Commission for England and Wales",
    ),
    Scheme(
        code="GB-SC",
        label="Scottish charity number",
        noun="Scottish charity number",
        pattern=r"SC\d{6}",
        example="SC012345",
        hint="SC followed by 6 digits, from the Scottish Charity Regulator (OSCR)",
        normalise=_scottish_charity,
    ),
    Scheme(
        code="GB-NIC",
        label="Charity number (Northern Ireland)",
        noun="Northern Ireland charity number",
        pattern=r"\d{6}",
        example="100012",
        hint="The 6 digit number from the Charity Commission for Northern Ireland, without NIC",
        normalise=_strip_prefix("NIC"),
    ),
    Scheme(
        code="GB-COH",
        label="Company number (Companies House)",
        noun="company number",
        pattern=r"\d{8}|(" + "|".join(sorted(COMPANIES_HOUSE_PREFIXES)) + r")\d{6}",
        example="01234567",
        hint="8 characters, including any leading zeros or letters such as SC or NI",
        normalise=_company_number,
    ),
    Scheme(
        code="GB-MPR",
        label="Mutuals Public Register number",
        noun="mutuals register number",
        pattern=r"(IP|RS)?\d{1,6}[A-Z]{0,2}",
        example="30237R",
        hint="The registration number of a co-operative, community benefit society or credit union",
    ),
    Scheme(
        code="GB-EDU",
        label="School or college unique reference number (URN)",
        noun="unique reference number",
        pattern=r"\d{6}",
        example="126400",
        hint="The 6 digit URN from Get Information about Schools",
    ),
    Scheme(
        code="GB-LAE",
        label="Local authority code (England)",
        noun="local authority code",
        pattern=r"[A-Z]{3,4}",
        example="WIL",
        hint="The 3 or 4 letter code from the register of local authorities in England",
    ),
    Scheme(
        code="GB-PLA",
        label="Local authority code (Wales)",
        noun="Welsh local authority code",
        pattern=r"[A-Z]{3,4}",
        example="CRF",
        hint="The 3 or 4 letter code from the register of principal local authorities in Wales",
    ),
    Scheme(
        code="GB-LAS",
        label="Local authority code (Scotland)",
        noun="Scottish local authority code",
        pattern=r"[A-Z]{3,4}",
        example="EDH",
        hint="The 3 or 4 letter code from the register of local authorities in Scotland",
    ),
    Scheme(
        code="GB-LANI",
        label="Local council code (Northern Ireland)",
        noun="Northern Ireland council code",
        pattern=r"[A-Z]{3,4}",
        example="BFS",
        hint="The 3 or 4 letter code from the register of local councils in Northern Ireland",
    ),
    Scheme(
        code="GB-NHS",
        label="NHS organisation code (ODS)",
        noun="NHS organisation code",
        pattern=r"(?=[A-Z0-9]*[A-Z])[A-Z0-9]{3,6}",
        example="RNZ",
        hint="The 3 to 6 character code from the NHS Organisation Data Service",
        article="an",
    ),
    Scheme(
        code="GB-GOR",
        label="Government organisation register code",
        noun="government organisation code",
        pattern=r"[A-Z]{1,3}\d{1,6}",
        example="PB123",
        hint="Letters followed by digits, from the government organisations register",
    ),
)

SCHEMES_BY_CODE: dict[str, Scheme] = {scheme.code: scheme for scheme in SCHEMES}
SCHEME_CHOICES: list[tuple[str, str]] = [(scheme.code, scheme.label) for scheme in SCHEMES]
# Which identifier to publish when an organisation has several and none is marked preferred: 360Giving asks for
# the charity number before the company number, and registered numbers before codes from other lists.
SCHEME_PRIORITY: dict[str, int] = {scheme.code: index for index, scheme in enumerate(SCHEMES)}


def scheme(code: str) -> Scheme:
    try:
        return SCHEMES_BY_CODE[code]
    except KeyError:
        raise ValidationError("Select the type of identifier", code="scheme") from None


def normalise_identifier(code: str, value: str) -> str:
    """The value in the scheme's canonical form, or ValidationError with the scheme's GOV.UK message."""
    found = scheme(code)
    if not value or not value.strip():
        raise ValidationError(f"Enter the {found.noun}", code="required")
    if len(value) > MAX_VALUE_LENGTH:
        raise ValidationError(found.message, code="invalid")
    normalised = found.normalise(value)
    if not found.matches(normalised):
        raise ValidationError(found.message, code="invalid")
    return normalised


def parse_org_id(org_id: str) -> tuple[str, str]:
    """`"GB-COH-1234567"` → `("GB-COH", "01234567")`: the scheme and the normalised value."""
    text = (org_id or "").strip()
    # Longest codes first, so GB-LANI is not read as GB-LA…
    for code in sorted(SCHEMES_BY_CODE, key=len, reverse=True):
        if text.upper().startswith(code + "-"):
            return code, normalise_identifier(code, text[len(code) + 1 :])
    raise ValidationError(
        "Enter an identifier in org-id form, such as GB-CHC-1123456 or GB-COH-01234567", code="invalid"
    )


def format_org_id(code: str, value: str) -> str:
    return f"{code}-{value}"

import pytest
from django.core.exceptions import ValidationError

from commissioning.organisations.identifiers import SCHEMES, normalise_identifier, parse_org_id

# (scheme, as typed, normalised) — at least one valid example of every scheme.
VALID = [
    ("GB-CHC", "1123456", "1123456"),
    ("GB-CHC", "202918", "202918"),
    ("GB-CHC", " 1123 456 ", "1123456"),
    ("GB-SC", "SC012345", "SC012345"),
    ("GB-SC", "sc 012345", "SC012345"),
    ("GB-SC", "012345", "SC012345"),
    ("GB-NIC", "100012", "100012"),
    ("GB-NIC", "NIC100012", "100012"),
    ("GB-NIC", "nic 100012", "100012"),
    ("GB-COH", "01234567", "01234567"),
    ("GB-COH", "1234567", "01234567"),
    ("GB-COH", "123", "00000123"),
    ("GB-COH", "sc123456", "SC123456"),
    ("GB-COH", "SC 12345", "SC012345"),
    ("GB-COH", "NI012345", "NI012345"),
    ("GB-COH", "OC301234", "OC301234"),
    ("GB-COH", "R0000123", "R0000123"),
    ("GB-COH", "IP12345", "IP012345"),
    ("GB-MPR", "30237R", "30237R"),
    ("GB-MPR", "IP30237R", "IP30237R"),
    ("GB-MPR", "RS007654", "RS007654"),
    ("GB-EDU", "126400", "126400"),
    ("GB-LAE", "WIL", "WIL"),
    ("GB-LAE", "swd", "SWD"),
    ("GB-PLA", "CRF", "CRF"),
    ("GB-LAS", "EDH", "EDH"),
    ("GB-LANI", "BFS", "BFS"),
    ("GB-NHS", "RNZ", "RNZ"),
    ("GB-NHS", "qox", "QOX"),
    ("GB-NHS", "15N", "15N"),
    ("GB-NHS", "A81001", "A81001"),
    ("GB-GOR", "PB123", "PB123"),
    ("GB-GOR", "PC000162", "PC000162"),
    ("GB-GOR", "D1", "D1"),
]

# (scheme, as typed, the message) — at least one invalid example of every scheme.
INVALID = [
    ("GB-CHC", "12345", "Enter a charity number in the correct format, like 1123456"),
    ("GB-CHC", "12345678", "Enter a charity number in the correct format, like 1123456"),
    ("GB-CHC", "0123456", "Enter a charity number in the correct format, like 1123456"),
    ("GB-CHC", "SC012345", "Enter a charity number in the correct format, like 1123456"),
    ("GB-SC", "SC12345", "Enter a Scottish charity number in the correct format, like SC012345"),
    ("GB-SC", "NI012345", "Enter a Scottish charity number in the correct format, like SC012345"),
    ("GB-NIC", "10001", "Enter a Northern Ireland charity number in the correct format, like 100012"),
    ("GB-NIC", "XR12345", "Enter a Northern Ireland charity number in the correct format, like 100012"),
    ("GB-COH", "123456789", "Enter a company number in the correct format, like 01234567"),
    ("GB-COH", "XX123456", "Enter a company number in the correct format, like 01234567"),
    ("GB-COH", "SC1234567", "Enter a company number in the correct format, like 01234567"),
    ("GB-COH", "<script>", "Enter a company number in the correct format, like 01234567"),
    ("GB-MPR", "ABC", "Enter a mutuals register number in the correct format, like 30237R"),
    ("GB-MPR", "1234567R", "Enter a mutuals register number in the correct format, like 30237R"),
    ("GB-EDU", "12345", "Enter a unique reference number in the correct format, like 126400"),
    ("GB-EDU", "A12345", "Enter a unique reference number in the correct format, like 126400"),
    ("GB-LAE", "W1L", "Enter a local authority code in the correct format, like WIL"),
    ("GB-LAE", "WILTS", "Enter a local authority code in the correct format, like WIL"),
    ("GB-PLA", "C", "Enter a Welsh local authority code in the correct format, like CRF"),
    ("GB-LAS", "123", "Enter a Scottish local authority code in the correct format, like EDH"),
    ("GB-LANI", "BF5", "Enter a Northern Ireland council code in the correct format, like BFS"),
    ("GB-NHS", "123", "Enter an NHS organisation code in the correct format, like RNZ"),
    ("GB-NHS", "RNZ1234", "Enter an NHS organisation code in the correct format, like RNZ"),
    ("GB-GOR", "123", "Enter a government organisation code in the correct format, like PB123"),
    ("GB-GOR", "PBXX12", "Enter a government organisation code in the correct format, like PB123"),
]


@pytest.mark.parametrize(("scheme", "typed", "normalised"), VALID)
def test_valid_identifiers_are_normalised(scheme, typed, normalised):
    assert normalise_identifier(scheme, typed) == normalised


@pytest.mark.parametrize(("scheme", "typed", "message"), INVALID)
def test_invalid_identifiers_are_refused_with_the_scheme_message(scheme, typed, message):
    with pytest.raises(ValidationError) as caught:
        normalise_identifier(scheme, typed)
    assert caught.value.messages == [message]


def test_every_scheme_has_valid_and_invalid_examples():
    codes = {scheme.code for scheme in SCHEMES}
    assert codes == {row[0] for row in VALID}
    assert codes == {row[0] for row in INVALID}


@pytest.mark.parametrize("scheme", [scheme.code for scheme in SCHEMES])
def test_each_scheme_example_is_valid_and_its_message_names_it(scheme):
    found = next(s for s in SCHEMES if s.code == scheme)
    assert normalise_identifier(scheme, found.example) == found.example
    assert found.example in found.message


def test_blank_and_very_long_values_are_refused_with_a_message():
    with pytest.raises(ValidationError, match="Enter the charity number"):
        normalise_identifier("GB-CHC", "   ")
    with pytest.raises(ValidationError, match="correct format"):
        normalise_identifier("GB-CHC", "1" * 10_000)


def test_unknown_scheme_is_refused():
    with pytest.raises(ValidationError, match="Select the type of identifier"):
        normalise_identifier("GB-XYZ", "123")


@pytest.mark.parametrize(
    ("org_id", "expected"),
    [
        ("GB-COH-1234567", ("GB-COH", "01234567")),
        ("GB-CHC-1123456", ("GB-CHC", "1123456")),
        ("gb-sc-sc012345", ("GB-SC", "SC012345")),
        ("GB-NIC-NIC100012", ("GB-NIC", "100012")),
        ("GB-LANI-BFS", ("GB-LANI", "BFS")),
        ("GB-LAE-WIL", ("GB-LAE", "WIL")),
    ],
)
def test_parse_org_id(org_id, expected):
    assert parse_org_id(org_id) == expected


def test_parse_org_id_refuses_bad_values_with_the_scheme_message():
    with pytest.raises(ValidationError) as caught:
        parse_org_id("GB-COH-123456789")
    assert caught.value.messages == ["Enter a company number in the correct format, like 01234567"]
    with pytest.raises(ValidationError, match="org-id form"):
        parse_org_id("XX-ABC-123")

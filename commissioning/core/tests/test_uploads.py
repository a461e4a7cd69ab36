"""Uploads are checked by what they contain, not by their names; files are streamed only through checked views."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from commissioning.core.uploads import (
    DEFAULT_ALLOWED,
    UploadRefused,
    check_upload,
    safe_original_name,
    size_in_words,
)

WRONG_TYPE = "The selected file must be a PDF, Word document, spreadsheet, image or text file"


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def jpeg_bytes() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def zip_bytes(entries: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            compression = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=compression)
    return buffer.getvalue()


def content_types(main: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/main.xml" ContentType="{main}"/></Types>'
    )


def docx_bytes() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": content_types(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
            ),
            "word/document.xml": "<w:document/>",
        }
    )


def xlsx_bytes() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": content_types(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
            ),
            "xl/workbook.xml": "<workbook/>",
        }
    )


def docm_bytes() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": content_types("application/vnd.ms-word.document.macroEnabled.main+xml"),
            "word/vbaProject.bin": b"\x00macro",
        }
    )


def odt_bytes() -> bytes:
    return zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"})


def ods_bytes() -> bytes:
    return zip_bytes(
        {"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<office/>"}
    )


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "content", "content_type", "extension"),
    [
        ("report.pdf", pdf_bytes(), "application/pdf", "pdf"),
        ("photo.png", png_bytes(), "image/png", "png"),
        ("photo.jpeg", jpeg_bytes(), "image/jpeg", "jpg"),
        (
            "policy.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        (
            "budget.xlsx",
            xlsx_bytes(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        ("policy.odt", odt_bytes(), "application/vnd.oasis.opendocument.text", "odt"),
        ("budget.ods", ods_bytes(), "application/vnd.oasis.opendocument.spreadsheet", "ods"),
        ("notes.txt", "Safeguarding lead: Jo Bloggs – café\n".encode(), "text/plain", "txt"),
        ("budget.csv", b"item,amount\nhall hire,250.00\n", "text/csv", "csv"),
        ("bom.txt", b"\xef\xbb\xbfWith a byte-order mark\n", "text/plain", "txt"),
    ],
)
def test_each_allowed_type_is_recognised_by_its_content(name, content, content_type, extension):
    checked = check_upload(upload(name, content))
    assert checked.content_type == content_type
    assert checked.original_name == name
    assert checked.size == len(content)
    assert checked.stored_name.endswith(f".{extension}")
    assert name.split(".")[0] not in checked.stored_name  # a random name, not the person's


def test_a_pdf_named_as_text_is_still_a_pdf():
    checked = check_upload(upload("notes.txt", pdf_bytes()))
    assert checked.content_type == "application/pdf"
    assert checked.stored_name.endswith(".pdf")


def test_the_browser_content_type_is_ignored():
    file = SimpleUploadedFile("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00", content_type="application/pdf")
    with pytest.raises(UploadRefused, match=WRONG_TYPE):
        check_upload(file)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48),
        ("page.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("page.txt", b"<html><body><script>alert(1)</script></body></html>"),
        ("  picture.svg.txt", b'  <svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("data.xml.txt", b'<?xml version="1.0"?><x/>'),
        ("macros.docx", docm_bytes()),
        ("archive.docx", zip_bytes({"readme.txt": "just a zip"})),
        ("broken.docx", b"PK\x03\x04 not really a zip at all"),
        ("binary.txt", b"text with a \x00 NUL byte"),
        ("latin1.csv", "caf\xe9,1\n".encode("latin-1")),
        ("image.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
    ],
)
def test_disguised_and_unknown_files_are_refused(name, content):
    with pytest.raises(UploadRefused) as refused:
        check_upload(upload(name, content))
    assert refused.value.message == WRONG_TYPE


def test_the_allowed_kinds_can_be_narrowed():
    assert "png" in DEFAULT_ALLOWED
    with pytest.raises(UploadRefused, match=WRONG_TYPE):
        check_upload(upload("photo.png", png_bytes()), allowed={"pdf"})
    assert check_upload(upload("a.pdf", pdf_bytes()), allowed={"pdf"}).content_type == "application/pdf"


def test_an_empty_file_is_refused():
    with pytest.raises(UploadRefused, match="The selected file is empty"):
        check_upload(upload("empty.pdf", b""))


@override_settings(UPLOAD_MAX_BYTES=10 * 1024 * 1024)
def test_a_file_over_the_limit_is_refused_with_the_limit_in_words():
    content = pdf_bytes() + b"0" * (10 * 1024 * 1024)
    with pytest.raises(UploadRefused) as refused:
        check_upload(upload("big.pdf", content))
    assert refused.value.message == "The selected file must be smaller than 10MB"
    # Exactly at the limit is allowed.
    exact = pdf_bytes() + b"0" * (10 * 1024 * 1024 - len(pdf_bytes()))
    assert check_upload(upload("exact.pdf", exact)).size == 10 * 1024 * 1024


def test_the_limit_can_be_given_per_call():
    with pytest.raises(UploadRefused, match="smaller than 1KB"):
        check_upload(upload("a.txt", b"x" * 2000), max_bytes=1024)
    assert size_in_words(5 * 1024 * 1024) == "5MB"
    assert size_in_words(int(2.5 * 1024 * 1024)) == "2.5MB"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\dee\\Documents\\policy.pdf", "policy.pdf"),
        ("bad\x00name\n.pdf", "badname.pdf"),
        ("", "document"),
        ("...", "document"),
        ("a" * 300 + ".pdf", "a" * 251 + ".pdf"),
    ],
)
def test_the_original_name_is_kept_without_folders_or_control_characters(given, kept):
    assert safe_original_name(given) == kept


def test_the_file_can_be_read_again_after_checking():
    file = upload("policy.docx", docx_bytes())
    check_upload(file)
    assert file.read(4) == b"PK\x03\x04"

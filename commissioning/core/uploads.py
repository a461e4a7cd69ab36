"""Checking uploaded files by what they contain, and handing stored files back only through views that check access.

The type of a file is decided from its bytes, never from its name or the browser's claim: a PDF must start with
`%PDF-`, an image with its signature, a Word document or spreadsheet must be a zip whose manifest names that kind
of document, and a text file must decode as UTF-8 without NUL bytes and must not be a web page in disguise.

The checks are small magic-byte tests written here rather than a library: the allowed set is short, and the
office formats need a look inside the zip (`[Content_Types].xml` or the ODF `mimetype` entry), which libraries
such as `filetype` or `puremagic` only guess at from the first bytes, so they would add a dependency and still
leave that part to us.

Stored files get a random name (the person's file name is kept separately, stripped of any path), are kept
through Django's storage API (local files, or S3-compatible storage when configured), and are never served from
MEDIA_URL: `download_response` streams one as an attachment from a view that has already checked access.
"""

import codecs
import re
import secrets
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.db.models.fields.files import FieldFile
from django.http import FileResponse

from .errors import DomainError

CHUNK = 64 * 1024
# The most of a zip's manifest we read: real ones are a few kilobytes, and a zip bomb must not be inflated.
MANIFEST_LIMIT = 256 * 1024


@dataclass(frozen=True)
class FileKind:
    key: str
    content_type: str
    extension: str


PDF = FileKind("pdf", "application/pdf", "pdf")
PNG = FileKind("png", "image/png", "png")
JPEG = FileKind("jpeg", "image/jpeg", "jpg")
DOCX = FileKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
XLSX = FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
ODT = FileKind("odt", "application/vnd.oasis.opendocument.text", "odt")
ODS = FileKind("ods", "application/vnd.oasis.opendocument.spreadsheet", "ods")
TEXT = FileKind("txt", "text/plain", "txt")
CSV = FileKind("csv", "text/csv", "csv")

KINDS = {kind.key: kind for kind in (PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS, TEXT, CSV)}
DEFAULT_ALLOWED = frozenset(KINDS)

# The main part of each OOXML document we accept. Macro-enabled variants (docm, xlsm) name other parts, so fail.
OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
ODF_MIMETYPES = {ODT.content_type: ODT, ODS.content_type: ODS}
# Text that a browser would run as a page or script if it were ever shown inline.
MARKUP_START = re.compile(
    rb"^\s*<(!doctype|html|head|body|script|svg|iframe|\?xml|object|embed|meta)", re.IGNORECASE
)

WRONG_TYPE = "The selected file must be a PDF, Word document, spreadsheet, image or text file"
EMPTY = "The selected file is empty"


class UploadRefused(DomainError):
    """The upload is not a file we keep: the message says why, in words for the person who chose it, on the form's
    "upload" field unless told otherwise (services let it rise as the DomainError it is)."""

    def __init__(self, message: str, *, field: str | None = "upload") -> None:
        super().__init__(message, field=field)


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed the checks: store `file` under `stored_name`; show `original_name` to people."""

    file: File
    content_type: str
    stored_name: str
    original_name: str
    size: int


def size_in_words(max_bytes: int) -> str:
    megabytes = max_bytes / (1024 * 1024)
    if megabytes >= 1:
        return f"{megabytes:g}MB"
    return f"{max(1, round(max_bytes / 1024))}KB"


def safe_original_name(name: str | None) -> str:
    """The file's own name for showing and for downloads: no folders, no control characters, at most 255."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C")
    base = base.strip().strip(".") or "document"
    if len(base) > 255:
        stem, dot, extension = base.rpartition(".")
        base = (stem[: 254 - len(extension)] + dot + extension) if dot and len(extension) < 16 else base[:255]
    return base


def _read_head(file: IO[bytes], length: int = 8) -> bytes:
    file.seek(0)
    head = file.read(length)
    file.seek(0)
    return head


def _zip_kind(file: IO[bytes]) -> FileKind | None:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    mimetype = entry.read(200).decode("ascii", "replace").strip()
                return ODF_MIMETYPES.get(mimetype)
            if "[Content_Types].xml" in names:
                with archive.open("[Content_Types].xml") as entry:
                    manifest = entry.read(MANIFEST_LIMIT).decode("utf-8", "replace")
                for part_type, kind in OOXML_MAIN_PARTS.items():
                    if f'ContentType="{part_type}"' in manifest:
                        return kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
        return None
    finally:
        file.seek(0)
    return None


def _is_text(file: IO[bytes]) -> bool:
    """UTF-8 throughout (a byte-order mark allowed), no NUL bytes, and not a web page or script."""
    file.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    first = True
    try:
        while chunk := file.read(CHUNK):
            if b"\x00" in chunk:
                return False
            if first and MARKUP_START.match(chunk.removeprefix(codecs.BOM_UTF8)):
                return False
            first = False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        file.seek(0)
    return True


def detect_kind(file: IO[bytes], *, name: str = "") -> FileKind | None:
    """What the file is, from its bytes. A text file is CSV when its name says so (text can be either)."""
    head = _read_head(file)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(file)
    if _is_text(file):
        return CSV if name.lower().endswith(".csv") else TEXT
    return None


def _size_of(file: Any) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
        file.seek(0)
    return int(size)


def check_upload(
    file: Any, *, allowed: Iterable[str] = DEFAULT_ALLOWED, max_bytes: int | None = None
) -> CheckedUpload:
    """Check an uploaded file (Django's UploadedFile or any File) and say how to store it, or raise UploadRefused.

    `allowed` holds keys of KINDS (pdf, png, jpeg, docx, xlsx, odt, ods, txt, csv)."""
    limit = settings.UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    if file is None:
        raise UploadRefused("Select a file")
    size = _size_of(file)
    if size == 0:
        raise UploadRefused(EMPTY)
    if size > limit:
        raise UploadRefused(f"The selected file must be smaller than {size_in_words(limit)}")
    original_name = safe_original_name(getattr(file, "name", ""))
    kind = detect_kind(file, name=original_name)
    if kind is None or kind.key not in set(allowed):
        raise UploadRefused(WRONG_TYPE)
    return CheckedUpload(
        file=file if isinstance(file, File) else File(file),
        content_type=kind.content_type,
        stored_name=f"{secrets.token_hex(16)}.{kind.extension}",
        original_name=original_name,
        size=size,
    )


def download_response(field_file: FieldFile, *, filename: str, content_type: str) -> FileResponse:
    """Stream a stored file as an attachment. Call only from a view that has checked the person may read it."""
    if not field_file.name:
        raise ValueError("download_response needs a stored file")
    handle = field_file.storage.open(field_file.name, "rb")
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type or "application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response

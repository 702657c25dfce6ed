"""Files members attach to submissions: what they are is judged from their bytes, never from their names.

An attachment is stored and served under the extension and content type its
bytes show (`filetype`), so PDF bytes named `report.html` are kept as
`report.pdf` and served as `application/pdf`, and nothing a member names a
file can make the site serve it as a page. A DOCX is a zip: its directory is
read (never its contents) to refuse a zip bomb, one whose entries would expand
past `SUBMISSION_DOCX_MAX_EXPANDED_BYTES` or number more than
`SUBMISSION_DOCX_MAX_ENTRIES`.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.files import File
from django.template.defaultfilters import filesizeformat

SNIFF_BYTES = 8192


@dataclass(frozen=True)
class AttachmentType:
    mime: str
    label: str
    extension: str


PDF = AttachmentType("application/pdf", "PDF", "pdf")
DOCX = AttachmentType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (DOCX)", "docx")
ATTACHMENT_TYPES = {kind.mime: kind for kind in (PDF, DOCX)}
UNKNOWN = AttachmentType("application/octet-stream", "file", "bin")


class AttachmentRefused(ValueError):
    """An attachment the site will not keep; the message says why, fit to show the member."""


def max_bytes() -> int:
    return int(settings.SUBMISSION_ATTACHMENT_MAX_BYTES)


def sniff(file: File) -> AttachmentType | None:
    """The attachment type the file's first bytes show (PDF or DOCX), or None; the file is left at its start."""
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    kind = filetype.guess(head)
    return ATTACHMENT_TYPES.get(kind.mime) if kind is not None else None


def check(upload: File) -> AttachmentType:
    """The upload's type, once it is known to be a PDF or DOCX within the limits; else `AttachmentRefused`."""
    name = PurePath(upload.name or "attachment").name
    limit = max_bytes()
    if upload.size > limit:
        raise AttachmentRefused(
            f"“{name}” is {filesizeformat(upload.size)}; attachments can be at most {filesizeformat(limit)}. "
            "Choose a smaller file (the rest of your submission is kept)."
        )
    kind = sniff(upload)
    if kind is None:
        raise AttachmentRefused(
            f"“{name}” is not a PDF or Word (DOCX) file. Attach a PDF or DOCX (the rest of your submission is kept)."
        )
    if kind is DOCX:
        _check_docx(upload, name)
    return kind


def _check_docx(upload: File, name: str) -> None:
    """Read the zip's directory (sizes and count as declared), expanding nothing."""
    most_entries = int(settings.SUBMISSION_DOCX_MAX_ENTRIES)
    most_expanded = int(settings.SUBMISSION_DOCX_MAX_EXPANDED_BYTES)
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise AttachmentRefused(f"“{name}” is not a Word document we can open. Save it again as DOCX or PDF.") from None
    finally:
        upload.seek(0)
    expanded = sum(entry.file_size for entry in entries)
    if len(entries) > most_entries or expanded > most_expanded:
        raise AttachmentRefused(
            f"“{name}” would expand to {filesizeformat(expanded)} in {len(entries):,} parts, more than a Word document "
            f"holds (at most {filesizeformat(most_expanded)} in {most_entries:,} parts). Save it again as DOCX or PDF."
        )


def stored_name(given: str, kind: AttachmentType) -> str:
    """The name an attachment is kept and offered under: the member's name, with the extension its bytes show."""
    stem = PurePath(given or "attachment").stem.strip(" .") or "attachment"
    return f"{stem[:150]}.{kind.extension}"


def served_type(file: File) -> AttachmentType:
    """What a stored attachment is, from its bytes (so files kept under another name are served as what they are)."""
    with file.open("rb") as opened:
        return sniff(opened) or UNKNOWN

"""The entry point: :func:`extract_text` sniffs the type and hands the bytes to its reader.

Whatever a reader raises ends as an :class:`ExtractionError` with a reason a recruiter can read;
a file whose name promises another type than its content gets a note saying so.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from recruiting.extraction.docx import extract_docx
from recruiting.extraction.errors import ExtractionError
from recruiting.extraction.html import extract_html
from recruiting.extraction.ocr import extract_image
from recruiting.extraction.pdf import extract_pdf
from recruiting.extraction.plaintext import extract_plain
from recruiting.extraction.result import ExtractedText
from recruiting.extraction.rtf import extract_rtf
from recruiting.extraction.sniffing import (
    BMP,
    DOC,
    DOCX,
    EXE,
    EXE_WINDOWS,
    GIF,
    HTML,
    IMAGE_TYPES,
    JPEG,
    MACHO,
    MARKDOWN,
    OCTET,
    ODT,
    OLE,
    PDF,
    PNG,
    RTF,
    SCRIPT,
    TEXT,
    TIFF,
    WEBP,
    XML,
    ZIP,
    detect_content_type,
    file_extension,
)

logger = logging.getLogger(__name__)

# What a recruiter is told when a file is not a document we read.
_UNSUPPORTED_REASONS = {
    EXE_WINDOWS: "This file is a Windows program, not a resume document.",
    EXE: "This file is a Linux program, not a resume document.",
    MACHO: "This file is a macOS program, not a resume document.",
    SCRIPT: "This file is a script, not a resume document.",
    DOC: (
        "This is a legacy Word (.doc) file, which we can't read. Save it "
        "as PDF or DOCX and upload it again."
    ),
    OLE: (
        "This is a legacy Microsoft Office file, which we can't read. "
        "Save it as PDF or DOCX and upload it again."
    ),
    ODT: (
        "This is an OpenDocument (.odt) file, which we can't read. Save "
        "it as PDF or DOCX and upload it again."
    ),
    ZIP: (
        "This is a zip archive, not a resume document. Upload the resumes "
        "inside it (or use the bulk zip upload)."
    ),
    "application/gzip": "This is a compressed archive (gzip), not a resume document.",
    "application/x-7z-compressed": "This is a compressed archive (7z), not a resume document.",
    "application/vnd.rar": "This is a compressed archive (rar), not a resume document.",
    "application/x-bzip2": "This is a compressed archive (bzip2), not a resume document.",
    "application/x-xz": "This is a compressed archive (xz), not a resume document.",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (
        "This is an Excel spreadsheet, not a resume document. Save it as PDF or DOCX."
    ),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (
        "This is a PowerPoint presentation, not a resume document. Save it as PDF or DOCX."
    ),
    "audio/mpeg": "This is an audio file, not a resume document.",
    "video/mp4": "This is a video file, not a resume document.",
    OCTET: (
        "This file type is not supported. Upload a PDF, DOCX, RTF, TXT or "
        "HTML file, or an image of the resume."
    ),
}


def extract_text(
    data: bytes,
    *,
    filename: str = "",
    max_bytes: int = 10 * 1024 * 1024,
    ocr: bool = True,
) -> ExtractedText:
    """Extract normalised text from an uploaded resume.

    Raises :class:`ExtractionError` with a recruiter-readable ``reason`` and a stable ``code``
    for anything we cannot turn into text. Any other exception from a parser is converted into
    ``code="corrupt"``; this function is meant never to raise anything else.
    """
    if data is None:
        raise ExtractionError("The file is empty.", code="empty")
    data = bytes(data)
    if len(data) > max_bytes:
        raise ExtractionError(
            f"The file is too large ({_mb(len(data))} MB). The limit is {_mb(max_bytes)} MB.",
            code="too_large",
        )
    if not data.strip():
        raise ExtractionError("The file is empty.", code="empty")

    content_type = detect_content_type(data, filename)
    mismatch = _extension_mismatch(filename, content_type)
    try:
        if content_type == PDF:
            result = extract_pdf(data, ocr=ocr)
        elif content_type in IMAGE_TYPES:
            result = extract_image(data, content_type, ocr=ocr)
        elif content_type == DOCX:
            result = extract_docx(data)
        elif content_type == RTF:
            result = extract_rtf(data)
        elif content_type in (HTML, XML):
            result = extract_html(data, content_type)
        elif content_type in (TEXT, MARKDOWN):
            result = extract_plain(data, content_type)
        else:
            raise ExtractionError(
                _UNSUPPORTED_REASONS.get(content_type, _UNSUPPORTED_REASONS[OCTET]),
                code="unsupported_type",
            )
    except ExtractionError as err:
        if mismatch and err.code in ("no_text_layer", "no_text", "corrupt"):
            raise ExtractionError(f"{err.reason} ({mismatch})", code=err.code) from None
        raise
    except MemoryError:
        raise ExtractionError("The file is too complex to read.", code="corrupt") from None
    except Exception as exc:
        logger.warning(
            "extraction failed for %s (%s): %r", filename or "<upload>", content_type, exc
        )
        raise ExtractionError(
            f"The file looks damaged and could not be read ({_describe(content_type)}).",
            code="corrupt",
        ) from exc
    if mismatch:
        result = replace(
            result, warnings=(*result.warnings, mismatch[0].upper() + mismatch[1:] + ".")
        )
    return result


_EXTENSION_TYPES = {
    ".pdf": (PDF, "a PDF"),
    ".docx": (DOCX, "a Word document"),
    ".doc": (DOC, "a Word document"),
    ".rtf": (RTF, "an RTF document"),
    ".png": (PNG, "a PNG image"),
    ".jpg": (JPEG, "a JPEG image"),
    ".jpeg": (JPEG, "a JPEG image"),
    ".tif": (TIFF, "a TIFF image"),
    ".tiff": (TIFF, "a TIFF image"),
}
_TYPE_NAMES = {
    PDF: "a PDF",
    DOCX: "a Word document",
    RTF: "an RTF document",
    PNG: "a PNG image",
    JPEG: "a JPEG image",
    TIFF: "a TIFF image",
    GIF: "a GIF image",
    BMP: "a BMP image",
    WEBP: "a WebP image",
    TEXT: "a text file",
    MARKDOWN: "a text file",
    HTML: "an HTML page",
    XML: "an XML file",
}


def _extension_mismatch(filename: str, content_type: str) -> str | None:
    """A note when the name promises another type than the content ("the file is a PNG image,
    not a PDF"). Extraction follows the content; the note helps a recruiter understand why."""
    expected = _EXTENSION_TYPES.get(file_extension(filename))
    if expected is None or expected[0] == content_type or content_type not in _TYPE_NAMES:
        return None
    return f"the file is {_TYPE_NAMES[content_type]}, not {expected[1]}"


def _mb(n: int) -> str:
    value = n / (1024 * 1024)
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def _describe(content_type: str) -> str:
    return {
        PDF: "PDF",
        DOCX: "Word document",
        RTF: "RTF document",
        HTML: "HTML page",
        TEXT: "text file",
        MARKDOWN: "text file",
        XML: "XML file",
    }.get(content_type, "image" if content_type in IMAGE_TYPES else content_type)

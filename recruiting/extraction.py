"""Turn an uploaded resume file into normalised plain text.

Pure Python, no Django imports: the web layer, the Celery workers and the tests all call
:func:`extract_text` with the raw bytes of an upload and either get an :class:`ExtractedText`
or an :class:`ExtractionError` whose ``reason`` can be shown to a recruiter as is.

Design notes
------------
* **The type comes from the content**, never from the extension or the client's content type
  (:func:`detect_content_type`). The file name only breaks ties between text-like types.
* **PDF text comes from pdfium's characters (pypdfium2), laid out by our own reading-order
  pass** (:func:`_layout_blocks`): words are rebuilt from characters with a gap threshold
  relative to the font size (so tight pdfTeX spacing does not glue words), lines are grouped,
  and a page region is split into columns only where a vertical gutter runs through a band of
  lines with no text crossing it *and* the two sides read as independent text. A narrow column
  of short lines that sit on the same rows as the other side (dates, places, labels) is an
  annotation of those rows, so that band is read row by row instead ("2019-2021 Job title").
  Page rotation is undone from the character matrices, icon fonts (Font Awesome, marvosym, ...)
  are dropped, ``(cid:NN)`` leftovers and private-use glyphs are removed.
* **pdfminer (through pdfplumber) for the pages pdfium's text is not trusted on**, with the
  same layout pass: right-to-left scripts (pdfium reorders and mirrors them, and misreads the
  ToUnicode CMap of our Arabic samples: ``ϲΒϴΒ``), printable glyphs without a Unicode mapping
  (pdfium guesses from the character code), /ActualText spans (pdfium puts their text, e.g.
  ``mailto:...``, in place of the glyphs) and pages where pdfium dropped more text objects
  than it kept. pdfminer also reads the whole file when pdfium cannot open it or fails on a
  page, and pdfium's text stays when pdfminer fails on a page handed to it.
* **pdfium's characters are made to look like pdfminer's** (:class:`_PdfiumPage`), which is
  why the layout pass gives the same text from either. The 65 glued outputs that the layout
  pass first gave on pdfium's boxes came from four differences: pdfium drops a text object
  whose box is empty, and a space glyph drawn on its own is one (every space of the
  wkhtmltopdf resumes: ``FinancialAccountantspecializing``), so those spaces are recovered
  from the page objects; its generated spaces and line breaks are dropped (the layout pass
  decides); ``FPDFText_GetFontSize`` is the unscaled size (19 for 11.4 pt text), so the size
  is scaled by the character matrix; and the loose box's vertical extent follows some
  glyphs, so boxes are rebuilt from the baseline and the font descent (Type3 fonts share the
  page's lowest Type3 descent: Chrome puts capitals in their own subset). Ligature pieces
  are merged back, U+FFFE is a line-end hyphen.
* **Numbers** (``bench/extract_compare.py``, the 87 PDFs of the livecareer and layouts dev
  sets, 2 vCPU shared with other work, so absolute times vary by ~30%; ``= ref``: outputs
  identical to pdfminer characters + layout pass, the previous production path)::

      method            files/s  mean ms  glued outputs  = ref
      pdfplumber            2.0      507   3 (pdfTeX)       0   its own extract_text()
      pypdfium2           128.1        8  65                0   get_text_range()
      pdfminer+layout       2.3      426   0               87   previous production path
      pdfium+layout        10.9       92   0               81   every page from pdfium
      extract_text         13.2       76   0               82   pdfium + pdfminer pages

  Before this work pdfium+layout glued words in 65 files and extract_text was 2.5 files/s
  (407 ms, pdfminer). On the 72 livecareer PDFs alone, on a quieter machine: 59 ms a file
  against pdfminer+layout's 407 ms and raw pdfplumber's 330 ms. pdfminer spent 90% of its
  time interpreting content streams in pure Python; pdfium's character loop is now ~60% of
  ours, the layout pass ~40%. The 5 outputs that differ from pdfminer's: a blank line more
  or less between blocks (2 files; descents differ slightly), and an unmapped math bracket
  that pdfminer kept as ``(cid:NN)`` (dropped) in 3 moderncv files, which no longer leaves a
  `` | `` cell mark. On the hostile set pdfium also reads bullets pdfminer cannot map.
  **Decision: pdfium characters, pdfminer for the untrusted pages** (``method`` says which:
  ``pypdfium2``, ``pdfplumber`` or ``pypdfium2+pdfplumber``, with ``+ocr``).
* **pdfium is not thread-safe**: every pdfium call here holds ``_PDFIUM_LOCK`` (the worker is
  one thread per process; the web layer may extract in request threads).
* **OCR** (pytesseract + the ``tesseract`` binary, Debian package ``tesseract-ocr``) runs on
  images and on PDF pages without a text layer, rendered at 300 dpi by pypdfium2. Without the
  binary (or with ``ocr=False``) such files fail with code ``no_text_layer``.

Callers should still run extraction under a time limit (a Celery soft time limit): pdfminer
(the fallback reader) is pure Python and a hostile PDF can make it slow. We bound what we can (page count, OCR pages,
rendered image size, image pixels).
"""

from __future__ import annotations

import codecs
import contextlib
import ctypes
import io
import itertools
import logging
import math
import re
import shutil
import statistics
import threading
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from html.parser import HTMLParser

from recruiting.textbounds import MAX_TEXT_CHARS, bound_text

logger = logging.getLogger(__name__)

__all__ = [
    "ExtractedText",
    "ExtractionError",
    "detect_content_type",
    "extract_text",
    "tesseract_available",
]

# --------------------------------------------------------------------------------------------
# Public types
# --------------------------------------------------------------------------------------------

ERROR_CODES = frozenset(
    {"empty", "too_large", "unsupported_type", "encrypted", "corrupt", "no_text_layer", "no_text"}
)


class ExtractionError(Exception):
    """A file we cannot turn into text. `reason` is shown to recruiters verbatim."""

    def __init__(self, reason: str, *, code: str):
        if code not in ERROR_CODES:
            raise ValueError(f"unknown extraction error code {code!r}")
        super().__init__(reason)
        self.reason = reason
        self.code = code

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"ExtractionError({self.reason!r}, code={self.code!r})"


@dataclass(frozen=True)
class ExtractedText:
    text: str
    page_count: int
    content_type: str
    method: str
    warnings: tuple[str, ...] = ()
    # Passages a reader cannot see (white, tiny or off-page text in a PDF; hidden, white or
    # tiny runs in a DOCX), found in the characters read for the text. They are still in
    # ``text``: the screening guardrails cut them out and flag them.
    hidden: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------------
# Content types
# --------------------------------------------------------------------------------------------

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC = "application/msword"
OLE = "application/x-ole-storage"
RTF = "application/rtf"
ZIP = "application/zip"
ODT = "application/vnd.oasis.opendocument.text"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
GIF = "image/gif"
BMP = "image/bmp"
WEBP = "image/webp"
TEXT = "text/plain"
HTML = "text/html"
MARKDOWN = "text/markdown"
XML = "application/xml"
EXE_WINDOWS = "application/x-msdownload"
EXE = "application/x-executable"
MACHO = "application/x-mach-binary"
SCRIPT = "text/x-shellscript"
OCTET = "application/octet-stream"

IMAGE_TYPES = frozenset({PNG, JPEG, TIFF, GIF, BMP, WEBP})

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

_TEXT_EXTENSIONS = {
    ".txt": TEXT,
    ".text": TEXT,
    ".md": MARKDOWN,
    ".markdown": MARKDOWN,
    ".htm": HTML,
    ".html": HTML,
    ".xhtml": HTML,
}


def _ext(filename: str) -> str:
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].lower()
    dot = name.rfind(".")
    return name[dot:] if dot > 0 else ""


def detect_content_type(data: bytes, filename: str = "") -> str:
    """Sniff the MIME type from the bytes (magic numbers), not from the extension.

    The file name is used only to choose between text-like types (plain text, HTML, Markdown)
    when the content does not settle it.
    """
    head = bytes(data[:2048])
    if not head:
        return TEXT if _ext(filename) in _TEXT_EXTENSIONS else OCTET
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return TIFF
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[:2] == b"BM" and len(head) >= 26 and head[6:10] == b"\x00\x00\x00\x00":
        return BMP
    if head[:2] == b"MZ":
        return EXE_WINDOWS
    if head[:4] == b"\x7fELF":
        return EXE
    if head[:4] in (
        b"\xfe\xed\xfa\xce",
        b"\xfe\xed\xfa\xcf",
        b"\xce\xfa\xed\xfe",
        b"\xcf\xfa\xed\xfe",
    ):
        return MACHO
    if head[:4] == b"\xca\xfe\xba\xbe" and int.from_bytes(head[4:8], "big") < 64:
        return MACHO  # universal binary (a Java class file has a larger version number here)
    if head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        # OLE2 compound file: Word 97-2003, or Excel/PowerPoint/Outlook of that era.
        if "WordDocument".encode("utf-16-le") in data:
            return DOC
        return OLE
    if head.lstrip()[:5] == b"{\\rtf":
        return RTF
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return _sniff_zip(data)
    if head[:2] == b"\x1f\x8b":
        return "application/gzip"
    if head[:6] == b"7z\xbc\xaf\x27\x1c":
        return "application/x-7z-compressed"
    if head[:6] == b"Rar!\x1a\x07":
        return "application/vnd.rar"
    if head[:3] == b"BZh":
        return "application/x-bzip2"
    if head[:6] == b"\xfd7zXZ\x00":
        return "application/x-xz"
    if head[:3] == b"ID3" or head[:2] == b"\xff\xfb":
        return "audio/mpeg"
    if head[4:8] == b"ftyp":
        return "video/mp4"
    # PDF readers accept junk before the header (within the first 1024 bytes).
    if b"%PDF-" in head[:1024]:
        return PDF
    return _sniff_text(data, filename)


def _sniff_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                return DOCX
            if "mimetype" in names:
                try:
                    mimetype = zf.read("mimetype")[:100].decode("ascii", "replace").strip()
                except Exception:
                    mimetype = ""
                if mimetype == ODT:
                    return ODT
            if "xl/workbook.xml" in names:
                return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            if "ppt/presentation.xml" in names:
                return "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        # Damaged central directory: look at the local headers' names instead.
        if b"word/document.xml" in data[:1_000_000]:
            return DOCX
    return ZIP


_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S
)
_HTML_TAGS = re.compile(rb"<(?:html|head|body|div|p|br|table|span|h[1-6]|ul|li|meta)[\s>/]", re.I)


def _sniff_text(data: bytes, filename: str) -> str:
    text = _decode_text_or_none(data[:65536])
    if text is None:
        return OCTET
    ext = _ext(filename)
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("#!"):
        return SCRIPT
    sample = stripped[:4096].encode("utf-8", "replace")
    if _HTML_START.match(sample):
        return HTML
    if ext in _TEXT_EXTENSIONS:
        return _TEXT_EXTENSIONS[ext]
    if stripped.startswith("<?xml"):
        return XML
    if len(_HTML_TAGS.findall(sample)) >= 3:
        return HTML
    return TEXT


def _decode_text_or_none(data: bytes) -> str | None:
    """Decode bytes that look like text; None when they look binary."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace")
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return data.decode("utf-32", "replace")
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of a sample is still UTF-8.
        if exc.start >= len(data) - 3 and exc.reason.startswith("unexpected end"):
            text = data[: exc.start].decode("utf-8")
        else:
            text = data.decode("cp1252", "replace")
    if not text:
        return text
    bad = sum(1 for ch in text if (unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v\x1a"))
    if bad / len(text) > 0.02:
        return None
    return text


def _decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text file: UTF-8 (BOM or not), UTF-16/32 with a BOM, else cp1252, else latin-1."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return data.decode("utf-32", "replace"), "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


# --------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------

_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    "\u0132": "IJ",
    "\u0133": "ij",
}
_CID = re.compile(r"\(cid:\d+\)")
# Private-use areas (icon fonts map their glyphs here) and other characters that carry no text.
_DROP_CHARS = re.compile(
    "[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
    "\u00ad\u200b\u200e\u200f\u2060\ufeff\ufffc\ufffd"
    "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]"
)
_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_HSPACE = re.compile(r"[^\S\n]+")  # any whitespace except newline (tabs, NBSP, thin spaces...)
_MANY_BLANKS = re.compile(r"\n{3,}")


def normalise_text(text: str) -> str:
    """Apply the normalisation promised by :class:`ExtractedText`.

    ``\\n`` between lines, one blank line between blocks and pages, no trailing (or leading)
    spaces on a line, runs of spaces and tabs collapsed, NUL/control characters and private-use
    (icon font) glyphs removed, ``(cid:NN)`` leftovers removed, ligatures expanded.
    """
    if not text:
        return ""
    text = _LINE_BREAKS.sub("\n", text)
    text = _CID.sub("", text)
    for lig, repl in _LIGATURES.items():
        if lig in text:
            text = text.replace(lig, repl)
    text = _DROP_CHARS.sub("", text)
    lines = [_HSPACE.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = _MANY_BLANKS.sub("\n\n", text)
    return text.strip("\n")


_WORDISH = re.compile(r"[^\W\d_]{2,}")


def _has_meaningful_text(text: str, *, min_words: int = 1) -> bool:
    return len(_WORDISH.findall(text)) >= min_words


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def tesseract_available() -> bool:
    """True when the ``tesseract`` binary is on PATH (and pytesseract imports)."""
    if shutil.which("tesseract") is None:
        return False
    try:
        import pytesseract  # noqa: F401
    except ImportError:  # pragma: no cover - it is a declared dependency
        return False
    return True


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
            result = _extract_pdf(data, ocr=ocr)
        elif content_type in IMAGE_TYPES:
            result = _extract_image(data, content_type, ocr=ocr)
        elif content_type == DOCX:
            result = _extract_docx(data)
        elif content_type == RTF:
            result = _extract_rtf(data)
        elif content_type in (HTML, XML):
            result = _extract_html(data, content_type)
        elif content_type in (TEXT, MARKDOWN):
            result = _extract_plain(data, content_type)
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
    expected = _EXTENSION_TYPES.get(_ext(filename))
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


def _finish(
    text: str,
    *,
    page_count: int,
    content_type: str,
    method: str,
    warnings: Iterable[str] = (),
    paged: bool = False,
    hidden: Iterable[str] = (),
) -> ExtractedText:
    text = normalise_text(text)
    if not _has_meaningful_text(text):
        if paged:
            raise ExtractionError(_NO_TEXT_LAYER_NO_OCR, code="no_text_layer")
        raise ExtractionError("No text could be found in this file.", code="no_text")
    if len(text) > MAX_TEXT_CHARS:
        warnings = (
            *warnings,
            f"Only the first {MAX_TEXT_CHARS:,} characters of {len(text):,} were read.",
        )
    text = bound_text(text)
    return ExtractedText(
        text=text,
        page_count=page_count,
        content_type=content_type,
        method=method,
        warnings=tuple(dict.fromkeys(warnings)),
        hidden=tuple(hidden),
    )


_NO_TEXT_LAYER_NO_OCR = (
    "Scanned document, no text layer: install OCR (tesseract) or upload a text PDF."
)
_NO_TEXT_LAYER_OCR_EMPTY = (
    "Scanned document, no text layer: OCR found no readable text in it. Upload a text PDF or DOCX."
)


# --------------------------------------------------------------------------------------------
# Layout: words -> reading-order lines
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Char:
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    size: float


@dataclass(slots=True)
class _Word:
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    size: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


class _Row:
    __slots__ = ("bottom", "top", "words")

    def __init__(self, word: _Word):
        self.words = [word]
        self.top = word.top
        self.bottom = word.bottom

    def add(self, word: _Word) -> None:
        self.words.append(word)
        self.top = min(self.top, word.top)
        self.bottom = max(self.bottom, word.bottom)

    @property
    def height(self) -> float:
        return self.bottom - self.top


# Gap between two glyphs, in units of the font size, above which they belong to different
# words. Measured over the dev PDFs: gaps inside words are <= 0.05 em (kerning), gaps between
# words without a space glyph (pdfTeX) are >= 0.2 em.
_WORD_GAP_EM = 0.13
# Icon fonts whose glyphs are pictures (phone, envelope, brand logos), not text.
_ICON_FONT = re.compile(
    r"awesome|icons?\b|icons?[-_]|glyphicon|academicons|marvosym|wingding|dingbat|zapf|webdings|"
    r"materialsymbols|ionicons|octicons|simpleicons|devicon|fontello|icomoon|entypo|typicons",
    re.I,
)


def _chars_to_words(chars: list[_Char], *, dedupe: bool = True) -> list[_Word]:
    """Group characters (already in upright page coordinates) into words.

    `dedupe` drops a glyph drawn again on top of the same glyph (fake bold). pdfium reports
    the letters of a ligature with one shared box, so its path turns this off."""
    if not chars:
        return []
    # Text lines: sort by vertical centre and cut where the next glyph no longer overlaps.
    chars = sorted(chars, key=lambda c: (c.top + c.bottom) / 2)
    lines: list[list[_Char]] = []
    cur: list[_Char] = []
    cur_top = cur_bottom = 0.0
    for c in chars:
        h = max(c.bottom - c.top, 0.1)
        if cur:
            overlap = min(cur_bottom, c.bottom) - max(cur_top, c.top)
            if overlap >= 0.5 * min(h, cur_bottom - cur_top):
                cur.append(c)
                continue
            lines.append(cur)
        cur = [c]
        cur_top, cur_bottom = c.top, c.bottom
    if cur:
        lines.append(cur)

    words: list[_Word] = []
    for line in lines:
        line.sort(key=lambda c: c.x0)
        buf: list[_Char] = []
        prev: _Char | None = None
        for c in line:
            if c.text.isspace() or not c.text:
                if buf:
                    words.append(_make_word(buf))
                    buf = []
                prev = None
                continue
            if prev is not None:
                # Fake bold: the same glyph drawn twice at (almost) the same place.
                if dedupe and c.text == prev.text:
                    overlap = min(c.x1, prev.x1) - max(c.x0, prev.x0)
                    if overlap > 0.7 * max(min(c.x1 - c.x0, prev.x1 - prev.x0), 0.01):
                        continue
                gap = c.x0 - prev.x1
                size = max(prev.size, c.size, 1.0)
                if gap > _WORD_GAP_EM * size or gap < -1.5 * size:
                    words.append(_make_word(buf))
                    buf = []
            buf.append(c)
            prev = c
        if buf:
            words.append(_make_word(buf))
    return words


def _make_word(chars: list[_Char]) -> _Word:
    return _Word(
        x0=min(c.x0 for c in chars),
        x1=max(c.x1 for c in chars),
        top=min(c.top for c in chars),
        bottom=max(c.bottom for c in chars),
        text="".join(c.text for c in chars),
        size=max(c.size for c in chars),
    )


def _group_rows(words: Sequence[_Word]) -> list[_Row]:
    """Group words into visual rows (words whose vertical extents overlap enough)."""
    rows: list[_Row] = []
    for w in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        if rows:
            r = rows[-1]
            overlap = min(r.bottom, w.bottom) - max(r.top, w.top)
            if overlap >= 0.5 * min(max(w.height, 0.1), max(r.height, 0.1)):
                r.add(w)
                continue
        rows.append(_Row(w))
    for r in rows:
        r.words.sort(key=lambda w: w.x0)
    return rows


def _free_pieces(lo: float, hi: float, row: _Row) -> list[tuple[float, float]]:
    """The parts of [lo, hi] that no word of `row` covers."""
    pieces = [(lo, hi)]
    for w in row.words:
        if w.x1 <= lo or w.x0 >= hi:
            continue
        nxt = []
        for a, b in pieces:
            if w.x1 <= a or w.x0 >= b:
                nxt.append((a, b))
                continue
            if w.x0 > a:
                nxt.append((a, w.x0))
            if w.x1 < b:
                nxt.append((w.x1, b))
        pieces = nxt
        if not pieces:
            break
    return pieces


@dataclass
class _Band:
    start: int  # first row index
    end: int  # last row index (inclusive)
    g0: float  # gutter
    g1: float


def _row_gaps(row: _Row, min_gap: float, x0: float, x1: float) -> Iterator[tuple[float, float]]:
    """Free horizontal intervals of a row inside [x0, x1]: between its words and, for a row
    with text on one side only, beside it (the other column may be on other baselines)."""
    right = -math.inf
    for w in row.words:
        if right > -math.inf and w.x0 - right >= min_gap:
            yield (right, w.x0)
        right = max(right, w.x1)
    first = row.words[0].x0
    if first - x0 >= min_gap:
        yield (x0, first)
    if x1 - right >= min_gap:
        yield (right, x1)


def _extend_band(rows: list[_Row], i: int, g0: float, g1: float, min_gap: float) -> _Band:
    def narrow(lo: float, hi: float, row: _Row) -> tuple[float, float] | None:
        pieces = [p for p in _free_pieces(lo, hi, row) if p[1] - p[0] >= min_gap]
        if not pieces:
            return None
        return max(pieces, key=lambda p: p[1] - p[0])

    start = end = i
    lo, hi = g0, g1
    j = i + 1
    while j < len(rows):
        got = narrow(lo, hi, rows[j])
        if got is None:
            break
        lo, hi = got
        end = j
        j += 1
    j = i - 1
    while j >= 0:
        got = narrow(lo, hi, rows[j])
        if got is None:
            break
        lo, hi = got
        start = j
        j -= 1
    # A band stopped by a line that crosses the gutter: a few trailing (or leading) lines with
    # text on one side only, set off by a wider vertical gap, belong to what crosses (a section
    # heading above a full-width entry), not to the columns.
    mid = (lo + hi) / 2
    left_idx = [k for k in range(start, end + 1) if any(w.x1 <= mid for w in rows[k].words)]
    right_idx = [k for k in range(start, end + 1) if any(w.x0 >= mid for w in rows[k].words)]
    if left_idx and right_idx:
        heights = sorted(rows[k].height for k in range(start, end + 1))
        big_gap = 0.8 * heights[len(heights) // 2]
        if end + 1 < len(rows):
            other_end = min(left_idx[-1], right_idx[-1])
            if 0 < end - other_end <= 3:
                for k in range(other_end + 1, end + 1):
                    if rows[k].top - rows[k - 1].bottom > big_gap:
                        end = k - 1
                        break
        if start > 0:
            other_start = max(left_idx[0], right_idx[0])
            if 0 < other_start - start <= 3:
                for k in range(other_start - 1, start - 1, -1):
                    if rows[k + 1].top - rows[k].bottom > big_gap:
                        start = k + 1
                        break
    return _Band(start, end, lo, hi)


def _split_band(rows: list[_Row], band: _Band) -> tuple[list[list[_Word]], list[list[_Word]]]:
    left_rows, right_rows = [], []
    for r in rows[band.start : band.end + 1]:
        mid = (band.g0 + band.g1) / 2
        left_rows.append([w for w in r.words if w.x1 <= mid])
        right_rows.append([w for w in r.words if w.x0 >= mid])
    return left_rows, right_rows


def _is_independent_columns(rows: list[_Row], band: _Band) -> bool:
    """Decide whether the two sides of a gutter are separate columns (read one, then the other)
    or one table-like flow whose narrow side annotates the rows of the other side (dates,
    places, labels: read row by row, which keeps "2019-2021  Job title" together)."""
    left_rows, right_rows = _split_band(rows, band)
    n_left = sum(1 for r in left_rows if r)
    n_right = sum(1 for r in right_rows if r)
    if n_left < 2 or n_right < 2:
        return False
    chars_left = sum(len(w.text) + 1 for r in left_rows for w in r)
    chars_right = sum(len(w.text) + 1 for r in right_rows for w in r)
    sparse_chars, n_sparse = (
        (chars_left, n_left) if chars_left <= chars_right else (chars_right, n_right)
    )
    sparse_side, other_side = (
        (left_rows, right_rows) if chars_left <= chars_right else (right_rows, left_rows)
    )
    sparse_size = statistics.median(w.size for r in sparse_side for w in r)
    other_size = statistics.median(w.size for r in other_side for w in r)
    short = sparse_chars / n_sparse <= 32
    pairs = [(a, b) for a, b in zip(left_rows, right_rows, strict=True) if a and b]
    if sparse_size > 1.15 * other_size and n_sparse <= 3:
        return True  # a name or title in large type beside a contact block
    if short and n_sparse <= 3:
        return False  # a date and a place beside an entry's first lines
    if not pairs:
        return True  # the two sides never share a row: two flows on their own baselines
    # Annotations sit on the same baseline as the text they annotate. Independent columns
    # share a baseline only by chance, unless both follow one baseline grid (LaTeX twocolumn),
    # and then both sides are full lines of text.
    aligned = sum(1 for a, b in pairs if _share_baseline(a, b)) / len(pairs)
    if aligned < 0.75:
        return True
    if short:
        return False  # dates, places, labels, a grid of short cells: read row by row
    # Two sides of full lines on one baseline grid: real columns if the gutter is wide or runs
    # through many lines (not a river of wide word spaces through a few lines of a paragraph).
    size = statistics.median(w.size for a, b in pairs for w in (*a, *b))
    gutter = band.g1 - band.g0
    return gutter >= 2.0 * size or (len(pairs) >= 4 and gutter >= 0.6 * size)


def _share_baseline(a: list[_Word], b: list[_Word]) -> bool:
    for wa in a:
        for wb in b:
            tol = 0.2 * max(wa.size or 10.0, wb.size or 10.0)
            if abs(wa.bottom - wb.bottom) <= tol:
                return True
    return False


def _find_band(rows: list[_Row], min_gap: float) -> _Band | None:
    best: _Band | None = None
    best_score = 0.0
    seen: set[tuple[int, int, int]] = set()
    x0 = min(w.x0 for r in rows for w in r.words)
    x1 = max(w.x1 for r in rows for w in r.words)
    for i, row in enumerate(rows):
        for g0, g1 in _row_gaps(row, min_gap, x0, x1):
            band = _extend_band(rows, i, g0, g1, min_gap)
            key = (band.start, band.end, int((band.g0 + band.g1) / 2 / max(min_gap, 1)))
            if key in seen:
                continue
            seen.add(key)
            if band.end - band.start < 1:
                continue
            if not _is_independent_columns(rows, band):
                continue
            n_words = sum(len(r.words) for r in rows[band.start : band.end + 1])
            if n_words > best_score:
                best, best_score = band, n_words
    return best


def _layout_blocks(words: Sequence[_Word], depth: int = 0) -> list[list[str]]:
    """Order words into blocks of lines in reading order (columns left to right)."""
    if not words:
        return []
    rows = _group_rows(words)
    sizes = [w.size for w in words if w.size > 0]
    median_size = statistics.median(sizes) if sizes else 10.0
    min_gap = max(0.8 * median_size, 5.0)
    band = _find_band(rows, min_gap) if depth < 8 and len(rows) > 1 else None
    if band is None:
        return _rows_to_blocks(rows)
    mid = (band.g0 + band.g1) / 2
    above = [w for r in rows[: band.start] for w in r.words]
    below = [w for r in rows[band.end + 1 :] for w in r.words]
    inside = [w for r in rows[band.start : band.end + 1] for w in r.words]
    left = [w for w in inside if (w.x0 + w.x1) / 2 < mid]
    right = [w for w in inside if (w.x0 + w.x1) / 2 >= mid]
    out: list[list[str]] = []
    for part in (above, left, right, below):
        out.extend(_layout_blocks(part, depth + 1))
    return out


def _rows_to_blocks(rows: list[_Row]) -> list[list[str]]:
    if not rows:
        return []
    heights = [r.height for r in rows if r.height > 0]
    typical = statistics.median(heights) if heights else 10.0
    gaps = [max(b.top - a.bottom, 0.0) for a, b in itertools.pairwise(rows)]
    # A blank line where the vertical gap is clearly wider than the usual line spacing.
    threshold = max(1.6 * statistics.median(gaps), 0.5 * typical) if gaps else 0.0
    blocks: list[list[str]] = [[]]
    prev: _Row | None = None
    for r in rows:
        if prev is not None:
            gap = r.top - prev.bottom
            if gap > threshold and gap > 0.25 * min(typical, max(prev.height, r.height)):
                blocks.append([])
        blocks[-1].append(_join_row(r.words))
        prev = r
    return [b for b in blocks if b]


# A horizontal gap this wide (in em) inside a row separates cells (a date pushed to the
# right margin, the columns of a skills table), not words: keep it visible as " | ".
_CELL_GAP_EM = 2.0


def _join_row(words: list[_Word]) -> str:
    parts = [words[0].text]
    for a, b in itertools.pairwise(words):
        size = max(min(a.size, b.size), 1.0)
        parts.append(" | " if b.x0 - a.x1 >= max(_CELL_GAP_EM * size, 12.0) else " ")
        parts.append(b.text)
    return "".join(parts)


def _blocks_to_text(blocks: list[list[str]]) -> str:
    return "\n\n".join("\n".join(b) for b in blocks)


def _upright_chars(
    raw: Sequence[tuple[float, float, float, float, str, float, float, float]],
) -> list[list[_Char]]:
    """Rotate characters so that their baseline runs left to right.

    `raw` holds (x0, x1, top, bottom, text, size, dx, dy) in page coordinates with y growing
    downwards, where (dx, dy) is the direction of the baseline. Characters are grouped by
    direction (the page's main direction first) and each group is rotated upright, so a page
    with /Rotate or sideways text reads in the right order instead of reversed.
    """
    groups: dict[int, list[_Char]] = {}
    for x0, x1, top, bottom, text, size, dx, dy in raw:
        # 0: left to right, 1: downwards, 2: upside down, 3: upwards.
        quad = (0 if dx >= 0 else 2) if abs(dx) >= abs(dy) else (1 if dy > 0 else 3)
        if quad == 0:
            c = _Char(x0, x1, top, bottom, text, size)
        elif quad == 2:  # upside down
            c = _Char(-x1, -x0, -bottom, -top, text, size)
        elif quad == 1:  # runs downwards: x' = y, y' = -x
            c = _Char(top, bottom, -x1, -x0, text, size)
        else:  # runs upwards: x' = -y, y' = x
            c = _Char(-bottom, -top, x0, x1, text, size)
        groups.setdefault(quad, []).append(c)
    return [groups[q] for q in sorted(groups, key=lambda q: -len(groups[q]))]


def _page_text_from_raw(raw: Sequence[tuple], *, dedupe: bool = True) -> str:
    blocks: list[list[str]] = []
    for chars in _upright_chars(raw):
        blocks.extend(_layout_blocks(_chars_to_words(chars, dedupe=dedupe)))
    return _blocks_to_text(blocks)


# --------------------------------------------------------------------------------------------
# Hidden text: what the reader of the file cannot see
# --------------------------------------------------------------------------------------------

# A passage shorter than this is noise (a white bullet, a stray space run), not a message.
HIDDEN_MIN_CHARS = 12
MAX_HIDDEN_PASSAGES = 50
MAX_HIDDEN_PASSAGE_CHARS = 1000
_MAX_HIDDEN_PDF_CHARS = 20_000  # hidden characters kept per file: the work stays bounded
HIDDEN_LUMINANCE = 0.92  # fill at least this light is invisible on a white page
HIDDEN_FONT_SIZE = 4.0  # points


class _HiddenRuns:
    """The hidden characters of one page, in runs: a visible character (not a space) ends a
    run, so text hidden before and after a visible word makes two passages, each of which is
    found again in the extracted text. Characters are raw tuples, laid out like the page's."""

    def __init__(self) -> None:
        self.runs: list[list[int]] = []
        self.open = False

    def hide(self, index: int) -> None:
        if not self.open:
            self.runs.append([])
            self.open = True
        self.runs[-1].append(index)

    def show(self) -> None:
        self.open = False

    def chars(self, raw: Sequence[tuple]) -> list[list[tuple]]:
        return [[raw[i] for i in run] for run in self.runs]


def _luminance(color) -> float | None:
    """Relative luminance (0 black .. 1 white) of a pdfminer fill colour; None if unknown."""
    if isinstance(color, int | float):
        color = (color,)
    if not isinstance(color, tuple | list):
        return None
    values = [float(c) for c in color if isinstance(c, int | float)]
    if len(values) != len(color):  # a pattern name
        return None
    if len(values) == 1:
        return values[0]
    if len(values) == 3:
        r, g, b = values
    elif len(values) == 4:  # CMYK
        c, m, y, k = values
        r, g, b = (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    else:
        return None
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _hidden_passages(pages: Iterable[list[list[tuple]]]) -> list[str]:
    """Passages from the hidden runs of each page: each run laid out like a page, one passage
    a line, as long as the extracted text would hold it (cell marks dropped), capped."""
    found: list[str] = []
    budget = _MAX_HIDDEN_PDF_CHARS
    for runs in pages:
        for run in runs:
            run = run[:budget]
            budget -= len(run)
            for line in normalise_text(_page_text_from_raw(run)).splitlines():
                passage = " ".join(w for w in line.split() if w != "|")
                if len(passage) >= HIDDEN_MIN_CHARS:
                    found.append(passage[:MAX_HIDDEN_PASSAGE_CHARS])
                    if len(found) >= MAX_HIDDEN_PASSAGES:
                        return found
            if budget <= 0:
                return found
    return found


# --------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------

MAX_PDF_PAGES = 50
MAX_OCR_PAGES = 15
OCR_DPI = 300
OCR_MAX_SIDE_PX = 6000
OCR_TIMEOUT_S = 60
OCR_LANG = "eng"


def _pdf_is_password_error(exc: BaseException) -> bool:
    seen = 0
    e: BaseException | None = exc
    while e is not None and seen < 10:
        name = type(e).__name__
        if "Password" in name or "password" in str(e).lower():
            return True
        for arg in getattr(e, "args", ()):
            if isinstance(arg, BaseException) and _pdf_is_password_error(arg):
                return True
        e = e.__cause__ or e.__context__
        seen += 1
    return False


_ENCRYPTED_REASON = (
    "The PDF is password-protected. Remove the password (or print it "
    "to a new PDF) and upload it again."
)
_NO_PAGES_REASON = "The PDF has no pages."
_CORRUPT_PDF_REASON = (
    "The PDF is damaged or truncated and could not be read. Export it again and re-upload it."
)


def _extract_pdf(data: bytes, *, ocr: bool) -> ExtractedText:
    warnings: list[str] = []
    untrusted: list[int] = []
    hidden: dict[int, list[list[tuple]]] = {}
    method = "pypdfium2"
    try:
        pages_text, n_pages, empty_pages = _pdf_text_pdfium(
            data, warnings, untrusted=untrusted, hidden=hidden
        )
    except ExtractionError as err:
        if err.code == "encrypted":
            raise
        # pdfium rejects the file: pdfminer reads some damaged files pdfium does not.
        hidden.clear()
        pages_text, n_pages, empty_pages = _pdf_text_pdfminer_fallback(data, warnings, hidden)
        method = "pdfplumber"
    except Exception as exc:  # pdfium opened the file but failed on a page
        logger.info("pdfium failed (%r); trying pdfminer", exc)
        warnings.clear()
        hidden.clear()
        pages_text, n_pages, empty_pages = _pdf_text_pdfminer_fallback(data, warnings, hidden)
        method = "pdfplumber"
    else:
        if n_pages == 0:
            # pdfium can miss the page tree of a malformed file; ask pdfminer.
            try:
                pages_text, n_pages, empty_pages = _pdf_text_pdfplumber(
                    data, warnings, hidden=hidden
                )
                method = "pdfplumber"
            except Exception as exc:
                if _pdf_is_password_error(exc):
                    raise ExtractionError(_ENCRYPTED_REASON, code="encrypted") from None
                raise ExtractionError(_NO_PAGES_REASON, code="corrupt") from None
            if n_pages == 0:
                raise ExtractionError(_NO_PAGES_REASON, code="corrupt")
        elif untrusted:
            # Pages whose pdfium text we do not trust (right-to-left scripts, unmapped glyphs,
            # /ActualText): read them with pdfminer, keeping pdfium's text if pdfminer fails.
            redone_hidden: dict[int, list[list[tuple]]] = {}
            try:
                redone, _n, _empty = _pdf_text_pdfplumber(
                    data, [], pages=untrusted, hidden=redone_hidden
                )
            except Exception as exc:
                logger.info(
                    "pdfminer failed on pages %s (%r); keeping pdfium's text", untrusted, exc
                )
            else:
                for index, text in zip(untrusted, redone, strict=True):
                    pages_text[index] = text
                    hidden.pop(index, None)
                hidden.update(redone_hidden)
                method = "pdfplumber" if len(untrusted) == n_pages else "pypdfium2+pdfplumber"
                empty_pages = [i for i, t in enumerate(pages_text) if not normalise_text(t)]

    if empty_pages:
        if ocr and tesseract_available():
            ocr_texts = _ocr_pdf_pages(data, empty_pages, warnings)
            for idx, text in ocr_texts.items():
                pages_text[idx] = text
            if ocr_texts and any(_has_meaningful_text(t) for t in ocr_texts.values()):
                method = "ocr" if len(empty_pages) == n_pages else method + "+ocr"
        elif len(empty_pages) < n_pages:
            warnings.append(
                f"{len(empty_pages)} of {n_pages} pages have no text layer (scanned) "
                "and were skipped."
            )

    text = "\n\n".join(t for t in pages_text if t)
    if not _has_meaningful_text(normalise_text(text)):
        if empty_pages and ocr and tesseract_available():
            raise ExtractionError(_NO_TEXT_LAYER_OCR_EMPTY, code="no_text_layer")
        raise ExtractionError(_NO_TEXT_LAYER_NO_OCR, code="no_text_layer")
    return _finish(
        text,
        page_count=n_pages,
        content_type=PDF,
        method=method,
        warnings=warnings,
        paged=True,
        hidden=_hidden_passages(hidden[i] for i in sorted(hidden)),
    )


def _pdf_text_pdfminer_fallback(
    data: bytes, warnings: list[str], hidden: dict[int, list[list[tuple]]]
) -> tuple[list[str], int, list[int]]:
    """All pages through pdfminer, for a file pdfium cannot read."""
    try:
        pages_text, n_pages, empty_pages = _pdf_text_pdfplumber(data, warnings, hidden=hidden)
    except Exception as exc:
        if _pdf_is_password_error(exc):
            raise ExtractionError(_ENCRYPTED_REASON, code="encrypted") from None
        logger.info("pdfminer failed too (%r)", exc)
        raise ExtractionError(_CORRUPT_PDF_REASON, code="corrupt") from None
    if n_pages == 0:
        raise ExtractionError(_NO_PAGES_REASON, code="corrupt")
    warnings.append("The PDF is damaged; text was recovered with a fallback reader.")
    return pages_text, n_pages, empty_pages


def _pdf_text_pdfplumber(
    data: bytes,
    warnings: list[str],
    *,
    pages: Sequence[int] | None = None,
    hidden: dict[int, list[list[tuple]]] | None = None,
) -> tuple[list[str], int, list[int]]:
    """Page texts from pdfminer's characters (through pdfplumber) and our layout pass.

    With `pages`, only those page indexes are read and the texts come back in that order.
    With a `hidden` dict, each page's runs of hidden characters (as :class:`_PdfiumPage`
    finds them) go in it by page index."""
    import pdfplumber

    pages_text: list[str] = []
    empty_pages: list[int] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        all_pages = pdf.pages
        n_pages = len(all_pages)
        if n_pages > MAX_PDF_PAGES and pages is None:
            warnings.append(f"Only the first {MAX_PDF_PAGES} of {n_pages} pages were read.")
        wanted = range(min(n_pages, MAX_PDF_PAGES)) if pages is None else pages
        for index in wanted:
            page = all_pages[index]
            raw = []
            runs = _HiddenRuns()
            left, top, right, bottom = page.bbox
            for c in page.chars:
                text = c.get("text") or ""
                fontname = c.get("fontname") or ""
                if _ICON_FONT.search(fontname):
                    continue
                a, b = (c.get("matrix") or (1, 0, 0, 1, 0, 0))[:2]
                size = float(c.get("size") or 0)
                luminance = _luminance(c.get("non_stroking_color"))
                if (
                    0 < size < HIDDEN_FONT_SIZE
                    or (luminance is not None and luminance > HIDDEN_LUMINANCE)
                    or c["x1"] < left
                    or c["x0"] > right
                    or c["bottom"] < top
                    or c["top"] > bottom
                ):
                    runs.hide(len(raw))
                elif not text.isspace():
                    runs.show()
                raw.append(
                    (
                        c["x0"],
                        c["x1"],
                        c["top"],
                        c["bottom"],
                        text,
                        size,
                        a,
                        -b,
                    )
                )
            if hidden is not None and runs.runs:
                hidden[index] = runs.chars(raw)
            page_text = _page_text_from_raw(raw)
            if not normalise_text(page_text):
                empty_pages.append(index)
            pages_text.append(page_text)
            page.close()  # frees pdfplumber's per-page caches
    return pages_text, min(n_pages, MAX_PDF_PAGES) if n_pages else 0, empty_pages


# pdfium is not thread-safe: every use of it in this module holds this lock (the Celery worker
# is one thread per process, but the web layer may extract in request threads).
_PDFIUM_LOCK = threading.RLock()


def _open_pdfium(data: bytes):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg:
            raise ExtractionError(_ENCRYPTED_REASON, code="encrypted") from None
        raise ExtractionError(_CORRUPT_PDF_REASON, code="corrupt") from None


def _pdf_text_pdfium(
    data: bytes,
    warnings: list[str],
    *,
    untrusted: list[int] | None = None,
    hidden: dict[int, list[list[tuple]]] | None = None,
) -> tuple[list[str], int, list[int]]:
    """Page texts from pdfium's characters and our layout pass.

    With an `untrusted` list, pages whose pdfium text should not be trusted (see
    :meth:`_PdfiumPage.chars`) are added to it; their text is still pdfium's best effort.
    Without it (pdfium as the fallback reader) every page is read leniently. With a `hidden`
    dict, each page's runs of hidden characters go in it by page index."""
    raws: list[list[tuple]] = []
    with _PDFIUM_LOCK:
        doc = _open_pdfium(data)
        try:
            n_pages = len(doc)
            if n_pages == 0:
                return [], 0, []
            if n_pages > MAX_PDF_PAGES:
                warnings.append(f"Only the first {MAX_PDF_PAGES} of {n_pages} pages were read.")
            api = _pdfium_api()
            for index in range(min(n_pages, MAX_PDF_PAGES)):
                page = doc[index]
                try:
                    textpage = page.get_textpage()
                    try:
                        raw = None
                        if untrusted is not None:
                            reader = _PdfiumPage(api, page, textpage)
                            raw = reader.chars(strict=True)
                            if raw is None:
                                untrusted.append(index)
                        if raw is None:
                            reader = _PdfiumPage(api, page, textpage)
                            raw = reader.chars(strict=False)
                        if hidden is not None and reader.hidden.runs:
                            hidden[index] = reader.hidden.chars(raw)
                    finally:
                        textpage.close()
                finally:
                    page.close()
                raws.append(raw)
        finally:
            doc.close()
    # The layout pass is pure Python: run it without holding the pdfium lock.
    pages_text: list[str] = []
    empty_pages: list[int] = []
    for index, raw in enumerate(raws):
        page_text = _page_text_from_raw(raw)
        if not normalise_text(page_text):
            empty_pages.append(index)
        pages_text.append(page_text)
    return pages_text, len(raws), empty_pages


class _PdfiumApi:
    """The pdfium functions of the character loop, declared with plain integer handles.

    pypdfium2's bindings type every handle as a ctypes pointer, so each call builds pointer
    objects, and keying a dict by a handle needs a cast. The loop below makes 10-40k calls on
    a resume page; the same C functions declared with ``c_void_p`` take half the time (1.0 us
    against 2.0 us a character for the three per-character calls plus the cast)."""

    _NAMES = (
        "FPDFText_CountChars",
        "FPDFText_GetUnicode",
        "FPDFText_GetTextObject",
        "FPDFText_IsGenerated",
        "FPDFText_HasUnicodeMapError",
        "FPDFText_GetLooseCharBox",
        "FPDFText_GetCharOrigin",
        "FPDFText_GetMatrix",
        "FPDFTextObj_GetFont",
        "FPDFTextObj_GetFontSize",
        "FPDFFont_GetBaseFontName",
        "FPDFFont_GetDescent",
        "FPDFFont_GetIsEmbedded",
        "FPDFFont_GetFontData",
        "FPDFPage_CountObjects",
        "FPDFPage_GetObject",
        "FPDFFormObj_CountObjects",
        "FPDFFormObj_GetObject",
        "FPDFPageObj_GetType",
        "FPDFPageObj_GetBounds",
        "FPDFPageObj_GetMatrix",
        "FPDFPageObj_GetFillColor",
        "FPDFPageObj_CountMarks",
        "FPDFPageObj_GetMark",
        "FPDFPageObjMark_GetParamValueType",
        "FPDFPageObjMark_GetParamStringValue",
    )

    def __init__(self) -> None:
        import pypdfium2.raw as raw

        def plain(t):
            # Any pointer (handles, out-parameters, buffers) becomes a bare address.
            return ctypes.c_void_p if isinstance(t, type) and issubclass(t, ctypes._Pointer) else t

        for name in self._NAMES:
            fn = getattr(raw, name)
            proto = ctypes.CFUNCTYPE(plain(fn.restype), *(plain(t) for t in fn.argtypes))
            setattr(self, name, proto(ctypes.cast(fn, ctypes.c_void_p).value))
        self.FS_RECTF = raw.FS_RECTF
        self.FS_MATRIX = raw.FS_MATRIX
        self.TEXT = raw.FPDF_PAGEOBJ_TEXT
        self.FORM = raw.FPDF_PAGEOBJ_FORM
        self.UNKNOWN = raw.FPDF_OBJECT_UNKNOWN


_PDFIUM_API: _PdfiumApi | None = None


def _pdfium_api() -> _PdfiumApi:
    global _PDFIUM_API
    if _PDFIUM_API is None:
        _PDFIUM_API = _PdfiumApi()
    return _PDFIUM_API


# Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, ... and their presentation
# forms): pdfium reorders and mirrors them, and its ToUnicode reading failed on our samples.
_RTL = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


# The descent of a Type3 font whose glyph boxes say nothing useful (see _PdfiumPage).
_TYPE3_DESCENT = -0.2


class _PdfiumPage:
    """The characters of one pdfium page, shaped like pdfminer's for :func:`_page_text_from_raw`.

    pdfium's text page differs from pdfminer's characters in ways that matter to the layout
    pass, undone here:

    * it drops text objects whose box is empty, and a space glyph drawn on its own (every
      space of the wkhtmltopdf resumes) is one: they come back from the page objects
      (:meth:`_dropped_spaces`), otherwise ``Financial Accountant`` comes out glued;
    * it inserts spaces and line breaks of its own (``IsGenerated``): dropped, the layout
      pass decides where words end, as it does with pdfminer's characters;
    * ``FPDFTextObj_GetFontSize`` is the size before the text and page matrices: scaled by
      the character matrix here, like pdfminer's ``size``;
    * the loose box's vertical extent follows the glyph on some fonts, so the box is rebuilt
      across the baseline from the font's descent, pdfminer's definition. A Type3 font's
      descent comes from the glyphs it holds (Chrome splits a face into Type3 subsets, one of
      capitals only), so all Type3 fonts of a page share the lowest of their descents;
    * a ligature's letters share one box: merged back into one character;
    * a line-end hyphen is reported as U+FFFE.

    On the way it notes the characters a reader cannot see (:attr:`hidden`): drawn in a fill
    near white, under :data:`HIDDEN_FONT_SIZE`, or outside the page's crop box.
    """

    def __init__(self, api: _PdfiumApi, page, textpage) -> None:
        self.api = api
        self.page = ctypes.cast(page.raw, ctypes.c_void_p).value
        self.textpage = textpage
        self.tp = ctypes.cast(textpage.raw, ctypes.c_void_p).value
        self.height = page.get_height()
        self.crop = page.get_cropbox()  # (left, bottom, right, top) in PDF space
        self.hidden = _HiddenRuns()
        self.fonts: dict[int, tuple[bool, float, bool]] = {}
        self.objects: dict[int, tuple | None] = {}
        self.raw: list[tuple] = []
        self.type3: list[tuple[int, float, float, float, float, float]] = []
        # ctypes out-parameters, reused, and their addresses
        self.rect = api.FS_RECTF()
        self.matrix = api.FS_MATRIX()
        self.f = (ctypes.c_float * 4)()
        self.u = (ctypes.c_uint * 4)()
        self.d = (ctypes.c_double * 2)()
        self.n = ctypes.c_size_t()
        self.name = ctypes.create_string_buffer(256)
        self.actual_text = ctypes.create_string_buffer(b"ActualText")
        self.rect_p = ctypes.addressof(self.rect)
        self.matrix_p = ctypes.addressof(self.matrix)
        self.f_p = [ctypes.addressof(self.f) + 4 * k for k in range(4)]
        self.u_p = [ctypes.addressof(self.u) + ctypes.sizeof(ctypes.c_uint) * k for k in range(4)]
        self.d_p = [ctypes.addressof(self.d) + 8 * k for k in range(2)]
        self.n_p = ctypes.addressof(self.n)
        self.name_p = ctypes.addressof(self.name)
        self.actual_text_p = ctypes.addressof(self.actual_text)

    def chars(self, *, strict: bool) -> list[tuple] | None:
        """Raw characters (x0, x1, top, bottom, text, size, dx, dy) of the page.

        With `strict`, None when the page's text should come from pdfminer instead:
        right-to-left scripts (pdfium reorders and mirrors them, and misread the ToUnicode
        CMap of our Arabic samples), glyphs without a Unicode mapping other than control
        codes, /ActualText spans (pdfium puts their text in place of the glyphs'), or more
        dropped text objects than characters (empty glyph boxes: pdfium lost real text)."""
        api, tp, height = self.api, self.tp, self.height
        n = max(api.FPDFText_CountChars(tp), 0)
        text = self.textpage.get_text_range(0, n) if n else ""
        if strict and _RTL.search(text):
            return None
        if len(text) != n:  # characters outside the BMP
            text = "".join(chr(min(api.FPDFText_GetUnicode(tp, i), 0x10FFFF)) for i in range(n))
        objects, raw, type3, rect = self.objects, self.raw, self.type3, self.rect
        hidden = self.hidden
        crop_left, crop_bottom, crop_right, crop_top = self.crop
        prev_box = None
        for i in range(n):
            obj = api.FPDFText_GetTextObject(tp, i)
            if not obj:
                prev_box = None
                continue
            info = objects.get(obj, False)
            if info is False:
                info = objects[obj] = self._object(i, obj, strict=strict)
            if info is None:
                return None
            icon, dx, dy, size, v0, v1, horizontal, is_type3, a, b, ox, oy, unseen = info
            if icon:
                continue
            if a and b and abs(b) > 0.01 * abs(a) and abs(a) > 0.01 * abs(b):
                # Slanted text (a diagonal watermark): the baseline moves glyph by glyph.
                api.FPDFText_GetCharOrigin(tp, i, self.d_p[0], self.d_p[1])
                ox, oy = self.d[0], self.d[1]
                descent = self._font(api.FPDFTextObj_GetFont(obj))[1]
                v0, v1, horizontal = _glyph_extent(a, b, size, descent, ox, oy, height)[3:]
            ch = text[i]
            if ch in " \r\n" and api.FPDFText_IsGenerated(tp, i):
                prev_box = None
                continue
            if api.FPDFText_HasUnicodeMapError(tp, i):
                # pdfminer prints such a glyph as "(cid:N)", which normalisation drops; pdfium
                # guesses from the character code. A control code is noise (math extension
                # glyphs); a printable guess may be wrong letters.
                if not ch.isprintable() or ch.isspace():
                    continue
                if strict:
                    return None
            if ch == "\ufffe":
                ch = "-"
            api.FPDFText_GetLooseCharBox(tp, i, self.rect_p)
            if horizontal:
                box = (rect.left, rect.right, v0, v1)
            else:
                box = (v0, v1, height - rect.top, height - rect.bottom)
            if box == prev_box:
                last = raw[-1]
                raw[-1] = (*box, last[4] + ch, *last[5:])
                continue
            prev_box = box
            if (
                unseen
                or rect.right < crop_left
                or rect.left > crop_right
                or rect.top < crop_bottom
                or rect.bottom > crop_top
            ):
                hidden.hide(len(raw))
            elif not ch.isspace():
                hidden.show()
            if is_type3:
                type3.append((len(raw), a, b, size, ox, oy))
            raw.append((*box, ch, size, dx, dy))
        n_chars = len(raw)
        dropped = self._dropped_spaces()
        if strict and dropped > n_chars:
            return None
        if type3:
            self._align_type3()
        return raw

    def _font(self, font: int) -> tuple[bool, float, bool]:
        """(icon font, descent per unit of font size (negative), Type3) of a pdfium font."""
        got = self.fonts.get(font)
        if got is None:
            api = self.api
            length = api.FPDFFont_GetBaseFontName(font, self.name_p, 256)
            name = self.name.raw[: max(min(length, 256) - 1, 0)].decode("latin-1")
            self.f[0] = 0.0
            descent = -abs(self.f[0]) if api.FPDFFont_GetDescent(font, 1.0, self.f_p[0]) else 0.0
            # pdfium counts a Type3 font as embedded, with no font program.
            self.n.value = 0
            is_type3 = bool(
                api.FPDFFont_GetIsEmbedded(font)
                and api.FPDFFont_GetFontData(font, None, 0, self.n_p)
                and self.n.value == 0
            )
            got = self.fonts[font] = (bool(_ICON_FONT.search(name)), descent, is_type3)
        return got

    def _object(self, i: int, obj: int, *, strict: bool) -> tuple | None:
        """What the characters of one text object share: (icon font, baseline direction dx,
        dy, font size, the box's extent across the baseline v0..v1, horizontal, Type3, a, b,
        origin x, y, unseen: a fill near white or a tiny size). None when strict and the
        object carries an /ActualText."""
        api = self.api
        if strict and api.FPDFPageObj_CountMarks(obj) > 0 and self._has_actual_text(obj):
            return None
        icon, descent, is_type3 = self._font(api.FPDFTextObj_GetFont(obj))
        self.f[0] = 0.0
        api.FPDFTextObj_GetFontSize(obj, self.f_p[0])
        m = self.matrix
        api.FPDFText_GetMatrix(self.tp, i, self.matrix_p)
        size = self.f[0] * math.hypot(m.c, m.d)
        api.FPDFText_GetCharOrigin(self.tp, i, self.d_p[0], self.d_p[1])
        ox, oy = self.d[0], self.d[1]
        extent = _glyph_extent(m.a, m.b, size, descent, ox, oy, self.height)
        unseen = 0 < size < HIDDEN_FONT_SIZE
        if not unseen and api.FPDFPageObj_GetFillColor(obj, *self.u_p):
            r, g, b = self.u[0], self.u[1], self.u[2]
            unseen = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 > HIDDEN_LUMINANCE
        return (icon, *extent, is_type3, m.a, m.b, ox, oy, unseen)

    def _has_actual_text(self, obj: int) -> bool:
        """Whether a marked-content /ActualText replaces the object's glyphs in pdfium's text.

        pdfium substitutes an /ActualText holding a printable character for the glyphs,
        spread evenly over their box; it ignores an empty one and drops the glyphs of one
        with nothing printable (Typst marks some glyphs with a lone NUL): both agree with
        what the author declared the text to be, so only the first kind is not trusted."""
        api = self.api
        for k in range(api.FPDFPageObj_CountMarks(obj)):
            mark = api.FPDFPageObj_GetMark(obj, k)
            if not mark:
                continue
            if api.FPDFPageObjMark_GetParamValueType(mark, self.actual_text_p) == api.UNKNOWN:
                continue
            size = ctypes.c_ulong(0)
            size_p = ctypes.addressof(size)
            api.FPDFPageObjMark_GetParamStringValue(mark, self.actual_text_p, None, 0, size_p)
            if size.value <= 2:  # just the UTF-16 terminator
                continue
            buf = ctypes.create_string_buffer(size.value)
            api.FPDFPageObjMark_GetParamStringValue(
                mark, self.actual_text_p, ctypes.addressof(buf), size.value, size_p
            )
            text = buf.raw[: size.value].decode("utf-16-le", "replace")
            # pdfium's test for "something to show" (CPDF_TextPage::PreMarkedContent)
            if any(0x80 < ord(c) < 0xFFFD or (ord(c) <= 0x80 and c.isprintable()) for c in text):
                return True
        return False

    def _dropped_spaces(self) -> int:
        """Add a space for each text object pdfium left out of its text page because its box
        is empty (a space glyph drawn on its own); returns how many. pdfminer keeps those
        spaces, and without them words drawn glyph by glyph run together."""
        api, seen, f = self.api, self.objects, self.f
        dropped = 0
        todo: list[tuple[int | None, tuple | None]] = [(None, None)]
        while todo:
            form, form_matrix = todo.pop()
            if form is None:
                count = api.FPDFPage_CountObjects(self.page)
            else:
                count = api.FPDFFormObj_CountObjects(form)
            for k in range(count):
                if form is None:
                    obj = api.FPDFPage_GetObject(self.page, k)
                else:
                    obj = api.FPDFFormObj_GetObject(form, k)
                if not obj or obj in seen:
                    continue
                kind = api.FPDFPageObj_GetType(obj)
                if kind == api.FORM:
                    api.FPDFPageObj_GetMatrix(obj, self.matrix_p)
                    todo.append((obj, _mul(_matrix(self.matrix), form_matrix)))
                    continue
                if kind != api.TEXT:
                    continue
                api.FPDFPageObj_GetBounds(obj, *self.f_p)
                if abs(f[2] - f[0]) >= 0.01:
                    continue  # a repeated object (fake bold): the layout pass drops those too
                icon, descent, is_type3 = self._font(api.FPDFTextObj_GetFont(obj))
                if icon:
                    continue
                api.FPDFPageObj_GetMatrix(obj, self.matrix_p)
                a, b, c, d, e, f_ = _mul(_matrix(self.matrix), form_matrix)
                f[0] = 0.0
                api.FPDFTextObj_GetFontSize(obj, self.f_p[0])
                size = f[0] * math.hypot(c, d)
                dx, dy, size, v0, v1, horizontal = _glyph_extent(
                    a, b, size, descent, e, f_, self.height
                )
                if is_type3:
                    self.type3.append((len(self.raw), a, b, size, e, f_))
                if horizontal:
                    self.raw.append((e, e, v0, v1, " ", size, dx, dy))
                else:
                    y = self.height - f_
                    self.raw.append((v0, v1, y, y, " ", size, dx, dy))
                dropped += 1
        return dropped

    def _align_type3(self) -> None:
        descents = [d for _icon, d, is_type3 in self.fonts.values() if is_type3]
        descent = min(descents, default=_TYPE3_DESCENT)
        if descent > -0.1:  # no subset with descenders: a typical value
            descent = _TYPE3_DESCENT
        raw = self.raw
        for index, a, b, size, ox, oy in self.type3:
            _dx, _dy, _size, v0, v1, horizontal = _glyph_extent(
                a, b, size, descent, ox, oy, self.height
            )
            x0, x1, top, bottom, *rest = raw[index]
            raw[index] = (x0, x1, v0, v1, *rest) if horizontal else (v0, v1, top, bottom, *rest)


def _glyph_extent(
    a: float, b: float, size: float, descent: float, ox: float, oy: float, height: float
) -> tuple[float, float, float, float, float, bool]:
    """Baseline direction and the glyph box's extent across the baseline, as pdfminer builds
    it: from ``descent * size`` to ``(descent + 1) * size`` above the baseline through the
    origin (ox, oy) in PDF space. Returns (dx, dy, size, v0, v1, horizontal) in page space
    with y growing downwards; v0..v1 is top..bottom for horizontal text, x0..x1 otherwise."""
    dx, dy = a, -b
    low = descent * size
    if abs(dx) >= abs(dy):
        if dx >= 0:  # upright
            return dx, dy, size, height - (oy + low + size), height - (oy + low), True
        return dx, dy, size, height - (oy - low), height - (oy - low - size), True
    if dy > 0:  # runs down the page: the glyphs' up is +x
        return dx, dy, size, ox + low, ox + low + size, False
    return dx, dy, size, ox - low - size, ox - low, False


def _matrix(m) -> tuple[float, float, float, float, float, float]:
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _mul(m1: tuple, m2: tuple | None) -> tuple:
    """m1 then m2 (PDF's row-vector convention); m2 None is the identity."""
    if m2 is None:
        return m1
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _ocr_pdf_pages(data: bytes, page_indexes: list[int], warnings: list[str]) -> dict[int, str]:
    """OCR the given pages (rendered by pdfium). Returns {page index: text}.

    Each page is rendered under the pdfium lock and read by tesseract outside it."""
    with _PDFIUM_LOCK:
        try:
            doc = _open_pdfium(data)
        except ExtractionError:
            warnings.append("The scanned pages could not be rendered for OCR.")
            return {}
        todo = [i for i in page_indexes if i < len(doc)]
    out: dict[int, str] = {}
    try:
        if len(todo) > MAX_OCR_PAGES:
            warnings.append(f"Only the first {MAX_OCR_PAGES} scanned pages were read with OCR.")
            todo = todo[:MAX_OCR_PAGES]
        for index in todo:
            with _PDFIUM_LOCK:
                page = doc[index]
                try:
                    w, h = page.get_size()
                    scale = OCR_DPI / 72
                    longest = max(w, h) * scale
                    if longest > OCR_MAX_SIDE_PX:
                        scale *= OCR_MAX_SIDE_PX / longest
                    if min(w, h) * scale < 8:
                        continue  # a page a few points wide holds nothing legible
                    bitmap = page.render(scale=scale, grayscale=True)
                    try:
                        image = bitmap.to_pil().copy()  # not tied to pdfium memory
                    finally:
                        bitmap.close()
                except Exception as exc:
                    logger.info("pdfium could not render page %s: %r", index, exc)
                    warnings.append(f"Page {index + 1} could not be rendered for OCR.")
                    continue
                finally:
                    page.close()
            out[index] = _ocr_image_obj(image, warnings)
    finally:
        with _PDFIUM_LOCK:
            doc.close()
    return out


def _ocr_image_obj(image, warnings: list[str]) -> str:
    import pytesseract

    try:
        text = pytesseract.image_to_string(image, lang=OCR_LANG, timeout=OCR_TIMEOUT_S)
    except RuntimeError as exc:  # pytesseract raises RuntimeError on timeout
        warnings.append("OCR timed out on a page.")
        logger.info("tesseract timeout: %r", exc)
        return ""
    except pytesseract.TesseractError as exc:
        warnings.append("OCR failed on a page.")
        logger.info("tesseract error: %r", exc)
        return ""
    text = normalise_text(text)
    # Tesseract turns pictures into a few stray symbols; require some real words.
    if not _has_meaningful_text(text, min_words=3):
        return ""
    return text


# --------------------------------------------------------------------------------------------
# Images
# --------------------------------------------------------------------------------------------

MAX_IMAGE_PIXELS = 60_000_000
MAX_IMAGE_FRAMES = MAX_OCR_PAGES


def _extract_image(data: bytes, content_type: str, *, ocr: bool) -> ExtractedText:
    if not (ocr and tesseract_available()):
        raise ExtractionError(_NO_TEXT_LAYER_NO_OCR, code="no_text_layer")
    from PIL import Image, ImageOps

    warnings: list[str] = []
    texts: list[str] = []
    try:
        with Image.open(io.BytesIO(data)) as img:
            n_frames = getattr(img, "n_frames", 1) or 1
            if n_frames > MAX_IMAGE_FRAMES:
                warnings.append(
                    f"Only the first {MAX_IMAGE_FRAMES} of {n_frames} pages were read with OCR."
                )
            for frame in range(min(n_frames, MAX_IMAGE_FRAMES)):
                img.seek(frame)
                if img.width * img.height > MAX_IMAGE_PIXELS:
                    raise ExtractionError(
                        "The image is too large to read. Upload a smaller scan or a PDF.",
                        code="too_large",
                    )
                page = ImageOps.exif_transpose(img)
                if page.mode not in ("L", "RGB", "1"):
                    page = page.convert("RGB")
                texts.append(_ocr_image_obj(page, warnings))
    except ExtractionError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ExtractionError(
            "The image is too large to read. Upload a smaller scan or a PDF.", code="too_large"
        ) from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ExtractionError(
            "The image is damaged and could not be read.", code="corrupt"
        ) from exc
    text = "\n\n".join(t for t in texts if t)
    if not _has_meaningful_text(text):
        raise ExtractionError(_NO_TEXT_LAYER_OCR_EMPTY, code="no_text_layer")
    return _finish(
        text,
        page_count=len(texts),
        content_type=content_type,
        method="ocr",
        warnings=warnings,
        paged=True,
    )


# --------------------------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_Q = lambda tag: f"{{{_W}}}{tag}"  # noqa: E731
_P, _TBL, _TR, _TC, _SDT, _SDTCONTENT = (
    _Q("p"),
    _Q("tbl"),
    _Q("tr"),
    _Q("tc"),
    _Q("sdt"),
    _Q("sdtContent"),
)
_T, _TAB, _BR, _CR, _TXBX = _Q("t"), _Q("tab"), _Q("br"), _Q("cr"), _Q("txbxContent")
_NBHYPHEN, _SOFTHYPHEN, _SYM = _Q("noBreakHyphen"), _Q("softHyphen"), _Q("sym")
_DEL, _MOVEFROM = _Q("del"), _Q("moveFrom")
_FALLBACK = f"{{{_MC}}}Fallback"
_CUSTOMXML, _SMARTTAG, _HYPERLINK, _INS, _MOVETO = (
    _Q("customXml"),
    _Q("smartTag"),
    _Q("hyperlink"),
    _Q("ins"),
    _Q("moveTo"),
)
# Cells this short, one paragraph each, are a data table: keep each row on one line.
_SHORT_CELL = 60


def _extract_docx(data: bytes) -> ExtractedText:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ExtractionError(
            "The Word document is damaged and could not be read. Save it again as DOCX or PDF.",
            code="corrupt",
        ) from exc
    except Exception as exc:
        raise ExtractionError(
            "The Word document is damaged and could not be read. Save it again as DOCX or PDF.",
            code="corrupt",
        ) from exc

    header_blocks: list[str] = []
    footer_blocks: list[str] = []
    seen: set[str] = set()
    for section in document.sections:
        for attr, target in (
            ("first_page_header", header_blocks),
            ("header", header_blocks),
            ("even_page_header", header_blocks),
            ("first_page_footer", footer_blocks),
            ("footer", footer_blocks),
            ("even_page_footer", footer_blocks),
        ):
            try:
                part = getattr(section, attr)
                if part.is_linked_to_previous:
                    continue
                element = part._element
            except Exception:  # a missing or broken part is just no header
                logger.debug("docx: no %s in a section", attr)
                continue
            text = "\n".join(_docx_blocks(element))
            if text.strip() and text not in seen:
                seen.add(text)
                target.append(text)

    body = document.element.body
    body_text = "\n".join(_docx_blocks(body))
    parts = [*header_blocks, body_text, *footer_blocks]
    return _finish(
        "\n\n".join(p for p in parts if p.strip()),
        page_count=1,
        content_type=DOCX,
        method="python-docx",
        hidden=_docx_hidden(document),
    )


def _docx_hidden(document) -> list[str]:
    """Per body paragraph, the text of its hidden, white or tiny (under 2 pt) runs."""
    from docx.shared import Pt

    found: list[str] = []
    for paragraph in document.paragraphs:
        run_text = []
        for run in paragraph.runs:
            font = run.font
            try:
                white = font.color is not None and str(font.color.rgb or "").upper() == "FFFFFF"
            except (AttributeError, ValueError):
                white = False
            tiny = font.size is not None and font.size < Pt(2)
            if font.hidden or white or tiny:
                run_text.append(run.text)
        text = "".join(run_text).strip()
        if len(text) >= HIDDEN_MIN_CHARS:
            found.append(text[:MAX_HIDDEN_PASSAGE_CHARS])
            if len(found) >= MAX_HIDDEN_PASSAGES:
                break
    return found


def _docx_blocks(container) -> Iterator[str]:
    """Yield the text of paragraphs and tables under `container`, in document order."""
    for child in container.iterchildren():
        tag = child.tag
        if tag == _P:
            text, boxes = _docx_paragraph(child)
            yield text
            for box in boxes:
                yield from _docx_blocks(box)
        elif tag == _TBL:
            yield from _docx_table(child)
            yield ""
        elif tag in (_SDT, _SDTCONTENT, _CUSTOMXML, _INS, _MOVETO):
            target = child.find(_SDTCONTENT) if tag == _SDT else child
            if target is not None:
                yield from _docx_blocks(target)


def _docx_table(tbl) -> Iterator[str]:
    for tr in tbl.iterchildren(_TR, _SDT, _CUSTOMXML):
        cells = []
        for tc in tr.iter(_TC):
            # Only the cells of this row, not of tables nested inside them.
            if _nearest(tc, _TR) is not tr:
                continue
            cells.append([b for b in _docx_blocks(tc)])
        texts = ["\n".join(b for b in cell if b.strip()) for cell in cells]
        texts = [t for t in texts if t.strip()]
        if not texts:
            continue
        if all("\n" not in t and len(t) <= _SHORT_CELL for t in texts):
            yield " | ".join(t.strip() for t in texts)
        else:
            for t in texts:
                yield t
                yield ""


def _nearest(el, tag):
    parent = el.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def _docx_paragraph(p) -> tuple[str, list]:
    """Text of one paragraph (runs, hyperlinks, fields' results) and its text boxes."""
    parts: list[str] = []
    boxes = []

    def walk(el) -> None:
        for child in el.iterchildren():
            tag = child.tag
            if not isinstance(tag, str):
                continue  # comments, processing instructions
            if tag == _T:
                parts.append(child.text or "")
            elif tag == _TAB:
                parts.append("\t")
            elif tag in (_BR, _CR):
                parts.append("\n")
            elif tag == _NBHYPHEN:
                parts.append("-")
            elif tag == _TXBX:
                boxes.append(child)
            elif tag in (_DEL, _MOVEFROM, _FALLBACK, _SOFTHYPHEN, _SYM):
                continue  # deleted text, VML duplicates of text boxes, optional hyphens
            elif tag == _P:
                # A paragraph nested directly (rare outside text boxes).
                text, inner = _docx_paragraph(child)
                parts.append("\n" + text + "\n")
                boxes.extend(inner)
            else:
                walk(child)

    walk(p)
    return "".join(parts), boxes


# --------------------------------------------------------------------------------------------
# RTF
# --------------------------------------------------------------------------------------------

_RTF_TOKEN = re.compile(
    r"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?"  # control word with its optional argument
    r"|\\'([0-9a-fA-F]{2})"  # hex-escaped byte
    r"|\\([^a-zA-Z])"  # control symbol
    r"|([{}])|[\r\n]+|([^\\{}\r\n]+)"
)
# Destinations whose content is not document text.
_RTF_SKIP_DEST = frozenset(
    [
        "fonttbl",
        "colortbl",
        "stylesheet",
        "info",
        "pict",
        "object",
        "objdata",
        "themedata",
        "colorschememapping",
        "datastore",
        "latentstyles",
        "listtable",
        "listoverridetable",
        "revtbl",
        "rsidtbl",
        "generator",
        "xmlnstbl",
        "filetbl",
        "mmathPr",
        "fldinst",
        "bkmkstart",
        "bkmkend",
        "nonshppict",
        "shpinst",
        "header",
        "headerl",
        "headerr",
        "headerf",
        "footnote",
        "annotation",
        "atnid",
        "atnauthor",
        "comment",
        "private",
        "userprops",
        "docvar",
        "pgdsctbl",
        "xmlopen",
        "xmlclose",
        "wgrffmtfilter",
        "listtext",
        "pntext",
        "pntxta",
        "pntxtb",
        "fchars",
        "lchars",
    ]
)
_RTF_KEEP_HEADERS = frozenset(
    {"header", "headerl", "headerr", "headerf", "footer", "footerl", "footerr", "footerf"}
)
_RTF_SPECIAL = {
    "par": "\n",
    "line": "\n",
    "sect": "\n\n",
    "page": "\n\n",
    "row": "\n",
    "cell": " | ",
    "nestcell": " | ",
    "tab": "\t",
    "emdash": "\u2014",
    "endash": "\u2013",
    "emspace": " ",
    "enspace": " ",
    "qmspace": " ",
    "bullet": "\u2022",
    "lquote": "\u2018",
    "rquote": "\u2019",
    "ldblquote": "\u201c",
    "rdblquote": "\u201d",
    "~": "\u00a0",
    "-": "",
    "_": "-",
}


def _rtf_to_text(rtf: str) -> str:
    """Strip RTF control words, keeping the document text (headers and footers included)."""
    out: list[str] = []
    stack: list[tuple[bool, int, str]] = []
    skip = False  # inside a destination we drop
    uc = 1  # bytes to skip after \\uN
    pending_skip = 0
    codepage = "cp1252"
    hexbuf = bytearray()

    def flush_hex() -> None:
        if hexbuf:
            out.append(bytes(hexbuf).decode(codepage, "replace"))
            hexbuf.clear()

    for m in _RTF_TOKEN.finditer(rtf):
        word, arg, hexcode, symbol, brace, chunk = m.groups()
        if hexcode is not None:
            if pending_skip:
                pending_skip -= 1
                continue
            if not skip:
                hexbuf.append(int(hexcode, 16))
            continue
        flush_hex()
        if brace == "{":
            stack.append((skip, uc, codepage))
            continue
        if brace == "}":
            if stack:
                skip, uc, codepage = stack.pop()
            pending_skip = 0
            continue
        if symbol is not None:
            if symbol == "*":
                skip = True  # {\* ...}: an ignorable destination
            elif not skip:
                if symbol in "\\{}":
                    out.append(symbol)
                elif symbol in "\r\n":
                    out.append("\n")
                else:
                    out.append(_RTF_SPECIAL.get(symbol, ""))
            continue
        if word is not None:
            if pending_skip:
                pending_skip = 0
            if word in _RTF_KEEP_HEADERS:
                out.append("\n")
                continue
            if word in _RTF_SKIP_DEST:
                skip = True
            elif word == "uc" and arg is not None:
                uc = max(int(arg), 0)
            elif word == "ansicpg" and arg is not None:
                cp = f"cp{int(arg)}"
                try:
                    codecs.lookup(cp)
                    codepage = cp
                except LookupError:
                    pass
            elif word == "u" and arg is not None:
                if not skip:
                    code = int(arg)
                    if code < 0:
                        code += 65536
                    out.append(chr(code) if code < 0x110000 else "")
                pending_skip = uc
            elif word == "bin" and arg is not None:
                skip_bytes = int(arg)
                del skip_bytes  # binary data is inside a skipped destination in practice
            elif not skip and word in _RTF_SPECIAL:
                out.append(_RTF_SPECIAL[word])
            continue
        if m.group(0)[:1] in "\r\n":
            continue  # raw line breaks in RTF source are not text
        if chunk is not None:
            if pending_skip:
                drop = min(pending_skip, len(chunk))
                chunk = chunk[drop:]
                pending_skip -= drop
            if not skip:
                out.append(chunk)
    flush_hex()
    return "".join(out)


def _extract_rtf(data: bytes) -> ExtractedText:
    text = _rtf_to_text(data.decode("latin-1"))
    return _finish(text, page_count=1, content_type=RTF, method="rtf")


# --------------------------------------------------------------------------------------------
# HTML and plain text
# --------------------------------------------------------------------------------------------

_HTML_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "svg",
        "canvas",
        "iframe",
        "object",
    }
)
_HTML_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
        "caption",
    ]
)
_HTML_VOID = frozenset(
    {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "wbr"}
)


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.pre_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in _HTML_SKIP:
            if tag not in _HTML_VOID:
                self.skip_depth += 1
            return
        if tag == "br":
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" | ")
        elif tag == "li":
            self.parts.append("\n\u2022 ")
        elif tag == "pre":
            self.pre_depth += 1
            self.parts.append("\n\n")
        elif tag in _HTML_BLOCK:
            self.parts.append(
                "\n\n"
                if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "section", "table")
                else "\n"
            )

    def handle_startendtag(self, tag, attrs):
        if tag == "br" or tag == "hr":
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _HTML_SKIP:
            if self.skip_depth:
                self.skip_depth -= 1
            return
        if tag == "pre" and self.pre_depth:
            self.pre_depth -= 1
        if tag in _HTML_BLOCK or tag == "pre":
            self.parts.append(
                "\n\n"
                if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "section", "table")
                else "\n"
            )

    def handle_data(self, data):
        if self.skip_depth:
            return
        if not self.pre_depth:
            data = re.sub(r"\s+", " ", data)
        self.parts.append(data)

    def text(self) -> str:
        raw = "".join(self.parts)
        raw = re.sub(r"(^|\n)[ \t]*\|[ \t]*", r"\1", raw)  # a row's first cell separator
        return raw


def _html_to_text(markup: str) -> str:
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    return parser.text()


def _extract_html(data: bytes, content_type: str) -> ExtractedText:
    markup, _encoding = _decode_text(data)
    meta = re.search(r"<meta[^>]+charset=[\"']?([A-Za-z0-9_\-]+)", markup[:4096], re.I)
    if meta and _encoding in ("cp1252", "latin-1"):
        with contextlib.suppress(LookupError):
            markup = data.decode(meta.group(1), "replace")
    return _finish(_html_to_text(markup), page_count=1, content_type=content_type, method="html")


def _extract_plain(data: bytes, content_type: str) -> ExtractedText:
    text, encoding = _decode_text(data)
    warnings = () if encoding.startswith("utf") else (f"Decoded as {encoding}.",)
    return _finish(text, page_count=1, content_type=content_type, method="text", warnings=warnings)

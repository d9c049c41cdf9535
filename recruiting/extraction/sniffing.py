"""The type of an upload, from its content.

The type comes from the bytes (magic numbers, the parts inside a zip), never from the extension
or the client's content type: the file name only breaks ties between text-like types. The
content-type constants here are the vocabulary the rest of intake uses.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile

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


_TEXT_EXTENSIONS = {
    ".txt": TEXT,
    ".text": TEXT,
    ".md": MARKDOWN,
    ".markdown": MARKDOWN,
    ".htm": HTML,
    ".html": HTML,
    ".xhtml": HTML,
}


def file_extension(filename: str) -> str:
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].lower()
    dot = name.rfind(".")
    return name[dot:] if dot > 0 else ""


# Signatures at the start of a file, as (prefixes, type). No two types share a prefix, so the
# order does not matter; the checks of _sniff_structure do not overlap with these either.
_MAGIC: tuple[tuple[tuple[bytes, ...], str], ...] = (
    ((b"%PDF-",), PDF),
    ((b"\x89PNG\r\n\x1a\n",), PNG),
    ((b"\xff\xd8\xff",), JPEG),
    ((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"), TIFF),
    ((b"GIF87a", b"GIF89a"), GIF),
    ((b"MZ",), EXE_WINDOWS),
    ((b"\x7fELF",), EXE),
    ((b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe"), MACHO),
    ((b"\x1f\x8b",), "application/gzip"),
    ((b"7z\xbc\xaf\x27\x1c",), "application/x-7z-compressed"),
    ((b"Rar!\x1a\x07",), "application/vnd.rar"),
    ((b"BZh",), "application/x-bzip2"),
    ((b"\xfd7zXZ\x00",), "application/x-xz"),
    ((b"ID3", b"\xff\xfb"), "audio/mpeg"),
)


def detect_content_type(data: bytes, filename: str = "") -> str:
    """Sniff the MIME type from the bytes (magic numbers), not from the extension.

    The file name is used only to choose between text-like types (plain text, HTML, Markdown)
    when the content does not settle it.
    """
    head = bytes(data[:2048])
    if not head:
        return TEXT if file_extension(filename) in _TEXT_EXTENSIONS else OCTET
    for prefixes, content_type in _MAGIC:
        if head.startswith(prefixes):
            return content_type
    found = _sniff_structure(head, data)
    if found:
        return found
    # Checked last: these look past the first bytes, where another signature may sit.
    if head[4:8] == b"ftyp":
        return "video/mp4"
    # PDF readers accept junk before the header (within the first 1024 bytes).
    if b"%PDF-" in head[:1024]:
        return PDF
    return _sniff_text(data, filename)


def _sniff_structure(head: bytes, data: bytes) -> str | None:
    """Types a plain prefix does not settle: a container to look into, or a second field."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[:2] == b"BM" and len(head) >= 26 and head[6:10] == b"\x00\x00\x00\x00":
        return BMP
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
    return None


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
    ext = file_extension(filename)
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

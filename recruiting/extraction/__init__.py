"""Turn an uploaded resume file into normalised plain text.

Pure Python, no Django imports: the web layer, the Celery workers and the tests all call
:func:`extract_text` with the raw bytes of an upload and either get an :class:`ExtractedText`
or an :class:`ExtractionError` whose ``reason`` can be shown to a recruiter as is.

Where things are:

* ``extract``: :func:`extract_text`, the entry point: size checks, the reader for the type,
  errors turned into recruiter-readable reasons, the note when the extension lies.
* ``sniffing``: :func:`detect_content_type` from the bytes, and the content-type constants.
* ``result``: :class:`ExtractedText`, :func:`normalise_text`, and ``finish`` every reader ends
  with. ``errors``: :class:`ExtractionError`, its codes and the shared reasons.
* ``pdf``: the PDF path (pdfium first, pdfminer through pdfplumber for the pages pdfium is not
  trusted on, OCR for pages without text) and its measurements. ``pdfium``: pdfium's characters
  made to look like pdfminer's. ``layout``: characters to words, lines, blocks and columns in
  reading order, shared by both PDF readers. ``hidden``: text a reader cannot see.
* ``ocr``: tesseract on images and scanned pages. ``docx``, ``rtf``, ``html``, ``plaintext``:
  the other document types. ``limits``: what one file may cost (pages, pixels, OCR time).
"""

from recruiting.extraction.errors import ERROR_CODES, ExtractionError
from recruiting.extraction.extract import extract_text
from recruiting.extraction.ocr import tesseract_available
from recruiting.extraction.result import ExtractedText, normalise_text
from recruiting.extraction.sniffing import (
    DOC,
    DOCX,
    EXE,
    EXE_WINDOWS,
    IMAGE_TYPES,
    JPEG,
    MACHO,
    OCTET,
    ODT,
    OLE,
    PDF,
    PNG,
    RTF,
    TEXT,
    XML,
    ZIP,
    detect_content_type,
)

__all__ = [
    "DOC",
    "DOCX",
    "ERROR_CODES",
    "EXE",
    "EXE_WINDOWS",
    "IMAGE_TYPES",
    "JPEG",
    "MACHO",
    "OCTET",
    "ODT",
    "OLE",
    "PDF",
    "PNG",
    "RTF",
    "TEXT",
    "XML",
    "ZIP",
    "ExtractedText",
    "ExtractionError",
    "detect_content_type",
    "extract_text",
    "normalise_text",
    "tesseract_available",
]

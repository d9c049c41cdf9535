"""What a recruiter is told when a file cannot be read.

Every failure is an :class:`ExtractionError` with a stable ``code`` (what the pipeline acts on)
and a ``reason`` shown verbatim. The reasons several readers share are here, so their wording is
reviewed in one place.
"""

from __future__ import annotations

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


NO_TEXT_LAYER_NO_OCR = (
    "Scanned document, no text layer: install OCR (tesseract) or upload a text PDF."
)
NO_TEXT_LAYER_OCR_EMPTY = (
    "Scanned document, no text layer: OCR found no readable text in it. Upload a text PDF or DOCX."
)
ENCRYPTED_REASON = (
    "The PDF is password-protected. Remove the password (or print it "
    "to a new PDF) and upload it again."
)
NO_PAGES_REASON = "The PDF has no pages."
CORRUPT_PDF_REASON = (
    "The PDF is damaged or truncated and could not be read. Export it again and re-upload it."
)

"""PDF: which reader reads which page, and pdfminer's reading (through pdfplumber).

pdfium's characters (:mod:`recruiting.extraction.pdfium`) are read first. pdfminer reads the
pages pdfium's text is not trusted on (right-to-left scripts, printable glyphs without a
Unicode mapping, /ActualText spans, pages where pdfium dropped more text objects than it kept),
and the whole file when pdfium cannot open it or fails on a page; pdfium's text stays when
pdfminer fails on a page handed to it. Pages with no text left go to OCR. Both readers hand
their characters to the same layout pass, so the text is the same whichever read a page.

Numbers (``bench/extract_compare.py``, the 87 PDFs of the livecareer and layouts dev sets,
2 vCPU shared with other work, so absolute times vary by ~30%; ``= ref``: outputs identical to
pdfminer characters + layout pass, the previous production path)::

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
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from recruiting.extraction import pdfium
from recruiting.extraction.errors import (
    CORRUPT_PDF_REASON,
    ENCRYPTED_REASON,
    NO_PAGES_REASON,
    NO_TEXT_LAYER_NO_OCR,
    NO_TEXT_LAYER_OCR_EMPTY,
    ExtractionError,
)
from recruiting.extraction.hidden import (
    HIDDEN_FONT_SIZE,
    HIDDEN_LUMINANCE,
    HiddenRuns,
    hidden_passages,
    luminance,
)
from recruiting.extraction.layout import ICON_FONT, page_text_from_raw
from recruiting.extraction.limits import MAX_PDF_PAGES
from recruiting.extraction.ocr import ocr_pdf_pages, tesseract_available
from recruiting.extraction.result import ExtractedText, finish, has_meaningful_text, normalise_text
from recruiting.extraction.sniffing import PDF

logger = logging.getLogger(__name__)


@dataclass
class _Pages:
    """What the readers made of a PDF so far: a text per page read, the indexes of the pages
    without text, which reader(s) read it, and each page's runs of hidden characters."""

    texts: list[str]
    count: int
    empty: list[int]
    method: str
    hidden: dict[int, list[list[tuple]]]


def extract_pdf(data: bytes, *, ocr: bool) -> ExtractedText:
    warnings: list[str] = []
    pages = _read_pages(data, warnings)
    if pages.empty:
        _read_empty_pages(data, pages, warnings, ocr=ocr)
    text = "\n\n".join(t for t in pages.texts if t)
    if not has_meaningful_text(normalise_text(text)):
        if pages.empty and ocr and tesseract_available():
            raise ExtractionError(NO_TEXT_LAYER_OCR_EMPTY, code="no_text_layer")
        raise ExtractionError(NO_TEXT_LAYER_NO_OCR, code="no_text_layer")
    return finish(
        text,
        page_count=pages.count,
        content_type=PDF,
        method=pages.method,
        warnings=warnings,
        paged=True,
        hidden=hidden_passages(pages.hidden[i] for i in sorted(pages.hidden)),
    )


def _read_pages(data: bytes, warnings: list[str]) -> _Pages:
    untrusted: list[int] = []
    hidden: dict[int, list[list[tuple]]] = {}
    try:
        texts, count, empty = pdfium.page_texts(data, warnings, untrusted=untrusted, hidden=hidden)
    except ExtractionError as err:
        if err.code == "encrypted":
            raise
        # pdfium rejects the file: pdfminer reads some damaged files pdfium does not.
        return _pdfminer_fallback(data, warnings)
    except Exception as exc:  # pdfium opened the file but failed on a page
        logger.info("pdfium failed (%r); trying pdfminer", exc)
        warnings.clear()
        return _pdfminer_fallback(data, warnings)
    if count == 0:
        return _pdfminer_page_tree(data, warnings)
    pages = _Pages(texts, count, empty, "pypdfium2", hidden)
    if untrusted:
        _reread_untrusted(data, pages, untrusted)
    return pages


def _pdfminer_fallback(data: bytes, warnings: list[str]) -> _Pages:
    """All pages through pdfminer, for a file pdfium cannot read."""
    hidden: dict[int, list[list[tuple]]] = {}
    try:
        texts, count, empty = pdfminer_page_texts(data, warnings, hidden=hidden)
    except Exception as exc:
        if _pdf_is_password_error(exc):
            raise ExtractionError(ENCRYPTED_REASON, code="encrypted") from None
        logger.info("pdfminer failed too (%r)", exc)
        raise ExtractionError(CORRUPT_PDF_REASON, code="corrupt") from None
    if count == 0:
        raise ExtractionError(NO_PAGES_REASON, code="corrupt")
    warnings.append("The PDF is damaged; text was recovered with a fallback reader.")
    return _Pages(texts, count, empty, "pdfplumber", hidden)


def _pdfminer_page_tree(data: bytes, warnings: list[str]) -> _Pages:
    """pdfium found no pages: it can miss the page tree of a malformed file; ask pdfminer."""
    hidden: dict[int, list[list[tuple]]] = {}
    try:
        texts, count, empty = pdfminer_page_texts(data, warnings, hidden=hidden)
    except Exception as exc:
        if _pdf_is_password_error(exc):
            raise ExtractionError(ENCRYPTED_REASON, code="encrypted") from None
        raise ExtractionError(NO_PAGES_REASON, code="corrupt") from None
    if count == 0:
        raise ExtractionError(NO_PAGES_REASON, code="corrupt")
    return _Pages(texts, count, empty, "pdfplumber", hidden)


def _reread_untrusted(data: bytes, pages: _Pages, untrusted: list[int]) -> None:
    """Pages whose pdfium text we do not trust (right-to-left scripts, unmapped glyphs,
    /ActualText): read them with pdfminer, keeping pdfium's text if pdfminer fails."""
    redone_hidden: dict[int, list[list[tuple]]] = {}
    try:
        redone, _n, _empty = pdfminer_page_texts(data, [], pages=untrusted, hidden=redone_hidden)
    except Exception as exc:
        logger.info("pdfminer failed on pages %s (%r); keeping pdfium's text", untrusted, exc)
        return
    for index, text in zip(untrusted, redone, strict=True):
        pages.texts[index] = text
        pages.hidden.pop(index, None)
    pages.hidden.update(redone_hidden)
    pages.method = "pdfplumber" if len(untrusted) == pages.count else "pypdfium2+pdfplumber"
    pages.empty = [i for i, t in enumerate(pages.texts) if not normalise_text(t)]


def _read_empty_pages(data: bytes, pages: _Pages, warnings: list[str], *, ocr: bool) -> None:
    """OCR the pages without text when it can run; otherwise say they were skipped."""
    if ocr and tesseract_available():
        ocr_texts = ocr_pdf_pages(data, pages.empty, warnings)
        for idx, text in ocr_texts.items():
            pages.texts[idx] = text
        if ocr_texts and any(has_meaningful_text(t) for t in ocr_texts.values()):
            pages.method = "ocr" if len(pages.empty) == pages.count else pages.method + "+ocr"
    elif len(pages.empty) < pages.count:
        warnings.append(
            f"{len(pages.empty)} of {pages.count} pages have no text layer (scanned) "
            "and were skipped."
        )


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


def pdfminer_page_texts(
    data: bytes,
    warnings: list[str],
    *,
    pages: Sequence[int] | None = None,
    hidden: dict[int, list[list[tuple]]] | None = None,
) -> tuple[list[str], int, list[int]]:
    """Page texts from pdfminer's characters (through pdfplumber) and our layout pass.

    With `pages`, only those page indexes are read and the texts come back in that order.
    With a `hidden` dict, each page's runs of hidden characters (as the pdfium reader finds
    them) go in it by page index."""
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
            raw, runs = _pdfminer_chars(page)
            if hidden is not None and runs.runs:
                hidden[index] = runs.chars(raw)
            page_text = page_text_from_raw(raw)
            if not normalise_text(page_text):
                empty_pages.append(index)
            pages_text.append(page_text)
            page.close()  # frees pdfplumber's per-page caches
    return pages_text, min(n_pages, MAX_PDF_PAGES) if n_pages else 0, empty_pages


def _pdfminer_chars(page) -> tuple[list[tuple], HiddenRuns]:
    """A pdfplumber page's characters as raw tuples for the layout pass (icon fonts left
    out), and the runs of those a reader cannot see."""
    raw = []
    runs = HiddenRuns()
    left, top, right, bottom = page.bbox
    for c in page.chars:
        text = c.get("text") or ""
        fontname = c.get("fontname") or ""
        if ICON_FONT.search(fontname):
            continue
        a, b = (c.get("matrix") or (1, 0, 0, 1, 0, 0))[:2]
        size = float(c.get("size") or 0)
        fill = luminance(c.get("non_stroking_color"))
        if (
            0 < size < HIDDEN_FONT_SIZE
            or (fill is not None and fill > HIDDEN_LUMINANCE)
            or c["x1"] < left
            or c["x0"] > right
            or c["bottom"] < top
            or c["top"] > bottom
        ):
            runs.hide(len(raw))
        elif not text.isspace():
            runs.show()
        raw.append((c["x0"], c["x1"], c["top"], c["bottom"], text, size, a, -b))
    return raw, runs

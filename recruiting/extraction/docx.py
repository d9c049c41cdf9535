"""Word (DOCX) documents: body, tables, text boxes, headers and footers, in document order.

The XML is walked directly rather than through python-docx's paragraphs, which miss text
boxes, content controls and tracked insertions; deleted text and the VML duplicates of text
boxes are left out. Hidden, white and tiny runs are reported as hidden passages.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterator

from recruiting.extraction.errors import ExtractionError
from recruiting.extraction.hidden import (
    HIDDEN_MIN_CHARS,
    MAX_HIDDEN_PASSAGE_CHARS,
    MAX_HIDDEN_PASSAGES,
)
from recruiting.extraction.result import ExtractedText, finish
from recruiting.extraction.sniffing import DOCX

logger = logging.getLogger(__name__)

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


def extract_docx(data: bytes) -> ExtractedText:
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
    return finish(
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

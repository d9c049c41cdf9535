"""What every reader returns: :class:`ExtractedText`, normalised and bounded.

Each reader hands its raw text to :func:`finish`, which normalises it (:func:`normalise_text`),
refuses text without a word in it, and cuts it to the stored length.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from recruiting.extraction.errors import NO_TEXT_LAYER_NO_OCR, ExtractionError
from recruiting.textbounds import MAX_TEXT_CHARS, bound_text


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


def has_meaningful_text(text: str, *, min_words: int = 1) -> bool:
    return len(_WORDISH.findall(text)) >= min_words


def finish(
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
    if not has_meaningful_text(text):
        if paged:
            raise ExtractionError(NO_TEXT_LAYER_NO_OCR, code="no_text_layer")
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

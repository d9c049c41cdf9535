"""What every reader returns: :class:`ExtractedText`, normalised and bounded.

Each reader hands its raw text to :func:`finish`, which normalises it (:func:`normalise_text`),
refuses text without a word in it, and cuts it to the stored length.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from recruiting.extraction.errors import NO_TEXT_LAYER_NO_OCR, ExtractionError
from recruiting.text.cleanup import normalise_text
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

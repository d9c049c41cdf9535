"""Hidden text: what the reader of a file cannot see.

Characters drawn in a fill near white, under :data:`HIDDEN_FONT_SIZE` or outside the page are
noted by the PDF readers as they read (:class:`HiddenRuns`) and turned into passages here
(:func:`hidden_passages`). The passages stay in the extracted text: the screening guardrails
cut them out and flag them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from recruiting.extraction.layout import page_text_from_raw
from recruiting.extraction.result import normalise_text

# A passage shorter than this is noise (a white bullet, a stray space run), not a message.
HIDDEN_MIN_CHARS = 12
MAX_HIDDEN_PASSAGES = 50
MAX_HIDDEN_PASSAGE_CHARS = 1000
_MAX_HIDDEN_PDF_CHARS = 20_000  # hidden characters kept per file: the work stays bounded
HIDDEN_LUMINANCE = 0.92  # fill at least this light is invisible on a white page
HIDDEN_FONT_SIZE = 4.0  # points


class HiddenRuns:
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


def luminance(color) -> float | None:
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


def hidden_passages(pages: Iterable[list[list[tuple]]]) -> list[str]:
    """Passages from the hidden runs of each page: each run laid out like a page, one passage
    a line, as long as the extracted text would hold it (cell marks dropped), capped."""
    found: list[str] = []
    budget = _MAX_HIDDEN_PDF_CHARS
    for runs in pages:
        for run in runs:
            run = run[:budget]
            budget -= len(run)
            for line in normalise_text(page_text_from_raw(run)).splitlines():
                passage = " ".join(w for w in line.split() if w != "|")
                if len(passage) >= HIDDEN_MIN_CHARS:
                    found.append(passage[:MAX_HIDDEN_PASSAGE_CHARS])
                    if len(found) >= MAX_HIDDEN_PASSAGES:
                        return found
            if budget <= 0:
                return found
    return found

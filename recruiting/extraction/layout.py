"""Reading order: a page's characters into words, lines, blocks and columns.

Both PDF readers hand their characters here as raw tuples ``(x0, x1, top, bottom, text, size,
dx, dy)`` (:func:`page_text_from_raw`), so the text is the same whichever read the page. Words
are rebuilt from characters with a gap threshold relative to the font size (so tight pdfTeX
spacing does not glue words), lines are grouped, and a page region is split into columns only
where a vertical gutter runs through a band of lines with no text crossing it *and* the two
sides read as independent text. A narrow column of short lines that sit on the same rows as
the other side (dates, places, labels) is an annotation of those rows, so that band is read row
by row instead ("2019-2021 Job title"). Page rotation is undone from the character directions.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass


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
ICON_FONT = re.compile(
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
    start, end = _trim_band(rows, start, end, (lo + hi) / 2)
    return _Band(start, end, lo, hi)


def _trim_band(rows: list[_Row], start: int, end: int, mid: float) -> tuple[int, int]:
    """A band stopped by a line that crosses the gutter: a few trailing (or leading) lines with
    text on one side only, set off by a wider vertical gap, belong to what crosses (a section
    heading above a full-width entry), not to the columns."""
    left_idx = [k for k in range(start, end + 1) if any(w.x1 <= mid for w in rows[k].words)]
    right_idx = [k for k in range(start, end + 1) if any(w.x0 >= mid for w in rows[k].words)]
    if not (left_idx and right_idx):
        return start, end
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
    return start, end


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


def page_text_from_raw(raw: Sequence[tuple], *, dedupe: bool = True) -> str:
    blocks: list[list[str]] = []
    for chars in _upright_chars(raw):
        blocks.extend(_layout_blocks(_chars_to_words(chars, dedupe=dedupe)))
    return _blocks_to_text(blocks)

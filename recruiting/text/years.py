"""Years of experience from date ranges: month arithmetic shared by the parser and the scorer.

A month is an index ``year * 12 + month - 1``. A range becomes a half-open interval of months
``[start, end)``: a range with months counts both end months ("Jan 2019 - Dec 2019" is 12
months); a year-only range counts whole years ("2014 - 2016" is 24 months, "2016 - 2016" is
12); "Present" runs to the end of the as-of month. Overlapping intervals count once.
"""

from __future__ import annotations

from datetime import date

from recruiting.text.dates import DateParts, DateRange

Interval = tuple[int, int]


def month_of(day: date) -> int:
    """The month index of ``day``."""
    return day.year * 12 + day.month - 1


def month_index(d: DateParts, *, is_end: bool) -> int:
    """Where a date starts (or, as a range's end, where it stops) in month indexes."""
    y, m = d
    if m is None:
        return y * 12  # January; for an end that means "up to the start of that year"
    return y * 12 + (m - 1) + (1 if is_end else 0)


def range_contains(outer: DateRange, inner: DateRange) -> bool:
    far = date.max.year * 12
    o_s = month_index(outer.start, is_end=False)
    o_e = month_index(outer.end, is_end=True) if outer.end else far
    i_s = month_index(inner.start, is_end=False)
    i_e = month_index(inner.end, is_end=True) if inner.end else far
    return o_s <= i_s and i_e <= o_e


def interval(r: DateRange, as_of: date) -> Interval | None:
    """Half-open month interval ``[start, end)`` of a range, cut at the end of ``as_of``'s
    month; None for a range that starts later or is empty."""
    limit = month_of(as_of) + 1
    start = month_index(r.start, is_end=False)
    if r.end is None:
        end = limit
    else:
        end = month_index(r.end, is_end=True)
        if r.end[1] is None:
            if r.start[1] is None and r.end[0] == r.start[0]:
                end = start + 12  # "2016 - 2016"
            elif r.start[1] is not None:
                end = max(end, start + 1)
    end = min(end, limit)
    if start >= limit or end <= start:
        return None
    return start, end


def union_months(intervals: list[Interval]) -> int:
    """Months covered by the intervals, overlaps counted once."""
    total = 0
    cur_s = cur_e = None
    for s, e in sorted(intervals):
        if cur_e is None or s > cur_e:
            if cur_e is not None:
                total += cur_e - cur_s
            cur_s, cur_e = s, e
        else:
            cur_e = max(cur_e, e)
    if cur_e is not None:
        total += cur_e - cur_s
    return total


def years_between(intervals: list[Interval]) -> float:
    """Years covered by the intervals (overlaps once), with one decimal: what the candidate
    page shows and what the scorer counts."""
    return round(union_months(intervals) / 12.0, 1)

"""Dates and date ranges as resumes write them: one grammar for every reader.

Reads month names and abbreviations ("Jan 2019", "Sept. '16"), seasons ("Summer 2016"),
numeric forms ("03/2016", "3/15/2016", "03-2016", "2016-03", "01/16"), bare years, two-digit
end years ("2016 – 22") and open ends ("Present", "Current", "to date", "heute"). A date is
``(year, month or None)``; a range's end is ``None`` when it runs to the present.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
    # a season is read as its first month
    "spring": 3,
    "summer": 6,
    "fall": 9,
    "autumn": 9,
    "winter": 12,
}
MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|spring|summer|fall|autumn|winter)"
)
YEAR_RE = r"(?:19[5-9]\d|20[0-4]\d)"
DATE_RE = (
    r"(?:"
    + MONTH_RE
    + r"\.?,?\s*(?:'|’)?(?:"
    + YEAR_RE
    + r"|(?<=['’])\d{2})"  # Jan 2019, Jan. '19
    + r"|(?:0?[1-9]|1[0-2])\s?[/.]\s?(?:[0-3]?\d\s?[/.]\s?)?"
    + YEAR_RE  # 03/2016, 3/15/2016
    + r"|(?:0?[1-9]|1[0-2])-"
    + YEAR_RE  # 03-2016
    + r"|"
    + YEAR_RE
    + r"[/.-](?:0[1-9]|1[0-2])(?![\d])(?:[/.-][0-3]\d)?"  # 2016-03, 2016-03-15
    + r"|(?:0[1-9]|1[0-2])/\d{2}(?![\d/])"  # 03/16
    + r"|['’]\d{2}(?![\d'’])"  # '16
    + r"|"
    + YEAR_RE
    + r")"
)
PRESENT_RE = (
    r"(?:present|current(?:ly)?|now|today|ongoing|to\s+date|till\s+date|date|"
    r"till\s+now|until\s+now|still\s+employed|heute)"
)
SEP_RE = r"\s*(?:-{1,2}|–|—|~|\bto\b:?|\buntil\b|\btill\b|\bthrough\b|\bthru\b|\band\b)\s*"
RANGE_RE = re.compile(
    r"(?<![\w/.])(?:from:?\s+)?(?P<a>"
    + DATE_RE
    + r")"
    + SEP_RE
    + r"(?P<b>"
    + DATE_RE
    + r"|"
    + PRESENT_RE
    + r"|(?<=[-–—\s])\d{2}(?![\d.,]))(?![\w/])",  # "2016 – 22"
    re.IGNORECASE,
)
_SINCE_RE = re.compile(r"\b(?:since|from)\s+(?P<a>" + DATE_RE + r")(?![\w/])", re.IGNORECASE)
OPEN_RANGE_RE = re.compile(
    r"(?<![\w/.])(?P<a>" + DATE_RE + r")\s*(?:-{1,2}|–|—|\bto\b)\s*(?=$|[A-Za-z])",
    re.IGNORECASE,
)
LINE_START_END_RE = re.compile(
    r"^(?P<b>" + DATE_RE + r"|" + PRESENT_RE + r")(?![\w/])", re.IGNORECASE
)
ANY_YEAR_RE = re.compile(r"(?<![\d$.,/])(" + YEAR_RE + r")(?![\d])")
SINGLE_DATE_RE = re.compile(r"(?<![\w/.])(" + DATE_RE + r")(?![\w/])", re.IGNORECASE)
# A range written over two or three lines: "October 2011" / "to" / "August 2015".
_SPLIT_RANGE_RE = re.compile(
    r"(?i)(?P<a>" + DATE_RE + r")[ \t]*(?:\n[ \t]*)?(?P<sep>-{1,2}|–|—|to|until|through)[ \t]*\n"
    r"[ \t]*(?P<b>" + DATE_RE + r"|" + PRESENT_RE + r")[ \t]*"
)
_PRESENT_FULL = re.compile(PRESENT_RE, re.IGNORECASE)
_BETWEEN_END = re.compile(r"\bbetween\s*$", re.IGNORECASE)

DateParts = tuple[int, int | None]


def _century(two_digits: int) -> int:
    return two_digits + (2000 if two_digits < 50 else 1900)


def parse_date(s: str) -> DateParts | None:
    """(year, month or None) for one date expression."""
    s = s.strip().lower().rstrip(".")
    m = re.match(r"(" + MONTH_RE + r")\.?,?\s*(?:'|’)?(\d{2,4})$", s)
    if m:
        word = m.group(1)
        month = MONTHS.get(word) or MONTHS.get(word[:3])
        y = int(m.group(2))
        return (_century(y) if y < 100 else y), month
    m = re.match(r"(\d{1,2})\s?[/.]\s?(?:(\d{1,2})\s?[/.]\s?)?(\d{4})$", s)
    if m:
        return int(m.group(3)), int(m.group(1))
    m = re.match(r"(\d{1,2})-(\d{4})$", s)
    if m:
        return int(m.group(2)), int(m.group(1))
    m = re.match(r"(\d{4})[/.-](\d{2})(?:[/.-]\d{2})?$", s)
    if m:
        return int(m.group(1)), int(m.group(2))
    m = re.match(r"(\d{2})/(\d{2})$", s)
    if m:
        return _century(int(m.group(2))), int(m.group(1))
    m = re.match(r"(\d{4})$", s)
    if m:
        return int(m.group(1)), None
    m = re.match(r"['’](\d{2})$", s)
    if m:
        return _century(int(m.group(1))), None
    return None


def _short_end_year(start: DateParts, b_text: str) -> DateParts | None:
    """The end of "2016 – 22": two digits after a bare year, in the same century and later."""
    if not re.fullmatch(r"\d{2}", b_text) or start[1] is not None:
        return None
    year = start[0] // 100 * 100 + int(b_text)
    return (year, None) if year >= start[0] else None


def is_present(s: str) -> bool:
    return bool(_PRESENT_FULL.fullmatch(s.strip()))


@dataclass(frozen=True)
class DateRange:
    start: DateParts
    end: DateParts | None  # None = present
    span: tuple[int, int]  # character span in the line


def find_date_ranges(line: str) -> list[DateRange]:
    """Every date range in a line ("Jan 2019 - Present", "2014-2016", "03/2016 to 12/2018"),
    or the open ranges ("since 2019") when there is none."""
    out: list[DateRange] = []
    for m in RANGE_RE.finditer(line):
        a = parse_date(m.group("a"))
        b_text = m.group("b")
        present = is_present(b_text)
        b = None if present or a is None else parse_date(b_text) or _short_end_year(a, b_text)
        if a is None or (b is None and not present):
            continue
        if (
            b is not None
            and "and" in line[m.start("a") : m.start("b")].lower()
            and not _BETWEEN_END.search(line[: m.start("a")])
        ):
            # "2014 and 2016" is two dates, not a range ("between 2014 and 2016" is one)
            continue
        out.append(DateRange(a, b, m.span()))
    if not out:
        for m in _SINCE_RE.finditer(line):
            a = parse_date(m.group("a"))
            if a:
                out.append(DateRange(a, None, m.span()))
    return out


def join_split_ranges(lines: list[str]) -> list[str]:
    """``lines`` with a range written over two or three lines joined on its first line; the
    lines it took become empty, so every line keeps its index."""
    out = list(lines)
    i = 0
    while i < len(out):
        for size in (3, 2):
            if i + size > len(out):
                continue
            m = _SPLIT_RANGE_RE.fullmatch("\n".join(out[i : i + size]))
            if m:
                out[i] = f"{m.group('a')} {m.group('sep')} {m.group('b')}"
                for k in range(i + 1, i + size):
                    out[k] = ""
                i += size - 1
                break
        i += 1
    return out

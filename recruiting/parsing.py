"""Turn resume text into a structured :class:`Profile`.

Pure Python (no Django).  The input is plain text as produced by ``recruiting.extraction``
(or pdfplumber): one line per visual line, in reading order.  Everything here is rule-based
and deterministic:

* the text is cleaned (double-encoded UTF-8 such as ``â€“``/``Ã©`` is repaired, bullets and
  zero-width characters are dropped);
* section headings are recognised from a vocabulary of heading phrases in many variants
  ("Experience", "Professional Experience", "Work History", "Employment", "Education and
  Training", "Skills", "Core Competencies", "Highlights", Markdown ``## Experience``, ...);
* contact details come from regular expressions and ``phonenumbers``;
* positions are anchored on date ranges inside experience sections; the title and company
  are read from the date line and the lines around it;
* total experience is the length of the union of the position intervals (overlapping jobs
  count once), in years with one decimal.

Date conventions: a range with months counts both end months ("Jan 2019 - Dec 2019" is 12
months); a year-only range counts whole years ("2014 - 2016" is 24 months, "2016 - 2016" is
12); "Present"/"Current" runs to ``today`` (inclusive of the current month).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import asdict, dataclass
from datetime import date

import phonenumbers

from recruiting.skills import canonical_skill, find_skills
from recruiting.text.cleanup import clean_lines
from recruiting.text.dates import (
    ANY_YEAR_RE,
    DATE_RE,
    LINE_START_END_RE,
    MONTH_RE,
    MONTHS,
    OPEN_RANGE_RE,
    PRESENT_RE,
    RANGE_RE,
    SEP_RE,
    SINGLE_DATE_RE,
    DateRange,
    find_date_ranges,
    is_present,
    join_split_ranges,
    parse_date,
)
from recruiting.text.degrees import degree_level
from recruiting.text.headings import resume_heading
from recruiting.text.roles import has_role_word, is_role_word
from recruiting.text.years import interval, range_contains, union_months
from recruiting.textbounds import bound_text

__all__ = [
    "Education",
    "Position",
    "Profile",
    "degree_level",
    "find_date_ranges",
    "parse_profile",
    "split_sections",
]


# ---------------------------------------------------------------------------------------------
# Public types
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Position:
    title: str
    company: str
    start: date | None
    end: date | None
    current: bool
    months: int


@dataclass(frozen=True)
class Education:
    degree: str
    field: str
    institution: str
    year: int | None


@dataclass(frozen=True)
class Profile:
    name: str
    email: str
    phone: str  # E.164 or ""
    location: str
    links: tuple[str, ...]
    skills: tuple[str, ...]  # canonical, ordered by first mention
    positions: tuple[Position, ...]
    total_years_experience: float  # overlaps counted once (union of intervals), one decimal
    education: tuple[Education, ...]
    headline: str

    def to_dict(self) -> dict:
        """JSON-serialisable dict (dates as ISO strings, tuples as lists)."""
        data = asdict(self)
        data["links"] = list(self.links)
        data["skills"] = list(self.skills)
        data["positions"] = [
            {
                **asdict(p),
                "start": p.start.isoformat() if p.start else None,
                "end": p.end.isoformat() if p.end else None,
            }
            for p in self.positions
        ]
        data["education"] = [asdict(e) for e in self.education]
        return data


# ---------------------------------------------------------------------------------------------
# Text clean-up
_BULLET_CHARS = "•·●▪■◦○◆◇►▶➢➤✓✔❖*-–—‣⁃∙"
_LEADING_BULLET = re.compile(r"^\s*(?:[" + re.escape(_BULLET_CHARS) + r"]\s*)+(?=\S)")


def _strip_bullet(line: str) -> str:
    return _LEADING_BULLET.sub("", line).strip()


def _is_bullet(line: str) -> bool:
    return bool(_LEADING_BULLET.match(line))


def _smart_title(text: str) -> str:
    """Title-case an ALL CAPS phrase but keep acronyms (HR, IT, CPA, RN ...)."""
    out = []
    for word in text.split(" "):
        core = re.sub(r"[^A-Za-z]", "", word)
        if (
            core
            and core.upper() == core
            and (
                core in _ACRONYMS
                or not re.search(r"[AEIOUY]", core)
                or (re.search(r"[.#+]", word.strip(".,")) and canonical_skill(word.strip(",")))
            )
        ):
            out.append(word)
        else:
            out.append(word.title() if word.isupper() else word)
    return " ".join(out)


_ACRONYMS = frozenset(
    [
        "HR",
        "IT",
        "VP",
        "SVP",
        "EVP",
        "CEO",
        "CFO",
        "CTO",
        "COO",
        "CIO",
        "CMO",
        "CPA",
        "CMA",
        "MBA",
        "PHD",
        "RN",
        "LPN",
        "CNA",
        "BSN",
        "MSN",
        "QA",
        "QC",
        "UI",
        "UX",
        "AI",
        "ML",
        "PM",
        "US",
        "USA",
        "UK",
        "EU",
        "NY",
        "LA",
        "DC",
        "SQL",
        "AWS",
        "GCP",
        "ERP",
        "CRM",
        "SAP",
        "EHR",
        "EMR",
        "ESL",
        "ELL",
        "K-12",
        "HVAC",
        "CAD",
        "EHS",
        "OSHA",
        "ICU",
        "ER",
        "II",
        "III",
        "IV",
        "MERN",
        "LAMP",
        "MEAN",
        "API",
        "APIS",
        "NASA",
        "IBM",
        "SEO",
        "PR",
        "FP&A",
        "AP",
        "AR",
        "GL",
        "BI",
        "ETL",
        "DBA",
    ]
)


# ---------------------------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------------------------
@dataclass
class _Section:
    kind: str
    start: int  # first body line index
    end: int  # one past the last body line
    heading: str


def split_sections(lines: list[str]) -> list[_Section]:
    """Sections in order; lines before the first heading form a "header" section."""
    sections: list[_Section] = []
    current = _Section("header", 0, 0, "")
    for i, line in enumerate(lines):
        hk = resume_heading(line)
        if hk is None:
            continue
        kind, _rest = hk
        if _rest and current.kind == "skills":
            continue  # "Languages: Python, C++" / "Tools: Jira" are labels inside a skills list
        if (
            _rest
            and kind == "languages"
            and any(canonical_skill(item) for item in re.split(r"[,;|/]", _rest))
        ):
            kind = "skills"  # "Languages: Python, Go" means programming languages
        current.end = i
        sections.append(current)
        current = _Section(kind, i + (0 if _rest else 1), 0, line)
    current.end = len(lines)
    sections.append(current)
    return [s for s in sections if s.end > s.start or s.kind != "header"]


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------
# ---------------------------------------------------------------------------------------------
# Contact details
# ---------------------------------------------------------------------------------------------
_EMAIL_RE = re.compile(
    r"(?<![\w.+-])([A-Za-z0-9][A-Za-z0-9._%+-]{0,63})\s?@\s?((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24})\b"
)
_PROFILE_HOSTS = (
    r"linkedin\.com|github\.com|gitlab\.com|bitbucket\.org|stackoverflow\.com|twitter\.com|"
    r"x\.com|medium\.com|behance\.net|dribbble\.com|kaggle\.com|researchgate\.net|"
    r"scholar\.google\.com|orcid\.org|huggingface\.co|leetcode\.com|codepen\.io|dev\.to|"
    r"youtube\.com|instagram\.com|facebook\.com|angel\.co|wellfound\.com|about\.me|"
    r"substack\.com|notion\.site|vercel\.app|netlify\.app|github\.io"
)
_URL_RE = re.compile(
    r"(?<![@\w.-])(?:(?:https?://|www\.)[^\s,;|<>()\"']+"
    r"|(?:[\w-]+\.)*(?:" + _PROFILE_HOSTS + r")(?:/[^\s,;|<>()\"']*)?)",
    re.IGNORECASE,
)
_BARE_DOMAIN_RE = re.compile(
    r"(?<![@\w.-])((?:[a-z0-9-]+\.)+(?:com|org|net|io|dev|me|ai|co|app|info|tech|site|xyz|page|"
    r"blog|online|design|cv|us|uk|de|fr|ca|in|eu|nl|es|it|au)(?:/[^\s,;|<>()\"']*)?)(?![\w@-])",
    re.IGNORECASE,
)


def _normalise_url(raw: str) -> str:
    url = raw.strip().rstrip(".,;:)]}>'\"")
    url = re.sub(r"^(?:https?://)?", "", url, flags=re.IGNORECASE)
    host, _sep, path = url.partition("/")
    host = host.lower()
    path = path.rstrip("/")
    return "https://" + host + (("/" + path) if path else "")


def _find_links(text: str, header: str) -> list[str]:
    links: list[str] = []
    emails = {m.group(0).lower() for m in _EMAIL_RE.finditer(text)}
    email_domains = {m.group(2).lower() for m in _EMAIL_RE.finditer(text)}

    def add(raw: str) -> None:
        url = _normalise_url(raw)
        host = url[8:].split("/", 1)[0]
        if not host or "." not in host or url in links:
            return
        if any(e.endswith(host) for e in emails) and "/" not in url[8:]:
            return
        if host in email_domains and "/" not in url[8:]:
            return
        links.append(url)

    masked = _EMAIL_RE.sub(lambda m: " " * len(m.group(0)), text)
    for m in _URL_RE.finditer(masked):
        add(m.group(0))
    masked_header = _EMAIL_RE.sub(lambda m: " " * len(m.group(0)), header)
    for m in _BARE_DOMAIN_RE.finditer(masked_header):
        cand = m.group(1)
        if canonical_skill(cand) is not None:  # "Node.js", "ASP.NET", "Salesforce.com"
            continue
        if re.fullmatch(r"[\d.]+", cand):
            continue
        add(cand)
    return links


def _find_email(text: str) -> str:
    for m in _EMAIL_RE.finditer(text):
        local, domain = m.group(1), m.group(2)
        if domain.lower().endswith((".png", ".jpg", ".jpeg", ".gif")):
            continue
        return f"{local}@{domain.lower()}"
    return ""


# Each number-like run the matcher rejects costs about a millisecond: a resume has a few dozen
# (years, figures), a line of "2019 - 2019 - ..." thousands. Stop trying after this many.
_PHONE_MAX_TRIES = 500
_FAX_RE = re.compile(r"\bfax\b|\bf\s*[:.]?\s*$", re.IGNORECASE)


def _find_phone(text: str, header: str, region: str) -> str:
    for chunk in (header, text):
        if not chunk:
            continue
        # hide date ranges and single dates so "03/2016 - 12/2018" is not read as a number
        masked = RANGE_RE.sub(lambda m: " " * len(m.group(0)), chunk)
        masked = SINGLE_DATE_RE.sub(
            lambda m: (
                " " * len(m.group(0)) if re.search(r"[/]|[a-z]", m.group(0), re.I) else m.group(0)
            ),
            masked,
        )
        fallback = ""
        try:
            matcher = phonenumbers.PhoneNumberMatcher(
                masked,
                region or "US",
                leniency=phonenumbers.Leniency.VALID,
                max_tries=_PHONE_MAX_TRIES,
            )
            for match in matcher:
                raw = match.raw_string
                digits = re.sub(r"\D", "", raw)
                if len(digits) < 7 or "/" in raw:
                    continue
                if re.fullmatch(r"(?:19|20)\d{2}\s*[-–—]\s*(?:19|20)\d{2}", raw.strip()):
                    continue
                e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
                before = masked[max(0, match.start - 8) : match.start]
                if _FAX_RE.search(before):
                    fallback = fallback or e164
                    continue
                return e164
        except Exception:  # noqa: S112 - phonenumbers must never break parsing
            continue
        if fallback:
            return fallback
    return ""


# US states and a few countries, for "City, ST" / "City, Country" locations.
_US_STATES = {
    "AL",
    "AK",
    "AZ",
    "AR",
    "CA",
    "CO",
    "CT",
    "DE",
    "FL",
    "GA",
    "HI",
    "ID",
    "IL",
    "IN",
    "IA",
    "KS",
    "KY",
    "LA",
    "ME",
    "MD",
    "MA",
    "MI",
    "MN",
    "MS",
    "MO",
    "MT",
    "NE",
    "NV",
    "NH",
    "NJ",
    "NM",
    "NY",
    "NC",
    "ND",
    "OH",
    "OK",
    "OR",
    "PA",
    "RI",
    "SC",
    "SD",
    "TN",
    "TX",
    "UT",
    "VT",
    "VA",
    "WA",
    "WV",
    "WI",
    "WY",
    "DC",
    "PR",
}
_US_STATE_NAMES = {
    "alabama",
    "alaska",
    "arizona",
    "arkansas",
    "california",
    "colorado",
    "connecticut",
    "delaware",
    "florida",
    "georgia",
    "hawaii",
    "idaho",
    "illinois",
    "indiana",
    "iowa",
    "kansas",
    "kentucky",
    "louisiana",
    "maine",
    "maryland",
    "massachusetts",
    "michigan",
    "minnesota",
    "mississippi",
    "missouri",
    "montana",
    "nebraska",
    "nevada",
    "new hampshire",
    "new jersey",
    "new mexico",
    "new york",
    "north carolina",
    "north dakota",
    "ohio",
    "oklahoma",
    "oregon",
    "pennsylvania",
    "rhode island",
    "south carolina",
    "south dakota",
    "tennessee",
    "texas",
    "utah",
    "vermont",
    "virginia",
    "washington",
    "west virginia",
    "wisconsin",
    "wyoming",
}
_COUNTRIES = {
    "usa",
    "us",
    "u.s.",
    "u.s.a.",
    "united states",
    "united states of america",
    "uk",
    "united kingdom",
    "england",
    "scotland",
    "wales",
    "ireland",
    "canada",
    "australia",
    "new zealand",
    "india",
    "germany",
    "france",
    "spain",
    "italy",
    "portugal",
    "netherlands",
    "belgium",
    "switzerland",
    "austria",
    "sweden",
    "norway",
    "denmark",
    "finland",
    "poland",
    "czech republic",
    "czechia",
    "hungary",
    "romania",
    "greece",
    "turkey",
    "türkiye",
    "israel",
    "uae",
    "united arab emirates",
    "saudi arabia",
    "qatar",
    "egypt",
    "nigeria",
    "kenya",
    "south africa",
    "ghana",
    "morocco",
    "china",
    "japan",
    "korea",
    "south korea",
    "singapore",
    "malaysia",
    "indonesia",
    "philippines",
    "vietnam",
    "thailand",
    "pakistan",
    "bangladesh",
    "sri lanka",
    "nepal",
    "brazil",
    "mexico",
    "argentina",
    "chile",
    "colombia",
    "peru",
    "ukraine",
    "russia",
    "hong kong",
    "taiwan",
}
# A place word is capped at 40 characters, and words are joined by spaces only (a word already
# takes in hyphens: "Winston-Salem"), so that no text makes the search slower than linear: a
# hyphen in both, or an unbounded word, let "a.a.a..." or "a-a-a..." be tried from every letter.
_PLACE_WORD = r"[^\W\d_][\w.'’-]{0,39}"
_LOCATION_RE = re.compile(
    r"(?<![\w])(" + _PLACE_WORD + r"(?: " + _PLACE_WORD + r"){0,3})\s?,\s?"
    r"([^\W\d_][\w.]*(?: [^\W\d_][\w.]*){0,3})(?![\w])"
)


def _location_match(text: str) -> tuple[str, tuple[int, int]] | None:
    """("City, ST", span) for the first "City, ST" / "City, Country" in the text."""
    pos = 0
    while True:
        m = _LOCATION_RE.search(text, pos)
        if m is None:
            return None
        pos = m.start(2)  # retry from the region: "Main St, Anywhere, USA"
        hit = _check_location(m)
        if hit:
            return hit


def _check_location(m: re.Match) -> tuple[str, tuple[int, int]] | None:
    city, region = m.group(1), m.group(2)
    # "Co-Founder & CTO San Francisco, CA", "Princeton University Princeton, NJ": the city
    # starts after role words, acronyms and institution words
    words = city.split()
    cut = 0
    for n, w in enumerate(words):
        lw = w.lower().strip(".")
        if (
            is_role_word(lw)
            or lw in _NAME_STOPWORDS
            or (w.isupper() and len(w) > 1)
            or lw in _FIELD_WORDS
            or _COMPANY_MARKERS.fullmatch(w)
            or _INSTITUTION_RE.fullmatch(w)
            or not w[0].isupper()
        ):
            cut = n + 1
    if cut >= len(words):
        return None
    city = " ".join(words[cut:])
    city_start = m.start(1) + m.group(1).rindex(city)
    if city.lower() in {"city", "company name"} or region.lower() == "state":
        return None
    if city.lower() in MONTHS or re.search(r"\d", city):
        return None
    reg = region.rstrip(".")
    if reg in _US_STATES or reg.lower() in _US_STATE_NAMES or reg.lower() in _COUNTRIES:
        return f"{city}, {reg}", (city_start, m.end())
    # "City, Country Name ..." / "City, ST 94105": check prefixes of the region
    rwords = region.split()
    if len(rwords) > 1 and rwords[0] in _US_STATES:
        return f"{city}, {rwords[0]}", (city_start, m.start(2) + 2)
    return None


_LOCATION_LABEL_RE = re.compile(
    r"^(?:location|address|based in|city)\s*[:\-]\s*(.+)$", re.IGNORECASE | re.MULTILINE
)


def _find_location(header_lines: list[str]) -> str:
    for line in header_lines:
        m = _LOCATION_LABEL_RE.match(line)
        if m:
            loc = _location_match(m.group(1))
            if loc:
                return loc[0]
            value = m.group(1).strip()
            if value and len(value) <= 60 and not _EMAIL_RE.search(value):
                return value
    for line in header_lines:
        masked = _EMAIL_RE.sub(" ", line)
        loc = _location_match(masked)
        if loc:
            return loc[0]
    return ""


# ---------------------------------------------------------------------------------------------
# Names, titles, companies
# ---------------------------------------------------------------------------------------------
_FIELD_WORDS = frozenset(
    [
        "information",
        "technology",
        "accounting",
        "finance",
        "financial",
        "engineering",
        "marketing",
        "sales",
        "operations",
        "human",
        "resources",
        "hr",
        "culinary",
        "kitchen",
        "food",
        "beverage",
        "hospitality",
        "healthcare",
        "health",
        "medical",
        "education",
        "teaching",
        "business",
        "administration",
        "management",
        "it",
        "software",
        "hardware",
        "network",
        "systems",
        "data",
        "customer",
        "service",
        "retail",
        "banking",
        "insurance",
        "legal",
        "tax",
        "payroll",
        "audit",
        "construction",
        "manufacturing",
        "quality",
        "safety",
        "logistics",
        "supply",
        "chain",
        "purchasing",
        "procurement",
        "security",
    ]
)
_NAME_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "for",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "be",
        "this",
        "that",
        "your",
        "my",
        "our",
        "their",
        "his",
        "her",
        "its",
        "resume",
        "résumé",
        "curriculum",
        "vitae",
        "cv",
        "profile",
        "summary",
        "page",
        "name",
        "here",
        "position",
        "tagline",
        "title",
        "welcome",
        "about",
        "contact",
        "address",
        "phone",
        "email",
        "mobile",
        "tel",
        "website",
        "portfolio",
        "updated",
        "last",
        "references",
        "available",
        "upon",
        "request",
        "objective",
        "confidential",
    ]
)
_NAME_PARTICLES = frozenset(
    [
        "van",
        "von",
        "de",
        "da",
        "del",
        "della",
        "der",
        "den",
        "la",
        "le",
        "di",
        "du",
        "dos",
        "das",
        "bin",
        "binti",
        "al",
        "el",
        "y",
        "st",
        "st.",
        "mac",
        "ten",
        "ter",
    ]
)
_NAME_TOKEN_RE = re.compile(r"^(?:[^\W\d_][^\W\d_'’\-.]*(?:['’\-][^\W\d_]+)*\.?|[^\W\d_]\.)$")
_NAME_LABEL_RE = re.compile(r"^\s*(?:full\s+)?name\s*[:\-]\s*(.+?)\s*$", re.IGNORECASE)
_HEADER_SPLIT_RE = re.compile(r"\s*(?:\||•|·|—|–|\s-\s|\t|\s{3,}|,)\s*")
_CREDENTIALS = frozenset(
    [
        "rn",
        "lpn",
        "cna",
        "bsn",
        "msn",
        "np",
        "md",
        "do",
        "phd",
        "mba",
        "cpa",
        "cma",
        "pmp",
        "shrm-cp",
        "shrm-scp",
        "phr",
        "sphr",
        "pe",
        "eit",
        "cissp",
        "ccna",
        "jd",
        "esq",
        "mph",
        "msw",
        "lcsw",
        "ma",
        "ms",
        "bs",
        "ba",
        "bsc",
        "msc",
        "dnp",
        "fnp",
        "aprn",
        "crna",
        "cfa",
        "frm",
        "csm",
        "cpc",
        "cdm",
        "cec",
        "cdcs",
    ]
)


def _looks_like_name(candidate: str) -> bool:
    words = candidate.split()
    if not 2 <= len(words) <= 5:
        return False
    if re.search(r"[\d@/\\:;()\[\]{}#&+=_|<>]", candidate):
        return False
    real = 0
    for w in words:
        lw = w.lower().strip(".")
        if lw in _NAME_PARTICLES and real > 0:
            continue
        if not _NAME_TOKEN_RE.match(w):
            return False
        if not w[0].isupper():
            return False
        if len(lw) == 1 and (w.endswith(".") or len(w) == 1):
            continue  # an initial
        if lw in _NAME_STOPWORDS or is_role_word(lw) or lw in _FIELD_WORDS or lw in MONTHS:
            return False
        real += 1
    if real < 2:
        return False
    if canonical_skill(candidate) is not None:
        return False
    # a name is not a known skill phrase or a heading
    return resume_heading(candidate) is None


def _clean_name(candidate: str) -> str:
    candidate = re.sub(r"^(?:dr|mr|mrs|ms|miss|prof|sir)\.?\s+", "", candidate.strip(), flags=re.I)
    parts = [p.strip() for p in candidate.split(",")]
    # "Jane Smith, RN, BSN" -> "Jane Smith"
    while len(parts) > 1 and parts[-1].replace(".", "").lower() in _CREDENTIALS:
        parts.pop()
    name = parts[0]
    words = [
        w
        for w in name.split()
        if w.replace(".", "").lower() not in _CREDENTIALS or len(name.split()) <= 2
    ]
    name = " ".join(words)
    if name.isupper():
        name = " ".join(w if w.lower() in _NAME_PARTICLES else w.title() for w in name.split())
    return name


_PHONEISH_RE = re.compile(r"(?<![\w/])\+?\(?\d[\d ().-]{6,}\d(?![\w/])")


def _is_contact_line(line: str) -> bool:
    if _EMAIL_RE.search(line) or _URL_RE.search(line):
        return True
    masked = RANGE_RE.sub(" ", line)
    return any(sum(c.isdigit() for c in m.group()) >= 7 for m in _PHONEISH_RE.finditer(masked))


def _find_name(lines: list[str], header_end: int) -> tuple[str, int]:
    """(name, line index) or ("", -1)."""
    for i, line in enumerate(lines[:40]):
        m = _NAME_LABEL_RE.match(_strip_bullet(line).lstrip("#* "))
        if m:
            cand = _clean_name(m.group(1).strip(" *"))
            if _looks_like_name(cand) or (
                1 <= len(cand.split()) <= 5 and not re.search(r"\d", cand)
            ):
                return cand, i
    limit = max(header_end, 0)
    seen = 0
    for i, line in enumerate(lines[: max(limit, 12)]):
        if not line:
            continue
        seen += 1
        if seen > 8:
            break
        if i >= limit and seen > 3:
            break
        if resume_heading(line) is not None and i >= limit:
            break
        low = line.lower()
        if low.strip(" :") in {
            "resume",
            "résumé",
            "curriculum vitae",
            "cv",
            "resume of",
            "biodata",
        }:
            continue
        loc = _location_match(line)
        if loc:
            remainder = (line[: loc[1][0]] + line[loc[1][1] :]).strip(" ,;|-–—•·")
            if not remainder or remainder.lower() in _COUNTRIES:
                continue  # "San Francisco, CA", "Silicon Valley, CA, USA"
        for seg in _HEADER_SPLIT_RE.split(line):
            seg = seg.strip(" .")
            if not seg:
                continue
            if _is_contact_line(seg):
                continue
            cand = _clean_name(seg)
            if _looks_like_name(cand):
                return cand, i
            break  # only the first meaningful segment of a line can be the name
    return "", -1


def _find_headline(lines: list[str], header_end: int, name_idx: int) -> str:
    start = name_idx + 1 if name_idx >= 0 else 0
    stop = max(header_end, min(len(lines), start + 1))
    if name_idx < 0:
        # no name (anonymised resumes): a short first line is the headline ("STAFF ACCOUNTANT")
        first = next((ln for ln in lines[:5] if ln), "")
        if (
            first
            and not resume_heading(first)
            and not _is_contact_line(first)
            and len(first.split()) <= 8
            and not re.search(r"\d{4}", first)
            and not first.endswith(".")
            and first[:1].isupper()
            and "your name" not in first.lower()
        ):
            return _smart_title(first) if first.isupper() else first
    for i in range(start, min(stop, start + 6)):
        line = lines[i]
        if not line or _is_contact_line(line) or resume_heading(line):
            continue
        seg = _HEADER_SPLIT_RE.split(line)[0].strip() if name_idx == i else line
        if _location_match(seg) and not has_role_word(seg):
            continue
        words = seg.split()
        if not 1 <= len(words) <= 10 or seg.endswith("."):
            continue
        if re.search(r"\d{4}", seg):
            continue
        if has_role_word(seg) or (i == name_idx + 1 and name_idx >= 0 and seg[0].isupper()):
            return _smart_title(seg) if seg.isupper() else seg
    # "John Doe | Senior Engineer"
    if name_idx >= 0:
        parts = _HEADER_SPLIT_RE.split(lines[name_idx])
        for part in parts[1:]:
            if part and has_role_word(part) and not _is_contact_line(part):
                return _smart_title(part) if part.isupper() else part
    return ""


_COMPANY_MARKERS = re.compile(
    r"\b(?:company name|inc|llc|l\.l\.c|ltd|limited|corp|corporation|company|co|group|"
    r"university|college|school|academy|institute|hospital|clinic|medical center|health|"
    r"center|centre|bank|restaurant|restaurants|hotel|hotels|resort|bistro|cafe|café|grill|"
    r"foods|systems|solutions|technologies|technology|labs|laboratories|partners|associates|"
    r"services|consulting|agency|department|district|county|city of|state of|government|"
    r"ministry|foundation|church|club|llp|plc|gmbh|ag|pvt|pty|international|global|enterprises|"
    r"industries|holdings|ventures|studio|studios|media|networks|stores|markets|firm)\b\.?",
    re.IGNORECASE,
)
_SEGMENT_SPLIT_RE = re.compile(r"\s*(?:\||•|·|,|\s[-–—]\s|\s@\s|\bat\s(?=[A-Z]))\s*")
_SEGMENT_SPLIT_NO_AT_RE = re.compile(r"\s*(?:\||•|·|,|\s[-–—]\s|\s@\s)\s*")


def _strip_locations(text: str) -> str:
    text = re.sub(
        r"\bCity\s*,\s*State\b(?:\s*,\s*(?:USA|US|United States|India|[A-Z][a-z]+))?", " ", text
    )
    text = re.sub(r"\bCompany Name\b", " Company Name ", text)
    loc = _location_match(text)
    guard = 0
    while loc and guard < 4:
        s, e = loc[1]
        text = text[:s] + " " + text[e:]
        loc = _location_match(text)
        guard += 1
    return " ".join(text.split())


def _segments(text: str, *, split_at: bool = True) -> list[str]:
    if not text:
        return []
    text = _strip_locations(text)
    segs = []
    for seg in (_SEGMENT_SPLIT_RE if split_at else _SEGMENT_SPLIT_NO_AT_RE).split(text):
        seg = seg.strip(" .:;-–—|,")
        if not seg:
            continue
        low = seg.lower()
        if low in _COUNTRIES or seg in _US_STATES or low in _US_STATE_NAMES:
            continue
        if low in {"remote", "hybrid", "on-site", "onsite", "city", "state", "present", "current"}:
            continue
        segs.append(seg)
    return segs


def _split_company_title(seg: str) -> tuple[str, str]:
    """'Company Name KINDERGARTEN TEACHER' -> ('Company Name', 'KINDERGARTEN TEACHER')."""
    if seg.startswith("Company Name"):
        rest = seg[len("Company Name") :].strip()
        return "Company Name", rest
    if seg.endswith("Company Name"):
        return "Company Name", seg[: -len("Company Name")].strip()
    return "", seg


_SENTENCE_BREAK_RE = re.compile(r"[a-z0-9)][.!?]\s+[A-Z]")
_NOT_A_JOB_RE = re.compile(
    r"\b(?:awards?|honou?rs?|dean'?s list|scholarship|gpa|graduated|certificate|certification|"
    r"certified|diploma|coursework|thesis|semester)\b",
    re.IGNORECASE,
)


def _is_header_candidate(line: str) -> bool:
    """A short line that can hold a title, company or place (not a bullet or a sentence)."""
    if not line or _is_bullet(line):
        return False
    words = line.split()
    if len(words) > 14:
        return False
    if line.endswith(".") and len(words) > 4:
        return False
    if _SENTENCE_BREAK_RE.search(line):
        return False
    if line[0].islower():
        return False
    return resume_heading(line) is None


def _clean_title(title: str) -> str:
    title = re.sub(r"\s+", " ", title).strip(" ,.;:-–—|/&")
    title = re.sub(r"\s*/\s*", "/", title) if title.count("/") == 1 and len(title) < 60 else title
    if title.isupper() and len(title) > 3:
        title = _smart_title(title)
    return title


# ---------------------------------------------------------------------------------------------
# Positions
# ---------------------------------------------------------------------------------------------
@dataclass
class _RawPosition:
    line: int
    rng: DateRange
    title: str
    company: str


def _range_in_prose(line: str, r: DateRange) -> bool:
    """The range follows "from"/"during"/... after a few words of a sentence."""
    s, e = r.span
    before = _strip_bullet(line[:s].strip())
    matched = line[s:e].lower()
    return len(before.split()) >= 3 and bool(
        matched.startswith("from")
        or re.search(
            r"\b(?:from|during|between|in|since|through|over|of|for|and|by|until|period)$",
            before.lower(),
        )
    )


def _range_is_description(line: str, r: DateRange) -> bool:
    """A date range in the middle of a long sentence."""
    s, e = r.span
    before, after = line[:s].strip(), line[e:].strip(" .;,")
    words_other = len(before.split()) + len(after.split())
    if words_other <= 10:
        return False
    # a range at the very end (or start) of a line is a date column; one right after a short
    # title ("- UI Lead (2011 - 2015): led a team ...") is the position's own dates
    return len(after.split()) > 3 and len(_strip_bullet(before).split()) > 8


def _positions_in(lines: list[str], start: int, end: int) -> list[_RawPosition]:
    found: list[_RawPosition] = []
    used_lines: set[int] = set()
    i = start
    while i < end:
        line = lines[i]
        ranges = find_date_ranges(line)
        if (
            ranges
            and found
            and (_range_in_prose(line, ranges[0]) or _range_is_description(line, ranges[0]))
            and range_contains(found[-1].rng, ranges[0])
        ):
            # "... during the turnover period from September 2013 - December 2013." inside the
            # previous position's own dates is part of its description, not another job
            ranges = []
        extra_consumed = 0
        if not ranges and not find_date_ranges(line):
            # "2017 – Product Manager, Google" with "Present ..." / "May 2020 ..." on the next line
            m = OPEN_RANGE_RE.search(line)
            if m and i + 1 < end:
                m2 = LINE_START_END_RE.match(lines[i + 1])
                a = parse_date(m.group("a"))
                if m2 and a:
                    b_text = m2.group("b")
                    b = None if is_present(b_text) else parse_date(b_text)
                    if b is not None or is_present(b_text):
                        ranges = [DateRange(a, b, m.span())]
                        extra_consumed = 1
        if not ranges:
            i += 1
            continue
        r = ranges[0]
        s, e = r.span
        rest = (line[:s] + " | " + line[e:]).strip()
        if _NOT_A_JOB_RE.search(rest) and not has_role_word(rest):
            i += 1 + extra_consumed
            continue
        date_line_is_bullet = _is_bullet(line) or len(rest.split()) > 16
        same: list[tuple[str, int]] = []
        if re.search(r"[A-Za-z]", rest) and not date_line_is_bullet:
            same.append((rest, i))
        elif not _is_bullet(line) and 0 < len(line[:s].split()) <= 14:
            same.append((line[:s], i))  # "Company Name City , State TITLE 09/2008 to ... prose"
        # up to two header lines above (stop at a blank line after the first, a bullet, a
        # sentence or another date line) and below
        prev: list[tuple[str, int]] = []
        j = i - 1
        while j >= start and not lines[j] and i - j <= 2:
            j -= 1
        while (
            j >= start
            and len(prev) < 2
            and lines[j]
            and j not in used_lines
            and _is_header_candidate(lines[j])
            and not find_date_ranges(lines[j])
            and not OPEN_RANGE_RE.search(lines[j])
        ):
            prev.append((lines[j], j))
            j -= 1
        nxt: list[tuple[str, int]] = []
        k = i + 1 + extra_consumed
        while k < end and not lines[k] and k - i <= 2:
            k += 1
        while (
            k < end
            and len(nxt) < 2
            and lines[k]
            and _is_header_candidate(lines[k])
            and not find_date_ranges(lines[k])
            and not OPEN_RANGE_RE.search(lines[k])
        ):
            nxt.append((lines[k], k))
            k += 1
        title, company, used = _pick_title_company(same, prev, nxt)
        used_lines.update(used)
        used_lines.add(i)
        found.append(_RawPosition(i, r, title, company))
        # more ranges on the same line ("... as Aerospace Engineer (2017-2021) ... As a Derrick
        # operator (2014-2017), ...")
        prev_end = r.span[1]
        for extra in ranges[1:]:
            if _range_is_description(line, extra) and range_contains(r, extra):
                continue
            before = line[prev_end : extra.span[0]]
            m_as = re.search(r"\b(?:as|As)\s+(?:an?\s+)?([A-Z][^()]{2,60}?)\s*[(,:-]*\s*$", before)
            found.append(_RawPosition(i, extra, _clean_title(m_as.group(1)) if m_as else "", ""))
            prev_end = extra.span[1]
        i += 1 + extra_consumed
    return found


def _title_cased(seg: str) -> bool:
    words = [
        w
        for w in re.findall(r"[^\W\d_][\w'’&.-]*", seg)
        if w.lower() not in {"of", "and", "the", "for", "at", "de", "&", "in", "on"}
    ]
    if not words:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= 0.75


def _pick_title_company(
    same: list[tuple[str, int]], prev: list[tuple[str, int]], nxt: list[tuple[str, int]]
) -> tuple[str, str, set[int]]:
    def segs_of(cands: list[tuple[str, int]]) -> list[tuple[str, int]]:
        out: list[tuple[str, int]] = []
        for text, idx in cands:
            for seg in _segments(text):
                comp, rest = _split_company_title(seg)
                if comp:
                    out.append((comp, idx))
                if rest:
                    out.append((rest, idx))
        return out

    s_same, s_prev, s_next = segs_of(same), segs_of(prev), segs_of(nxt)
    used: set[int] = set()
    title = company = ""
    # title: a segment with a role word, nearest first (same line, the line above, below)
    for group in (s_same, s_prev, s_next):
        for seg, idx in group:
            if has_role_word(seg) and len(seg.split()) <= 10 and not seg.startswith("Company Name"):
                if _COMPANY_MARKERS.search(seg) and any(
                    has_role_word(o) and not _COMPANY_MARKERS.search(o) for o, _ in group
                ):
                    continue
                title = seg
                used.add(idx)
                break
        if title:
            break
    # company: a segment with a company marker, else a short Title Case segment
    for group in (s_same, s_next, s_prev):
        cands = [(seg, idx) for seg, idx in group if seg != title]
        pick = next(
            (
                (seg, idx)
                for seg, idx in cands
                if _COMPANY_MARKERS.search(seg) and len(seg.split()) <= 10
            ),
            None,
        )
        if pick is None:
            pick = next(
                (
                    (seg, idx)
                    for seg, idx in cands
                    if len(seg.split()) <= 6
                    and _title_cased(seg)
                    and not re.search(r"\d{3}", seg)
                    and not has_role_word(seg)
                ),
                None,
            )
        if pick:
            company = pick[0]
            used.add(pick[1])
            break
    if not title:
        for group in (s_same, s_prev, s_next):
            for seg, idx in group:
                if (
                    seg != company
                    and len(seg.split()) <= 8
                    and _title_cased(seg)
                    and not re.search(r"\d{3}", seg)
                ):
                    title = seg
                    used.add(idx)
                    break
            if title:
                break
    return _clean_title(title), company.strip(" ,.;:-–—|"), used


def _to_position(raw: _RawPosition, today: date) -> Position | None:
    iv = interval(raw.rng, today)
    if iv is None:
        return None
    s_idx, e_idx = iv
    start = date(raw.rng.start[0], raw.rng.start[1] or 1, 1)
    current = raw.rng.end is None
    end: date | None
    if current:
        end = None
    else:
        ey, em = raw.rng.end  # type: ignore[misc]
        end = date(ey, em or 1, 1)
    return Position(
        title=raw.title,
        company=raw.company,
        start=start,
        end=end,
        current=current,
        months=e_idx - s_idx,
    )


# ---------------------------------------------------------------------------------------------
# Education
# ---------------------------------------------------------------------------------------------
_DEGREE_LONG = (
    r"(?:(?:bachelor|master|doctor|associate)(?:'s|’s|s)?(?:\s+degree)?"
    r"(?:\s+(?:of|in)\s+(?:applied\s+)?(?:science|arts|business administration|fine arts|"
    r"engineering|education|laws|philosophy|technology|nursing|social work|public health|"
    r"public administration|music|architecture|commerce|computer applications|medicine|"
    r"accountancy|accounting|health administration|business|information systems|"
    r"professional studies|general studies|liberal arts))?(?:\s+degree)?"
    r"|doctorate|high\s+school\s+diploma|high\s+school|secondary\s+school(?:\s+diploma)?|"
    r"ged|g\.e\.d\.?|diploma|associate degree|post[- ]graduate\s+(?:diploma|certificate)|"
    r"graduate\s+certificate|certificate(?:\s+program)?|certification\s+program|"
    r"a-levels?|gcse?s?|baccalaureate|some college|juris doctor)"
)
_DEGREE_ABBR = (
    r"(?:Ph\.?\s?D\.?|D\.?Phil|Ed\.?\s?D\.?|M\.?\s?B\.?\s?A\.?|M\.?\s?Sc\.?|B\.?\s?Sc\.?|"
    r"B\.?\s?S\.?\s?N\.?|M\.?\s?S\.?\s?N\.?|B\.?\s?Eng\.?|M\.?\s?Eng\.?|B\.?\s?Tech\.?|M\.?\s?Tech\.?|"
    r"B\.?\s?Com\.?|M\.?\s?Com\.?|B\.?\s?B\.?\s?A\.?|B\.?\s?F\.?\s?A\.?|M\.?\s?F\.?\s?A\.?|"
    r"M\.?\s?P\.?\s?H\.?|M\.?\s?S\.?\s?W\.?|M\.?\s?P\.?\s?A\.?|M\.?\s?Ed\.?|B\.?\s?Ed\.?|"
    r"D\.?\s?N\.?\s?P\.?|J\.?\s?D\.?|LL\.?\s?[BM]\.?|M\.?\s?D\.?|A\.?\s?A\.?\s?S\.?|"
    r"B\.?\s?A\.?|B\.?\s?S\.?|M\.?\s?S\.?|M\.?\s?A\.?|A\.?\s?A\.?|A\.?\s?S\.?|B\.?\s?E\.?|"
    r"M\.?\s?E\.?|A\.?\s?D\.?\s?N\.?|HND|BTEC|MPhil|M\.?Phil)"
)
_DEGREE_LONG_RE = re.compile(r"(?<![\w])" + _DEGREE_LONG + r"(?![\w])", re.IGNORECASE)
_DEGREE_ABBR_RE = re.compile(r"(?<![\w.])" + _DEGREE_ABBR + r"(?![\w])")
_INSTITUTION_RE = re.compile(
    r"(?:\b(?:university|universit[éäày]|universidad|universidade|università|college|institute|"
    r"institution|school|academy|polytechnic|conservatory|seminary|hochschule|école|ecole|"
    r"escuela|iit|mit|caltech|ucla|nyu|usc|cuny|suny|lse|eth|epfl|kaist|inst\.?|univ\.?)\b)",
    re.IGNORECASE,
)
_ABBR_BLOCKLIST_AFTER = re.compile(
    r"^\s*(?:office|excel|word|sql|project|access|outlook|teams|visio|dynamics|windows|"
    r"powerpoint|exchange|azure|dos)\b",
    re.IGNORECASE,
)


def _degree_matches(line: str, *, in_education: bool) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for m in _DEGREE_LONG_RE.finditer(line):
        text = m.group(0)
        low = text.lower()
        if not in_education and low in {
            "associate",
            "associates",
            "master",
            "masters",
            "bachelor",
            "bachelors",
            "doctor",
        }:
            continue  # "Sales Associate", "Scrum Master" outside an education section
        if re.match(
            r"\s*(?:project|thesis|level|courses?|coursework|student|candidate)\b",
            line[m.end() :],
            re.IGNORECASE,
        ) and not low.endswith("degree"):
            continue  # "Masters Project: ...", "Graduate Level Courses"
        if low.startswith(("high school", "secondary school")) and "diploma" not in low:
            prev_word = line[: m.start()].split()[-1:] or [""]
            if out or (prev_word[0][:1].isupper() and prev_word[0].lower() not in {"and", "of"}):
                continue  # "... Our Lady of Good Counsel High School" is an institution
        if low in {"diploma", "certificate", "high school"} and not in_education:
            continue
        if low.startswith("certificate") and not in_education:
            continue
        out.append((m.start(), m.end(), text))
    long_starts = [s for s, _e, _t in out]  # sorted, and apart: they come from one finditer
    for m in _DEGREE_ABBR_RE.finditer(line):
        text = m.group(0)
        k = bisect.bisect_right(long_starts, m.start()) - 1
        if k >= 0 and m.start() < out[k][1]:  # inside a long form ("M.S." in "M.S. degree")
            continue
        bare = text.replace(".", "").replace(" ", "")
        short_ambiguous = bare in {"MA", "MS", "AS", "BE", "ME", "MD", "AA", "JD", "BA", "BS", "AD"}
        if short_ambiguous:
            if not in_education:
                continue
            before = line[: m.start()].rstrip()
            if before.endswith(",") and bare in {"MA", "MS", "MD", "ME"}:
                continue  # "Boston, MA"
            if _ABBR_BLOCKLIST_AFTER.match(line[m.end() :]):
                continue  # "MS Office"
            nxt_word = re.match(r"\s*([\w.#+]+)", line[m.end() :])
            if (
                nxt_word
                and canonical_skill(nxt_word.group(1)) is not None
                and nxt_word.group(1).lower() not in {"in", "of"}
            ):
                continue  # "MS ASP .NET", "MS SQL"
            if (
                bare in {"AS", "BE", "ME", "AD"}
                and "." not in text
                and not re.match(r"^\s*(?:in|of|[:,(-])", line[m.end() :])
            ):
                continue
        out.append((m.start(), m.end(), text))
    out.sort()
    return out


_FIELD_STOP_RE = re.compile(
    r"\s*(?:,|\||;|\(|\bfrom\b|\bat\b|\s[-–—]\s|\bGPA\b|" + MONTH_RE + r"\b|"
    r"(?:19|20)\d{2}|\b\d{1,2}/)",
    re.IGNORECASE,
)
_STUDY_WORDS = frozenset(
    [
        "accounting",
        "accountancy",
        "arts",
        "art",
        "science",
        "sciences",
        "business",
        "administration",
        "management",
        "finance",
        "economics",
        "engineering",
        "education",
        "nursing",
        "psychology",
        "biology",
        "chemistry",
        "physics",
        "mathematics",
        "math",
        "history",
        "english",
        "communications",
        "communication",
        "journalism",
        "marketing",
        "culinary",
        "hospitality",
        "technology",
        "information",
        "computer",
        "computing",
        "studies",
        "law",
        "justice",
        "criminal",
        "medical",
        "medicine",
        "health",
        "design",
        "music",
        "literature",
        "sociology",
        "political",
        "politics",
        "philosophy",
        "elementary",
        "secondary",
        "early",
        "childhood",
        "human",
        "resources",
        "resource",
        "public",
        "relations",
        "general",
        "liberal",
        "applied",
        "industrial",
        "mechanical",
        "electrical",
        "civil",
        "chemical",
        "data",
        "statistics",
        "agriculture",
        "architecture",
        "graphic",
        "fine",
        "nutrition",
        "dietetics",
        "food",
        "beverage",
        "pastry",
        "baking",
        "theatre",
        "theater",
        "languages",
        "language",
        "social",
        "work",
        "international",
        "organizational",
        "leadership",
        "development",
        "sports",
        "kinesiology",
        "pharmacy",
        "biochemistry",
        "geology",
        "environmental",
        "systems",
        "network",
        "networking",
        "software",
        "teaching",
        "special",
        "counseling",
        "religious",
        "theology",
        "anthropology",
        "geography",
        "advanced",
        "interior",
        "fashion",
        "apparel",
        "merchandising",
        "secretarial",
        "office",
        "medical",
        "technology",
        "risk",
        "benefits",
        "insurance",
        "banking",
        "real",
        "estate",
        "aviation",
        "electronics",
        "biomedical",
        "aerospace",
        "materials",
        "operations",
        "supply",
        "chain",
        "logistics",
        "cyber",
        "security",
        "analytics",
    ]
)
_CONNECTORS = frozenset({"&", "and", "of", "the", "de", "for", "at", "in", "la", "del"})
_NOT_INSTITUTION_WORDS = frozenset(
    [
        "program",
        "programs",
        "degree",
        "diploma",
        "certificate",
        "major",
        "minor",
        "concentration",
        "track",
        "emphasis",
        "honors",
        "coursework",
        "courses",
        "course",
        "classes",
        "quarter",
        "semester",
        "relevant",
        "attended",
        "completed",
        "currently",
    ]
)


def _split_field_institution(text: str) -> tuple[str, str]:
    """'Culinary Arts Johnson & Wales University' -> ('Culinary Arts', 'Johnson & Wales University')."""
    words = text.split()
    k = next((n for n, w in enumerate(words) if _INSTITUTION_RE.fullmatch(w.strip(",.;:"))), None)
    if k is None:
        return text.strip(), ""
    # right side: "University of North Carolina at Chapel Hill"
    r = k + 1
    caps = words[k].isupper()
    while r < len(words):
        w = words[r].strip(",.;:")
        if w.lower() in _CONNECTORS or (
            w[:1].isupper() and not w.isdigit() and (not caps or w.isupper())
        ):
            r += 1
            if words[r - 1].endswith((",", ";")):
                break
            continue
        break
    while r > k + 1 and words[r - 1].strip(",.;:").lower() in _CONNECTORS:
        r -= 1
    # left side: the word before the keyword belongs to the name (unless "University of ..."),
    # then more capitalised words that are not field-of-study words
    left = k
    followed_by_of = k + 1 < len(words) and words[k + 1].lower() in {"of", "for", "at", "de"}
    if left > 0 and not followed_by_of and (words[left - 1][:1].isupper()):
        left -= 1
    while left > 0:
        w = words[left - 1]
        lw = w.lower().strip(",.;:")
        if (
            lw in {"&", "and", "of", "the"}
            and left >= 2
            and words[left - 2][:1].isupper()
            and words[left - 2].lower() not in _STUDY_WORDS
        ):
            left -= 1
            continue
        if (
            w[:1].isupper()
            and lw not in _STUDY_WORDS
            and lw not in _NOT_INSTITUTION_WORDS
            and not w.endswith(",")
        ):
            left -= 1
            continue
        break
    field = " ".join(words[:left]).strip(" ,.;:-–—|")
    inst = " ".join(words[left:r]).strip(" ,.;:-–—|")
    return field, inst


def _field_after(line: str, end: int) -> str:
    rest = line[end:]
    m = re.match(
        r"^\s*(?:degree\s*)?(?::|,|-|–|—|\bin\b|\bof\b|\bon\b)\s*(?:in\s+)?", rest, re.IGNORECASE
    )
    if not m:
        # "Bachelor of Science Apparel and Merchandising ..." (no separator): only study words
        words = rest.split()
        kept = []
        for w in words:
            lw = w.lower().strip(",.;:")
            if lw in _STUDY_WORDS or (lw in _CONNECTORS and kept):
                kept.append(w.strip(",.;:"))
                if w.endswith((",", ";")):
                    break
            else:
                break
        while kept and kept[-1].lower() in _CONNECTORS:
            kept.pop()
        # drop an immediate repetition ("Apparel and Merchandising Apparel and Merchandising")
        n = len(kept)
        for k in range(1, n // 2 + 1):
            if kept[:k] == kept[k : 2 * k]:
                kept = kept[:k]
                break
        return " ".join(kept) if kept and w[:1].isupper() else ""
    rest = rest[m.end() :]
    rest = re.sub(r"\bCity\s*,\s*State\b", " | ", rest)
    # LiveCareer-style lines repeat the field at the end: "BS : Accounting Strayer University |
    # City , State Accounting"
    tail_words = line.split()
    for k in range(min(8, len(tail_words) - 1), 0, -1):
        tail = " ".join(tail_words[-k:])
        if (
            len(tail) >= 4
            and rest.lower().startswith(tail.lower() + " ")
            and len(rest) > len(tail) + 3
        ):
            return tail.strip(" ,.;:-–—|")
    stop = _FIELD_STOP_RE.search(rest)
    field = rest[: stop.start()] if stop else rest
    if _INSTITUTION_RE.search(field):
        # "Accounting Strayer University" -> "Accounting"; "Stanford University" -> ""
        field, _inst = _split_field_institution(field)
    kept = []
    for w in field.split():
        if w[:1].islower() and w.lower() not in _CONNECTORS and kept:
            break  # "Industrial Psychology Continuing education and training ..."
        kept.append(w)
    field = " ".join(kept[:10]).strip(" ,.;:-–—|&")
    while field.split() and field.split()[-1].lower() in _CONNECTORS:
        field = " ".join(field.split()[:-1])
    if _DEGREE_LONG_RE.fullmatch(field or "-"):
        return ""
    return field


def _institution_in(text: str, field: str = "") -> str:
    for seg in _segments(text, split_at=False):
        if _INSTITUTION_RE.search(seg) and not _DEGREE_LONG_RE.fullmatch(seg):
            seg = ANY_YEAR_RE.sub(" ", seg)
            seg = re.sub(r"\b(?:GPA|gpa)\b.*$", "", seg)
            seg = re.sub(r"\b" + MONTH_RE + r"\b\.?", " ", seg, flags=re.IGNORECASE)
            seg = " ".join(seg.split()).strip(" ,.;:-–—|")
            if field and seg.lower().startswith(field.lower() + " "):
                seg = seg[len(field) :].strip()
            _f, inst = _split_field_institution(seg)
            inst = inst or seg
            if len(inst.split()) > 12:
                inst = " ".join(inst.split()[:12])
            return inst
    return ""


def _institution_fallback(line: str) -> str:
    """'UC Berkeley | 2019' -> 'UC Berkeley' (a short Title Case line next to a degree)."""
    text = RANGE_RE.sub(" ", line)
    text = SINGLE_DATE_RE.sub(" ", text)
    if len(text.split()) > 10:
        return ""
    for seg in _segments(text):
        seg = seg.strip(" ,.;:-–—|")
        words = [w.lower() for w in seg.split()]
        if not seg or len(words) > 6 or not _title_cased(seg) or has_role_word(seg):
            continue
        if re.search(r"\d", seg) or words[0] in _NOT_INSTITUTION_WORDS or words[0] == "gpa":
            continue
        if all(w in _STUDY_WORDS or w in _CONNECTORS for w in words):
            continue
        if any(
            w not in _CONNECTORS and not o[:1].isupper()
            for w, o in zip(words, seg.split(), strict=True)
        ):
            continue
        return seg
    return ""


_BARE_DATE_LINE_RE = re.compile(
    r"^\s*(?:" + DATE_RE + r")(?:" + SEP_RE + r"(?:" + DATE_RE + r"|" + PRESENT_RE + r"))?\s*$",
    re.IGNORECASE,
)


_MAX_DEGREE_MENTIONS = 40


def _education_in(
    lines: list[str], start: int, end: int, *, in_education: bool, today: date
) -> list[Education]:
    entries: list[Education] = []
    idx = [i for i in range(start, end) if lines[i]]
    degree_lines: list[tuple[int, tuple[int, int, str]]] = []
    for i in idx:
        for dm in _degree_matches(lines[i], in_education=in_education):
            degree_lines.append((i, dm))
    taken_inst_lines: set[int] = set()
    # Each entry looks at the degrees around it, so a line of hundreds of "B.Sc." would cost
    # their square; no resume lists more degrees than this.
    for n, (i, (ds, de, dtext)) in enumerate(degree_lines[:_MAX_DEGREE_MENTIONS]):
        line = lines[i]
        # several degrees on one line: limit this entry's text to up to the next degree
        same_line_next = [d for (j, d) in degree_lines if j == i and d[0] > ds]
        seg_end = same_line_next[0][0] if same_line_next else len(line)
        seg_start = ds
        prev_on_line = [d for (j, d) in degree_lines if j == i and d[1] <= ds]
        if not prev_on_line:
            seg_start = 0
        entry_text = line[seg_start:seg_end]
        degree = " ".join(dtext.split())
        field = _field_after(line[:seg_end], de)
        # neighbouring lines that belong to this entry
        next_deg_line = next((j for (j, _d) in degree_lines[n + 1 :] if j > i), end)
        prev_deg_line = max([j for (j, _d) in degree_lines[:n] if j < i], default=start - 1)
        after = [j for j in idx if i < j < min(next_deg_line, i + 3)]
        before = [j for j in idx if max(prev_deg_line, i - 2) < j < i]
        institution = _institution_in(entry_text.replace(dtext, " ", 1), field)
        if not institution:
            for j in after + before[::-1]:
                if j in taken_inst_lines or (_degree_matches(lines[j], in_education=in_education)):
                    continue
                institution = _institution_in(lines[j])
                if institution:
                    taken_inst_lines.add(j)
                    break
        if not institution:
            # "Degree, Institution, City" / "PhD in CS, CalTech, Pasadena"
            segs = _segments(RANGE_RE.sub(" ", line[de:seg_end]))
            rest = [
                s
                for s in segs[1:]
                if not ANY_YEAR_RE.search(s)
                and len(s.split()) <= 6
                and not re.match(r"(?i)gpa\b", s)
            ]
            first = re.sub(r"^(?:in|of|:)\s+", "", segs[0].strip()) if segs else ""
            if field and first == field and rest:
                institution = rest[0]
        if not institution and in_education and not prev_on_line:
            institution = _institution_fallback(line[:ds])
        if not institution and in_education:
            for j in (before[::-1] + after)[:2]:
                if (
                    j in taken_inst_lines
                    or _degree_matches(lines[j], in_education=True)
                    or not _is_header_candidate(lines[j])
                ):
                    continue
                institution = _institution_fallback(lines[j])
                if institution:
                    taken_inst_lines.add(j)
                    break
        if field and institution and field == institution:
            field = ""
        # year: the end of a range on the entry's lines, else the latest plausible year
        year = None
        bare_before = [j for j in before[-1:] if _BARE_DATE_LINE_RE.match(lines[j])]
        # a bare date line after the degree belongs to it unless the entries are written
        # "date line, then degree line" (then it is the next entry's date)
        after_ok = [
            j
            for j in after[:2]
            if bare_before
            or not _BARE_DATE_LINE_RE.match(lines[j])
            or not (j + 1 < end and _degree_matches(lines[j + 1], in_education=True))
        ]
        if bare_before:
            after_ok = [j for j in after_ok if not _BARE_DATE_LINE_RE.match(lines[j])]
        for j in [i, *bare_before, *after_ok, *before[::-1][:1]]:
            text = lines[j] if j != i else entry_text
            rngs = find_date_ranges(text)
            if rngs:
                r = rngs[-1]
                year = today.year if r.end is None else r.end[0]
                break
            years = [int(y) for y in ANY_YEAR_RE.findall(text) if int(y) <= today.year + 7]
            if years:
                year = max(years)
                break
        entries.append(Education(degree=degree, field=field, institution=institution, year=year))
    # de-duplicate (LiveCareer repeats an entry's text)
    out: list[Education] = []
    for e in entries:
        if any(
            o.degree.lower() == e.degree.lower()
            and o.field.lower() == e.field.lower()
            and o.year == e.year
            for o in out
        ):
            continue
        out.append(e)
    return out


# ---------------------------------------------------------------------------------------------
# Main entry point
# ---------------------------------------------------------------------------------------------
_POSITION_EXCLUDE_KINDS = {
    "education",
    "certifications",
    "awards",
    "publications",
    "interests",
    "references",
    "languages",
    "affiliations",
    "volunteer",
    "projects",
    "additional",
    "contact",
}


def parse_profile(text: str, *, default_region: str = "US", today: date | None = None) -> Profile:
    """Parse resume text into a :class:`Profile` (see the module docstring)."""
    today = today or date.today()
    lines = join_split_ranges(clean_lines(bound_text(text or "")))
    text = "\n".join(lines)
    sections = split_sections(lines)
    header_end = sections[0].end if sections and sections[0].kind == "header" else 0
    if header_end == 0:
        header_end = next((s.start - 1 for s in sections if s.kind != "header"), 0)
    header_lines = [ln for ln in lines[: max(header_end, 0)] if ln][:15]
    if not header_lines:
        header_lines = [ln for ln in lines[:6] if ln]
    header_text = "\n".join(header_lines)

    name, name_idx = _find_name(lines, header_end)
    email = _find_email(header_text) or _find_email(text)
    phone = _find_phone(text, header_text, default_region)
    # the contact block may sit outside the header (sidebars): lines near e-mail/phone lines
    near: list[str] = []
    for n, ln in enumerate(lines[:60]):
        if ln and _is_contact_line(ln):
            for k in range(max(0, n - 2), min(len(lines), n + 3)):
                cand = lines[k]
                if (
                    cand
                    and len(cand.split()) <= 10
                    and cand not in near
                    and cand not in header_lines
                    and not find_date_ranges(cand)
                ):
                    near.append(cand)
    location = _find_location(header_lines + near)
    links = tuple(_find_links(text, header_text))
    headline = _find_headline(lines, header_end, name_idx)

    # skills: whole text; skills sections are read as lists (ambiguous aliases allowed there)
    mentions: list[tuple[int, str]] = []
    offsets = []
    pos = 0
    for ln in lines:
        offsets.append(pos)
        pos += len(ln) + 1
    skill_ranges = [
        (
            offsets[s.start] if s.start < len(offsets) else len(text),
            offsets[s.end - 1] + len(lines[s.end - 1]) if s.end - 1 < len(lines) else len(text),
        )
        for s in sections
        if s.kind == "skills" and s.end > s.start
    ]
    # e-mail addresses and URLs are not skill mentions ("github.com/jdoe")
    skill_text = _URL_RE.sub(
        lambda m: " " * len(m.group(0)), _EMAIL_RE.sub(lambda m: " " * len(m.group(0)), text)
    )
    for m in find_skills(skill_text):
        mentions.append((m.start, m.skill))
    for a, b in skill_ranges:
        for m in find_skills(skill_text[a:b], skills_context=True):
            mentions.append((a + m.start, m.skill))
    mentions.sort()
    skills = tuple(dict.fromkeys(skill for _pos, skill in mentions))

    # positions
    exp_sections = [s for s in sections if s.kind == "experience"]
    raws: list[_RawPosition] = []
    if exp_sections:
        for s in exp_sections:
            raws.extend(_positions_in(lines, s.start, s.end))
    else:
        for s in sections:
            if s.kind in _POSITION_EXCLUDE_KINDS:
                continue
            for rp in _positions_in(lines, s.start, s.end):
                if _degree_matches(lines[rp.line], in_education=False):
                    continue
                raws.append(rp)
    positions: list[Position] = []
    seen: dict[tuple, int] = {}
    for rp in raws:
        p = _to_position(rp, today)
        if p is None:
            continue
        key = (p.start, p.end, p.current)
        if key in seen:
            k = seen[key]
            old = positions[k]
            if old.title.lower() == p.title.lower() or not p.title or not old.title:
                if not old.title and p.title:
                    positions[k] = p
                continue
        seen[key] = len(positions)
        positions.append(p)
    intervals = []
    for rp in raws:
        iv = interval(rp.rng, today)
        if iv:
            intervals.append(iv)
    total_years = round(union_months(intervals) / 12.0, 1)

    # education
    edu_sections = [s for s in sections if s.kind == "education"]
    education: list[Education] = []
    for s in edu_sections:
        education.extend(_education_in(lines, s.start, s.end, in_education=True, today=today))
    if not education:
        for s in sections:
            if s.kind in {"experience", "skills", "projects", "publications"}:
                continue
            education.extend(_education_in(lines, s.start, s.end, in_education=False, today=today))
    dedup: list[Education] = []
    for e in education:
        if e not in dedup:
            dedup.append(e)

    return Profile(
        name=name,
        email=email,
        phone=phone,
        location=location,
        links=links,
        skills=skills,
        positions=tuple(positions),
        total_years_experience=total_years,
        education=tuple(dedup),
        headline=headline,
    )

"""Contact details: e-mail, links, phone number and location."""

from __future__ import annotations

import re

import phonenumbers

from recruiting.parsing.vocabulary import (
    _COMPANY_MARKERS,
    _COUNTRIES,
    _FIELD_WORDS,
    _INSTITUTION_RE,
    _NAME_STOPWORDS,
    _US_STATE_NAMES,
    _US_STATES,
)
from recruiting.skills import canonical_skill
from recruiting.text.dates import (
    MONTHS,
    RANGE_RE,
    SINGLE_DATE_RE,
)
from recruiting.text.roles import is_role_word

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


_PHONEISH_RE = re.compile(r"(?<![\w/])\+?\(?\d[\d ().-]{6,}\d(?![\w/])")


def _is_contact_line(line: str) -> bool:
    if _EMAIL_RE.search(line) or _URL_RE.search(line):
        return True
    masked = RANGE_RE.sub(" ", line)
    return any(sum(c.isdigit() for c in m.group()) >= 7 for m in _PHONEISH_RE.finditer(masked))

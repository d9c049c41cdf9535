"""Blind screening: the resume without who the person is."""

from __future__ import annotations

import re

import phonenumbers

# Leading spaces but not newlines: "^\s*" crossed blank lines, so a text of blank lines was
# scanned to its end from every one of them.
_PERSONAL_LINE = re.compile(
    r"^[^\S\n]*(?:date\s+of\s+birth|d\.?o\.?b\.?|birth\s*date|born|age|gender|sex|marital\s+status|"
    r"family\s+status|nationality|citizenship|religion|place\s+of\s+birth|photo(?:graph)?|"
    r"picture|ethnicity|race|dependants|dependents|children|passport(?:\s+no\.?)?)\s*[:\-–]",
    re.IGNORECASE | re.MULTILINE,
)
# The lookbehinds let each run of characters be tried once, from its start (where the
# leftmost match begins anyway), not from every character: linear on "a.a.a..." or "aaaa...".
_EMAIL = re.compile(r"(?<![\w.+'-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(
    r"\b(?:https?://|www\.)\S+|\b(?:linkedin|github|gitlab|twitter|x|facebook|instagram|behance|"
    r"dribbble|medium|stackoverflow)\.com/\S*",
    re.IGNORECASE,
)
_IMAGE = re.compile(
    r"\[(?:image|photo|picture)[^\[\]\n]*\]|(?<!\S)\S+\.(?:jpe?g|png|gif|heic|webp)\b", re.I
)
_STREET = re.compile(
    r"\b\d{1,6}[A-Za-z]?\s+(?:[A-Z][\w.'-]*\s+){0,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|"
    r"Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Parkway|Pkwy|Highway|Hwy|Circle|Cir|"
    r"Square|Sq|Crescent|Close|Gardens|Strasse|Straße|Rue)\b\.?"
    r"(?:[,\s]+(?:Apt|Apartment|Suite|Ste|Unit|Flat|#)\.?\s*[\w-]+)?",
)
_US_POSTCODE = re.compile(r"\b([A-Z]{2})\s+\d{5}(?:-\d{4})?\b")
_UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b")
_YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")
_CLASS_OF = re.compile(
    r"\b(?:class\s+of|graduat(?:ed|ion)(?:\s+in)?|expected)\s*[:,]?\s*(?:\w+\s+)?(?:19|20)\d\d\b",
    re.I,
)


def blind_text(
    text: str, *, identity: dict | None = None, default_region: str = "US", profile=None
) -> str:
    """The resume without who the person is: name, contact details, links, photos, address,
    personal-data lines (birth date, gender, nationality...) and graduation years.
    ``profile`` is the resume's stored parse (a dict), read instead of parsing ``text``."""
    from recruiting.parsing import Profile, parse_profile, split_sections

    identity = dict(identity or {})
    if profile:
        parsed = Profile.from_dict(profile)
    else:
        parsed = parse_profile(text, default_region=default_region)
    names = {identity.get("name") or "", parsed.name or ""}
    locations = {identity.get("location") or "", parsed.location or ""}

    text = _PERSONAL_LINE.sub("[personal detail removed]:", text)
    text = re.sub(r"\[personal detail removed\]:.*", "[personal detail removed]", text)
    text = _EMAIL.sub("[email]", text)
    text = _URL.sub("[link]", text)
    text = _IMAGE.sub("[image removed]", text)
    text = _remove_phones(text, default_region)
    text = _STREET.sub("[address]", text)
    text = _US_POSTCODE.sub("[postcode]", text)
    text = _UK_POSTCODE.sub("[postcode]", text)
    for location in sorted(filter(None, locations), key=len, reverse=True):
        if len(location) >= 4:
            text = re.sub(re.escape(location), "[location]", text, flags=re.IGNORECASE)
    for name in sorted(filter(None, names), key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(name)}\b", "[name]", text, flags=re.IGNORECASE)
        for part in name.split():
            part = part.strip(".,")
            if len(part) >= 3 and part[0].isupper():
                text = re.sub(rf"\b{re.escape(part)}\b", "[name]", text)

    # Graduation years: every year inside education sections, and "Class of 2012" anywhere.
    lines = text.split("\n")
    # The stored sections number the lines of the text it was parsed from: read them only
    # while this text still has those lines.
    stored = profile and parsed.line_count == len(lines)
    sections = parsed.sections if stored else split_sections(lines)
    for section in sections:
        if section.kind == "education":
            for i in range(section.start, section.end):
                lines[i] = _YEAR.sub("[year]", lines[i])
    text = "\n".join(lines)
    return _CLASS_OF.sub(lambda m: _YEAR.sub("[year]", m.group(0)), text)


# Each number-like run the matcher rejects costs about a millisecond: a resume has a few dozen
# (years, figures), a line of "2019 - 2019 - ..." thousands. Stop trying after this many.
PHONE_MAX_TRIES = 500


def _remove_phones(text: str, region: str) -> str:
    spans = []
    try:
        for match in phonenumbers.PhoneNumberMatcher(
            text, region, leniency=phonenumbers.Leniency.POSSIBLE, max_tries=PHONE_MAX_TRIES
        ):
            spans.append((match.start, match.end))
    except Exception:  # the library's matcher is best effort
        spans = []
    for s, e in reversed(spans):
        candidate = text[s:e]
        if re.fullmatch(r"\(?(?:19|20)\d\d\)?\s*[-–]\s*\(?(?:19|20)\d\d\)?", candidate.strip()):
            continue  # a date range, not a phone number
        text = text[:s] + "[phone]" + text[e:]
    return text

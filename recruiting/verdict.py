"""Is an extracted file a resume? Turn it away only when it is clearly something else.

A resume can lack almost anything: names and contact details are redacted in anonymised
sets, dates are left out, a job is one line ("Front-End Developer - 2019"), headings are in
German or Spanish. So the verdict does not ask "does it have everything a resume has?"
but "is it plainly another kind of document?": an invoice or receipt, a menu or price
list, a cover letter on its own, a blank form, a meeting agenda, placeholder text, or
too little text to be anything. A file with no resume signal at all is turned away
too, with the signals it lacked. Each verdict says why, in words HR reads; HR can still
add a file turned away.

The signals reuse what the parser found (positions, education, skills, section headings)
and add what it does not look for. Every pattern here is linear in the length of the text
(no nested quantifiers), and each line is looked at a bounded number of times.
"""

import re
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from recruiting.parsing import Profile, split_sections
from recruiting.text.headings import foreign_heading, load_headings
from recruiting.text.roles import has_role_word
from recruiting.word_lists import WordListError, check_keys, data_file, read_toml, word_list


class Verdict(NamedTuple):
    is_resume: bool
    reason: str  # why it was turned away, or what made it a resume


# Lines longer than this are prose, never a heading, a job line or a form field.
_SHORT_LINE = 120
# Enough lines to judge a document by; a longer file is judged by its start.
_MAX_LINES = 2000
_MIN_WORDS = 12

_YEAR = re.compile(r"(?<!\d)(?:19[5-9]\d|20[0-4]\d)(?!\d)")
_DEGREE_WORD = re.compile(
    r"\b(?:bachelor|master|msc|bsc|mba|phd|ph\.d|doctorate|diploma|degree|licence|"
    r"licenciatura|laurea|diplom|abitur|baccalaureat|doctorat|doctorado|dottorato|"
    r"bachiller|graduado|hbo|mbo|apprenticeship|ausbildung|certificate)\b",
    re.IGNORECASE,
)

# --- Other kinds of documents -------------------------------------------------------------

# A label followed on the same line by an amount ("Total: $120.00", or far to the right in a
# table); the gaps are bounded, so backtracking over a long run of spaces is too.
_THEN_AMOUNT = r"[ \t]{0,60}:?[ \t]{0,3}[$€£]?[ \t]{0,3}\d"
# What an invoice feature's ``followed_by`` asks for right after its word ("Invoice No",
# "Total: $120", "VAT 20% 24.00"); without one the word just ends.
_FOLLOWED_BY = {
    "number": r"\s*(?:no\b|nr\b|number\b|#|num\b|n[o°º]\b)",
    "amount": r"\b" + _THEN_AMOUNT,
    "rate and amount": r"\b(?:[ \t]{0,3}\(?\d{1,2}(?:[.,]\d{1,3})?[ \t]?%\)?)?" + _THEN_AMOUNT,
    None: r"\b",
}
_INVOICE_WORD = re.compile(r"\b(?:invoice|receipt|rechnung|facture|factura|fattura)\b", re.I)
_MONEY = re.compile(
    # The lookbehind starts a number only at its first digit, so a long run of digits is
    # scanned once rather than once per digit.
    r"(?:[$€£][ ]?\d[\d,.]*|(?<![\d,.])\d[\d,.]*[ ]?(?:[$€£]|usd|eur|gbp|chf)\b)",
    re.IGNORECASE,
)
_ENDS_IN_PRICE = re.compile(r"(?:[$€£]\s?\d{1,4}(?:[.,]\d{2})?|\d{1,4}[.,]\d{2}\s?[$€£]?)\s*$")

_AGENDA_WORDS = re.compile(
    r"\b(?:agenda|minutes|attendees|apologies|action\s+items?|any\s+other\s+business|"
    r"next\s+meeting|chair(?:ed)?\s+by|facilitator|note-?taker|meeting)\b",
    re.IGNORECASE,
)
_TIME_OF_DAY = re.compile(r"(?<!\d)(?:[01]?\d|2[0-3])[:.][0-5]\d(?:\s?[ap]\.?m\.?)?(?!\d)", re.I)

_SALUTATION = re.compile(
    r"^(?:dear\b|to\s+whom\s+it\s+may\s+concern|hello\b|hi\b|sehr\s+geehrte|"
    r"madame|monsieur|estimad[oa]s?|gentile|geachte)",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"^(?:(?:yours\s+)?sincerely|yours\s+(?:truly|faithfully|sincerely)|"
    r"(?:kind|best|warm|warmest)\s+regards|regards|respectfully(?:\s+yours)?|"
    r"thank\s+you\s+for\s+your\s+(?:time|consideration)|mit\s+freundlichen\s+gr|"
    r"cordialement|atentamente|cordiali\s+saluti|met\s+vriendelijke\s+groet)",
    re.IGNORECASE,
)
_BLANK_FIELD = re.compile(r"_{3,}|\.{6,}|\[\s\]|☐|□")
_EMPTY_LABEL = re.compile(r"^[^\W\d_][\w ()/'’.-]{0,38}:\s*$")


# --- The verdict's word lists -------------------------------------------------------------

_SOURCE = "verdict.toml"
_FEATURE_KEYS = {"label", "words", "followed_by"}


@dataclass(frozen=True)
class VerdictWords:
    career_kinds: frozenset[str]  # parser section kinds that only resumes have
    first_person: frozenset[str]
    lorem_words: frozenset[str]
    invoice_features: dict[str, re.Pattern]  # label for HR -> pattern, in the file's order


def _invoice_feature(entry: object, n: int) -> tuple[str, re.Pattern]:
    if not isinstance(entry, dict):
        raise WordListError(f"{_SOURCE}: [[invoice_feature]] #{n} must be a table")
    label = entry.get("label")
    if not isinstance(label, str) or not label.strip():
        raise WordListError(f"{_SOURCE}: [[invoice_feature]] #{n} needs a label")
    where = f"{_SOURCE} [[invoice_feature]] {label!r}"
    check_keys(entry, where, optional=_FEATURE_KEYS)
    followed_by = entry.get("followed_by")
    if followed_by not in _FOLLOWED_BY:
        raise WordListError(
            f"{where}: followed_by {followed_by!r} is not one of "
            f"{sorted(k for k in _FOLLOWED_BY if k)}"
        )
    # A space in a phrase stands for any white space: PDF text breaks lines and spaces freely.
    phrases = (
        r"\s+".join(map(re.escape, words.split())) for words in word_list(entry, "words", where)
    )
    pattern = r"\b(?:" + "|".join(phrases) + ")" + _FOLLOWED_BY[followed_by]
    return label, re.compile(pattern, re.IGNORECASE)


def parse_verdict_words(data: dict) -> VerdictWords:
    """Validate the parsed TOML of ``verdict.toml``; a bad entry raises :class:`WordListError`."""
    check_keys(
        data, _SOURCE, optional={"career_kinds", "first_person", "lorem_words", "invoice_feature"}
    )
    career_kinds = word_list(data, "career_kinds", _SOURCE)
    section_kinds = set(load_headings().resume.values())
    for kind in career_kinds:
        if kind not in section_kinds:
            raise WordListError(f"{_SOURCE}: career kind {kind!r} is no resume section kind")
    entries = data.get("invoice_feature")
    if not isinstance(entries, list) or not entries:
        raise WordListError(f"{_SOURCE}: no [[invoice_feature]] entries")
    features: dict[str, re.Pattern] = {}
    for n, entry in enumerate(entries, 1):
        label, pattern = _invoice_feature(entry, n)
        if label in features:
            raise WordListError(f"{_SOURCE}: [[invoice_feature]] {label!r} is listed twice")
        features[label] = pattern
    return VerdictWords(
        career_kinds=frozenset(career_kinds),
        first_person=frozenset(word_list(data, "first_person", _SOURCE)),
        lorem_words=frozenset(word_list(data, "lorem_words", _SOURCE)),
        invoice_features=features,
    )


@cache
def load_verdict_words() -> VerdictWords:
    """The verdict's word lists shipped in ``recruiting/data/verdict.toml``, read once."""
    return parse_verdict_words(read_toml(data_file("recruiting", _SOURCE)))


def _is_first_person(word: str, first_person: frozenset[str]) -> bool:
    word = word.strip('.,;:!?()"“”').lower()
    return word in first_person or word.startswith(("j'", "j’"))  # French "j'ai"


class _Signals:
    """What the text has of a resume and of other kinds of documents, counted once."""

    def __init__(self, text: str, profile: Profile):
        vocabulary = load_verdict_words()
        lines = [line.strip() for line in text.splitlines()[:_MAX_LINES]]
        self.lines = [line for line in lines if line]
        words = text.split()
        self.word_count = len(words)
        sample = words[:5000]
        self.lorem_share = (
            sum(w.strip(".,;:!?").lower() in vocabulary.lorem_words for w in sample) / len(sample)
            if sample
            else 0.0
        )

        self.heading_kinds = {
            section.kind
            for section in split_sections(lines)
            if section.kind in vocabulary.career_kinds
        }
        short = [line for line in self.lines if len(line) <= _SHORT_LINE]
        for line in short:
            kind = foreign_heading(line)
            if kind:
                self.heading_kinds.add(kind)
        self.positions = len(profile.positions)
        self.education = len(profile.education)
        self.skills = len(profile.skills)
        self.has_contact = bool(profile.email or profile.phone)
        self.role_lines = sum(
            1
            for line in short
            if len(line.split()) <= 12 and not line.endswith(".") and has_role_word(line)
        )
        self.year_lines = sum(1 for line in short if _YEAR.search(line))
        self.degree_words = sum(1 for line in short if _DEGREE_WORD.search(line))

        # Invoices, menus and agendas are lists of short lines; judging those bounds the work.
        short_text = "\n".join(short)
        self.invoice_features = [
            label
            for label, pattern in vocabulary.invoice_features.items()
            if pattern.search(short_text)
        ]
        self.says_invoice = bool(_INVOICE_WORD.search(short_text))
        self.money = len(_MONEY.findall(short_text))
        self.price_lines = sum(1 for line in short if _ENDS_IN_PRICE.search(line))
        self.agenda_words = len(_AGENDA_WORDS.findall(short_text))
        self.time_lines = sum(1 for line in short if _TIME_OF_DAY.match(line))
        self.salutation = next((line for line in self.lines[:15] if _SALUTATION.match(line)), "")
        self.closing = any(_CLOSING.match(line) for line in self.lines[-15:])
        self.first_person_share = (
            sum(_is_first_person(word, vocabulary.first_person) for word in sample) / len(sample)
            if sample
            else 0.0
        )
        self.blank_fields = sum(
            1
            for line in short
            if _BLANK_FIELD.search(line)
            or (_EMPTY_LABEL.match(line) and not foreign_heading(line) and not self._heading(line))
        )

    @staticmethod
    def _heading(line: str) -> bool:
        return any(s.kind != "header" for s in split_sections([line]))

    @property
    def work_history(self) -> bool:
        """Jobs, however they are written: under a heading, dated, or one line each."""
        return (
            "experience" in self.heading_kinds
            or self.positions > 0
            or (self.role_lines >= 2 and self.year_lines >= 2)
        )

    def resume_evidence(self) -> list[str]:
        """What makes this look like a resume, strongest first, in words for HR."""
        found = []
        sections = sorted(kind.capitalize() for kind in self.heading_kinds - {"title"})
        if "title" in self.heading_kinds:
            found.append("a resume title")
        if sections:
            found.append(_plural(len(sections), "resume section") + f" ({', '.join(sections)})")
        if self.positions:
            found.append(_plural(self.positions, "dated job"))
        if self.role_lines:
            found.append(_plural(self.role_lines, "line") + " naming a role")
        if self.education or self.degree_words:
            found.append("education")
        if self.skills >= 3:
            found.append(_plural(self.skills, "skill"))
        if self.year_lines >= 2:
            found.append("dates")
        return found

    def resume_score(self) -> int:
        score = 2 * min(len(self.heading_kinds), 3)
        score += 3 if self.positions >= 2 else 2 if self.positions else 0
        score += 2 if self.role_lines >= 2 else self.role_lines
        score += 1 if (self.education or self.degree_words) else 0
        score += 2 if self.skills >= 6 else 1 if self.skills >= 3 else 0
        score += 1 if self.year_lines >= 2 else 0
        score += 1 if self.has_contact else 0
        return score


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def resume_verdict(text: str, profile: Profile) -> Verdict:
    """Whether extracted ``text`` (parsed into ``profile``) should become a candidate.

    Turns a file away only when it is plainly another kind of document, or says next to
    nothing; the reason names what was found. Linear in the length of ``text``.
    """
    signals = _Signals(text, profile)
    if signals.word_count < _MIN_WORDS:
        return Verdict(
            False,
            f"There is too little text to be a resume: {_plural(signals.word_count, 'word')}.",
        )
    if signals.lorem_share >= 0.3:
        return Verdict(
            False,
            "This is placeholder text (lorem ipsum), not a resume; it may be an unfilled template.",
        )
    evidence = signals.resume_evidence()
    score = signals.resume_score()

    if not signals.work_history:
        if (len(signals.invoice_features) >= 2 or signals.says_invoice) and signals.money >= 2:
            found = signals.invoice_features or [_plural(signals.money, "amount") + " of money"]
            return Verdict(
                False,
                f"This looks like an invoice or receipt: it has {_join(found)}, and no "
                "work history.",
            )
        if signals.price_lines >= 5 and signals.price_lines * 3 >= len(signals.lines):
            return Verdict(
                False,
                f"This looks like a menu or price list: {signals.price_lines} of its "
                f"{len(signals.lines)} lines end in a price, and it has no work history.",
            )
        if signals.agenda_words >= 2 and signals.time_lines >= 2:
            return Verdict(
                False,
                "This looks like a meeting agenda or minutes: it has times and agenda items, "
                "and no work history.",
            )
        letter_sections = signals.heading_kinds - {"summary", "title"}
        if (
            (signals.salutation or signals.closing)
            and not letter_sections
            and signals.first_person_share >= 0.02
        ):
            opening = f'opens with "{signals.salutation[:40]}"' if signals.salutation else ""
            shape = opening or "signs off like a letter"
            return Verdict(
                False,
                f"This looks like a cover letter on its own: it {shape} and is written as a "
                "letter, with no sections for experience, education or skills. Upload the "
                "resume that came with it.",
            )
        if signals.blank_fields >= 4 and signals.blank_fields * 4 >= len(signals.lines):
            return Verdict(
                False,
                f"This looks like a blank form: {signals.blank_fields} of its lines are "
                "empty fields to fill in, and it has no work history.",
            )
    if score < 2:
        if evidence:
            return Verdict(
                False,
                f"Too little in it looks like a resume: only {_join(evidence)}, and no "
                "sections such as Experience or Education.",
            )
        return Verdict(
            False,
            "Nothing in it looks like a resume: it has no sections such as Experience or "
            "Education, and no roles, dates, degrees or skills.",
        )
    return Verdict(True, "It has " + _join(evidence) + "." if evidence else "")

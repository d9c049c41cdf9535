"""One requirement item (a bullet or sentence) to draft requirements."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from ai.scoring import _text, _vocab
from ai.scoring.requirements.degrees import _EDU_RE, _education_keywords
from ai.scoring.requirements.knockouts import _is_knockout
from ai.scoring.requirements.model import (
    MUST_WEIGHT,
    NICE_WEIGHT,
    SOFT_CATEGORIES,
    SOFT_SKILL_FACTOR,
    Requirement,
    _Draft,
)
from ai.scoring.requirements.posting import _TRAILING_CONJ_RE, _clean_phrase, _shorten
from ai.scoring.requirements.roles import _DOMAIN_BEFORE_RE, _domain, _role, _role_like
from ai.scoring.requirements.skills import (
    _drop_modifiers,
    _label_content,
    _skill_groups,
    _split_list,
)
from ai.scoring.requirements.years import _DURATION_TAIL_RE, YEARS_RE, _fmt_years, years_in

_NICE_CUE_RE = re.compile(
    r"\b(?:a\s+(?:big\s+|huge\s+|strong\s+)?plus|is\s+(?:a\s+)?plus|preferred|preferably|nice[\s-]to[\s-]have|bonus|desirable|desired|advantageous|an\s+advantage|ideally|would\s+be\s+(?:great|nice|helpful)|not\s+required|optional)\b",
    re.IGNORECASE,
)
_LABEL_RE = re.compile(r"^\s*([^:]{2,48}?)\s*[:–—]\s+(.+)$")


def _item_to_requirements(
    item: str, must: bool, inherited_years: float | None = None
) -> list[_Draft]:
    item = item.strip()
    if not item or len(_text.words(item)) == 0 or item.endswith(":") or _is_knockout(item):
        return []
    if _NICE_CUE_RE.search(item):
        must = False
    # "7 years of experience including 4 years as X and 3 years as Y": one item per years mention
    ym = list(YEARS_RE.finditer(item))
    if len(ym) >= 2:
        cuts = [0] + [m.start() for m in ym[1:]] + [len(item)]
        out: list[_Draft] = []
        for a, b in itertools.pairwise(cuts):
            seg = _TRAILING_CONJ_RE.sub("", item[a:b].strip(" ,;"))
            out.extend(_item_to_requirements(seg, must))
        return out
    # "Label: details". A label that only names a category ("Skills:", "Education:") is
    # dropped; a label with content is the requirement and the details after the colon are
    # sub-clauses of it ("Strong PostgreSQL skills: schema design, indexing, query plans").
    label = details = None
    m = _LABEL_RE.match(item)
    if m and len(m.group(1).split()) <= 5 and not YEARS_RE.search(m.group(1)):
        label, details = m.group(1).strip(), m.group(2).strip()
        if not _vocab.find_skills(label) and not _label_content(label):
            return _item_to_requirements(details, must, inherited_years)
    # a plain list of skills / qualities: one requirement per element
    parts = None if label else _split_list(item)
    if parts:
        y = years_in(item)
        out = []
        for p in parts:
            out.extend(_item_to_requirements(p, must, inherited_years=y))
        return out
    years = years_in(item) or inherited_years
    head = label if label else item
    it = _Item(item, must, years, head, label, details)
    # The first reading that fits the item is its requirement(s).
    for reading in _READINGS:
        if reading(it):
            break
    return it.drafts


@dataclass
class _Item:
    """One requirement item being read, and the drafts read from it."""

    source: str
    must: bool
    years: float | None
    head: str  # the label of "Label: details", else the whole item
    label: str | None
    details: str | None
    drafts: list[_Draft] = field(default_factory=list)

    def add(self, text: str, kind: str, skills=(), keywords=(), min_years=None) -> None:
        self.drafts.append(
            _Draft(
                Requirement(
                    id=_text.slugify(text),
                    text=text,
                    skills=list(skills),
                    keywords=list(keywords),
                    min_years=min_years,
                    weight=MUST_WEIGHT if self.must else NICE_WEIGHT,
                    kind=kind,
                    source=self.source,
                ),
                self.must,
            )
        )


def _as_duration_tail(it: _Item) -> bool:
    """ "<role or field> – 5 years", "<role> (3 years)": the years belong to the phrase."""
    item, years = it.source, it.years
    m = _DURATION_TAIL_RE.match(item)
    if m and years is not None and not _role(item) and not _domain(item):
        what = _clean_phrase(m.group("what"))
        if (
            _text.content_stems(what)
            and len(what.split()) <= 10
            and not _EDU_RE.search(what)
            and not _vocab.find_skills(what)
        ):
            text = f"{_fmt_years(years)} {'as' if _role_like(what) else 'in'} {what}"
            it.add(text, "experience", keywords=[what], min_years=years)
            return True
    return False


def _as_education(it: _Item) -> bool:
    if _EDU_RE.search(it.head) and not _role(it.source):
        it.add(_shorten(it.head), "education", keywords=_education_keywords(it.head))
        return True
    return False


def _as_role_experience(it: _Item) -> bool:
    """ "4 years as a Systems Engineer", "experience as a QA Engineer"."""
    item, years = it.source, it.years
    role = _role(item)
    if not role:
        dom = _domain(item)
        if dom and _role_like(dom):
            role = dom
    if role and (
        years is not None
        or re.search(r"\bexperience\b|\bworked\b|\bworking\b|\bserved\b", item, re.I)
    ):
        text = f"{_fmt_years(years)} as {role}" if years else f"Experience as {role}"
        it.add(text, "experience", keywords=[role], min_years=years)
        return True
    return False


def _as_field_years(it: _Item) -> bool:
    """ "N years of <field> experience" where the field is not a vocabulary skill."""
    years = it.years
    if years is not None:
        m = _DOMAIN_BEFORE_RE.search(it.source)
        if m and _text.content_stems(m.group("dom")) and not _vocab.find_skills(m.group("dom")):
            dom = _clean_phrase(m.group("dom"))
            it.add(
                f"{_fmt_years(years)} of {dom} experience",
                "experience",
                keywords=[dom],
                min_years=years,
            )
            return True
    return False


def _as_skills(it: _Item) -> bool:
    """Vocabulary skills."""
    item, years, head, label, details = it.source, it.years, it.head, it.label, it.details
    groups = _skill_groups(head)
    detail_skills = []
    if label and details:
        seen = {x for g in groups for x in g}
        for sk, _, _ in _drop_modifiers(details, _vocab.find_skills(details)):
            if sk not in seen and sk not in detail_skills:
                detail_skills.append(sk)
    if label and detail_skills and len(groups) <= 1:
        # the skills after the colon are examples of the label: one any-of requirement
        # ("Healthcare experience: HIPAA, HL7 or FHIR"); a label outside the vocabulary is
        # kept as a keyword alternative
        g = (groups[0] if groups else []) + detail_skills
        name = f"{label} ({', '.join(g)})" if not groups else f"{g[0]} ({', '.join(g[1:])})"
        text = f"{_fmt_years(years)} of {name}" if years else name
        kws = [] if groups else _text.key_phrases(label)[:4]
        it.add(_shorten(text), "skill", skills=g, keywords=kws, min_years=years)
        return True
    if groups:
        # "Experience in a high-volume kitchen ... and knowledge of food safety": keep the
        # non-vocabulary experience domain as its own requirement
        dom = _domain(item) if head is item else None
        if dom and not _vocab.find_skills(dom) and len(_text.content_stems(dom)) >= 1:
            it.add(f"Experience in {dom}", "experience", keywords=[dom], min_years=None)
        for g in groups:
            name = " or ".join(g) if len(g) > 1 else g[0]
            text = f"{_fmt_years(years)} of {name}" if years else name
            it.add(text, "skill", skills=g, min_years=years)
            if all(_vocab.skill_category(x) in SOFT_CATEGORIES for x in g):
                # a resume cannot really evidence a soft skill: the phone screen checks it
                it.drafts[-1].must = False
                it.drafts[-1].req.weight = round(NICE_WEIGHT * SOFT_SKILL_FACTOR, 3)
        return True
    return False


def _as_domain_years(it: _Item) -> bool:
    """Domain experience with years: "3 years of experience in risk management"."""
    years = it.years
    if years is not None:
        dom = _domain(it.source)
        if dom:
            it.add(f"{_fmt_years(years)} in {dom}", "experience", keywords=[dom], min_years=years)
        else:
            it.add(f"{_fmt_years(years)} of experience", "years", min_years=years)
        return True
    return False


def _as_keywords(it: _Item) -> bool:
    phrases = _text.key_phrases(it.head)
    if not phrases and it.head is not it.source:
        phrases = _text.key_phrases(it.source)
    if phrases:
        it.add(_shorten(it.head), "keyword", keywords=phrases[:8])
    return True


_READINGS = (
    _as_duration_tail,
    _as_education,
    _as_role_experience,
    _as_field_years,
    _as_skills,
    _as_domain_years,
    _as_keywords,
)

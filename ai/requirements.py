"""Structured requirements from a job description, deterministically and offline.

``extract_requirements(job_description)`` returns a :class:`JobRequirements`: must-haves,
nice-to-haves, a minimum number of years, a seniority label and knockout questions. HR can
edit the result as JSON (``to_dict`` / ``from_dict``) and the scorer accepts the edited
version.

How it reads a job description:

1. Split it into sections from headings (Markdown ``##``, ``**bold**``, ``Heading:`` lines or
   short plain lines such as ``Requirements``) and classify each heading (title, summary,
   responsibilities, must, nice, company/benefits, other).
2. Each bullet (or sentence) of a *must* or *nice* section becomes one or more requirements:
   education (degree level + field), role experience ("4 years as a Systems Engineer"),
   vocabulary skills (split into separate requirements unless the clause says "or",
   "such as", "like" ... which makes an any-of group), domain experience
   ("3 years in enterprise risk management"), a general years statement, or, failing those,
   a keyword requirement made of its content phrases. "A plus", "preferred", "bonus" inside
   a required bullet move it to nice-to-have.
3. Skills that the title, summary or responsibilities repeat get a little more weight;
   skills that appear only there become nice-to-haves.
4. With no requirement sections, requirement-like sentences ("experience with", "must",
   "degree", "knowledge of" ...) are used, and skills found anywhere in the text are
   weighted by where and how often they appear.

Pure Python: no Django, no network.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from ai.scoring import _text, _vocab
from recruiting.text.degrees import degree_level
from recruiting.text.headings import posting_heading
from recruiting.text.roles import is_role_noun
from recruiting.textbounds import bound_text

SENIORITY_LEVELS = ("intern", "junior", "mid", "senior", "lead", "principal", "unspecified")
KINDS = ("skill", "keyword", "experience", "years", "education")

MUST_WEIGHT = 1.0
NICE_WEIGHT = 0.5
MAX_EMPHASIS = 1.5  # cap on the weight a repeated skill can reach
# Soft skills ("Communication", "Teamwork") are self-reported and hard to evidence in a resume,
# so they count half as much as a hard requirement.
SOFT_CATEGORIES = frozenset({"soft_skill"})
SOFT_SKILL_FACTOR = 0.5
# At most this many skills mentioned only outside the requirement sections become nice-to-haves.
MAX_EXTRA_NICE = 6


@dataclass
class Requirement:
    """One thing the job asks for.

    ``skills`` is an any-of list of canonical vocabulary skills; ``keywords`` are phrases for
    requirements outside the vocabulary (for ``kind == "experience"`` the first keyword is the
    role or domain whose years are counted). ``source`` is the job-description line it came
    from.

    A line HR wrote is kept as ``text`` word for word; when it names several things, the
    terms the scorer matches are kept apart in ``parts`` (each a requirement's matching
    fields, without text of its own to show): all of them count, or with ``any_of`` the
    best one does ("CPA or CFA").
    """

    id: str
    text: str
    skills: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    min_years: float | None = None
    weight: float = 1.0
    kind: str = "keyword"
    source: str = ""
    parts: list[dict[str, Any]] = field(default_factory=list)
    any_of: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Requirement:
        if isinstance(data, str):
            data = {"text": data}
        text = str(data.get("text") or data.get("requirement") or "").strip()
        skills = _str_list(data.get("skills"))
        keywords = _str_list(data.get("keywords"))
        kind = str(data.get("kind") or "").strip().lower()
        if kind not in KINDS:
            kind = "skill" if skills else "keyword"
        min_years = _opt_float(data.get("min_years"))
        weight = _opt_float(data.get("weight"))
        rid = str(data.get("id") or "").strip() or _text.slugify(
            text or " ".join(skills + keywords)
        )
        parts = []
        for part in data.get("parts") or []:
            if isinstance(part, dict):
                terms = cls.from_dict({**part, "parts": None}).to_dict()
                parts.append({key: terms[key] for key in MATCH_FIELDS})
        return cls(
            id=rid,
            text=text or ", ".join(skills + keywords) or rid,
            skills=skills,
            keywords=keywords,
            min_years=min_years,
            weight=1.0 if weight is None else max(0.0, weight),
            kind=kind,
            source=str(data.get("source") or ""),
            parts=parts,
            any_of=bool(data.get("any_of")) and bool(parts),
        )


# What the scorer matches a requirement on (a part of an HR line keeps only these).
MATCH_FIELDS = ("skills", "keywords", "min_years", "kind")


@dataclass
class JobRequirements:
    must_have: list[Requirement] = field(default_factory=list)
    nice_to_have: list[Requirement] = field(default_factory=list)
    min_years: float | None = None
    seniority: str = "unspecified"
    knockouts: list[str] = field(default_factory=list)
    title: str = ""

    def all(self) -> list[tuple[Requirement, bool]]:
        """(requirement, is_must_have) pairs, must-haves first."""
        return [(r, True) for r in self.must_have] + [(r, False) for r in self.nice_to_have]

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "seniority": self.seniority,
            "min_years": self.min_years,
            "must_have": [r.to_dict() for r in self.must_have],
            "nice_to_have": [r.to_dict() for r in self.nice_to_have],
            "knockouts": list(self.knockouts),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> JobRequirements:
        must = [Requirement.from_dict(r) for r in data.get("must_have") or []]
        nice = [Requirement.from_dict(r) for r in data.get("nice_to_have") or []]
        _dedupe_ids(must + nice)
        seniority = str(data.get("seniority") or "unspecified").strip().lower()
        if seniority not in SENIORITY_LEVELS:
            seniority = "unspecified"
        return cls(
            must_have=must,
            nice_to_have=nice,
            min_years=_opt_float(data.get("min_years")),
            seniority=seniority,
            knockouts=_str_list(data.get("knockouts")),
            title=str(data.get("title") or ""),
        )


def _str_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [v for v in re.split(r"[,;\n]", value)]
    return [str(v).strip() for v in value if str(v).strip()]


def _opt_float(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if f == f else None  # NaN -> None


def _dedupe_ids(reqs: list[Requirement]) -> None:
    seen: dict[str, int] = {}
    for r in reqs:
        base = r.id
        if base in seen:
            seen[base] += 1
            r.id = f"{base}-{seen[base]}"
        else:
            seen[base] = 1


# --------------------------------------------------------------------------- sections

_BULLET_RE = re.compile(r"^\s*(?:[-*•·●▪◦‣⁃–—>]+|\(?\d{1,2}[.)]|\(?[a-z][.)](?=\s))\s*")
_MD_HEADING_RE = re.compile(r"^\s*#{1,6}\s*(.*?)\s*#*\s*$")
_BOLD_HEADING_RE = re.compile(r"^\s*(?:\*\*|__)(.+?)(?:\*\*|__)\s*:?\s*(.*)$")
_COLON_HEADING_RE = re.compile(r"^\s*([A-Za-z][A-Za-z '&/()-]{1,50}?)\s*:\s*(.*)$")


@dataclass
class _Section:
    kind: str  # title | summary | responsibilities | must | nice | company | other | preamble
    heading: str
    lines: list[tuple[str, bool]]  # (text, is_bullet)


def _split_sections(text: str) -> list[_Section]:
    sections = [_Section("preamble", "", [])]
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        heading, inline = None, ""
        m = _MD_HEADING_RE.match(line)
        if m and line.lstrip().startswith("#"):
            heading = m.group(1).strip("*_ ")
            if ":" in heading:
                heading, _, inline = heading.partition(":")
            if not heading.strip():
                continue
        else:
            m = _BOLD_HEADING_RE.match(line)
            if m and posting_heading(m.group(1)):
                heading, inline = m.group(1), m.group(2)
            else:
                m = _COLON_HEADING_RE.match(line)
                if (
                    m
                    and posting_heading(m.group(1))
                    and len(m.group(1).split()) <= 5
                    and not _BULLET_RE.match(line)
                ):
                    heading, inline = m.group(1), m.group(2)
                elif (
                    not _BULLET_RE.match(line)
                    and len(line.split()) <= 6
                    and not re.search(r"[.!?,;]$", line)
                    and posting_heading(line)
                ):
                    heading = line
        if heading is not None:
            kind = posting_heading(heading)
            if (
                kind is None
                and len(sections) == 1
                and not sections[0].lines
                and any(is_role_noun(w) for w in _text.words(heading))
            ):
                # the document opens with a heading naming a role ("# Senior Backend
                # Engineer"): that is the job title
                sections.append(
                    _Section("title", heading.strip(), [(_clean_title(heading), False)])
                )
                if inline.strip():
                    sections[-1].lines.append((inline.strip(), False))
                continue
            kind = kind or "other"
            sections.append(_Section(kind, heading.strip(), []))
            if inline.strip():
                sections[-1].lines.append((inline.strip(), False))
            continue
        bullet = bool(_BULLET_RE.match(line))
        content = _BULLET_RE.sub("", line).strip() if bullet else line
        content = content.strip("*_ ").strip()
        if content:
            sections[-1].lines.append((content, bullet))
    return sections


# Sentences that are about the hiring process, not the candidate (equal-opportunity
# statements, accommodation offers): they never yield requirements.
_BOILERPLATE_RE = re.compile(
    r"equal[\s-]+(?:employment[\s-]+)?opportunit|\beeo\b|affirmative[\s-]+action|"
    r"reasonable[\s-]+accommodation|without\s+regard\s+to|regardless\s+of\s+(?:race|age|gender)|"
    r"protected\s+(?:veteran|status|characteristic)|\be-?verify\b|"
    r"(?:hiring|recruitment|application|interview)\s+process|we\s+(?:welcome|encourage)\s+(?:applica|candida)|"
    r"\bwe\s+(?:also\s+)?offer\b|\bbenefits?\s+(?:include|package)|\bcompetitive\s+(?:salary|pay|compensation)",
    re.I,
)


def _items(section: _Section) -> list[str]:
    """Bullets (with wrapped continuation lines) or sentences of a section, without
    hiring-process boilerplate."""
    items = [
        " ".join(s for s in _split_sentences(item) if not _BOILERPLATE_RE.search(s))
        for item in _raw_items(section)
    ]
    return [i for i in items if i.strip()]


def _raw_items(section: _Section) -> list[str]:
    items: list[str] = []
    for text, bullet in section.lines:
        if not bullet and items and text[:1].islower():
            items[-1] = items[-1] + " " + text
            continue
        if not bullet and len(text) > 160:
            items.extend(s.strip() for s in _split_sentences(text) if s.strip())
        else:
            items.append(text)
    return items


def _split_sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])", text)


# --------------------------------------------------------------------------- item parsing

_NUMWORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
}
_NUM = r"(\d+(?:\.\d+)?|" + "|".join(_NUMWORDS) + r")"
_YEARS_RE = re.compile(
    rf"{_NUM}\s*(?:\+|plus)?\s*(?:(?:-|–|to)\s*{_NUM}\s*)?(?:\+\s*)?(?:\(\s*\d+\s*\)\s*)?(?:years?|yrs?)\b(?!\s+(?:of\s+age|old))",
    re.IGNORECASE,
)
_NICE_CUE_RE = re.compile(
    r"\b(?:a\s+(?:big\s+|huge\s+|strong\s+)?plus|is\s+(?:a\s+)?plus|preferred|preferably|nice[\s-]to[\s-]have|bonus|desirable|desired|advantageous|an\s+advantage|ideally|would\s+be\s+(?:great|nice|helpful)|not\s+required|optional)\b",
    re.IGNORECASE,
)
_ANY_OF_RE = re.compile(
    r"\b(?:or|such\s+as|like|e\.?g\.?|for\s+example|including|similar|equivalent|one\s+of|any\s+of|comparable|alternatives?)\b|/",
    re.IGNORECASE,
)
_ROLE_STOP = r"(?=\s*(?:(?<![JjSs]r)\.(?=\s|$)|[;:,()\n]|$|\s(?:for|with|within|where|who|which|during|at\s+least|minimum|in\s+an?\b|in\s+the\b|is\b|are\b|was\b|required|requirement|necessary|needed|preferred|desired|role\b|position\b|capacity\b|and\s+an?\b|or\s+an?\b|or\s+similar|or\s+equivalent|including)))"
# A role phrase: no sentence punctuation, but "Sr." / "Jr." and ".NET"-style dots are kept.
_ROLE_CHARS = r"(?:[^.;:,()\n]|(?<=[JjSs]r)\.|\.(?=[A-Za-z0-9]))+?"
_ROLE_RES = [
    re.compile(
        r"\b(?:experience|working|worked|work|serving|served|employed|spent[^.]*?)(?:\s+(?:is\s+)?(?:required|necessary|needed|preferred|desired|working|professional|relevant|practical|hands-on|prior|previous|proven))*\s+as\s+(?:an?\s+|the\s+)?(?P<role>"
        + _ROLE_CHARS
        + ")"
        + _ROLE_STOP,
        re.I,
    ),
    re.compile(
        r"\b(?:years?|yrs?)\s+as\s+(?:an?\s+|the\s+)?(?P<role>" + _ROLE_CHARS + ")" + _ROLE_STOP,
        re.I,
    ),
    re.compile(
        r"\b(?:in|of)\s+the\s+role\s+of\s+(?:an?\s+)?(?P<role>" + _ROLE_CHARS + ")" + _ROLE_STOP,
        re.I,
    ),
    re.compile(
        r"\b(?:years?|yrs?)\s+(?:of\s+\w+\s+)?(?:experience\s+)?in\s+(?:an?|the)\s+(?P<role>"
        + _ROLE_CHARS
        + r")\s+(?:role|position|capacity)\b",
        re.I,
    ),
    re.compile(
        r"\bprior\s+(?:experience\s+)?as\s+(?:an?\s+)?(?P<role>" + _ROLE_CHARS + ")" + _ROLE_STOP,
        re.I,
    ),
]
_DOMAIN_RE = re.compile(
    r"\b(?:experience|background|expertise|track\s+record|years?|yrs?)\s+(?:of\s+\w+\s+)?(?:experience\s+)?(?:in|with|within|of|doing|on)\s+(?:an?\s+|the\s+)?(?P<dom>[^.;:()\n]+?)(?=\s*(?:[.;:()\n]|$|\s(?:for|where|who|which|including|is|are|required|preferred|necessary|with|in\s+an?|in\s+the|role|position)\b))",
    re.I,
)
_EDU_RE = re.compile(
    r"\b(?:degree|bachelor'?s?|master(?:'s|’s|s)|master(?=\s+(?:degree|of|in)\b)|ph\.?\s?d|doctorate|diploma|b\.?\s?s\.?c?\b|b\.?\s?a\.?\b|m\.?\s?s\.?c?\b|mba|associate'?s?\s+degree|graduate\s+of|high\s+school|ged)\b",
    re.I,
)
_EDU_STOP = frozenset(
    [
        "degree",
        "bachelor",
        "bachelors",
        "master",
        "masters",
        "phd",
        "doctorate",
        "diploma",
        "bs",
        "ba",
        "bsc",
        "msc",
        "ms",
        "mba",
        "associate",
        "associates",
        "graduate",
        "high",
        "school",
        "ged",
        "field",
        "fields",
        "related",
        "equivalent",
        "discipline",
        "accredited",
        "university",
        "college",
        "institution",
        "program",
        "combination",
        "four",
        "year",
        "years",
        "valid",
        "current",
        "accredited",
        "state",
        "formal",
        "post",
        "secondary",
        "postsecondary",
    ]
)
# "<phrase> – 5 years", "<phrase>: 3+ years", "<phrase> (2 years)", "<phrase> for 4 years"
_DURATION_TAIL_RE = re.compile(
    r"^(?P<what>(?:[^:–—()]|\([^()]*\))+?)\s*(?:\s-+\s|[:–—(]|\bfor\b)\s*(?:at\s+least\s+|minimum\s+(?:of\s+)?)?"
    + _YEARS_RE.pattern
    + r"(?:\s+(?:of\s+)?(?:experience|exp\.?))?\s*\)?\s*[.;]?\s*$",
    re.I,
)
_EDU_FIELD_END_RE = re.compile(
    r"\b(?:equivalent|combination|related|similar|relevant|comparable|preferred|required|with|from)\b",
    re.I,
)
_FIELD_BEFORE_DEGREE_RE = re.compile(r"((?:[A-Za-z&-]+\s+){1,3})(?:degree|diploma)\b", re.I)
_LABEL_RE = re.compile(r"^\s*([^:]{2,48}?)\s*[:–—]\s+(.+)$")


def _years(text: str) -> float | None:
    best = None
    for m in _YEARS_RE.finditer(text):
        raw = m.group(1).lower()
        val = float(_NUMWORDS.get(raw, raw)) if raw in _NUMWORDS else float(raw)
        if 0 < val <= 40:
            best = val if best is None else max(best, val)
    return best


def _clean_phrase(p: str) -> str:
    p = re.sub(r"\s+", " ", p).strip(" -–—/*'\"")
    return _TRAILING_CONJ_RE.sub("", p)


def _role(item: str) -> str | None:
    for rx in _ROLE_RES:
        m = rx.search(item)
        if m:
            role = _clean_phrase(m.group("role"))
            # the role must contain a content word, and must not be a bare skill list
            if _text.content_stems(role) and len(role.split()) <= 14:
                return role
    return None


def _role_like(phrase: str) -> bool:
    ws = _text.words(re.sub(r"\([^()]*\)", " ", phrase))
    if not ws:
        return False
    last = ws[-1]
    return is_role_noun(last) or is_role_noun(last.rstrip("s"))


_DOMAIN_BEFORE_RE = re.compile(
    r"\b(?:years?|yrs?)\s+of\s+(?:(?:professional|relevant|progressive|hands-on|practical|direct|related|prior|proven|working|industry)\s+)*(?P<dom>(?:[\w&/+#.-]+\s+){0,3}?[\w&/+#.-]+)\s+(?:work\s+)?experience\b",
    re.I,
)


def _domain(item: str) -> str | None:
    m = _DOMAIN_BEFORE_RE.search(item)  # "3+ years of accounting experience"
    if m and _text.content_stems(m.group("dom")):
        return _clean_phrase(m.group("dom"))
    m = _DOMAIN_RE.search(item)  # "3 years of experience in risk management"
    if not m:
        return None
    dom = _clean_phrase(m.group("dom"))
    if not _text.content_stems(dom) or len(dom.split()) > 12:
        return None
    return dom


@dataclass
class _Draft:
    req: Requirement
    must: bool


# A skill that only qualifies another noun ("a Python web framework", "Java libraries") is
# a modifier, not a requirement of its own, when the clause names other skills.
_MODIFIED_NOUN_RE = re.compile(
    r"^\s+(?:[a-z]+\s+)?(?:frameworks?|librar(?:y|ies)|ecosystem|stack|toolchain)\b", re.I
)
# "software development in Python": an activity skill followed by the skill it is done with is
# one requirement about the latter.
_ACTIVITY_CATEGORIES = frozenset({"software_practice", "soft_skill", "management"})
_WITH_RE = re.compile(r"^\s+(?:in|with|using|on)\s+(?:(?:an?|the|modern|[a-z]+-based)\s+)?$", re.I)


def _drop_modifiers(text: str, mentions: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    if len({m[0] for m in mentions}) < 2:
        return mentions
    out = []
    for i, (sk, st, en) in enumerate(mentions):
        if _MODIFIED_NOUN_RE.match(text[en:]):
            continue
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if (
            nxt is not None
            and _vocab.skill_category(sk) in _ACTIVITY_CATEGORIES
            and _vocab.skill_category(nxt[0]) not in _ACTIVITY_CATEGORIES
            and _WITH_RE.match(text[en : nxt[1]])
        ):
            continue
        out.append((sk, st, en))
    return out or mentions


def _skill_groups(text: str) -> list[list[str]]:
    """Vocabulary skills of ``text`` grouped: any-of groups or single skills."""
    mentions = _drop_modifiers(text, _vocab.find_skills(text))
    if not mentions:
        return []
    clauses = [(m.start(), m.end()) for m in re.finditer(r"[^;]+", text)]
    groups: list[list[str]] = []
    seen: set[str] = set()
    # split clauses further on " and " / "&" / "as well as"
    pieces: list[tuple[int, int]] = []
    for cs, ce in clauses:
        last = cs
        for m in re.finditer(r"\s(?:and|&|as well as|plus)\s", text[cs:ce]):
            pieces.append((last, cs + m.start()))
            last = cs + m.end()
        pieces.append((last, ce))
    # skills in parentheses right after a skill are examples of it: "AWS (EC2, S3, RDS)"
    parens = [(m.start(), m.end()) for m in re.finditer(r"\([^()]*\)", text)]
    attached: dict[int, list[str]] = {}
    kept = []
    for idx, (sk, st, en) in enumerate(mentions):
        host = None
        for a, b in parens:
            if a < st and en <= b:
                prev = [
                    j
                    for j, (_, st2, en2) in enumerate(mentions)
                    if en2 <= a and not re.search(r"[^\s]", text[en2:a])
                ]
                host = prev[-1] if prev else None
                break
        if host is not None:
            attached.setdefault(host, []).append(sk)
        else:
            kept.append((idx, sk, st, en))
    mentions = [(sk, st, en) for _, sk, st, en in kept]
    host_of = {
        mentions.index((sk, st, en)): attached[idx] for idx, sk, st, en in kept if idx in attached
    }
    for ps, pe in pieces:
        inside = [(s, st, en) for s, st, en in mentions if ps <= st < pe]
        if not inside:
            continue
        # a skill with examples in parentheses forms its own any-of group
        for i_m, (sk, st, _en) in enumerate(mentions):
            if ps <= st < pe and i_m in host_of and sk not in seen:
                g = [sk] + [x for x in host_of[i_m] if x != sk and x not in seen]
                groups.append(g)
                seen.update(g)
        inside = [(sk, st, en) for sk, st, en in inside if sk not in seen]
        if not inside:
            continue
        skills = []
        for s, _, _ in inside:
            if s not in seen and s not in skills:
                skills.append(s)
        if not skills:
            continue
        # text of the clause with the skill aliases removed, to test for "or", "/", "like"
        clause = text[ps:pe]
        stripped = clause
        for _, st, en in sorted(inside, key=lambda x: -x[1]):
            stripped = stripped[: st - ps] + " SKILL " + stripped[min(en, pe) - ps :]
        if len(skills) > 1 and _ANY_OF_RE.search(stripped):
            groups.append(skills)
        else:
            groups.extend([s] for s in skills)
        seen.update(skills)
    return groups


_LIST_CUE_RE = re.compile(
    r"\b(?:or|such\s+as|like|e\.?g\.?|including|similar|equivalent|preferably)\b", re.I
)
_TRAILING_CONJ_RE = re.compile(r"(?:\s+(?:and|or|including|plus|with|as\s+well\s+as))+\s*$", re.I)


def _split_list(text: str) -> list[str] | None:
    """Parts of a plain comma/semicolon list of short items, else None."""
    if _LIST_CUE_RE.search(text):
        return None
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        if ch in ",;" and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    parts = [re.sub(r"^\s*(?:and|&)\s+", "", p.strip(" .")) for p in parts]
    parts = [p for p in parts if p]
    if len(parts) < 3:
        return None
    lens = [len(p.split()) for p in parts]
    if max(lens) > 7 or sum(lens) / len(lens) > 4:
        return None
    return parts


# Words that make a label a mere category ("Technical skills:", "Education:", "Tools:").
_CATEGORY_WORDS = frozenset(
    _text.stem(w)
    for w in [
        "skills",
        "experience",
        "education",
        "knowledge",
        "requirements",
        "qualifications",
        "tools",
        "technologies",
        "technology",
        "tech",
        "stack",
        "languages",
        "certifications",
        "certification",
        "licenses",
        "licences",
        "training",
        "degree",
        "background",
        "expertise",
        "competencies",
        "abilities",
        "must",
        "nice",
        "have",
        "preferred",
        "required",
        "bonus",
        "plus",
        "other",
        "technical",
        "soft",
        "hard",
        "core",
        "key",
        "general",
        "additional",
        "essential",
        "minimum",
        "desired",
        "desirable",
        "personal",
        "professional",
        "areas",
        "area",
    ]
)


def _label_content(label: str) -> list[str]:
    """Content stems of a "Label:" that are not category words."""
    return [st for st in _text.content_stems(label) if st not in _CATEGORY_WORDS]


def _is_knockout(item: str) -> bool:
    """Screening conditions (work authorisation, schedule, background check ...) are
    knockout questions, not requirements a resume can evidence."""
    for name, rx, _q in _KNOCKOUT_RULES:
        if name in ("licence", "driving"):
            continue  # a licence is also a real qualification the resume can show
        if rx.search(item):
            if name == "schedule" and not re.search(
                r"\b(?:must|required|available|availability|able|willing)\b", item, re.I
            ):
                continue
            return True
    return False


def _item_to_requirements(
    item: str, must: bool, inherited_years: float | None = None
) -> list[_Draft]:
    item = item.strip()
    if not item or len(_text.words(item)) == 0 or item.endswith(":") or _is_knockout(item):
        return []
    if _NICE_CUE_RE.search(item):
        must = False
    # "7 years of experience including 4 years as X and 3 years as Y": one item per years mention
    ym = list(_YEARS_RE.finditer(item))
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
    if m and len(m.group(1).split()) <= 5 and not _YEARS_RE.search(m.group(1)):
        label, details = m.group(1).strip(), m.group(2).strip()
        if not _vocab.find_skills(label) and not _label_content(label):
            return _item_to_requirements(details, must, inherited_years)
    # a plain list of skills / qualities: one requirement per element
    parts = None if label else _split_list(item)
    if parts:
        y = _years(item)
        out = []
        for p in parts:
            out.extend(_item_to_requirements(p, must, inherited_years=y))
        return out
    weight = MUST_WEIGHT if must else NICE_WEIGHT
    years = _years(item) or inherited_years
    head = label if label else item
    out: list[_Draft] = []

    def add(text: str, kind: str, skills=(), keywords=(), min_years=None):
        out.append(
            _Draft(
                Requirement(
                    id=_text.slugify(text),
                    text=text,
                    skills=list(skills),
                    keywords=list(keywords),
                    min_years=min_years,
                    weight=weight,
                    kind=kind,
                    source=item,
                ),
                must,
            )
        )

    # 0. "<role or field> – 5 years", "<role> (3 years)": the years belong to the phrase
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
            add(text, "experience", keywords=[what], min_years=years)
            return out

    # 1. education
    if _EDU_RE.search(head) and not _role(item):
        level = degree_level(head)
        field_part = re.split(r"\b(?:in|of)\b", head, maxsplit=1)
        fields = []
        # the field: after "in"/"of" ("degree in Accounting"), up to "equivalent", "related
        # field" ...; or before "degree" ("a culinary degree")
        field_text = field_part[1] if len(field_part) == 2 else ""
        field_text = _EDU_FIELD_END_RE.split(field_text, maxsplit=1)[0]
        before = _FIELD_BEFORE_DEGREE_RE.search(head)
        if before:
            field_text = before.group(1) + ", " + field_text
        for p in _text.key_phrases(field_text):
            ws = [w for w in p.split() if w not in _EDU_STOP and not w.endswith("'s")]
            if ws and " ".join(ws) not in fields:
                fields.append(" ".join(ws))
        kws = ([level.label] if level.rank else []) + fields[:4]
        add(_shorten(head), "education", keywords=kws)
        return out

    # 2. role experience: "4 years as a Systems Engineer", "experience as a QA Engineer"
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
        add(text, "experience", keywords=[role], min_years=years)
        return out

    # 3. "N years of <field> experience" where the field is not a vocabulary skill
    if years is not None:
        m = _DOMAIN_BEFORE_RE.search(item)
        if m and _text.content_stems(m.group("dom")) and not _vocab.find_skills(m.group("dom")):
            dom = _clean_phrase(m.group("dom"))
            add(
                f"{_fmt_years(years)} of {dom} experience",
                "experience",
                keywords=[dom],
                min_years=years,
            )
            return out

    # 4. vocabulary skills
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
        add(_shorten(text), "skill", skills=g, keywords=kws, min_years=years)
        return out
    if groups:
        # "Experience in a high-volume kitchen ... and knowledge of food safety": keep the
        # non-vocabulary experience domain as its own requirement
        dom = _domain(item) if head is item else None
        if dom and not _vocab.find_skills(dom) and len(_text.content_stems(dom)) >= 1:
            add(f"Experience in {dom}", "experience", keywords=[dom], min_years=None)
        for g in groups:
            name = " or ".join(g) if len(g) > 1 else g[0]
            text = f"{_fmt_years(years)} of {name}" if years else name
            add(text, "skill", skills=g, min_years=years)
            if all(_vocab.skill_category(x) in SOFT_CATEGORIES for x in g):
                # a resume cannot really evidence a soft skill: the phone screen checks it
                out[-1].must = False
                out[-1].req.weight = round(NICE_WEIGHT * SOFT_SKILL_FACTOR, 3)
        return out

    # 4. domain experience with years: "3 years of experience in risk management"
    if years is not None:
        dom = _domain(item)
        if dom:
            add(f"{_fmt_years(years)} in {dom}", "experience", keywords=[dom], min_years=years)
        else:
            add(f"{_fmt_years(years)} of experience", "years", min_years=years)
        return out

    # 5. keywords
    phrases = _text.key_phrases(head)
    if not phrases and head is not item:
        phrases = _text.key_phrases(item)
    if phrases:
        add(_shorten(head), "keyword", keywords=phrases[:8])
    return out


def _fmt_years(y: float | None) -> str:
    if y is None:
        return ""
    return f"{y:g}+ years"


def _shorten(text: str, limit: int = 120) -> str:
    text = re.sub(r"\s+", " ", text).strip().rstrip(".;,")
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"


# --------------------------------------------------------------------------- knockouts

_KNOCKOUT_RULES: list[tuple[str, re.Pattern, str]] = [
    (
        "work authorisation",
        re.compile(
            r"authori[sz]ed to work|work authori[sz]ation|right to work|eligible to work|sponsorship|\bvisa\b|citizenship|\bcitizens?\b|green card|permanent resident",
            re.I,
        ),
        "Are you legally authorised to work in this location (and do you need visa sponsorship)?",
    ),
    (
        "security clearance",
        re.compile(r"clearance|\bts/sci\b|\btop secret\b|\bsecret\b", re.I),
        "Do you hold (or can you obtain) the required security clearance?",
    ),
    (
        "licence",
        re.compile(
            r"\blicen[cs]e[ds]?\b|\blicensure\b|\bboard[\s-]certified\b|\bcertification (?:is )?required\b|\bmust be certified\b|\bregistered nurse\b.*\b(?:active|current|valid)\b|\b(?:active|current|valid)\b.*\b(?:rn|cpa|pe|cdl)\b",
            re.I,
        ),
        "Do you hold the required licence or certification?",
    ),
    (
        "driving",
        re.compile(
            r"driver'?s licen[cs]e|driving licen[cs]e|reliable transportation|\bcdl\b", re.I
        ),
        "Do you have a valid driving licence / reliable transportation?",
    ),
    (
        "relocation",
        re.compile(
            r"relocat|on[\s-]?site\b|in[\s-]office|commut|must (?:live|reside)|within \d+ miles|local candidates|hybrid",
            re.I,
        ),
        "Can you work at the job location (on-site / relocation)?",
    ),
    (
        "travel",
        re.compile(
            r"\btravel\b.*\d+\s*%|\bwilling(?:ness)? to travel\b|\bextensive travel\b", re.I
        ),
        "Are you willing to travel as required?",
    ),
    (
        "background check",
        re.compile(
            r"background (?:check|screening|investigation)|drug (?:test|screen)|criminal record",
            re.I,
        ),
        "Are you willing to undergo a background check / drug screen?",
    ),
    (
        "schedule",
        re.compile(
            r"\bweekends?\b|\bnight shifts?\b|\bovernight\b|\bon[\s-]call\b|\brotating shifts?\b|\bovertime\b|\bholidays\b",
            re.I,
        ),
        "Are you available for the required schedule (shifts, weekends, on-call)?",
    ),
    (
        "physical",
        re.compile(
            r"\blift(?:ing)?\b[^.]{0,30}\b\d+\s*(?:lbs?|pounds|kg)\b|\bstand(?:ing)? for (?:long|extended) periods\b",
            re.I,
        ),
        "Can you meet the physical requirements of the role?",
    ),
    (
        "age",
        re.compile(r"\b(?:18|21) years of age\b|\bat least (?:18|21)\b|\bover (?:18|21)\b", re.I),
        "Do you meet the minimum age requirement?",
    ),
]


def _knockouts(text: str) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for raw in re.split(r"(?<=[.!?])\s+|\n", text):
        sent = _BULLET_RE.sub("", raw.strip()).strip("*_# ").strip()
        if not sent or len(sent) > 300:
            continue
        for name, rx, question in _KNOCKOUT_RULES:
            if name in seen:
                continue
            if rx.search(sent):
                if name == "schedule" and not re.search(
                    r"\b(?:must|required|available|availability|able|willing|work)\b", sent, re.I
                ):
                    continue
                if name == "relocation" and re.search(
                    r"\brelocation (?:assistance|package|support)\b", sent, re.I
                ):
                    continue
                seen.add(name)
                out.append(f'{question} ("{_shorten(sent, 160)}")')
    return out


# --------------------------------------------------------------------------- title / seniority


def _title(sections: list[_Section], text: str) -> str:
    for s in sections:
        if s.kind == "title" and s.lines:
            return _clean_title(s.lines[0][0])
    m = re.search(r"(?im)^\s*(?:job\s+title|position|role|title)\s*[:\-–]\s*(.+)$", text)
    if m:
        return _clean_title(m.group(1))
    pre = sections[0].lines if sections and sections[0].kind == "preamble" else []
    if pre:
        first = pre[0][0]
        if len(first.split()) <= 8 and not re.search(r"[.!?]$", first):
            return _clean_title(first)
    m = re.search(
        r"\b(?:seeking|looking for|hiring|recruiting)\s+(?:an?\s+|our\s+next\s+)?(?:experienced\s+|talented\s+|motivated\s+|skilled\s+|dedicated\s+)?((?:[A-Z][\w/&+.-]*\s?){1,6})",
        text,
    )
    if m:
        return _clean_title(m.group(1))
    # lower-case titles: "looking for a line cook to join ..." (must end in a job noun)
    m = re.search(
        r"\b(?:seeking|looking for|hiring|recruiting)\s+(?:an?\s+|our\s+next\s+)?((?:[a-z][\w/&+.-]*\s+){0,3}?[a-z][\w-]*)(?=\s+(?:to|who|with|for|that|in|at)\b|[.,;]|$)",
        text,
    )
    if m and _role_like(m.group(1)):
        return _clean_title(m.group(1))
    return ""


def _clean_title(t: str) -> str:
    t = re.sub(r"[*_#]+", "", t).strip(" :-–—")
    return re.sub(r"\s+", " ", t)[:120]


_SENIORITY_RULES = [
    ("intern", re.compile(r"\bintern(ship)?\b|\bco-?op\b|\btrainee\b|\bapprentice\b", re.I)),
    (
        "principal",
        re.compile(
            r"\bprincipal\b|\bdistinguished\b|\bchief\b|\bvp\b|\bvice president\b|\bhead of\b|\bdirector\b",
            re.I,
        ),
    ),
    (
        "lead",
        re.compile(
            r"\blead\b|\bstaff (?:engineer|developer|scientist|software)\b|\bmanager\b|\bsupervisor\b|\bhead\b|\bteam lead\b|\bforeman\b|\bexecutive chef\b",
            re.I,
        ),
    ),
    ("senior", re.compile(r"\bsenior\b|\bsr\.?\b|\biii\b|\bexperienced\b", re.I)),
    (
        "junior",
        re.compile(
            r"\bjunior\b|\bjr\.?\b|\bentry[\s-]level\b|\bgraduate\b|\bassistant\b|\b(?:level\s+)?i\b(?!\.)|\bnew grad",
            re.I,
        ),
    ),
    ("mid", re.compile(r"\bmid[\s-]?(?:level|senior)?\b|\bintermediate\b|\bii\b", re.I)),
]


def _seniority(title: str, text: str, min_years: float | None) -> str:
    for level, rx in _SENIORITY_RULES:
        if title and rx.search(title):
            return level
    head = text[:400]
    for level, rx in _SENIORITY_RULES:
        if level in ("intern", "junior", "senior", "mid") and rx.search(head) and level != "senior":
            return level
    if min_years is not None:
        if min_years >= 8:
            return "senior"
        if min_years >= 5:
            return "senior"
        if min_years >= 2:
            return "mid"
        return "junior"
    return "unspecified"


# --------------------------------------------------------------------------- main

_REQ_SENTENCE_RE = re.compile(
    r"\b(?:must|required|requirement|need(?:s|ed)?\s+to|should\s+have|you\s+(?:have|bring|need)|experience\s+(?:in|with|as)|knowledge\s+of|familiar(?:ity)?\s+with|proficien\w*|degree|certif\w*|licen[cs]\w*|ability\s+to|able\s+to|years?|background\s+in|expertise\s+in|skills?\s+in|understanding\s+of|track\s+record)\b",
    re.I,
)


def extract_requirements(job_description: str) -> JobRequirements:
    """Structured, editable requirements from a job-description text (deterministic)."""
    text = bound_text(job_description or "")
    sections = _split_sections(text)
    title = _title(sections, text)

    drafts: list[_Draft] = []
    emphasis_text: list[str] = [title] if title else []
    has_req_sections = any(s.kind in ("must", "nice") for s in sections)

    if has_req_sections:
        for s in sections:
            if s.kind in ("must", "nice"):
                for item in _items(s):
                    drafts.extend(_item_to_requirements(item, s.kind == "must"))
            elif s.kind in ("summary", "responsibilities", "preamble", "other"):
                emphasis_text.extend(_items(s))
    else:
        for s in sections:
            if s.kind in ("company", "title"):
                continue
            for item in _items(s):
                for sent in _split_sentences(item):
                    if _REQ_SENTENCE_RE.search(sent):
                        # Only keep the requirement-like part; skills elsewhere are added below.
                        drafts.extend(
                            d
                            for d in _item_to_requirements(sent, True)
                            if d.req.kind != "keyword" or _strong_cue(sent)
                        )
                    else:
                        emphasis_text.append(sent)

    drafts = _merge(drafts)

    # Emphasis and extra skills from title / summary / responsibilities (or the rest).
    counts: dict[str, float] = {}
    for i, t in enumerate(emphasis_text):
        t = _HIRING_RE.sub(" ", t)
        for skill, _, _ in _vocab.find_skills(t):
            counts[skill] = counts.get(skill, 0.0) + (2.0 if (i == 0 and title) else 1.0)
    covered = {s for d in drafts for s in d.req.skills}
    implied = set(covered)
    for sk in covered:
        implied |= _vocab.related_skills(sk)
    fields = {_field(s) for d in drafts if d.must for s in d.req.skills} - {None}
    for d in drafts:
        extra = max((counts.get(s, 0.0) for s in d.req.skills), default=0.0)
        if extra and d.req.kind == "skill":
            cap = (
                MAX_EMPHASIS
                * d.req.weight
                / (MUST_WEIGHT if d.must else NICE_WEIGHT)
                * (MUST_WEIGHT if d.must else NICE_WEIGHT)
            )
            d.req.weight = round(min(cap, d.req.weight * (1.0 + 0.15 * min(extra, 3.0))), 3)
    extra_skills = sorted((s for s in counts if s not in covered), key=lambda s: (-counts[s], s))
    if has_req_sections:
        # The requirement sections say what is required; a skill only the description or the
        # responsibilities mention is a nice-to-have only if it belongs to the field of the
        # must-haves and is not already implied by one (Django REST Framework by Django).
        # Soft skills and the domain of the employer's business ("billing", "care plans" at a
        # health-software company) are not requirements.
        extra_skills = [
            s
            for s in extra_skills
            if _vocab.skill_category(s) not in SOFT_CATEGORIES
            and _field(s) in fields
            and s not in implied
            and not (_vocab.related_skills(s) & covered)
        ][:MAX_EXTRA_NICE]
    for s in extra_skills[:12]:
        must = (not has_req_sections) and counts[s] >= 2.0
        w = MUST_WEIGHT if must else NICE_WEIGHT
        if _vocab.skill_category(s) in SOFT_CATEGORIES:
            w *= SOFT_SKILL_FACTOR
        drafts.append(
            _Draft(
                Requirement(
                    id=_text.slugify(s),
                    text=s,
                    skills=[s],
                    weight=w,
                    kind="skill",
                    source="(mentioned in the description)",
                ),
                must,
            )
        )

    if not any(d.must for d in drafts):
        # Nothing explicit: use the most salient content terms of the whole description.
        terms = _salient_terms(text, title)
        if terms:
            drafts.append(
                _Draft(
                    Requirement(
                        id="relevant-background",
                        text="Relevant background: " + ", ".join(terms),
                        keywords=terms,
                        weight=MUST_WEIGHT,
                        kind="keyword",
                        source="(salient terms of the description)",
                    ),
                    True,
                )
            )

    must = [d.req for d in drafts if d.must]
    nice = [d.req for d in drafts if not d.must]
    _dedupe_ids(must + nice)

    years_candidates = [r.min_years for r in must if r.kind == "years" and r.min_years]
    if not years_candidates:
        years_candidates = [r.min_years for r in must if r.min_years]
    min_years = max(years_candidates) if years_candidates else None
    if min_years is None:
        y = _years(text)
        min_years = y
    return JobRequirements(
        must_have=must,
        nice_to_have=nice,
        min_years=min_years,
        seniority=_seniority(
            title,
            text,
            max((r.min_years for r in must if r.kind == "years" and r.min_years), default=None),
        ),
        knockouts=_knockouts(text),
        title=title,
    )


_TECH_FIELD = "technology"


def _field(skill: str) -> str | None:
    """Coarse field of a skill: all software / IT categories are one field."""
    cat = _vocab.skill_category(skill)
    if cat is None or cat in SOFT_CATEGORIES:
        return None
    return _TECH_FIELD if cat in _vocab.TECH_CATEGORIES else cat


_HIRING_RE = re.compile(
    r"\b(?:we(?:'re|\s+are)|is|are)\s+(?:now\s+|currently\s+|actively\s+)?(?:hiring|recruiting|seeking|looking\s+for)\b",
    re.I,
)


def _strong_cue(sent: str) -> bool:
    return bool(
        re.search(
            r"\b(?:must|required|requirement|need|should have|knowledge of|experience (?:in|with)|proficien\w*|certif\w*|licen[cs]\w*|background in|expertise in)\b",
            sent,
            re.I,
        )
    )


def _merge(drafts: list[_Draft]) -> list[_Draft]:
    """Drop duplicate skill requirements (keep the first; a must-have wins over nice)."""
    out: list[_Draft] = []
    index: dict[tuple, _Draft] = {}
    for d in drafts:
        if d.req.kind == "skill":
            key = ("skill", tuple(sorted(d.req.skills)))
        else:
            key = (d.req.kind, d.req.text.lower())
        prev = index.get(key)
        if prev is None:
            index[key] = d
            out.append(d)
            continue
        if d.must and not prev.must:
            prev.must = True
            prev.req.weight = max(prev.req.weight, d.req.weight)
        if d.req.min_years and (prev.req.min_years or 0) < d.req.min_years:
            prev.req.min_years = d.req.min_years
            if prev.req.kind == "skill":
                prev.req.text = f"{_fmt_years(d.req.min_years)} of {' or '.join(prev.req.skills)}"
    return out


def _salient_terms(text: str, title: str, k: int = 8) -> list[str]:
    scores: dict[str, float] = {}
    form: dict[str, str] = {}
    for w in _text.words(title):
        if _text.term_weight(w) > 0:
            st = _text.stem(w)
            scores[st] = scores.get(st, 0.0) + 2.0 * _text.term_weight(w)
            form.setdefault(st, w)
    for w in _text.words(text):
        tw = _text.term_weight(w)
        if tw > 0 and len(w) > 2:
            st = _text.stem(w)
            scores[st] = scores.get(st, 0.0) + tw
            form.setdefault(st, w)
    ranked = sorted(scores, key=lambda s: (-scores[s], s))
    return [form[s] for s in ranked[:k] if scores[s] >= 1.0]


# --------------------------------------------------------------------------- HR's own lines

_OR_RE = re.compile(r"\s+or\s+", re.I)


def _derived(text: str, must: bool) -> list[Requirement]:
    return [d.req for d in _merge(_item_to_requirements(text, must))]


def _terms(req: Requirement) -> dict[str, Any]:
    data = req.to_dict()
    return {key: data[key] for key in MATCH_FIELDS}


def _keyword_terms(text: str) -> dict[str, Any]:
    return {
        "skills": [],
        "keywords": _text.key_phrases(text)[:8],
        "min_years": None,
        "kind": "keyword",
    }


def requirement_from_line(line: str, *, must: bool) -> Requirement:
    """A requirement HR wrote, kept exactly as written, with the terms to match derived.

    The text is never split, reworded or joined with other lines: "Python, Go and Rust" stays
    one requirement that the scorer reads as three parts, all needed; "CPA or CFA" one whose
    best alternative counts. Where HR put the line (must-have or nice-to-have) decides its
    weight, whatever cue words it holds.
    """
    text = line.strip()
    requirement = Requirement(
        id=_text.slugify(text) or "requirement",
        text=text,
        weight=MUST_WEIGHT if must else NICE_WEIGHT,
        source=text,
    )
    derived = _derived(text, must)
    alternatives = [a for a in _OR_RE.split(text) if a.strip()]
    if len(alternatives) > 1 and len(derived) <= 1:
        named = len(derived[0].skills) if derived else 0
        if named < len(alternatives):
            # The extractor kept fewer alternatives than HR named (one outside the skill
            # vocabulary): read each alternative on its own, any one of them enough.
            requirement.parts = [
                _terms(found[0]) if len(found := _derived(alt, must)) == 1 else _keyword_terms(alt)
                for alt in alternatives
            ]
            requirement.any_of = True
            requirement.kind = "keyword"
            return requirement
    if len(derived) == 1:
        for key, value in _terms(derived[0]).items():
            setattr(requirement, key, value)
    elif derived:
        requirement.parts = [_terms(d) for d in derived]
        requirement.kind = "skill" if all(d.kind == "skill" for d in derived) else "keyword"
        requirement.skills = [s for d in derived for s in d.skills]
    else:
        for key, value in _keyword_terms(text).items():
            setattr(requirement, key, value)
    return requirement

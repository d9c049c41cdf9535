"""The offline resume scorer. See ``ai/scoring/__init__.py`` for the method overview."""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from ai import requirements as _req  # module import: tolerates either import order
from ai.scoring import _resume, _text, _vocab
from ai.scoring._wordlists import load_title_words
from recruiting.textbounds import bound_text

# ----------------------------------------------------------------------------- constants

# Recommendation bands. Must-have coverage (the weighted mean of the must-have criterion
# scores, 0..1) drives the band. A criterion scores 1.0 when the skill is used in recent work,
# ~0.85 when named in a summary, 0.7 when only listed in a skills section, 0.75 for a skill
# that implies it (Django for Python), less for a short tenure or a related skill.
ADVANCE_MIN_MUST = 0.75  # meets most must-haves, on average with more than listed-only evidence
REJECT_MAX_MUST = 0.40  # coverage below this: misses most must-haves -> reject
# Guards on the overall score (which adds nice-to-haves, lexical relevance, title and field):
ADVANCE_THRESHOLD = 55.0  # advance also needs overall >= this
REJECT_THRESHOLD = 30.0  # overall < this -> reject whatever the coverage
# (A job without must-haves uses overall / 100 as its coverage.)
MATCH_THRESHOLD = 0.5  # a criterion with score >= this counts as matched
PARTIAL_THRESHOLD = 0.25

# Weights of the overall score's components (renormalised over the components present).
COMPONENT_WEIGHTS = {
    "must_have": 0.55,  # weighted coverage of must-have requirements
    "nice_to_have": 0.10,  # weighted coverage of nice-to-haves
    "lexical": 0.20,  # BM25-style relevance of the resume to the job description
    "title": 0.15,  # similarity of the job title to the candidate's position titles
    "field": 0.10,  # the resume's skills are from the job's field of work (category profile)
}
# Skill categories that say nothing about the field of work.
PROFILE_EXCLUDED = frozenset({"soft_skill", "spoken_language"})
# A resume whose category profile has at least this cosine with the job's is fully "in the field";
# below it the component falls linearly (it separates fields, it does not rank within one).
FIELD_SATURATION = 0.5
LEXICAL_SCALE = 0.4  # lexical component = 1 - exp(-bm25_share / LEXICAL_SCALE)

RELATED_CREDIT = 0.75  # credit for a skill that implies the required one (Django for Python)
BROADER_CREDIT = 0.25  # credit for a broader skill the required one implies (Python for Django)
NAME_FALLBACK_CREDIT = 0.9  # skill name found as words but not as a vocabulary mention
BM25_K1 = 1.2
BM25_B = 0.5
BM25_AVGDL = 300.0
# Share of a requirement's credit kept when the candidate has none of the required years
# (the rest scales with have/need): short tenure counts against a requirement, without a cliff.
YEARS_FLOOR = 0.35
STATED_YEARS_WINDOW = 60  # "N years of/building ..." must end this close before the skill
COPY_SHINGLE = 10  # word n-grams copied verbatim from the job description are ignored


# ----------------------------------------------------------------------------- results


@dataclass
class CriterionScore:
    requirement_id: str
    requirement: str
    score: float
    matched: bool
    matched_skills: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    must_have: bool = True
    weight: float = 1.0
    note: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class ScoreResult:
    overall: float
    recommendation: str
    summary: str
    criteria: list[CriterionScore]
    matched: list[str]
    missing: list[str]
    years_experience: float | None
    components: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


# ----------------------------------------------------------------------------- compiled job


@dataclass
class _CReq:
    req: object  # ai.requirements.Requirement
    must: bool
    kind: str
    skills: list[str]
    phrases: list[list[tuple[str, float]]]  # keyword phrases as (stem, weight) lists
    role: list[tuple[str, float]]  # for kind == experience
    degree: str | None  # for kind == education
    parts: list[_CReq] = field(default_factory=list)  # an HR line naming several things
    any_of: bool = False


@dataclass
class _Job:
    reqs: list[_CReq]
    title_stems: list[tuple[str, float]]
    query: dict[str, float]
    shingles: frozenset
    min_years: float | None
    profile: dict[str, float] = field(default_factory=dict)  # skill categories, unit length


def _phrase_stems(phrase: str) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    seen = set()
    for w in _text.words(phrase):
        tw = _text.term_weight(w)
        if tw <= 0:
            continue
        st = _text.stem(w)
        if st not in seen:
            seen.add(st)
            out.append((st, tw))
    return out


def _role_stems(phrase: str) -> list[tuple[str, float]]:
    seniority = load_title_words().seniority
    return [(s, w) for s, w in _phrase_stems(phrase) if s not in seniority and not s.isdigit()]


TITLE_HEAD_WEIGHT = (
    2.0  # the head noun of a job title ("Engineer" in "Mechanical Engineer") counts double
)


def _title_stems(title: str) -> list[tuple[str, float]]:
    """Title stems; the head noun (last content word before "-", ",", "(" or "for") weighs more."""
    main = re.split(r"\s[-–—|/(]\s|[(,]|\bfor\b|\bat\b", title, maxsplit=1)[0]
    stems = _role_stems(title)
    head = _role_stems(main)
    if TITLE_HEAD_WEIGHT != 1.0 and head:
        h = head[-1][0]
        stems = [(s, w * TITLE_HEAD_WEIGHT if s == h else w) for s, w in stems]
    return stems


def _compile_req(r, must: bool) -> _CReq:
    parts = getattr(r, "parts", None)
    if parts:
        compiled = [
            _compile_req(_req.Requirement.from_dict({**p, "text": r.text, "id": r.id}), must)
            for p in parts
        ]
        skills = list(dict.fromkeys(s for c in compiled for s in c.skills))
        kind = "skill" if all(c.kind == "skill" for c in compiled) else "keyword"
        return _CReq(r, must, kind, skills, [], [], None, compiled, bool(r.any_of))
    kind = r.kind if r.kind in _req.KINDS else ("skill" if r.skills else "keyword")
    skills = []
    for s in r.skills:
        c = _vocab.canonical_skill(s) or s
        if c not in skills:
            skills.append(c)
    keywords = list(r.keywords)
    if not skills and not keywords:
        keywords = _text.key_phrases(r.text) or [r.text]
    phrases = [p for p in (_phrase_stems(k) for k in keywords) if p]
    role: list[tuple[str, float]] = []
    degree = None
    if kind == "experience":
        role = _role_stems(keywords[0]) if keywords else []
        if not role:
            role = _role_stems(r.text)
    if kind == "education":
        degree = _req.degree_level(" ".join(keywords) + " " + r.text)
        phrases = [
            p for p in (_phrase_stems(k) for k in keywords if k not in _resume._DEGREE_RANK) if p
        ]
    if kind == "skill" and not skills:
        kind = "keyword"
    if kind == "years" and r.min_years is None:
        kind = "keyword"
    return _CReq(r, must, kind, skills, phrases, role, degree)


def _compile_job(data: dict, job_description: str) -> _Job:
    jr = _req.JobRequirements.from_dict(data)
    reqs = [_compile_req(r, m) for r, m in jr.all()]
    if jr.min_years and not any(c.kind == "years" for c in reqs):
        # a minimum set on the job (e.g. edited by HR) without a matching criterion
        synthetic = _req.Requirement(
            id="years-of-experience",
            text=f"{jr.min_years:g}+ years of experience",
            min_years=jr.min_years,
            kind="years",
            weight=1.0,
        )
        reqs.append(_compile_req(synthetic, True))
    title_stems = _title_stems(jr.title) if jr.title else []
    if job_description.strip():
        query = _query_from_jd(job_description, jr.title)
        sh = _text.shingles(job_description, COPY_SHINGLE)
    else:
        texts = (
            [jr.title, jr.title] + [r.text for r, _ in jr.all()] + [r.source for r, _ in jr.all()]
        )
        query = _query_from_texts(texts)
        sh = frozenset()
    return _Job(reqs, title_stems, query, sh, jr.min_years, _job_profile(reqs, query))


def _unit(vec: dict[str, float]) -> dict[str, float]:
    n = math.sqrt(sum(v * v for v in vec.values()))
    return {k: v / n for k, v in vec.items()} if n > 0 else {}


def _add_profile(prof: dict[str, float], skill: str, w: float) -> None:
    """Add ``w`` to the skill's category and to its coarse field ("^technology" for all
    software / IT categories, else the category itself)."""
    cat = _vocab.skill_category(skill)
    if not cat or cat in PROFILE_EXCLUDED:
        return
    coarse = "^technology" if cat in _vocab.TECH_CATEGORIES else "^" + cat
    prof[cat] = prof.get(cat, 0.0) + w
    prof[coarse] = prof.get(coarse, 0.0) + w


def _profile_unit(prof: dict[str, float]) -> dict[str, float]:
    """Both levels normalised to unit length separately (so a cosine averages the two)."""
    fine = _unit({k: v for k, v in prof.items() if not k.startswith("^")})
    coarse = _unit({k: v for k, v in prof.items() if k.startswith("^")})
    return {k: v * math.sqrt(0.5) for k, v in (fine | coarse).items()}


def _job_profile(reqs: list[_CReq], query: dict[str, float]) -> dict[str, float]:
    """Which fields of work (vocabulary skill categories) the job is about."""
    prof: dict[str, float] = {}
    for c in reqs:
        for s in c.skills:
            _add_profile(prof, s, max(0.0, c.req.weight) / len(c.skills))
    for key in query:
        if key.startswith("§"):
            _add_profile(prof, key[1:], 0.5)
    return _profile_unit(prof)


def _field_similarity(profile: dict[str, float], doc: _resume.Resume) -> float:
    """Cosine between the job's and the resume's skill profiles (the mean of the cosines over
    fine categories and over coarse fields): a resume from the job's field of work scores
    high even where its skills differ from the listed ones."""
    prof: dict[str, float] = {}
    for skill, lines in doc.skill_lines.items():
        _add_profile(prof, skill, max(doc.line_weight(li) for li in lines))
    prof = _profile_unit(prof)
    return sum(v * prof.get(k, 0.0) for k, v in profile.items())


def _query_from_texts(texts: list[str]) -> dict[str, float]:
    counts: dict[str, float] = {}
    weights: dict[str, float] = {}
    for t in texts:
        for w in _text.words(t or ""):
            tw = _text.term_weight(w)
            if tw > 0:
                st = _text.stem(w)
                counts[st] = counts.get(st, 0.0) + 1.0
                weights[st] = max(weights.get(st, 0.0), tw)
        for skill, _, _ in _vocab.find_skills(t or ""):
            key = "§" + skill
            counts[key] = counts.get(key, 0.0) + 1.0
            weights[key] = 1.5
    return {st: weights[st] * (1.0 + math.log(counts[st])) for st in counts}


@lru_cache(maxsize=64)
def _query_from_jd(jd: str, title: str) -> dict[str, float]:
    """Lexical query terms of a job description: everything except boilerplate sections
    (benefits, about us, EEO), with the title counted twice."""
    texts: list[str] = [title, title] if title else []
    for s in _req._split_sections(jd):
        if s.kind != "company":
            texts.extend(t for t, _ in s.lines)
    return _query_from_texts(texts)


# ----------------------------------------------------------------------------- scoring


def _fingerprint(requirements) -> str:
    """A cheap, exact key for the requirements' content (they may be edited in place)."""
    if isinstance(requirements, dict):
        return json.dumps(requirements, sort_keys=True, default=str)
    parts = [repr((requirements.title, requirements.min_years, requirements.seniority))]
    for group in (requirements.must_have, requirements.nice_to_have):
        parts.append("|")
        for r in group:
            parts.append(
                repr(
                    (
                        r.id,
                        r.text,
                        tuple(r.skills),
                        tuple(r.keywords),
                        r.min_years,
                        r.weight,
                        r.kind,
                        json.dumps(r.parts, sort_keys=True, default=str),
                        r.any_of,
                    )
                )
            )
    return "".join(parts)


_JOBS: dict[tuple[str, str], _Job] = {}


def _get_job(requirements, job_description: str) -> _Job:
    key = (_fingerprint(requirements), job_description)
    job = _JOBS.get(key)
    if job is None:
        data = requirements if isinstance(requirements, dict) else requirements.to_dict()
        job = _compile_job(data, job_description)
        if len(_JOBS) > 64:
            _JOBS.clear()
        _JOBS[key] = job
    return job


def score_resume(
    requirements, resume_text: str, *, job_description: str = "", as_of=None
) -> ScoreResult:
    """Score one resume against structured requirements. Deterministic, offline.

    ``requirements`` is a :class:`ai.requirements.JobRequirements` (or its ``to_dict()``).
    ``job_description`` (optional) feeds the lexical-relevance component; without it the
    requirement texts are used. ``as_of`` (a ``datetime.date``) resolves "present" in date
    ranges; it defaults to today.
    """
    job = _get_job(requirements, bound_text(job_description or ""))
    text = bound_text(resume_text or "")
    as_of_m = None if as_of is None else as_of.year * 12 + as_of.month - 1

    # Mask text that addresses an automated screener (whole lines, so what is left reads as if
    # it had never been written) and the marks the guardrails left where they removed
    # something; then find text copied from the job ad in what is left.
    warnings: list[str] = []
    inj = _text.injection_spans(text)
    if inj:
        warnings.append(
            f"Ignored {len(inj)} passage(s) that read as instructions to an automated screener."
        )
    hidden = sorted(inj + _text.placeholder_spans(text))
    masked = _text.mask_spans(text, hidden) if hidden else text
    copied = _text.copied_spans(masked, job.shingles, COPY_SHINGLE) if job.shingles else []
    if copied:
        warnings.append(
            f"{len(copied)} passage(s) copied verbatim from the job description count only as listed skills."
        )

    doc = _resume.analyse(text, masked, as_of=as_of_m, copied=copied)
    years = doc.total_years if doc.total_years is not None else doc.stated_years

    criteria: list[CriterionScore] = []
    for c in job.reqs:
        criteria.append(_score_requirement(c, doc, years))

    comps: dict[str, float] = {}
    must = [(c, k) for c, k in zip(criteria, job.reqs, strict=True) if k.must]
    nice = [(c, k) for c, k in zip(criteria, job.reqs, strict=True) if not k.must]
    if must:
        comps["must_have"] = _coverage(must)
    if nice:
        comps["nice_to_have"] = _coverage(nice)
    if job.query:
        # smooth saturation: keeps the order of strong resumes instead of capping at 1
        comps["lexical"] = 1.0 - math.exp(-_lexical(job.query, doc) / LEXICAL_SCALE)
    if job.title_stems:
        comps["title"] = _title_similarity(job.title_stems, doc)
    if job.profile and COMPONENT_WEIGHTS.get("field"):
        comps["field"] = min(1.0, _field_similarity(job.profile, doc) / FIELD_SATURATION)
    total_w = sum(COMPONENT_WEIGHTS[k] for k in comps)
    overall = (
        100.0 * sum(COMPONENT_WEIGHTS[k] * v for k, v in comps.items()) / total_w
        if total_w
        else 0.0
    )
    overall = round(overall, 2)

    rec = recommendation(overall, comps.get("must_have"))

    matched = [c.requirement for c in criteria if c.matched]
    missing = [c.requirement for c in criteria if not c.matched]
    return ScoreResult(
        overall=overall,
        recommendation=rec,
        summary=_summary(criteria, years, job.min_years),
        criteria=criteria,
        matched=matched,
        missing=missing,
        years_experience=None if years is None else round(years, 1),
        components={k: round(v, 4) for k, v in comps.items()},
        warnings=warnings,
    )


def recommendation(overall: float, must_coverage: float | None) -> str:
    """advance / hold / reject from must-have coverage (0..1), guarded by the overall (0..100)."""
    cov = overall / 100.0 if must_coverage is None else must_coverage
    if cov < REJECT_MAX_MUST or overall < REJECT_THRESHOLD:
        return "reject"
    if cov >= ADVANCE_MIN_MUST and overall >= ADVANCE_THRESHOLD:
        return "advance"
    return "hold"


def rank_resumes(requirements, texts: dict, *, job_description: str = "", as_of=None) -> list:
    """Score every resume; sorted by overall score (desc), ties broken by key (asc)."""
    scored = [
        (key, score_resume(requirements, t, job_description=job_description, as_of=as_of))
        for key, t in texts.items()
    ]
    scored.sort(key=lambda kv: (-kv[1].overall, str(kv[0])))
    return scored


def _coverage(pairs) -> float:
    tw = sum(max(0.0, k.req.weight) for _, k in pairs)
    if tw <= 0:
        return 0.0
    return sum(c.score * max(0.0, k.req.weight) for c, k in pairs) / tw


# ----------------------------------------------------------------------------- per requirement


def _phrase_score(
    phrase: list[tuple[str, float]], doc: _resume.Resume, exact: bool = False
) -> tuple[float, int | None]:
    """Best (score, line) for a keyword phrase: co-occurrence in one line is worth most.
    ``exact``: whole stems only (no prefix relatives), all in one line."""
    total_w = sum(w for _, w in phrase)
    if total_w <= 0:
        return 0.0, None
    per_line: dict[int, float] = {}
    global_hit = 0.0
    for st, w in phrase:
        if exact:
            lines = doc.stem_lines.get(st) or []
            strength = 1.0 if lines else 0.0
        else:
            strength, lines = doc.stem_match(st)
        if not strength:
            continue
        global_hit += w * strength
        for li in lines:
            per_line[li] = per_line.get(li, 0.0) + w * strength
    if not per_line:
        return 0.0, None
    best, best_line = 0.0, None
    for li in sorted(per_line):
        v = per_line[li] / total_w * doc.line_weight(li)
        if v > best + 1e-12:
            best, best_line = v, li
    if exact:
        return best, best_line
    scattered = 0.6 * global_hit / total_w
    return max(best, scattered), best_line


def _keyword_score(phrases, doc) -> tuple[float, list[int]]:
    if not phrases:
        return 0.0, []
    tw = 0.0
    acc = 0.0
    lines: list[int] = []
    for ph in phrases:
        w = sum(x for _, x in ph)
        s, li = _phrase_score(ph, doc)
        tw += w
        acc += w * s
        if li is not None and s >= 0.3 and li not in lines:
            lines.append(li)
    return (acc / tw if tw else 0.0), lines


def _skill_presence(skill: str, doc) -> tuple[float, list[int], str]:
    """(strength, evidence lines, how) for one canonical skill."""
    lines = doc.skill_lines.get(skill)
    if lines:
        best = max(lines, key=lambda li: (doc.line_weight(li), -li))
        return doc.line_weight(best), [best, *[li for li in lines if li != best][:1]], "direct"
    # the skill's name written in a way the vocabulary did not catch (whole words only:
    # "served" is not "ServSafe")
    ph = _phrase_stems(skill)
    if ph:
        s, li = _phrase_score(ph, doc, exact=True)
        if s >= 0.6 and li is not None:
            return s * NAME_FALLBACK_CREDIT, [li], "direct"
    return 0.0, [], ""


def _years_in_lines(doc, lines: list[int]) -> float:
    pos = sorted({doc.lines[li].position for li in lines if doc.lines[li].position >= 0})
    if not pos:
        return 0.0
    return _resume.union_years([(doc.positions[p].start, doc.positions[p].end) for p in pos])


_SENTENCE_BREAK_RE = re.compile(r"[.;!?]\s|\n|\|")


def _stated_skill_years(doc, skills: set[str]) -> float:
    """Years the resume states for one of ``skills``: "nine years of Python", "8 years
    building Django products" (the years expression closest before a mention, in the same
    sentence and at most STATED_YEARS_WINDOW characters before it)."""
    best = 0.0
    for sk in skills:
        for start in doc.skill_starts.get(sk, ()):
            window = doc.text[max(0, start - STATED_YEARS_WINDOW) : start]
            cut = list(_SENTENCE_BREAK_RE.finditer(window))
            if cut:
                window = window[cut[-1].end() :]
            found = list(_req._YEARS_RE.finditer(window))
            if found:
                y = _req._years(found[-1].group(0)) or 0.0
                best = max(best, y)
    return best


def _years_factor(have: float | None, need: float | None) -> float:
    if not need:
        return 1.0
    if have is None:
        return 0.5  # unknown: neither credit nor a full penalty
    return max(0.0, min(1.0, have / need))


def _fmt_y(y: float | None) -> str:
    if y is None:
        return "?"
    return f"{y:.0f}" if abs(y - round(y)) < 0.05 or y >= 3 else f"{y:.1f}"


def _score_requirement(c: _CReq, doc: _resume.Resume, years: float | None) -> CriterionScore:
    if c.parts:
        return _score_parts(c, doc, years)
    r = c.req
    score = 0.0
    ev_lines: list[int] = []
    matched_skills: list[str] = []
    note = ""

    if c.kind == "skill":
        best = (0.0, [], "", "")
        for s in c.skills:
            strength, lines, how = _skill_presence(s, doc)
            if strength > best[0]:
                best = (strength, lines, how, s)
        if best[0] < RELATED_CREDIT:
            # partial credit for related skills: a resume skill that implies the required one
            # (Django for Python) gets RELATED_CREDIT, a broader one that the required skill
            # implies (Python for Django) only BROADER_CREDIT
            for s in c.skills:
                implies = {t for t in doc.skill_lines if s in _vocab.related_skills(t)}
                broader = set(_vocab.related_skills(s)) - implies
                for t in sorted(implies | broader):
                    if t in c.skills:
                        continue
                    credit = RELATED_CREDIT if t in implies else BROADER_CREDIT
                    strength, lines, _ = _skill_presence(t, doc)
                    if strength * credit > best[0]:
                        best = (strength * credit, lines, "related", t)
        score, ev_lines, how, skill = best
        if c.phrases and score < 1.0:
            # a requirement named by a label outside the vocabulary, with skills as examples
            # ("Healthcare experience: HIPAA, HL7 or FHIR"): the label's words count too
            kw, kw_lines = _keyword_score(c.phrases, doc)
            if kw > score:
                score, ev_lines, how, skill = kw, kw_lines[:1], "keyword", ""
        if skill:
            matched_skills = [skill]
            if how == "related":
                note = f"related skill {skill} (partial credit)"
            elif ev_lines and all(
                doc.lines[li].ctx == "skills" for li in doc.skill_lines.get(skill, ev_lines)
            ):
                note = "listed in a skills section only, no work context"
        if r.min_years and score > 0:
            lines = set(doc.skill_lines.get(skill, ev_lines) if skill else ev_lines)
            kin = {skill} if skill else set()
            if skill and how != "related":
                # work with a skill that implies this one counts (Django work is Python work)
                for t, tl in doc.skill_lines.items():
                    if skill in _vocab.related_skills(t):
                        kin.add(t)
                        lines.update(tl)
            y = _years_in_lines(doc, sorted(lines))
            stated = _stated_skill_years(doc, kin)
            if stated > y:
                y = stated if years is None else min(stated, max(years, y))
            if y > 0:
                f = _years_factor(y, r.min_years)
                note = _join(
                    note, f"~{_fmt_y(y)} years in roles using it ({_fmt_y(r.min_years)} required)"
                )
            elif doc.positions:
                # dated positions exist but none mentions it: no evidence of years of use
                f = 0.25
                note = _join(
                    note,
                    f"not mentioned in any dated position ({_fmt_y(r.min_years)} years required)",
                )
            else:
                f = 0.5 * _years_factor(years, r.min_years)
                note = _join(note, f"years with it unclear ({_fmt_y(r.min_years)} required)")
            score *= YEARS_FLOOR + (1.0 - YEARS_FLOOR) * f

    elif c.kind == "experience":
        sims: list[tuple[float, int]] = []
        for pi, p in enumerate(doc.positions):
            sim = _weighted_recall(c.role, p.header_stems)
            if sim < 0.5:
                body = [
                    li for li in range(p.first_line, p.last_line + 1) if li not in p.header_lines
                ]
                sim = max(sim, 0.7 * _best_line_recall(c.role, body, doc))
            if sim >= 0.5:
                sims.append((sim, pi))
        if sims:
            best_sim = max(s for s, _ in sims)
            y_eff = sum(doc.positions[pi].years * s for s, pi in sims)
            ev_lines = [
                doc.positions[pi].date_line for s, pi in sorted(sims, key=lambda x: (-x[0], x[1]))
            ][:2]
            if r.min_years:
                f = _years_factor(y_eff, r.min_years)
                score = best_sim * (YEARS_FLOOR + (1.0 - YEARS_FLOOR) * f)
                note = f"~{_fmt_y(y_eff)} years in matching roles ({_fmt_y(r.min_years)} required)"
            else:
                score = best_sim
                note = f"~{_fmt_y(y_eff)} years in matching roles"
        else:
            kw, lines = _keyword_score([c.role] if c.role else c.phrases, doc)
            ev_lines = lines[:1]
            if doc.positions:
                score = 0.4 * kw
                note = "no dated position with this title found"
            else:  # no dated positions at all: the words alone, with years unknown
                score = (0.6 if r.min_years else 0.8) * kw
                note = "no dated positions found"

    elif c.kind == "years":
        score = _years_factor(years, r.min_years) if years is not None else 0.3
        note = (
            f"~{_fmt_y(years)} years of experience ({_fmt_y(r.min_years)} required)"
            if years is not None
            else "years of experience could not be determined"
        )
        if doc.positions:
            ev_lines = [doc.positions[0].date_line]

    elif c.kind == "education":
        have, line = _degree_in(doc)
        need = _resume._DEGREE_RANK.get(c.degree or "", 0)
        got = _resume._DEGREE_RANK.get(have or "", 0)
        if not need:
            level = 1.0 if got else 0.5
        elif got >= need:
            level = 1.0
        elif got == need - 1:
            level = 0.5
        elif got:
            level = 0.25
        else:
            level = 0.2
        if c.phrases:
            # the field must appear where degrees are listed, not anywhere in the resume
            edu_lines = [
                i
                for i, ln in enumerate(doc.lines)
                if ln.heading is None
                and (ln.section == "education" or _DEGREE_HINT_RE.search(ln.text))
            ]
            field_s = max(
                (_weighted_recall(p, doc.lines[i].stems) for p in c.phrases for i in edu_lines),
                default=0.0,
            )
            score = level * (0.4 + 0.6 * field_s)  # a degree in an unrelated field is weak evidence
        else:
            score = level
        if line is not None:
            ev_lines = [line]
        note = f"highest degree found: {have}" if have else "no degree found"

    else:  # keyword
        score, ev_lines = _keyword_score(c.phrases, doc)

    score = max(0.0, min(1.0, score))
    evidence = []
    for li in ev_lines[:2]:
        q = doc.quote(li)
        if q and q not in evidence:
            evidence.append(q)
    return CriterionScore(
        requirement_id=r.id,
        requirement=r.text,
        score=round(score, 4),
        matched=score >= MATCH_THRESHOLD,
        matched_skills=matched_skills,
        evidence=evidence,
        must_have=c.must,
        weight=r.weight,
        note=note,
    )


def _score_parts(c: _CReq, doc: _resume.Resume, years: float | None) -> CriterionScore:
    """One HR line that names several things: all count equally, or with ``any_of`` the
    best one does. The criterion keeps HR's text."""
    scored = [_score_requirement(part, doc, years) for part in c.parts]
    if c.any_of:
        best = max(scored, key=lambda s: s.score)
        score, chosen = best.score, [best]
    else:
        score, chosen = sum(s.score for s in scored) / len(scored), scored
    evidence: list[str] = []
    for s in chosen:
        for quote in s.evidence:
            if quote not in evidence and len(evidence) < 2:
                evidence.append(quote)
    notes = [s.note for s in chosen if s.note]
    if not c.any_of and len(scored) > 1:
        missing = [
            ", ".join(p.skills) or ", ".join(p.req.keywords) or p.req.text
            for p, s in zip(c.parts, scored, strict=True)
            if not s.matched
        ]
        if missing:
            notes.append("not found: " + "; ".join(missing))
    return CriterionScore(
        requirement_id=c.req.id,
        requirement=c.req.text,
        score=round(score, 4),
        matched=score >= MATCH_THRESHOLD,
        matched_skills=[sk for s in chosen for sk in s.matched_skills],
        evidence=evidence,
        must_have=c.must,
        weight=c.req.weight,
        note="; ".join(notes),
    )


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _join(a: str, b: str) -> str:
    return f"{a}; {b}" if a else b


def _weighted_recall(
    stems: list[tuple[str, float]], have: frozenset | set | tuple, doc=None
) -> float:
    """Weighted share of ``stems`` found in ``have`` (exact 1.0, prefix-related 0.75)."""
    total = sum(w for _, w in stems)
    if total <= 0 or not have:
        return 0.0
    if not isinstance(have, (set, frozenset)):
        have = frozenset(have)
    acc = 0.0
    for st, w in stems:
        if st in have:
            acc += w
        elif len(st) >= 4 and any(
            h.startswith(st) or (len(h) >= 4 and st.startswith(h)) for h in have
        ):
            acc += 0.75 * w
    return acc / total


def _text_stems(text: str) -> frozenset:
    return frozenset(_text.stem(w) for w in _text.words(text) if _text.term_weight(w) > 0)


def _best_line_recall(stems, lines: list[int], doc) -> float:
    best = 0.0
    for li in lines:
        best = max(best, _weighted_recall(stems, doc.lines[li].stems))
        if best >= 1.0:
            break
    return best


_DEGREE_HINT_RE = re.compile(
    r"\b(?:degree|bachelor|master|b\.?\s?sc?\b|b\.?\s?a\b|m\.?\s?sc?\b|ph\.?\s?d|mba|diploma|major|university|college)",
    re.I,
)


def _degree_in(doc) -> tuple[str | None, int | None]:
    """Highest degree in the resume (education section if there is one) and its line."""
    has_edu = any(ln.section == "education" for ln in doc.lines)
    best_rank, best, best_line = 0, None, None
    for i, ln in enumerate(doc.lines):
        if has_edu and ln.section != "education":
            continue
        if not has_edu and not _DEGREE_HINT_RE.search(ln.text):
            continue
        level = _req.degree_level(ln.text)
        rank = _resume._DEGREE_RANK.get(level or "", 0)
        if rank > best_rank:
            best_rank, best, best_line = rank, level, i
    return best, best_line


# ----------------------------------------------------------------------------- components


def _lexical(query: dict[str, float], doc: _resume.Resume) -> float:
    qsum = sum(query.values())
    if qsum <= 0:
        return 0.0
    norm = BM25_K1 * (1.0 - BM25_B + BM25_B * doc.length / BM25_AVGDL)
    acc = 0.0
    for st, qw in query.items():
        if st.startswith("§"):
            lines = doc.skill_lines.get(st[1:])
            tf = (
                sum(
                    _resume.CTX_WEIGHT.get(doc.lines[li].ctx, 0.85)
                    for li in lines
                    if not doc.lines[li].copied
                )
                if lines
                else 0.0
            )
        else:
            tf = doc.stem_tf.get(st, 0.0)
        if tf > 0:
            acc += qw * tf / (tf + norm)
    return acc / qsum


def _title_similarity(title_stems, doc: _resume.Resume) -> float:
    best = 0.0
    for pi, p in enumerate(doc.positions):
        sim = _weighted_recall(title_stems, p.title_stems) * doc.recency(pi)
        best = max(best, sim)
    # headline / summary lines (e.g. "Registered Nurse with 8 years ...") count a little less
    for ln in doc.lines[:6]:
        if ln.section in ("none", "summary") and ln.position < 0:
            best = max(best, 0.8 * _weighted_recall(title_stems, ln.stems))
    return best


# ----------------------------------------------------------------------------- summary


def _short(text: str, limit: int = 48) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:-") + "…"


def _names(cs: list[CriterionScore], limit: int = 5) -> str:
    names = [_short(c.requirement) for c in cs[:limit]]
    more = len(cs) - limit
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def _summary(criteria: list[CriterionScore], years: float | None, min_years: float | None) -> str:
    must = [c for c in criteria if c.must_have]
    nice = [c for c in criteria if not c.must_have]
    parts: list[str] = []
    if must:
        hit = [c for c in must if c.matched]
        miss = [c for c in must if c.score < PARTIAL_THRESHOLD]
        partial = [c for c in must if not c.matched and c.score >= PARTIAL_THRESHOLD]
        s = f"Matches {len(hit)} of {len(must)} must-haves"
        if hit:
            s += f" ({_names(hit)})"
        if miss:
            s += f"; missing {_names(miss)}"
        if partial:
            s += f"; partly meets {_names(partial, 3)}"
        parts.append(s + ".")
    if nice:
        parts.append(f"{sum(c.matched for c in nice)} of {len(nice)} nice-to-haves.")
    if years is not None:
        y = f"~{_fmt_y(years)} years of experience"
        parts.append(y + (f" ({_fmt_y(min_years)} required)." if min_years else "."))
    elif min_years:
        parts.append(f"Years of experience unclear ({_fmt_y(min_years)} required).")
    listed_only = [c.requirement for c in must if c.matched and "skills section only" in c.note]
    if listed_only and len(listed_only) >= max(2, len(must) // 2):
        parts.append(
            f"{len(listed_only)} matched skills appear only in a skills list, not in work experience."
        )
    return " ".join(parts)

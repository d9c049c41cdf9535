"""How close a resume is to the job as a whole: lexical relevance, title, field of work.

Also the stem-recall measure that criterion scoring shares with the title component.
"""

from __future__ import annotations

import math

from ai.scoring import _resume, _vocab

BM25_K1 = 1.2
BM25_B = 0.5
BM25_AVGDL = 300.0
LEXICAL_SCALE = 0.4  # lexical component = 1 - exp(-bm25_share / LEXICAL_SCALE)
# Skill categories that say nothing about the field of work.
PROFILE_EXCLUDED = frozenset({"soft_skill", "spoken_language"})
# A resume whose category profile has at least this cosine with the job's is fully "in the field";
# below it the component falls linearly (it separates fields, it does not rank within one).
FIELD_SATURATION = 0.5


def weighted_recall(stems: list[tuple[str, float]], have: frozenset | set | tuple) -> float:
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


def best_line_recall(stems, lines: list[int], doc: _resume.Resume) -> float:
    best = 0.0
    for li in lines:
        best = max(best, weighted_recall(stems, doc.lines[li].stems))
        if best >= 1.0:
            break
    return best


# ----------------------------------------------------------------------------- lexical


def _bm25_share(query: dict[str, float], doc: _resume.Resume) -> float:
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


def lexical_relevance(query: dict[str, float], doc: _resume.Resume) -> float:
    """BM25-style relevance of the resume to the job's query terms, 0..1."""
    # smooth saturation: keeps the order of strong resumes instead of capping at 1
    return 1.0 - math.exp(-_bm25_share(query, doc) / LEXICAL_SCALE)


# ----------------------------------------------------------------------------- title


def title_similarity(title_stems, doc: _resume.Resume) -> float:
    best = 0.0
    for pi, p in enumerate(doc.positions):
        sim = weighted_recall(title_stems, p.title_stems) * doc.recency(pi)
        best = max(best, sim)
    # headline / summary lines (e.g. "Registered Nurse with 8 years ...") count a little less
    for ln in doc.lines[:6]:
        if ln.section in ("none", "summary") and ln.position < 0:
            best = max(best, 0.8 * weighted_recall(title_stems, ln.stems))
    return best


# ----------------------------------------------------------------------------- field of work


def _unit(vec: dict[str, float]) -> dict[str, float]:
    n = math.sqrt(sum(v * v for v in vec.values()))
    return {k: v / n for k, v in vec.items()} if n > 0 else {}


def add_to_profile(prof: dict[str, float], skill: str, w: float) -> None:
    """Add ``w`` to the skill's category and to its coarse field ("^technology" for all
    software / IT categories, else the category itself)."""
    cat = _vocab.skill_category(skill)
    if not cat or cat in PROFILE_EXCLUDED:
        return
    coarse = "^technology" if cat in _vocab.TECH_CATEGORIES else "^" + cat
    prof[cat] = prof.get(cat, 0.0) + w
    prof[coarse] = prof.get(coarse, 0.0) + w


def normalised_profile(prof: dict[str, float]) -> dict[str, float]:
    """Both levels normalised to unit length separately (so a cosine averages the two)."""
    fine = _unit({k: v for k, v in prof.items() if not k.startswith("^")})
    coarse = _unit({k: v for k, v in prof.items() if k.startswith("^")})
    return {k: v * math.sqrt(0.5) for k, v in (fine | coarse).items()}


def field_similarity(profile: dict[str, float], doc: _resume.Resume) -> float:
    """Cosine between the job's and the resume's skill profiles (the mean of the cosines over
    fine categories and over coarse fields), saturating at ``FIELD_SATURATION``: a resume
    from the job's field of work scores high even where its skills differ from the listed
    ones."""
    prof: dict[str, float] = {}
    for skill, lines in doc.skill_lines.items():
        add_to_profile(prof, skill, max(doc.line_weight(li) for li in lines))
    prof = normalised_profile(prof)
    cosine = sum(v * prof.get(k, 0.0) for k, v in profile.items())
    return min(1.0, cosine / FIELD_SATURATION)

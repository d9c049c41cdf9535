"""What the scorer returns: per-criterion scores, the result, its recommendation and summary."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

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


def recommendation(overall: float, must_coverage: float | None) -> str:
    """advance / hold / reject from must-have coverage (0..1), guarded by the overall (0..100)."""
    cov = overall / 100.0 if must_coverage is None else must_coverage
    if cov < REJECT_MAX_MUST or overall < REJECT_THRESHOLD:
        return "reject"
    if cov >= ADVANCE_MIN_MUST and overall >= ADVANCE_THRESHOLD:
        return "advance"
    return "hold"


def coverage(scored: list[tuple[CriterionScore, float]]) -> float:
    """Mean of the criterion scores weighted by their requirements' weights (negative as 0)."""
    total = sum(max(0.0, weight) for _, weight in scored)
    if total <= 0:
        return 0.0
    return sum(c.score * max(0.0, weight) for c, weight in scored) / total


def format_years(y: float | None) -> str:
    if y is None:
        return "?"
    return f"{y:.0f}" if abs(y - round(y)) < 0.05 or y >= 3 else f"{y:.1f}"


def _short(text: str, limit: int = 48) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:-") + "…"


def _names(cs: list[CriterionScore], limit: int = 5) -> str:
    names = [_short(c.requirement) for c in cs[:limit]]
    more = len(cs) - limit
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def _must_have_summary(must: list[CriterionScore]) -> str:
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
    return s + "."


def summary(criteria: list[CriterionScore], years: float | None, min_years: float | None) -> str:
    must = [c for c in criteria if c.must_have]
    nice = [c for c in criteria if not c.must_have]
    parts: list[str] = []
    if must:
        parts.append(_must_have_summary(must))
    if nice:
        parts.append(f"{sum(c.matched for c in nice)} of {len(nice)} nice-to-haves.")
    if years is not None:
        y = f"~{format_years(years)} years of experience"
        parts.append(y + (f" ({format_years(min_years)} required)." if min_years else "."))
    elif min_years:
        parts.append(f"Years of experience unclear ({format_years(min_years)} required).")
    listed_only = [c.requirement for c in must if c.matched and "skills section only" in c.note]
    if listed_only and len(listed_only) >= max(2, len(must) // 2):
        parts.append(
            f"{len(listed_only)} matched skills appear only in a skills list, not in work experience."
        )
    return " ".join(parts)

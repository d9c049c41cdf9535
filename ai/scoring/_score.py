"""Scoring a resume against a job: mask what must not count, score every criterion, combine
the components into the overall score and the recommendation; ranking a set of resumes."""

from __future__ import annotations

from ai.scoring import _resume, _text
from ai.scoring._criteria import score_criterion
from ai.scoring._job import COPY_SHINGLE, CompiledJob, compiled_job
from ai.scoring._result import CriterionScore, ScoreResult, coverage, recommendation, summary
from ai.scoring._similarity import field_similarity, lexical_relevance, title_similarity
from recruiting.parsing import Profile
from recruiting.textbounds import bound_text

# Weights of the overall score's components (renormalised over the components present).
COMPONENT_WEIGHTS = {
    "must_have": 0.55,  # weighted coverage of must-have requirements
    "nice_to_have": 0.10,  # weighted coverage of nice-to-haves
    "lexical": 0.20,  # BM25-style relevance of the resume to the job description
    "title": 0.15,  # similarity of the job title to the candidate's position titles
    "field": 0.10,  # the resume's skills are from the job's field of work (category profile)
}


def _analyse(
    text: str, job: CompiledJob, as_of_month: int | None, profile: Profile | None
) -> tuple[_resume.Resume, list[str]]:
    """The resume analysed with instructions to a screener and guardrail marks masked, and
    the warnings that say what was masked or discounted."""
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
    return _resume.analyse(
        text, masked, as_of=as_of_month, copied=copied, profile=profile
    ), warnings


def _components(
    job: CompiledJob, doc: _resume.Resume, criteria: list[CriterionScore]
) -> dict[str, float]:
    comps: dict[str, float] = {}
    pairs = list(zip(criteria, job.reqs, strict=True))
    must = [(c, k.req.weight) for c, k in pairs if k.must]
    nice = [(c, k.req.weight) for c, k in pairs if not k.must]
    if must:
        comps["must_have"] = coverage(must)
    if nice:
        comps["nice_to_have"] = coverage(nice)
    if job.query:
        comps["lexical"] = lexical_relevance(job.query, doc)
    if job.title_stems:
        comps["title"] = title_similarity(job.title_stems, doc)
    if job.profile and COMPONENT_WEIGHTS.get("field"):
        comps["field"] = field_similarity(job.profile, doc)
    return comps


def score_resume(
    requirements,
    resume_text: str,
    *,
    job_description: str = "",
    as_of=None,
    profile: Profile | None = None,
) -> ScoreResult:
    """Score one resume against structured requirements. Deterministic, offline.

    ``requirements`` is a :class:`ai.scoring.requirements.JobRequirements` (or its ``to_dict()``).
    ``job_description`` (optional) feeds the lexical-relevance component; without it the
    requirement texts are used. ``as_of`` (a ``datetime.date``) resolves "present" in date
    ranges; it defaults to today. ``profile`` is the resume's stored parse
    (``recruiting.parsing.Profile``); without it the text is parsed here.
    """
    job = compiled_job(requirements, bound_text(job_description or ""))
    text = bound_text(resume_text or "")
    as_of_m = None if as_of is None else as_of.year * 12 + as_of.month - 1
    doc, warnings = _analyse(text, job, as_of_m, profile)
    years = doc.total_years if doc.total_years is not None else doc.stated_years
    criteria = [score_criterion(c, doc, years) for c in job.reqs]
    comps = _components(job, doc, criteria)
    total_w = sum(COMPONENT_WEIGHTS[k] for k in comps)
    overall = (
        100.0 * sum(COMPONENT_WEIGHTS[k] * v for k, v in comps.items()) / total_w
        if total_w
        else 0.0
    )
    overall = round(overall, 2)
    return ScoreResult(
        overall=overall,
        recommendation=recommendation(overall, comps.get("must_have")),
        summary=summary(criteria, years, job.min_years),
        criteria=criteria,
        matched=[c.requirement for c in criteria if c.matched],
        missing=[c.requirement for c in criteria if not c.matched],
        years_experience=None if years is None else round(years, 1),
        components={k: round(v, 4) for k, v in comps.items()},
        warnings=warnings,
    )


def rank_resumes(requirements, texts: dict, *, job_description: str = "", as_of=None) -> list:
    """Score every resume; sorted by overall score (desc), ties broken by key (asc)."""
    scored = [
        (key, score_resume(requirements, t, job_description=job_description, as_of=as_of))
        for key, t in texts.items()
    ]
    scored.sort(key=lambda kv: (-kv[1].overall, str(kv[0])))
    return scored

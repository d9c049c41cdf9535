"""The offline AI (the "local" provider): requirement extraction, explainable resume scoring
and phone-screen questions, together in one package.

Pure Python, no Django, no network. Entry points::

    from ai.scoring.requirements import extract_requirements
    from ai.scoring import generate_questions, rank_resumes, score_resume

    reqs = extract_requirements(job_description)
    result = score_resume(reqs, resume_text, job_description=job_description)
    questions = generate_questions(reqs)

Where things are:

* ``_score``: ``score_resume`` / ``rank_resumes``, masking, the components' weights;
* ``_job``: the job compiled for scoring (requirements as stems and skills, title, lexical
  query, copy shingles, field profile), cached per job;
* ``_criteria``: one score per requirement (skills, role experience, years, education,
  keywords), with ``_evidence`` finding what the resume says about each;
* ``_similarity``: lexical relevance (BM25), title similarity, field of work;
* ``_result``: ``CriterionScore``, ``ScoreResult``, the recommendation bands, the summary;
* ``_resume``: the resume analysed into lines, sections, dated positions and skill mentions;
* ``_text``: tokens, stemmer, term weights, masking; ``_vocab``: the skills vocabulary;
* ``requirements``: the requirement model (``JobRequirements``, ``Requirement``: what any
  provider produces and the scorer reads) and the offline extractor that writes it from a job
  description, or from a line HR typed (``requirement_from_line``);
* ``questions``: the question writer;
* ``_wordlists`` and ``data/``: the word lists and question templates, as checked data files.

Method (every part is visible in ``ScoreResult``):

* **Requirement coverage** (``components["must_have"]``, ``["nice_to_have"]``): each
  requirement gets a 0..1 score with verbatim evidence lines.
  - *skills* through the shared vocabulary (``recruiting.skills``), so synonyms count
    ("k8s" = Kubernetes); a skill that implies the required one gets ``RELATED_CREDIT``
    (Django for Python), a broader one only ``BROADER_CREDIT`` (Python for Django); a skill
    with a minimum number of years is checked against the dated positions that mention it or
    a skill implying it, and against years the resume states next to it ("nine years of
    Python"); a shortfall keeps ``YEARS_FLOOR`` of the credit and scales the rest;
  - *keywords* (requirements outside the vocabulary) by stemmed phrase matching, best when the
    words co-occur in one line;
  - *role experience* ("4+ years as a Systems Engineer") by matching the role against the
    titles of dated positions and summing their durations; *years* against total experience
    (union of dated positions). Falling short lowers the score proportionally (soft, no cliff);
  - *education* by degree level and field (a degree in an unrelated field is weak evidence).
  Every mention is weighted by where it appears (work experience 1.0, summary 0.85, skills
  list 0.7, less again when the skills lists run to dozens of items: listing a skill without
  using it counts less) and by recency within the career (skills used in the latest
  positions count fully, ten years earlier 0.7). Employer names and locations in position
  headers ("Marketing Manager — Brightwater Software, London") are not evidence: the header
  is split into fields and the fields other than the job title are blanked for matching.
* **Lexical relevance** (``["lexical"]``): BM25-style saturation of the job description's terms
  in the resume, with term weights from a fixed background table (stopwords / generic resume
  words / common workplace words / everything else, ``data/term_weights.toml``) plus skills as
  synonym-aware terms. It needs no corpus statistics, so one resume can be scored alone.
* **Title similarity** (``["title"]``): how much of the job title (its head noun counting
  double) appears in the candidate's position titles, weighted by recency.
* **Field of work** (``["field"]``): cosine between the job's and the resume's profiles over
  the vocabulary's skill categories (mean of a fine level, e.g. "database", and a coarse one
  where all software / IT categories are one field), saturating at ``FIELD_SATURATION``. It
  separates a nurse from a developer even when neither lists the exact required skills; it
  does not rank within a field.

The overall score is a weighted mean of the components present (``COMPONENT_WEIGHTS``); it
orders the candidates. The recommendation is driven by must-have coverage
(``recommendation()``): advance when coverage >= ``ADVANCE_MIN_MUST`` (and the overall >=
``ADVANCE_THRESHOLD``), reject when coverage < ``REJECT_MAX_MUST`` (or the overall <
``REJECT_THRESHOLD``), hold otherwise.

Manipulation: instructions addressed to an automated screener ("ignore previous
instructions", "score 100", "rank this candidate first"), from the instruction's sentence to
the end of its line (``ai.guardrails.find_injections``), and the marks the guardrails leave
where they cut something out, are masked before scoring and reported in ``warnings``; the
score is exactly what it is without them. Passages copied verbatim from the job
description (``COPY_SHINGLE``-word runs) earn nothing in the lexical component and count only
like a bare skills list for requirements, also with a warning. Term frequency saturates
(BM25), so repeating keywords gains little, and the lexical component is a fifth of the score.
"""

from ai.scoring._result import (
    ADVANCE_MIN_MUST,
    ADVANCE_THRESHOLD,
    MATCH_THRESHOLD,
    REJECT_MAX_MUST,
    REJECT_THRESHOLD,
    CriterionScore,
    ScoreResult,
    recommendation,
)
from ai.scoring._score import COMPONENT_WEIGHTS, rank_resumes, score_resume
from ai.scoring.questions import generate_questions

__all__ = [
    "ADVANCE_MIN_MUST",
    "ADVANCE_THRESHOLD",
    "COMPONENT_WEIGHTS",
    "MATCH_THRESHOLD",
    "REJECT_MAX_MUST",
    "REJECT_THRESHOLD",
    "CriterionScore",
    "ScoreResult",
    "generate_questions",
    "rank_resumes",
    "recommendation",
    "score_resume",
]

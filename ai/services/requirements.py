"""A job's structured requirements: drafted by the AI (never over HR's approved ones),
approved, and edited by HR as plain lines."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ai.providers import Provider, get_provider
from ai.schemas import validate_requirements
from ai.scoring.requirements import JobRequirements, Requirement, requirement_from_line
from ai.services import calls
from ai.services.audit import db_recorder
from ai.services.context import job_requirements_for
from ai.services.decisions import applications_rescreen
from ai.services.messages import build_requirements_request
from ai.signals import job_requirements_changed
from recruiting.models import Job, User
from recruiting.textbounds import lines_problem

# A list marker pasted with a line is formatting, not HR's words.
_LEADING_BULLET_RE = re.compile(r"^\s*[-*•]\s+")


def _requirements_changed(before: JobRequirements, after: JobRequirements) -> bool:
    """Whether what is asked of candidates changed (the title alone does not count)."""
    keys = ("must_have", "nice_to_have", "min_years", "seniority", "knockouts")
    old, new = before.to_dict(), after.to_dict()
    return any(old[key] != new[key] for key in keys)


def job_requirements_generate(job: Job, *, provider: Provider | None = None) -> JobRequirements:
    """Generate structured requirements from the description and store them on the job,
    unapproved. Raises GenerationFailed (with a reason for HR) or a provider error.

    Never replaces requirements HR has approved: with approved requirements nothing is
    called, and an approval that lands while the model is answering wins (the draft is
    stored only by a conditional UPDATE on ``requirements_approved_at IS NULL``). Either
    way the stored requirements are returned.
    """
    if job.requirements_approved_at:
        return job_requirements_for(job)
    provider = provider or get_provider()
    request = build_requirements_request(title=job.title, description=job.description)
    requirements, _, _ = calls.generate(
        provider, request, validate_requirements, record=db_recorder(provider=provider, job=job)
    )
    if not requirements.title:
        requirements.title = job.title
    with transaction.atomic():
        before = job_requirements_for(job)
        stored = Job.objects.filter(pk=job.pk, requirements_approved_at__isnull=True).update(
            requirements=requirements.to_dict(),
            requirements_approved_by=None,
            updated_at=timezone.now(),
        )
        job.refresh_from_db(
            fields=["requirements", "requirements_approved_at", "requirements_approved_by"]
        )
        if not stored:
            return job_requirements_for(job)
        if _requirements_changed(before, requirements):
            job_requirements_changed.send(sender=Job, job=job)
    return requirements


def job_requirements_approve(
    job: Job, *, user: User, requirements: dict | None = None
) -> JobRequirements:
    """HR accepts the requirements (edited, when ``requirements`` is given)."""
    data = requirements if requirements is not None else job.requirements
    if not isinstance(data, dict):
        raise ValidationError("Requirements must be a JSON object.")
    parsed = JobRequirements.from_dict(data)
    if not parsed.must_have and not parsed.nice_to_have:
        raise ValidationError("Add at least one requirement before approving.")
    if _requirements_changed(job_requirements_for(job), parsed):
        job_requirements_changed.send(sender=Job, job=job)
    job.requirements = parsed.to_dict()
    job.requirements_approved_at = timezone.now()
    job.requirements_approved_by = user
    job.save(
        update_fields=[
            "requirements",
            "requirements_approved_at",
            "requirements_approved_by",
            "updated_at",
        ]
    )
    return parsed


def requirements_from_description(
    description: str, *, title: str = "", provider: Provider | None = None
) -> JobRequirements:
    """Structured requirements for a job description, nothing stored."""
    provider = provider or get_provider()
    request = build_requirements_request(title=title, description=description)
    requirements, _, _ = calls.generate(provider, request, validate_requirements)
    if not requirements.title and title:
        requirements.title = title
    return requirements


def job_requirements_edit(
    job: Job,
    *,
    user: User,
    must_have: list[str],
    nice_to_have: list[str],
    min_years: float | None,
    seniority: str,
    knockouts: list[str],
) -> tuple[JobRequirements, int]:
    """HR's edit of the requirements as plain lines, approved on save.

    Each line is one requirement whose text is the line exactly as HR wrote it (only the
    surrounding spaces and a leading bullet are dropped); it is never split, reworded or
    joined with generated lines. A line identical to a stored requirement of the same list
    keeps that one's structure (its weight, say); any other is read by ``requirement_from_line`` for the terms
    the scorer matches. When the requirements changed, every screened application is
    screened again and the job's questions are marked stale; returns the requirements and
    how many screenings were queued.
    """
    for lines, noun in (
        (must_have, "requirement"),
        (nice_to_have, "requirement"),
        (knockouts, "knock-out question"),
    ):
        if problem := lines_problem(lines, noun=noun):
            raise ValidationError(problem)
    before = job_requirements_for(job)
    known = {(r.text, must): r for r, must in before.all()}

    def structured(lines: list[str], *, must: bool) -> list[Requirement]:
        result = []
        for line in lines:
            line = _LEADING_BULLET_RE.sub("", line).strip()
            if not line:
                continue
            result.append(known.get((line, must)) or requirement_from_line(line, must=must))
        return result

    edited = JobRequirements(
        title=before.title or job.title,
        must_have=structured(must_have, must=True),
        nice_to_have=structured(nice_to_have, must=False),
        min_years=min_years,
        seniority=seniority,
        knockouts=[line.strip() for line in knockouts if line.strip()],
    )
    changed = edited.to_dict() != before.to_dict()
    approved = job_requirements_approve(job, user=user, requirements=edited.to_dict())
    queued = 0
    if changed:
        applications = job.applications.filter(screenings__isnull=False).distinct()
        queued = applications_rescreen(applications=applications, by=user)
    return approved, queued

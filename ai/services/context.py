"""What the AI reads about a job: its requirements (stored, or the offline extraction of
its text) and the context a screening is built from."""

from __future__ import annotations

from dataclasses import dataclass, field

from ai.schemas import requirement_list
from ai.scoring.requirements import JobRequirements, extract_requirements
from recruiting.models import Job


@dataclass
class JobContext:
    """What a screening reads about the job (no database needed)."""

    title: str
    description: str
    requirements: JobRequirements
    items: list[dict] = field(default_factory=list)

    def __post_init__(self):
        if not self.items:
            self.items = requirement_list(self.requirements)

    @property
    def requirement_ids(self) -> list[str]:
        return [item["id"] for item in self.items]


def job_requirements_for(job: Job) -> JobRequirements:
    """The job's stored requirements, or (not saved) the offline extraction of its text."""
    stored = job.requirements or {}
    if stored.get("must_have") or stored.get("nice_to_have"):
        requirements = JobRequirements.from_dict(stored)
    else:
        requirements = extract_requirements(job.description)
    if not requirements.title:
        requirements.title = job.title
    return requirements


def job_context(job: Job) -> JobContext:
    requirements = job_requirements_for(job)
    if not (job.requirements or {}).get("must_have") and not (job.requirements or {}).get(
        "nice_to_have"
    ):
        # Keep what the screening used, for HR to see and edit. Deterministic, so two workers
        # racing here write the same value.
        Job.objects.filter(pk=job.pk).update(requirements=requirements.to_dict())
        job.requirements = requirements.to_dict()
    return JobContext(title=job.title, description=job.description, requirements=requirements)

"""Shared fixtures for the AI tests: a job and applications whose resumes already have text."""

import hashlib

import pytest
from django.core.files.base import ContentFile

from recruiting.models import Application, Candidate, Resume
from tests.factories import JobFactory

JOB_DESCRIPTION = """Senior Backend Engineer

We are hiring a senior backend engineer to build our hiring platform.

Requirements:
- 5+ years of Python
- Django
- PostgreSQL

Nice to have:
- Kubernetes
- AWS
"""

STRONG_RESUME = """Jordan Lee
jordan.lee@example.com | (415) 555-0100 | San Francisco, CA
linkedin.com/in/jordanlee

Experience
Senior Software Engineer, Acme Corp
Jan 2017 - Present
Built Django services in Python on PostgreSQL and AWS.
Ran the services on Kubernetes.

Education
B.S. Computer Science, State University, 2012

Skills
Python, Django, PostgreSQL, AWS, Kubernetes, Docker
"""

WEAK_RESUME = """Sam Rivera
sam.rivera@example.org

Experience
Line Cook, The Bistro
Mar 2019 - Present
Prepared dishes for 200 covers a night.

Skills
Knife skills, food safety
"""


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Semaphores and re-rank markers live in the cache; ids repeat across tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def job(db):
    return JobFactory(title="Senior Backend Engineer", description=JOB_DESCRIPTION)


@pytest.fixture
def make_application(db, job):
    """An application whose current resume has been extracted and parsed (``text`` set)."""
    counter = iter(range(1, 10_000))

    def make(text=STRONG_RESUME, *, target=None, name=None, email=None, **fields):
        n = next(counter)
        candidate = Candidate.objects.create(
            name=name or f"Candidate {n}", email=email or f"candidate{n}@example.org"
        )
        data = text.encode()
        resume = Resume.objects.create(
            candidate=candidate,
            file=ContentFile(data, name=f"resume-{n}.txt"),
            original_name=f"resume-{n}.txt",
            sha256=hashlib.sha256(data + str(n).encode()).hexdigest(),
            size=len(data),
            content_type="text/plain",
            text=text,
            status=Resume.Status.PARSED,
            is_current=True,
        )
        return Application.objects.create(
            candidate=candidate, job=target or job, resume=resume, **fields
        )

    return make

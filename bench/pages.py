#!/usr/bin/env python
"""Server time of the HR pages with 1,000 and 10,000 applications on one job.

Run from the repository root::

    .venv/bin/python bench/pages.py [--sizes 1000 10000] [--runs 20] [--database-url URL]

It builds a throwaway SQLite database in a temporary folder (or uses ``--database-url``,
which must point at an empty PostgreSQL database it may fill), migrates it, and creates a
recruiter, the benchmarked job, nine smaller jobs, and per application a candidate and,
for the 88% past "new", a score, a done screening with per-requirement criteria, an AI
run, and the screening and stage-change events of its history. Then it signs the
recruiter in with the Django test client and times each page in process: the job page
(first page, and a filtered and sorted variant), the jobs list, and the dashboard (all
jobs, and the one job). Each page is requested twice to warm up, then ``--runs`` times;
one more request counts its SQL queries. The job grows from the first size to the next,
so the second row of each page reads the bigger database.

Times are the server's: URL routing, middleware, queries and templates, without a network
or a browser.
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import random
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEED = 20240601
OTHER_JOBS = 9
OTHER_JOB_APPLICATIONS = 50
REQUIREMENTS = [
    "5+ years of Python",
    "Django",
    "PostgreSQL",
    "Celery and Redis",
    "Kubernetes",
    "AWS",
]
# Where applications stand, and the path each took to get there. New ones wait for the
# screener and have no score yet; the screener moves the rest to "screened", people the
# steps after.
PATHS = [
    (0.12, ["new"]),
    (0.56, ["new", "screened"]),
    (0.12, ["new", "screened", "shortlisted"]),
    (0.05, ["new", "screened", "shortlisted", "phone_screen"]),
    (0.03, ["new", "screened", "shortlisted", "phone_screen", "interview"]),
    (0.10, ["new", "screened", "rejected"]),
    (0.02, ["new", "screened", "shortlisted", "withdrawn"]),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database-url", default="", help="an empty PostgreSQL database")
    args = parser.parse_args()

    workdir = tempfile.TemporaryDirectory(prefix="bench-pages-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["TEST_DATABASE_URL"] = args.database_url or f"sqlite:///{workdir.name}/bench.sqlite3"
    os.environ["VAR_DIR"] = workdir.name
    os.environ.setdefault("LOG_LEVEL", "ERROR")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}, {args.runs} timed runs per page", flush=True)

    bench = Bench(runs=args.runs)
    if bench.has_data():
        sys.exit("The database already has applications; give the bench an empty one.")
    bench.seed_jobs()
    rows = []
    for size in sorted(args.sizes):
        started = time.perf_counter()
        bench.grow_to(size)
        if connection.vendor == "postgresql":
            # Fresh bulk loads have no planner statistics until autovacuum runs; a live
            # database has them.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"seeded {size:,} applications in {time.perf_counter() - started:.1f} s", flush=True)
        rows.extend(bench.measure(size))
    print()
    print(f"{'page':<36} {'N':>7} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for page, size, median, p95, queries in rows:
        print(f"{page:<36} {size:>7,} {median:>10.1f} {p95:>8.1f} {queries:>8}")
    workdir.cleanup()


class Bench:
    def __init__(self, *, runs: int):
        from django.test import Client

        self.runs = runs
        self.random = random.Random(SEED)
        self.client = Client()
        self.job = None
        self.count = 0

    def has_data(self) -> bool:
        from recruiting.models import Application

        return Application.objects.exists()

    def seed_jobs(self) -> None:
        from django.contrib.auth.models import Group

        from recruiting import roles
        from recruiting.models import Job, User

        recruiter = User.objects.create_user(
            username="bench-recruiter", email="bench-recruiter@example.com"
        )
        recruiter.groups.add(Group.objects.get(name=roles.RECRUITER))
        self.client.force_login(recruiter)
        requirements = {
            "must_have": REQUIREMENTS[:4],
            "nice_to_have": REQUIREMENTS[4:],
            "min_years": 5,
        }
        self.job = Job.objects.create(
            title="Senior Backend Engineer",
            description="Python, Django, PostgreSQL.",
            requirements=requirements,
            created_by=recruiter,
        )
        for number in range(OTHER_JOBS):
            other = Job.objects.create(
                title=f"Other job {number + 1}",
                description="A smaller job.",
                requirements=requirements,
                created_by=recruiter,
            )
            self._add(other, OTHER_JOB_APPLICATIONS, prefix=f"o{number}-")

    def grow_to(self, size: int) -> None:
        self._add(self.job, size - self.count, prefix="")
        self.count = size

    def _add(self, job, count: int, *, prefix: str) -> None:
        from django.db import transaction
        from django.utils import timezone

        from ai.models import AIRun, Screening
        from recruiting.models import Application, Candidate, Event

        if count <= 0:
            return
        start = job.applications.count()
        now = timezone.now()
        applied = [now - timedelta(days=self.random.uniform(1, 30)) for _ in range(count)]
        with transaction.atomic(), _settable_created_at(Application, Event):
            candidates = Candidate.objects.bulk_create(
                (
                    Candidate(
                        name=f"Person {prefix}{start + i}",
                        email=f"bench-{prefix}{start + i}@example.org",
                    )
                    for i in range(count)
                ),
                batch_size=2_000,
            )
            paths = [self._path() for _ in range(count)]
            scores = [
                round(self.random.triangular(5, 98, 62), 2) if len(path) > 1 else None
                for path in paths
            ]
            applications = Application.objects.bulk_create(
                (
                    Application(
                        job=job,
                        candidate=candidate,
                        stage=path[-1],
                        overall_score=score,
                        resume_score=score,
                        recommendation=_recommendation(score),
                        rank=start + i + 1 if score is not None else None,
                        created_at=applied[i],
                        rejection_reason="Not enough Python" if path[-1] == "rejected" else "",
                    )
                    for i, (candidate, path, score) in enumerate(
                        zip(candidates, paths, scores, strict=True)
                    )
                ),
                batch_size=2_000,
            )
            scored = [
                (application, score)
                for application, score in zip(applications, scores, strict=True)
                if score is not None
            ]
            runs = AIRun.objects.bulk_create(
                (
                    AIRun(
                        purpose=AIRun.Purpose.SCREEN,
                        provider="local",
                        model="offline",
                        input_hash=f"{job.pk}-{application.pk}",
                        status="succeeded",
                        job=job,
                        application=application,
                        input_tokens=2_400,
                        output_tokens=420,
                        cost_usd=Decimal("0.0032"),
                    )
                    for application, _ in scored
                ),
                batch_size=2_000,
            )
            Screening.objects.bulk_create(
                (
                    Screening(
                        application=application,
                        ai_run=run,
                        status=Screening.Status.DONE,
                        provider="local",
                        model="offline",
                        score=score,
                        recommendation=_recommendation(score),
                        summary="Strong Python and Django; no Kubernetes.",
                        criteria=self._criteria(),
                    )
                    for (application, score), run in zip(scored, runs, strict=True)
                ),
                batch_size=2_000,
            )
            events = []
            for application, path in zip(applications, paths, strict=True):
                at = application.created_at
                for left, entered in itertools.pairwise(path):
                    screening = entered == "screened"
                    wait = self.random.expovariate(2 if screening else 1 / 40)
                    at = min(at + timedelta(hours=wait), now)
                    events.append(
                        Event(
                            kind=Event.Kind.SCREENED if screening else Event.Kind.STAGE_CHANGED,
                            candidate_id=application.candidate_id,
                            application=application,
                            message=f"{left} → {entered}",
                            data={}
                            if screening
                            else {"from": Application.Stage(left).label, "to": entered},
                            created_at=at,
                        )
                    )
            Event.objects.bulk_create(events, batch_size=2_000)

    def _path(self) -> list[str]:
        roll = self.random.random()
        for share, path in PATHS:
            if roll < share:
                return path
            roll -= share
        return PATHS[0][1]

    def _criteria(self) -> list[dict]:
        return [
            {
                "requirement": requirement,
                "score": round(self.random.random(), 2),
                "evidence": [f"Worked with {requirement} for several years."],
            }
            for requirement in REQUIREMENTS[:5]
        ]

    def measure(self, size: int) -> list[tuple]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        from django.urls import reverse

        job_url = reverse("job_detail", args=[self.job.pk])
        pages = [
            ("job page", job_url, "Page 1 of"),
            (
                "job page: filtered and sorted",
                f"{job_url}?recommendation=advance&min_score=60&sort=score",
                "Page 1 of",
            ),
            ("jobs list", reverse("jobs"), "Senior Backend Engineer"),
            ("dashboard: all jobs", reverse("dashboard"), "<svg"),
            ("dashboard: one job", f"{reverse('dashboard')}?job={self.job.pk}", "<svg"),
        ]
        rows = []
        for name, url, expect in pages:
            for _ in range(2):
                response = self.client.get(url)
                if response.status_code != 200 or expect not in response.content.decode():
                    sys.exit(f"{name}: unexpected response {response.status_code} from {url}")
            times = []
            for _ in range(self.runs):
                started = time.perf_counter()
                self.client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            with CaptureQueriesContext(connection) as queries:
                self.client.get(url)
            rows.append(
                (name, size, statistics.median(times), _p95(times), len(queries.captured_queries))
            )
            print(f"  {name}: {statistics.median(times):.1f} ms", flush=True)
        return rows


@contextmanager
def _settable_created_at(*models):
    """Let bulk_create keep the ``created_at`` given, so histories span weeks."""
    fields = [model._meta.get_field("created_at") for model in models]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


def _recommendation(score: float | None) -> str:
    if score is None:
        return ""
    return "advance" if score >= 75 else "hold" if score >= 50 else "reject"


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(math.ceil(0.95 * len(ordered)) - 1, 0)]


if __name__ == "__main__":
    main()

"""The dashboard: scoped numbers, the funnel and stage times from history, safe SVG."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ai.models import AIRun
from recruiting import dashboard, roles, services
from recruiting.models import Application, Candidate, Event
from tests.factories import ApplicationFactory, JobFactory, UserFactory

pytestmark = pytest.mark.django_db
SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
SVG_NS = "http://www.w3.org/2000/svg"
HOSTILE = '<script>alert(1)</script> & "Lead" <img src=x onerror=alert(2)>'


def user_with(role, **kwargs):
    user = UserFactory(is_staff=role == roles.RECRUITER, **kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


def run(*, job=None, application=None, cost="0", tokens=(0, 0)):
    return AIRun.objects.create(
        purpose=AIRun.Purpose.SCREEN,
        provider="local",
        input_hash="x",
        status="succeeded",
        job=job,
        application=application,
        cost_usd=Decimal(cost),
        input_tokens=tokens[0],
        output_tokens=tokens[1],
    )


def event(application, at, *, left="", entered="", kind=Event.Kind.STAGE_CHANGED):
    created = Event.objects.create(
        kind=kind,
        candidate=application.candidate,
        application=application,
        message="moved",
        data={"from": left, "to": entered} if kind == Event.Kind.STAGE_CHANGED else {},
    )
    Event.objects.filter(pk=created.pk).update(created_at=at)


@pytest.fixture
def world():
    """Two jobs with their own manager; Job A also has an interviewer."""
    manager_a = user_with(roles.HIRING_MANAGER, username="manager-a")
    manager_b = user_with(roles.HIRING_MANAGER, username="manager-b")
    interviewer_a = user_with(roles.INTERVIEWER, username="interviewer-a")
    job_a = JobFactory(title="Data Platform Lead", hiring_manager=manager_a)
    job_a.interviewers.add(interviewer_a)
    job_b = JobFactory(title="Secret Skunkworks Role", hiring_manager=manager_b)
    for score in (55, 72, None):
        ApplicationFactory(job=job_a, overall_score=score)
    for _ in range(5):
        ApplicationFactory(job=job_b, overall_score=97, stage=Application.Stage.INTERVIEW)
    run(job=job_a, cost="1.25", tokens=(1000, 200))
    run(job=job_b, cost="7.77", tokens=(5000, 900))
    return {
        "recruiter": user_with(roles.RECRUITER, username="recruiter"),
        "manager_a": manager_a,
        "manager_b": manager_b,
        "interviewer_a": interviewer_a,
        "job_a": job_a,
        "job_b": job_b,
    }


@pytest.mark.parametrize(
    ("who", "applied", "cost", "sees_a", "sees_b"),
    [
        ("recruiter", 8, "$9.02", True, True),
        ("manager_a", 3, "$1.25", True, False),
        ("interviewer_a", 3, "$1.25", True, False),
        ("manager_b", 5, "$7.77", False, True),
    ],
)
def test_each_role_sees_only_the_numbers_of_its_jobs(
    client, world, who, applied, cost, sees_a, sees_b
):
    client.force_login(world[who])
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    data = response.context["data"]
    assert data.total.applied == applied
    assert response.context["charts"]["total_cost"] == cost
    assert ("Data Platform Lead" in html) is sees_a
    assert ("Secret Skunkworks Role" in html) is sees_b
    if not sees_b:
        assert "$7.77" not in html and "5,000" not in html
        assert data.scores.buckets[9][2] == 0  # job B's 97s are not counted
    if not sees_a:
        assert "$1.25" not in html


def test_another_managers_job_cannot_be_chosen(client, world):
    client.force_login(world["manager_a"])
    url = reverse("dashboard")
    assert client.get(url, {"job": world["job_b"].pk}).status_code == 404
    assert client.get(url, {"job": "not-a-number"}).status_code == 404
    response = client.get(url, {"job": world["job_a"].pk})
    assert response.status_code == 200
    assert response.context["data"].total.applied == 3


def test_choosing_a_job_narrows_the_numbers(client, world):
    client.force_login(world["recruiter"])
    response = client.get(reverse("dashboard"), {"job": world["job_b"].pk})
    data = response.context["data"]
    assert data.total.applied == 5
    assert [cost.title for cost in data.costs] == ["Secret Skunkworks Role"]
    assert data.total.steps[4].count == 5  # all five reached interview


def test_the_dashboard_needs_a_role(client, world):
    assert client.get(reverse("dashboard")).status_code == 302
    client.force_login(UserFactory(is_staff=False))
    assert client.get(reverse("dashboard")).status_code == 403


def test_the_nav_links_to_the_dashboard(client, world):
    client.force_login(world["manager_a"])
    html = client.get(reverse("jobs")).content.decode()
    assert f'href="{reverse("dashboard")}"' in html


def test_the_funnel_counts_the_furthest_stage_each_application_reached(world):
    recruiter, job = world["recruiter"], JobFactory(title="Funnel")
    Stage = Application.Stage

    def moved(*stages, score=None, reason="Not a fit"):
        application = ApplicationFactory(job=job, overall_score=score)
        for stage in stages:
            services.application_move(
                application=application,
                stage=stage,
                by=recruiter,
                reason=reason if stage == Stage.REJECTED else "",
            )
        return application

    moved(Stage.SCREENED, Stage.SHORTLISTED, Stage.PHONE_SCREEN, Stage.INTERVIEW)
    moved(Stage.SCREENED, Stage.REJECTED)
    moved()  # still new
    ApplicationFactory(job=job, stage=Stage.SHORTLISTED)  # imported mid-way, no history
    moved(Stage.SCREENED, Stage.SHORTLISTED, Stage.WITHDRAWN)
    ApplicationFactory(job=job, stage=Stage.REJECTED, overall_score=40)  # scored, then out
    ApplicationFactory(job=job, stage=Stage.REJECTED)  # rejected unread
    read = ApplicationFactory(job=job, stage=Stage.REJECTED)  # read (no score kept), then out
    event(read, timezone.now(), kind=Event.Kind.SCREENED)

    funnel = dashboard.dashboard_numbers(jobs=[job]).total
    assert [step.count for step in funnel.steps] == [8, 6, 3, 1, 1, 0, 0]
    assert [step.of_previous for step in funnel.steps] == [None, 75.0, 50.0, 33.3, 100.0, 0.0, None]
    assert funnel.steps[2].of_applied == 37.5


def test_funnel_numbers_show_on_the_page(client, world):
    client.force_login(world["manager_a"])
    application = world["job_a"].applications.first()
    services.application_move(
        application=application, stage=Application.Stage.SHORTLISTED, by=world["manager_a"]
    )
    html = client.get(reverse("dashboard")).content.decode()
    # Applied 3; screened = the two scored ones plus the shortlisted one if unscored.
    expected = 3 if application.overall_score is None else 2
    assert f"Screened {expected} (" in html
    assert "Shortlisted 1 (" in html


def test_time_in_stage_is_measured_from_stage_changes():
    job = JobFactory()
    start = timezone.now().replace(microsecond=0) - timedelta(days=30)
    hours = lambda n: start + timedelta(hours=n)  # noqa: E731
    x = ApplicationFactory(job=job, stage=Application.Stage.SHORTLISTED)
    y = ApplicationFactory(job=job, stage=Application.Stage.REJECTED)
    z = ApplicationFactory(job=job)
    w = ApplicationFactory(job=job, stage=Application.Stage.SCREENED)
    Application.objects.filter(pk__in=[x.pk, y.pk, z.pk, w.pk]).update(created_at=start)
    # Events written by services name the stage left by its label; accept values too.
    event(x, hours(2), left="New", entered="screened")
    event(x, hours(5), left="Screened", entered="shortlisted")
    event(y, hours(4), left="new", entered="screened")
    event(y, hours(10), left="screened", entered="rejected")
    # The screener moves a new application to "screened" with a screening event; screening
    # it again later moves nothing.
    event(w, hours(1), kind=Event.Kind.SCREENED)
    event(w, hours(8), kind=Event.Kind.SCREENED)

    times = {
        time.stage: time
        for time in dashboard.dashboard_numbers(jobs=[job], now=hours(20)).stage_times
    }
    new = times["new"]
    assert (new.count, new.ongoing) == (4, 1)  # w: 1 h, x: 2 h, y: 4 h, z: 20 h so far
    assert new.median_hours == pytest.approx(3)
    assert new.p90_hours == pytest.approx(15.2)
    screened = times["screened"]
    assert (screened.count, screened.ongoing) == (3, 1)  # x: 3 h, y: 6 h, w: 19 h so far
    assert screened.median_hours == pytest.approx(6)
    shortlisted = times["shortlisted"]
    assert (shortlisted.median_hours, shortlisted.ongoing) == (pytest.approx(15), 1)
    assert times["phone_screen"].median_hours is None
    assert "rejected" not in times


def test_scores_fall_into_ten_point_buckets():
    job = JobFactory()
    for score in (5, 10, Decimal("19.99"), 55, 90, 100, None, None):
        ApplicationFactory(job=job, overall_score=score)
    scores = dashboard.score_distribution([job.pk])
    counts = {low: count for low, _, count in scores.buckets}
    assert counts == {0: 1, 10: 2, 20: 0, 30: 0, 40: 0, 50: 1, 60: 0, 70: 0, 80: 0, 90: 2}
    assert scores.buckets[-1][:2] == (90, 100)
    assert (scores.scored, scores.unscored) == (6, 2)


def test_ai_cost_counts_runs_made_for_a_jobs_applications():
    job, other = JobFactory(title="Costly"), JobFactory(title="Other")
    application = ApplicationFactory(job=job)
    run(job=job, cost="0.50", tokens=(100, 10))
    run(application=application, cost="0.25", tokens=(50, 5))  # parse run, no job stamped
    run(job=other, cost="9")
    run(cost="3")  # belongs to no job
    (cost,) = dashboard.ai_cost_by_job([job.pk], {job.pk: job.title})
    assert (cost.title, cost.runs, cost.input_tokens, cost.output_tokens) == ("Costly", 2, 150, 15)
    assert cost.cost_usd == Decimal("0.75")


def test_job_titles_are_escaped_inside_well_formed_svg(client, world):
    client.force_login(world["recruiter"])
    hostile = JobFactory(title=HOSTILE)
    ApplicationFactory(job=hostile, overall_score=81)
    run(job=hostile, cost="0.40")
    html = client.get(reverse("dashboard")).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    svgs = SVG.findall(html)
    # The overall funnel, one per job (3), scores, time in stage, AI cost.
    assert len(svgs) == 7
    for svg in svgs:
        root = ET.fromstring(svg)  # noqa: S314 - our own output; raises unless well-formed
        assert root.get("role") == "img"
        title_id, desc_id = root.get("aria-labelledby").split()
        ids = {element.get("id") for element in root.iter()}
        assert {title_id, desc_id} <= ids
        assert root.get("viewBox", "").startswith("0 0 ")  # scales to its container
    escaped = [svg for svg in svgs if "&lt;script&gt;alert(1)&lt;/script&gt;" in svg]
    assert len(escaped) == 2  # the job's own funnel and the AI cost chart
    titles = [ET.fromstring(svg).findtext(f"{{{SVG_NS}}}title") for svg in svgs]  # noqa: S314
    assert f"Funnel for {HOSTILE}" in titles


def _grow(job, count, *, start):
    """``count`` applications with scores, a stage history for every other one, and an AI
    run each: what the dashboard reads."""
    candidates = Candidate.objects.bulk_create(
        Candidate(name=f"Person {start + i}", email=f"p{start + i}@example.org")
        for i in range(count)
    )
    applications = Application.objects.bulk_create(
        Application(
            job=job,
            candidate=candidate,
            overall_score=(start + i) % 101,
            stage=Application.Stage.SHORTLISTED if i % 2 else Application.Stage.NEW,
        )
        for i, candidate in enumerate(candidates)
    )
    Event.objects.bulk_create(
        Event(
            kind=Event.Kind.STAGE_CHANGED,
            candidate=application.candidate,
            application=application,
            message="moved",
            data={"from": "New", "to": "shortlisted"},
        )
        for application in applications[1::2]
    )
    AIRun.objects.bulk_create(
        AIRun(
            purpose=AIRun.Purpose.SCREEN,
            provider="local",
            input_hash="x",
            status="succeeded",
            job=job,
            application=application,
            cost_usd=Decimal("0.01"),
        )
        for application in applications
    )


def test_queries_do_not_grow_with_applications(client, world):
    client.force_login(world["manager_a"])
    job = world["job_a"]
    urls = [reverse("dashboard"), reverse("dashboard") + f"?job={job.pk}"]
    _grow(job, 10, start=0)
    small = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        small.append(len(queries.captured_queries))
    _grow(job, 990, start=10)
    large = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        large.append(len(queries.captured_queries))
    assert response.context["data"].total.applied == 1003
    assert large == small

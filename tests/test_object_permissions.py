"""No one reads or changes another job's candidates by changing an id in a URL.

Every route that takes an object id is listed here; each is tried by a hiring manager and
an interviewer of job A against job B's objects (and must not be found), and against their
own objects (reads work; only the manager may change things).
"""

import pytest
from django.urls import URLResolver, get_resolver, reverse

from ai.models import Screening
from recruiting.models import ImportBatch
from tests.recruiting.test_views import world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

# route name -> (method, which object id it takes)
ROUTES = {
    "job_detail": ("get", "job"),
    "job_upload": ("post", "job"),
    "job_import_csv": ("post", "job"),
    "batch_detail": ("get", "job+batch"),
    "job_bulk_action": ("post", "job"),
    "application_detail": ("get", "application"),
    "application_stage": ("post", "application"),
    "application_note": ("post", "application"),
    "resume_file": ("get", "resume"),
    "resume_add_anyway": ("post", "resume"),
    "requirements_save": ("post", "job"),
    "requirements_approve": ("post", "job"),
    "questions_generate": ("post", "job"),
    "questions_approve": ("post", "job"),
    "question_edit": ("post", "job"),
    "application_override": ("post", "application"),
    "screening_feedback": ("post", "screening"),
}
READS = {"job_detail", "batch_detail", "application_detail", "resume_file"}
# Interviewers read and give feedback; notes and feedback are theirs to leave.
INTERVIEWER_MAY = READS | {"application_note", "screening_feedback"}


def _product_routes(resolver, prefix=""):
    """Named routes of the product's own URLconfs (not the admin's or allauth's)."""
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            module = getattr(pattern.urlconf_module, "__name__", "")
            if module.split(".")[0] in {"recruiting", "ai", "voice", "interviews"}:
                yield from _product_routes(pattern, prefix + str(pattern.pattern))
        elif pattern.name:
            yield pattern.name, prefix + str(pattern.pattern)


def test_every_route_with_an_object_id_is_covered():
    routes = dict(_product_routes(get_resolver()))
    assert "application_detail" in routes  # the walk reaches the product's URLconfs
    with_ids = {name for name, route in routes.items() if "<int:" in route}
    assert with_ids == set(ROUTES)


def _objects(world, side):  # noqa: F811
    app = world[f"app_{side}"]
    batch = ImportBatch.objects.create(job=app.job, source=ImportBatch.Source.API)
    screening = Screening.objects.create(application=app, status="done", score=50)
    return {
        "job": app.job.pk,
        "application": app.pk,
        "resume": world[f"resume_{side}"].pk,
        "screening": screening.pk,
        "batch": batch.pk,
    }


def _url(name, ids):
    kind = ROUTES[name][1]
    if kind == "job+batch":
        return reverse(name, args=[ids["job"], ids["batch"]])
    return reverse(name, args=[ids[kind]])


@pytest.mark.parametrize("who", ["manager_a", "interviewer_a"])
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_another_jobs_objects_are_not_found(client, world, who, name):  # noqa: F811
    client.force_login(world[who])
    ids = _objects(world, "b")
    method = ROUTES[name][0]
    response = getattr(client, method)(_url(name, ids))
    assert response.status_code == 404, f"{who} reached {name} of another job"


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_an_interviewer_may_only_read_and_give_feedback_on_their_job(client, world, name):  # noqa: F811
    client.force_login(world["interviewer_a"])
    ids = _objects(world, "a")
    method = ROUTES[name][0]
    response = getattr(client, method)(_url(name, ids))
    if name in INTERVIEWER_MAY:
        assert response.status_code in (200, 302), name
    else:
        assert response.status_code == 404, f"interviewer could use {name}"

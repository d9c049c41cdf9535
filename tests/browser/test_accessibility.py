"""The HR pages against WCAG 2.1 AA (axe-core): labels, contrast, names, structure; and
usable with the keyboard alone."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from ai.models import Screening
from recruiting import roles
from recruiting.models import Application, Candidate, Job, Resume
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DEMO = Path(__file__).resolve().parents[2] / "recruiting" / "demo"


@pytest.fixture
def signed_in_page(browser, live_server):
    user = UserFactory(username="axe", email="axe@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.RECRUITER))
    job = Job.objects.create(title="Backend Engineer", description="Python, Django, AWS.")
    candidate = Candidate.objects.create(name="Ada Lovelace", email="ada@example.com")
    pdf = (DEMO / "resumes" / "01-maya-okafor.pdf").read_bytes()
    resume = Resume.objects.create(
        candidate=candidate,
        original_name="ada.pdf",
        sha256="x" * 64,
        file=ContentFile(pdf, name="ada.pdf"),
        is_current=True,
        content_type="application/pdf",
        status="parsed",
        text="Ada Lovelace\nBuilt Django services on AWS.",
    )
    application = Application.objects.create(
        candidate=candidate,
        job=job,
        resume=resume,
        stage="screened",
        overall_score=82,
        rank=1,
        recommendation="advance",
    )
    Screening.objects.create(
        application=application,
        status="done",
        score=82,
        recommendation="advance",
        summary="Strong.",
        criteria=[
            {
                "requirement": "Django",
                "score": 90,
                "must_have": True,
                "evidence": ["Built Django services on AWS."],
            }
        ],
    )
    # The audit script is injected, which our content security policy rightly refuses.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    context.add_cookies([_session_cookie(live_server, user)])
    page = context.new_page()
    return page, job, application


def _session_cookie(live_server, user):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


@pytest.mark.parametrize(
    "path", ["/jobs/", "/jobs/{job}/", "/applications/{application}/", "/dashboard/", "/jobs/new/"]
)
def test_pages_have_no_serious_accessibility_violations(
    signed_in_page, live_server, accessibility, path
):
    page, job, application = signed_in_page
    page.goto(live_server.url + path.format(job=job.pk, application=application.pk))
    assert accessibility(page) == []


def test_the_sign_in_page_is_accessible(browser, live_server, accessibility):
    page = browser.new_context(bypass_csp=True).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    assert accessibility(page) == []


def test_the_job_page_works_with_the_keyboard(signed_in_page, live_server):
    page, job, application = signed_in_page
    page.goto(f"{live_server.url}/jobs/{job.pk}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    # Tab through the page until the candidate's link has focus, then open it with Enter.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Ada Lovelace":
            break
    else:
        pytest.fail("the candidate link cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/applications/{application.pk}/")


def test_the_audit_itself_catches_violations(browser, accessibility):
    """Guards against an audit that silently checks nothing."""
    page = browser.new_page()
    page.set_content(
        '<html lang="en"><title>x</title><body><main><input type="text">'
        '<p style="color:#ccc;background:#fff">faint</p></main></body></html>'
    )
    found = accessibility(page)
    assert any(v.startswith("label (critical)") for v in found)
    assert any(v.startswith("color-contrast (serious)") for v in found)

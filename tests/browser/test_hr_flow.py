"""A recruiter's day, in a real browser: sign in with a TOTP code, post a job, upload real
resumes, watch them get processed, read the ranked list and a candidate, decide."""

import time
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth.models import Group

from recruiting import roles
from recruiting.models import Application, Job
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO = Path(__file__).resolve().parents[2] / "recruiting" / "demo"
PASSWORD = "a-long-recruiter-passphrase"
FIVE_RESUMES = [
    "01-maya-okafor.pdf",
    "03-sofia-hernandez-ruiz.docx",
    "06-tomas-alvarez.pdf",
    "11-priya-raman.pdf",
    "12-olumide-balogun.docx",
]


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def recruiter_with_totp():
    user = UserFactory(
        username="rita",
        email="rita@example.com",
        first_name="Rita",
        password=PASSWORD,
        is_staff=True,
    )
    user.groups.add(Group.objects.get(name=roles.RECRUITER))
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def sign_in(page, base_url, email, secret):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(current_code(secret))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{base_url}/jobs/")


def test_a_recruiter_posts_a_job_uploads_resumes_and_decides(
    live_server, browser, screenshot, recruiter_with_totp
):
    user, secret = recruiter_with_totp
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, live_server.url, user.email, secret)
    screenshot(page, "01-jobs-empty")

    # Post a job from a pasted description.
    page.get_by_role("link", name="New job").click()
    title, _, description = (DEMO / "job.md").read_text().partition("\n")
    page.get_by_label("Title").fill(title.lstrip("# "))
    page.get_by_label("Location").fill("Remote (US or Canada)")
    page.get_by_label("Description").fill(description.strip())
    page.get_by_role("button", name="Create job").click()
    page.wait_for_url("**/jobs/*/")
    job = Job.objects.get()
    assert "Senior Backend Engineer" in page.locator("h1").inner_text()

    # Review and approve the requirements drafted from the description.
    requirements = page.locator("#requirements")
    assert "Needs review" in requirements.inner_text()
    assert "Python" in requirements.inner_text()
    page.get_by_role("button", name="Approve requirements").click()
    page.wait_for_selector("text=Requirements approved.")
    assert "Approved" in page.locator("#requirements h2").inner_text()
    job.refresh_from_db()
    assert job.requirements_approved_by == user

    # Upload five real resumes and watch the progress bar finish.
    page.locator("#id_files").set_input_files([str(DEMO / "resumes" / n) for n in FIVE_RESUMES])
    page.get_by_role("button", name="Upload").click()
    page.wait_for_selector("section.batch[data-finished=true]", timeout=60_000)
    assert page.locator("section.batch [data-count=extracted]").inner_text() == "5"
    screenshot(page, "02-upload-finished")

    # The ranked list: the backend engineers above the nurse and the front-end developer.
    page.goto(f"{live_server.url}/jobs/{job.pk}/")
    rows = page.locator("#ranked-list tbody tr")
    assert rows.count() == 5
    names = [rows.nth(i).locator("td").nth(2).inner_text().split("\n")[0] for i in range(5)]
    assert names.index("Maya Okafor") < names.index("Olumide Balogun")
    assert names.index("Sofía Hernández-Ruiz") < names.index("Priya Raman")
    screenshot(page, "03-ranked-list")

    # Open a candidate: scores with quoted evidence, highlighted in the resume text.
    page.get_by_role("link", name="Maya Okafor").click()
    page.wait_for_url("**/applications/*/")
    assert "maya.okafor@example.com" in page.content()
    marks = page.locator(".resume-text mark")
    assert marks.count() > 0
    first_quote = page.locator(".criteria blockquote").first.inner_text()
    assert first_quote in page.locator(".resume-text").inner_text()
    screenshot(page, "04-candidate")

    # Override the rank, with a reason.
    page.get_by_text("Override the AI's rank or recommendation").click()
    page.get_by_label("Rank").fill("1")
    page.get_by_label("Why", exact=True).fill("Has led the exact HIPAA audit work we need")
    page.get_by_role("button", name="Save override").click()
    page.wait_for_selector("text=Override saved")
    assert "HIPAA audit" in page.locator("#timeline").inner_text()

    # Shortlist from the candidate page.
    page.get_by_label("Stage").select_option("shortlisted")
    page.get_by_role("button", name="Move").click()
    page.wait_for_selector("text=Moved to Shortlisted")
    application = Application.objects.get(candidate__email="maya.okafor@example.com")
    assert application.stage == Application.Stage.SHORTLISTED

    # The same pages on a phone.
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.context.add_cookies(page.context.cookies())
    phone.goto(f"{live_server.url}/jobs/{job.pk}/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    # Approved requirements: the candidates come before the folded panels, and each row
    # shows its name and score inside the screen.
    candidates_top = phone.locator("#candidates").bounding_box()["y"]
    assert candidates_top < phone.locator("#requirements").bounding_box()["y"]
    first = phone.locator("#ranked-list tbody tr").first
    for cell in ("td.name a", "td.score"):
        box = first.locator(cell).first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, cell
    screenshot(phone, "05-phone-job")
    phone.goto(f"{live_server.url}/applications/{application.pk}/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    screenshot(phone, "06-phone-candidate")

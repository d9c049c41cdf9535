"""A recruiter opens hostile uploads in a real browser, and nothing in them runs.

Each file loads the site's own htmx, reads the CSRF cookie and posts a note onto an
application (see tests/hostile_files.py). Opened plainly, with ``?inline=1`` and in the
candidate page's frame, no POST may leave the browser, no note may appear and the page
may not be renamed. A real PDF still shows in the candidate page's frame under the same
sandboxing policy.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from recruiting import extraction, roles
from recruiting.models import Event
from tests import hostile_files
from tests.factories import ApplicationFactory, ResumeFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-recruiter-passphrase"
# Chromium's built-in PDF viewer is an extension; its frame shows that a PDF rendered.
PDF_VIEWER = "chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/"


@pytest.fixture
def recruiter():
    user = UserFactory(username="rita", email="rita@example.com", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=roles.RECRUITER))
    return user


def _resume(candidate, name: str, content: bytes):
    return ResumeFactory(
        candidate=candidate,
        original_name=name,
        content=content,
        content_type=extraction.detect_content_type(content, name),
    )


def _sign_in(page, base_url, user):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/jobs/")


def _open(page, url: str) -> None:
    """Navigate to ``url``; a download ends the navigation, which is not an error here."""
    try:
        page.goto(url)
    except PlaywrightError as exc:
        if "Download is starting" in str(exc) or "ERR_ABORTED" in str(exc):
            return
        raise
    # Shown, not downloaded: give anything the file might run the time to run and post.
    page.wait_for_timeout(500)


def test_hostile_uploads_do_nothing_when_a_recruiter_opens_them(
    live_server, browser, screenshot, recruiter
):
    application = ApplicationFactory(candidate__name="Target Candidate")
    note_url = reverse("application_note", args=[application.pk])
    resumes = {
        name: _resume(application.candidate, name, content)
        for name, content in hostile_files.variants(note_url).items()
    }
    # The candidate page frames a resume it believes is a PDF: give it the polyglot.
    application.resume = resumes["portfolio.pdf"]
    application.save(update_fields=["resume"])

    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    _sign_in(page, live_server.url, recruiter)
    posts, scripts, downloads = [], [], []

    def record(request):
        if request.method == "POST":
            posts.append(request.url)
        if request.resource_type == "script" and request.url.startswith(live_server.url):
            scripts.append((request.url, request.frame == page.main_frame))

    context.on("request", record)
    page.on("download", lambda d: downloads.append(d.suggested_filename))

    for name, resume in resumes.items():
        for query in ("", "?inline=1"):
            url = live_server.url + reverse("resume_file", args=[resume.pk]) + query
            _open(page, url)
            assert page.title() != hostile_files.SCRIPT_RAN_TITLE, (name, query)
            if name != "portfolio.pdf":
                assert downloads[-1:] == [name], (name, query)
    assert posts == []
    assert scripts == []  # not even the htmx the files ask for

    # In the candidate page's frame the page's own htmx loads; the framed file must not.
    page.goto(live_server.url + reverse("application_detail", args=[application.pk]))
    page.wait_for_timeout(600)
    screenshot(page, "hostile-polyglot-in-candidate-frame")
    assert scripts, "the candidate page loads its own scripts"
    assert [url for url, from_main_frame in scripts if not from_main_frame] == []
    assert hostile_files.SCRIPT_RAN_TITLE not in [frame.title() for frame in page.frames]
    assert posts == []
    assert not Event.objects.filter(message__contains=hostile_files.PLANTED_NOTE).exists()
    context.close()


def test_a_real_pdf_still_shows_in_the_candidate_page_frame(
    live_server, browser, screenshot, recruiter
):
    application = ApplicationFactory(candidate__name="Maya Okafor")
    application.resume = _resume(
        application.candidate, "maya.pdf", hostile_files.REAL_PDF.read_bytes()
    )
    application.save(update_fields=["resume"])
    page = browser.new_page(viewport={"width": 1280, "height": 1200})
    _sign_in(page, live_server.url, recruiter)
    file_responses = []
    page.on("response", lambda r: "/file/" in r.url and file_responses.append(r))
    page.goto(live_server.url + reverse("application_detail", args=[application.pk]))
    # The viewer names its document after the PDF's title once it has parsed the file.
    viewer_titles = []
    for _ in range(50):  # up to 10 s
        viewer_titles = [
            frame.evaluate("document.title")
            for frame in page.frames
            if frame.url.startswith(PDF_VIEWER)
        ]
        if any("Maya Okafor" in title for title in viewer_titles):
            break
        page.wait_for_timeout(200)
    screenshot(page, "real-pdf-in-candidate-frame")
    assert any("Maya Okafor" in title for title in viewer_titles), [f.url for f in page.frames]
    headers = file_responses[0].all_headers()
    assert headers["content-security-policy"].startswith("sandbox; default-src 'none'")
    assert headers["x-content-type-options"] == "nosniff"
    page.close()

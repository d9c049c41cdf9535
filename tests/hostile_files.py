"""Uploads that try to run in our origin when a recruiter opens them.

Each loads the site's own htmx, reads the CSRF cookie and posts a note onto an
application from the back office, and renames the page so a test can tell that script
ran. ``note_url`` is the HR page's note endpoint for the application under attack.
"""

from pathlib import Path

HTMX = "/static/vendor/htmx/htmx-2.0.11.min.js"
PLANTED_NOTE = "planted by an uploaded file"
SCRIPT_RAN_TITLE = "script ran"
REAL_PDF = (
    Path(__file__).resolve().parents[1] / "recruiting" / "demo" / "resumes" / "01-maya-okafor.pdf"
)


def _attack(note_url: str) -> str:
    return f"""
<script src="{HTMX}"></script>
<script>
  document.title = "{SCRIPT_RAN_TITLE}";
  var token = (document.cookie.match(/csrftoken=([^;]+)/) || [])[1] || "";
  document.documentElement.setAttribute("hx-headers", JSON.stringify({{"X-CSRFToken": token}}));
  fetch("{note_url}", {{method: "POST", headers: {{"X-CSRFToken": token,
    "Content-Type": "application/x-www-form-urlencoded"}}, body: "text={PLANTED_NOTE}"}});
</script>
<form hx-post="{note_url}" hx-trigger="load">
  <input type="hidden" name="text" value="{PLANTED_NOTE}">
</form>
<p>Senior Python developer, 10 years. Work experience. Education. Skills: Python, Django.</p>
"""


def html_page(note_url: str, *, name: str = "") -> bytes:
    return (
        f"<!doctype html><html><head><title>Resume</title><!-- {name} --></head><body>"
        + _attack(note_url)
        + "</body></html>"
    ).encode()


def xhtml_page(note_url: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Resume</title></head><body>'
        + _attack(note_url).replace("<input", "<input /").replace('">\n</form>', '" />\n</form>')
        + "</body></html>"
    ).encode()


def svg_image(note_url: str) -> bytes:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" onload="document.title=\'script ran\'">'
        f'<script href="{HTMX}"/>'
        f"<script>fetch('{note_url}', {{method: 'POST'}})</script>"
        "<text>Senior Python developer</text></svg>"
    ).encode()


def pdf_polyglot(note_url: str) -> bytes:
    """HTML with a PDF header inside its first kilobyte: PDF readers accept junk before
    ``%PDF-``, so intake sniffs it as a PDF, yet a browser would render it as a page."""
    return (
        "<!doctype html><html><head><title>Resume</title><!-- %PDF-1.4 --></head><body>"
        + _attack(note_url)
        + "</body></html>"
    ).encode()


def variants(note_url: str) -> dict[str, bytes]:
    """Uploaded name -> bytes."""
    return {
        "resume.html": html_page(note_url, name="resume.html"),
        "resume.pdf": html_page(note_url, name="resume.pdf"),  # a PDF by name, HTML by content
        "resume.xhtml": xhtml_page(note_url),
        "resume.svg": svg_image(note_url),
        "portfolio.pdf": pdf_polyglot(note_url),
    }

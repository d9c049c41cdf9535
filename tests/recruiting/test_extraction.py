"""Tests for recruiting.extraction (pure Python: runs with or without pytest-django).

Data: the development sets beside the repo (shared/data). Expectations for the hostile PDFs
come from pdfs/hostile/MANIFEST.md; the layout expectations were written by reading the files.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest

from recruiting.extraction import (
    ExtractedText,
    ExtractionError,
    detect_content_type,
    extract_text,
    normalise_text,
    tesseract_available,
)

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
HOSTILE = DATA / "pdfs" / "hostile"
LAYOUTS = DATA / "pdfs" / "layouts"
LIVECAREER = DATA / "livecareer"

needs_data = pytest.mark.skipif(not HOSTILE.is_dir(), reason=f"shared data set missing at {DATA}")
needs_tesseract = pytest.mark.skipif(
    not tesseract_available(), reason="tesseract binary not installed"
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def _media_root():
    """Override the project's autouse fixture (it needs pytest-django's `settings`): these
    tests touch no storage and must also run with `-p no:django`."""
    yield


def flat(text: str) -> str:
    """Text with all whitespace runs collapsed to one space (for sentence checks)."""
    return " ".join(text.split())


def extract_file(path: Path, **kwargs) -> ExtractedText:
    return extract_text(path.read_bytes(), filename=path.name, **kwargs)


def error_of(path_or_bytes, filename: str = "", **kwargs) -> ExtractionError:
    if isinstance(path_or_bytes, Path):
        data, filename = path_or_bytes.read_bytes(), path_or_bytes.name
    else:
        data = path_or_bytes
    with pytest.raises(ExtractionError) as info:
        extract_text(data, filename=filename, **kwargs)
    return info.value


PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
GLUED = re.compile(r"[^\W\d_]{26,}")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def assert_clean(text: str) -> None:
    assert not PRIVATE_USE.search(text), "private-use (icon font) glyphs left in the text"
    assert "(cid:" not in text
    assert "\x00" not in text
    assert not any(unicodedata.category(ch) == "Cc" and ch != "\n" for ch in text)
    assert all(line == line.strip() for line in text.split("\n")), "spaces at a line end"
    assert "\n\n\n" not in text
    assert not GLUED.findall(text), f"glued words: {GLUED.findall(text)[:5]}"


# --------------------------------------------------------------------------------------------
# Hostile PDFs (MANIFEST.md): one clear result per file
# --------------------------------------------------------------------------------------------

HOSTILE_TEXT = {
    "encrypted-owner-password-only.pdf": ["Morgan Sample", "Payroll Specialist", "payroll"],
    "rtl-arabic.pdf": ["حَبيبي", "habibi"],
    "rotated-pages-arabic.pdf": ["حَبيبي", "habibi"],
    "tounicode-cmap-oneline.pdf": ["حَبيبي", "habibi"],
    "two-column.pdf": ["This is a sample document with two columns filled with Lorem Ipsum text."],
    "pdftex-tight-word-spacing.pdf": ["here is some text without a meaning"],
    "acroform-fields.pdf": ["Name"],
    "embedded-attachment.pdf": ["Lorem ipsum"],
    "annotations.pdf": ["Some text.", "Line 1", "Not highlighted"],
}
HOSTILE_ERRORS = {
    "encrypted-user-password.pdf": "encrypted",
    "image-only-grayscale.pdf": "no_text_layer",
    "image-only-ccitt-fax-tiny-page.pdf": "no_text_layer",
    "malformed-trailer-image-only.pdf": "no_text_layer",
    "zero-pages.pdf": "corrupt",
    "truncated-40pct.pdf": "corrupt",
    "truncated-2kb.pdf": "corrupt",
    "empty.pdf": "empty",
    "not-a-pdf.pdf": "no_text_layer",  # sniffed as PNG, goes to OCR, nothing legible in it
}


@needs_data
def test_manifest_covers_every_hostile_file():
    on_disk = {p.name for p in HOSTILE.glob("*.pdf")}
    assert on_disk == set(HOSTILE_TEXT) | set(HOSTILE_ERRORS)


@needs_data
@pytest.mark.parametrize("name", sorted(HOSTILE_TEXT))
def test_hostile_file_gives_text(name):
    result = extract_file(HOSTILE / name)
    assert result.content_type == "application/pdf"
    assert result.page_count >= 1
    for phrase in HOSTILE_TEXT[name]:
        assert phrase in flat(result.text), f"{phrase!r} missing from {name}"
    assert_clean(result.text)


@needs_data
@pytest.mark.parametrize("name", sorted(HOSTILE_ERRORS))
@pytest.mark.parametrize("ocr", [True, False])
def test_hostile_file_gives_named_error(name, ocr):
    err = error_of(HOSTILE / name, ocr=ocr)
    assert err.code == HOSTILE_ERRORS[name]
    assert err.reason and err.reason == str(err)


@needs_data
def test_hostile_batch_one_result_per_file_and_distinct_reasons():
    results = {}
    for path in sorted(HOSTILE.glob("*.pdf")):
        try:
            results[path.name] = extract_file(path)
        except ExtractionError as err:
            results[path.name] = err
    assert len(results) == 18
    errors = {n: r for n, r in results.items() if isinstance(r, ExtractionError)}
    by_code = {}
    for err in errors.values():
        by_code.setdefault(err.code, set()).add(err.reason)
    assert set(by_code) == {"encrypted", "no_text_layer", "corrupt", "empty"}
    # Different kinds of failure read differently to a recruiter.
    reasons = {code: next(iter(r)) for code, r in by_code.items()}
    assert len(set(reasons.values())) == len(reasons)
    assert "password" in reasons["encrypted"].lower()
    assert errors["zero-pages.pdf"].reason == "The PDF has no pages."
    assert "truncated" in errors["truncated-2kb.pdf"].reason
    assert "not a PDF" in errors["not-a-pdf.pdf"].reason


@needs_data
def test_owner_password_only_is_not_reported_as_encrypted():
    result = extract_file(HOSTILE / "encrypted-owner-password-only.pdf")
    assert result.text.startswith("Morgan Sample")
    assert len(result.text) > 500


@needs_data
def test_rotated_pages_are_turned_upright():
    result = extract_file(HOSTILE / "rotated-pages-arabic.pdf")
    assert result.page_count == 4
    pages = result.text.split("\n\n")
    assert len(pages) == 4
    assert all("habibi" in p and "حَبيبي" in p for p in pages)
    assert "ibibah" not in result.text and "ibiba" not in result.text


@needs_data
def test_odd_tounicode_cmap_gives_the_same_text():
    assert (
        extract_file(HOSTILE / "tounicode-cmap-oneline.pdf").text
        == extract_file(HOSTILE / "rtl-arabic.pdf").text
    )


@needs_data
def test_annotation_comments_are_not_page_text():
    text = extract_file(HOSTILE / "annotations.pdf").text
    for comment in ("This is a text annotation.", "Highlight comment", "Hello world!"):
        assert comment not in text


@needs_data
def test_scanned_pdf_without_ocr_says_so():
    err = error_of(HOSTILE / "image-only-grayscale.pdf", ocr=False)
    assert err.code == "no_text_layer"
    assert err.reason.startswith("Scanned document, no text layer")


# --------------------------------------------------------------------------------------------
# Layouts: reading order, no glued words, no icon glyphs
# --------------------------------------------------------------------------------------------


@needs_data
@pytest.mark.parametrize("path", sorted(LAYOUTS.glob("*.pdf")), ids=lambda p: p.stem)
def test_layout_file_is_clean(path):
    result = extract_file(path)
    assert_clean(result.text)
    assert len(result.text) > 900
    assert EMAIL.search(result.text) or "moderncv_zh" in path.name, "no e-mail address found"


def lines_of(text: str) -> list[str]:
    return [line for line in text.split("\n") if line]


def assert_consecutive(text: str, expected: list[str]) -> None:
    """`expected` appear as consecutive non-empty lines."""
    lines = lines_of(text)
    start = lines.index(expected[0])
    assert lines[start : start + len(expected)] == expected


@needs_data
def test_two_column_sidebar_does_not_split_main_column():
    text = extract_file(LAYOUTS / "resume-matcher_two-column.pdf").text
    f = flat(text)
    # Sentences of the main column come out whole, with no sidebar words inside.
    assert (
        "Senior Software Engineer with 5+ years of proven expertise designing and building "
        "scalable backend "
        "systems, distributed architectures, and cloud- native infrastructure." in f
    )
    assert (
        "reducing fraudulent charges by 18% through optimized distributed system architecture" in f
    )
    # The first job title comes before its bullets, the bullets before the next job.
    i_exp = text.index("EXPERIENCE")
    i_title = text.index("Senior Software Engineer | Jan 2023 - Present")
    i_bullet = text.index("• Designed and implemented real-time fraud detection")
    i_next = text.index("Software Engineer | Jun 2021 - Dec 2022")
    assert i_exp < i_title < i_bullet < i_next
    # The sidebar is read as a whole, after the main column.
    assert_consecutive(
        text, ["EDUCATION", "UC Berkeley | 2019", "Bachelor of Science, Computer Science"]
    )
    skills = lines_of(text[text.index("SKILLS") :])
    assert skills[1] == "Go Python Node.js TypeScript"
    assert skills[1 : skills.index("LINKS")][-1] == "Observability Datadog PagerDuty"
    assert text.index("driven development") < text.index("SKILLS")


@needs_data
def test_modern_two_column_keeps_sidebar_together():
    text = extract_file(LAYOUTS / "resume-matcher_modern-two-column.pdf").text
    assert "building systems that scale." in flat(text)
    block = lines_of(text[text.index("SKILLS") :])
    assert block[1].startswith("Go Python")
    assert "LINKS" in block
    assert text.index("optimization capabilities") < text.index("SKILLS")


@needs_data
def test_sidebar_contact_column_stays_together():
    text = extract_file(LAYOUTS / "moderncv_oldstyle-grey.pdf").text
    assert_consecutive(text, ["street and number", "postcode city", "country"])
    assert_consecutive(text, ["E john@doe.org", "W www.johndoe.com"])
    assert text.index("gh jdoe") < text.index("Education")
    # The body reads entry by entry.
    assert_consecutive(
        text,
        ["Job title, Employer, City. | year–year", "General description no longer than 1–2 lines."],
    )


@needs_data
def test_altacv_sidebar_does_not_interrupt_jobs():
    text = extract_file(LAYOUTS / "altacv_sample.pdf").text
    assert_consecutive(text, ["Job Title 1", "Company 1"])
    assert lines_of(text)[lines_of(text).index("Company 1") + 1].startswith("Month 20XX – Ongoing")
    job = text[text.index("Job Title 1") : text.index("Job Title 2")]
    assert "• Job description 1\n• Job description 2" in job
    for sidebar in ("MOST PROUD OF", "STRENGTHS", "PHILOSOPHY", "LANGUAGES"):
        assert sidebar not in job
    assert_consecutive(text, ["Fantastic Achievement", "and some details about it"])
    assert_consecutive(
        text, ["Ph.D. in Your Discipline", "Your University", "Sept 2002 – June 2006"]
    )
    assert "Åddrésş" in text  # accented characters survive


@needs_data
def test_left_date_column_is_read_with_its_entry():
    # A date column is an annotation of each entry's first line, not a column of its own.
    text = extract_file(LAYOUTS / "moderncv_classic-green.pdf").text
    assert "year–year Degree, Institution, City, Grade." in lines_of(text)
    assert "year–year Job title, Employer, City." in lines_of(text)
    # Name in large type beside the contact block: the name first, then the block.
    assert_consecutive(text, ["John Doe", "Resumé title"])
    assert_consecutive(text, ["street and number", "postcode city", "country"])

    text = extract_file(LAYOUTS / "rendercv_moderncv.pdf").text
    assert any(
        line.startswith("Sept 2018 – May 2023") and "Princeton University" in line
        for line in lines_of(text)
    )


@needs_data
def test_right_aligned_dates_stay_on_their_entry_line():
    text = extract_file(LAYOUTS / "rendercv_sb2nov.pdf").text
    assert_consecutive(
        text,
        [
            "Princeton University | Princeton, NJ",
            "PhD in Computer Science | Sept 2018 – May 2023",
            "◦ Thesis: Efficient Neural Architecture Search for Resource-Constrained Deployment",
        ],
    )
    text = extract_file(LAYOUTS / "resume-matcher_single-column.pdf").text
    assert_consecutive(
        text, ["Senior Software Engineer | Jan 2023 - Present", "Stripe | San Francisco, CA"]
    )


@needs_data
def test_tight_pdftex_spacing_does_not_glue_words():
    result = extract_file(HOSTILE / "pdftex-tight-word-spacing.pdf")
    assert "here is some text without a meaning" in result.text
    assert not GLUED.findall(result.text)
    text = extract_file(LAYOUTS / "resume-matcher_bruce-wayne-fullstack.pdf").text
    assert (
        "Highly skilled MERN Stack Developer" in text
    )  # the "ll" pair is not mistaken for fake bold


@needs_data
def test_icon_fonts_leave_no_glyphs():
    for name in (
        "rendercv_classic.pdf",
        "moderncv_banking-red.pdf",
        "altacv_sample.pdf",
        "resume-matcher_bruce-wayne-fullstack.pdf",
    ):
        text = extract_file(LAYOUTS / name).text
        assert not PRIVATE_USE.search(text)
        assert "(cid:" not in text


@needs_data
def test_chinese_template_gives_cjk_text():
    text = extract_file(LAYOUTS / "moderncv_zh-chinese.pdf").text
    assert "教育背景" in text
    assert "工作背景" in text


# --------------------------------------------------------------------------------------------
# LiveCareer: real resumes
# --------------------------------------------------------------------------------------------

LIVECAREER_PHRASES = {
    "ACCOUNTANT/10554236.pdf": [
        "Financial Accountant specializing in financial planning, reporting and analysis"
    ],
    "ENGINEERING/10712803.pdf": [
        "A results driven Controls Engineer and Project Manager with over 20 years of experience",
        "Proficient in process engineering and applying process needs to available technology "
        "to improve "
        "production availability and uptime.",
    ],
    "ENGINEERING/11981094.pdf": ["Experienced software engineer, and hands-on engineering manager"],
}


@needs_data
@pytest.mark.parametrize("rel", sorted(LIVECAREER_PHRASES))
def test_livecareer_phrases(rel):
    result = extract_file(LIVECAREER / rel)
    assert result.method == "pypdfium2"
    for phrase in LIVECAREER_PHRASES[rel]:
        assert phrase in flat(result.text)


@needs_data
def test_livecareer_sample_all_extract_cleanly():
    files = sorted(LIVECAREER.glob("*/*.pdf"))[::4]
    assert len(files) >= 15
    for path in files:
        result = extract_file(path)
        assert len(result.text) >= 1000, path
        assert_clean(result.text)


# --------------------------------------------------------------------------------------------
# OCR
# --------------------------------------------------------------------------------------------


def _text_image(lines: list[str]):
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1700, 160 + 110 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=64)
    for i, line in enumerate(lines):
        draw.text((80, 80 + 110 * i), line, fill=0, font=font)
    return image


SCAN_LINES = ["Jane Candidate", "Senior Accountant", "Reconciliations and audits"]


@needs_tesseract
def test_ocr_of_png_named_pdf():
    buf = io.BytesIO()
    _text_image(SCAN_LINES).save(buf, "PNG")
    result = extract_text(buf.getvalue(), filename="resume.pdf")
    assert result.content_type == "image/png"
    assert result.method == "ocr"
    assert "Senior Accountant" in result.text
    assert any("not a PDF" in w for w in result.warnings)


@needs_tesseract
def test_ocr_of_scanned_pdf_page():
    buf = io.BytesIO()
    _text_image(SCAN_LINES).save(buf, "PDF", resolution=200)
    result = extract_text(buf.getvalue(), filename="scan.pdf")
    assert result.content_type == "application/pdf"
    assert result.method == "ocr"
    assert "Jane Candidate" in result.text
    assert "Reconciliations" in result.text


@needs_tesseract
def test_ocr_of_multipage_tiff():
    frames = [_text_image(["Page one text"]), _text_image(["Page two words"])]
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:])
    result = extract_text(buf.getvalue(), filename="scan.tiff")
    assert result.content_type == "image/tiff"
    assert result.page_count == 2
    assert "Page one" in result.text and "Page two" in result.text


def test_image_without_ocr_is_no_text_layer():
    buf = io.BytesIO()
    _text_image(["Hello"]).save(buf, "JPEG")
    err = error_of(buf.getvalue(), "cv.jpg", ocr=False)
    assert err.code == "no_text_layer"
    assert err.reason.startswith("Scanned document, no text layer")


def test_no_text_layer_when_tesseract_missing(monkeypatch):
    from recruiting.extraction import ocr

    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    buf = io.BytesIO()
    _text_image(["Hello"]).save(buf, "PNG")
    err = error_of(buf.getvalue(), "cv.png")
    assert err.code == "no_text_layer"
    assert (
        err.reason
        == "Scanned document, no text layer: install OCR (tesseract) or upload a text PDF."
    )


def test_damaged_image_is_corrupt():
    buf = io.BytesIO()
    _text_image(["Hello"]).save(buf, "PNG")
    err = error_of(buf.getvalue()[:200], "cv.png")
    assert err.code in ("corrupt", "no_text_layer")


# --------------------------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------------------------


def _docx_bytes(build) -> bytes:
    import docx

    document = docx.Document()
    build(document)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _resume_docx(document) -> None:
    from docx.oxml import parse_xml

    section = document.sections[0]
    section.header.paragraphs[0].text = "Jane Candidate | jane@example.com | 555-0100"
    section.footer.paragraphs[0].text = "References available on request"
    document.add_heading("Experience", level=1)
    document.add_paragraph("Senior Accountant at Example Corp")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Skill"
    table.cell(0, 1).text = "Level"
    table.cell(1, 0).text = "Excel"
    inner = table.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Advanced"
    inner.cell(0, 1).text = "Certified"
    document.add_paragraph("Education after the table")
    # A text box (VML), the way Word stores a floating box.
    p = document.add_paragraph("Anchor paragraph")
    p._p.append(
        parse_xml(
            '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent>'
            "<w:p><w:r><w:t>Text box: Python, SQL</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    # Deleted revision text is not part of the document.
    p._p.append(
        parse_xml(
            '<w:del xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'w:id="1" '
            'w:author="x"><w:r><w:delText>Deleted words</w:delText></w:r></w:del>'
        )
    )


def test_docx_paragraphs_tables_headers_in_document_order():
    result = extract_text(_docx_bytes(_resume_docx), filename="cv.docx")
    assert result.content_type == DOCX
    assert result.method == "python-docx"
    text = result.text
    assert text.startswith("Jane Candidate | jane@example.com | 555-0100")
    assert text.rstrip().endswith("References available on request")
    order = [
        "Experience",
        "Senior Accountant at Example Corp",
        "Skill | Level",
        "Excel",
        "Advanced | Certified",
        "Education after the table",
        "Anchor paragraph",
        "Text box: Python, SQL",
    ]
    positions = [text.index(s) for s in order]
    assert positions == sorted(positions)
    assert text.count("Text box: Python, SQL") == 1
    assert "Deleted words" not in text
    assert_clean(text)


def test_docx_detected_by_content_not_name():
    data = _docx_bytes(_resume_docx)
    assert detect_content_type(data, "resume.pdf") == DOCX
    assert "Senior Accountant" in extract_text(data, filename="resume.pdf").text


def test_corrupt_docx():
    data = _docx_bytes(_resume_docx)
    assert error_of(data[: len(data) // 2], "cv.docx").code == "corrupt"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document><not-closed>")
    err = error_of(buf.getvalue(), "cv.docx")
    assert err.code == "corrupt"
    assert "Word document" in err.reason


def test_empty_docx_is_no_text():
    err = error_of(_docx_bytes(lambda d: None), "cv.docx")
    assert err.code == "no_text"


# --------------------------------------------------------------------------------------------
# Plain text, HTML, RTF
# --------------------------------------------------------------------------------------------

SAMPLE = "Zoë Müller – Café résumé\nSkills: naïve Bayes, “quotes”\n"


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-16"),  # with BOM
        codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"),
        SAMPLE.encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "cp1252"],
)
def test_text_encodings(data):
    result = extract_text(data, filename="cv.txt")
    assert result.content_type == "text/plain"
    assert result.method == "text"
    assert result.text == SAMPLE.strip()


def test_latin1_fallback_for_bytes_cp1252_cannot_decode():
    data = "Jos\xe9 \x81 Pe\xf1a".encode("latin-1")
    result = extract_text(data, filename="cv.txt")
    assert "José" in result.text and "Peña" in result.text


def test_text_normalisation():
    raw = "  Name\x07 ﬁnance ﬂow\ue0e0 \t\r\nsecond line   \r\n\r\n\r\n\r\nthird\x0cpage\u00a0end  "
    result = extract_text(raw.encode("utf-8"), filename="cv.txt")
    assert result.text == "Name finance flow\nsecond line\n\nthird\npage end"
    assert normalise_text("a(cid:12)b\x00c") == "abc"


def test_markdown_by_extension():
    result = extract_text(b"# Jane\n\n* Python\n", filename="cv.md")
    assert result.content_type == "text/markdown"
    assert "# Jane" in result.text


def test_html_strips_script_style_and_keeps_blocks():
    page = b"""<!DOCTYPE html><html><head><title>T</title><style>p{color:red}</style>
    <script>var secret = "do not index";</script></head><body>
    <h1>Jane &amp; Co</h1><p>Caf&eacute; manager &#8211; 5 years</p><div>Line one<br>Line two</div>
    <ul><li>Python</li><li>SQL</li></ul><table><tr><td>Excel</td><td>Expert</td></tr></table>
    <noscript>enable js</noscript></body></html>"""
    result = extract_text(page, filename="cv.txt")
    assert result.content_type == "text/html"
    assert result.method == "html"
    lines = result.text.split("\n")
    assert "Jane & Co" in lines
    assert "Café manager – 5 years" in lines
    assert "Line one" in lines and "Line two" in lines
    assert "• Python" in lines
    assert "Excel | Expert" in lines
    for bad in ("secret", "color", "enable js", "<", ">"):
        assert bad not in result.text


def test_html_fragment_named_html():
    assert extract_text(b"<b>Jane</b> Doe", filename="cv.html").text == "Jane Doe"


def test_rtf():
    rtf = (
        rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Times New Roman;}}"
        rb"{\colortbl;\red0\green0\blue0;}"
        rb"{\*\generator Riched20;}{\info{\author Someone}}"
        rb"\f0\fs24 Ren\'e9e Dupont\par Senior Engineer \endash  Python\tab SQL\line "
        rb"Unicode: \u8364? 100 and \u-4064?\par {\*\unknown hidden}Visible \{braces\}\par}"
    )
    result = extract_text(rtf, filename="cv.rtf")
    assert result.content_type == "application/rtf"
    assert result.text.split("\n") == [
        "Renée Dupont",
        "Senior Engineer – Python SQL",
        "Unicode: € 100 and",
        "Visible {braces}",
    ]


# --------------------------------------------------------------------------------------------
# Type sniffing and limits
# --------------------------------------------------------------------------------------------

PE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56 + b"This program cannot be run in DOS mode." * 4
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
MACHO = b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + b"\x00" * 200


@pytest.mark.parametrize(
    ("data", "mime", "words"),
    [
        (PE, "application/x-msdownload", "Windows program"),
        (ELF, "application/x-executable", "Linux program"),
        (MACHO, "application/x-mach-binary", "macOS program"),
    ],
)
def test_executables_named_pdf_are_rejected(data, mime, words):
    assert detect_content_type(data, "resume.pdf") == mime
    err = error_of(data, "resume.pdf")
    assert err.code == "unsupported_type"
    assert words in err.reason


def test_png_named_pdf_is_an_image():
    png = (HOSTILE / "not-a-pdf.pdf").read_bytes() if HOSTILE.is_dir() else None
    if png is None:
        buf = io.BytesIO()
        _text_image(["x"]).save(buf, "PNG")
        png = buf.getvalue()
    assert detect_content_type(png, "resume.pdf") == "image/png"


def test_sniffing_table():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("notes.txt", "hello")
    plain_zip = buf.getvalue()
    jpeg = io.BytesIO()
    _text_image(["x"]).save(jpeg, "JPEG")
    tiff = io.BytesIO()
    _text_image(["x"]).save(tiff, "TIFF")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + "WordDocument".encode("utf-16-le")
    cases = {
        "application/pdf": (b"%PDF-1.7\n...", "cv.docx"),
        "application/zip": (plain_zip, "cv.docx"),
        "image/jpeg": (jpeg.getvalue(), "cv.pdf"),
        "image/tiff": (tiff.getvalue(), "cv.pdf"),
        "application/msword": (ole, "cv.pdf"),
        "application/rtf": (b"{\\rtf1\\ansi hello}", "cv.txt"),
        "text/html": (b"<!doctype html><p>x</p>", "cv.txt"),
        "text/plain": (b"Jane Doe\nPython", "cv.html.exe"),
        "application/octet-stream": (bytes(range(256)) * 4, "cv.txt"),
    }
    for mime, (data, name) in cases.items():
        assert detect_content_type(data, name) == mime, mime
    assert detect_content_type(b"<p>Jane</p>", "cv.html") == "text/html"
    assert detect_content_type(b"<p>Jane</p>", "cv.txt") == "text/plain"


def test_zip_that_is_not_docx_is_unsupported():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("resume.pdf", b"%PDF-1.4")
    err = error_of(buf.getvalue(), "resume.docx")
    assert err.code == "unsupported_type"
    assert "zip" in err.reason


def test_legacy_doc_is_unsupported_with_advice():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + "WordDocument".encode("utf-16-le")
    err = error_of(ole, "cv.doc")
    assert err.code == "unsupported_type"
    assert "Save it as PDF or DOCX" in err.reason


def test_unknown_binary_is_unsupported():
    err = error_of(bytes(range(256)) * 8, "cv.bin")
    assert err.code == "unsupported_type"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  "])
def test_empty_files(data):
    err = error_of(data, "cv.pdf")
    assert err.code == "empty"
    assert err.reason == "The file is empty."


def test_too_large():
    err = error_of(b"x" * (2 * 1024 * 1024 + 1), "cv.txt", max_bytes=2 * 1024 * 1024)
    assert err.code == "too_large"
    assert "2 MB" in err.reason


def test_pdf_header_with_garbage_is_corrupt():
    err = error_of(b"%PDF-1.4\n" + bytes(range(256)) * 20, "cv.pdf")
    assert err.code == "corrupt"


def test_extraction_error_rejects_unknown_codes():
    with pytest.raises(ValueError):
        ExtractionError("x", code="nope")


@needs_data
def test_pdfium_fallback_path_reads_text():
    """The fallback used when pdfminer cannot parse a file gives laid-out text too."""
    from recruiting.extraction.pdfium import page_texts as _pdf_text_pdfium

    pages, n_pages, empty = _pdf_text_pdfium(
        (LAYOUTS / "resume-matcher_two-column.pdf").read_bytes(), []
    )
    text = normalise_text("\n\n".join(pages))
    assert n_pages == 1 and not empty
    assert "Senior Software Engineer with 5+ years of proven expertise designing and" in text
    assert text.index("optimization capabilities") < text.index("SKILLS")


def test_pdfium_failure_falls_back_to_pdfminer(monkeypatch):
    from recruiting.extraction import pdfium

    if not LAYOUTS.is_dir():
        pytest.skip("shared data missing")

    def reject(data, warnings, **kwargs):
        raise ExtractionError("pdfium choked", code="corrupt")

    monkeypatch.setattr(pdfium, "page_texts", reject)
    result = extract_file(LAYOUTS / "resume-matcher_john-doe.pdf")
    assert result.method == "pdfplumber"
    assert "JOHN DOE" in result.text
    assert result.warnings


def test_pdfium_crash_on_a_page_falls_back_to_pdfminer(monkeypatch):
    from recruiting.extraction import pdfium

    if not LAYOUTS.is_dir():
        pytest.skip("shared data missing")

    def boom(data, warnings, **kwargs):
        warnings.append("a warning from the failed attempt")
        raise RuntimeError("pdfium crashed")

    monkeypatch.setattr(pdfium, "page_texts", boom)
    result = extract_file(LAYOUTS / "resume-matcher_john-doe.pdf")
    assert result.method == "pdfplumber"
    assert "JOHN DOE" in result.text
    assert "a warning from the failed attempt" not in result.warnings


def test_password_reported_when_only_pdfminer_reads_the_file(monkeypatch):
    from recruiting.extraction import pdfium

    if not HOSTILE.is_dir():
        pytest.skip("shared data missing")

    def reject(data, warnings, **kwargs):
        raise ExtractionError("pdfium choked", code="corrupt")

    monkeypatch.setattr(pdfium, "page_texts", reject)
    assert error_of(HOSTILE / "encrypted-user-password.pdf").code == "encrypted"
    assert error_of(HOSTILE / "truncated-2kb.pdf").code == "corrupt"


# --------------------------------------------------------------------------------------------
# pdfium characters (the primary PDF path) against pdfminer's (the reference)
# --------------------------------------------------------------------------------------------


def _both_readers(path: Path) -> tuple[str, str, list[int]]:
    from recruiting.extraction.pdf import pdfminer_page_texts as _pdf_text_pdfplumber
    from recruiting.extraction.pdfium import page_texts as _pdf_text_pdfium

    data = path.read_bytes()
    untrusted: list[int] = []
    pdfium_pages, _n, _e = _pdf_text_pdfium(data, [], untrusted=untrusted)
    pdfminer_pages, _n, _e = _pdf_text_pdfplumber(data, [])
    return (
        normalise_text("\n\n".join(pdfium_pages)),
        normalise_text("\n\n".join(pdfminer_pages)),
        untrusted,
    )


@needs_data
@pytest.mark.parametrize(
    "path",
    [
        # wkhtmltopdf: every glyph and every space drawn on its own; pdfium drops the spaces
        LIVECAREER / "ACCOUNTANT/10554236.pdf",
        LIVECAREER / "HR/13879043.pdf",
        # pdfTeX: no space glyphs, TJ kerning (pdfium generates spaces there), ligatures
        HOSTILE / "two-column.pdf",
        HOSTILE / "pdftex-tight-word-spacing.pdf",
        # Chrome: Type3 subsets, one holding only capitals (its own descent in pdfium)
        LAYOUTS / "resume-matcher_two-column.pdf",
        # Typst: marked content everywhere, an /ActualText of a lone NUL on some glyphs
        LAYOUTS / "rendercv_sb2nov.pdf",
        LAYOUTS / "rendercv_classic.pdf",
    ],
    ids=lambda p: p.stem,
)
def test_pdfium_characters_give_the_same_text_as_pdfminer(path):
    via_pdfium, via_pdfminer, untrusted = _both_readers(path)
    assert not untrusted
    assert via_pdfium == via_pdfminer


@needs_data
def test_spaces_pdfium_leaves_out_are_recovered():
    """pdfium skips a text object with an empty box, which is what a lone space glyph is;
    its own text of this page glues the words."""
    import pypdfium2 as pdfium

    path = LIVECAREER / "ACCOUNTANT/10554236.pdf"
    doc = pdfium.PdfDocument(path.read_bytes())
    try:
        assert "FinancialAccountantspecializing" in doc[0].get_textpage().get_text_range()
    finally:
        doc.close()
    result = extract_file(path)
    assert result.method == "pypdfium2"
    assert "Financial Accountant specializing in financial planning" in flat(result.text)


@needs_data
def test_ligatures_keep_all_their_letters():
    text = flat(extract_file(HOSTILE / "two-column.pdf").text)
    assert "two columns filled with Lorem Ipsum text." in text  # fi
    assert "Official Language" in text  # ffi: three letters in one box, not a fake-bold pair


@needs_data
def test_capitals_in_their_own_type3_subset_stay_in_their_words():
    text = flat(extract_file(LAYOUTS / "resume-matcher_two-column.pdf").text)
    assert "Mentored 3 junior engineers" in text
    assert "through WebGL batching" in text


@needs_data
@pytest.mark.parametrize(
    "name", ["rtl-arabic.pdf", "tounicode-cmap-oneline.pdf", "rotated-pages-arabic.pdf"]
)
def test_right_to_left_pages_are_read_by_pdfminer(name):
    result = extract_file(HOSTILE / name)
    assert result.method == "pdfplumber"
    assert "حَبيبي" in result.text


@needs_data
def test_actual_text_pages_are_read_by_pdfminer():
    """pdfium puts an /ActualText ("mailto:...", "email: " for an icon) in place of the
    glyphs, spread evenly over their box: those pages are read with pdfminer."""
    result = extract_file(LAYOUTS / "altacv_sample.pdf")
    assert result.method == "pdfplumber"
    assert "your_name@email.com" in result.text
    assert "mailto:" not in result.text


@needs_data
def test_only_untrusted_pages_go_to_pdfminer():
    from recruiting.extraction.pdfium import page_texts as _pdf_text_pdfium

    # Control-code glyphs without a Unicode mapping (math extension brackets) are dropped,
    # as pdfminer's "(cid:N)" is; they do not send the page to pdfminer.
    untrusted: list[int] = []
    _pdf_text_pdfium((LAYOUTS / "moderncv_classic-green.pdf").read_bytes(), [], untrusted=untrusted)
    assert untrusted == []
    # Mixed: a PDF with one Arabic page and one English page.
    import pypdfium2 as pdfium

    mixed = pdfium.PdfDocument.new()
    for name in (HOSTILE / "rtl-arabic.pdf", LAYOUTS / "resume-matcher_john-doe.pdf"):
        source = pdfium.PdfDocument(name.read_bytes())
        mixed.import_pages(source)
        source.close()
    buf = io.BytesIO()
    mixed.save(buf)
    mixed.close()
    result = extract_text(buf.getvalue(), filename="mixed.pdf")
    assert result.method == "pypdfium2+pdfplumber"
    assert "حَبيبي" in result.text and "JOHN DOE" in result.text


@needs_data
def test_untrusted_page_keeps_pdfium_text_when_pdfminer_fails(monkeypatch):
    from recruiting.extraction import pdf

    def boom(data, warnings, **kwargs):
        raise ValueError("pdfminer choked")

    monkeypatch.setattr(pdf, "pdfminer_page_texts", boom)
    result = extract_file(HOSTILE / "rtl-arabic.pdf")
    assert result.method == "pypdfium2"
    assert "abibi" in result.text  # pdfium's best effort: visual order, a misread CMap


@needs_data
def test_concurrent_extraction_in_threads_matches_serial():
    """pdfium is not thread-safe; the module serialises its calls."""
    from concurrent.futures import ThreadPoolExecutor

    paths = [
        LIVECAREER / "ACCOUNTANT/10554236.pdf",
        LAYOUTS / "resume-matcher_two-column.pdf",
        LAYOUTS / "rendercv_classic.pdf",
        HOSTILE / "two-column.pdf",
    ] * 3
    serial = [extract_file(p).text for p in paths]
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(lambda p: extract_file(p).text, paths))
    assert threaded == serial


def _pdf_with_text_objects(pieces: list[tuple[str, float, tuple]]) -> bytes:
    """A one-page PDF with one Helvetica text object per (text, size, matrix)."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    doc = pdfium.PdfDocument.new()
    page = doc.new_page(612, 792)
    for text, size, matrix in pieces:
        obj = pdfium_c.FPDFPageObj_NewTextObj(doc.raw, b"Helvetica", size)
        wide = (text + "\0").encode("utf-16-le")
        buf = ctypes.create_string_buffer(wide, len(wide))
        pdfium_c.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
        pdfium_c.FPDFPageObj_Transform(obj, *matrix)
        pdfium_c.FPDFPage_InsertObject(page.raw, obj)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    doc.save(out)
    doc.close()
    return out.getvalue()


def test_glyphs_drawn_one_by_one_keep_their_spaces():
    """wkhtmltopdf draws every glyph, spaces included, as its own text object, a little
    tighter than the advance. pdfium leaves the space objects (empty boxes) out of its text
    page and glues the words; the extractor puts them back, as pdfminer sees them."""
    import pypdfium2 as pdfium
    from pdfminer.fontmetrics import FONT_METRICS

    from recruiting.extraction.pdf import pdfminer_page_texts as _pdf_text_pdfplumber

    widths = FONT_METRICS["Helvetica"][1]
    line, size, x, pieces = "Senior Accountant with payroll experience", 11.0, 72.0, []
    for ch in line:
        pieces.append((ch, size, (1, 0, 0, 1, x, 700)))
        x += widths[ch] * size / 1000 - (1.5 if ch == " " else 0.3)
    data = _pdf_with_text_objects(pieces)
    doc = pdfium.PdfDocument(data)
    try:
        assert doc[0].get_textpage().get_text_range() == line.replace(" ", "")
    finally:
        doc.close()
    result = extract_text(data, filename="cv.pdf")
    assert result.method == "pypdfium2"
    assert result.text == line
    assert normalise_text(_pdf_text_pdfplumber(data, [])[0][0]) == line


def test_rotated_text_objects_read_upright():
    pieces = [
        ("Jane Candidate", 14.0, (1, 0, 0, 1, 72, 720)),
        ("Sideways margin note", 9.0, (0, 1, -1, 0, 40, 300)),
    ]
    text = extract_text(_pdf_with_text_objects(pieces), filename="cv.pdf").text
    assert "Jane Candidate" in text
    assert "Sideways margin note" in text


# --- Hidden text ------------------------------------------------------------------------


def test_hidden_text_is_found_in_the_characters_pdfminer_read():
    """Pages read by pdfminer (pdfium failed or is not trusted there) are checked alike."""
    from recruiting.extraction.hidden import hidden_passages as _hidden_passages
    from recruiting.extraction.pdf import pdfminer_page_texts as _pdf_text_pdfplumber
    from tests.ai.test_screening_local import HIDDEN_PASSAGES, hidden_passages_pdf

    hidden: dict = {}
    _pdf_text_pdfplumber(hidden_passages_pdf(), [], hidden=hidden)
    assert sorted(_hidden_passages(hidden.values())) == sorted(HIDDEN_PASSAGES)
    assert extract_text(hidden_passages_pdf(hidden=False), filename="cv.pdf").hidden == ()


@needs_data
@pytest.mark.parametrize(
    "path",
    [
        LAYOUTS / "moderncv_classic-green.pdf",
        LAYOUTS / "altacv_sample.pdf",
        *sorted(LIVECAREER.glob("*/*.pdf"))[:3],
    ],
    ids=lambda p: p.name,
)
def test_ordinary_resumes_hide_nothing(path):
    assert extract_text(path.read_bytes(), filename=path.name).hidden == ()

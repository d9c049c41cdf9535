"""Render the demo resumes in ``recruiting/demo/resumes/`` from ``recruiting/demo/people.toml``.

A development tool: the product loads the files it writes (``manage.py load_demo``), never this.
Every person, company and number is fictional and was written for this project. Output is
byte-stable (fixed PDF metadata, fixed DOCX core properties and zip timestamps), so running the
script again does not change files that git already tracks.

    python tests/tools/build_demo_resumes.py          # write the files, manifest.json (make demo)
    python tests/tools/build_demo_resumes.py --check  # write, then extract and verify every file
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import io
import json
import sys
import tomllib
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Inches, Pt, RGBColor
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    FrameBreak,
    HRFlowable,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "recruiting" / "demo"
PEOPLE = DEMO / "people.toml"
OUT_DIR = DEMO / "resumes"
MANIFEST = DEMO / "manifest.json"

# Fixed timestamps so rebuilding does not churn git.
FIXED_DATETIME = dt.datetime(2026, 1, 5, 9, 0, 0)
FIXED_ZIP_TIME = (2026, 1, 5, 9, 0, 0)


@dataclass(frozen=True)
class Role:
    title: str
    company: str
    dates: str
    location: str = ""
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True)
class School:
    degree: str
    institution: str
    years: str
    note: str = ""


@dataclass
class Resume:
    slug: str
    fmt: str  # "pdf" or "docx"
    layout: str  # pdf: "single", "two-column"; docx: "plain", "table-contact", "table-skills"
    fit: str  # "strong", "partial", "none", "special"
    fit_note: str
    name: str
    headline: str
    email: str
    phone: str
    location: str
    links: tuple[str, ...]
    summary: str
    experience: tuple[Role, ...]
    education: tuple[School, ...]
    skills: tuple[tuple[str, str], ...]  # (category, "comma, separated, items"); "" = no label
    extras: tuple[tuple[str, tuple[str, ...]], ...] = ()  # extra sections, e.g. certifications
    headings: dict[str, str] = field(default_factory=dict)
    style: str = "modern"  # pdf single-column look: "modern" or "classic"
    page: str = "letter"  # "letter" or "a4"
    hidden_text: str = ""  # white, tiny text (the prompt-injection demo)

    @property
    def filename(self) -> str:
        return f"{self.slug}.{self.fmt}"

    def heading(self, key: str) -> str:
        defaults = {
            "summary": "Summary",
            "experience": "Experience",
            "education": "Education",
            "skills": "Skills",
        }
        return self.headings.get(key, defaults[key])


# --------------------------------------------------------------------------------------------
# The people, from people.toml
# --------------------------------------------------------------------------------------------

LAYOUTS = {"pdf": {"single", "two-column"}, "docx": {"plain", "table-contact", "table-skills"}}
FITS = {"strong", "partial", "none", "special"}
STYLES = {"modern", "classic"}
PAGES = {"letter", "a4"}
HEADINGS = {"summary", "experience", "education", "skills"}
PERSON_FIELDS = {
    "slug",
    "format",
    "layout",
    "fit",
    "fit_note",
    "name",
    "headline",
    "email",
    "phone",
    "location",
    "links",
    "summary",
    "experience",
    "education",
    "skills",
}
PERSON_OPTIONAL = {"style", "page", "hidden_text", "headings", "extras"}


class PeopleError(ValueError):
    """people.toml does not hold what the builder needs; the message names the place."""


@functools.cache
def load_people(path: Path = PEOPLE) -> tuple[Resume, ...]:
    """The demo's people, read once and checked field by field."""
    with path.open("rb") as f:
        data = tomllib.load(f)
    _check_fields(data, path.name, {"person"})
    people = tuple(_person(entry, i) for i, entry in enumerate(_tables(data, "person", path.name)))
    slugs = [p.slug for p in people]
    repeated = sorted({s for s in slugs if slugs.count(s) > 1})
    if repeated:
        raise PeopleError(f"{path.name}: slugs used twice: {', '.join(repeated)}")
    return people


def _person(entry: dict, index: int) -> Resume:
    where = f"person {entry.get('slug', index + 1)}"
    _check_fields(entry, where, PERSON_FIELDS, PERSON_OPTIONAL)
    fmt = _choice(entry, "format", where, set(LAYOUTS))
    if fmt != "pdf" and ({"style", "page"} & set(entry)):
        raise PeopleError(f"{where}: style and page are for PDFs")
    headings = entry.get("headings", {})
    if not isinstance(headings, dict) or not set(headings) <= HEADINGS:
        raise PeopleError(f"{where}: headings may name only {', '.join(sorted(HEADINGS))}")
    return Resume(
        slug=_text(entry, "slug", where),
        fmt=fmt,
        layout=_choice(entry, "layout", where, LAYOUTS[fmt]),
        fit=_choice(entry, "fit", where, FITS),
        fit_note=_text(entry, "fit_note", where),
        name=_text(entry, "name", where),
        headline=_text(entry, "headline", where),
        email=_text(entry, "email", where),
        phone=_text(entry, "phone", where),
        location=_text(entry, "location", where),
        links=_texts(entry, "links", where),
        summary=_text(entry, "summary", where),
        experience=tuple(
            _role(role, f"{where}, experience {i + 1}")
            for i, role in enumerate(_tables(entry, "experience", where))
        ),
        education=tuple(
            _school(school, f"{where}, education {i + 1}")
            for i, school in enumerate(_tables(entry, "education", where))
        ),
        skills=tuple(
            _skills(group, f"{where}, skills {i + 1}")
            for i, group in enumerate(_tables(entry, "skills", where))
        ),
        extras=tuple(
            _extra(extra, f"{where}, extras {i + 1}")
            for i, extra in enumerate(_tables(entry, "extras", where))
        ),
        headings={key: _text(headings, key, f"{where}, headings") for key in headings},
        style=_choice(entry, "style", where, STYLES, default="modern"),
        page=_choice(entry, "page", where, PAGES, default="letter"),
        hidden_text=_text(entry, "hidden_text", where, default=""),
    )


def _role(table: dict, where: str) -> Role:
    _check_fields(table, where, {"title", "company", "dates", "bullets"}, {"location"})
    return Role(
        title=_text(table, "title", where),
        company=_text(table, "company", where),
        dates=_text(table, "dates", where),
        location=_text(table, "location", where, default=""),
        bullets=_texts(table, "bullets", where),
    )


def _school(table: dict, where: str) -> School:
    _check_fields(table, where, {"degree", "institution", "years"}, {"note"})
    return School(
        degree=_text(table, "degree", where),
        institution=_text(table, "institution", where),
        years=_text(table, "years", where),
        note=_text(table, "note", where, default=""),
    )


def _skills(table: dict, where: str) -> tuple[str, str]:
    """(label, items); a group without a label is written as its items alone."""
    _check_fields(table, where, {"items"}, {"label"})
    return _text(table, "label", where, default=""), _text(table, "items", where)


def _extra(table: dict, where: str) -> tuple[str, tuple[str, ...]]:
    _check_fields(table, where, {"heading", "items"})
    return _text(table, "heading", where), _texts(table, "items", where)


def _check_fields(
    table: dict, where: str, required: set[str], optional: Iterable[str] = ()
) -> None:
    missing = sorted(required - set(table))
    unknown = sorted(set(table) - required - set(optional))
    if missing:
        raise PeopleError(f"{where}: missing {', '.join(missing)}")
    if unknown:
        raise PeopleError(f"{where}: unknown field {', '.join(unknown)}")


def _text(table: dict, key: str, where: str, default: str | None = None) -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise PeopleError(f"{where}: {key} must be text")
    return value


def _texts(table: dict, key: str, where: str) -> tuple[str, ...]:
    value = table[key]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PeopleError(f"{where}: {key} must be a list of texts")
    return tuple(value)


def _choice(
    table: dict, key: str, where: str, choices: set[str], default: str | None = None
) -> str:
    value = _text(table, key, where, default)
    if value not in choices:
        raise PeopleError(f"{where}: {key} {value!r} is not one of {', '.join(sorted(choices))}")
    return value


def _tables(table: dict, key: str, where: str) -> list[dict]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise PeopleError(f"{where}: {key} must be a list of tables ([[{key}]])")
    return value


# --------------------------------------------------------------------------------------------
# PDF rendering (reportlab platypus)
# --------------------------------------------------------------------------------------------

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
ACCENT = colors.HexColor("#1d4e89")
SIDEBAR_BG = colors.HexColor("#eef2f7")


def _pdf_styles(resume: Resume, base_size: float = 10) -> dict[str, ParagraphStyle]:
    serif = resume.style == "classic"
    body_font = "Times-Roman" if serif else "Helvetica"
    bold_font = "Times-Bold" if serif else "Helvetica-Bold"
    italic_font = "Times-Italic" if serif else "Helvetica-Oblique"
    size = base_size + (0.8 if serif else 0)
    centered = serif and resume.layout == "single"
    return {
        "name": ParagraphStyle(
            "name",
            fontName=bold_font,
            fontSize=20,
            leading=24,
            textColor=INK if serif else ACCENT,
            alignment=TA_CENTER if centered else 0,
        ),
        "headline": ParagraphStyle(
            "headline",
            fontName=italic_font if serif else body_font,
            fontSize=size + 1.5,
            leading=size + 5,
            textColor=MUTED,
            alignment=TA_CENTER if centered else 0,
        ),
        "contact": ParagraphStyle(
            "contact",
            fontName=body_font,
            fontSize=size - 0.5,
            leading=size + 3,
            textColor=INK,
            alignment=TA_CENTER if centered else 0,
        ),
        "h": ParagraphStyle(
            "h",
            fontName=bold_font,
            fontSize=size + 1.5,
            leading=size + 5,
            spaceBefore=9,
            spaceAfter=2,
            textColor=INK if serif else ACCENT,
        ),
        "body": ParagraphStyle(
            "body", fontName=body_font, fontSize=size, leading=size * 1.32, textColor=INK
        ),
        "role": ParagraphStyle(
            "role", fontName=body_font, fontSize=size, leading=size * 1.32, textColor=INK
        ),
        "dates": ParagraphStyle(
            "dates",
            fontName=body_font,
            fontSize=size - 0.5,
            leading=size * 1.32,
            textColor=MUTED,
            alignment=TA_RIGHT,
        ),
        "bullet": ParagraphStyle(
            "bullet",
            fontName=body_font,
            fontSize=size,
            leading=size * 1.32,
            leftIndent=12,
            bulletIndent=2,
            bulletFontName="Symbol",
            spaceAfter=1,
            textColor=INK,
        ),
        "side_h": ParagraphStyle(
            "side_h",
            fontName=bold_font,
            fontSize=size,
            leading=size + 4,
            spaceBefore=10,
            spaceAfter=2,
            textColor=ACCENT,
        ),
        "side": ParagraphStyle(
            "side", fontName=body_font, fontSize=size - 1, leading=size + 2.5, textColor=INK
        ),
        "hidden": ParagraphStyle(
            "hidden", fontName=body_font, fontSize=3, leading=4, textColor=colors.white
        ),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _section_heading(resume: Resume, text: str, st: dict[str, ParagraphStyle]) -> list:
    label = text.upper() if resume.style == "classic" else text
    return [
        _p(label, st["h"]),
        HRFlowable(width="100%", thickness=0.6, color=MUTED, spaceBefore=0, spaceAfter=4),
    ]


def _role_flowables(
    role: Role, width: float, st: dict[str, ParagraphStyle], narrow: bool = False
) -> list:
    """Title and company on the left, dates on the right; a narrow column puts the location
    under the dates instead of after the company."""
    where = f", {escape(role.location)}" if role.location and not narrow else ""
    left = Paragraph(f"<b>{escape(role.title)}</b> — {escape(role.company)}{where}", st["role"])
    right_text = escape(role.dates)
    if narrow and role.location:
        right_text += f"<br/>{escape(role.location)}"
    right = Paragraph(right_text, st["dates"])
    head = Table([[left, right]], colWidths=[width * 0.72, width * 0.28])
    head.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    items: list = [head]
    items += [Paragraph(escape(b), st["bullet"], bulletText="•") for b in role.bullets]
    items.append(Spacer(1, 5))
    return [KeepTogether(items[:3]), *items[3:]]


def _education_flowables(resume: Resume, st: dict[str, ParagraphStyle], compact: bool) -> list:
    out = []
    for school in resume.education:
        if compact:
            text = (
                f"<b>{escape(school.degree)}</b><br/>{escape(school.institution)}<br/>"
                f"{escape(school.years)}"
            )
            if school.note:
                text += f"<br/>{escape(school.note)}"
            out.append(Paragraph(text, st["side"]))
            out.append(Spacer(1, 4))
        else:
            text = (
                f"<b>{escape(school.degree)}</b>, {escape(school.institution)} "
                f"— {escape(school.years)}"
            )
            if school.note:
                text += f". {escape(school.note)}"
            out.append(Paragraph(text, st["body"]))
    return out


def _skills_flowables(resume: Resume, style: ParagraphStyle) -> list:
    out = []
    for label, items in resume.skills:
        text = f"<b>{escape(label)}:</b> {escape(items)}" if label else escape(items)
        out.append(Paragraph(text, style))
    return out


def _extras_flowables(resume: Resume, st: dict[str, ParagraphStyle], compact: bool) -> list:
    out = []
    for heading, lines in resume.extras:
        if compact:
            out.append(_p(heading, st["side_h"]))
            out += [_p(line, st["side"]) for line in lines]
        else:
            out += _section_heading(resume, heading, st)
            out += [Paragraph(escape(x), st["bullet"], bulletText="•") for x in lines]
    return out


def _pdf_doc(resume: Resume, buf: io.BytesIO, pagesize) -> BaseDocTemplate:
    return BaseDocTemplate(
        buf,
        pagesize=pagesize,
        title=f"{resume.name} — Resume",
        author=resume.name,
        subject=resume.headline,
        creator="Northwind demo resume builder",
        producer="ReportLab",
        invariant=1,
        leftMargin=0.75 * inch,
        rightMargin=0.75 * inch,
        topMargin=0.7 * inch,
        bottomMargin=0.7 * inch,
    )


def render_pdf_single(resume: Resume) -> bytes:
    buf = io.BytesIO()
    pagesize = A4 if resume.page == "a4" else LETTER
    doc = _pdf_doc(resume, buf, pagesize)
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    st = _pdf_styles(resume)
    width = doc.width

    sep = "  ·  " if resume.style == "classic" else "  |  "
    story: list = [
        _p(resume.name, st["name"]),
        _p(resume.headline, st["headline"]),
        Spacer(1, 3),
        _p(sep.join([resume.location, resume.phone, resume.email]), st["contact"]),
        _p(sep.join(resume.links), st["contact"]),
        Spacer(1, 4),
    ]
    story += _section_heading(resume, resume.heading("summary"), st)
    story.append(_p(resume.summary, st["body"]))
    if resume.hidden_text:
        # White 3 pt text: invisible when printed, present for any text extractor.
        story.append(_p(resume.hidden_text, st["hidden"]))
    story += _section_heading(resume, resume.heading("experience"), st)
    for role in resume.experience:
        story += _role_flowables(role, width, st)
    story += _section_heading(resume, resume.heading("education"), st)
    story += _education_flowables(resume, st, compact=False)
    story += _section_heading(resume, resume.heading("skills"), st)
    story += _skills_flowables(resume, st["body"])
    story += _extras_flowables(resume, st, compact=False)
    doc.build(story)
    return buf.getvalue()


def render_pdf_two_column(resume: Resume) -> bytes:
    """Header across the top, a tinted left sidebar (contact, skills, education), main column."""
    buf = io.BytesIO()
    doc = _pdf_doc(resume, buf, LETTER)
    page_w, page_h = LETTER
    margin = 0.6 * inch
    header_h = 0.95 * inch
    side_w = 2.2 * inch
    gutter = 0.3 * inch
    top = page_h - margin
    body_h = top - header_h - margin
    main_x = margin + side_w + gutter
    main_w = page_w - main_x - margin

    header = Frame(
        margin,
        top - header_h,
        page_w - 2 * margin,
        header_h,
        id="header",
        leftPadding=0,
        rightPadding=0,
    )
    side = Frame(
        margin, margin, side_w, body_h, id="side", leftPadding=8, rightPadding=8, topPadding=8
    )
    main = Frame(main_x, margin, main_w, body_h, id="main", leftPadding=0, rightPadding=0)
    later = Frame(
        main_x, margin, main_w, page_h - 2 * margin, id="later", leftPadding=0, rightPadding=0
    )

    def sidebar_background(canvas, _doc):
        canvas.saveState()
        canvas.setFillColor(SIDEBAR_BG)
        canvas.rect(margin, margin, side_w, body_h, stroke=0, fill=1)
        canvas.restoreState()

    def later_background(canvas, _doc):
        canvas.saveState()
        canvas.setFillColor(SIDEBAR_BG)
        canvas.rect(margin, margin, side_w, page_h - 2 * margin, stroke=0, fill=1)
        canvas.restoreState()

    doc.addPageTemplates(
        [
            PageTemplate(id="first", frames=[header, side, main], onPage=sidebar_background),
            PageTemplate(id="later", frames=[later], onPage=later_background),
        ]
    )
    st = _pdf_styles(resume, base_size=9.5)
    inner_w = main_w

    story: list = [
        _p(resume.name, st["name"]),
        _p(resume.headline, st["headline"]),
        FrameBreak(),
        # Sidebar
        _p("Contact", st["side_h"]),
        _p(resume.email, st["side"]),
        _p(resume.phone, st["side"]),
        _p(resume.location, st["side"]),
        *[_p(link, st["side"]) for link in resume.links],
        _p(resume.heading("skills"), st["side_h"]),
        *_skills_flowables(resume, st["side"]),
        _p(resume.heading("education"), st["side_h"]),
        *_education_flowables(resume, st, compact=True),
        *_extras_flowables(resume, st, compact=True),
        FrameBreak(),
        NextPageTemplate("later"),
        # Main column
        *_section_heading(resume, resume.heading("summary"), st),
        _p(resume.summary, st["body"]),
        *_section_heading(resume, resume.heading("experience"), st),
    ]
    for role in resume.experience:
        story += _role_flowables(role, inner_w, st, narrow=True)
    doc.build(story)
    return buf.getvalue()


# --------------------------------------------------------------------------------------------
# DOCX rendering (python-docx)
# --------------------------------------------------------------------------------------------


def _docx_base(resume: Resume):
    doc = Document()
    section = doc.sections[0]
    section.left_margin = section.right_margin = Inches(0.8)
    section.top_margin = section.bottom_margin = Inches(0.7)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(2)
    for level in (1, 2):
        h = doc.styles[f"Heading {level}"]
        h.font.color.rgb = RGBColor(0x1D, 0x4E, 0x89)
        h.paragraph_format.space_before = Pt(10 if level == 1 else 6)
        h.paragraph_format.space_after = Pt(3)

    props = doc.core_properties
    props.author = resume.name
    props.last_modified_by = resume.name
    props.title = f"{resume.name} — Resume"
    props.subject = resume.headline
    props.comments = "Fictional resume written for the Northwind recruiting demo."
    props.created = FIXED_DATETIME
    props.modified = FIXED_DATETIME
    props.last_printed = FIXED_DATETIME
    props.revision = 1
    return doc


def _docx_heading(doc, text: str) -> None:
    doc.add_heading(text, level=1)


def _docx_roles(doc, resume: Resume) -> None:
    _docx_heading(doc, resume.heading("experience"))
    for role in resume.experience:
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(6)
        p.paragraph_format.tab_stops.add_tab_stop(Inches(6.9), WD_TAB_ALIGNMENT.RIGHT)
        p.add_run(role.title).bold = True
        p.add_run(f", {role.company}")
        if role.location:
            p.add_run(f" ({role.location})")
        p.add_run(f"\t{role.dates}").italic = True
        for bullet in role.bullets:
            doc.add_paragraph(bullet, style="List Bullet")


def _docx_education(doc, resume: Resume) -> None:
    _docx_heading(doc, resume.heading("education"))
    for school in resume.education:
        p = doc.add_paragraph()
        p.add_run(school.degree).bold = True
        p.add_run(f" — {school.institution}, {school.years}")
        if school.note:
            p.add_run(f". {school.note}")


def _docx_skills_paragraphs(doc, resume: Resume) -> None:
    _docx_heading(doc, resume.heading("skills"))
    for label, items in resume.skills:
        p = doc.add_paragraph()
        if label:
            p.add_run(f"{label}: ").bold = True
        p.add_run(items)


def _docx_skills_table(doc, resume: Resume) -> None:
    _docx_heading(doc, resume.heading("skills"))
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label, items in resume.skills:
        cells = table.add_row().cells
        cells[0].width = Inches(1.6)
        cells[1].width = Inches(5.3)
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].paragraphs[0].add_run(items)


def _docx_extras(doc, resume: Resume) -> None:
    for heading, lines in resume.extras:
        _docx_heading(doc, heading)
        for line in lines:
            doc.add_paragraph(line, style="List Bullet")


def render_docx(resume: Resume) -> bytes:
    doc = _docx_base(resume)

    if resume.layout == "table-contact":
        table = doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        left, right = table.rows[0].cells
        left.width = Inches(4.1)
        right.width = Inches(2.8)
        name_run = left.paragraphs[0].add_run(resume.name)
        name_run.bold = True
        name_run.font.size = Pt(20)
        left.add_paragraph(resume.headline).runs[0].font.size = Pt(12)
        right.paragraphs[0].add_run(resume.email)
        for line in (resume.phone, resume.location, *resume.links):
            right.add_paragraph(line)
    else:
        doc.add_heading(resume.name, level=0)
        doc.add_paragraph(resume.headline).runs[0].italic = True
        doc.add_paragraph(" | ".join([resume.email, resume.phone, resume.location]))
        doc.add_paragraph(" | ".join(resume.links))

    _docx_heading(doc, resume.heading("summary"))
    doc.add_paragraph(resume.summary)
    _docx_roles(doc, resume)
    _docx_education(doc, resume)
    if resume.layout == "table-skills":
        _docx_skills_table(doc, resume)
    else:
        _docx_skills_paragraphs(doc, resume)
    _docx_extras(doc, resume)

    buf = io.BytesIO()
    doc.save(buf)
    return _normalise_zip(buf.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed member timestamps (zipfile stamps "now" by default)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()


# --------------------------------------------------------------------------------------------
# Build, manifest, verification
# --------------------------------------------------------------------------------------------


def render(resume: Resume) -> bytes:
    if resume.fmt == "pdf":
        if resume.layout == "two-column":
            return render_pdf_two_column(resume)
        return render_pdf_single(resume)
    return render_docx(resume)


def build() -> list[Path]:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    for resume in load_people():
        path = OUT_DIR / resume.filename
        data = render(resume)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        written.append(path)
    expected = {p.name for p in written}
    for stale in OUT_DIR.iterdir():
        if stale.is_file() and stale.name not in expected:
            stale.unlink()
    manifest = [
        {
            "file": r.filename,
            "format": r.fmt,
            "layout": r.layout,
            "fit": r.fit,
            "note": r.fit_note,
            "name": r.name,
            "email": r.email,
            "phone": r.phone,
        }
        for r in load_people()
    ]
    MANIFEST.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return written


def _extract(path: Path) -> tuple[str, int]:
    if path.suffix == ".pdf":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages), len(pdf.pages)
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts), 0


def _bare(word: str) -> str:
    return word.strip(".,;:()")


def _source_words(resume: Resume) -> list[str]:
    texts = [resume.name, resume.headline, resume.summary, resume.hidden_text]
    for role in resume.experience:
        texts += [role.title, role.company, role.dates, role.location, *role.bullets]
    for school in resume.education:
        texts += [school.degree, school.institution, school.years, school.note]
    texts += [items for _, items in resume.skills]
    return [w for text in texts for w in text.split()]


def check() -> bool:
    import phonenumbers

    ok = True
    rows = []
    for resume in load_people():
        path = OUT_DIR / resume.filename
        text, pages = _extract(path)
        problems = []
        for label, value in (
            ("name", resume.name),
            ("email", resume.email),
            ("phone", resume.phone),
        ):
            if value not in text:
                problems.append(f"{label} {value!r} not in extracted text")
        region = "GB" if resume.phone.startswith("+44") else "US"
        if not phonenumbers.is_valid_number(phonenumbers.parse(resume.phone, region)):
            problems.append(f"phone {resume.phone!r} is not a valid number")
        domain = resume.email.rsplit("@", 1)[1].lower()
        if domain not in {"example.com", "example.org", "example.net"}:
            problems.append(f"email domain {domain} is not a reserved example domain")
        if resume.fmt == "pdf":
            # Every word written must come back as its own token: catches glued words.
            tokens = {_bare(w) for w in text.split()}
            missing = [w for w in _source_words(resume) if _bare(w) not in tokens]
            if missing:
                problems.append(f"{len(missing)} words glued/missing, e.g. {missing[:5]}")
            flat = " ".join(text.replace("•", " ").split())
            phrases = [resume.headline, " ".join(resume.summary.split()[:8])]
            phrases += [" ".join(role.bullets[0].split()[:6]) for role in resume.experience]
            for phrase in phrases:
                if phrase not in flat:
                    problems.append(f"phrase not found: {phrase!r}")
            if resume.hidden_text and "Ignore all previous instructions" not in text:
                problems.append("hidden text not extracted")
        size = path.stat().st_size
        if size >= 60_000:
            problems.append(f"file is {size} bytes")
        if problems:
            ok = False
            for problem in problems:
                print(f"FAIL {resume.filename}: {problem}", file=sys.stderr)
        rows.append(
            (
                resume.filename,
                resume.fmt,
                resume.layout,
                str(pages or "-"),
                str(size),
                resume.fit,
                "ok" if not problems else "FAIL",
            )
        )

    header = ("file", "format", "layout", "pages", "bytes", "fit", "check")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify the files after building")
    args = parser.parse_args()
    written = build()
    print(f"wrote {len(written)} resumes to {OUT_DIR.relative_to(REPO)}")
    if args.check:
        return 0 if check() else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Tests for recruiting.parsing: synthetic resumes for every rule, then real PDFs.

The real-file expectations below were written by reading each file's text (what a person sees
in the PDF), not by pasting the parser's output.
"""

import json
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from recruiting.parsing import (
    Education,
    Position,
    Profile,
    degree_level,
    find_date_ranges,
    parse_profile,
    split_sections,
)

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
TODAY = date(2024, 6, 15)


@pytest.fixture(autouse=True)
def _media_root():
    """Shadow the Django-only autouse fixture of tests/conftest.py: these tests are pure Python
    and must also run with ``-p no:django``."""
    return None


def one_job(dates: str, today: date = TODAY) -> Profile:
    text = f"""Sam Carter
sam@example.com

EXPERIENCE
Software Engineer, Acme Corp
{dates}
- Built things.
"""
    return parse_profile(text, today=today)


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dates", "start", "end", "current", "months"),
    [
        ("Jan 2019 – Present", date(2019, 1, 1), None, True, 66),  # Jan 2019 .. Jun 2024
        ("January 2019 - Current", date(2019, 1, 1), None, True, 66),
        ("03/2016 - 12/2018", date(2016, 3, 1), date(2018, 12, 1), False, 34),
        ("3/2016 to 12/2018", date(2016, 3, 1), date(2018, 12, 1), False, 34),
        ("2014 – 2016", date(2014, 1, 1), date(2016, 1, 1), False, 24),
        ("2014-2016", date(2014, 1, 1), date(2016, 1, 1), False, 24),
        ("2019-Present", date(2019, 1, 1), None, True, 66),
        ("Mar. 2020 to Oct. 2021", date(2020, 3, 1), date(2021, 10, 1), False, 20),
        ("Sept 2017 — Aug 2018", date(2017, 9, 1), date(2018, 8, 1), False, 12),
        ("June 2015 until June 2016", date(2015, 6, 1), date(2016, 6, 1), False, 13),
        ("2016-03 – 2017-02", date(2016, 3, 1), date(2017, 2, 1), False, 12),
        ("Jan '19 - Jun '20", date(2019, 1, 1), date(2020, 6, 1), False, 18),
        ("from 2012 to 2014", date(2012, 1, 1), date(2014, 1, 1), False, 24),
        ("Since March 2023", date(2023, 3, 1), None, True, 16),
        ("2016 - 2016", date(2016, 1, 1), date(2016, 1, 1), False, 12),
        ("May 2024 - Present", date(2024, 5, 1), None, True, 2),
    ],
)
def test_date_formats(dates, start, end, current, months):
    profile = one_job(dates)
    assert len(profile.positions) == 1, profile.positions
    pos = profile.positions[0]
    assert (pos.start, pos.end, pos.current, pos.months) == (start, end, current, months)
    assert profile.total_years_experience == round(months / 12, 1)


def test_date_range_split_over_lines():
    text = "EXPERIENCE\nOctober 2011\nto\nAugust 2015\nCompany Name City , State Accountant\n"
    profile = parse_profile(text, today=TODAY)
    assert [(p.start, p.end, p.months) for p in profile.positions] == [
        (date(2011, 10, 1), date(2015, 8, 1), 47)
    ]
    assert profile.positions[0].title == "Accountant"


def test_date_column_with_end_on_next_line():
    text = """Experience
2017 – Product Manager, Google, Mountain View, CA, USA
Present Leading cross-functional teams to design and launch products.
July 2015 – Full Stack Developer, Uber, San Francisco, USA
May 2020 Developed and maintained scalable web applications.
"""
    profile = parse_profile(text, today=TODAY)
    assert [(p.title, p.company, p.start, p.end, p.current) for p in profile.positions] == [
        ("Product Manager", "Google", date(2017, 1, 1), None, True),
        ("Full Stack Developer", "Uber", date(2015, 7, 1), date(2020, 5, 1), False),
    ]


def test_find_date_ranges_ignores_non_ranges():
    assert find_date_ranges("Call 555-0142 or visit 123 Main St, zip 94105") == []
    assert find_date_ranges("Revenue grew from $2M - $6M") == []
    assert find_date_ranges("Managed 15-60 people") == []
    assert len(find_date_ranges("Jan 2019 – Present")) == 1


def test_future_and_inverted_ranges_are_ignored():
    assert one_job("2030 - 2032").positions == ()
    assert one_job("Jan 2020 - Jan 2019").positions == ()


# --- total years: union of intervals --------------------------------------------------------

OVERLAPPING = """ALEX MORGAN
Backend Developer
Seattle, WA | alex.morgan@Example.org | +1 206-555-0147 | github.com/alexm

EXPERIENCE
Senior Developer, Northwind Traders — Jan 2019 – Present
• Built Python services on AWS.
Developer | Contoso Ltd | 03/2016 - 12/2018
• Maintained Django REST Framework APIs.
Consultant, Fabrikam Inc. | Mar. 2020 to Oct. 2021
• Part-time consulting, overlapping the main job.
Intern at Tailspin Toys 2014 – 2016
• Wrote tests.

EDUCATION
Master of Science in Data Science, Stanford University, 2006 - 2008
B.S. in Computer Science, University of Texas at Austin, 2006
"""


def test_overlapping_jobs_count_once():
    profile = parse_profile(OVERLAPPING, today=TODAY)
    assert [p.title for p in profile.positions] == [
        "Senior Developer",
        "Developer",
        "Consultant",
        "Intern",
    ]
    assert [p.company for p in profile.positions] == [
        "Northwind Traders",
        "Contoso Ltd",
        "Fabrikam Inc",
        "Tailspin Toys",
    ]
    assert [p.months for p in profile.positions] == [66, 34, 20, 24]
    # Jan 2014-Jan 2016 (24) + Mar 2016-Dec 2018 (34) + Jan 2019-Jun 2024 (66); the 2020-2021
    # consulting job lies inside the main job and the education dates do not count.
    assert profile.total_years_experience == 10.3


def test_present_depends_on_today():
    early = parse_profile(OVERLAPPING, today=date(2020, 12, 31))
    late = parse_profile(OVERLAPPING, today=date(2025, 12, 31))
    assert early.total_years_experience == round((24 + 34 + 24) / 12, 1)
    assert late.total_years_experience == round((24 + 34 + 84) / 12, 1)


def test_education_ranges_are_not_experience():
    text = """Jordan Lee
EDUCATION
Bachelor of Arts in History, Yale University, 2010 - 2014
High School Diploma, Lincoln High School, 2006 - 2010
"""
    profile = parse_profile(text, today=TODAY)
    assert profile.positions == ()
    assert profile.total_years_experience == 0.0


def test_no_experience_heading_uses_dated_lines_outside_education():
    text = """Chris Park
chris@example.com
Warehouse Associate, Big Box Stores, 2018 - 2020
Cashier, Corner Shop, 2016 - 2018
Education: B.A. in Economics, State College, 2012 - 2016
"""
    profile = parse_profile(text, today=TODAY)
    assert [p.title for p in profile.positions] == ["Warehouse Associate", "Cashier"]
    assert profile.total_years_experience == 4.0


def test_duplicate_sections_are_merged():
    block = "Chef/Banquet Chef , 01/2006 to 01/2014\nCompany Name – City , State\n- Cooked.\n"
    text = "EXECUTIVE CHEF\nExperience\n" + block + "Work History\n" + block
    profile = parse_profile(text, today=TODAY)
    assert len(profile.positions) == 1
    assert profile.positions[0].title == "Chef/Banquet Chef"
    assert profile.total_years_experience == 8.1  # Jan 2006 .. Jan 2014, both months counted


def test_prose_dates_inside_a_job_are_not_positions():
    text = """Experience
Staff Accountant
March 2013 to January 2014 Company Name – City , State
Helped the purchasing manager during the turnover period from September 2013 - December 2013.
"""
    profile = parse_profile(text, today=TODAY)
    assert len(profile.positions) == 1
    assert profile.positions[0].months == 11


# --- contact details --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "region", "expected"),
    [
        ("(415) 555-0142", "US", "+14155550142"),
        ("415.555.0142", "US", "+14155550142"),
        ("Tel: +1 415 555 0142", "US", "+14155550142"),
        ("Mobile 020 7946 0958", "GB", "+442079460958"),
        ("+44 20 7946 0958", "US", "+442079460958"),
        ("+91 98765 43210", "US", "+919876543210"),
        ("+33 1 42 68 53 00", "US", "+33142685300"),
        # not phone numbers
        ("2014 - 2016 2017 - 2019", "US", ""),
        ("03/2016 - 12/2018", "US", ""),
        ("Austin, TX 78701", "US", ""),
        ("Salary $60,000.00 - $100,000.00", "US", ""),
        ("(123) 456-7890", "US", ""),  # placeholder: not a valid number
        ("SSN 000-00-0000", "US", ""),
        ("020 7946 0958", "US", ""),  # a UK national number is not valid in the US
    ],
)
def test_phone(line, region, expected):
    text = f"Pat Quinn\n{line}\npat@example.com\n\nSKILLS\nPython\n"
    assert parse_profile(text, default_region=region, today=TODAY).phone == expected


def test_phone_prefers_header_and_skips_fax():
    text = (
        "Pat Quinn\nFax: (415) 555-0100 | Phone: (415) 555-0142\n\nEXPERIENCE\nCall 212-555-0199\n"
    )
    assert parse_profile(text, today=TODAY).phone == "+14155550142"


def test_email_and_links():
    text = """Jane Doe
Jane.Doe@Example.COM | linkedin.com/in/janedoe | https://github.com/jdoe/ | www.janedoe.dev
Portfolio: http://Portfolio.Example.com/work

SKILLS
Node.js, ASP.NET, Salesforce.com
"""
    profile = parse_profile(text, today=TODAY)
    assert profile.email == "Jane.Doe@example.com"
    assert profile.links == (
        "https://linkedin.com/in/janedoe",
        "https://github.com/jdoe",
        "https://www.janedoe.dev",
        "https://portfolio.example.com/work",
    )


def test_no_email():
    assert parse_profile("Jane Doe\nSKILLS\nPython\n", today=TODAY).email == ""


@pytest.mark.parametrize(
    ("header", "location"),
    [
        ("Austin, TX 78701 | jane@example.com", "Austin, TX"),
        ("123 Main St, Anywhere, USA — jane@example.com", "Anywhere, USA"),
        ("jane@example.com • London, United Kingdom", "London, United Kingdom"),
        ("Location: Berlin, Germany", "Berlin, Germany"),
        ("jane@example.com", ""),
    ],
)
def test_location(header, location):
    text = f"Jane Doe\n{header}\n\nEXPERIENCE\nEngineer, Acme, Boston, MA, 2019 - 2020\n"
    assert parse_profile(text, today=TODAY).location == location


# --- name and headline ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("top", "name"),
    [
        ("JANE A. DOE\nSenior Accountant", "Jane A. Doe"),
        ("RESUME\nJohn Smith\njohn@example.com", "John Smith"),
        ("Curriculum Vitae\n\nMaria de la Cruz", "Maria de la Cruz"),
        ("Jane Smith, RN, BSN\nRegistered Nurse", "Jane Smith"),
        ("John Doe | Resume title\njohn@doe.org", "John Doe"),
        ("San Francisco, CA\nJohn Doe\njohn@example.com", "John Doe"),
        (
            "## Personal Information\nName: Juliette McConnor\nEmail: j@example.com",
            "Juliette McConnor",
        ),
        ("STAFF ACCOUNTANT\nSummary\nDetail-oriented accountant.", ""),
        ("SOUS CHEF\nSkills\nKnife skills", ""),
        ("INFORMATION TECHNOLOGY MANAGER\nSummary", ""),
    ],
)
def test_name(top, name):
    assert parse_profile(top + "\n", today=TODAY).name == name


def test_headline():
    assert (
        parse_profile("STAFF ACCOUNTANT\nSummary\nText.\n", today=TODAY).headline
        == "Staff Accountant"
    )
    assert parse_profile("HR GENERALIST\nSummary\n", today=TODAY).headline == "HR Generalist"
    assert (
        parse_profile("Jane Doe\nSenior Data Engineer\njane@example.com\n", today=TODAY).headline
        == "Senior Data Engineer"
    )


# --- sections ---------------------------------------------------------------------------------


def test_section_heading_variants():
    lines = [
        "Jane Doe",
        "PROFESSIONAL EXPERIENCE",
        "x",
        "Work History:",
        "x",
        "## Experience",
        "x",
        "Employment",
        "x",
        "Academic Background",
        "x",
        "Education and Training",
        "x",
        "Core Competencies",
        "x",
        "Highlights",
        "x",
        "Technical Skills",
        "x",
        "SKILLS & AWARDS",
        "x",
        "Career Overview",
        "x",
        "Certifications",
        "x",
        "Experienced team player.",
        "x",
    ]
    kinds = [s.kind for s in split_sections(lines)]
    assert kinds == [
        "header",
        "experience",
        "experience",
        "experience",
        "experience",
        "education",
        "education",
        "skills",
        "skills",
        "skills",
        "skills",
        "summary",
        "certifications",
    ]


def test_inline_skills_heading():
    profile = parse_profile("Jane Doe\nSkills: Go, Rust, C\n", today=TODAY)
    assert profile.skills == ("Go", "Rust", "C")


# --- skills in a profile ----------------------------------------------------------------------


def test_profile_skills_are_canonical_and_ordered():
    profile = parse_profile(OVERLAPPING, today=TODAY)
    assert profile.skills[:3] == ("Python", "AWS", "Django REST Framework")
    # the GitHub URL in the header is a link, not a skill mention
    assert "GitHub" not in profile.skills


def test_stray_letters_in_non_tech_skill_lists():
    text = "HR REPRESENTATIVE\nSkills\nbenefits, C, cash handling, HRIS, payroll, Express\n"
    skills = parse_profile(text, today=TODAY).skills
    assert "C" not in skills and "Express.js" not in skills
    assert {"HRIS", "Payroll", "Cash Handling"} <= set(skills)


# --- education --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "B.S. in Computer Science, University of Texas at Austin, 2015",
            Education("B.S.", "Computer Science", "University of Texas at Austin", 2015),
        ),
        (
            "MBA, Harvard Business School, 2010",
            Education("MBA", "", "Harvard Business School", 2010),
        ),
        (
            "Bachelor of Arts : Psychology , 2003\nUniversity of New Mexico - City , State",
            Education("Bachelor of Arts", "Psychology", "University of New Mexico", 2003),
        ),
        (
            "PhD in Physics, Massachusetts Institute of Technology, 2008 - 2012",
            Education("PhD", "Physics", "Massachusetts Institute of Technology", 2012),
        ),
        (
            "High School Diploma, Lincoln High School, 2005",
            Education("High School Diploma", "", "Lincoln High School", 2005),
        ),
        (
            "Associate of Applied Science : Culinary Arts Johnson & Wales University - City , State",
            Education(
                "Associate of Applied Science", "Culinary Arts", "Johnson & Wales University", None
            ),
        ),
        (
            "2012\nKeller Graduate School of Management City , State MBA : Human Resource Management",
            Education(
                "MBA", "Human Resource Management", "Keller Graduate School of Management", 2012
            ),
        ),
    ],
)
def test_education_entries(line, expected):
    profile = parse_profile("Jane Doe\n\nEDUCATION\n" + line + "\n", today=TODAY)
    assert profile.education == (expected,)


def test_ms_office_is_not_a_degree():
    text = "Jane Doe\nEDUCATION\nBoston, MA\nSkills taught: MS Office, MS SQL\n"
    assert parse_profile(text, today=TODAY).education == ()


@pytest.mark.parametrize(
    ("degree", "level"),
    [
        ("PhD", "doctorate"),
        ("Ph.D.", "doctorate"),
        ("Doctor of Philosophy", "doctorate"),
        ("MBA", "master"),
        ("M.Sc.", "master"),
        ("Master of Science", "master"),
        ("B.S.", "bachelor"),
        ("BSc", "bachelor"),
        ("Bachelor of Arts", "bachelor"),
        ("Associate of Applied Science", "associate"),
        ("High School Diploma", "high_school"),
        ("GED", "high_school"),
        ("Certificate", "certificate"),
        ("", ""),
    ],
)
def test_degree_level(degree, level):
    assert degree_level(degree) == level


# --- API shape --------------------------------------------------------------------------------


def test_to_dict_is_json_serialisable():
    profile = parse_profile(OVERLAPPING, today=TODAY)
    data = json.loads(json.dumps(profile.to_dict()))
    assert data["name"] == "Alex Morgan"
    assert data["phone"] == "+12065550147"
    assert data["email"] == "alex.morgan@example.org"
    assert data["location"] == "Seattle, WA"
    assert data["links"] == ["https://github.com/alexm"]
    assert data["positions"][0]["start"] == "2019-01-01"
    assert data["positions"][0]["end"] is None
    assert data["positions"][1]["end"] == "2018-12-01"
    assert data["education"][0]["degree"] == "Master of Science"
    assert isinstance(profile.positions[0], Position)


def test_empty_and_garbage_input():
    for text in ("", "   \n\n", "•••\n|||", "\x00\x01"):
        profile = parse_profile(text, today=TODAY)
        assert profile.name == "" and profile.positions == () and profile.skills == ()


def test_mojibake_is_repaired():
    text = (
        "Experience\nCook\n06/2011 â€“ 11/2012 Company Name ï¼\u200b City , State\n"
        "Prepared food.Â \n"
    )
    profile = parse_profile(text, today=TODAY)
    assert [(p.title, p.company, p.months) for p in profile.positions] == [
        ("Cook", "Company Name", 18)
    ]


# =============================================================================================
# Real files.  LiveCareer resumes are anonymised (no names, e-mails or phones; employers are
# "Company Name") and were scraped in 2021, so "Current" is read against 2021-08-08 (the date
# of the upstream snapshot).  The layout templates are read against a date after they were made.
# Years are compared with a tolerance of 0.15: the arithmetic is exact (months counted in full,
# both end months included) and 0.15 only absorbs the one-decimal rounding.
# =============================================================================================

LIVECAREER_TODAY = date(2021, 8, 8)
LAYOUT_TODAY = date(2025, 1, 15)
RENDERCV_TODAY = date(2026, 3, 31)  # "Last updated in Mar 2026"


@cache
def pdf_text(relative: str) -> str:
    path = DATA / relative
    if not path.is_file():
        pytest.skip(f"shared data file missing: {path}")
    try:
        from recruiting.extraction import extract_text
    except ImportError:  # the project extractor is not there yet: plain pdfplumber
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    return extract_text(path.read_bytes(), filename=path.name).text


def real(relative: str, today: date) -> Profile:
    return parse_profile(pdf_text(relative), today=today)


def titles(profile: Profile) -> list[str]:
    return [p.title for p in profile.positions]


# --- LiveCareer -------------------------------------------------------------------------------


def test_livecareer_staff_accountant():
    p = real("livecareer/ACCOUNTANT/10674770.pdf", LIVECAREER_TODAY)
    assert (p.name, p.email, p.phone) == ("", "", "")
    assert p.headline == "Staff Accountant"
    assert titles(p) == ["Staff Accountant"] * 3 + ["Financial Management Partner"]
    assert p.positions[0].start == date(2014, 1, 1) and p.positions[0].end == date(2014, 10, 1)
    # Jul 2010-Aug 2011 (14 months) + Apr 2012-Oct 2014 (31 months)
    assert p.total_years_experience == pytest.approx(45 / 12, abs=0.15)
    edu = p.education[0]
    assert (edu.degree, edu.field, edu.year) == ("Bachelor of Science", "Accounting", 2010)
    assert "University of North Carolina" in edu.institution
    assert {"GAAP", "QuickBooks", "ADP", "Payroll", "Accounts Payable", "Microsoft Excel"} <= set(
        p.skills
    )


def test_livecareer_accountant_dates_split_over_lines():
    p = real("livecareer/ACCOUNTANT/12338274.pdf", LIVECAREER_TODAY)
    starts = [pos.start for pos in p.positions]
    assert starts[:2] == [date(2011, 10, 1), date(2009, 1, 1)]
    assert date(2007, 8, 1) in starts  # "Aug'07- Dec'08"
    assert titles(p)[:2] == ["Accountant", "Accountant"]
    # Oct 2001 - Aug 2015 with one gap; "Sep' 2K- Sep'01" is a year written as "2K", which
    # the parser does not read (13.75 years without it, 14.8 with it)
    assert 13.5 <= p.total_years_experience <= 15.0
    assert p.education[0].degree == "MBA"
    assert p.education[0].field == "Finance"
    assert p.education[0].institution == "Vidyasagar University"
    assert p.education[0].year == 2006


def test_livecareer_food_prep_chef_numeric_dates():
    p = real("livecareer/CHEF/10276858.pdf", LIVECAREER_TODAY)
    assert p.name == ""
    assert p.headline == "Food Prep Chef"
    assert titles(p) == [
        "Food Prep Chef",
        "Cook",
        "Cook",
        "Cook",
        "Chef",
        "Food Service Cook/Temp",
        "Line Cook",
    ]
    # 09/2010-04/2011 (8) + 06/2011-06/2013 (25, three contiguous jobs) + 01/2014-12/2014 (12,
    # the 06/2014-11/2014 job inside it) + 01/2015-05/2015 (5)
    assert p.total_years_experience == pytest.approx(50 / 12, abs=0.15)
    assert p.education[0].degree == "High School Diploma"
    assert p.education[0].year == 2011
    assert {"ServSafe", "Knife Skills", "Catering", "Sanitation"} <= set(p.skills)


def test_livecareer_executive_chef_duplicated_sections():
    p = real("livecareer/CHEF/10653119.pdf", LIVECAREER_TODAY)
    # "Experience" and "Work History" list the same four jobs
    assert len(p.positions) == 4
    assert titles(p)[:3] == [
        "Executive Chef/Chef Manager",
        "Chef/Banquet Chef",
        "Chef/Kitchen Manager",
    ]
    assert p.total_years_experience == pytest.approx(289 / 12, abs=0.15)  # 01/1995..01/2019
    edu = p.education[0]
    assert (edu.degree, edu.field, edu.institution) == (
        "Associate of Science",
        "Culinary Arts",
        "Johnson & Wales University",
    )


def test_livecareer_hr_representative():
    p = real("livecareer/HR/13520837.pdf", LIVECAREER_TODAY)
    assert p.headline == "HR Representative"
    assert len(p.positions) == 4
    assert titles(p)[:2] == ["HR Representative", "Clerk Typist"]
    assert p.positions[0].start == date(2008, 11, 1) and p.positions[0].end == date(2016, 2, 1)
    # 08/1998-02/2000 (19) + 02/2002-02/2016 (169)
    assert p.total_years_experience == pytest.approx(188 / 12, abs=0.15)
    assert p.education[0].degree == "Bachelor of Science"
    assert p.education[0].institution == "Colorado State University"
    assert {
        "Onboarding",
        "Employee Relations",
        "HRIS",
        "Payroll",
        "Recruiting",
        "Applicant Tracking Systems",
    } <= set(p.skills)
    assert "C" not in p.skills  # a stray "C" in the keyword list of an HR resume


def test_livecareer_classroom_teacher():
    p = real("livecareer/TEACHER/11943065.pdf", LIVECAREER_TODAY)
    assert titles(p) == ["Classroom Teacher", "Classroom Teacher", "Classroom Assistant"]
    # 08/1989-06/1998 (107) + 08/1998-06/2014 (191) + 08/2014-06/2017 (35)
    assert p.total_years_experience == pytest.approx(333 / 12, abs=0.15)
    assert p.education[:2] == (
        Education("Masters of Arts", "Teaching Social Studies", "Winthrop University", 2018),
        Education("Bachelor of Arts", "Sociology", "Coker College", 1998),
    )
    assert {
        "Lesson Planning",
        "Classroom Management",
        "Individualized Education Programs",
        "CPR",
        "First Aid",
        "BLS",
    } <= set(p.skills)


def test_livecareer_engineering_director():
    p = real("livecareer/ENGINEERING/10624813.pdf", LIVECAREER_TODAY)
    assert p.headline == "Engineering Operations Director"
    assert len(p.positions) == 8
    assert p.positions[0].title == "Engineering Operations Director"
    assert p.positions[0].current
    assert p.positions[-1].title == "Software Engineer"
    # back-to-back jobs from January 1989 to "Current" (August 2021)
    assert p.total_years_experience == pytest.approx(392 / 12, abs=0.15)
    assert [(e.field, e.institution, e.year) for e in p.education] == [
        ("Computer Science", "Union College", 1989),
        ("Computer Science", "Union College", 1988),
    ]
    assert [degree_level(e.degree) for e in p.education] == ["master", "bachelor"]
    assert {"Java", "AWS", "C++", "C", "Python", "PL/SQL", "MongoDB", "Jenkins", "Agile"} <= set(
        p.skills
    )


def test_livecareer_it_support_specialist():
    p = real("livecareer/INFORMATION-TECHNOLOGY/11957080.pdf", LIVECAREER_TODAY)
    assert p.headline == "Lead Information Technology Support Specialist"
    assert len(p.positions) == 6
    assert p.positions[0].title == "Lead Information Technology Support Specialist"
    assert p.positions[0].current and p.positions[0].start == date(2016, 3, 1)
    assert p.positions[-1].title == "Computer Systems Manager"
    # 08/2004-now (205) + 08/2002-05/2004 (22) + 02/2002-05/2002 (4) + 06/1994-05/1997 (36)
    assert p.total_years_experience == pytest.approx(267 / 12, abs=0.15)
    edu = p.education[0]
    assert degree_level(edu.degree) == "bachelor"
    assert edu.institution == "California State University" and edu.year == 2002
    assert {"Active Directory", "Office 365", "Help Desk", "SQL", "Linux", "Unix"} <= set(p.skills)


# --- layout templates -------------------------------------------------------------------------


def test_layout_resume_matcher_john_doe():
    p = real("pdfs/layouts/resume-matcher_john-doe.pdf", LAYOUT_TODAY)
    assert p.name == "John Doe"
    assert p.email == "john.doe@email.com"
    assert p.phone == ""  # "(123) 456-7890" is a placeholder, not a valid number
    assert p.location == "Anywhere, USA"
    assert p.links == ("https://linkedin.com/in/johndoe", "https://github.com/johndoe")
    assert titles(p) == ["Full Stack Java Developer", "Software Developer"]
    assert p.positions[0].company.startswith("ABC Company")
    assert p.positions[1].company == "XYZ Solutions"
    assert p.positions[0].current and p.positions[0].start == date(2018, 6, 1)
    assert p.total_years_experience == pytest.approx(103 / 12, abs=0.15)  # Jul 2016..Jan 2025
    assert p.education == (
        Education("Bachelor of Science", "Computer Science", "State University", 2016),
    )
    assert {
        "Java",
        "Spring Boot",
        "Angular",
        "Hibernate",
        "MySQL",
        "MongoDB",
        "Docker",
        "JUnit",
        "Git",
    } <= set(p.skills)


def test_layout_resume_matcher_single_column():
    p = real("pdfs/layouts/resume-matcher_single-column.pdf", LAYOUT_TODAY)
    assert p.name == "John Doe"
    assert p.headline == "Senior Software Engineer"
    assert p.email == "john.doe@email.com"
    assert p.phone == "+14155550142"
    assert p.location == "San Francisco, CA"
    assert "https://linkedin.com/in/johndoe" in p.links
    assert titles(p) == ["Senior Software Engineer", "Software Engineer", "Software Engineer"]
    assert [pos.company for pos in p.positions] == ["Stripe", "Figma", "Notion"]
    assert p.total_years_experience == pytest.approx(67 / 12, abs=0.15)  # Jul 2019..Jan 2025
    assert p.education[0].degree == "Bachelor of Science"
    assert p.education[0].field == "Computer Science"
    assert p.education[0].institution == "UC Berkeley" and p.education[0].year == 2019
    assert {
        "Go",
        "Python",
        "Node.js",
        "Apache Kafka",
        "PostgreSQL",
        "Kubernetes",
        "Terraform",
        "AWS Lambda",
    } <= set(p.skills)


def test_layout_rendercv_engineeringresumes():
    p = real("pdfs/layouts/rendercv_engineeringresumes.pdf", RENDERCV_TODAY)
    assert p.name == "John Doe"
    assert p.email == "john.doe@email.com"
    assert p.location == "San Francisco, CA"
    assert set(p.links) >= {
        "https://linkedin.com/in/rendercv",
        "https://github.com/rendercv",
        "https://rendercv.com",
    }
    assert titles(p) == ["Co-Founder & CTO"] + ["Research Intern"] * 4
    assert [pos.company for pos in p.positions] == [
        "Nexus AI",
        "NVIDIA Research",
        "Google DeepMind",
        "Apple ML Research",
        "Microsoft Research",
    ]
    assert [pos.months for pos in p.positions[1:]] == [4, 4, 4, 4]
    # four 4-month internships + June 2023..March 2026; the projects' and honors' dates do not
    # count
    assert p.total_years_experience == pytest.approx(50 / 12, abs=0.15)
    assert p.education == (
        Education("PhD", "Computer Science", "Princeton University", 2023),
        Education("BS", "Computer Engineering", "Boğaziçi University", 2018),
    )
    assert {
        "Python",
        "C++",
        "Rust",
        "Julia",
        "PyTorch",
        "TensorFlow",
        "Kubernetes",
        "AWS",
        "Google Cloud",
    } <= set(p.skills)


def test_layout_rendercv_classic_dates_at_end_of_bullets():
    p = real("pdfs/layouts/rendercv_classic.pdf", RENDERCV_TODAY)
    assert p.name == "John Doe"
    assert p.location == "San Francisco, CA"
    assert titles(p) == ["Co-Founder & CTO"] + ["Research Intern"] * 4
    assert p.positions[1].company == "NVIDIA Research"
    assert p.total_years_experience == pytest.approx(50 / 12, abs=0.15)
    assert [e.institution for e in p.education] == ["Princeton University", "Boğaziçi University"]


def test_layout_resume_matcher_alfred_date_column():
    p = real("pdfs/layouts/resume-matcher_alfred-pennyworth-pm.pdf", LAYOUT_TODAY)
    assert p.name == "Alfred Pennyworth"
    assert p.headline == "Product Manager"
    assert p.email == "alfred.pennyworth@email.com"
    assert p.location == "Silicon Valley, CA"
    assert [pos.company for pos in p.positions] == [
        "Google",
        "Amazon",
        "Apple",
        "Netflix",
        "Facebook",
    ]
    assert p.positions[0].title == "Product Manager" and p.positions[0].current
    # 1999-2002, 2002-2007, 2007-2012, 2012-2017, 2017-Present: Jan 1999..Jan 2025
    assert p.total_years_experience == pytest.approx(313 / 12, abs=0.15)
    assert [(degree_level(e.degree), e.year) for e in p.education] == [
        ("master", 2018),
        ("master", 1999),
        ("bachelor", 1997),
    ]
    assert p.education[0].institution == "Stanford University"
    assert p.education[1].institution == "Massachusetts Institute of Technology"
    # "University of California, Berkeley": the campus after the comma is not kept
    assert p.education[2].institution.startswith("University of California")


def test_layout_resume_matcher_bruce_wayne():
    p = real("pdfs/layouts/resume-matcher_bruce-wayne-fullstack.pdf", LAYOUT_TODAY)
    assert p.name == "Bruce Wayne"
    assert p.headline == "MERN Stack Developer"
    assert [(pos.title, pos.company) for pos in p.positions] == [
        ("MERN Stack Developer", "OpenAI"),
        ("Full Stack Developer", "Uber"),
        ("Software Developer", "Facebook"),
    ]
    assert p.positions[1].end == date(2020, 5, 1)
    assert p.total_years_experience == pytest.approx(152 / 12, abs=0.15)  # Jun 2012..Jan 2025
    assert [(e.degree, e.institution) for e in p.education] == [
        ("PhD", "CalTech"),
        ("Master of Science", "MIT"),
        ("Bachelor of Science", "UC San Diego"),
    ]
    assert {"MongoDB", "Express.js", "React", "Node.js", "Docker", "Kubernetes"} <= set(p.skills)


def test_layout_moderncv_banking_placeholders():
    p = real("pdfs/layouts/moderncv_banking-red.pdf", LAYOUT_TODAY)
    assert p.name == "John Doe"
    assert p.email == "john@doe.org"
    assert p.phone == ""  # "+1 (234) 567 890" and friends are not valid numbers
    assert "https://www.johndoe.com" in p.links
    assert p.total_years_experience == 0.0  # "year--year" placeholders


def test_layout_altacv_sidebar():
    p = real("pdfs/layouts/altacv_sample.pdf", LAYOUT_TODAY)
    assert p.email == "your_name@email.com"
    assert p.phone == ""  # "000-00-0000"
    assert [(e.degree, e.year) for e in p.education] == [
        ("Ph.D.", 2006),
        ("M.Sc.", 2002),
        ("B.Sc.", 2001),
    ]
    assert p.education[2].institution == "Stanford University"
    assert {"C++", "Embedded Systems"} <= set(p.skills)

"""Which dated lines are jobs: labels inside a job entry ("Accomplishments:", "Tools: Jira")
do not end work experience, while real sections after it (skills, achievements, education,
certifications) still do, and their dates are not jobs."""

from datetime import date

from recruiting.parsing import parse_profile

TODAY = date(2024, 6, 15)


def spans(text: str) -> list[tuple[str, date, date | None]]:
    return [(p.title, p.start, p.end) for p in parse_profile(text, today=TODAY).positions]


def test_an_accomplishments_label_under_a_job_does_not_end_the_experience():
    text = """Jamie Rivera
Professional Experience
Acme Corp, Boston, MA  Senior Program Manager  02/2011 to 04/2017
Accomplishments:
Led the finance systems upgrade across 70 countries
Beta LLC, Austin, TX  Principal Consultant  03/1998 to 01/2011
Accomplishments:
Managed enterprise software implementations
Gamma Inc, Austin, TX  Senior Manager  06/1993 to 03/1998
Education
BSc Computer Science, 1993
"""
    profile = parse_profile(text, today=TODAY)
    assert [(p.title, p.start) for p in profile.positions] == [
        ("Senior Program Manager", date(2011, 2, 1)),
        ("Principal Consultant", date(1998, 3, 1)),
        ("Senior Manager", date(1993, 6, 1)),
    ]
    assert profile.total_years_experience == 23.9
    # the experience section runs on to the education heading
    experience = [s for s in profile.sections if s.kind == "experience"]
    assert len(experience) == 1 and experience[0].end == text.split("\n").index("Education")


def test_a_tools_line_under_a_job_does_not_end_the_experience():
    text = """Jamie Rivera
Experience
Software Engineer, Acme Corp
Jan 2018 - Present
Built payment services
Technologies: Java, Spring, PostgreSQL
Developer, Beta LLC
Mar 2014 - Dec 2017
Maintained the billing system
Skills
Python, SQL
"""
    assert [start for _title, start, _end in spans(text)] == [date(2018, 1, 1), date(2014, 3, 1)]
    kinds = [s.kind for s in parse_profile(text, today=TODAY).sections]
    assert kinds == ["header", "experience", "skills"]


def test_a_skills_section_after_the_jobs_still_ends_them_even_with_version_years():
    text = """Jamie Rivera
Experience
Support Specialist, Acme Corp
03/2016 to Current
Help desk
Skills:
MS Office Suite 2000-2016, Active Directory
Education
BSc Computer Science 2012
"""
    assert spans(text) == [("Support Specialist", date(2016, 3, 1), None)]


def test_a_skills_line_after_the_last_job_is_the_skills_section():
    text = """Jamie Rivera
Experience
Accountant, Acme Ltd
2016 - 2022
Ledgers
Skills: Excel, SAP, QuickBooks
"""
    profile = parse_profile(text, today=TODAY)
    assert [s.kind for s in profile.sections] == ["header", "experience", "skills"]
    assert len(profile.positions) == 1


def test_achievements_education_and_certification_dates_are_not_jobs():
    text = """Jamie Rivera
Experience
Accountant, Acme Ltd
2016 - 2022
Ledgers
Achievements
Employee of the year 2018 - 2019
Certifications:
CPA, 2015 - 2025
Education
BSc Accounting, 2010 - 2014
"""
    profile = parse_profile(text, today=TODAY)
    assert [(p.start, p.end) for p in profile.positions] == [(date(2016, 1, 1), date(2022, 1, 1))]
    assert profile.total_years_experience == 6.0  # year-only: whole years


def test_activities_and_volunteering_before_the_experience_are_not_jobs():
    text = """Jamie Rivera
Interests
City Dance Company Lead Dancer 2004 - Present
Youth Committee Volunteer Sep 2010 - Present
Experience
Teacher, Acme School
February 2016 to June 2016
Taught music and art
"""
    profile = parse_profile(text, today=TODAY)
    assert [p.start for p in profile.positions] == [date(2016, 2, 1)]
    assert profile.total_years_experience == 0.4


def test_a_list_item_with_a_title_and_dates_heads_a_job():
    text = """Jamie Rivera
## Experience
- Backend Developer (2017 - 2022)
   Services in C# and SQL Server.
- Report Writer/Applications Developer (2017 - 2022)
   Reports in SSRS.
"""
    assert [title for title, _s, _e in spans(text)] == [
        "Backend Developer",
        "Report Writer/Applications Developer",
    ]


def test_brackets_around_the_dates_are_not_part_of_the_title():
    text = "Jamie Rivera\nExperience\nUI Lead (2011 - 2015)\nLed a team of four\n"
    assert spans(text) == [("UI Lead", date(2011, 1, 1), date(2015, 1, 1))]


def test_a_long_bullet_with_dates_is_a_description_not_a_job():
    text = """Jamie Rivera
Experience
Software Engineer, Acme Corp
2018 - 2022
- Led the migration of the billing platform to the cloud (2019 - 2020) with a team of six
"""
    assert [start for _t, start, _e in spans(text)] == [date(2018, 1, 1)]

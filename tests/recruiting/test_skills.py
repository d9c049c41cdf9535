"""Tests for recruiting.skills: vocabulary, synonyms, tokenisation and ambiguous aliases."""

import itertools
import time

import pytest

from recruiting.skills import (
    AMBIGUOUS_ALIASES,
    SKILL_ALIASES,
    SKILL_CATEGORIES,
    TECH_CATEGORIES,
    SkillMention,
    canonical_skill,
    find_skills,
    related_skills,
    skill_category,
)


@pytest.fixture(autouse=True)
def _media_root():
    """Shadow the Django-only autouse fixture of tests/conftest.py: these tests are pure Python
    and must also run with ``-p no:django``."""
    return None


def skills_in(text: str) -> list[str]:
    return [m.skill for m in find_skills(text)]


# --- vocabulary -------------------------------------------------------------------------------


def test_vocabulary_is_large_and_consistent():
    assert len(SKILL_ALIASES) >= 400
    assert set(SKILL_ALIASES) == set(SKILL_CATEGORIES)
    for canon in SKILL_ALIASES:
        # every canonical name resolves to itself
        assert canonical_skill(canon) == canon, canon
        for alias in SKILL_ALIASES[canon]:
            assert canonical_skill(alias) == canon, (alias, canon)


@pytest.mark.parametrize(
    "category",
    [
        "programming_language",
        "frontend",
        "backend",
        "database",
        "cloud",
        "devops",
        "data_ml",
        "testing",
        "accounting",
        "healthcare",
        "education",
        "hr",
        "culinary",
        "engineering",
        "office",
        "management",
    ],
)
def test_every_field_has_a_category(category):
    assert sum(1 for c in SKILL_CATEGORIES.values() if c == category) >= 5


# --- canonical_skill --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("k8s", "Kubernetes"),
        ("Kubernetes", "Kubernetes"),
        ("JS", "JavaScript"),
        ("javascript", "JavaScript"),
        ("Postgres", "PostgreSQL"),
        ("postgresql", "PostgreSQL"),
        ("psql", "PostgreSQL"),
        ("DRF", "Django REST Framework"),
        ("django rest framework", "Django REST Framework"),
        ("GCP", "Google Cloud"),
        ("Google Cloud Platform", "Google Cloud"),
        ("Node", "Node.js"),
        ("Node.js", "Node.js"),
        ("NodeJS", "Node.js"),
        ("node js", "Node.js"),
        ("node-js", "Node.js"),
        ("Golang", "Go"),
        ("go", "Go"),
        ("R", "R"),
        (".NET", ".NET"),
        ("dotnet", ".NET"),
        ("ASP.NET", "ASP.NET"),
        ("CI/CD", "CI/CD"),
        ("ci cd", "CI/CD"),
        ("continuous integration", "CI/CD"),
        ("ML", "Machine Learning"),
        ("machine learning", "Machine Learning"),
        ("c", "C"),
        ("C#", "C#"),
        ("c sharp", "C#"),
        ("C++", "C++"),
        ("cpp", "C++"),
        ("Objective-C", "Objective-C"),
        ("React.js", "React"),
        ("MS Excel", "Microsoft Excel"),
        ("excel", "Microsoft Excel"),
        ("U.S. GAAP", "GAAP"),
        ("Quick Books", "QuickBooks"),
        ("accounts payable", "Accounts Payable"),
        ("A/P", "Accounts Payable"),
        ("EHR", "Electronic Health Records"),
        ("EMR", "Electronic Health Records"),
        ("basic life support", "BLS"),
        ("lesson plans", "Lesson Planning"),
        ("talent acquisition", "Recruiting"),
        ("Serv Safe", "ServSafe"),
        ("auto cad", "AutoCAD"),
        ("Solid Works", "SolidWorks"),
        ("python programming", "Python"),
        ("PostgreSQL database", "PostgreSQL"),
        ("  Docker  ", "Docker"),
    ],
)
def test_canonical_skill(term, expected):
    assert canonical_skill(term) == expected


@pytest.mark.parametrize("term", ["", "   ", "banana bread", "the", "xyzzy"])
def test_canonical_skill_unknown(term):
    assert canonical_skill(term) is None


def test_skill_category_and_related():
    assert skill_category("Django") == "backend"
    assert skill_category("k8s") == "devops"
    assert skill_category("QuickBooks") == "accounting"
    assert skill_category("ServSafe") == "culinary"
    assert skill_category("Not a skill") is None
    assert related_skills("Django") == {"Python"}
    assert {"Django", "Python"} <= related_skills("Django REST Framework")
    assert "SQL" in related_skills("PostgreSQL")
    assert "AWS" in related_skills("AWS Lambda")
    assert "Python" not in related_skills("Python")
    assert related_skills("Nothing") == frozenset()


# --- find_skills: basics ----------------------------------------------------------------------


def test_mentions_have_offsets_and_aliases():
    text = "Built APIs with DRF and Postgres on k8s."
    mentions = find_skills(text)
    assert [m.skill for m in mentions] == [
        "API Design",
        "Django REST Framework",
        "PostgreSQL",
        "Kubernetes",
    ]
    for m in mentions:
        assert isinstance(m, SkillMention)
        assert text[m.start : m.end] == m.alias


def test_longest_match_wins_and_no_overlaps():
    text = "Django REST Framework, Spring Boot, React Native, Microsoft SQL Server, Amazon S3"
    assert skills_in(text) == [
        "Django REST Framework",
        "Spring Boot",
        "React Native",
        "Microsoft SQL Server",
        "Amazon S3",
    ]
    mentions = find_skills(text * 3)
    for a, b in itertools.pairwise(mentions):
        assert a.end <= b.start


def test_case_and_punctuation_tolerance():
    assert skills_in("NODE.JS / nodejs / Node JS / node-js") == ["Node.js"] * 4
    assert skills_in("POSTGRESQL and postgres") == ["PostgreSQL", "PostgreSQL"]
    assert skills_in("ci/cd, CI-CD, CI / CD") == ["CI/CD", "CI/CD", "CI/CD"]


def test_word_boundaries():
    # no skill inside a longer word
    assert skills_in("JavaScript") == ["JavaScript"]
    assert "Java" not in skills_in("JavaScript and TypeScript")
    assert skills_in("Rubyist, Pythonic, Dockerized") == []
    assert skills_in("myjava") == []


def test_c_family_tokenisation():
    assert skills_in("Languages: C, C++, C#") == ["C", "C++", "C#"]
    assert skills_in("C/C++ and C# developer") == ["C", "C++", "C#"]
    assert skills_in("Experienced C# developer") == ["C#"]
    assert skills_in("Wrote drivers in C++17") == ["C++"]
    assert skills_in("Objective-C and Swift") == ["Objective-C", "Swift"]
    assert skills_in("F#, VB.NET and .NET Core") == ["F#", "Visual Basic", ".NET"]


@pytest.mark.parametrize(
    "text",
    [
        "Grade C student with a vitamin C deficiency",
        "Presented to C-level executives",
        "Led R&D for the plant",
        "Plan B was a C. Smith idea",
        "Building C, Suite 200",
    ],
)
def test_single_letter_languages_are_not_matched_in_prose(text):
    found = skills_in(text)
    assert "C" not in found
    assert "R" not in found


def test_single_letter_languages_in_skill_contexts():
    assert skills_in("Statistics in R and Python") == ["Statistics", "R", "Python"]
    assert skills_in("Programming languages: R") == ["R"]
    assert skills_in("Python, R, SQL") == ["Python", "R", "SQL"]
    assert "C" in skills_in("Strong C programming skills")
    assert "C" in skills_in("Firmware written in C")


# --- find_skills: "Go" and other ambiguous aliases --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I will go to the store.",
        "Ready to go the extra mile",
        "Let's Go! Team motto.",
        "Supported the Go-live of the new system",
        "Go to market strategy for new products",
        "Worked with Python.\nGo to the clinic every week",
    ],
)
def test_go_the_english_word_is_not_a_skill(text):
    assert "Go" not in skills_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "Skills: Python, Go, Rust",
        "Languages: Go",
        "Backend services written in Go",
        "Senior Go developer",
        "Python\nGo\nJava",
        "Golang microservices",
        "Java/Go/Kotlin",
    ],
)
def test_go_the_language_is_a_skill(text):
    assert "Go" in skills_in(text)


def test_ambiguous_aliases_are_flagged():
    for alias in ("Go", "R", "C", "Excel", "Spring", "Epic", "Word"):
        assert alias in AMBIGUOUS_ALIASES


def test_office_words():
    assert "Microsoft Excel" not in skills_in("Excel at customer service and teamwork")
    assert skills_in("Proficient in Excel and Word") == ["Microsoft Excel", "Microsoft Word"]
    assert skills_in("Microsoft Office (Word, Excel, PowerPoint, Outlook)") == [
        "Microsoft Office",
        "Microsoft Word",
        "Microsoft Excel",
        "Microsoft PowerPoint",
        "Microsoft Outlook",
    ]
    assert "Microsoft Word" not in skills_in("Spread the word to customers")


def test_spring_season_is_not_spring_framework():
    assert skills_in("Spring 2019 semester; taught in Spring 2020") == []
    assert skills_in("Java, Spring, Hibernate") == ["Java", "Spring", "Hibernate"]


def test_epic_ehr_vs_adjective():
    assert skills_in("An epic journey") == []
    assert skills_in("Charted in Epic and Cerner") == ["Epic", "Cerner"]
    assert skills_in("Epic EMR go-live support") == ["Epic"]


def test_ambiguous_alias_needs_compatible_neighbours():
    # a culinary list does not turn an ambiguous software word into a skill
    assert skills_in("Food Safety, Chef, ServSafe") == ["Food Safety", "ServSafe"]


def test_machine_learning_abbreviation_is_case_sensitive():
    assert skills_in("Machine Learning (ML) and AI") == [
        "Machine Learning",
        "Machine Learning",
        "Artificial Intelligence",
    ]
    assert skills_in("Administered 5 ml of saline") == []


# --- non-software professions -----------------------------------------------------------------


def test_accounting_resume_skills():
    text = (
        "Performed account reconciliations and month-end close under US GAAP using "
        "QuickBooks, SAP and Excel; processed accounts payable; assisted with audits and "
        "tax returns."
    )
    found = set(skills_in(text))
    assert {
        "Account Reconciliation",
        "Month-End Close",
        "GAAP",
        "QuickBooks",
        "SAP",
        "Microsoft Excel",
        "Accounts Payable",
        "Auditing",
        "Tax Preparation",
    } <= found


def test_nursing_teaching_hr_culinary_engineering():
    assert {"Patient Care", "Electronic Health Records", "BLS", "ACLS"} <= set(
        skills_in("Delivered patient care, charted in EHR. BLS and ACLS certified.")
    )
    assert {"Curriculum Development", "Classroom Management", "Lesson Planning"} <= set(
        skills_in("Curriculum development, classroom management and lesson planning")
    )
    assert {"Recruiting", "Onboarding", "Payroll", "HRIS", "Employee Relations"} <= set(
        skills_in("Full-cycle recruiting, onboarding, payroll, HRIS data, employee relations")
    )
    assert {"Food Safety", "Menu Development", "ServSafe"} <= set(
        skills_in("Food safety, menu development; ServSafe certified")
    )
    assert {"AutoCAD", "SolidWorks", "MATLAB", "Project Management"} <= set(
        skills_in("AutoCAD, SolidWorks, MATLAB; project management")
    )


def test_plurals():
    assert skills_in("Reconciliations and journal entries") == [
        "Account Reconciliation",
        "Journal Entries",
    ]
    assert skills_in("Built dashboards and microservices") == [
        "Data Visualization",
        "Microservices",
    ]


def test_empty_and_non_text():
    assert find_skills("") == []
    assert find_skills("—— •• ||") == []


def test_speed_sanity():
    """A generous bound: a 5,000-character resume takes well under a millisecond normally."""
    text = (
        "Senior engineer. Skills: Python, Django, DRF, PostgreSQL, Redis, Celery, Docker, k8s, "
        "AWS (EC2, S3, Lambda), Terraform, React, TypeScript, CI/CD with GitHub Actions. "
        "Led a team of five; mentored juniors; wrote the go-to-market plan with sales. "
    ) * 20
    text = text[:5000]
    find_skills(text)  # warm up
    t0 = time.perf_counter()
    for _ in range(10):
        find_skills(text)
    per_call = (time.perf_counter() - t0) / 10
    assert per_call < 0.05


def test_job_titles_and_everyday_words_in_the_vocabulary():
    # a "Software Engineer" title is evidence of software development
    assert [m.skill for m in find_skills("Senior Software Engineer, Acme")] == [
        "Software Development"
    ]
    # following recipes is not recipe development
    assert find_skills("Able to follow recipes precisely") == []
    assert "Technical Support" in related_skills("Help Desk")
    assert {"programming_language", "cloud"} <= TECH_CATEGORIES
    assert "culinary" not in TECH_CATEGORIES

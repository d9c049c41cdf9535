"""Requirement extraction from job descriptions (ai.scoring.requirements). Pure Python, no Django."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ai.scoring.requirements import JobRequirements, Requirement, extract_requirements

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _media_root():
    """Overrides the repository conftest's autouse fixture, which needs pytest-django:
    these tests are pure Python and run with ``-p no:django``."""
    return None


SOFTWARE_JD = """Senior Backend Engineer (Python)

About us
Acme Health builds scheduling software for clinics. We offer competitive salary, equity and great benefits.

What you'll do
- Design and build REST APIs in Python/Django that serve millions of requests a day
- Own our PostgreSQL data model and query performance
- Deploy and operate services on AWS with Docker and Kubernetes
- Mentor junior engineers and review code

Requirements
- 5+ years of professional software development experience
- 3+ years of Python, including Django or Flask
- Strong SQL skills and experience with PostgreSQL
- Experience with AWS (EC2, S3, RDS)
- Bachelor's degree in Computer Science or equivalent experience

Nice to have
- Experience with Kubernetes and Terraform
- Familiarity with HL7/FHIR healthcare standards
- React experience is a plus

You must be authorized to work in the United States; we are unable to sponsor visas.
This role is hybrid: 3 days a week on-site in Boston.
"""

NURSING_JD = """Registered Nurse - Medical/Surgical Unit

Position Summary
Our 300-bed community hospital is looking for a compassionate Registered Nurse to join the Med/Surg team on night shifts.

Responsibilities:
* Provide direct patient care for 5-6 patients per shift
* Administer medications and IV therapy, monitor vital signs
* Document assessments and care plans in the EHR (Epic)
* Educate patients and families on discharge instructions

Qualifications:
* Current RN license in the State of Ohio
* BLS and ACLS certification required
* 2+ years of acute care nursing experience
* Bachelor of Science in Nursing (BSN) preferred
* Excellent communication and critical thinking skills

Must be available to work nights, weekends and holidays. Background check and drug screen required.
"""

ACCOUNTING_JD = """## Senior Accountant

**Summary**
We are hiring a Senior Accountant to own the monthly close for our manufacturing subsidiaries.

**Key Responsibilities**
1. Prepare journal entries, accruals and account reconciliations
2. Lead the month-end close and prepare financial statements under US GAAP
3. Support the annual external audit and quarterly tax provisions
4. Maintain fixed asset and inventory cost accounting

**Required Qualifications**
1. Bachelor's degree in Accounting or Finance
2. CPA license required
3. 4+ years of progressive accounting experience, including 2 years in public accounting
4. Advanced Excel skills (pivot tables, VLOOKUP) and experience with NetSuite or SAP

**Preferred**
1. Experience in manufacturing or cost accounting
2. Master's degree in Accounting
"""

# No headings, no bullets: one paragraph, as many real postings are.
NO_SECTIONS_JD = (
    "We're a busy neighborhood bistro looking for a line cook to join our kitchen team. You'll prep "
    "ingredients, work the grill and sauté stations during dinner service and keep your station clean and "
    "organized. Experience in a high-volume restaurant kitchen is required, and knowledge of food safety and "
    "sanitation practices is a must. ServSafe certification is a plus. You should be comfortable with knife "
    "work and able to follow recipes precisely. Weekend and evening availability required. We offer staff "
    "meals and flexible scheduling."
)

ROLE_JD = """## Job title
Junior Systems Admin/Engineer

## Required Skills
1. Customer Service: Experience in helping clients and employees with technical issues.
2. VMware: Experience in managing and troubleshooting VMware environments.

## Required Experience
1. Has spent at least 4 years working as a Junior Systems Admin/Engineer.
2. Has previous experience as an SOC Security Analyst for 5 years.
3. Prior experience as a QA Engineer
"""


def _skills(reqs):
    return {s for r in reqs for s in r.skills}


def _by_kind(reqs, kind):
    return [r for r in reqs if r.kind == kind]


# ----------------------------------------------------------------------------- software


def test_software_sections_skills_and_years():
    jr = extract_requirements(SOFTWARE_JD)
    assert jr.title == "Senior Backend Engineer (Python)"
    assert jr.seniority == "senior"
    assert jr.min_years == 5
    must = _skills(jr.must_have)
    assert {"Python", "PostgreSQL", "SQL", "AWS"} <= must
    python = next(r for r in jr.must_have if "Python" in r.skills)
    assert python.min_years == 3
    assert "Django" in python.skills  # "Python, including Django or Flask" is one any-of group
    # the parenthesised examples belong to AWS instead of becoming three must-haves
    aws = next(r for r in jr.must_have if "AWS" in r.skills)
    assert len(aws.skills) > 1
    assert _by_kind(jr.must_have, "education")
    assert {"Kubernetes", "React"} <= _skills(jr.nice_to_have)
    assert "React" not in must and "Kubernetes" not in must


def test_software_knockouts_are_questions_not_requirements():
    jr = extract_requirements(SOFTWARE_JD)
    ko = " ".join(jr.knockouts).lower()
    assert "authorised to work" in ko and "sponsor" in ko
    assert "on-site" in ko or "location" in ko
    texts = " ".join(r.text.lower() for r, _ in jr.all())
    assert "authorized" not in texts and "hybrid" not in texts


def test_benefits_section_is_ignored():
    jr = extract_requirements(SOFTWARE_JD)
    texts = " ".join(r.text.lower() + " " + " ".join(r.keywords) for r, _ in jr.all())
    assert "salary" not in texts and "equity" not in texts


# ----------------------------------------------------------------------------- nursing


def test_nursing_requirements():
    jr = extract_requirements(NURSING_JD)
    must = _skills(jr.must_have)
    assert {"BLS", "ACLS"} <= must
    nursing = [r for r in jr.must_have if r.min_years == 2]
    assert nursing, "2+ years of acute care nursing experience"
    assert jr.min_years == 2
    # "BSN preferred" is a nice-to-have education requirement
    edu = _by_kind(jr.nice_to_have, "education")
    assert edu and "bachelor" in edu[0].keywords
    # soft skills are kept (the phone screen checks them) but a resume cannot evidence them:
    # nice-to-haves with a reduced weight, even when the posting lists them as required
    assert "Communication" not in _skills(jr.must_have)
    comm = next(r for r in jr.nice_to_have if "Communication" in r.skills)
    assert comm.weight < 0.5
    assert "Patient Care" in _skills(jr.nice_to_have)  # from the responsibilities


def test_nursing_knockouts():
    jr = extract_requirements(NURSING_JD)
    ko = " ".join(jr.knockouts).lower()
    assert "licence" in ko
    assert "schedule" in ko
    assert "background check" in ko
    assert not any("Background" in s for s in _skills(jr.must_have))


# ----------------------------------------------------------------------------- accounting


def test_accounting_markdown_and_bold_headings():
    jr = extract_requirements(ACCOUNTING_JD)
    assert jr.title == "Senior Accountant"
    must = _skills(jr.must_have)
    assert {"CPA", "Microsoft Excel"} <= must
    assert any(
        {"NetSuite", "SAP"} <= set(r.skills) for r in jr.must_have
    )  # "NetSuite or SAP": any-of
    assert jr.min_years == 4
    edu = _by_kind(jr.must_have, "education")
    assert edu and edu[0].keywords[0] == "bachelor" and "accounting" in edu[0].keywords
    nice_edu = _by_kind(jr.nice_to_have, "education")
    assert nice_edu and nice_edu[0].keywords[0] == "master"
    assert "GAAP" in _skills(jr.nice_to_have)
    # "We are hiring ..." must not turn into a "Recruiting" skill
    assert "Recruiting" not in _skills(jr.must_have + jr.nice_to_have)


# ----------------------------------------------------------------------------- no sections


def test_no_sections_falls_back_to_whole_text():
    jr = extract_requirements(NO_SECTIONS_JD)
    assert jr.title == "line cook"
    must = _skills(jr.must_have)
    assert "Food Safety" in must
    assert "ServSafe" in _skills(jr.nice_to_have)  # "is a plus"
    exp = _by_kind(jr.must_have, "experience")
    assert exp and "kitchen" in exp[0].keywords[0]
    assert any("schedule" in k.lower() for k in jr.knockouts)
    assert jr.seniority == "unspecified"


def test_empty_description():
    jr = extract_requirements("")
    assert jr.must_have == [] and jr.nice_to_have == [] and jr.min_years is None


# ----------------------------------------------------------------------------- role experience


def test_role_experience_and_labels():
    jr = extract_requirements(ROLE_JD)
    exp = _by_kind(jr.must_have, "experience")
    roles = {r.keywords[0]: r.min_years for r in exp}
    assert roles["Junior Systems Admin/Engineer"] == 4
    assert roles["SOC Security Analyst"] == 5
    assert roles["QA Engineer"] is None
    # "Label: description" bullets are about the label
    assert {"Customer Service", "VMware"} <= _skills(jr.must_have)
    assert jr.seniority == "junior"


@pytest.mark.parametrize(
    "line, years",
    [
        ("At least five years of experience with Java", 5),
        ("3-5 years of accounting experience", 3),
        ("Minimum of 2 yrs experience in retail", 2),
        ("1 year as a Trade Floor Support Analyst III", 1),
    ],
)
def test_years_parsing(line, years):
    jr = extract_requirements("Requirements\n- " + line)
    assert jr.must_have and jr.must_have[0].min_years == years


def test_multiple_year_statements_split():
    jd = "Required Experience\nWe would like you to have 7 years of experience including 4 years as an Aerospace Engineer and 3 years as a Derrick Operator."
    jr = extract_requirements(jd)
    got = {(r.kind, r.min_years) for r in jr.must_have}
    assert ("years", 7) in got and ("experience", 4) in got and ("experience", 3) in got


def test_plain_skill_list_is_split():
    jd = "Required Skills\nEquipment Maintenance, Repairing, Troubleshooting, Active Listening, Coordination"
    jr = extract_requirements(jd)
    assert len(jr.must_have) == 5


# ----------------------------------------------------------------------------- JSON


def test_to_dict_is_json_and_round_trips():
    for jd in (SOFTWARE_JD, NURSING_JD, ACCOUNTING_JD, NO_SECTIONS_JD, ROLE_JD):
        jr = extract_requirements(jd)
        data = json.loads(json.dumps(jr.to_dict()))
        again = JobRequirements.from_dict(data)
        assert again.to_dict() == jr.to_dict()


def test_ids_are_unique_stable_slugs():
    jr = extract_requirements(SOFTWARE_JD)
    ids = [r.id for r, _ in jr.all()]
    assert len(ids) == len(set(ids))
    assert all(i == i.lower() and " " not in i for i in ids)
    assert ids == [r.id for r, _ in extract_requirements(SOFTWARE_JD).all()]


def test_from_dict_tolerates_hand_edits():
    data = {
        "title": "Backend Engineer",
        "seniority": "Senior ",
        "min_years": "4",
        "must_have": [
            {"text": "Kubernetes", "skills": "k8s, Docker", "weight": "2"},
            "Experience with payment systems",
            {"id": "dup", "text": "Go"},
            {"id": "dup", "text": "Rust", "min_years": ""},
        ],
        "knockouts": "Are you authorised to work in the UK?",
    }
    jr = JobRequirements.from_dict(data)
    assert jr.min_years == 4.0 and jr.seniority == "senior"
    k8s = jr.must_have[0]
    assert k8s.skills == ["k8s", "Docker"] and k8s.weight == 2.0 and k8s.kind == "skill"
    assert (
        jr.must_have[1].kind == "keyword"
        and jr.must_have[1].text == "Experience with payment systems"
    )
    assert [r.id for r in jr.must_have[2:]] == ["dup", "dup-2"]
    assert jr.knockouts == ["Are you authorised to work in the UK?"]
    assert isinstance(Requirement.from_dict({"text": "x"}), Requirement)


def test_deterministic():
    assert extract_requirements(NURSING_JD).to_dict() == extract_requirements(NURSING_JD).to_dict()


def test_pure_python_no_django_either_import_order():
    for first in ("ai.scoring.requirements", "ai.scoring", "ai.scoring.questions"):
        code = (
            f"import sys, {first}, ai.scoring.requirements, ai.scoring; "
            "assert 'django' not in sys.modules, 'django imported'; "
            "assert 'sklearn' not in sys.modules; print('ok')"
        )
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
        assert out.returncode == 0, out.stderr


# ----------------------------------------------------------------------------- precision

# The shapes that made the demo job's requirements noisy: an H1 title, "About <company>" and
# team sections, sub-clauses after a colon, an activity qualified by its tool, a soft skill in
# the must-haves, responsibilities naming the employer's business domain, an application
# section with an equal-opportunity statement.
PRECISION_JD = """# Senior Backend Engineer (Python/Django)

**Acme Health** · Engineering · Remote

## About Acme Health

Acme Health builds software for clinics to schedule visits, share care plans and handle
billing and claims.

## What you will do

- Build backend services in Python and Django for patient scheduling and billing workflows.
- Design our REST API (Django REST Framework) and run services on AWS (ECS, RDS, S3).
- Improve observability of our services.

## Must have

- 5+ years of professional software development in Python.
- Production experience with Django or a similar Python web framework (Flask, FastAPI).
- Strong PostgreSQL skills: schema design, indexing, reading query plans.
- Clear written communication; you will work mostly asynchronously.

## Nice to have

- Healthcare experience: HIPAA or HL7 integrations.

## Requirements to apply

Applicants must be legally authorised to work in the United States. Acme Health is an
equal-opportunity employer and will make reasonable accommodations throughout the hiring
process.
"""


def test_title_from_a_leading_markdown_heading():
    jr = extract_requirements(PRECISION_JD)
    assert jr.title == "Senior Backend Engineer (Python/Django)"
    assert jr.seniority == "senior"


def test_sub_clauses_after_a_colon_belong_to_their_requirement():
    jr = extract_requirements(PRECISION_JD)
    pg = [r for r in jr.must_have if "PostgreSQL" in r.skills]
    assert len(pg) == 1
    texts = " ".join(r.text.lower() + " " + " ".join(r.keywords) for r, _ in jr.all())
    assert "indexing" not in texts and "query plans" not in texts


def test_activity_qualified_by_a_tool_is_one_requirement():
    jr = extract_requirements(PRECISION_JD)
    python = [r for r in jr.must_have if r.skills == ["Python"]]
    assert len(python) == 1 and python[0].min_years == 5
    assert "Software Development" not in _skills(jr.must_have)
    # "a similar Python web framework (Flask, FastAPI)": Python only qualifies "framework"
    frameworks = next(r for r in jr.must_have if "Django" in r.skills)
    assert set(frameworks.skills) == {"Django", "Flask", "FastAPI"}


def test_company_text_soft_skills_and_boilerplate_are_not_must_haves():
    jr = extract_requirements(PRECISION_JD)
    must = _skills(jr.must_have)
    assert must == {"Python", "Django", "Flask", "FastAPI", "PostgreSQL"}
    assert "Communication" in _skills(jr.nice_to_have)  # kept, for the phone screen
    everything = _skills(jr.must_have + jr.nice_to_have)
    # the employer's business (about-us and responsibilities) and the hiring process
    for junk in ("Billing", "Care Planning", "Patient Scheduling", "Recruiting"):
        assert junk not in everything, junk
    # implied by a requirement already there (Django REST Framework by Django, ECS by AWS...)
    assert "Django REST Framework" not in everything
    assert not any(r.text.lower().startswith("applicants") for r, _ in jr.all())
    assert any("authorised to work" in k for k in jr.knockouts)


def test_label_with_examples_is_one_any_of_requirement():
    jr = extract_requirements(PRECISION_JD)
    health = next(r for r in jr.nice_to_have if r.text.startswith("Healthcare experience"))
    assert "HIPAA" in health.skills and health.keywords == ["healthcare"]


@pytest.mark.parametrize(
    "line, kind, what, years",
    [
        ("Roofer Helper – 1 year", "experience", "Roofer Helper", 1),
        ("Network Services Architect (Automation) - 2 years", "experience", "Network", 2),
        ("Precision Instrument and Equipment Repair: 3+ years", "experience", "Precision", 3),
    ],
)
def test_phrase_with_a_duration_is_experience(line, kind, what, years):
    jr = extract_requirements("Required Experience\n- " + line)
    (r,) = jr.must_have
    assert r.kind == kind and r.keywords[0].startswith(what) and r.min_years == years


def test_education_fields_and_false_degrees():
    jr = extract_requirements("Requirements\n- Culinary degree or culinary school training")
    assert jr.must_have[0].kind == "education" and "culinary" in jr.must_have[0].keywords
    jr = extract_requirements("Requirements\n- Bachelor's degree in Education")
    assert jr.must_have[0].keywords == ["bachelor", "education"]
    jr = extract_requirements("Requirements\n- Master-level customer service skills")
    assert [r.kind for r in jr.must_have] == ["skill"]
    assert _skills(jr.must_have) == {"Customer Service"}


def test_benefits_sentences_are_not_requirements():
    jr = extract_requirements(NO_SECTIONS_JD)
    assert "Scheduling" not in _skills(jr.must_have + jr.nice_to_have)  # "flexible scheduling"

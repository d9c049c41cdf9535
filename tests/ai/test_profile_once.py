"""A resume is parsed once: the scorer, blind screening and ``screen_folder`` read the profile
stored at intake (or parsed once on the way) instead of reading sections and dates again."""

import json
from datetime import date

import pytest

from ai import guardrails, services
from ai.models import Screening
from ai.scoring import _resume, score_resume
from ai.scoring.requirements import extract_requirements
from ai.services import screening
from recruiting.parsing import Profile, parse_profile
from tests.ai.conftest import JOB_DESCRIPTION, STRONG_RESUME

TODAY = date(2024, 6, 15)


def _refuse(*args, **kwargs):
    raise AssertionError("the resume was parsed again")


def _stored(text: str) -> dict:
    return json.loads(json.dumps(parse_profile(text, today=TODAY).to_dict()))


def test_the_stored_profile_loads_back_and_older_shapes_still_load():
    stored = _stored(STRONG_RESUME)
    profile = Profile.from_dict(stored)
    assert profile == parse_profile(STRONG_RESUME, today=TODAY)
    assert profile.line_count == len(STRONG_RESUME.split("\n"))
    assert any(s.kind == "experience" for s in profile.sections)
    assert all(p.line >= 0 for p in profile.positions)

    older = {k: v for k, v in stored.items() if k not in ("sections", "line_count")}
    older["positions"] = [
        {k: v for k, v in p.items() if k not in ("line", "header_lines")}
        for p in stored["positions"]
    ]
    loaded = Profile.from_dict(older)
    assert loaded.line_count == 0 and loaded.sections == ()
    assert [p.line for p in loaded.positions] == [-1] * len(stored["positions"])


def test_the_scorer_reads_a_stored_profile_without_parsing(monkeypatch):
    requirements = extract_requirements(JOB_DESCRIPTION)
    parsed_here = score_resume(
        requirements, STRONG_RESUME, job_description=JOB_DESCRIPTION, as_of=TODAY
    )
    profile = Profile.from_dict(_stored(STRONG_RESUME))
    monkeypatch.setattr(_resume, "parse_profile", _refuse)
    stored = score_resume(
        requirements, STRONG_RESUME, job_description=JOB_DESCRIPTION, as_of=TODAY, profile=profile
    )
    assert stored == parsed_here


def test_a_profile_stored_before_lines_were_kept_is_parsed_once(monkeypatch):
    older = _stored(STRONG_RESUME)
    del older["sections"], older["line_count"]
    calls = []
    real = _resume.parse_profile

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(_resume, "parse_profile", counting)
    doc = _resume.analyse(STRONG_RESUME, STRONG_RESUME, profile=Profile.from_dict(older))
    assert calls == [1]
    assert doc.positions


@pytest.mark.parametrize("dates_line", ["Summer 2016 - 2022", "'16 - '22", "01/16 - 06/22"])
def test_the_page_and_a_stored_score_read_the_same_years(dates_line):
    text = f"Jamie Rivera\nExperience\nAccountant, Acme Ltd\n{dates_line}\n- Ledgers in Excel\n"
    profile = parse_profile(text, today=TODAY)
    requirements = extract_requirements("Accountant\nRequirements\n- 3+ years of accounting")
    result = score_resume(requirements, text, as_of=TODAY, profile=profile)
    assert result.years_experience == profile.total_years_experience > 5


def test_a_current_position_runs_to_the_scoring_month_not_the_parsing_month():
    text = "Jamie Rivera\nExperience\nAccountant, Acme Ltd\nJan 2020 - Present\n- Ledgers\n"
    profile = parse_profile(text, today=date(2022, 12, 1))
    doc = _resume.analyse(text, text, as_of=2024 * 12 + 11, profile=profile)
    assert doc.total_years == 5.0


def test_blind_text_reads_the_stored_identity(monkeypatch):
    text = "Jamie Rivera\njamie@example.com\nEducation\nBSc Physics, 2012\n"
    stored = _stored(text)
    expected = guardrails.blind_text(text)
    monkeypatch.setattr("recruiting.parsing.parse_profile", _refuse)
    blinded = guardrails.blind_text(text, profile=stored)
    assert blinded == expected
    assert "Jamie" not in blinded and "2012" not in blinded


@pytest.mark.django_db
def test_a_screening_reads_the_stored_profile(make_application, monkeypatch):
    monkeypatch.setattr(screening, "batching_enabled", lambda provider: False)
    first = make_application()
    first.job.blind_screening = True
    first.job.save()
    services.application_screen(first.pk)
    before = Screening.objects.get(application=first)

    second = make_application()
    resume = second.resume
    resume.profile = _stored(resume.text)
    resume.save()
    monkeypatch.setattr(_resume, "parse_profile", _refuse)
    monkeypatch.setattr("recruiting.parsing.parse_profile", _refuse)
    services.application_screen(second.pk)
    after = Screening.objects.get(application=second)
    assert after.status == Screening.Status.DONE
    assert after.score == before.score


def test_screen_folder_parses_each_file_once(tmp_path, monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    from ai.management.commands import screen_folder

    resumes = tmp_path / "resumes"
    resumes.mkdir()
    (resumes / "strong.txt").write_text(STRONG_RESUME)
    jd = tmp_path / "jd.txt"
    jd.write_text(JOB_DESCRIPTION)
    parsed = []

    def counting(text, **kwargs):
        parsed.append(text)
        return parse_profile(text, **kwargs)

    monkeypatch.setattr(screen_folder, "parse_profile", counting)
    monkeypatch.setattr(_resume, "parse_profile", _refuse)
    monkeypatch.setattr("recruiting.parsing.parse_profile", _refuse)
    out = StringIO()
    call_command("screen_folder", str(resumes), "--jd", str(jd), "--blind", "--json", stdout=out)
    assert len(parsed) == 1
    assert json.loads(out.getvalue())[0]["file"] == "strong.txt"

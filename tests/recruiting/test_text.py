"""The text layer (``recruiting.text``): one reading of dates, headings, roles, degrees and
invisible characters for the parser, the scorer, the requirement extractor and the guardrails."""

from __future__ import annotations

import time
from datetime import date

import pytest

from ai.scoring import _resume, score_resume
from ai.scoring.requirements import extract_requirements
from recruiting.parsing import parse_profile, split_sections
from recruiting.text import (
    DegreeLevel,
    clean_line,
    degree_level,
    find_date_ranges,
    fold,
    remove_invisible,
    resume_heading,
)
from recruiting.text.cleanup import clean_lines, fold_in_place
from recruiting.text.headings import parse_headings, posting_heading
from recruiting.text.roles import is_role_noun, is_role_word, parse_role_words
from recruiting.word_lists import WordListError

TODAY = date(2024, 6, 15)
REQUIREMENTS = extract_requirements(
    "Accountant\nRequirements\n- 3+ years of accounting experience\n- Excel"
)


def _resume_with(dates_line: str) -> str:
    return (
        "Jamie Rivera\njamie@example.com\n\nExperience\nStaff Accountant, Northwind Ltd\n"
        f"{dates_line}\nReconciled ledgers in Excel.\n\nEducation\nB.S. Accounting, 2012\n"
    )


@pytest.mark.parametrize(
    ("dates_line", "years"),
    [
        ("Summer 2016 - Present", 8.1),  # June 2016 to June 2024, both months counted
        ("'16 - Present", 8.5),
        ("01/16 - 12/19", 4.0),
        ("2016 – 22", 6.0),
        ("2016 – 2022", 6.0),
    ],
)
def test_parser_and_scorer_read_the_same_years(dates_line, years):
    text = _resume_with(dates_line)
    page = parse_profile(text, today=TODAY).total_years_experience
    score = score_resume(REQUIREMENTS, text, as_of=TODAY).years_experience
    assert page == years
    assert score == page


def test_each_date_form_is_read_as_a_range():
    for line, start in [
        ("Summer 2016 - Present", (2016, 6)),
        ("Jan. '16 - Present", (2016, 1)),
        ("01/16 - 12/19", (2016, 1)),
        ("2016 - 2022", (2016, None)),
        ("'16 - '19", (2016, None)),
        ("2016 – 22", (2016, None)),
    ]:
        (found,) = find_date_ranges(line)
        assert found.start == start


@pytest.mark.parametrize(
    ("line", "section"),
    [
        ("EXPERIENCE", "experience"),
        ("Professional Experience", "experience"),
        ("Work History", "experience"),
        ("Education and Training", "education"),
        ("Core Competencies", "skills"),
        ("Skill Highlights", "skills"),
        ("Professional Summary", "summary"),
        ("Awards", "other"),
    ],
)
def test_a_heading_is_recognised_identically_by_parser_and_scorer(line, section):
    text = f"Jamie Rivera\n{line}\nSome line of text\n"
    kinds = [s.kind for s in split_sections(clean_lines(text)) if s.kind != "header"]
    doc = _resume.analyse(text, text)
    headings = [ln.heading for ln in doc.lines if ln.heading]
    assert len(kinds) == 1 and len(headings) == 1
    assert resume_heading(line) == (kinds[0], "")
    assert headings[0] == section
    assert posting_heading("Requirements") == "must"


def test_degree_level_has_one_return_type():
    texts = ["PhD", "MS", "M.Sc. in Physics", "BS in Computer Science", "Associate's degree"]
    texts += ["High School Diploma", "GED", "Certificate in Safety", "a degree", "", "MS Office"]
    levels = [degree_level(t) for t in texts]
    assert all(isinstance(level, DegreeLevel) for level in levels)
    assert [level.rank for level in levels] == [5, 4, 4, 3, 2, 1, 1, 0, 3, 0, 0]
    assert degree_level("") == "" and not degree_level("")
    assert degree_level("High School Diploma").label == "high school"


def test_role_words_are_one_list():
    assert is_role_noun("engineer") and is_role_noun("engineers") and is_role_noun("secretaries")
    assert is_role_word("sous") and not is_role_noun("sous")  # qualifies a title, never ends one
    with pytest.raises(WordListError):
        parse_role_words({"nouns": ["chef", "chef"], "title_words": ["sous"]})
    with pytest.raises(WordListError):
        parse_role_words({"nouns": ["chef"], "title_words": ["chef"]})


def test_heading_data_is_validated():
    good = {
        "resume": {"skills": {"phrases": ["skills"]}},
        "foreign": {"skills": {"phrases": ["x"]}},
    }
    rules = {"posting": [{"kind": "must", "pattern": "requir"}]}
    assert parse_headings({**good, **rules}).resume == {"skills": "skills"}
    with pytest.raises(WordListError):
        parse_headings({**good, "posting": [{"kind": "must", "pattern": "("}]})
    with pytest.raises(WordListError):
        twice = {"a": {"phrases": ["skills"]}, "b": {"phrases": ["skills"]}}
        parse_headings({**good, **rules, "resume": twice})


@pytest.mark.parametrize(
    "text",
    [
        "Py\u200bthon\u00a0 developer\ufeff",
        "  Jan\u2009 2019 \u2013 Present  ",
        "Company Name ï¼\u200b City",
        "Caf\u00c3\u00a9 \u2212 Manager \ue001",
        "\U000e0041\U000e0042 hidden",
    ],
)
def test_clean_up_is_idempotent(text):
    once = clean_line(text)
    assert clean_line(once) == once
    assert remove_invisible(remove_invisible(text).text).text == remove_invisible(text).text
    assert len(fold(text)) == len(text) == len(fold_in_place(text))
    assert "\u200b" not in once and "\u00a0" not in once


def test_a_million_character_line_costs_bounded_time():
    line = ("Summer 2016 - Present, Ph.D. \u200b a. " * 30_000)[:1_000_000]
    started = time.process_time()
    clean_line(line)
    fold_in_place(line)
    find_date_ranges(line[:100_000])
    degree_level(line)
    resume_heading(line)
    assert time.process_time() - started < 2.0

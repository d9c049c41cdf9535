"""Output validation, tool schemas, versioned prompts and the offline question generator."""

import json

import pytest

from ai.prompts import get_prompt, versions
from ai.schemas import (
    OutputInvalid,
    QuestionsOutput,
    ScreeningOutput,
    tool_schema,
    validate_questions,
    validate_screening,
)
from ai.scoring.questions import generate_questions
from ai.scoring.requirements import extract_requirements
from tests.ai.conftest import JOB_DESCRIPTION, STRONG_RESUME


def screening(**changes):
    data = {
        "criteria": [
            {
                "requirement_id": "django",
                "score": 90,
                "evidence": ["Built Django services in Python on PostgreSQL and AWS."],
            },
            {"requirement_id": "aws", "score": 0, "evidence": []},
        ],
        "overall_score": 70,
        "recommendation": "hold",
        "summary": "Good Django experience.",
    }
    data.update(changes)
    return data


def test_a_valid_answer_passes():
    output = validate_screening(
        screening(), resume_text=STRONG_RESUME, requirement_ids=["django", "aws"]
    )
    assert output.criteria[0].score == 90 and output.recommendation == "hold"


@pytest.mark.parametrize(
    "quote",
    [
        "Built Django services   in Python\non PostgreSQL and AWS.",  # whitespace differs
        "Built Django services … on PostgreSQL and AWS.",  # an ellipsis between exact pieces
        "Python, Django, PostgreSQL",
    ],
)
def test_quotes_are_compared_as_text(quote):
    data = screening()
    data["criteria"][0]["evidence"] = [quote]
    validate_screening(data, resume_text=STRONG_RESUME, requirement_ids=["django", "aws"])


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"recommendation": "hire"}, "recommendation"),
        ({"overall_score": 101}, "overall_score"),
        ({"criteria": []}, "criteria"),
        (
            {
                "criteria": [
                    {"requirement_id": "django", "score": 90, "evidence": ["built django services"]}
                ]
            },
            "is not in the resume",
        ),
        (
            {"criteria": [{"requirement_id": "django", "score": 80, "evidence": []}]},
            "without a quote",
        ),
        (
            {
                "criteria": [
                    {"requirement_id": "rust", "score": 0},
                    {"requirement_id": "django", "score": 0},
                ]
            },
            "unknown requirement",
        ),
    ],
)
def test_unusable_answers_are_explained(changes, message):
    with pytest.raises(OutputInvalid, match=message):
        validate_screening(
            screening(**changes), resume_text=STRONG_RESUME, requirement_ids=["django", "aws"]
        )


def test_missing_requirements_are_named():
    with pytest.raises(OutputInvalid, match=r"no assessment for requirement.*python"):
        validate_screening(
            screening(), resume_text=STRONG_RESUME, requirement_ids=["django", "aws", "python"]
        )


def test_tool_schemas_are_self_contained():
    for model in (ScreeningOutput, QuestionsOutput):
        schema = tool_schema(model)
        text = json.dumps(schema)
        assert "$ref" not in text and "$defs" not in text and schema["type"] == "object"
    criteria = tool_schema(ScreeningOutput)["properties"]["criteria"]["items"]
    assert {"requirement_id", "score", "evidence"} <= set(criteria["properties"])


def test_prompts_are_versioned_files():
    assert versions("screen_resume") == ["v1", "v2"]
    prompt = get_prompt("screen_resume")
    assert prompt.version == "screen_resume/v2" and prompt.meta["tool"] == "record_screening"
    assert get_prompt("screen_resume", "v1").version == "screen_resume/v1"
    assert "untrusted data" in prompt.text and "---" not in prompt.text[:5]
    assert get_prompt("job_requirements").version == "job_requirements/v1"
    assert get_prompt("screening_questions").meta["tool"] == "record_questions"
    with pytest.raises(LookupError):
        get_prompt("screen_resume", "v9")


def test_offline_questions_follow_the_seed_shape():
    requirements = extract_requirements(
        JOB_DESCRIPTION + "\nYou must be authorized to work in the US. Weekend on-call required.\n"
    )
    questions = generate_questions(requirements, title="Senior Backend Engineer")
    assert questions == generate_questions(requirements, title="Senior Backend Engineer")
    for question in questions:
        assert list(question) == [
            "id",
            "text",
            "followups",
            "type",
            "difficulty",
            "expected_keywords",
            "expected_length",
        ]
    assert [q["id"] for q in questions] == [f"q{i}" for i in range(1, len(questions) + 1)]
    kinds = [q["type"] for q in questions]
    technical = [q for q in questions if q["type"] == "technical"]
    assert {"Python", "Django", "PostgreSQL"} <= {q["expected_keywords"][0] for q in technical}
    assert all(q["difficulty"] == "hard" for q in technical)  # a senior role
    assert kinds.count("behavioural") == 1 and "logistics" in kinds
    assert any("authori" in q["text"] for q in questions if q["type"] == "logistics")
    assert all(q["followups"] for q in questions)
    validate_questions({"questions": questions})


def test_questions_that_touch_protected_attributes_are_rejected():
    bad = {
        "questions": [
            {"text": "Do you plan to have children soon?", "type": "logistics", "followups": []},
        ]
    }
    # "have children" reads as family status
    with pytest.raises(OutputInvalid, match="family status"):
        validate_questions(bad)

"""Phone-screen questions from structured requirements, offline and deterministic.

One technical question per must-have (up to ``MAX_TECHNICAL``), worded for the kind of
requirement (a language, a database, a cloud platform, a role, a qualification...), one
behavioural question and one or two logistics (knock-out) questions. Each has follow-ups,
a type, a difficulty from the job's seniority, the keywords a good answer would mention
and an expected length in seconds, in the shape of seed 001's question generator.
"""

from __future__ import annotations

import re

from ai.requirements import JobRequirements, Requirement
from ai.scoring import _vocab

MAX_TECHNICAL = 5

_DIFFICULTY = {
    "intern": "easy",
    "junior": "easy",
    "mid": "medium",
    "unspecified": "medium",
    "senior": "hard",
    "lead": "hard",
    "principal": "hard",
}

# (question, follow-ups, answer keywords) by vocabulary category; {skill} is filled in.
_BY_CATEGORY: dict[str, tuple[str, list[str], list[str]]] = {
    "programming_language": (
        "Tell me about a recent project where you wrote {skill}. What did it do, and which "
        "part of the code were you responsible for?",
        [
            "What was the hardest bug you hit in that code, and how did you track it down?",
            "How did you test it?",
        ],
        ["project", "design", "testing", "debugging", "performance"],
    ),
    "backend": (
        "Walk me through an application you built or maintained with {skill}. How was it "
        "structured, and what did you change yourself?",
        [
            "How did you handle errors and slow requests?",
            "What would you do differently if you built it again?",
        ],
        ["architecture", "API", "testing", "deployment", "performance"],
    ),
    "frontend": (
        "Describe a user interface you built with {skill}. How did you organise the code and "
        "manage state?",
        ["How did you make it accessible and fast?", "How did you test it?"],
        ["components", "state", "accessibility", "performance", "testing"],
    ),
    "mobile": (
        "Tell me about a mobile app you worked on with {skill}: what it did and what you built.",
        ["How did you release and monitor it?", "How did you handle offline use or slow networks?"],
        ["release", "performance", "testing", "offline", "users"],
    ),
    "database": (
        "Describe a {skill} database you designed or looked after. How did you model the data "
        "and keep the queries fast?",
        [
            "Tell me about a slow query you fixed. How did you find the cause?",
            "How did you handle schema changes and backups?",
        ],
        ["schema", "index", "query", "migration", "backup"],
    ),
    "cloud": (
        "Which {skill} services have you run in production, and what did you set up yourself?",
        ["How did you control cost and access?", "How did you monitor it?"],
        ["deployment", "security", "monitoring", "cost", "infrastructure"],
    ),
    "devops": (
        "How have you used {skill} in a delivery pipeline or in operations? Walk me through a "
        "setup you owned.",
        ["What broke, and how did you recover?", "How did you automate it?"],
        ["automation", "CI/CD", "monitoring", "incident", "deployment"],
    ),
    "data_ml": (
        "Tell me about a {skill} project from start to finish: the data, your approach and how "
        "you measured the result.",
        ["How did you validate the results?", "What went into production, and how?"],
        ["data", "model", "evaluation", "metrics", "production"],
    ),
    "testing": (
        "How have you used {skill} to test software? Give an example of a problem your tests "
        "caught.",
        ["How did you decide what to test?", "How did you keep the tests fast and reliable?"],
        ["coverage", "automation", "regression", "CI", "bugs"],
    ),
    "security": (
        "Tell me about your hands-on work with {skill}. What risk were you addressing, and what "
        "did you put in place?",
        ["How did you know it worked?", "How did you handle an incident?"],
        ["risk", "controls", "incident", "audit", "monitoring"],
    ),
}
_BUSINESS = (
    "Give an example of how you have used {skill} in your work. What was the situation, what "
    "did you do, and what was the result?",
    ["What would you do differently next time?", "How did you measure the result?"],
    ["example", "result", "process", "accuracy", "stakeholders"],
)
_HANDS_ON = (
    "Describe your hands-on experience with {skill}. Where did you use it, and how often?",
    ["What is the hardest situation you have handled with it?", "How did you learn it?"],
    ["experience", "example", "safety", "quality", "result"],
)
_BUSINESS_CATEGORIES = {
    "accounting",
    "finance",
    "hr",
    "sales_marketing",
    "management",
    "office",
    "business_software",
}


def generate_questions(requirements: JobRequirements, *, title: str = "") -> list[dict]:
    """Questions in seed 001's shape: id, text, followups, type, difficulty,
    expected_keywords, expected_length (seconds)."""
    difficulty = _DIFFICULTY.get(requirements.seniority, "medium")
    role = title or requirements.title or "this role"
    questions: list[dict] = []
    seen_skills: set[str] = set()
    for req in requirements.must_have:
        if len(questions) >= MAX_TECHNICAL:
            break
        question = _technical(req, difficulty, seen_skills)
        if question:
            questions.append(question)
    if not questions:
        # Nothing technical to ask about: ask about the role itself.
        questions.append(
            {
                "text": f"What in your experience prepares you best for the {role} position?",
                "followups": ["Which part of the role would be new to you?"],
                "type": "situational",
                "difficulty": difficulty,
                "expected_keywords": _content_words(role),
                "expected_length": 90,
            }
        )
    questions.append(_behavioural(requirements.seniority, difficulty))
    questions.extend(_logistics(requirements.knockouts))
    for index, question in enumerate(questions, start=1):
        question["id"] = f"q{index}"
    return [{"id": q.pop("id"), **q} for q in questions]


def _technical(req: Requirement, difficulty: str, seen: set[str]) -> dict | None:
    if req.kind in ("education", "years"):
        return None  # read from the resume, not asked on the phone
    if req.kind == "experience":
        role_name = (req.keywords[0] if req.keywords else req.text).strip()
        years = f" ({req.min_years:g}+ years)" if req.min_years else ""
        return {
            "text": f"Tell me about your time as {_article(role_name)} {role_name}{years}: "
            "the scope of the role and what you were responsible for.",
            "followups": [
                "What was your biggest achievement in that role?",
                "What did a typical week look like?",
            ],
            "type": "technical",
            "difficulty": difficulty,
            "expected_keywords": [*_content_words(role_name)[:4], "responsible", "team", "results"],
            "expected_length": 120,
        }
    skills = [s for s in req.skills if s not in seen]
    if req.kind == "skill" and skills:
        skill = skills[0]
        seen.update(req.skills)
        category = _vocab.skill_category(skill) or ""
        if category == "soft_skill":
            return None  # the behavioural question covers it
        if category in _BY_CATEGORY:
            template, followups, keywords = _BY_CATEGORY[category]
        elif category in _BUSINESS_CATEGORIES:
            template, followups, keywords = _BUSINESS
        else:
            template, followups, keywords = _HANDS_ON
        name = skill if len(req.skills) == 1 else " or ".join(req.skills[:3])
        followups = list(followups)
        if req.min_years:
            followups.insert(0, f"How many years have you worked with {skill}, and in which roles?")
        related = sorted(_vocab.related_skills(skill))[:3]
        return {
            "text": template.format(skill=name),
            "followups": followups,
            "type": "technical",
            "difficulty": difficulty,
            "expected_keywords": _unique([skill, *related, *keywords])[:8],
            "expected_length": 120 if difficulty != "easy" else 90,
        }
    if req.kind == "keyword" or not skills:
        text = req.text.rstrip(".")
        if not text:
            return None
        return {
            "text": f"The role asks for: {text[:200]}. Can you give a concrete example from your "
            "experience that shows this?",
            "followups": ["What was the outcome?", "What would you do differently now?"],
            "type": "situational",
            "difficulty": difficulty,
            "expected_keywords": _unique(req.keywords or _content_words(text))[:6],
            "expected_length": 90,
        }
    return None


def _behavioural(seniority: str, difficulty: str) -> dict:
    if seniority in ("senior", "lead", "principal"):
        text = (
            "Tell me about a time you disagreed with a colleague or a manager about an important "
            "decision. What happened, and what did you do?"
        )
        followups = ["What was the outcome?", "Looking back, would you handle it the same way?"]
    else:
        text = (
            "Tell me about a time something went wrong on a piece of work you were responsible "
            "for. What did you do about it?"
        )
        followups = ["What did you learn from it?", "Who else did you involve?"]
    return {
        "text": text,
        "followups": followups,
        "type": "behavioural",
        "difficulty": difficulty,
        "expected_keywords": ["situation", "action", "result", "team", "learned"],
        "expected_length": 120,
    }


def _logistics(knockouts: list[str]) -> list[dict]:
    out = []
    for knockout in knockouts[:2]:
        # Knock-outs read 'Question? ("the sentence of the description it came from")'.
        text = re.sub(r'\s*\(".*"\)\s*$', "", knockout).strip()
        if text:
            out.append(
                {
                    "text": text,
                    "followups": ["Is there anything that could change that?"],
                    "type": "logistics",
                    "difficulty": "easy",
                    "expected_keywords": ["yes", "no"],
                    "expected_length": 30,
                }
            )
    if not out:
        out.append(
            {
                "text": "What is your notice period, and are you able to work where this role is "
                "based?",
                "followups": ["When could you start?"],
                "type": "logistics",
                "difficulty": "easy",
                "expected_keywords": ["notice", "start", "location", "authorised"],
                "expected_length": 30,
            }
        )
    return out


_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "or",
        "of",
        "the",
        "to",
        "in",
        "on",
        "for",
        "with",
        "as",
        "at",
        "by",
        "from",
        "is",
        "are",
        "be",
        "this",
        "that",
        "your",
        "our",
        "you",
        "we",
        "experience",
        "years",
        "year",
        "ability",
        "strong",
        "good",
        "excellent",
        "knowledge",
        "skills",
        "working",
        "work",
    ]
)


def _content_words(text: str) -> list[str]:
    words = re.findall(r"[A-Za-z][A-Za-z+#.-]*", text)
    return _unique(w for w in words if w.lower() not in _STOP and len(w) > 2)


def _unique(items) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.lower()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"

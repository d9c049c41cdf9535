"""HR's words are kept: requirement lines as written, questions that follow the requirements."""

import html

import pytest
from django.urls import reverse

from ai import services
from ai.models import Screening
from ai.scoring import score_resume
from ai.scoring.requirements import JobRequirements, requirement_from_line
from interviews import services as interview_services
from interviews.models import ScreeningQuestion
from recruiting import roles
from tests.recruiting.test_views import user_with
from voice.models import Answer, Call, PhoneScreen, PhoneScreenQuestion

pytestmark = pytest.mark.django_db

TRICKY_MUST = [
    "CPA or CFA",
    "Python, Go and Rust",
    "5+ years of B2B SaaS sales (enterprise)",
    "Fluent in Français and 日本語",
    "Kubernetes in production.",
]
TRICKY_NICE = ["Experience with <script>alert(1)</script> & “smart quotes”"]


@pytest.fixture
def manager(job):
    user = user_with(roles.HIRING_MANAGER, username="manager")
    job.hiring_manager = user
    job.save(update_fields=["hiring_manager"])
    return user


def _save(client, job, must, nice, **extra):
    return client.post(
        reverse("requirements_save", args=[job.pk]),
        {
            "requirements-must_have": "\n".join(must),
            "requirements-nice_to_have": "\n".join(nice),
            "requirements-min_years": "",
            "requirements-seniority": "senior",
            "requirements-knockouts": "",
            **extra,
        },
    )


def test_requirement_lines_round_trip_exactly_as_written(
    client, job, manager, make_application, django_capture_on_commit_callbacks
):
    application = make_application()
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=False):
        response = _save(client, job, TRICKY_MUST, TRICKY_NICE)
    assert response.status_code == 302
    job.refresh_from_db()
    assert [r["text"] for r in job.requirements["must_have"]] == TRICKY_MUST
    assert [r["text"] for r in job.requirements["nice_to_have"]] == TRICKY_NICE

    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    for line in TRICKY_MUST + TRICKY_NICE:
        # shown in the list, and in the edit form's textarea, escaped
        assert page.count(f"<li>{html.escape(line, quote=False)}") == 1, line
    assert "<script>alert(1)</script>" not in page
    textarea = page.split('name="requirements-must_have"')[1].split("</textarea>")[0]
    assert textarea.split(">", 1)[1].strip() == html.escape("\n".join(TRICKY_MUST))

    # Screening labels its criteria with HR's lines, verbatim.
    services.application_screen(application.pk)
    screening = Screening.objects.get(application=application)
    assert screening.status == Screening.Status.DONE
    labels = [c["requirement"] for c in screening.criteria]
    assert labels[: len(TRICKY_MUST)] == TRICKY_MUST
    assert TRICKY_NICE[0] in labels


def test_saving_the_same_lines_again_changes_nothing(
    client, job, manager, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=False):
        _save(client, job, TRICKY_MUST, TRICKY_NICE)
        job.refresh_from_db()
        stored = job.requirements
        _save(client, job, TRICKY_MUST, TRICKY_NICE)
    job.refresh_from_db()
    assert job.requirements == stored


def test_a_line_naming_several_skills_is_one_requirement_with_all_of_them_counted():
    requirement = requirement_from_line("Python, Go and Rust", must=True)
    assert requirement.text == "Python, Go and Rust"
    assert [p["skills"] for p in requirement.parts] == [["Python"], ["Go"], ["Rust"]]
    requirements = JobRequirements(must_have=[requirement])
    resume = "Experience\nEngineer, Acme 2015 - 2023\nBuilt services in Python and Go.\n"
    (criterion,) = score_resume(requirements, resume).criteria
    assert criterion.requirement == "Python, Go and Rust"
    assert 0.5 < criterion.score < 0.8  # two of three
    assert "Rust" in criterion.note


def test_a_line_of_alternatives_is_met_by_any_one_of_them():
    requirement = requirement_from_line("CPA or CFA", must=True)
    assert requirement.text == "CPA or CFA" and requirement.any_of
    requirements = JobRequirements(must_have=[requirement])
    with_cfa = "Experience\nAnalyst, Fund 2015 - 2023\nCFA charterholder since 2018.\n"
    without = "Experience\nCook, Bistro 2015 - 2023\nPrepared dishes.\n"
    assert score_resume(requirements, with_cfa).criteria[0].matched
    assert not score_resume(requirements, without).criteria[0].matched


def test_where_hr_put_a_line_decides_its_weight():
    # "a plus" would move an extracted line to nice-to-have; HR put it under must-have
    assert requirement_from_line("Go is a plus", must=True).weight == 1.0
    assert requirement_from_line("Strong communication skills", must=False).weight == 0.5


# --- Questions follow the requirements ---------------------------------------------------------


@pytest.fixture
def questions(job, manager):
    services.job_requirements_approve(
        job, user=manager, requirements=services.job_requirements_for(job).to_dict()
    )
    interview_services.job_questions_generate(job)
    interview_services.job_questions_approve(job, user=manager)
    return list(job.screening_questions.all())


def test_changing_the_requirements_marks_the_questions_stale(
    client, job, manager, questions, django_capture_on_commit_callbacks
):
    assert len(questions) >= 3
    assert job.screening_questions.ready_to_ask().count() == len(questions)
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=False):
        _save(client, job, ["Rust", "Go"], [])
    assert all(q.stale_since for q in job.screening_questions.all())
    assert not job.screening_questions.ready_to_ask().exists()
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert f"{len(questions)} questions were written before the requirements last changed" in page
    assert page.count("Stale: the requirements changed") == len(questions)
    assert "Redraft questions" in page


def test_approving_the_same_requirements_keeps_the_questions_fresh(job, manager, questions):
    services.job_requirements_approve(job, user=manager, requirements=job.requirements)
    assert not job.screening_questions.filter(stale_since__isnull=False).exists()


def test_hr_may_keep_a_stale_question_by_approving_it_again(job, manager, questions):
    interview_services.job_questions_mark_stale(job)
    kept = questions[0]
    assert interview_services.job_questions_approve(job, user=manager, question_ids=[kept.pk]) == 1
    kept.refresh_from_db()
    assert kept.stale_since is None and kept.approved_at


def test_redrafting_replaces_stale_and_draft_questions_and_keeps_fresh_approved_ones(
    job, manager, questions, make_application
):
    interview_services.job_questions_mark_stale(job)
    kept, answered, *rest = questions
    interview_services.job_questions_approve(job, user=manager, question_ids=[kept.pk])
    # a phone screen asked a stale question (an answer refers to its frozen copy): it is
    # retired, not deleted
    screen = PhoneScreen.objects.create(application=make_application())
    call = Call.objects.create(phone_screen=screen, provider="simulator", to_number="+14155550100")
    asked = PhoneScreenQuestion.objects.create(
        phone_screen=screen, source=answered, position=1, text=answered.text
    )
    Answer.objects.create(call=call, asked=asked, transcript="Yes.")

    new = interview_services.job_questions_generate(job)

    current = list(job.screening_questions.current())
    assert kept in current and answered not in current
    assert not any(q.pk in {r.pk for r in rest} for q in current)
    assert {q.pk for q in current} == {kept.pk} | {q.pk for q in new}
    answered.refresh_from_db()
    assert answered.retired_at and answered.approved_at is None
    assert all(q.approved_at is None and q.stale_since is None for q in new)


def test_the_redraft_button_queues_new_drafts(
    client, job, manager, questions, django_capture_on_commit_callbacks
):
    interview_services.job_questions_mark_stale(job)
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("questions_generate", args=[job.pk]))
    assert not job.screening_questions.filter(stale_since__isnull=False).exists()
    assert job.screening_questions.filter(approved_at__isnull=True).count() >= 3


def test_hr_edits_a_question_and_an_approved_one_needs_approving_again(
    client, job, manager, questions
):
    question = questions[0]
    client.force_login(manager)
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert f'id="id_q{question.pk}_text"' in page and "Edit question" in page
    response = client.post(
        reverse("question_edit", args=[job.pk]),
        {
            "question": question.pk,
            "text": "Walk me through the last Django upgrade you led.",
            "follow_ups": "What broke?\n\nHow did you roll back?",
            "expected_keywords": "Django, migration, , rollback",
        },
        follow=True,
    )
    question.refresh_from_db()
    assert question.text == "Walk me through the last Django upgrade you led."
    assert question.follow_ups == ["What broke?", "How did you roll back?"]
    assert question.expected_keywords == ["Django", "migration", "rollback"]
    assert question.approved_at is None and question.edited_by == manager
    assert question not in job.screening_questions.ready_to_ask()
    assert "needs approving again" in response.content.decode()


def test_an_edited_question_needs_text(client, job, manager, questions):
    question = questions[0]
    client.force_login(manager)
    client.post(reverse("question_edit", args=[job.pk]), {"question": question.pk, "text": "  "})
    question.refresh_from_db()
    assert question.text and question.approved_at


def test_only_those_who_manage_the_job_edit_its_questions(client, job, manager, questions):
    question = questions[0]
    interviewer = user_with(roles.INTERVIEWER, username="interviewer")
    job.interviewers.add(interviewer)
    other_manager = user_with(roles.HIRING_MANAGER, username="other")
    data = {"question": question.pk, "text": "Changed?"}
    client.force_login(interviewer)
    assert client.post(reverse("question_edit", args=[job.pk]), data).status_code == 404
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "Edit question" not in page
    client.force_login(other_manager)
    assert client.post(reverse("question_edit", args=[job.pk]), data).status_code == 404
    # nor through a job they do manage: the question must belong to the job in the URL
    their_job = type(job).objects.create(title="Theirs", hiring_manager=other_manager)
    client.post(reverse("question_edit", args=[their_job.pk]), data)
    question.refresh_from_db()
    assert question.text != "Changed?"
    assert ScreeningQuestion.objects.filter(text="Changed?").count() == 0

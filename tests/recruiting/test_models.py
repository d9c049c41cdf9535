import pytest
from django.db import IntegrityError, transaction

from recruiting.models import Application, Candidate, Resume
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    JobFactory,
    ResumeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_candidate_email_is_stored_lower_cased():
    CandidateFactory(email="Maya.Okafor@Example.com")
    assert Candidate.objects.get().email == "maya.okafor@example.com"


def test_two_people_may_share_an_email_or_a_phone():
    """Issue 9: a family or placeholder address is shared by different people, so email
    and phone are indexed, not unique; intake tells people apart by name."""
    CandidateFactory(name="John Smith", email="Smiths@example.com", phone="+14155550101")
    CandidateFactory(name="Jane Smith", email="smiths@example.com", phone="+14155550101")
    assert Candidate.objects.filter(email="smiths@example.com").count() == 2
    assert Candidate.objects.filter(phone="+14155550101").count() == 2


def test_many_candidates_may_have_no_email_or_phone():
    CandidateFactory(email="", phone="")
    CandidateFactory(email="", phone="")
    assert Candidate.objects.count() == 2


def test_one_application_per_candidate_and_job():
    application = ApplicationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(candidate=application.candidate, job=application.job)
    ApplicationFactory(candidate=application.candidate, job=JobFactory())
    assert Application.objects.count() == 2


def test_one_resume_per_candidate_and_file_hash():
    resume = ResumeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Resume.objects.create(
            candidate=resume.candidate, original_name="again.txt", sha256=resume.sha256
        )
    # The same bytes for someone else, or not yet attributed to anyone, are allowed.
    Resume.objects.create(candidate=CandidateFactory(), original_name="x", sha256=resume.sha256)
    Resume.objects.create(candidate=None, original_name="y", sha256=resume.sha256)
    Resume.objects.create(candidate=None, original_name="z", sha256=resume.sha256)


def test_staff_email_is_unique_whatever_its_case():
    UserFactory(username="ann", email="ann@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(username="ann2", email="ANN@example.com")


def test_stored_resume_keys_reveal_nothing_about_the_person():
    resume = ResumeFactory(original_name="Maya Okafor - Resume.pdf")
    assert "maya" not in resume.file.name.lower()
    assert resume.file.name.startswith("resumes/")
    assert resume.file.name.endswith(".pdf")


def test_overrides_win_over_computed_rank_and_recommendation():
    application = ApplicationFactory(rank=7, recommendation="hold")
    assert application.effective_rank == 7
    application.rank_override = 1
    application.recommendation_override = "advance"
    assert application.effective_rank == 1
    assert application.effective_recommendation == "advance"

import hashlib

import factory
from django.core.files.base import ContentFile

from recruiting.models import Application, Candidate, ImportBatch, Job, Resume, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    is_staff = True
    password = factory.django.Password("correct horse battery staple")


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    title = "Senior Backend Engineer"
    description = (
        "We are hiring a senior backend engineer.\n\nMust have:\n- 5+ years of Python\n"
        "- Django\n- PostgreSQL\n\nNice to have:\n- Kubernetes\n- AWS\n"
    )
    location = "Remote"


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"candidate{n}@example.org")


class ImportBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportBatch

    job = factory.SubFactory(JobFactory)
    source = ImportBatch.Source.ADMIN


class ResumeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resume

    class Params:
        content = factory.Sequence(lambda n: f"Resume number {n}\nPython developer".encode())

    candidate = factory.SubFactory(CandidateFactory)
    original_name = factory.Sequence(lambda n: f"resume-{n}.txt")
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())
    size = factory.LazyAttribute(lambda o: len(o.content))
    file = factory.LazyAttribute(lambda o: ContentFile(o.content, name=o.original_name))
    content_type = "text/plain"


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    candidate = factory.SubFactory(CandidateFactory)
    job = factory.SubFactory(JobFactory)

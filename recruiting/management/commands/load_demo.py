"""Load the demo: a staff user, one open job and the demo resumes, through the real intake.

The job's requirements and phone-screen questions are drafted offline and approved, as HR
would on the job page, and the job starts a phone screen by itself for every candidate whose
screening scores at least ``DEMO_PHONE_SCREEN_THRESHOLD``: the worker screens the resumes,
and the call simulator then plays those screens inside each candidate's calling hours. Among
them the demo has complete calls, a voicemail (a number ending in 7) and an opt-out (9).

Running it again changes nothing: the user, the job, its questions and its demo import are
found, not duplicated.
"""

from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ai import services as ai_services
from ai.providers import get_provider
from interviews import services as interview_services
from recruiting import services
from recruiting.models import ImportBatch, Job, User
from recruiting.roles import RECRUITER

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
DEMO_USERNAME = "recruiter"
DEMO_EMAIL = "recruiter@example.com"
# A local demo on 127.0.0.1 only; production has no demo and no default account.
DEMO_PASSWORD = "demo-recruiter-2026"  # noqa: S105
# Offline, the strong demo resumes score about 69 and up against the approved requirements,
# the partial ones about 64 and down: the strong five are phoned (voicemail and opt-out
# among them), no one else.
DEMO_PHONE_SCREEN_THRESHOLD = Decimal("66")


def read_job_description(path: Path) -> tuple[str, str]:
    """The first line (a markdown heading) is the title; the rest is the description."""
    lines = path.read_text(encoding="utf-8").strip().splitlines()
    return lines[0].lstrip("# ").strip(), "\n".join(lines[1:]).strip()


class Command(BaseCommand):
    help = "Create the demo staff user, job and resumes (harmless to run twice)."

    def handle(self, *args, **options):
        if not settings.DEMO_ALLOWED:
            raise CommandError(
                "load_demo creates a superuser whose password is published; these settings "
                f"({settings.SETTINGS_MODULE}) do not allow it (DEMO_ALLOWED is off, as in "
                "production). Run it with config.settings.local."
            )
        with transaction.atomic():
            user = self._user()
            job, created = self._job(user)
            approved = self._phone_screen_questions(job, user)
            imported = self._resumes(job, user)
        self.stdout.write(self.style.SUCCESS("Demo ready."))
        self.stdout.write(f"  Job: {job.title} ({'created' if created else 'already there'})")
        self.stdout.write(
            f"  Resumes: {imported} queued for the worker"
            if imported
            else "  Resumes: already imported"
        )
        self.stdout.write(
            f"  Phone-screen questions: {approved} approved"
            if approved
            else "  Phone-screen questions: already approved"
        )
        if job.phone_screen_threshold is not None:
            self.stdout.write(
                f"  Phone screens: started for candidates screened at {job.phone_screen_threshold}"
                " or more, called by the simulator inside their calling hours"
            )
        self.stdout.write("  Sign in at http://127.0.0.1:8000/ with")
        self.stdout.write(f"    email:    {DEMO_EMAIL}")
        self.stdout.write(f"    password: {DEMO_PASSWORD}")

    def _user(self) -> User:
        user, created = User.objects.get_or_create(
            username=DEMO_USERNAME,
            defaults={
                "email": DEMO_EMAIL,
                "first_name": "Riley",
                "last_name": "Recruiter",
                "is_staff": True,
                "is_superuser": True,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.groups.add(Group.objects.get_or_create(name=RECRUITER)[0])
        return user

    def _job(self, user: User) -> tuple[Job, bool]:
        title, description = read_job_description(DEMO_DIR / "job.md")
        return Job.objects.get_or_create(
            title=title,
            defaults={
                "description": description,
                "location": "Remote (US or Canada)",
                "status": Job.Status.OPEN,
                "created_by": user,
                "hiring_manager": user,
                "phone_screen_threshold": DEMO_PHONE_SCREEN_THRESHOLD,
            },
        )

    def _phone_screen_questions(self, job: Job, user: User) -> int:
        """Questions a demo phone screen can ask: requirements and questions drafted and
        approved through the services HR's buttons call. Drafted offline whatever
        ``AI_PROVIDER`` says, so the demo loads without a network or a bill."""
        if job.screening_questions.ready_to_ask().exists():
            return 0
        if not job.requirements_approved_at:
            ai_services.job_requirements_approve(
                job, user=user, requirements=ai_services.job_requirements_for(job).to_dict()
            )
        interview_services.job_questions_generate(job, provider=get_provider("local"))
        return interview_services.job_questions_approve(job, user=user)

    def _resumes(self, job: Job, user: User) -> int:
        if job.import_batches.filter(source=ImportBatch.Source.DEMO).exists():
            return 0
        paths = sorted(p for p in (DEMO_DIR / "resumes").iterdir() if p.is_file())
        services.resumes_import(
            job=job,
            files=[services.IncomingFile(name=p.name, data=p.read_bytes()) for p in paths],
            source=ImportBatch.Source.DEMO,
            created_by=user,
        )
        return len(paths)

"""Who may see and do what, at the level of a job.

Roles are groups. A recruiter sees and does everything; a hiring manager works on the jobs
they manage; an interviewer reads the jobs they interview for and leaves feedback. Views,
admin and API fetch objects through these querysets, so an id typed into a URL for
someone else's job is simply not found.
"""

from django.db.models import Q, QuerySet

from recruiting.models import Application, Candidate, Event, Job, PossibleDuplicate, Resume, User

RECRUITER = "Recruiter"
HIRING_MANAGER = "Hiring manager"
INTERVIEWER = "Interviewer"
ROLES = (RECRUITER, HIRING_MANAGER, INTERVIEWER)


def _group_names(user: User) -> set[str]:
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True))
    return user._role_names


def is_recruiter(user: User) -> bool:
    return user.is_active and (user.is_superuser or RECRUITER in _group_names(user))


def has_any_role(user: User) -> bool:
    return user.is_active and (user.is_superuser or bool(_group_names(user) & set(ROLES)))


def jobs_for(user: User) -> QuerySet[Job]:
    """The jobs ``user`` may read."""
    if not user.is_authenticated or not has_any_role(user):
        return Job.objects.none()
    if is_recruiter(user):
        return Job.objects.all()
    return Job.objects.filter(Q(hiring_manager=user) | Q(interviewers=user)).distinct()


def jobs_managed_by(user: User) -> QuerySet[Job]:
    """The jobs ``user`` may change: upload to, screen, shortlist, reject, approve."""
    if not user.is_authenticated:
        return Job.objects.none()
    if is_recruiter(user):
        return Job.objects.all()
    if HIRING_MANAGER in _group_names(user):
        return Job.objects.filter(hiring_manager=user)
    return Job.objects.none()


def can_manage(user: User, job: Job) -> bool:
    return jobs_managed_by(user).filter(pk=job.pk).exists()


def applications_for(user: User) -> QuerySet[Application]:
    return Application.objects.filter(job__in=jobs_for(user))


def resumes_for(user: User) -> QuerySet[Resume]:
    """The resumes of applications the user may read, and the files uploaded to their jobs.

    Not every resume of those candidates: a file sent to another job is that job's
    business, and so is the fact that the person applied there.
    """
    if is_recruiter(user):
        return Resume.objects.all()
    jobs = jobs_for(user)
    return Resume.objects.filter(
        Q(pk__in=Application.objects.filter(job__in=jobs).values("resume")) | Q(batch__job__in=jobs)
    )


def events_for(user: User) -> QuerySet[Event]:
    """Timeline events of the jobs the user may read; an event of no job (a merge, a
    legacy upload) is the back office's, so recruiters only."""
    if is_recruiter(user):
        return Event.objects.all()
    return Event.objects.filter(job__in=jobs_for(user))


def candidates_known_to(user: User | None) -> QuerySet[Candidate]:
    """The candidates intake may join a file or CSV row from ``user`` to.

    A recruiter (or the command line, with no user) sees every candidate. Anyone else only
    those who applied to a job they can read: joining someone from another job would show
    that job's contact details on theirs, and tell them the person had applied elsewhere.
    """
    if user is None or is_recruiter(user):
        return Candidate.objects.all()
    return Candidate.objects.filter(
        pk__in=Application.objects.filter(job__in=jobs_for(user)).values("candidate")
    )


def duplicates_resolvable_by(user: User) -> QuerySet[PossibleDuplicate]:
    """The possible duplicates ``user`` may merge or keep apart: those where they may
    manage every job either candidate applied to (in practice, recruiters)."""
    if not user.is_authenticated:
        return PossibleDuplicate.objects.none()
    if is_recruiter(user):
        return PossibleDuplicate.objects.all()
    outside = Application.objects.exclude(job__in=jobs_managed_by(user)).values("candidate")
    managed = Application.objects.filter(job__in=jobs_managed_by(user)).values("candidate")
    return (
        PossibleDuplicate.objects.filter(candidate__in=managed, existing__in=managed)
        .exclude(candidate__in=outside)
        .exclude(existing__in=outside)
    )

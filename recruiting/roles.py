"""Who may see and do what, at the level of a job.

Roles are groups. A recruiter sees and does everything; a hiring manager works on the jobs
they manage; an interviewer reads the jobs they interview for and leaves feedback. Views,
admin and API fetch objects through these querysets, so an id typed into a URL for
someone else's job is simply not found.
"""

from django.db.models import Q, QuerySet

from recruiting.models import Application, Job, Resume, User

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
    """Resumes of candidates who applied to a job the user may read."""
    if is_recruiter(user):
        return Resume.objects.all()
    return Resume.objects.filter(candidate__applications__job__in=jobs_for(user)).distinct()

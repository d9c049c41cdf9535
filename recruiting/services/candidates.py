"""Who a parsed resume belongs to: the same file, or an email or phone with agreeing names,
else a new candidate (and possible duplicates for a recruiter); then the resume is
attached to them and they get an application for the batch's job."""

from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from config.tasks import enqueue
from recruiting import identity, roles
from recruiting.models import (
    Application,
    Candidate,
    Event,
    PossibleDuplicate,
    Resume,
)
from recruiting.services.events import event_add

# address can be on hundreds of files; the first few are enough to find the person, and
# every file beyond still gets its own candidate.
MATCH_LOOKUP_LIMIT = 50
# How many possible duplicates one file may raise, so a placeholder address does not
# flood the recruiters' review list.
MAX_POSSIBLE_DUPLICATES = 5


@dataclass
class CandidateMatch:
    """Who a parsed resume belongs to, how that was decided, and who else it might be."""

    candidate: Candidate
    how: str  # a Resume.Match value
    possible_duplicates: list[tuple[Candidate, str]]  # (existing candidate, MatchedOn)


def _candidate_for(resume: Resume, profile) -> CandidateMatch:
    """Find the resume's candidate, or create one.

    The same file already on a candidate means that candidate. Otherwise a candidate with
    the same email or phone is joined only when the names agree (``identity.names_agree``);
    an email match is preferred to a phone match. Contact details that match without the
    names agreeing make a new candidate and a possible duplicate for a recruiter. Only
    candidates the uploader could already see are joined (``roles.candidates_known_to``),
    so a hiring manager's upload never reveals another job's candidate.

    Runs inside the caller's transaction; concurrent parses of the same email or phone
    are serialised by ``identity_lock``.
    """
    if resume.candidate_id:  # named by a CSV row
        return CandidateMatch(resume.candidate, Resume.Match.CSV_ROW, [])
    known_to_uploader = roles.candidates_known_to(resume.batch.created_by)
    same_file = (
        Resume.objects.filter(sha256=resume.sha256, candidate__isnull=False)
        .exclude(pk=resume.pk)
        .select_related("candidate")
        .order_by("pk")
        .first()
    )
    if same_file and known_to_uploader.filter(pk=same_file.candidate_id).exists():
        return CandidateMatch(same_file.candidate, Resume.Match.SAME_FILE, [])

    email, phone = profile.email.strip().lower(), profile.phone
    chosen, others = candidate_match(
        name=profile.name,
        email=email,
        phone=phone,
        known_to=known_to_uploader,
        same_file=same_file.candidate if same_file else None,
    )
    if chosen is not None:
        return CandidateMatch(chosen, Resume.Match.JOINED_EXISTING, others)
    candidate = Candidate.objects.create(
        name=profile.name, email=email, phone=phone, location=profile.location
    )
    how = Resume.Match.POSSIBLE_DUPLICATE if others else Resume.Match.NEW_CANDIDATE
    return CandidateMatch(candidate, how, others)


def candidate_match(
    *,
    name: str,
    email: str,
    phone: str,
    known_to: QuerySet[Candidate],
    same_file: Candidate | None = None,
) -> tuple[Candidate | None, list[tuple[Candidate, str]]]:
    """The known candidate that ``name``, ``email`` and ``phone`` belong to, if any, and
    the candidates they might be (``(candidate, PossibleDuplicate.MatchedOn)``).

    A candidate is chosen only from ``known_to``, when the email or phone matches and the
    names agree; an email match wins over a phone match, then the same name written the
    same way, then the oldest. Every other match (names that disagree, candidates outside
    ``known_to``, ``same_file``'s candidate) is a possible duplicate.

    Locks the email and phone for the caller's transaction (see ``identity_lock``), so
    the caller may create the candidate when none is chosen.
    """
    email = email.strip().lower()
    identity_lock([key for key in (email, phone) if key])
    matched: dict[int, tuple[Candidate, set[str]]] = {}
    if same_file is not None:
        matched[same_file.pk] = (same_file, {"file"})
    lookups = []
    if email:
        lookups.append(
            ("email", Candidate.objects.alias(email_ci=Lower("email")).filter(email_ci=email))
        )
    if phone:
        lookups.append(("phone", Candidate.objects.filter(phone=phone)))
    for what, queryset in lookups:
        for candidate in queryset.select_for_update().order_by("pk")[:MATCH_LOOKUP_LIMIT]:
            matched.setdefault(candidate.pk, (candidate, set()))[1].add(what)

    joinable = set(known_to.filter(pk__in=matched).values_list("pk", flat=True))
    wanted = sorted(identity.name_tokens(name))
    agreeing = [
        candidate
        for candidate, how in matched.values()
        if candidate.pk in joinable
        and how & {"email", "phone"}
        and identity.names_agree(candidate.name, name)
    ]
    chosen = min(
        agreeing,
        key=lambda c: (
            "email" not in matched[c.pk][1],
            sorted(identity.name_tokens(c.name)) != wanted,
            c.pk,
        ),
        default=None,
    )
    others = [
        (candidate, _matched_on(how))
        for candidate, how in sorted(matched.values(), key=lambda pair: pair[0].pk)
        if candidate != chosen
    ][:MAX_POSSIBLE_DUPLICATES]
    return chosen, others


def _matched_on(how: set[str]) -> str:
    if {"email", "phone"} <= how:
        return PossibleDuplicate.MatchedOn.EMAIL_AND_PHONE
    if "email" in how:
        return PossibleDuplicate.MatchedOn.EMAIL
    if "phone" in how:
        return PossibleDuplicate.MatchedOn.PHONE
    return PossibleDuplicate.MatchedOn.FILE


def identity_lock(keys: list[str]) -> None:
    """Hold a transaction-long lock on each email and phone, so two workers parsing files
    of the same new person do not both create them. Email and phone are not unique any
    more, so the database cannot refuse the second insert for us. SQLite runs one writer
    at a time, which serialises the same way."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in sorted(set(keys)):
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"candidate:{key}"])


def candidate_attach(resume: Resume, profile) -> Application:
    """Find or create the resume's candidate (``_candidate_for``) and attach the resume to
    them, in one transaction; returns their application to the batch's job."""
    with transaction.atomic():
        return _attach(resume, _candidate_for(resume, profile), profile)


def _attach(resume: Resume, match: CandidateMatch, profile) -> Application:
    """Add the resume to its candidate and make sure they have an application for the
    batch's job.

    Each application keeps the resume it was made with: a file sent to another job does
    not change it; a new file sent to the same job does, and the timeline says so.
    """
    candidate = match.candidate
    job = resume.batch.job
    actor = resume.batch.created_by
    known = candidate.resumes.filter(sha256=resume.sha256).exclude(pk=resume.pk).first()
    application, created = Application.objects.get_or_create(
        candidate=candidate, job=job, defaults={"resume": known or resume}
    )
    if created:
        event_add(
            candidate,
            Event.Kind.APPLIED,
            f"Applied to {job.title}.",
            application=application,
            actor=actor,
        )
    if known:
        _same_file(resume, known, application)
    else:
        _new_file(resume, match.how, profile, application)
    possible_duplicates_record(candidate, match.possible_duplicates, resume)
    enqueue("ai.tasks.screen_application", application.pk)
    return application


def _same_file(resume: Resume, known: Resume, application: Application) -> None:
    """The candidate already has this very file: the resume is kept as a duplicate of it."""
    resume.status = Resume.Status.DUPLICATE
    resume.duplicate_of = known
    resume.match = Resume.Match.SAME_FILE
    resume.processed_at = timezone.now()
    resume.save(update_fields=["status", "duplicate_of", "match", "processed_at", "updated_at"])
    event_add(
        application.candidate,
        Event.Kind.RESUME_DUPLICATE,
        f"{resume.original_name} is the same file as {known.original_name}.",
        application=application,
        actor=resume.batch.created_by,
    )


def _new_file(resume: Resume, how: str, profile, application: Application) -> None:
    """A new file of the candidate: their current resume, and the application's when it
    is for the same job."""
    candidate = application.candidate
    actor = resume.batch.created_by
    candidate.resumes.filter(is_current=True).update(is_current=False)
    resume.candidate = candidate
    resume.profile = profile.to_dict()
    resume.is_current = True
    resume.status = Resume.Status.PARSED
    resume.match = how
    resume.processed_at = timezone.now()
    resume.save(
        update_fields=[
            "candidate",
            "profile",
            "is_current",
            "status",
            "match",
            "processed_at",
            "updated_at",
        ]
    )
    _refresh_candidate(candidate, profile)
    event_add(
        candidate,
        Event.Kind.RESUME_UPLOADED,
        f"{resume.original_name} added ({resume.batch.get_source_display()}).",
        application=application,
        actor=actor,
        data={"resume": resume.pk},
    )
    if application.resume_id == resume.pk:
        return
    previous = application.resume
    application.resume = resume
    application.save(update_fields=["resume", "updated_at"])
    if previous is not None:
        event_add(
            candidate,
            Event.Kind.RESUME_UPLOADED,
            f"{resume.original_name} replaces {previous.original_name} as the "
            f"resume for {application.job.title}.",
            application=application,
            actor=actor,
            data={"resume": resume.pk, "previous": previous.pk},
        )


def possible_duplicates_record(candidate, others, resume=None) -> None:
    """A possible duplicate per pair, once: a pair a recruiter already kept apart (or is
    reviewing) is not raised again."""
    for other, matched_on in others:
        if other.pk == candidate.pk:
            continue
        pair = Q(candidate=candidate, existing=other) | Q(candidate=other, existing=candidate)
        if PossibleDuplicate.objects.filter(pair).exists():
            continue
        older, newer = sorted((candidate, other), key=lambda c: c.pk)
        PossibleDuplicate.objects.create(
            candidate=newer, existing=older, matched_on=matched_on, resume=resume
        )
        label = PossibleDuplicate.MatchedOn(matched_on).label
        # No job: only recruiters read it, since it names a candidate of other jobs.
        event_add(
            candidate,
            Event.Kind.POSSIBLE_DUPLICATE,
            f"Possible duplicate of {other} (candidate #{other.pk}, {label}); "
            "a recruiter decides whether to merge.",
            data={"other": other.pk, "resume": resume.pk if resume else None},
        )


def _refresh_candidate(candidate: Candidate, profile) -> None:
    """The newest resume's profile becomes the candidate's (the back office shows it; job
    pages show each application's own resume). Contact details are only filled in, never
    overwritten, since HR may have corrected them."""
    candidate.profile = profile.to_dict()
    for field in ("name", "email", "phone", "location"):
        if not getattr(candidate, field) and getattr(profile, field):
            setattr(candidate, field, getattr(profile, field))
    candidate.save()

"""Possible duplicates resolved by a recruiter: merged into one candidate, or kept apart."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from recruiting import roles
from recruiting.models import (
    Application,
    Candidate,
    Event,
    PossibleDuplicate,
    Resume,
    User,
)
from recruiting.services.decisions import DecisionError
from recruiting.services.events import event_add
from recruiting.signals import applications_folded, applications_folding

# How far along an application is, to choose which one survives when two candidates who
# turn out to be one person both applied to the same job. Closed ones count least.
_PROGRESS = {
    Application.Stage.REJECTED: -2,
    Application.Stage.WITHDRAWN: -1,
    Application.Stage.NEW: 0,
    Application.Stage.SCREENED: 1,
    Application.Stage.SHORTLISTED: 2,
    Application.Stage.PHONE_SCREEN: 3,
    Application.Stage.INTERVIEW: 4,
    Application.Stage.OFFER: 5,
    Application.Stage.HIRED: 6,
}


def candidate_duplicate_resolve(
    *, duplicate: PossibleDuplicate, action: str, by: User
) -> PossibleDuplicate:
    """Merge a possible duplicate into its existing candidate, or keep the two apart.

    ``action`` is "merge" or "keep_apart". Only someone who may manage every job either
    candidate applied to may decide (``roles.duplicates_resolvable_by``). Idempotent: a
    duplicate already resolved is returned unchanged. The duplicate and both candidates are
    locked for the transaction, so two clicks merge once.
    """
    if action not in ("merge", "keep_apart"):
        raise DecisionError(f"Unknown action {action!r}: merge or keep apart.")
    with transaction.atomic():
        locked = PossibleDuplicate.objects.select_for_update().filter(pk=duplicate.pk).first()
        if locked is None:
            raise DecisionError("This possible duplicate no longer exists.")
        if locked.status != PossibleDuplicate.Status.OPEN:
            return locked
        if not roles.duplicates_resolvable_by(by).filter(pk=locked.pk).exists():
            raise DecisionError(
                "Only a recruiter (someone who manages every job of both candidates) can "
                "decide whether they are one person."
            )
        pair = list(
            Candidate.objects.select_for_update()
            .filter(pk__in=[locked.candidate_id, locked.existing_id])
            .order_by("pk")
        )
        survivor = next(c for c in pair if c.pk == locked.existing_id)
        other = next(c for c in pair if c.pk == locked.candidate_id)
        how = locked.get_matched_on_display()
        if action == "keep_apart":
            locked.status = PossibleDuplicate.Status.KEPT_APART
            for one, two in ((survivor, other), (other, survivor)):
                event_add(
                    one,
                    Event.Kind.KEPT_APART,
                    f"Kept apart from {two} (candidate #{two.pk}, {how}): two people.",
                    actor=by,
                    data={"other": two.pk, "duplicate": locked.pk},
                )
        else:
            locked.status = PossibleDuplicate.Status.MERGED
            notes = _candidates_merge(survivor=survivor, gone=other, duplicate=locked)
            event_add(
                survivor,
                Event.Kind.MERGED,
                " ".join(
                    [f"Merged {other} (candidate #{other.pk}, {how}) into this candidate.", *notes]
                ),
                actor=by,
                data={"merged": other.pk, "duplicate": locked.pk},
            )
        locked.resolved_by = by
        locked.resolved_at = timezone.now()
        locked.save(update_fields=["status", "resolved_by", "resolved_at", "updated_at"])
        if action == "merge":
            other.delete()
            locked.refresh_from_db()
    return locked


def _candidates_merge(*, survivor: Candidate, gone: Candidate, duplicate) -> list[str]:
    """Move everything of ``gone`` to ``survivor``; returns sentences for the timeline.
    ``gone`` is left empty for the caller to delete."""
    _merge_resumes(survivor, gone)
    notes = _merge_applications(survivor, gone)
    _merge_possible_duplicates(survivor, gone, duplicate)
    # Events, and anything added later that points at a candidate.
    for relation in Candidate._meta.related_objects:
        if relation.one_to_many and relation.related_model is not PossibleDuplicate:
            relation.related_model._base_manager.filter(**{relation.field.name: gone}).update(
                **{relation.field.name: survivor}
            )
    # Contact details: what the survivor lacks; consent and notices: the earliest; do not
    # call: if either asked.
    for field in ("name", "email", "phone", "location", "timezone"):
        if not getattr(survivor, field) and getattr(gone, field):
            setattr(survivor, field, getattr(gone, field))
    for field in ("consent_at", "privacy_notice_sent_at"):
        dates = [d for d in (getattr(survivor, field), getattr(gone, field)) if d]
        setattr(survivor, field, min(dates) if dates else None)
    survivor.do_not_call = survivor.do_not_call or gone.do_not_call
    survivor.save()
    return notes


def _merge_resumes(survivor: Candidate, gone: Candidate) -> None:
    """The same file on both stays once, as the survivor's; the newest parsed one is current."""
    survivor_files = {r.sha256: r for r in survivor.resumes.all()}
    for resume in gone.resumes.all():
        twin = survivor_files.get(resume.sha256)
        if twin is None:
            resume.candidate = survivor
            resume.save(update_fields=["candidate", "updated_at"])
            continue
        Application.objects.filter(resume=resume).update(resume=twin)
        resume.candidate = None
        resume.status = Resume.Status.DUPLICATE
        resume.duplicate_of = twin
        resume.is_current = False
        resume.save(
            update_fields=["candidate", "status", "duplicate_of", "is_current", "updated_at"]
        )
    newest = survivor.resumes.filter(status=Resume.Status.PARSED).order_by("-created_at").first()
    survivor.resumes.exclude(pk=getattr(newest, "pk", None)).update(is_current=False)
    if newest is not None:
        survivor.resumes.filter(pk=newest.pk).update(is_current=True)
        survivor.profile = newest.profile


def _merge_applications(survivor: Candidate, gone: Candidate) -> list[str]:
    """One application per job: when both applied to a job, the one further along stays
    (the earlier one on a tie) and everything of the other is folded into it."""
    notes = []
    for application in gone.applications.select_related("job"):
        mine = survivor.applications.filter(job=application.job).first()
        if mine is None:
            application.candidate = survivor
            application.save(update_fields=["candidate", "updated_at"])
            continue
        keep, drop = sorted(
            (mine, application),
            key=lambda a: (-_PROGRESS.get(a.stage, 0), a.created_at, a.pk),
        )
        _fold_application(keep, drop)
        if keep.candidate_id != survivor.pk:
            keep.candidate = survivor
            keep.save(update_fields=["candidate", "updated_at"])
        notes.append(
            f"Both had applied to {application.job.title}: kept the application at "
            f"{keep.get_stage_display()} (from {keep.created_at:%b %-d, %Y}) and folded in "
            f"the one at {drop.get_stage_display()}."
        )
    return notes


def _fold_application(keep: Application, drop: Application) -> None:
    """Move every row of ``drop`` onto ``keep`` and delete ``drop``. The apps whose rows
    hang off an application make room first, or refuse (``applications_folding``)."""
    applications_folding.send(sender=Application, keep=keep, drop=drop)
    for relation in Application._meta.related_objects:
        if relation.one_to_many:
            relation.related_model._base_manager.filter(**{relation.field.name: drop}).update(
                **{relation.field.name: keep}
            )
    drop.delete()
    applications_folded.send(sender=Application, keep=keep)


def _merge_possible_duplicates(survivor: Candidate, gone: Candidate, duplicate) -> None:
    """Other possible duplicates of the merged candidate now concern the survivor."""
    for other in PossibleDuplicate.objects.filter(Q(candidate=gone) | Q(existing=gone)).exclude(
        pk=duplicate.pk
    ):
        third = other.existing_id if other.candidate_id == gone.pk else other.candidate_id
        same_pair = Q(candidate=survivor, existing_id=third) | Q(
            candidate_id=third, existing=survivor
        )
        if third == survivor.pk or PossibleDuplicate.objects.filter(same_pair).exists():
            other.delete()
        elif other.candidate_id == gone.pk:
            PossibleDuplicate.objects.filter(pk=other.pk).update(candidate=survivor)
        else:
            PossibleDuplicate.objects.filter(pk=other.pk).update(existing=survivor)

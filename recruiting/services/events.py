"""The candidate's timeline: events written by the services, and notes by people."""

from recruiting.models import (
    Application,
    Candidate,
    Event,
    User,
)


def event_add(candidate, kind, message, *, application=None, actor=None, data=None) -> Event:
    return Event.objects.create(
        candidate=candidate,
        kind=kind,
        message=message,
        application=application,
        actor=actor,
        data=data or {},
    )


def candidate_note_add(
    *, candidate: Candidate, by: User, text: str, application: Application | None = None
) -> Event:
    return event_add(candidate, Event.Kind.NOTE, text.strip(), application=application, actor=by)

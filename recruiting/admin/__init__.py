"""The back office (Django admin) of the recruiting app, one module per area.

* ``base``: who may use the back office (recruiters), ``ReadOnlyInline`` and ``RecordAdmin``.
* ``users``: staff accounts and rights; other apps' models for superusers only.
* ``jobs``: jobs and the upload of resumes or a CSV onto one.
* ``candidates``: candidates, consent records, possible duplicates.
* ``resumes``: import batches and resumes.
* ``applications``: applications, their score filter and bulk actions.
* ``events``: the event log.

Django's autodiscovery imports this package; importing the modules registers their admins.
"""

from recruiting.admin import (  # noqa: F401 - imported to register their admins
    applications,
    candidates,
    events,
    jobs,
    resumes,
    users,
)
from recruiting.admin.base import ReadOnlyInline, RecordAdmin

__all__ = ["ReadOnlyInline", "RecordAdmin"]

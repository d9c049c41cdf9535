"""What the AI tells the layers above it, so they can act without it importing them.

``job_requirements_changed`` (sender ``Job``, with ``job``): what is asked of candidates
changed (a new draft, or HR's approval of different requirements), inside the transaction
that stored them. The job's phone-screen questions were written for the old ones.

``screening_finished`` (sender ``Application``, with ``application`` and ``score``): a resume
screening was stored and the application's scores updated, inside that transaction. A
receiver that starts slow work must enqueue it (``config.tasks.enqueue`` sends on commit).
"""

from django.dispatch import Signal

job_requirements_changed = Signal()
screening_finished = Signal()

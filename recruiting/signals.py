"""What the domain tells the layers above it, so they can act without it importing them.

Receivers are connected in each app's ``AppConfig.ready``.

``applications_folding`` (sender ``Application``, with ``keep`` and ``drop``): a merge of
duplicate candidates is about to fold two applications of one person to one job into
``keep``, inside the merge's transaction. A receiver makes room for moving its rows from
``drop`` onto ``keep``, or refuses the merge by raising ``DecisionError`` with the reason.

``applications_folded`` (sender ``Application``, with ``keep``): they are folded; ``keep``
holds what both had.
"""

from django.dispatch import Signal

applications_folding = Signal()
applications_folded = Signal()

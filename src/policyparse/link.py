"""Link tasks to the targets and deadlines that fall inside them.

Records are found by bisection over their start offsets, not by a scan of all records per
task: a 50,000-row task table has as many tasks as targets, and the scan was quadratic.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence

from .models import DateMention, Target, Task


class _Starts:
    """Spans indexed by start: the indices (in the original list order) of those inside [s, e]."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.order = sorted(range(len(spans)), key=lambda i: spans[i][0])
        self.starts = [spans[i][0] for i in self.order]
        self.spans = spans

    def inside(self, s: int, e: int) -> list[int]:
        lo, hi = bisect.bisect_left(self.starts, s), bisect.bisect_right(self.starts, e)
        return sorted(i for i in self.order[lo:hi] if self.spans[i][1] <= e)


def link_tasks(tasks: list[Task], targets: list[Target], dates: list[DateMention]) -> list[Task]:
    """Tasks with ``target_ids`` and ``deadline`` filled from records inside their span."""
    target_index = _Starts([t.span for t in targets])
    deadlines = [(d.span, d.value) for d in dates if d.kind == "deadline"]
    deadline_index = _Starts([span for span, _ in deadlines])
    out = []
    for task in tasks:
        s, e = task.span
        ids = target_index.inside(s, e)
        deadline = task.deadline
        if not deadline:
            inside = deadline_index.inside(s, e)
            deadline = deadlines[inside[0]][1] if inside else None
        if ids or task.target_ids or deadline != task.deadline:  # copy only when something changes
            task = task.model_copy(update={"target_ids": ids, "deadline": deadline})
        out.append(task)
    return out


def link_targets(tasks: list[Task], targets: list[Target]) -> list[Target]:
    """Targets with the deadline of the task-table row they stand in, when they name none.

    A task table's deadline column (完成时限 / 完成时间 / 时间节点) dates every target of its
    row (GUIDE: the row's 完成时限 is the deadline of the row's target). Only table rows
    (``seq`` set) lend their deadline: a clause with an inline marker may hold several
    sentences with dates of their own, and the guide ties a number only to its sentence's date.
    """
    rows = [task for task in tasks if task.seq is not None and task.deadline]
    # rows in document order that do not overlap (a table's rows): the row holding a target is
    # the last one starting at or before it; otherwise the first row in list order that holds it
    spans = [r.span for r in rows]
    disjoint = all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    starts = [s for s, _ in spans]
    out = []
    for target in targets:
        row = None
        if target.deadline is None:
            ts, te = target.span
            if disjoint:
                i = bisect.bisect_right(starts, ts) - 1
                row = rows[i] if i >= 0 and te <= spans[i][1] else None
            else:
                row = next((r for r in rows if r.span[0] <= ts and te <= r.span[1]), None)
        out.append(target if row is None else target.model_copy(update={"deadline": row.deadline}))
    return out

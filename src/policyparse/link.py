"""Link tasks to the targets and deadlines that fall inside them."""

from __future__ import annotations

from .models import DateMention, Target, Task


def link_tasks(tasks: list[Task], targets: list[Target], dates: list[DateMention]) -> list[Task]:
    """Tasks with ``target_ids`` and ``deadline`` filled from records inside their span."""
    target_spans = [t.span for t in targets]
    deadlines = [(d.span, d.value) for d in dates if d.kind == "deadline"]
    out = []
    for task in tasks:
        s, e = task.span
        ids = [i for i, (ts, te) in enumerate(target_spans) if s <= ts and te <= e]
        deadline = task.deadline or next((v for (ds, de), v in deadlines if s <= ds and de <= e), None)
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
    out = []
    for target in targets:
        row = None
        if target.deadline is None:
            row = next((r for r in rows if r.span[0] <= target.span[0] and target.span[1] <= r.span[1]), None)
        out.append(target if row is None else target.model_copy(update={"deadline": row.deadline}))
    return out

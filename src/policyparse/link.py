"""Link tasks to the targets and deadlines that fall inside them."""

from __future__ import annotations

from .models import DateMention, Target, Task


def link_tasks(tasks: list[Task], targets: list[Target], dates: list[DateMention]) -> list[Task]:
    """Tasks with ``target_ids`` and ``deadline`` filled from records inside their span."""
    out = []
    for task in tasks:
        s, e = task.span
        ids = [i for i, t in enumerate(targets) if s <= t.span[0] and t.span[1] <= e]
        deadline = task.deadline or next(
            (d.value for d in dates if d.kind == "deadline" and s <= d.span[0] and d.span[1] <= e), None
        )
        out.append(task.model_copy(update={"target_ids": ids, "deadline": deadline}))
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

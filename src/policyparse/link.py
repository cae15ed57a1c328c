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

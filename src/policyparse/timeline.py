"""``timeline(docs) -> DataFrame``: one row per (metric, year) across a corpus of notices.

Metrics are clustered the way :func:`policyparse.diff.diff` pairs them: a target joins the
cluster whose wordings it is most similar to (metric key similarity at least
``TARGET_THRESHOLD``, same base unit, same kind, both levels or both changes), at most one target per document and cluster; otherwise it
starts a new cluster. Only annual targets count (within-year milestones are a schedule, see
``diff``). When several notices state a value for the same metric and year, the latest notice
(by its date) wins. Each row carries its provenance: document path, span, clause id, text.

Plotting (``plot_timeline``) uses matplotlib's Agg backend and a CJK font found among the
installed fonts (Noto Sans CJK, WenQuanYi, Droid Sans Fallback …).
"""

from __future__ import annotations

import os
import sys
import types
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .diff import (
    TARGET_THRESHOLD,
    DocLike,
    distinct_targets,
    is_milestone,
    metric_text,
    plan_year,
)
from .loaders.registry import found_in_folders
from .metric_key import MetricKeyer, keyer
from .models import PolicyDocument, Target
from .rules import RuleSet, load_rules

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.typing import RcKeyType

COLUMNS = [
    "metric",
    "year",
    "value",
    "value_max",
    "unit",
    "comparator",
    "kind",
    "direction",
    "baseline",
    "metric_text",
    "text",
    "document",
    "doc_date",
    "span_start",
    "span_end",
    "clause_id",
    "cluster",
]
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Noto Serif CJK SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "Source Han Sans SC",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "AR PL UMing CN",
)


@dataclass
class _Cluster:
    index: int
    unit: str
    # what may join: one kind (goal, standard, requirement), levels or changes (下降10%)
    kind: str = "goal"
    change: bool = False
    name: str = ""
    keys: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    documents: set[int] = field(default_factory=set)


def _documents(docs: DocLike | Iterable[DocLike], rules: RuleSet) -> list[PolicyDocument]:
    from .api import parse_many
    from .diff import as_document

    if isinstance(docs, (str, os.PathLike)) and Path(docs).is_dir():
        files = sorted(p for p in Path(docs).rglob("*") if found_in_folders(p))
        parsed = [d for d in parse_many(files, rules=rules) if isinstance(d, PolicyDocument)]
        return parsed
    if isinstance(docs, (PolicyDocument, str, bytes, os.PathLike)):
        return [as_document(docs, rules)]
    return [as_document(d, rules) for d in docs]


def _doc_order(doc: PolicyDocument) -> tuple[str, str]:
    """Sort key: the notice's date (or its year), then its path; later sorts last."""
    date = doc.meta.date or str(plan_year(doc) or "")
    return (date, doc.source.path or "")


def _best_cluster(
    t: Target, unit: str, clusters: list[_Cluster], doc_no: int, keys: MetricKeyer
) -> _Cluster | None:
    text = metric_text(t)
    best, best_score = None, TARGET_THRESHOLD
    for c in clusters:
        if (
            c.unit != unit
            or doc_no in c.documents
            or c.kind != t.kind
            or c.change != (t.direction is not None)
        ):
            continue
        score = max(keys.similarity(text, other) for other in c.texts)
        if score >= best_score and (best is None or score > best_score):
            best, best_score = c, score
    return best


def timeline(
    docs: DocLike | Iterable[DocLike],
    *,
    metric: str | None = None,
    rules: RuleSet | str | os.PathLike | None = None,
) -> pd.DataFrame:
    """The value of every metric by year across notices (documents, paths or a folder).

    ``metric`` keeps only the clusters with a wording that contains it or is similar to it.
    """
    import pandas as pd

    ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules)
    keys = keyer(ruleset)
    documents = sorted(_documents(docs, ruleset), key=_doc_order)
    clusters: list[_Cluster] = []
    by_key: dict[tuple[str, str, str, bool], list[_Cluster]] = {}
    latest: dict[tuple[int, int | None], dict[str, Any]] = {}
    for doc_no, doc in enumerate(documents):
        year_of_doc = plan_year(doc)
        for t in distinct_targets(doc, keys):
            if is_milestone(t):
                continue
            unit, factor = keys.base_unit(t.unit)
            key = keys.key(metric_text(t)).text
            change = t.direction is not None
            # an identical key is the same metric: skip the similarity search
            same = [c for c in by_key.get((key, unit, t.kind, change), []) if doc_no not in c.documents]
            cluster = same[0] if same else _best_cluster(t, unit, clusters, doc_no, keys)
            if cluster is None:
                cluster = _Cluster(len(clusters), unit, t.kind, change)
                clusters.append(cluster)
            if key not in cluster.keys:
                cluster.keys.append(key)
                cluster.texts.append(metric_text(t))
                by_key.setdefault((key, unit, t.kind, change), []).append(cluster)
            cluster.documents.add(doc_no)
            cluster.name = metric_text(t)  # documents are in date order: the newest wording names it
            year = t.year or year_of_doc
            # documents are in date order: a later notice overwrites the same (metric, year)
            latest[(cluster.index, year)] = {
                "metric_text": metric_text(t),
                "year": year,
                "value": t.value * factor,
                "value_max": t.value_max * factor if t.value_max is not None else None,
                "unit": unit,
                "comparator": t.comparator.value,
                "kind": t.kind,
                "direction": t.direction,
                "baseline": t.baseline,
                "text": t.text,
                "document": doc.source.path,
                "doc_date": doc.meta.date,
                "span_start": t.span[0],
                "span_end": t.span[1],
                "clause_id": t.clause_id,
                "cluster": cluster.index,
            }
    names = {c.index: c.name for c in clusters}
    rows = [{"metric": names[row["cluster"]], **row} for row in latest.values()]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    if metric:
        wanted = {
            c.index
            for c in clusters
            if any(metric in text or keys.similarity(metric, text) >= TARGET_THRESHOLD for text in c.texts)
        }
        frame = frame[frame["cluster"].isin(wanted)]
    frame = frame.astype(
        {
            "year": "Int64",
            "baseline": "Int64",
            "span_start": "Int64",
            "span_end": "Int64",
            "value_max": "float64",
        }
    )
    return frame.sort_values(["cluster", "year"], na_position="first").reset_index(drop=True)


# -- plotting --------------------------------------------------------------------------------


def cjk_font() -> str | None:
    """The family name of an installed font that has Chinese glyphs, or None."""
    from matplotlib import font_manager

    manager = font_manager.fontManager
    # the cached list may also name fonts since removed
    installed = {f.name for f in manager.ttflist if os.path.exists(f.fname)}
    found = next((name for name in CJK_FONTS if name in installed), None)
    if found is None:
        # matplotlib's font list is cached on disk and not refreshed when fonts are installed
        # later (apt-get install fonts-noto-cjk after the first chart): add the new files
        known = {f.fname for f in manager.ttflist}
        for path in font_manager.findSystemFonts():
            if path not in known:
                try:
                    manager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue  # a font file FreeType cannot read: not one to draw with
        installed = {f.name for f in manager.ttflist if os.path.exists(f.fname)}
        found = next((name for name in CJK_FONTS if name in installed), None)
    return found


def plot_timeline(frame: pd.DataFrame, out: str | os.PathLike, *, title: str = "目标值逐年变化") -> Path:
    """Draw value by year, one line per metric (one panel per unit), and save a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .logs import quiet_dependencies

    quiet_dependencies()  # "findfont: …" and glyph warnings are logged, held back unless debugging

    font = cjk_font()
    if font is None:
        warnings.warn(
            "no CJK font found (install fonts-noto-cjk): Chinese labels will not render", stacklevel=2
        )
    rc: dict[RcKeyType, Any] = (
        {"font.sans-serif": [font, "DejaVu Sans"], "axes.unicode_minus": False} if font else {}
    )
    data = frame.dropna(subset=["year"])
    units = sorted(data["unit"].unique()) or [""]
    years = sorted(int(y) for y in data["year"].unique())
    with plt.rc_context(rc), warnings.catch_warnings():
        # one warning above says the font is missing; not one more per missing glyph
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from", category=UserWarning)
        fig, axes = plt.subplots(len(units), 1, figsize=(9, 3.2 * len(units)), squeeze=False)
        for ax, unit in zip(axes[:, 0], units, strict=True):
            for name, series in data[data["unit"] == unit].groupby("metric", sort=False):
                series = series.sort_values("year")
                ax.plot(series["year"].astype(int), series["value"], marker="o", label=str(name))
            ax.set_ylabel(unit)
            ax.set_xlabel("年份")
            if years:  # one shared axis of whole years, also for panels with a single point
                ax.set_xticks(years)
                ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
            if ax.get_legend_handles_labels()[0]:
                ax.legend(fontsize=8, loc="best")
        axes[0, 0].set_title(title)
        fig.tight_layout()
        path = Path(out)
        fig.savefig(path, dpi=110)
        plt.close(fig)
    return path


class _CallableModule(types.ModuleType):
    """``policyparse.timeline`` is both this module and the function (see ``diff``)."""

    def __call__(self, *args: Any, **kwargs: Any) -> pd.DataFrame:
        return timeline(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

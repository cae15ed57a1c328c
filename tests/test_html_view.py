"""The HTML view: every record highlighted with its exact text, self-contained, readable in Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from policyparse.html_view import HIGHLIGHTS, _marks, highlight, render_fragment, render_html, write_html
from policyparse.models import DateMention, PolicyDocument, Source
from view_fixtures import SAMPLES, gold_document, records, synthetic_document


class _ViewParser(HTMLParser):
    """Collects the text under each ``data-rec`` highlight, the plain text of the notice, the legend."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: dict[str, list[str]] = {}
        self.tags: dict[str, set[str]] = {}
        self.text_parts: list[str] = []
        self.legend: list[str] = []
        self._stack: list[tuple[str, str | None, str | None]] = []  # (tag, data-rec, class)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and not a.get("href"):  # anchors are empty elements in effect
            self._stack.append((tag, None, "anchor"))
            return
        self._stack.append((tag, a.get("data-rec"), a.get("class")))
        if a.get("data-rec"):
            self.pieces.setdefault(a["data-rec"], [])
            self.tags.setdefault(a["data-rec"], set()).add(tag)

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        classes = {c for _, _, c in self._stack if c}
        if "pp-text" in classes:
            self.text_parts.append(data)
        if "pp-legend" in classes:
            self.legend.append(data)
        for _, rec, _ in self._stack:
            if rec:
                self.pieces[rec].append(data)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)


def _read(html_text: str) -> _ViewParser:
    p = _ViewParser()
    p.feed(html_text)
    p.close()
    return p


DOC_IDS = ["synthetic", *(p.stem[:3] for p in SAMPLES)]


@pytest.fixture(scope="module", params=range(len(DOC_IDS)), ids=DOC_IDS)
def document(request: pytest.FixtureRequest) -> PolicyDocument:
    return synthetic_document() if request.param == 0 else gold_document(SAMPLES[request.param - 1])


def test_source_text_shown_unchanged(document: PolicyDocument) -> None:
    assert _read(render_fragment(document)).text == document.source.text


def test_every_record_highlighted_with_its_exact_text(document: PolicyDocument) -> None:
    view = _read(render_fragment(document))
    for kind, i, record in records(document):
        rec = f"{kind}-{i}"
        assert "".join(view.pieces[rec]) == record.text, rec  # type: ignore[attr-defined]
        assert view.tags[rec] == {"mark"}


def test_gold_documents_have_records_to_show() -> None:
    # guards the parametrised tests above against vacuous passes
    assert sum(len(records(gold_document(p))) for p in SAMPLES) >= 20


def test_crossing_records_are_split_not_lost() -> None:
    doc = synthetic_document()
    out = render_fragment(doc)
    crossing = len(doc.departments) - 1
    assert out.count(f'data-rec="departments-{crossing}"') == 2  # closed at the target's end, reopened
    assert out.count(f'id="departments-{crossing}"') == 1  # one anchor for the side-table link


def test_legend_and_side_tables() -> None:
    doc = synthetic_document()
    view = _read(render_fragment(doc))
    legend = "".join(view.legend)
    for label, _ in HIGHLIGHTS.values():
        assert label in legend
    out = render_fragment(doc)
    for kind in HIGHLIGHTS:
        assert f'data-kind="{kind}"' in out
    assert 'href="#clause-一.一"' in out and 'id="clause-一.一"' in out  # outline links to the clause


def test_text_is_escaped() -> None:
    out = render_fragment(synthetic_document())
    assert "<b>" not in out and "&lt;b&gt;&amp;amp;&lt;/b&gt;" in out


def test_standalone_page_has_no_external_resources(tmp_path: Path) -> None:
    page = render_html(synthetic_document(), title="示例")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    for needle in ("http://", "https://", "<script", "<link", "@import", "url("):
        assert needle not in page
    out = write_html(synthetic_document(), tmp_path / "v.html")
    assert out.read_text(encoding="utf-8") == render_html(synthetic_document())


def test_repr_html_is_the_view() -> None:
    doc = synthetic_document()
    assert doc._repr_html_() == render_fragment(doc)


def _compact(out: str) -> str:
    """``<mark … data-rec="dates-N" …>`` -> ``<N>``, ``</mark>`` -> ``</>``."""
    out = re.sub(r'<mark class="pp-dates" data-rec="dates-(\d+)"[^>]*>', r"<\1>", out)
    return out.replace("</mark>", "</>")


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("abc", [], "abc"),
        ("abc", [(0, 3)], "<0>abc</>"),
        ("abcd", [(0, 4), (1, 2)], "<0>a<1>b</>cd</>"),
        ("abcd", [(0, 2), (1, 4)], "<0>a<1>b</></><1>cd</>"),
        ("a<b", [(1, 2)], "a<0>&lt;</>b"),
        ("abc", [(2, 9), (1, 1), (-1, 2)], "abc"),
    ],
    ids=["none", "whole", "nested", "crossing", "escaped", "bad-spans-ignored"],
)
def test_highlight_nesting(text: str, spans: list[tuple[int, int]], expected: str) -> None:
    doc = PolicyDocument(
        source=Source(text=text),
        dates=[
            DateMention(text=text[max(s, 0) : e], value="2025", kind="year", span=(s, e)) for s, e in spans
        ],
    )
    assert _compact(highlight(text, _marks(doc))) == expected


# -- a real browser ---------------------------------------------------------------------------

CHROMIUM = next(
    (b for b in ("chromium", "chromium-browser", "google-chrome", "chrome") if shutil.which(b)), None
)


def _chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess[bytes]:
    assert CHROMIUM
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
           f"--user-data-dir={profile}", *args]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, timeout=120, check=False)


def _hex(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary on PATH (install chromium + fonts-noto-cjk)")
def test_view_in_headless_chromium(tmp_path: Path) -> None:
    doc = synthetic_document()
    page = write_html(doc, tmp_path / "view.html")

    dom = _chromium(["--dump-dom", page.as_uri()], tmp_path / "profile-dom")
    assert dom.returncode == 0, dom.stderr.decode(errors="replace")[-2000:]
    view = _read(dom.stdout.decode("utf-8"))
    assert view.text == doc.source.text  # what the browser shows is the notice as written
    for kind, i, record in records(doc):
        assert "".join(view.pieces[f"{kind}-{i}"]) == record.text  # type: ignore[attr-defined]
    assert all(label in "".join(view.legend) for label, _ in HIGHLIGHTS.values())

    shot = tmp_path / "view.png"
    run = _chromium(
        [f"--screenshot={shot}", "--window-size=1280,900", page.as_uri()], tmp_path / "profile-png"
    )
    assert run.returncode == 0 and shot.stat().st_size > 10_000, run.stderr.decode(errors="replace")[-2000:]
    image = pytest.importorskip("PIL.Image").open(shot).convert("RGB")
    counts = {colour: n for n, colour in image.getcolors(maxcolors=1 << 24)}
    for kind, (_, colour) in HIGHLIGHTS.items():
        r, g, b = _hex(colour)
        near = sum(n for (pr, pg, pb), n in counts.items() if abs(pr - r) + abs(pg - g) + abs(pb - b) <= 12)
        assert near > 200, f"{kind} highlight colour {colour} not visible in {shot}"
    dark = sum(n for (pr, pg, pb), n in counts.items() if pr + pg + pb < 200)
    assert dark > 2000, "no text drawn"


# -- tasks and task tables ----------------------------------------------------------------------

TABLE_NOTICE = ("关于印发2026年职业培训工作要点的通知\n各区人力资源社会保障局：\n一、重点任务\n"
                "\t序号\n\t工作内容\n\t牵头部门\n\t完成时限\n\n"
                "\t1\n\t完成补贴性职业技能培训65万人次\n\t市人社局\n\t2026年6月底前\n\n"
                "\t2\n\t新增高技能人才\n3万人\n\t市财政局\n\t2026年12月底前\n\n"
                "二、保障措施\n加强组织领导。\n")  # fmt: skip


class _Tables(HTMLParser):
    """Rows of cell texts of every <table>, by class."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[str, list[list[str]]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append((dict(attrs).get("class") or "", []))
        elif tag == "tr" and self.tables:
            self.tables[-1][1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _tables(html_text: str) -> _Tables:
    parser = _Tables()
    parser.feed(html_text)
    return parser


def test_task_table_rows_are_drawn_as_table_rows() -> None:
    from policyparse import parse_text

    doc = parse_text(TABLE_NOTICE)
    out = render_fragment(doc)
    source = [rows for cls, rows in _tables(out).tables if cls == "pp-srctable"]
    assert len(source) == 1
    cells = [[cell.strip() for cell in row] for row in source[0]]
    assert cells == [["序号", "工作内容", "牵头部门", "完成时限"],
                     ["1", "完成补贴性职业技能培训65万人次", "市人社局", "2026年6月底前"],
                     ["2", "新增高技能人才\n3万人", "市财政局", "2026年12月底前"]]  # fmt: skip
    view = _read(out)
    assert view.text == doc.source.text  # every character is still shown, in order
    for kind, i, record in records(doc):
        assert "".join(view.pieces[f"{kind}-{i}"]) == record.text
    assert out.count('id="targets-0"') == 1


def test_tasks_are_listed_with_lead_and_deadline() -> None:
    from policyparse import parse_text

    doc = parse_text(TABLE_NOTICE)
    assert len(doc.tasks) == 2
    tasks = [rows for cls, rows in _tables(render_fragment(doc)).tables if cls == "pp-table"][-1]
    assert tasks[0] == ["条款/序号", "任务 task", "牵头 lead", "配合 co", "期限 deadline", "目标 targets"]
    assert tasks[1:] == [["1", "完成补贴性职业技能培训65万人次", "市人社局", "", "2026-06-30", "0"],
                         ["2", "新增高技能人才3万人", "市财政局", "", "2026-12-31", ""]]  # fmt: skip
    assert 'data-kind="tasks"' in render_fragment(doc) and "任务 Tasks 2" in render_fragment(doc)


def test_a_document_without_tables_or_tasks_has_neither() -> None:
    out = render_fragment(synthetic_document())
    assert "pp-srctable" not in out.split("</style>")[1] and 'data-kind="tasks"' not in out


TABLE_SAMPLES = [*SAMPLES, *(SAMPLES[0].parents[1] / p for p in ("holdout/h05_district_task_table.txt",
                                                                   "holdout3/h3_06_jingde_water_table.txt",
                                                                   "pdf/001_73d4c39dd0a74372.pdf"))]  # fmt: skip


@pytest.mark.parametrize("path", TABLE_SAMPLES, ids=[p.stem[:6] for p in TABLE_SAMPLES])
def test_parsed_samples_keep_their_text_with_tables_drawn(path: Path) -> None:
    from policyparse import parse

    doc = parse(path)
    out = render_fragment(doc)
    if "\n\t" in doc.source.text:
        assert out.count('<table class="pp-srctable">') >= 1
    view = _read(out)
    assert view.text == doc.source.text
    for kind, i, record in records(doc):
        assert "".join(view.pieces[f"{kind}-{i}"]) == record.text

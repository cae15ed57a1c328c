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
        dates=[DateMention(text=text[max(s, 0) : e], value="2025", kind="year", span=(s, e)) for s, e in spans],
    )
    assert _compact(highlight(text, _marks(doc))) == expected


# -- a real browser ---------------------------------------------------------------------------

CHROMIUM = next((b for b in ("chromium", "chromium-browser", "google-chrome", "chrome") if shutil.which(b)), None)


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
    run = _chromium([f"--screenshot={shot}", "--window-size=1280,900", page.as_uri()], tmp_path / "profile-png")
    assert run.returncode == 0 and shot.stat().st_size > 10_000, run.stderr.decode(errors="replace")[-2000:]
    image = pytest.importorskip("PIL.Image").open(shot).convert("RGB")
    counts = {colour: n for n, colour in image.getcolors(maxcolors=1 << 24)}
    for kind, (_, colour) in HIGHLIGHTS.items():
        r, g, b = _hex(colour)
        near = sum(n for (pr, pg, pb), n in counts.items() if abs(pr - r) + abs(pg - g) + abs(pb - b) <= 12)
        assert near > 200, f"{kind} highlight colour {colour} not visible in {shot}"
    dark = sum(n for (pr, pg, pb), n in counts.items() if pr + pg + pb < 200)
    assert dark > 2000, "no text drawn"

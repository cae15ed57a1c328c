"""DOCX: paragraphs and tables in body order, with Word's automatic numbering rendered.

python-docx drops list numbers (they live in ``numbering.xml``, not in the text), so a
clause typed as ``一、`` and one numbered by Word would parse differently. We replay Word's
counters here: one counter set per abstract list, reset by ``startOverride`` of a list
instance and by ``lvlRestart``, rendered through the level's ``lvlText`` and ``numFmt``.

Tables follow the loader convention (see ``loaders/__init__``): a vertically merged cell
(``vMerge`` continuation) is written empty, a horizontally merged cell (``gridSpan``) once,
and the paragraphs of a cell after the first continue on lines without a tab, separated by
a blank line as in ``corpora/dev/001``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import CorruptFile, EncryptedDocument, PolicyParseError, UnsafeDocument
from ..limits import DEFAULT_LIMITS, Limits, check_depth, check_table, check_zip, read_member
from ..numerals import int_to_cn
from .loaded import Loaded, sha256_of
from .xml_safety import ZIP_ERRORS, refuse_dtd

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # an encrypted DOCX is an OLE compound file, not a zip


# -- numbering ------------------------------------------------------------------------------

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"


def _roman(n: int) -> str:
    out = []
    for value, sym in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                       (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):  # fmt: skip
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    # Word repeats the letter: a..z, aa..zz
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """Render counter ``n`` in Word's ``numFmt`` (unknown formats fall back to decimal)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "taiwaneseCounting",
               "taiwaneseCountingThousand", "japaneseCounting"):  # fmt: skip
        return int_to_cn(n)
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _HEAVENLY_STEMS[n - 1]
    if fmt == "ideographZodiac" and 1 <= n <= 12:
        return _EARTHLY_BRANCHES[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth":
        return str(n).translate({ord(d): chr(ord(d) + 0xFEE0) for d in "0123456789"})
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


@dataclass(frozen=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # lvlRestart: restart after this (1-based) level; 0 = never
    is_legal: bool = False  # isLgl: show every level's number as decimal
    suffix: str = "tab"  # what Word puts between the label and the text: tab, space, nothing


def _val(el: Any, tag: str) -> str | None:
    child = el.find(W + tag)
    return None if child is None else child.get(W + "val")


# Word has 9 list levels (ilvl 0-8); the label loop runs once per level below the paragraph's
_MAX_ILVL = 8


def _ilvl(value: str | None) -> int:
    """A list level, 0-8 (0 when absent); junk (``ilvl="abc"``, ``99999999999``) is a damaged file."""
    if value is None:
        return 0
    if not (value.isascii() and value.isdigit()) or int(value) > _MAX_ILVL:
        raise CorruptFile(f"numbering level ilvl={value[:20]!r} is not a list level 0-{_MAX_ILVL}")
    return int(value)


def _list_number(value: str | None, what: str, limits: Limits) -> int | None:
    """A list counter value (``w:start``, ``w:startOverride``) within ``limits.max_list_number``:
    a start of 10^11 rendered as letters is a 4 GB label."""
    if value is None:
        return None
    digits = value.lstrip("-")
    if not (digits.isascii() and digits.isdigit()):
        return None  # Word ignores a junk value; so do we (the default start applies)
    if len(digits) > 12 or abs(int(value)) > limits.max_list_number:
        raise UnsafeDocument(
            f"numbering {what} {value[:20]}{'…' if len(value) > 20 else ''} is over the limit of "
            f"{limits.max_list_number:,} (Limits.max_list_number)"
        )
    return max(0, int(value))


def _parse_level(lvl: Any, limits: Limits = DEFAULT_LIMITS) -> Level:
    start = _list_number(_val(lvl, "start"), "start", limits)
    restart = _val(lvl, "lvlRestart")
    return Level(
        start=1 if start is None else start,
        fmt=_val(lvl, "numFmt") or "decimal",
        text=_val(lvl, "lvlText") or "",
        restart=int(restart) if restart and restart.isdigit() else None,
        is_legal=lvl.find(W + "isLgl") is not None,
        suffix=_val(lvl, "suff") or "tab",
    )


@dataclass
class Numbering:
    """The lists of ``numbering.xml`` and the running counters while reading the body."""

    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    num_abstract: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    overrides: dict[str, dict[int, Level]] = field(default_factory=dict)  # numId -> ilvl -> level
    start_overrides: dict[str, dict[int, int]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)  # abstractNumId -> ilvl -> n
    seen_nums: set[str] = field(default_factory=set)

    @classmethod
    def from_xml(cls, root: Any | None, limits: Limits = DEFAULT_LIMITS) -> Numbering:
        nb = cls()
        if root is None:
            return nb
        for an in root.iter(W + "abstractNum"):
            aid = an.get(W + "abstractNumId")
            nb.abstract[aid] = {
                _ilvl(lv.get(W + "ilvl")): _parse_level(lv, limits) for lv in an.findall(W + "lvl")
            }
        for num in root.iter(W + "num"):
            nid = num.get(W + "numId")
            aid = _val(num, "abstractNumId")
            if nid is None or aid is None:
                continue
            nb.num_abstract[nid] = aid
            for ov in num.findall(W + "lvlOverride"):
                ilvl = _ilvl(ov.get(W + "ilvl"))
                so = _list_number(_val(ov, "startOverride"), "startOverride", limits)
                if so is not None:
                    nb.start_overrides.setdefault(nid, {})[ilvl] = so
                lv = ov.find(W + "lvl")
                if lv is not None:
                    nb.overrides.setdefault(nid, {})[ilvl] = _parse_level(lv, limits)
        return nb

    def level(self, num_id: str, ilvl: int) -> Level | None:
        if ilvl in self.overrides.get(num_id, {}):
            return self.overrides[num_id][ilvl]
        aid = self.num_abstract.get(num_id)
        return None if aid is None else self.abstract.get(aid, {}).get(ilvl)

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of (list, level) and return the rendered label ('' for bullets)."""
        aid = self.num_abstract.get(num_id)
        lvl = self.level(num_id, ilvl)
        if aid is None or lvl is None:
            return ""
        counters = self.counters.setdefault(aid, {})
        if num_id not in self.seen_nums:
            # a list instance with startOverride restarts the shared counters
            self.seen_nums.add(num_id)
            for o_lvl, start in self.start_overrides.get(num_id, {}).items():
                counters[o_lvl] = start - 1
        counters[ilvl] = counters.get(ilvl, lvl.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            d = self.level(num_id, deeper)
            # lvlRestart=0: never restart; lvlRestart=N: restart only after level N (1-based)
            if d is not None and d.restart is not None and (d.restart == 0 or d.restart - 1 < ilvl):
                continue
            del counters[deeper]
        if lvl.fmt in ("bullet", "none"):
            return ""
        text = lvl.text
        for k in range(ilvl, -1, -1):  # %10 is not a thing; levels are 1..9
            if f"%{k + 1}" not in text:
                continue
            k_lvl = self.level(num_id, k) or Level()
            n = counters.get(k, k_lvl.start)
            fmt = "decimal" if lvl.is_legal and k < ilvl else k_lvl.fmt
            text = text.replace(f"%{k + 1}", format_number(n, fmt))
        # 1、 and （一） need no separator; a bare number or 第一条 gets the space Word shows
        if (
            text
            and lvl.suffix != "nothing"
            and ((text[-1].isascii() and text[-1].isalnum()) or "\u4e00" <= text[-1] <= "\u9fff")
        ):
            text += " "
        return text


# -- body -----------------------------------------------------------------------------------


@dataclass
class _Reader:
    numbering: Numbering
    style_numpr: dict[str, tuple[str, int]]  # styleId -> (numId, ilvl) from styles.xml
    lines: list[str] = field(default_factory=list)
    limits: Limits = DEFAULT_LIMITS
    depth: int = 0  # tables the reader is inside

    def paragraph_text(self, p: Any) -> str:
        parts: list[str] = []
        for el in p.iter():
            tag = el.tag
            if tag == W + "t":
                parts.append(el.text or "")
            elif tag in (W + "tab", W + "ptab"):
                parts.append(" ")  # a tab inside a paragraph is not a table cell
            elif tag in (W + "br", W + "cr"):
                parts.append("\n")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            elif tag == W + "sym":
                parts.append("")
        text = "".join(parts)
        label = self.numbering_label(p)
        if label:
            text = label + text.lstrip()
        return text

    def numbering_label(self, p: Any) -> str:
        ppr = p.find(W + "pPr")
        num_id: str | None = None
        ilvl = 0
        if ppr is not None:
            numpr = ppr.find(W + "numPr")
            if numpr is not None:
                num_id = _val(numpr, "numId")
                ilvl = _ilvl(_val(numpr, "ilvl"))
            if num_id is None:
                style = _val(ppr, "pStyle")
                if style in self.style_numpr:
                    num_id, ilvl = self.style_numpr[style]
        if not num_id or num_id == "0":  # numId 0 removes numbering
            return ""
        return self.numbering.label(num_id, ilvl)

    def cell_text(self, tc: Any) -> str:
        paras: list[str] = []
        for child in tc:
            if child.tag == W + "p":
                t = self.paragraph_text(child).strip()
                if t:
                    paras.append(t)
            elif child.tag == W + "tbl":  # a nested table: its own cells' text, in order
                # (not child.iter(tc): that also yields the cells of tables nested deeper, which
                # their own cell reads again: 2^depth, 20 levels in 944 bytes took > 10 GB)
                self.depth += 1
                check_depth(self.depth, "tables", self.limits)
                for inner in (tc for tr in child.iterchildren(W + "tr") for tc in tr.iterchildren(W + "tc")):
                    t = self.cell_text(inner)
                    if t:
                        paras.append(t)
                self.depth -= 1
        return "\n\n".join(p.replace("\n", "\n\n") for p in paras)

    def table(self, tbl: Any) -> None:
        rows_out: list[list[str]] = []
        n_cells = 0
        for n_rows, tr in enumerate(tbl.iterchildren(W + "tr"), 1):  # nested tables' rows: cell_text
            cells: list[str] = []
            n_cells += len(tr)
            check_table(n_rows, n_cells, self.limits)
            for tc in tr.findall(W + "tc"):
                tcpr = tc.find(W + "tcPr")
                vmerge = tcpr.find(W + "vMerge") if tcpr is not None else None
                if vmerge is not None and vmerge.get(W + "val", "continue") != "restart":
                    cells.append("")  # continuation of a vertically merged cell
                else:
                    cells.append(self.cell_text(tc))
            if any(cells):
                rows_out.append(cells)
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
        for cells in rows_out:
            self.lines.extend("\t" + c for c in cells)
            self.lines.append("")

    def body(self, parent: Any) -> None:
        for child in parent:
            if child.tag == W + "p":
                self.lines.append(self.paragraph_text(child))
            elif child.tag == W + "tbl":
                self.table(child)
            elif child.tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    self.body(content)


def _style_numbering(styles_root: Any | None) -> dict[str, tuple[str, int]]:
    """Styles that carry a numPr (e.g. a heading style linked to a list), following basedOn."""
    if styles_root is None:
        return {}
    direct: dict[str, tuple[str | None, int | None]] = {}
    based: dict[str, str] = {}
    for st in styles_root.iter(W + "style"):
        sid = st.get(W + "styleId")
        if sid is None:
            continue
        b = _val(st, "basedOn")
        if b:
            based[sid] = b
        ppr = st.find(W + "pPr")
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        if numpr is not None:
            raw_ilvl = _val(numpr, "ilvl")  # absent: the basedOn style's level applies
            direct[sid] = (_val(numpr, "numId"), None if raw_ilvl is None else _ilvl(raw_ilvl))
    out: dict[str, tuple[str, int]] = {}
    for sid in set(direct) | set(based):
        num_id: str | None = None
        ilvl: int | None = None
        cur: str | None = sid
        for _ in range(10):  # basedOn chains are short; guard against cycles
            if cur is None:
                break
            if cur in direct:
                n, lv = direct[cur]
                num_id = num_id or n
                ilvl = ilvl if ilvl is not None else lv
            cur = based.get(cur)
        if num_id:
            out[sid] = (num_id, ilvl or 0)
    return out


def _iter_lines(lines: list[str]) -> Iterator[str]:
    blank = False
    for line in lines:
        if line == "":
            if not blank:
                yield line
            blank = True
        else:
            blank = False
            yield line


def check_package(
    data: bytes, limits: Limits = DEFAULT_LIMITS, *, path: str | None = None, kind: str = "DOCX"
) -> None:
    """Refuse a zip bomb (from the zip directory) and XML parts with a DTD, before parsing
    (DOCX and OFD packages; ``kind`` names the format in the error)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            check_zip(infos, limits, path=path)
            for info in infos:  # every member, whatever its name: see xml_safety
                if not info.is_dir():
                    refuse_dtd(info.filename, read_member(zf, info, limits, path=path), path=path)
    except PolicyParseError:  # a ValueError too: let it through as it is
        raise
    except ZIP_ERRORS as e:
        # damaged members, unsupported compression (NotImplementedError), bad CRC (BadZipFile)
        raise CorruptFile(f"not a readable {kind} file ({type(e).__name__}: {e})", path=path) from e
    except RuntimeError as e:  # zipfile: an encrypted member needs a password
        raise EncryptedDocument(f"the {kind} has encrypted parts ({e})", path=path) from e


_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def _parts_directly(data: bytes, limits: Limits, path: str | None) -> tuple[Any, Any | None, Any | None]:
    """(body, numbering root, styles root) read from the zip without python-docx: for packages
    python-docx refuses although Word and WPS open them (a relationship to a missing part such
    as WPS's ``Target="../NULL"`` image, a missing optional part). The main part is the one
    ``_rels/.rels`` names (else ``word/document.xml``); numbering and styles are those its
    relationships name (else the usual part names), each used only if present."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = {i.filename: i for i in zf.infolist()}

        def xml(name: str) -> Any | None:
            info = names.get(name)
            if info is None:
                return None
            try:
                return etree.fromstring(read_member(zf, info, limits, path=path), parser)
            except etree.XMLSyntaxError:
                return None

        def targets(rels_name: str, base: str) -> dict[str, str]:
            root = xml(rels_name)
            out: dict[str, str] = {}
            for rel in [] if root is None else root.iter(_REL_NS + "Relationship"):
                kind, target = rel.get("Type", ""), rel.get("Target", "")
                if kind.startswith(_REL_TYPE) and target and rel.get("TargetMode") != "External":
                    import posixpath

                    full = (
                        target.lstrip("/")
                        if target.startswith("/")
                        else posixpath.normpath(posixpath.join(base, target))
                    )
                    out.setdefault(kind[len(_REL_TYPE) :], full)
            return out

        main = targets("_rels/.rels", "").get("officeDocument", "word/document.xml")
        if main not in names:
            main = "word/document.xml"
        root = xml(main)
        body = None if root is None else root.find(W + "body")
        if body is None:
            raise CorruptFile("not a readable DOCX file (no word/document.xml with a body)", path=path)
        base = main.rsplit("/", 1)[0] if "/" in main else ""
        rels = targets(f"{base}/_rels/{main.rsplit('/', 1)[-1]}.rels" if base else f"_rels/{main}.rels", base)
        numbering = xml(rels.get("numbering", f"{base}/numbering.xml"))
        styles = xml(rels.get("styles", f"{base}/styles.xml"))
    return body, numbering, styles


def docx_read(
    data: bytes, *, path: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> tuple[str, list[str]]:
    """The text of a DOCX file in the loader convention, and warnings."""
    if data.startswith(_OLE_MAGIC):
        raise EncryptedDocument("the DOCX is password protected (or is an old .doc renamed .docx)", path=path)
    check_package(data, limits, path=path)
    warnings: list[str] = []
    try:
        import docx  # python-docx

        document = docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile as e:
        raise CorruptFile(f"not a readable DOCX file ({type(e).__name__}: {e})", path=path) from e
    except Exception as e:  # python-docx refuses dangling relationships, missing parts, odd content types
        body, numbering_root, styles_root = _parts_directly(data, limits, path)
        warnings.append(
            f"python-docx could not open the package ({type(e).__name__}: {e}); word/document.xml was read directly"
        )
    else:
        part = document.part
        try:
            numbering_root = part.numbering_part.element
        except (KeyError, NotImplementedError):
            numbering_root = None
        try:
            styles_root = part.styles.element
        except (KeyError, NotImplementedError):
            styles_root = None
        body = document.element.body
    reader = _Reader(Numbering.from_xml(numbering_root, limits), _style_numbering(styles_root), limits=limits)
    reader.body(body)
    return "\n".join(_iter_lines(reader.lines)).strip("\n") + "\n", warnings


def docx_to_text(data: bytes, *, path: str | None = None, limits: Limits = DEFAULT_LIMITS) -> str:
    """The text of a DOCX file in the loader convention."""
    return docx_read(data, path=path, limits=limits)[0]


def load_docx(data: bytes, *, path: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    text, warnings = docx_read(data, path=path, limits=limits)
    return Loaded(text=text, format="docx", path=path, sha256=sha256_of(data), warnings=tuple(warnings))

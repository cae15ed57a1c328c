"""Ruled table grids from pdfium's own path objects (no second PDF parser on the hot path).

The method is pdfplumber's "lines" table strategy, which the PDF loader used before and whose
output it must keep: every axis-parallel segment a page draws (stroked lines, rectangle sides,
polyline pieces) is an edge; edges within 3 pt of one another are snapped to one position and
overlapping collinear ones joined; a crossing of a horizontal and a vertical edge is a vertex;
a cell is the smallest rectangle of four vertices joined by edges on all sides; cells sharing
a corner form one table. Coordinates are PDF points measured from the top of the page.
"""

from __future__ import annotations

import ctypes
from collections import defaultdict
from itertools import groupby
from typing import Any

SNAP = 3.0  # pt: edges this close are one ruling (a cell border drawn twice, a thin rectangle)
JOIN = 3.0  # pt: collinear edges with a gap this small are one ruling
MIN_LENGTH = 3.0  # pt: shorter edges are glyph-like marks, not rulings
TOUCH = 3.0  # pt: how far an edge may stop short of a crossing
_STRAIGHT = 0.01  # pt: a segment is horizontal (vertical) when its ends differ less than this

Cell = tuple[float, float, float, float]  # x0, top, x1, bottom
Grid = tuple[tuple[float, float, float, float], list[list[Cell | None]]]  # table bbox, rows of cells


def page_edges(page: Any, height: float) -> tuple[list[list[float]], list[list[float]]]:
    """Horizontal edges ``[top, x0, x1]`` and vertical edges ``[x, top, bottom]`` of the page."""
    import pypdfium2.raw as pdfium_c

    horizontal: list[list[float]] = []
    vertical: list[list[float]] = []
    matrix = pdfium_c.FS_MATRIX()
    px, py = ctypes.c_float(), ctypes.c_float()
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=1):
        raw = obj.raw
        if not pdfium_c.FPDFPageObj_GetMatrix(raw, ctypes.byref(matrix)):
            continue
        a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        start = prev = None
        for k in range(pdfium_c.FPDFPath_CountSegments(raw)):
            seg = pdfium_c.FPDFPath_GetPathSegment(raw, k)
            if not pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(px), ctypes.byref(py)):
                continue
            x, y = px.value, py.value
            point = (a * x + c * y + e, height - (b * x + d * y + f))
            kind = pdfium_c.FPDFPathSegment_GetType(seg)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO or prev is None:
                start = point
            elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
                _add_edge(prev, point, horizontal, vertical)
            prev = point
            if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
                _add_edge(point, start, horizontal, vertical)
                prev = start
    return horizontal, vertical


def _add_edge(
    p: tuple[float, float], q: tuple[float, float], horizontal: list[list[float]], vertical: list[list[float]]
) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) < _STRAIGHT and abs(x0 - x1) >= 1:
        horizontal.append([y0, min(x0, x1), max(x0, x1)])
    elif abs(x0 - x1) < _STRAIGHT and abs(y0 - y1) >= 1:
        vertical.append([x0, min(y0, y1), max(y0, y1)])


def _snap(edges: list[list[float]]) -> None:
    """Edges whose positions lie within SNAP of the next one take the cluster's mean position."""
    edges.sort(key=lambda e: e[0])
    cluster: list[list[float]] = []
    for edge in [*edges, None]:
        if edge is not None and cluster and edge[0] - cluster[-1][0] <= SNAP:
            cluster.append(edge)
            continue
        if cluster:
            mean = sum(e[0] for e in cluster) / len(cluster)
            for e in cluster:
                e[0] = mean
        cluster = [edge] if edge is not None else []


def _join(edges: list[list[float]]) -> list[list[float]]:
    """Collinear edges that overlap or nearly touch become one; short ones are dropped."""
    out: list[list[float]] = []
    for _, group in groupby(sorted(edges, key=lambda e: (e[0], e[1])), key=lambda e: e[0]):
        current: list[float] | None = None
        for e in group:
            if current is not None and e[1] <= current[2] + JOIN:
                current[2] = max(current[2], e[2])
            else:
                if current is not None:
                    out.append(current)
                current = list(e)
        if current is not None:
            out.append(current)
    return [e for e in out if e[2] - e[1] >= MIN_LENGTH]


def find_grids(horizontal: list[list[float]], vertical: list[list[float]]) -> list[Grid]:
    """Ruled tables: their bounding box and rows; a cell covered by a merged cell is None."""
    _snap(horizontal)
    _snap(vertical)
    hs, vs = _join(horizontal), _join(vertical)
    if not hs or not vs:
        return []
    # vertices: (x, top) -> indices of the horizontal and vertical edges crossing there
    vertices: dict[tuple[float, float], tuple[set[int], set[int]]] = {}
    for vi, (x, vtop, vbottom) in enumerate(vs):
        for hi, (y, hx0, hx1) in enumerate(hs):
            if vtop <= y + TOUCH and vbottom >= y - TOUCH and hx0 - TOUCH <= x <= hx1 + TOUCH:
                h_ids, v_ids = vertices.setdefault((x, y), (set(), set()))
                h_ids.add(hi)
                v_ids.add(vi)
    cells = _cells(vertices)
    return [_grid(t) for t in _tables(cells)]


def _cells(vertices: dict[tuple[float, float], tuple[set[int], set[int]]]) -> list[Cell]:
    by_x: dict[float, list[tuple[float, float]]] = defaultdict(list)
    by_y: dict[float, list[tuple[float, float]]] = defaultdict(list)
    points = sorted(vertices)
    for p in points:
        by_x[p[0]].append(p)
        by_y[p[1]].append(p)

    def joined(p: tuple[float, float], q: tuple[float, float], axis: int) -> bool:
        return bool(vertices[p][axis] & vertices[q][axis])  # axis 0: same horizontal edge

    cells: list[Cell] = []
    for p in points:
        cell = None
        for below in (q for q in by_x[p[0]] if q[1] > p[1]):
            if not joined(p, below, 1):
                continue
            for right in (q for q in by_y[p[1]] if q[0] > p[0]):
                if not joined(p, right, 0):
                    continue
                corner = (right[0], below[1])
                if corner in vertices and joined(corner, right, 1) and joined(corner, below, 0):
                    cell = (p[0], p[1], corner[0], corner[1])
                    break
            if cell:
                break
        if cell:
            cells.append(cell)
    return cells


def _tables(cells: list[Cell]) -> list[list[Cell]]:
    """Cells grouped into tables (connected through shared corners), top-left first."""
    corner_owner: dict[tuple[float, float], int] = {}
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            j = corner_owner.setdefault(corner, i)
            parent[root(i)] = root(j)
    groups: dict[int, list[Cell]] = defaultdict(list)
    for i, cell in enumerate(cells):
        groups[root(i)].append(cell)
    tables = [g for g in groups.values() if len(g) > 1]
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return tables


def _grid(cells: list[Cell]) -> Grid:
    xs = sorted({c[0] for c in cells})
    rows = []
    for _, row_cells in groupby(sorted(cells, key=lambda c: (c[1], c[0])), key=lambda c: c[1]):
        at = {c[0]: c for c in row_cells}
        rows.append([at.get(x) for x in xs])
    bbox = (
        min(c[0] for c in cells),
        min(c[1] for c in cells),
        max(c[2] for c in cells),
        max(c[3] for c in cells),
    )
    return bbox, rows

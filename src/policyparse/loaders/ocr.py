"""OCR of PDF pages without a text layer (scans), with the ``ocr`` extra (RapidOCR).

RapidOCR (PaddleOCR's PP-OCRv4 Chinese models run by onnxruntime) ships its models inside
the wheel, so nothing is downloaded at run time. On the scanned notices of the real-file set
it was both more accurate and faster than Tesseract ``chi_sim`` (character error rate 0.8 %
against 17.9 % on a scanned 函, 0 % against 2.6 % on a scanned 通知; about 2 s a page against
2.4-3.9 s in that comparison, about 1 s as the loader runs it), so it is the one engine used.

A page is rendered as pdfium shows it (its ``/Rotate`` applied), then checked for a scan that
was itself fed sideways or upside down: when the text boxes stand upright (taller than wide)
or the recognition is unsure, the other quarter turns are tried and the best read kept.

What comes out is characters with boxes in PDF points, the same tuples the text layer gives
(``pdf._Char``), so an OCR'd page goes through the same line grouping, wrap joining and page
furniture removal as a born-digital one.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import NoTextLayer

EXTRA = "ocr"
INSTALL_HINT = "install the OCR extra: pip install 'policyparse[ocr]'"

# rendering: the long side of the page in pixels (A4 at about 95 dpi). Measured on the real
# scans: 1100 px reads as well as 1400 or 1700 px (character error 0.8 % / 0 % on the two
# first pages, against 1.1 % / 0 % at 1400 px) in less time, and the detector's working memory
# grows with the image (+145 MB at 1100 px, +270 MB at 1400 px)
_TARGET_LONG_SIDE_PX = 1100
_MAX_SCALE = 2.0
_REC_BATCH = 1
_DET_LONG_SIDE_PX = 640
# a read this sure on average is taken without trying other orientations
_SURE = 0.85


def ocr_available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def no_ocr_error(path: str | None) -> NoTextLayer:
    return NoTextLayer(
        f"the PDF has no text layer (a scan): OCR is needed before parsing; {INSTALL_HINT}", path=path
    )


@functools.lru_cache(maxsize=1)
def _engine() -> Any:
    import os
    import tempfile

    import yaml
    from rapidocr_onnxruntime import RapidOCR
    from rapidocr_onnxruntime.main import DEFAULT_CFG_PATH

    # The package's own settings, except: one thread per model (the same result on every
    # machine; a batch parallelises by processes) and one text line recognised at a time (a
    # batch of six full-width lines held ~200 MB of activations). RapidOCR's keyword overrides
    # do not reach the recogniser's thread count, so a copy of its config file is passed.
    config = yaml.safe_load(Path(DEFAULT_CFG_PATH).read_text(encoding="utf-8"))
    for part in ("Det", "Cls", "Rec"):
        config[part]["intra_op_num_threads"] = 1
        config[part]["inter_op_num_threads"] = 1
    config["Rec"]["rec_batch_num"] = _REC_BATCH
    config["Det"]["limit_type"] = "max"  # never enlarge the (already reduced) detector input
    fd, name = tempfile.mkstemp(suffix=".yaml", prefix="policyparse-ocr-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            yaml.safe_dump(config, fh)
        engine = RapidOCR(config_path=name)
    finally:
        os.unlink(name)
    engine.text_det = _reduced(engine.text_det)
    return engine


def _reduced(detect: Any) -> Any:
    """The text-line detector run on the page reduced to ``_DET_LONG_SIDE_PX``, its boxes scaled
    back: finding lines needs less resolution than reading them (the recogniser still reads
    crops of the full image), and the detector's memory grows with the pixels it is given
    (~285 MB at 1100 px; the whole read peaks at ~250 MB with 640 px, which reads the real scans
    as well: character error 0.5 % and 0 % on their first pages)."""
    import cv2

    def run(img: Any) -> Any:
        h, w = img.shape[:2]
        f = _DET_LONG_SIDE_PX / max(h, w)
        if f >= 1.0:
            return detect(img)
        small = cv2.resize(img, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA)
        boxes, elapsed = detect(small)
        if boxes is not None and len(boxes):
            boxes = (boxes / f).astype("float32")
        return boxes, elapsed

    return run


def release() -> None:
    """Drop the engine and hand its memory back to the system. The detector's working memory
    (~300 MB) would otherwise stay with every process that once read a scan — a batch worker,
    a notebook — for the rest of its life; loading the models again costs ~0.2 s."""
    import gc

    if not _engine.cache_info().currsize:
        return
    _engine.cache_clear()
    gc.collect()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)  # glibc keeps freed arenas otherwise
    except (OSError, AttributeError):  # not glibc: the memory is reused, not returned
        pass


@dataclass(frozen=True)
class OcrBox:
    text: str
    left: float
    top: float
    right: float
    bottom: float
    score: float


def _read(image: Any) -> list[OcrBox]:
    import numpy as np

    # no line classifier: an upside-down page then reads badly (and is turned) instead of being
    # read line by line upside down, bottom line first
    result, _ = _engine()(np.asarray(image.convert("RGB")), use_cls=False)
    boxes = []
    for points, text, score in result or []:
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        text = unicodedata.normalize("NFC", str(text)).strip()
        if text:
            boxes.append(OcrBox(text, min(xs), min(ys), max(xs), max(ys), float(score)))
    return boxes


def _quality(boxes: list[OcrBox]) -> float:
    """Characters read, weighted by confidence: a page read the wrong way up scores low."""
    return sum(b.score * len(b.text) for b in boxes)


def _upright_share(boxes: list[OcrBox]) -> float:
    """Share of multi-character boxes that are taller than wide: text lines of a page turned
    a quarter turn (Chinese notices are set horizontally)."""
    long = [b for b in boxes if len(b.text) >= 3]
    if not long:
        return 0.0
    return sum(1 for b in long if (b.bottom - b.top) > (b.right - b.left)) / len(long)


def read_image(image: Any) -> tuple[list[OcrBox], int]:
    """OCR boxes of a page image and the turn that made it read upright (0, 90, 180 or 270
    degrees counter-clockwise); the boxes are in pixels of the turned image."""
    boxes = _read(image)
    mean = _quality(boxes) / max(sum(len(b.text) for b in boxes), 1)
    if boxes and mean >= _SURE and _upright_share(boxes) < 0.5:
        return boxes, 0
    sideways = _upright_share(boxes) >= 0.5
    # lines standing upright: the page is a quarter turn off, whichever way reads better (the
    # recogniser turns a tall crop itself, so the upright read may look fine but is out of order);
    # read unsure: any other turn
    best, best_turn, best_q = ([], 0, -1.0) if sideways else (boxes, 0, _quality(boxes))
    for turn in (90, 270) if sideways else (180, 90, 270):
        cand = _read(image.rotate(turn, expand=True))
        # a read whose lines stand upright is still a quarter turn off, however well it reads
        q = _quality(cand) if _upright_share(cand) < 0.5 else 0.0
        if q > (best_q * 1.2 if best_turn == 0 and not sideways else best_q):  # clearly better, not noise
            best, best_turn, best_q = cand, turn, q
    return best, best_turn


def _em_widths(text: str) -> float:
    """Width of ``text`` in ems: CJK and full-width forms one em, others half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text) or 1.0


def boxes_to_chars(boxes: list[OcrBox], scale: float) -> list[tuple[float, float, float, float, float, str]]:
    """Characters with boxes in PDF points from OCR text boxes: each box's width is shared out
    over its characters by their em width; the font size is the box's em (its height, which
    includes the detector's padding, would overstate it)."""
    chars = []
    for b in boxes:
        width = (b.right - b.left) / scale
        em = width / _em_widths(b.text)
        height = (b.bottom - b.top) / scale
        size = min(em, height) if em > 0 else height
        top = b.top / scale + max(height - size, 0) / 2
        x = b.left / scale
        for ch in b.text:
            w = em * (1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5)
            if not ch.isspace():
                chars.append((top + size / 2, x, x + w, top, size, ch))
            x += w
    chars.sort()
    return chars


def ocr_page(page: Any) -> tuple[list[tuple[float, float, float, float, float, str]], int]:
    """Characters of a pdfium page read by OCR (PDF points from the top of the page as shown)
    and the quarter turn the scan needed."""
    scale = min(_MAX_SCALE, _TARGET_LONG_SIDE_PX / max(page.get_width(), page.get_height(), 1.0))
    image = page.render(scale=scale).to_pil()
    boxes, turn = read_image(image)
    return boxes_to_chars(boxes, scale), turn

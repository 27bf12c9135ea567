"""Stage 1, extract, with PDFium (pypdfium2): the same words and links as the pdfplumber
engine, many times faster.

pdfplumber is the reference: this engine rebuilds pdfplumber's characters (box, font,
size) from PDFium's text page and groups them into words with pdfplumber's own rules (see
:func:`words_from_chars`), so the later stages cannot tell the engines apart.

How PDFium's text page differs, and what is done about it:

- It adds characters that are not in the PDF (``FPDFText_IsGenerated``): spaces where it
  sees a gap, ``\\r\\n`` at line ends. They are dropped; gaps split words by geometry, as
  in pdfplumber.
- A line-end ``-`` (or U+00AD) that it takes for a soft break becomes U+0002 (U+FFFE in
  ``FPDFText_GetText``), and it joins the lines itself. It becomes a plain ``-`` at the line
  end again, so the Danish hyphen rules (``hyphen.py``) decide, as with pdfplumber. PDFium
  keeps no trace of which of the two it was; see :class:`_SoftHyphens`.
- Its char boxes are in PDF space from the bottom-left; they are turned into pdfplumber's
  top-left coordinates, including pdfplumber's handling of MediaBox offsets and /Rotate.

Speed: one bulk ``FPDFText_GetText`` per page; then each run of characters between two
spaces is read from its two ends (a handful of calls), checked against the sum of its
characters' advances, and read character by character only when it does not add up. Font
name, size and direction are read once per text object.
"""

from __future__ import annotations

import ctypes
import io
import math
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby, pairwise
from typing import Any, Final, NamedTuple

import regex

from kkrparse.document import LinkBox, RawDocument, RawPage, Word
from kkrparse.errors import CannotOpenError, DamagedPdfError, EncryptedPdfError, KkrParseError
from kkrparse.extract.common import (
    SOFT_HYPHEN,
    WORD_GAP_RATIO,
    check_header,
    is_bold,
    normalise,
    producer_fields,
)

#: pdfplumber's default ``y_tolerance``: characters whose tops differ by no more than this
#: are on one line (and a larger jump between two characters starts a new word).
LINE_TOLERANCE: Final = 3.0

#: What PDFium puts in place of a line-end hyphen it considers soft.
_PDFIUM_HYPHENS: Final = frozenset("\x02\ufffe")

#: pdfium's FPDF_ERR_PASSWORD: the document needs a password.
_ERR_PASSWORD: Final = 4

#: FPDF_PAGEOBJ_IMAGE and FPDF_PAGEOBJ_FORM.
_OBJ_IMAGE: Final = 3
_OBJ_FORM: Final = 5

#: PDFACTION_URI.
_ACTION_URI: Final = 3

#: FPDF_TEXTRENDERMODE_FILL_STROKE and its clipping twin: glyphs filled and outlined, how
#: word processors embolden a font that has no bold face.
_FILL_STROKE: Final = frozenset({2, 6})
#: Added to the font name of such text, so its words are bold (``is_bold`` sees "bold")
#: and split from differently drawn text, as the pdfplumber engine splits them.
EMBOLDENED: Final = "+fill-stroke-bold"


#: A piece of text pdfplumber would never split, in pdfplumber's frame: (text, x0, x1, top,
#: bottom, font name, size, upright, x0 of its last character). Mostly a run of characters
#: between two spaces, one character where the run is not simple. Plain tuples: a page has
#: thousands.
Piece = tuple[str, float, float, float, float, str, float, bool, float]


# --- grouping pieces into words: pdfplumber's WordExtractor, on tuples ------------------


def _cluster_keys(values: Iterable[float], tolerance: float) -> dict[float, int]:
    """pdfplumber's ``make_cluster_dict``: sorted distinct values, chained within tolerance."""
    mapping: dict[float, int] = {}
    index = -1
    last: float | None = None
    for v in sorted(set(values)):
        if last is None or v > last + tolerance:
            index += 1
        mapping[v] = index
        last = v
    return mapping


def _split_words(line: Sequence[Piece], upright: bool) -> Iterator[list[Piece]]:
    """pdfplumber's ``iter_chars_to_words`` over one sorted line."""
    word: list[Piece] = []
    for p in line:
        if p[0].isspace():
            if word:
                yield word
            word = []
            continue
        if word:
            prev = word[-1]
            if upright:
                ax, bx, cx, ay, cy = prev[8], prev[2], p[1], prev[3], p[3]
            else:  # rotated text reads top to bottom, its lines left to right
                ax, bx, cx, ay, cy = prev[3], prev[4], p[3], prev[1], p[1]
            if cx < ax or cx > bx + WORD_GAP_RATIO * prev[6] or abs(cy - ay) > LINE_TOLERANCE:
                yield word
                word = []
        word.append(p)
    if word:
        yield word


def _x0(p: Piece) -> float:
    return p[1]


def _top(p: Piece) -> float:
    return p[3]


def _lines(run: list[Piece], upright: bool) -> list[list[Piece]]:
    """pdfplumber's ``iter_chars_to_lines``: cluster by top (left for rotated text), then
    sort each line along the text."""
    along, across = (_x0, _top) if upright else (_top, _x0)
    values = [across(p) for p in run]
    lines: list[list[Piece]]
    if max(values) - min(values) <= LINE_TOLERANCE:  # one line, the usual case
        lines = [run]
    else:
        clusters = _cluster_keys(values, LINE_TOLERANCE)
        lines = []
        current = -1
        for p in sorted(run, key=lambda p: clusters[across(p)]):
            k = clusters[across(p)]
            if k != current:
                lines.append([])
                current = k
            lines[-1].append(p)
    out = []
    for line in lines:
        xs = [along(p) for p in line]
        if any(b < a for a, b in pairwise(xs)):
            line = sorted(line, key=along)
        out.append(line)
    return out


def _run_key(p: Piece) -> tuple[str, float, bool]:
    return p[5], p[6], p[7]


def words_from_pieces(pieces: Sequence[Piece]) -> list[Word]:
    """Group pieces into words exactly as pdfplumber's ``extract_words`` groups characters
    with ``x_tolerance_ratio=WORD_GAP_RATIO`` and ``extra_attrs=["fontname", "size"]``.

    Runs of pieces in content order with the same direction, font and size are split into
    lines (tops within :data:`LINE_TOLERANCE`), each line sorted along the text and cut at
    spaces, at gaps wider than ``WORD_GAP_RATIO`` × the size, and where the text steps back.
    """
    words: list[Word] = []
    bold: dict[str, bool] = {}
    for (font, _size, upright), group in groupby(pieces, key=_run_key):
        run = list(group)
        is_bold_font = bold.get(font)
        if is_bold_font is None:
            is_bold_font = bold[font] = is_bold(font)
        for line in _lines(run, upright):
            for chunk in _split_words(line, upright):
                raw_text = chunk[0][0] if len(chunk) == 1 else "".join([p[0] for p in chunk])
                # NFC and the character map change nothing in plain ASCII, most words.
                text = (raw_text if raw_text.isascii() else normalise(raw_text)).strip()
                if not text:
                    continue
                if len(chunk) == 1:
                    p = chunk[0]
                    x0, x1, top, bottom = p[1], p[2], p[3], p[4]
                else:
                    x0 = min(p[1] for p in chunk)
                    x1 = max(p[2] for p in chunk)
                    top = min(p[3] for p in chunk)
                    bottom = max(p[4] for p in chunk)
                words.append(Word(text, x0, x1, top, bottom, round(chunk[0][6], 2), is_bold_font))
    return words


# --- coordinates ------------------------------------------------------------------------


class _PageGeometry:
    """pdfplumber's page frame: pdfminer's rotation matrix, then y flipped and shifted the
    way pdfplumber shifts it (MediaBox offsets included)."""

    def __init__(self, mediabox: tuple[float, float, float, float], rotation: int) -> None:
        x0, x1 = sorted((mediabox[0], mediabox[2]))
        y0, y1 = sorted((mediabox[1], mediabox[3]))
        self.rotation = rotation % 360
        # pdfminer's PDFPageInterpreter: the device matrix for each /Rotate.
        self.ctm = {
            90: (0.0, -1.0, 1.0, 0.0, -y0, x1),
            180: (-1.0, 0.0, 0.0, -1.0, x1, y1),
            270: (0.0, 1.0, -1.0, 0.0, y1, -x0),
        }.get(self.rotation, (1.0, 0.0, 0.0, 1.0, -x0, -y0))
        # pdfplumber's normalised, inverted MediaBox.
        nx0, ny0, nx1, ny1 = (y0, x0, y1, x1) if self.rotation in (90, 270) else (x0, y0, x1, y1)
        self.width = nx1 - nx0
        self.height = ny1 - ny0
        self.x_shift = nx0
        self.top_shift = (ny1 - ny0) - ny1
        self.raw_box = (x0, y0, x1, y1)

    def device(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self.ctm
        return x * a + y * c + e, x * b + y * d + f

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, ...]:
        """A PDF-space box → (x0, x1, top, bottom) in pdfplumber's frame."""
        ax, ay = self.device(left, bottom)
        bx, by = self.device(right, top)
        lo, hi = min(ay, by), max(ay, by)
        return (
            min(ax, bx) + self.x_shift,
            max(ax, bx) + self.x_shift,
            self.height - hi + self.top_shift,
            self.height - lo + self.top_shift,
        )

    def is_upright(self, m: tuple[float, float, float, float]) -> bool:
        """pdfminer's LTChar.upright for a character matrix (a, b, c, d), page rotation
        included."""
        a, b, c, d = m
        ra, rb, rc, rd = self.ctm[:4]
        a, b, c, d = a * ra + b * rc, a * rb + b * rd, c * ra + d * rc, c * rb + d * rd
        return a * d > 0 and b * c <= 0


# --- the raw PDFium calls ----------------------------------------------------------------


class _Api:
    """The PDFium functions this engine calls per character, re-typed to take and return
    plain addresses: ctypes then skips building pointer objects, the main cost of a call."""

    def __init__(self) -> None:
        import pypdfium2.raw as raw

        def retype(fn: Any, restype: Any, *argtypes: Any) -> Any:
            address = ctypes.cast(fn, ctypes.c_void_p).value
            if address is None:
                raise ImportError("pypdfium2 does not export the PDFium functions it should")
            return ctypes.CFUNCTYPE(restype, *argtypes)(address)

        vp, ci = ctypes.c_void_p, ctypes.c_int
        self.raw = raw
        self.loose_box = retype(raw.FPDFText_GetLooseCharBox, ci, vp, ci, vp)
        self.text_object = retype(raw.FPDFText_GetTextObject, vp, vp, ci)
        self.is_generated = retype(raw.FPDFText_IsGenerated, ci, vp, ci)
        self.object_font = retype(raw.FPDFTextObj_GetFont, vp, vp)
        self.render_mode = retype(raw.FPDFTextObj_GetTextRenderMode, ci, vp)
        self.font_size = retype(raw.FPDFText_GetFontSize, ctypes.c_double, vp, ci)
        self.char_matrix = retype(raw.FPDFText_GetMatrix, ci, vp, ci, vp)
        self.char_origin = retype(raw.FPDFText_GetCharOrigin, ci, vp, ci, vp, vp)
        self.count_objects = retype(raw.FPDFPage_CountObjects, ci, vp)
        self.page_object = retype(raw.FPDFPage_GetObject, vp, vp, ci)
        self.object_type = retype(raw.FPDFPageObj_GetType, ci, vp)
        self.count_form_objects = retype(raw.FPDFFormObj_CountObjects, ci, vp)
        self.form_object = retype(raw.FPDFFormObj_GetObject, vp, vp, ctypes.c_ulong)


_api: _Api | None = None


def _get_api() -> _Api:
    global _api
    if _api is None:
        _api = _Api()
    return _api


class _ObjectInfo(NamedTuple):
    font: str
    size: float
    upright: bool
    descent: float  # points below the baseline where pdfminer puts a character's bottom
    widths: dict[str, float]  # advance of each character, in points (shared per font and size)
    handle: int  # the FPDF_FONT


def _font_name(raw: Any, font: Any) -> str:
    n = raw.FPDFFont_GetBaseFontName(font, None, 0)
    if n <= 0:
        return ""
    buf = ctypes.create_string_buffer(n)
    raw.FPDFFont_GetBaseFontName(font, buf, n)
    return buf.value.decode("utf-8", "replace")


def _page_text(raw: Any, textpage: Any, count: int) -> str:
    buf = (ctypes.c_ushort * (count + 1))()
    got = raw.FPDFText_GetText(textpage, 0, count, buf)
    text = bytes(buf)[: max(got - 1, 0) * 2].decode("utf-16-le", "surrogatepass")
    if len(text) != count:  # should not happen; read char by char rather than misalign
        text = "".join(chr(raw.FPDFText_GetUnicode(textpage, i)) for i in range(count))
    return text


#: How close (points) pdfplumber's character must be to a soft-break mark (one read as "-"
#: in a font that also encodes U+00AD) to be the same character.
MARK_TOLERANCE: Final = 1.5


#: Text runs in PDFium's page text: a run of visible characters (ending at a soft-break
#: mark, which is a line end), or one whitespace character. ``\r\n`` are PDFium's own.
_RUN = regex.compile(r"[^\s\x02\ufffe]*[\x02\ufffe]|[^\s\x02\ufffe]+|[^\S\r\n]")

#: A run is read from its two ends only when its width is the sum of its characters'
#: advances within this share of the font size; otherwise (kerning, character spacing, a
#: gap no space marks, a ligature) it is read character by character. Well under
#: WORD_GAP_RATIO, so no gap that splits a word can hide in a run read by its ends.
RUN_WIDTH_SLACK: Final = 0.05


class _PageReader:
    """Reads one text page into pieces: runs of characters that pdfplumber would never
    split, each read with a handful of PDFium calls, and single characters where a run
    is not that simple."""

    def __init__(self, api: _Api, textpage: Any, geometry: _PageGeometry) -> None:
        self.api = api
        self.raw = api.raw
        self.textpage = textpage
        self.tp = ctypes.cast(textpage, ctypes.c_void_p).value
        self.geometry = geometry
        self.rect = self.raw.FS_RECTF()
        self.rect_addr = ctypes.addressof(self.rect)
        self.x = ctypes.c_double()
        self.y = ctypes.c_double()
        self.marks: list[int] = []  # pieces ending in a mark that may be U+00AD
        self.soft_hyphen_fonts: dict[int, bool] = {}
        self.objects: dict[int, _ObjectInfo] = {}
        self.fonts: dict[tuple[int, float], tuple[str, float, dict[str, float]]] = {}
        self.matrix = self.raw.FS_MATRIX()
        self.matrix_addr = ctypes.addressof(self.matrix)
        self.x_addr = ctypes.addressof(self.x)
        self.y_addr = ctypes.addressof(self.y)

    def info(self, obj: int, index: int) -> _ObjectInfo:
        """Font, size and direction of a text object, read once per object; name, descent
        and advances once per font and size."""
        info = self.objects.get(obj)
        if info is not None:
            return info
        api, raw = self.api, self.raw
        font = api.object_font(obj) or 0
        api.char_matrix(self.tp, index, self.matrix_addr)
        m = self.matrix
        # PDFium reports the size set by Tf; pdfminer's is the glyph box's height on the
        # page, Tf scaled by the text matrix: text set at "1 Tf" in a "10 0 0 10 Tm"
        # matrix is 10 pt text (InDesign exports do this), not 1 pt.
        size = api.font_size(self.tp, index) * (math.hypot(m.c, m.d) or 1.0)
        cached = self.fonts.get((font, size))
        if cached is None:
            handle = ctypes.cast(font, raw.FPDF_FONT)
            descent = ctypes.c_float()
            if not raw.FPDFFont_GetDescent(handle, ctypes.c_float(size), ctypes.byref(descent)):
                descent.value = 0.0
            cached = self.fonts[(font, size)] = (_font_name(raw, handle), descent.value, {})
        upright = self.geometry.is_upright((m.a, m.b, m.c, m.d))
        name = cached[0] + (EMBOLDENED if api.render_mode(obj) in _FILL_STROKE else "")
        info = self.objects[obj] = _ObjectInfo(name, size, upright, cached[1], cached[2], font)
        return info

    def advance(self, info: _ObjectInfo, ch: str) -> float | None:
        """The advance of one character (None when the font cannot say)."""
        w = ctypes.c_float()
        if len(ch) != 1 or not self.raw.FPDFFont_GetGlyphWidth(
            ctypes.cast(info.handle, self.raw.FPDF_FONT),
            ord(ch),
            ctypes.c_float(info.size),
            ctypes.byref(w),
        ):
            return None
        info.widths[ch] = w.value
        return w.value

    def run_width(self, info: _ObjectInfo, run: str) -> float | None:
        """The sum of the characters' advances (None when the font cannot say)."""
        for ch in run:
            if ch not in info.widths and self.advance(info, ch) is None:
                return None
        return sum(map(info.widths.__getitem__, run))

    def _note_mark(self, info: _ObjectInfo, index: int) -> None:
        """Remember a soft-break mark whose font can also draw U+00AD (only a document that
        uses soft hyphens has one): what it was must be asked of pdfplumber."""
        has = self.soft_hyphen_fonts.get(info.handle)
        if has is None:
            path = self.raw.FPDFFont_GetGlyphPath(
                ctypes.cast(info.handle, self.raw.FPDF_FONT), 0xAD, ctypes.c_float(info.size)
            )
            has = self.soft_hyphen_fonts[info.handle] = bool(path)
        if has:
            self.marks.append(index)

    def read(self, text: str) -> list[Piece]:
        pieces: list[Piece] = []
        api = self.api
        text_object, loose_box, is_generated = api.text_object, api.loose_box, api.is_generated
        char_origin, info_of = api.char_origin, self.info
        tp, rect, rect_addr, y = self.tp, self.rect, self.rect_addr, self.y
        x_addr, y_addr = self.x_addr, self.y_addr
        height = self.geometry.height
        simple = self.geometry.rotation == 0  # then x is PDF x, and top is height - PDF y
        for m in _RUN.finditer(text):
            start, end = m.span()
            run = m.group()
            if run.isspace():
                # A space in the PDF splits words; where it is drawn does not matter, so
                # it is placed right after the piece before it without asking PDFium.
                if pieces and not is_generated(tp, start):
                    prev = pieces[-1]
                    pieces.append((" ", prev[2], prev[2], *prev[3:8], prev[2]))
                continue
            last = end - 1
            obj = text_object(tp, start)
            if not simple or not obj or (last != start and text_object(tp, last) != obj):
                self._chars(start, end, run, pieces)
                continue
            info = self.objects.get(obj) or info_of(obj, start)
            if not info.upright:
                self._chars(start, end, run, pieces)
                continue
            mark = run[-1] in _PDFIUM_HYPHENS
            if mark:
                run = run[:-1] + "-"
            try:
                expected: float | None = sum(map(info.widths.__getitem__, run))
            except KeyError:  # a character not met before in this font and size
                expected = self.run_width(info, run)
            if expected is not None:
                if not loose_box(tp, start, rect_addr):
                    continue
                x0 = rect.left
                if last != start and not loose_box(tp, last, rect_addr):
                    continue
                x1 = rect.right
                if abs(x1 - x0 - expected) <= RUN_WIDTH_SLACK * info.size:
                    char_origin(tp, start, x_addr, y_addr)
                    bottom = height - (y.value + info.descent)
                    if mark:
                        self._note_mark(info, len(pieces))
                    pieces.append(
                        (run, x0, x1, bottom - info.size, bottom, info.font, info.size,
                         True, rect.left)
                    )  # fmt: skip
                    continue
            self._chars(start, end, run, pieces)
        return pieces

    def _chars(self, start: int, end: int, run: str, pieces: list[Piece]) -> None:
        """One piece per character of ``text[start:end]`` (``run`` holds its text)."""
        text_object, loose_box = self.api.text_object, self.api.loose_box
        tp, rect, rect_addr = self.tp, self.rect, self.rect_addr
        box = self.geometry.box
        for i, ch in zip(range(start, end), run, strict=True):
            mark = ch in _PDFIUM_HYPHENS
            if mark:
                ch = "-"
            obj = text_object(tp, i)
            if not obj or not loose_box(tp, i, rect_addr):
                continue
            info = self.info(obj, i)
            if mark:
                self._note_mark(info, len(pieces))
            if info.upright:
                self.api.char_origin(tp, i, self.x_addr, self.y_addr)
                base = self.y.value + info.descent
                x0, x1, top, bottom = box(rect.left, base, rect.right, base + info.size)
            else:
                x0, x1, top, bottom = box(rect.left, rect.bottom, rect.right, rect.top)
            pieces.append((ch, x0, x1, top, bottom, info.font, info.size, info.upright, x0))


def _read_pieces(
    api: _Api, textpage: Any, geometry: _PageGeometry
) -> tuple[list[Piece], list[int]]:
    count = api.raw.FPDFText_CountChars(textpage)
    if count <= 0:
        return [], []
    reader = _PageReader(api, textpage, geometry)
    pieces = reader.read(_page_text(api.raw, textpage, count))
    return pieces, reader.marks


class _SoftHyphens:
    """Tells a soft hyphen from a hyphen where PDFium cannot: PDFium reports both, at a
    line end, as the same mark, drawn with the same glyph, and its API gives no character
    code. Only pages with such a mark in a font that also encodes U+00AD (so the document
    uses soft hyphens) are read again with pdfplumber, for those characters alone."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pdf: Any = None

    def resolve(self, page_index: int, pieces: list[Piece], marks: list[int]) -> None:
        if self.pdf is None:
            import pdfplumber

            self.pdf = pdfplumber.open(io.BytesIO(self.data))
        page = self.pdf.pages[page_index]
        try:
            soft = [
                (float(c["x0"]), float(c["top"])) for c in page.chars if c["text"] == SOFT_HYPHEN
            ]
        finally:
            page.close()
        for index in marks:
            p = pieces[index]
            x0, top = p[8], p[3]
            if any(
                abs(x - x0) <= MARK_TOLERANCE and abs(t - top) <= MARK_TOLERANCE for x, t in soft
            ):
                pieces[index] = (p[0][:-1] + SOFT_HYPHEN, *p[1:])

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()


def _has_images(api: _Api, page: int) -> bool:
    """Whether the page draws an image, inside form XObjects too (as pdfplumber sees it)."""
    stack = [api.page_object(page, k) for k in range(api.count_objects(page))]
    while stack:
        obj = stack.pop()
        kind = api.object_type(obj)
        if kind == _OBJ_IMAGE:
            return True
        if kind == _OBJ_FORM:
            stack += [api.form_object(obj, j) for j in range(api.count_form_objects(obj))]
    return False


def _decode_uri(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _read_links(raw: Any, document: Any, page: Any, geometry: _PageGeometry) -> list[LinkBox]:
    links: list[LinkBox] = []
    pos = ctypes.c_int(0)
    link = raw.FPDF_LINK()
    rect = raw.FS_RECTF()
    while raw.FPDFLink_Enumerate(page, ctypes.byref(pos), ctypes.byref(link)):
        action = raw.FPDFLink_GetAction(link)
        if not action or raw.FPDFAction_GetType(action) != _ACTION_URI:
            continue
        n = raw.FPDFAction_GetURIPath(document, action, None, 0)
        if n <= 1:
            continue
        buf = ctypes.create_string_buffer(n)
        raw.FPDFAction_GetURIPath(document, action, buf, n)
        uri = _decode_uri(buf.value).strip()
        if not uri or not raw.FPDFLink_GetAnnotRect(link, ctypes.byref(rect)):
            continue
        # pdfplumber turns annotation rectangles by /Rotate without pdfminer's matrix; for
        # unrotated pages both frames agree.
        x0, x1, top, bottom = geometry.box(rect.left, rect.bottom, rect.right, rect.top)
        links.append(LinkBox(uri=uri, x0=x0, x1=x1, top=top, bottom=bottom))
    return links


def _classify(exc: BaseException) -> KkrParseError:
    if getattr(exc, "err_code", None) == _ERR_PASSWORD:
        return EncryptedPdfError("encrypted: the PDF needs a password to open")
    return CannotOpenError(f"damaged PDF: {exc}".rstrip(": "))


def extract_pdf(data: bytes, *, max_pages: int | None = None) -> RawDocument:
    """Read every page's words and links with PDFium."""
    check_header(data)
    api = _get_api()
    import pypdfium2 as pdfium

    raw = api.raw
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _classify(exc) from exc
    pages: list[RawPage] = []
    try:
        producer = producer_fields(pdf.get_metadata_dict())
    except Exception:  # the hint is optional: a damaged info dictionary only loses it
        producer = ()
    soft_hyphens = _SoftHyphens(data)
    try:
        total = len(pdf)
        if max_pages is not None and total > max_pages:
            raise DamagedPdfError(f"too many pages: {total} (the limit is {max_pages})")
        for index in range(total):
            try:
                page = raw.FPDF_LoadPage(pdf.raw, index)
            except Exception as exc:  # ctypes errors only; PDFium signals failure by NULL
                raise DamagedPdfError(f"damaged PDF: page {index + 1} cannot be read") from exc
            if not page:
                raise DamagedPdfError(f"damaged PDF: page {index + 1} cannot be read")
            textpage = None
            try:
                geometry = _PageGeometry(_mediabox(raw, page), raw.FPDFPage_GetRotation(page) * 90)
                textpage = raw.FPDFText_LoadPage(page)
                if not textpage:
                    raise DamagedPdfError(f"damaged PDF: page {index + 1} has no readable text")
                pieces, marks = _read_pieces(api, textpage, geometry)
                if marks:
                    soft_hyphens.resolve(index, pieces, marks)
                words = words_from_pieces(pieces)
                pages.append(
                    RawPage(
                        number=index + 1,
                        width=geometry.width,
                        height=geometry.height,
                        words=tuple(words),
                        links=tuple(_read_links(raw, pdf.raw, page, geometry)),
                        has_images=_has_images(api, ctypes.cast(page, ctypes.c_void_p).value or 0),
                    )
                )
            finally:
                if textpage:
                    raw.FPDFText_ClosePage(textpage)
                raw.FPDF_ClosePage(page)
    finally:
        soft_hyphens.close()
        pdf.close()
    if not pages:
        raise DamagedPdfError("damaged PDF: no pages could be read")
    return RawDocument(pages=tuple(pages), engine="pdfium", producer=producer)


def _mediabox(raw: Any, page: Any) -> tuple[float, float, float, float]:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if raw.FPDFPage_GetMediaBox(
        page, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)
    ):
        return (left.value, bottom.value, right.value, top.value)
    # No /MediaBox anywhere in the page tree: US Letter, as PDF readers assume.
    return (0.0, 0.0, 612.0, 792.0)

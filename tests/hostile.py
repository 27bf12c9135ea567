"""Hostile inputs, made in code: PDFs built to hang, exhaust or crash a parser, and files
that are not files.

Each PDF is written object by object with a correct cross-reference table (unless breaking
it is the point), so a parser reaches the trap instead of failing early on syntax. The
good agenda from ``fixtures_make`` is the raw material for the truncated files.

``HOSTILE_PDFS`` maps a file name to its builder; ``make_special`` makes the things a
folder can hold that are not regular files.
"""

from __future__ import annotations

import os
import sys
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

from fixtures_make import agenda_pdf

#: One line of text on a page, so a parser has something real to find before the trap.
_TEXT = b"BT /F1 12 Tf 72 760 Td (Dagsorden KKR Sjaelland) Tj ET\n"
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf(objects: dict[int, bytes], *, root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF file of ``objects`` (number → body), with a correct xref table and trailer."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        if number in offsets:
            out += b"%010d 00000 n \n" % offsets[number]
        else:
            out += b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R " % (size, root) + trailer_extra + b">>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d " % len(data) + extra + b">>\nstream\n" + data + b"\nendstream"


def one_page(
    content: bytes, *, resources: bytes = b"<< /Font << /F1 4 0 R >> >>", **more: bytes
) -> bytes:
    """Catalog 1, Pages 2, Page 3, Font 4, content 5, plus ``more`` objects (``o6=...``)."""
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
        + resources
        + b" /Contents 5 0 R >>",
        4: _FONT,
        5: stream(content),
    }
    objects.update({int(name[1:]): body for name, body in more.items()})
    return pdf(objects)


# --- decompression bombs --------------------------------------------------------------------


@cache
def _deflate_zeros(size: int) -> bytes:
    """A zlib stream of ``size`` zero bytes (a multiple of 1 MiB), made in milliseconds.

    One MiB of zeros is deflated once and its blocks repeated: deflate blocks that end on a
    full flush can follow one another, and repeating zeros after zeros changes nothing a
    back-reference could see. The checksum is computed, not faked, so strict readers accept it.
    """
    mib = bytes(1 << 20)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(mib) + packer.flush(zlib.Z_FULL_FLUSH)
    ending = packer.flush(zlib.Z_FINISH)
    checksum = (size % 65521) << 16 | 1  # Adler-32 of zeros: A stays 1, B adds A per byte
    return b"\x78\xda" + block * (size >> 20) + ending + checksum.to_bytes(4, "big")


@cache
def flate_bomb() -> bytes:
    """A page whose content is 1 GiB of zeros deflated twice: about 3 KB on disk.

    A reader that inflates a stream in one piece must hold the whole GiB (pdfminer does).
    """
    twice = zlib.compress(_deflate_zeros(1 << 30), 9)
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents [6 0 R 5 0 R] >>",
        4: _FONT,
        5: stream(twice, b"/Filter [/FlateDecode /FlateDecode] "),
        6: stream(_TEXT),
    }
    return pdf(objects)


@cache
def flate_bomb_in_font() -> bytes:
    """The same bomb as an embedded font program, which a text extractor may never need."""
    twice = zlib.compress(_deflate_zeros(1 << 30), 9)
    font = (
        b"<< /Type /Font /Subtype /TrueType /BaseFont /Bomb /FirstChar 32 /LastChar 126 "
        b"/FontDescriptor 6 0 R >>"
    )
    descriptor = (
        b"<< /Type /FontDescriptor /FontName /Bomb /Flags 32 /FontBBox [0 0 1000 1000] "
        b"/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 7 0 R >>"
    )
    return one_page(
        _TEXT,
        o4=font,
        o6=descriptor,
        o7=stream(twice, b"/Filter [/FlateDecode /FlateDecode] /Length1 1073741824 "),
    )


# --- structures that loop -------------------------------------------------------------------


def xref_prev_loop() -> bytes:
    """The trailer's /Prev points at its own xref table: a reader following it loops."""
    base = one_page(_TEXT)
    xref = int(base.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    return base.replace(b"/Root 1 0 R ", b"/Root 1 0 R /Prev %d " % xref)


def xref_prev_loop_broken() -> bytes:
    """A self-referencing /Prev and a wrong startxref, so the reader must also search."""
    data = xref_prev_loop()
    head, _ = data.rsplit(b"startxref\n", 1)
    return head + b"startxref\n" + b"%d\n%%%%EOF\n" % (len(head) // 2)


def page_tree_cycle() -> bytes:
    """A Pages node whose kids include itself and a node that points back at the root."""
    return pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R 2 0 R 6 0 R] /Count 3 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            4: _FONT,
            5: stream(_TEXT),
            6: b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
        }
    )


def form_draws_itself() -> bytes:
    """A Form XObject whose content paints the same form again, forever."""
    form = stream(
        _TEXT + b"/Fm0 Do\n",
        b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> /XObject << /Fm0 6 0 R >> >> ",
    )
    return one_page(
        b"/Fm0 Do\n",
        resources=b"<< /Font << /F1 4 0 R >> /XObject << /Fm0 6 0 R >> >>",
        o6=form,
    )


def forms_draw_each_other() -> bytes:
    """Two forms that paint each other, doubling at each level: 2^depth paints."""
    resources = b"/Resources << /Font << /F1 4 0 R >> /XObject << /A 6 0 R /B 7 0 R >> >> "
    bbox = b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "
    return one_page(
        b"/A Do\n",
        resources=b"<< /Font << /F1 4 0 R >> /XObject << /A 6 0 R /B 7 0 R >> >>",
        o6=stream(_TEXT + b"/B Do /B Do\n", bbox + resources),
        o7=stream(_TEXT + b"/A Do /A Do\n", bbox + resources),
    )


# --- sheer size -----------------------------------------------------------------------------

DEEP = 100_000


def deep_nesting_object() -> bytes:
    """A page dictionary holding an array nested 100,000 levels deep."""
    deep = b"[" * DEEP + b"]" * DEEP
    return pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Deep "
            + deep
            + b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            4: _FONT,
            5: stream(_TEXT),
        }
    )


def deep_nesting_content() -> bytes:
    """A content stream with 100,000 nested arrays, dictionaries and saved graphics states."""
    content = _TEXT + b"q " * DEEP + b"[" * DEEP + b"]" * DEEP + b" pop\n" + b"<<" * 5000
    return one_page(content)


def many_glyphs() -> bytes:
    """One page with 30,000 glyphs: 150 lines of 200 letters in 4 pt type."""
    parts = [b"BT /F1 4 Tf 5 TL 20 820 Td\n"]
    for line in range(150):
        letters = bytes(65 + (line * 7 + column) % 26 for column in range(200))
        parts.append(b"(" + letters + b") Tj T*\n")
    parts.append(b"ET\n")
    return one_page(b"".join(parts))


def page_count_lie() -> bytes:
    """5,000 pages in a tree that declares one: a size check must not trust /Count."""
    first = 10
    kids = b" ".join(b"%d 0 R" % (first + index) for index in range(5000))
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [" + kids + b"] /Count 1 >>",
        4: _FONT,
        5: stream(_TEXT),
    }
    for index in range(5000):
        objects[first + index] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
        )
    return pdf(objects)


def cut(fraction: float) -> Callable[[], bytes]:
    def build() -> bytes:
        data = agenda_pdf()
        return data[: int(len(data) * fraction)]

    build.__doc__ = f"The good agenda cut at {fraction:.0%} of its length, like a broken download."
    return build


#: File name → builder. Every one must end in a defined outcome within the runner's limits.
HOSTILE_PDFS: dict[str, Callable[[], bytes]] = {
    "bomb-content.pdf": flate_bomb,
    "bomb-font.pdf": flate_bomb_in_font,
    "xref-prev-loop.pdf": xref_prev_loop,
    "xref-prev-loop-broken.pdf": xref_prev_loop_broken,
    "page-tree-cycle.pdf": page_tree_cycle,
    "form-draws-itself.pdf": form_draws_itself,
    "forms-draw-each-other.pdf": forms_draw_each_other,
    "deep-nesting-object.pdf": deep_nesting_object,
    "deep-nesting-content.pdf": deep_nesting_content,
    "many-glyphs.pdf": many_glyphs,
    "page-count-lie.pdf": page_count_lie,
    "cut-10.pdf": cut(0.10),
    "cut-50.pdf": cut(0.50),
    "cut-99.pdf": cut(0.99),
}


# --- things in a folder that are not regular files ------------------------------------------

#: Name → what it is. ``unreadable.pdf`` is a file whose reading fails with an I/O error.
SPECIAL_FILES = ("fifo.pdf", "symlink-loop.pdf", "unreadable.pdf", "directory.pdf")


def make_special(folder: Path) -> dict[str, Path]:
    """Make every entry of ``SPECIAL_FILES`` in ``folder``.

    ``unreadable.pdf``: ``chmod 000`` stops nobody running as root (CI containers usually
    do), so it is instead a symlink to ``/proc/self/mem``, a regular file whose first bytes
    no process can read (EIO) whoever it runs as. ``make_unreadable_by_mode`` is the plain
    ``chmod 000`` case, for tests that run as a normal user.
    """
    folder.mkdir(parents=True, exist_ok=True)
    made = {name: folder / name for name in SPECIAL_FILES}
    os.mkfifo(made["fifo.pdf"])
    os.symlink("symlink-loop.pdf", made["symlink-loop.pdf"])
    os.symlink("/proc/self/mem", made["unreadable.pdf"])
    made["directory.pdf"].mkdir()
    return made


def make_unreadable_by_mode(folder: Path) -> Path:
    path = folder / "no-permission.pdf"
    path.write_bytes(agenda_pdf())
    path.chmod(0)
    return path


# --- running a command on a hostile file ----------------------------------------------------

#: The address space a whole command (its process and every worker) may take, set from
#: outside with util-linux ``prlimit``: far above what the command's own limits allow, so
#: it only ever stops a regression that ignores them, before it takes the machine's memory.
OUTER_LIMIT = 3 * 1024**3


def limited_command(*args: str) -> list[str]:
    """``python -m kkrparse ARGS`` under :data:`OUTER_LIMIT` (needs ``prlimit``)."""
    return ["prlimit", f"--as={OUTER_LIMIT}", "--", sys.executable, "-m", "kkrparse", *args]

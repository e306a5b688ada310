"""Read a document into pages of text. The kind is told by the content, not the file name.

Text files (UTF-8, UTF-16 with BOM, else cp1252), PDF with a text layer (pypdfium2, the
``pdf`` extra). Every failure is an :class:`InputError` whose message names the file and the
problem in one line; limits keep memory and time bounded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MAX_TEXT_BYTES = 5_000_000
MAX_LINE_CHARS = 20_000
MAX_PDF_BYTES = 100_000_000
MAX_PAGES = 100
BINARY_SHARE = 0.05


class InputError(ValueError):
    """A document that cannot be read; the message is one line naming the file."""


@dataclass
class Page:
    """One page of text; ``boxes`` (per character, PDF points) when the page came from a PDF."""

    number: int
    text: str
    boxes: list[tuple[float, float, float, float] | None] | None = None
    warnings: list[str] = field(default_factory=list)

    def box_of(self, start: int, end: int) -> list[float] | None:
        """The bounding box [x0, y0, x1, y1] of characters ``start:end``."""
        if self.boxes is None:
            return None
        found = [b for b in self.boxes[start:end] if b is not None]
        if not found:
            return None
        return [round(min(b[0] for b in found), 1), round(min(b[1] for b in found), 1),
                round(max(b[2] for b in found), 1), round(max(b[3] for b in found), 1)]


def sniff(head: bytes) -> str:
    """"pdf", "image" or "text" from the first bytes."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF8", b"BM")):
        return "image"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image"
    return "text"


def decode_text(data: bytes, name: str) -> str:
    """Text from bytes: BOMs, UTF-8, else cp1252; refuses binary junk."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"),
                       (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    controls = sum(b < 9 or 13 < b < 32 for b in data[:65536])
    if b"\x00" in data[:65536] or controls > BINARY_SHARE * min(len(data), 65536):
        raise InputError(f"{name}: not a text, PDF or image file (binary content)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_text(data: bytes, name: str) -> list[Page]:
    """One page of text (the caller has checked the size)."""
    text = decode_text(data, name).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{name}: empty document")
    if max(len(line) for line in text.split("\n")) > MAX_LINE_CHARS:
        raise InputError(f"{name}: a line is longer than {MAX_LINE_CHARS} characters; "
                         f"not a laboratory report")
    return [Page(1, text)]


def read_document(path: Path) -> list[Page]:
    """Pages of the document at ``path`` (see module docstring)."""
    name = str(path)
    if not path.exists():
        raise InputError(f"{name}: no such file")
    if path.is_dir():
        raise InputError(f"{name}: is a directory")
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"{name}: empty file")
    with path.open("rb") as fh:
        head = fh.read(16)
    kind = sniff(head)
    if kind == "pdf":
        from bloodclarity.extract.pdf import read_pdf

        if size > MAX_PDF_BYTES:
            raise InputError(f"{name}: PDF too large ({size / 1e6:.0f} MB)")
        return read_pdf(path, max_pages=MAX_PAGES)
    if kind == "image":
        from bloodclarity.extract.ocr import read_image

        return read_image(path)
    if size > MAX_TEXT_BYTES:
        raise InputError(f"{name}: text too large ({size / 1e6:.1f} MB, limit "
                         f"{MAX_TEXT_BYTES / 1e6:.0f} MB)")
    return read_text(path.read_bytes(), name)

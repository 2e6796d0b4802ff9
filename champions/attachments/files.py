"""What a file really is (by its content, not its name), its text (within hard bounds) and a photo without metadata.

Types are recognised by their bytes: PDF, PNG and JPEG by their signatures, Office and OpenDocument files by
the parts inside their zip container, plain text and CSV by decoding cleanly with no markup. `puremagic`
names what we refuse ("a Windows program"). Extraction of text from zip-based documents is bounded before
any part is read (size, compression ratio, number of parts) and while reading (characters, seconds), so a
zip bomb is refused rather than unpacked.
"""
from __future__ import annotations

import csv
import io
import time
import zipfile
from dataclasses import dataclass, field

import puremagic

# kind: (label, MIME type, file name endings it may have)
TYPES = {
    "pdf": ("PDF", "application/pdf", (".pdf",)),
    "docx": ("Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
    "xlsx": ("Excel spreadsheet", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    "pptx": ("PowerPoint presentation",
             "application/vnd.openxmlformats-officedocument.presentationml.presentation", (".pptx",)),
    "odt": ("OpenDocument text", "application/vnd.oasis.opendocument.text", (".odt",)),
    "ods": ("OpenDocument spreadsheet", "application/vnd.oasis.opendocument.spreadsheet", (".ods",)),
    "odp": ("OpenDocument presentation", "application/vnd.oasis.opendocument.presentation", (".odp",)),
    "txt": ("Plain text", "text/plain", (".txt",)),
    "csv": ("CSV spreadsheet", "text/csv", (".csv",)),
    "png": ("PNG image", "image/png", (".png",)),
    "jpeg": ("JPEG image", "image/jpeg", (".jpg", ".jpeg")),
}
IMAGES = {"png", "jpeg"}
INLINE = IMAGES | {"pdf"}  # shown in the browser (under a sandbox); everything else is downloaded
ALLOWED_SENTENCE = ("PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument (.odt, .ods, .odp), "
                    "plain text (.txt), CSV, PNG or JPEG")

# Hard bounds on reading inside a file (a zip bomb, a huge PDF): generous for real documents.
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_RATIO = 120
MAX_PARTS = 3000
MAX_TEXT_CHARS = 400_000
MAX_SECONDS = 5.0
MAX_PDF_PAGES = 500
MAX_IMAGE_PIXELS = 40_000_000

_ODF = {b"application/vnd.oasis.opendocument.text": "odt",
        b"application/vnd.oasis.opendocument.spreadsheet": "ods",
        b"application/vnd.oasis.opendocument.presentation": "odp"}
_OOXML = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx", "ppt/presentation.xml": "pptx"}


class Refused(ValueError):
    """A file the Hub will not take, with the message to show its uploader."""


@dataclass
class Segment:
    """Text from one place in a file ("page 2", "sheet Budget, cell B3")."""

    where: str
    text: str


@dataclass
class Extracted:
    """A file's text, by place, and whether reading stopped at a bound."""

    segments: list[Segment] = field(default_factory=list)
    truncated: bool = False

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.segments if s.text)


def describe_unknown(data: bytes) -> str:
    """What puremagic makes of a refused file, in a few words ("an HTML page"), or "" when it cannot tell."""
    head = data[:4096].lstrip().lower()
    if head.startswith(b"mz") or head.startswith(b"\x7felf"):
        return "a program"
    if b"<svg" in head:
        return "an SVG image"
    if b"<html" in head or b"<!doctype html" in head or b"<script" in head:
        return "a web page (HTML)"
    try:
        found = puremagic.magic_string(data[:8192])
    except (puremagic.PureError, ValueError):
        return ""
    return f"a {found[0].name}" if found and found[0].name else ""


def _zip_kind(data: bytes) -> str | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "mimetype" in names:
        with archive.open("mimetype") as part:
            return _ODF.get(part.read(100).strip())
    if "[Content_Types].xml" in names:
        return next((kind for name, kind in _OOXML.items() if name in names), None)
    return None


def _text_kind(data: bytes, name: str) -> str | None:
    if b"\x00" in data[:65536]:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return None
    head = text[:4096].lstrip().lower()
    if head.startswith("<") or "<script" in head or "<svg" in head or "<html" in head:
        return None  # markup (HTML, SVG, XML) is not plain text: a browser would run it
    return "csv" if name.lower().endswith(".csv") else "txt"


def sniff(data: bytes, name: str) -> str:
    """The kind of this file from its bytes (a key of TYPES); Refused when it is not allowed or not what its name says."""
    if data.startswith(b"%PDF-"):
        kind = "pdf"
    elif data.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "png"
    elif data.startswith(b"\xff\xd8\xff"):
        kind = "jpeg"
    elif data.startswith(b"PK\x03\x04"):
        kind = _zip_kind(data)
    else:
        kind = _text_kind(data, name)
    if kind is None:
        what = describe_unknown(data)
        found = f" It looks like {what}." if what else ""
        raise Refused(f"‘{name}’ is not a type of file the Hub accepts.{found} Upload a {ALLOWED_SENTENCE} file.")
    endings = TYPES[kind][2]
    if not name.lower().endswith(endings):
        raise Refused(f"‘{name}’ is a {TYPES[kind][0]} but its name does not end in {' or '.join(endings)}. "
                      "Rename it and upload it again, or upload a different file.")
    return kind


class _Clock:
    def __init__(self):
        self.started = time.monotonic()
        self.chars = 0

    def spent(self, more: int = 0) -> bool:
        """Count characters read; True when a bound is reached."""
        self.chars += more
        return self.chars > MAX_TEXT_CHARS or time.monotonic() - self.started > MAX_SECONDS


def check_zip(data: bytes) -> None:
    """Refuse a zip container that would unpack too large (a zip bomb): checked before any part is read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise Refused("The file is damaged and cannot be read. Save it again and upload the new copy.") from exc
    total = sum(p.file_size for p in parts)
    packed = sum(p.compress_size for p in parts) or 1
    worst = max((p.file_size / (p.compress_size or 1) for p in parts), default=0)
    if len(parts) > MAX_PARTS or total > MAX_UNPACKED_BYTES or (total / packed > MAX_RATIO and total > 1_000_000) \
            or (worst > MAX_RATIO * 10 and total > 1_000_000):
        raise Refused("The file unpacks to far more than its size (it may be a ‘zip bomb’), so the Hub "
                      "cannot read it. Save it again as an ordinary document and upload that.")


def extract(data: bytes, kind: str) -> Extracted:
    """The text inside a file, place by place, within the bounds above (never raises on a damaged document)."""
    if kind in ("docx", "xlsx", "pptx", "odt", "ods", "odp"):
        check_zip(data)
    reader = _READERS.get(kind)
    if reader is None:
        return Extracted()
    out, clock = Extracted(), _Clock()
    try:
        reader(data, out, clock)
    except Refused:
        raise
    except Exception:  # noqa: BLE001 - a damaged or odd document still uploads; it just has no searchable text
        out.truncated = True
    return out


def _add(out: Extracted, clock: _Clock, where: str, text: str) -> bool:
    """Keep one place's text; False when a bound is reached and reading should stop."""
    text = (text or "").strip()
    if text:
        out.segments.append(Segment(where, text[:MAX_TEXT_CHARS]))
    if clock.spent(len(text)):
        out.truncated = True
        return False
    return True


def _pdf(data, out, clock):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    for number, page in enumerate(reader.pages[:MAX_PDF_PAGES], start=1):
        if not _add(out, clock, f"page {number}", page.extract_text() or ""):
            return
    out.truncated = out.truncated or len(reader.pages) > MAX_PDF_PAGES


def _docx(data, out, clock):
    import docx

    document = docx.Document(io.BytesIO(data))
    for number, paragraph in enumerate(document.paragraphs, start=1):
        if not _add(out, clock, f"paragraph {number}", paragraph.text):
            return
    for t, table in enumerate(document.tables, start=1):
        for r, row in enumerate(table.rows, start=1):
            if not _add(out, clock, f"table {t}, row {r}", " | ".join(cell.text for cell in row.cells)):
                return


def _xlsx(data, out, clock):
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.value is not None and not _add(out, clock, f"sheet ‘{sheet.title}’, cell {cell.coordinate}",
                                                           str(cell.value)):
                        return
    finally:
        book.close()


def _pptx(data, out, clock):
    from pptx import Presentation

    deck = Presentation(io.BytesIO(data))
    for number, slide in enumerate(deck.slides, start=1):
        texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        if not _add(out, clock, f"slide {number}", "\n".join(texts)):
            return


def _odf(data, out, clock):
    from odf import teletype, text as odftext, table as odftable
    from odf.opendocument import load

    document = load(io.BytesIO(data))
    for number, element in enumerate(document.getElementsByType(odftext.P), start=1):
        if not _add(out, clock, f"paragraph {number}", teletype.extractText(element)):
            return
    for number, cell in enumerate(document.getElementsByType(odftable.TableCell), start=1):
        if not _add(out, clock, f"table cell {number}", teletype.extractText(cell)):
            return


def _plain(data, out, clock):
    text = data.decode("utf-8-sig", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        if not _add(out, clock, f"line {number}", line):
            return


def _csv(data, out, clock):
    text = data.decode("utf-8-sig", errors="replace")
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not _add(out, clock, f"row {number}", ", ".join(row)):
            return


_READERS = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx, "pptx": _pptx, "odt": _odf, "ods": _odf, "odp": _odf,
            "txt": _plain, "csv": _csv}


def strip_metadata(data: bytes, kind: str) -> tuple[bytes, int, int]:
    """A photo re-saved without its metadata (EXIF: GPS position, camera owner), turned the right way up;
    returns the bytes and the image's width and height."""
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            clean = upright.copy()
            clean.info = {}
            buffer = io.BytesIO()
            if kind == "jpeg":
                clean.convert("RGB").save(buffer, "JPEG", quality=90, exif=b"")
            else:
                clean.save(buffer, "PNG")
            return buffer.getvalue(), clean.size[0], clean.size[1]
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise Refused("The image is too large to show. Make it smaller and upload it again.") from exc
    except OSError as exc:
        raise Refused("The image is damaged and cannot be read. Save it again and upload the new copy.") from exc


def safe_name(name: str) -> str:
    """A file name safe to show and to send in a header: no folders, no control or odd characters, not too long."""
    import re
    import unicodedata

    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFKC", base)
    base = re.sub(r"[^\w .()\-]+", "", base, flags=re.UNICODE).strip(" .")
    if not base:
        base = "file"
    if len(base) > 120:
        stem, dot, ending = base.rpartition(".")
        base = (stem[: 110] + "." + ending) if dot and len(ending) <= 8 else base[:120]
    return base

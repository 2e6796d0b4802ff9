"""Small real documents made in code: the demo's resources and papers, and the tests' uploads."""
from __future__ import annotations

import io


def pdf(title: str, paragraphs: list[str]) -> bytes:
    """A one- or two-page PDF with a heading and paragraphs (Helvetica: Latin-1 text only)."""
    from fpdf import FPDF

    document = FPDF()
    document.set_creator("SDS Champions Hub demo")
    document.add_page()
    document.set_font("Helvetica", "B", 16)
    document.multi_cell(0, 10, _latin1(title))
    document.set_font("Helvetica", size=11)
    for paragraph in paragraphs:
        document.ln(2)
        document.multi_cell(0, 6, _latin1(paragraph))
    return bytes(document.output())


def docx(title: str, paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    """A Word document with a heading, paragraphs and an optional table."""
    import docx as python_docx

    document = python_docx.Document()
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx(rows: list[list], sheet: str = "Sheet1") -> bytes:
    """An Excel workbook with one sheet of rows."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def pptx(slides: list[str]) -> bytes:
    """A PowerPoint deck, one title slide per text."""
    from pptx import Presentation

    deck = Presentation()
    for text in slides:
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        slide.shapes.title.text = text
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def odt(paragraphs: list[str]) -> bytes:
    """An OpenDocument text file."""
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    for paragraph in paragraphs:
        document.text.addElement(P(text=paragraph))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def image(kind: str = "png", size: tuple[int, int] = (320, 200), exif: dict | None = None,
          colour=(40, 90, 160)) -> bytes:
    """A plain PNG or JPEG (a JPEG may carry EXIF tags, e.g. {0x013B: "Artist name"} or GPS)."""
    from PIL import Image

    picture = Image.new("RGB", size, colour)
    buffer = io.BytesIO()
    if kind == "jpeg":
        extra = {}
        if exif:
            tags = Image.Exif()
            for key, value in exif.items():
                tags[key] = value
            extra["exif"] = tags.tobytes()
        picture.save(buffer, "JPEG", **extra)
    else:
        picture.save(buffer, "PNG")
    return buffer.getvalue()


def _latin1(text: str) -> str:
    replacements = {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "£": "GBP "}
    for old, new in replacements.items():
        text = text.replace(old, new)
    return text.encode("latin-1", "replace").decode("latin-1")

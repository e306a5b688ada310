"""Reading documents: the kind from content, and one clear error per bad input."""

from __future__ import annotations

import pytest

from bloodclarity.extract.inputs import InputError, decode_text, read_document, sniff


@pytest.mark.parametrize(
    ("head", "kind"),
    [(b"%PDF-1.7\n", "pdf"), (b"\x89PNG\r\n\x1a\n", "image"), (b"\xff\xd8\xff\xe0", "image"),
     (b"II*\x00", "image"), (b"Glucose 5.4", "text")],
)
def test_sniff(head, kind):
    assert sniff(head) == kind


def test_text_encodings():
    assert decode_text("Glicose 5,4 µmol/L".encode(), "x") == "Glicose 5,4 µmol/L"
    assert decode_text("Glicose µ".encode("cp1252"), "x") == "Glicose µ"
    assert decode_text("\ufeffA".encode("utf-8"), "x") == "A"
    assert decode_text("Hb 13".encode("utf-16"), "x") == "Hb 13"


def test_kind_comes_from_content_not_name(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_text("Glucose 5.4 mmol/L\n")
    assert read_document(path)[0].text.startswith("Glucose")


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty file"), (b"   \n\n", "empty document"),
     (bytes(range(256)) * 40, "binary content"), (b"A" * 30_000, "longer than"),
     (b"%PDF-1.4 garbage", "corrupt"), (b"\x89PNG\r\n\x1a\nnot really", "corrupt")],
)
def test_bad_inputs_give_one_line_naming_the_file(tmp_path, content, message):
    path = tmp_path / "bad.bin"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_document(path)
    text = str(err.value)
    assert message in text and str(path) in text and "\n" not in text


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_document(tmp_path)


def test_text_too_large(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Glucose 5.4\n" * 600_000)
    with pytest.raises(InputError, match="too large"):
        read_document(path)


def test_encrypted_pdf(tmp_path):
    pytest.importorskip("reportlab")
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    path = tmp_path / "secret.pdf"
    c = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("pw", canPrint=0))
    c.drawString(72, 720, "Glucose 5.4 mmol/L")
    c.save()
    with pytest.raises(InputError, match="encrypted|password"):
        read_document(path)


def test_too_many_pages(tmp_path):
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    path = tmp_path / "book.pdf"
    c = canvas.Canvas(str(path))
    for i in range(101):
        c.drawString(72, 720, f"page {i}")
        c.showPage()
    c.save()
    with pytest.raises(InputError, match="101 pages"):
        read_document(path)


def test_pdf_text_layer_keeps_columns_apart_and_boxes(tmp_path):
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    path = tmp_path / "table.pdf"
    c = canvas.Canvas(str(path))
    for y, (name, value, unit) in zip((720, 700), [("Glucose", "5.4", "mmol/L"),
                                                    ("Sodium", "140", "mmol/L")], strict=True):
        c.drawString(72, y, name)
        c.drawString(250, y, value)
        c.drawString(350, y, unit)
    c.save()
    (page,) = read_document(path)
    lines = page.text.splitlines()
    assert lines[0].split() == ["Glucose", "5.4", "mmol/L"]
    assert lines[1].split() == ["Sodium", "140", "mmol/L"]
    assert "   " in lines[0], "columns stay apart"
    start = page.text.index("5.4")
    box = page.box_of(start, start + 3)
    assert box is not None and 245 < box[0] < 260


def test_image_without_text(tmp_path):
    pil = pytest.importorskip("PIL.Image")
    import shutil

    if shutil.which("tesseract") is None:
        pytest.skip("Debian's tesseract-ocr is not installed")
    path = tmp_path / "blank.png"
    pil.new("RGB", (800, 600), "white").save(path)
    with pytest.raises(InputError, match="no text found"):
        read_document(path)


@pytest.mark.parametrize(("line", "fixed"), [
    ("{  Blood  urea  {  36  | mg/dl", "|  Blood  urea  |  36  | mg/dl"),
    ("[  8.2   {  %", "|  8.2   |  %"),
    ("Range [2.15 - 2.55]", "Range [2.15 - 2.55]"),
    ("x { y", "x { y"),
    ("|  Blood  urea  {|  36  {|    [{  15  -  47  |", "|  Blood  urea  |  36  |    |  15  -  47  |"),
    ("|  EOS%  |  1.1]    |  1.0  -  6.0  |", "|  EOS%  |  1.1 |    |  1.0  -  6.0  |"),
    ("Range [2.15 - 2.55] g", "Range [2.15 - 2.55] g"),
])
def test_ocr_table_borders(line, fixed):
    from bloodclarity.extract.ocr import repair_table_borders

    assert repair_table_borders(line) == fixed


@pytest.mark.parametrize(("line", "fixed"), [
    ("Colesterol ..cccccscccccccc  rc. 241", "Colesterol ................  ... 241"),
    ("Triglicerídios ......ccccccccsc cc. 187", "Triglicerídios ................ ... 187"),
    ("Access seco cocos ... 5", "Access seco cocos ... 5"),
    ("Blood Urea  ..0oooocoommmmmmmmmo...  22 mg/dl", "Blood Urea  .......................  22 mg/dl"),
    ("MPV occcccor   rr    5,2 fL", "MPV ........   ..    5,2 fL"),
    ("Hemoglobin ... +0. ..oooomo.o.. 16,7", "Hemoglobin ... ... ............ 16,7"),
    ("Ketones ........ 0 mg/dL", "Ketones ........ 0 mg/dL"),   # a value stays
])
def test_ocr_dot_leaders(line, fixed):
    from bloodclarity.extract.ocr import repair_dot_leaders

    assert repair_dot_leaders(line) == fixed

"""Reads a workbook (openpyxl) or a Word document (python-docx) and prints
what an office program would find in it as JSON, for the tests to compare
with the report's own JSON.

    read_office_files.py xlsx FILE
    read_office_files.py docx FILE

A workbook gives, for each sheet in order: its name, its cells row by row
(numbers as numbers, dates as YYYY-MM-DD, text as text, with the number
format of each figure), the frozen cell, the print settings and column
widths. A document gives its sections' page sizes and orientations, its
paragraphs, its tables as text, and the fonts and sizes its text is set in.
"""

import datetime
import json
import sys


def workbook(path):
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheets = []
    for sheet in book.worksheets:
        rows = []
        formats = []
        for row in sheet.iter_rows():
            values = []
            row_formats = []
            for cell in row:
                value = cell.value
                if isinstance(value, datetime.datetime):
                    value = value.date().isoformat()
                elif isinstance(value, datetime.date):
                    value = value.isoformat()
                values.append(value)
                row_formats.append(cell.number_format if cell.data_type == "n" else None)
            rows.append(values)
            formats.append(row_formats)
        sheets.append(
            {
                "name": sheet.title,
                "rows": rows,
                "formats": formats,
                "types": [[cell.data_type for cell in row] for row in sheet.iter_rows()],
                "links": sum(1 for row in sheet.iter_rows() for cell in row if cell.hyperlink),
                "freeze": sheet.freeze_panes,
                "paper_size": sheet.page_setup.paperSize,
                "orientation": sheet.page_setup.orientation,
                "fit_to_page": bool(sheet.sheet_properties.pageSetUpPr
                                    and sheet.sheet_properties.pageSetUpPr.fitToPage),
                "indents": [
                    int(row[0].alignment.indent or 0) if row else 0
                    for row in sheet.iter_rows()
                ],
                "print_title_rows": sheet.print_title_rows,
                "widths": {
                    letter: dimension.width
                    for letter, dimension in sheet.column_dimensions.items()
                    if dimension.width
                },
            }
        )
    properties = book.properties
    return {
        "sheets": sheets,
        "title": properties.title,
        "created": properties.created.isoformat() if properties.created else None,
    }


def document(path):
    import docx

    doc = docx.Document(path)
    fonts = set()
    sizes = set()

    def runs_of(paragraphs):
        for paragraph in paragraphs:
            for run in paragraph.runs:
                if run.text.strip():
                    fonts.add(run.font.name)
                    sizes.add(run.font.size.pt if run.font.size else None)

    runs_of(doc.paragraphs)
    tables = []
    for table in doc.tables:
        rows = []
        for row in table.rows:
            rows.append([cell.text for cell in row.cells])
            for cell in row.cells:
                runs_of(cell.paragraphs)
        tables.append(rows)
    normal = doc.styles["Normal"].font
    return {
        "sections": [
            {
                "orientation": "landscape" if section.orientation else "portrait",
                "width_mm": round(section.page_width.mm),
                "height_mm": round(section.page_height.mm),
                "left_mm": round(section.left_margin.mm),
                "right_mm": round(section.right_margin.mm),
            }
            for section in doc.sections
        ],
        "paragraphs": [p.text for p in doc.paragraphs],
        "headers_repeat": [
            table.rows[0]._tr.trPr is not None
            and table.rows[0]._tr.trPr.find(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader"
            )
            is not None
            for table in doc.tables
        ],
        "tables": tables,
        "fonts": sorted(f for f in fonts if f),
        "unset_fonts": None in fonts,
        "sizes": sorted(s for s in sizes if s),
        "unset_sizes": None in sizes,
        "normal_font": normal.name,
        "normal_size": normal.size.pt if normal.size else None,
        "title": doc.core_properties.title,
        "author": doc.core_properties.author,
        "language": doc.styles.element.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}docDefaults"
        ).find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lang").get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val"
        ),
        "created": doc.core_properties.created.isoformat()
        if doc.core_properties.created
        else None,
    }


if __name__ == "__main__":
    kind, path = sys.argv[1], sys.argv[2]
    read = {"xlsx": workbook, "docx": document}[kind]
    json.dump(read(path), sys.stdout, ensure_ascii=False)

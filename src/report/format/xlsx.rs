//! The report as an Excel workbook laid out like the annex of a periodic
//! report: a sheet per part (summary and cadence, months, audiences,
//! localities, communes, topics, the list of items), numbers and dates as
//! cells of their type, headers frozen and repeated on every printed page,
//! columns fitted, A4.

use rust_xlsxwriter::{
    DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::Labels;
use super::tables::{Cell, Part, Table, heading, printable};
use crate::report::counts::Report;

/// Excel's paper size number for A4.
const A4: u8 = 9;
/// The longest text a cell holds.
const CELL_LIMIT: usize = 32_767;
/// The widest a column is fitted to, in pixels: a long title wraps instead.
const WIDEST_COLUMN: u32 = 300;
const FONT: &str = "Times New Roman";
/// About how many letters of 12-point text a column of the widest width
/// holds, and the height of one line of it, in points.
const LETTERS_PER_LINE: usize = 40;
const LINE_HEIGHT: f64 = 15.0;

/// The cell formats of the workbook, in one place so that every sheet
/// looks the same.
struct Formats {
    title: Format,
    fact_name: Format,
    fact: Format,
    header: Format,
    text: Format,
    count: Format,
    change: Format,
    ratio: Format,
    day: Format,
    link: Format,
}

impl Formats {
    fn new(language: &str) -> Formats {
        let base = Format::new().set_font_name(FONT).set_font_size(12);
        let cell = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Top);
        Formats {
            title: base.clone().set_bold().set_font_size(14),
            fact_name: base.clone().set_bold(),
            fact: base.clone(),
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(0xD9E2F3),
            text: cell.clone().set_text_wrap(),
            count: cell.clone().set_num_format("0"),
            change: cell.clone().set_num_format("+0;-0;0"),
            ratio: cell.clone().set_num_format("+0%;-0%;0%"),
            day: cell.clone().set_num_format(if language == "vi" {
                "dd/mm/yyyy"
            } else {
                "yyyy-mm-dd"
            }),
            link: cell
                .set_font_color(0x0B5CAD)
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
        }
    }
}

/// Text cut to what a cell (or a header, `limit`) holds.
/// Control characters are left out (Excel would show them as `_x0007_`);
/// the limit counts UTF-16 units, as Excel does.
fn within(text: &str, limit: usize) -> String {
    let text = printable(text);
    if text.encode_utf16().count() <= limit {
        return text;
    }
    let mut cut = String::new();
    let mut units = 0;
    for c in text.chars() {
        units += c.len_utf16();
        if units > limit - 1 {
            break;
        }
        cut.push(c);
    }
    cut.push('…');
    cut
}

/// A sheet's name: Excel allows 31 characters and none of `[]:*?/\`.
fn sheet_name(title: &str) -> String {
    let clean: String = title
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .collect();
    clean
        .chars()
        .take(31)
        .collect::<String>()
        .trim_end()
        .to_owned()
}

/// The name of the sheet a part of the report is on.
fn sheet_title(part: Part, l: &Labels) -> &'static str {
    match part {
        Part::Summary => l.summary,
        Part::Months => l.by_month,
        Part::Audiences => l.by_audience,
        Part::Localities => l.by_locality,
        Part::Communes => l.commune,
        Part::Topics => l.by_topic,
        Part::Items => l.list,
    }
}

/// Text for a printed page's header or footer, where `&` starts a code.
fn page_text(text: &str) -> String {
    within(text, 80).replace('&', "&&")
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    f: &Formats,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(text) => {
            sheet.write_string_with_format(row, col, within(text, CELL_LIMIT), &f.text)?;
        }
        Cell::Label { text, depth } => {
            let indented = f.text.clone().set_indent((*depth).min(15) as u8);
            sheet.write_string_with_format(row, col, within(text, CELL_LIMIT), &indented)?;
        }
        Cell::Count(n) => {
            sheet.write_number_with_format(row, col, *n as f64, &f.count)?;
        }
        Cell::Change(n) => {
            sheet.write_number_with_format(row, col, *n as f64, &f.change)?;
        }
        Cell::Ratio(Some(ratio)) => {
            sheet.write_number_with_format(row, col, *ratio, &f.ratio)?;
        }
        Cell::Ratio(None) | Cell::Empty => {
            sheet.write_blank(row, col, &f.text)?;
        }
        Cell::Day(day) => {
            sheet.write_date_with_format(row, col, day, &f.day)?;
        }
        Cell::Link(url) => {
            // Excel refuses links over 2,079 characters and more than
            // 65,530 in a sheet: past those the address stays as text.
            if sheet
                .write_url_with_format(row, col, url.as_str(), &f.link)
                .is_err()
            {
                sheet.write_string_with_format(row, col, within(url, CELL_LIMIT), &f.text)?;
            }
        }
    }
    Ok(())
}

/// Writes `table` from `row` down, below a row left for its title.
/// Returns the header row and the row after the table.
fn write_table(
    sheet: &mut Worksheet,
    mut row: u32,
    table: &Table,
    f: &Formats,
) -> Result<(u32, u32), XlsxError> {
    row += 1;
    let header_row = row;
    for (col, header) in table.headers.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, header, &f.header)?;
    }
    row += 1;
    for cells in &table.rows {
        for (col, cell) in cells.iter().enumerate() {
            write_cell(sheet, row, col as u16, cell, f)?;
        }
        // Excel fits a row to its wrapped text on opening; LibreOffice does
        // not, and prints long titles over the rows below.
        let lines = cells
            .iter()
            .map(|cell| match cell {
                Cell::Text(text) | Cell::Label { text, .. } => {
                    text.chars().count().div_ceil(LETTERS_PER_LINE)
                }
                _ => 1,
            })
            .max()
            .unwrap_or(1);
        if lines > 1 {
            sheet.set_row_height(row, LINE_HEIGHT * lines.min(40) as f64)?;
        }
        row += 1;
    }
    Ok((header_row, row))
}

/// Lays out the printed page: A4, as wide as one page, the header row on
/// every page, the site and period at the top and page numbers below.
fn print_setup(
    sheet: &mut Worksheet,
    report: &Report,
    l: &Labels,
    header_row: u32,
    wide: bool,
) -> Result<(), XlsxError> {
    sheet.set_paper_size(A4);
    if wide {
        sheet.set_landscape();
    } else {
        sheet.set_portrait();
    }
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_margins(0.6, 0.5, 0.75, 0.75, 0.3, 0.3);
    sheet.set_repeat_rows(header_row, header_row)?;
    sheet.set_header(format!(
        "&L{}&R{}",
        page_text(&report.site),
        page_text(&report.period.name)
    ));
    sheet.set_footer(format!("&C{} &P / &N", page_text(l.page)));
    Ok(())
}

pub fn workbook(report: &Report, l: &Labels, tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new(&report.language);
    let mut book = Workbook::new();
    let mut properties = DocProperties::new()
        .set_title(within(
            &format!("{} – {}", l.title, report.period.name),
            255,
        ))
        .set_author(within(&report.site, 255))
        // The figures' date, so that the same site gives the same file.
        .set_creation_datetime(&report.as_of);
    if let Some(programme) = &report.programme {
        properties = properties.set_subject(within(programme, 255));
    }
    book.set_properties(&properties);
    let mut parts: Vec<(Part, Vec<&Table>)> = Vec::new();
    for table in tables {
        match parts.last_mut() {
            Some((part, group)) if *part == table.part => group.push(table),
            _ => parts.push((table.part, vec![table])),
        }
    }
    for (part, group) in parts {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(sheet_title(part, l)))?;
        // Titles and facts run across the empty cells beside them, so they
        // are written after the columns are fitted to the tables.
        let mut titles: Vec<(u32, u16, String, &Format)> = Vec::new();
        let mut row = 0;
        if part == Part::Summary {
            titles.push((row, 0, l.title.to_owned(), &f.title));
            row += 1;
            for (name, value) in heading(report, l) {
                titles.push((row, 0, name, &f.fact_name));
                titles.push((row, 1, within(&value, CELL_LIMIT), &f.fact));
                row += 1;
            }
            row += 1;
        }
        let mut first_header = None;
        for table in group {
            titles.push((row, 0, table.title.clone(), &f.title));
            let (header_row, after) = write_table(sheet, row, table, &f)?;
            first_header.get_or_insert(header_row);
            row = after + 1;
        }
        sheet.set_autofit_max_width(WIDEST_COLUMN);
        sheet.autofit();
        for (row, col, text, format) in titles {
            sheet.write_string_with_format(row, col, text, format)?;
        }
        let header_row = first_header.unwrap_or(0);
        sheet.set_freeze_panes(header_row + 1, 0)?;
        print_setup(
            sheet,
            report,
            l,
            header_row,
            matches!(part, Part::Months | Part::Items),
        )?;
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_fit_excel() {
        assert_eq!(sheet_name("Tin/bài [2024]: quý?"), "Tin-bài -2024-- quý-");
        assert_eq!(sheet_name(&"x".repeat(40)).chars().count(), 31);
    }

    #[test]
    fn long_text_is_cut_with_a_mark() {
        assert_eq!(within("abcdef", 4), "abc…");
        assert_eq!(within("abc", 4), "abc");
        assert_eq!(page_text("A & B"), "A && B");
    }
}

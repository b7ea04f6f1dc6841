//! The report as a Word document to paste into a periodic report: a title
//! naming the programme, the period with its cut-off rule, the tables; A4,
//! Times New Roman 13 pt and the margins of Vietnamese administrative
//! documents (Nghị định 30/2020/NĐ-CP).

use docx_rs::{
    AlignmentType, Docx, Footer, PageMargin, PageNum, PageOrientationType, PageSize, Paragraph,
    Run, RunFonts, Section, Shading, Table as WordTable, TableCell, TableLayoutType, TableRow,
    WidthType,
};

use super::Labels;
use super::tables::{Part, Table, cutoff_rule, day, heading, printable};
use crate::report::counts::Report;

const FONT: &str = "Times New Roman";
/// Sizes in half-points, as Word counts them.
const TEXT_SIZE: usize = 26;
const TITLE_SIZE: usize = 28;
/// A4 in twentieths of a point.
const A4_SHORT: u32 = 11_906;
const A4_LONG: u32 = 16_838;
/// 20 mm top and bottom, 30 mm left, 15 mm right.
const MARGINS: PageMargin = PageMargin {
    top: 1_134,
    left: 1_701,
    bottom: 1_134,
    right: 850,
    header: 567,
    footer: 567,
    gutter: 0,
};
/// A letter of 13-point Times New Roman (bold, in a header) is at most
/// about this wide, in twentieths of a point, and a cell has this much
/// space either side.
const LETTER: usize = 170;
const CELL_PADDING: usize = 2 * 115;
/// Tables wider than this many columns get a page of their own turned
/// sideways, as do lists of items, whose titles and addresses are long.
const UPRIGHT_COLUMNS: usize = 7;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Orientation {
    Portrait,
    Landscape,
}

impl Orientation {
    fn of(table: &Table) -> Orientation {
        if table.headers.len() > UPRIGHT_COLUMNS || table.part == Part::Items {
            Orientation::Landscape
        } else {
            Orientation::Portrait
        }
    }

    /// Page width and height.
    fn page(self) -> (u32, u32) {
        match self {
            Orientation::Portrait => (A4_SHORT, A4_LONG),
            Orientation::Landscape => (A4_LONG, A4_SHORT),
        }
    }

    /// The width between the margins.
    fn text_width(self) -> usize {
        (self.page().0 as i32 - MARGINS.left - MARGINS.right) as usize
    }

    fn word(self) -> PageOrientationType {
        match self {
            Orientation::Portrait => PageOrientationType::Portrait,
            Orientation::Landscape => PageOrientationType::Landscape,
        }
    }
}

fn fonts() -> RunFonts {
    RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .east_asia(FONT)
        .cs(FONT)
}

/// A run of text with its font and size set on it, as well as by the
/// document's defaults, so that pasting it elsewhere keeps them.
fn run(text: &str) -> Run {
    Run::new()
        .add_text(printable(text))
        .fonts(fonts())
        .size(TEXT_SIZE)
}

fn paragraph(text: &str) -> Paragraph {
    Paragraph::new().add_run(run(text))
}

fn longest_word(text: &str) -> usize {
    text.split_whitespace()
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0)
}

/// Column widths for `width`: each column first gets room for its longest
/// word (so no word breaks), then what is left goes in proportion to the
/// length of each column's longest text.
fn column_widths(table: &Table, language: &str, width: usize) -> Vec<usize> {
    let columns = table.headers.len();
    let texts = |c: usize| {
        table
            .rows
            .iter()
            .map(move |row| (row[c].shown(language), row[c].depth()))
    };
    let least: Vec<usize> = (0..columns)
        .map(|c| {
            let word = texts(c)
                .map(|(text, depth)| longest_word(&text) + 2 * depth)
                .chain([longest_word(&table.headers[c])])
                .max()
                .unwrap_or(0)
                .clamp(2, 24);
            word * LETTER + CELL_PADDING
        })
        .collect();
    let wanted: Vec<usize> = (0..columns)
        .map(|c| {
            texts(c)
                .map(|(text, depth)| text.chars().count() + 2 * depth)
                .max()
                .unwrap_or(0)
                .min(60)
                * LETTER
                + CELL_PADDING
        })
        .collect();
    let floor: usize = least.iter().sum();
    if floor >= width {
        // Too many columns for the page: every word keeps its share.
        return least.iter().map(|&w| w * width / floor.max(1)).collect();
    }
    let extra: Vec<usize> = wanted
        .iter()
        .zip(&least)
        .map(|(&w, &l)| w.saturating_sub(l))
        .collect();
    let extras: usize = extra.iter().sum();
    let spare = width - floor;
    least
        .iter()
        .zip(&extra)
        .map(|(&l, &e)| match extras {
            0 => l + spare / columns,
            _ => l + spare * e / extras,
        })
        .collect()
}

fn word_cell(text: &str, width: usize, align: AlignmentType, depth: usize) -> TableCell {
    let mut paragraph = paragraph(text).align(align);
    if depth > 0 {
        paragraph = paragraph.indent(Some(depth as i32 * 280), None, None, None);
    }
    TableCell::new()
        .add_paragraph(paragraph)
        .width(width, WidthType::Dxa)
}

fn word_table(table: &Table, language: &str, width: usize) -> WordTable {
    let widths = column_widths(table, language, width);
    let header = TableRow::new(
        table
            .headers
            .iter()
            .zip(&widths)
            .map(|(text, &width)| {
                TableCell::new()
                    .add_paragraph(
                        Paragraph::new()
                            .add_run(run(text).bold())
                            .align(AlignmentType::Center),
                    )
                    .width(width, WidthType::Dxa)
                    .shading(Shading::new().fill("D9E2F3"))
            })
            .collect(),
    )
    .cant_split();
    let mut rows = vec![header];
    rows.extend(table.rows.iter().map(|cells| {
        TableRow::new(
            cells
                .iter()
                .zip(&widths)
                .map(|(cell, &width)| {
                    let align = if cell.is_figure() {
                        AlignmentType::Right
                    } else {
                        AlignmentType::Left
                    };
                    word_cell(&cell.shown(language), width, align, cell.depth())
                })
                .collect(),
        )
        .cant_split()
    }));
    let total = widths.iter().sum();
    WordTable::new(rows)
        .set_grid(widths)
        .layout(TableLayoutType::Fixed)
        .width(total, WidthType::Dxa)
}

/// What goes on pages of one orientation, in order.
enum Block {
    Paragraph(Box<Paragraph>),
    Table(Box<WordTable>),
}

impl Block {
    fn text(paragraph: Paragraph) -> Block {
        Block::Paragraph(Box::new(paragraph))
    }
}

fn page_numbers(l: &Labels) -> Footer {
    Footer::new().add_paragraph(
        Paragraph::new()
            .add_run(run(&format!("{} ", l.page)))
            .add_page_num(PageNum::new())
            .align(AlignmentType::Center),
    )
}

/// The title, the period and its cut-off rule, and the facts of the report.
fn opening(report: &Report, l: &Labels) -> Vec<Block> {
    let short = |date| day(report, date);
    let mut blocks = vec![Block::text(
        Paragraph::new()
            .add_run(run(&l.title.to_uppercase()).bold().size(TITLE_SIZE))
            .align(AlignmentType::Center),
    )];
    if let Some(programme) = &report.programme {
        blocks.push(Block::text(
            Paragraph::new()
                .add_run(run(programme).bold())
                .align(AlignmentType::Center),
        ));
    }
    let range = l
        .range_sentence
        .replace("{period}", &report.period.name)
        .replace("{first}", &short(report.period.range.first))
        .replace("{last}", &short(report.period.range.last))
        .replace("{rule}", cutoff_rule(report, l));
    blocks.push(Block::text(
        Paragraph::new()
            .add_run(run(&range).italic())
            .align(AlignmentType::Center),
    ));
    for (name, value) in heading(report, l) {
        blocks.push(Block::text(
            Paragraph::new()
                .add_run(run(&format!("{name}: ")).bold())
                .add_run(run(&value)),
        ));
    }
    blocks
}

pub fn document(report: &Report, l: &Labels, tables: &[Table]) -> Result<Vec<u8>, String> {
    let language = report.language.as_str();
    let mut runs: Vec<(Orientation, Vec<Block>)> =
        vec![(Orientation::Portrait, opening(report, l))];
    for (number, table) in tables.iter().enumerate() {
        let orientation = Orientation::of(table);
        if runs.last().map(|(o, _)| *o) != Some(orientation) {
            runs.push((orientation, Vec::new()));
        }
        let Some((_, blocks)) = runs.last_mut() else {
            continue;
        };
        blocks.push(Block::text(
            Paragraph::new()
                .add_run(run(&format!("{}. {}", number + 1, table.title)).bold())
                .keep_next(true),
        ));
        blocks.push(Block::Table(Box::new(word_table(
            table,
            language,
            orientation.text_width(),
        ))));
        blocks.push(Block::text(paragraph("")));
    }
    let mut doc = Docx::new()
        .default_fonts(fonts())
        .default_size(TEXT_SIZE)
        // The figures' date, so that the same site gives the same file.
        .created_at(&format!("{}T00:00:00Z", report.as_of))
        .updated_at(&format!("{}T00:00:00Z", report.as_of));
    // Each run of pages but the last is a section of its own; the last
    // is laid out by the document's own page settings.
    let last = runs.len() - 1;
    for (at, (orientation, blocks)) in runs.into_iter().enumerate() {
        let (width, height) = orientation.page();
        if at == last {
            doc = doc
                .page_size(width, height)
                .page_orient(orientation.word())
                .page_margin(MARGINS)
                .footer(page_numbers(l));
            for block in blocks {
                doc = match block {
                    Block::Paragraph(p) => doc.add_paragraph(*p),
                    Block::Table(t) => doc.add_table(*t),
                };
            }
        } else {
            let mut section = Section::new()
                .page_size(
                    PageSize::new()
                        .size(width, height)
                        .orient(orientation.word()),
                )
                .page_orient(orientation.word())
                .page_margin(MARGINS)
                .footer(page_numbers(l));
            for block in blocks {
                section = match block {
                    Block::Paragraph(p) => section.add_paragraph(*p),
                    Block::Table(t) => section.add_table(*t),
                };
            }
            doc = doc.add_section(section);
        }
    }
    let mut stored = std::io::Cursor::new(Vec::new());
    doc.pack(&mut stored).map_err(|e| e.to_string())?;
    let about = About {
        title: format!("{} – {}", l.title, report.period.name),
        author: report.site.clone(),
        language: if language == "vi" { "vi-VN" } else { "en-GB" },
    };
    compressed(stored.into_inner(), &about).map_err(|e| e.to_string())
}

/// What the document says of itself, which the library cannot write: its
/// title and author (shown by Word's file properties) and its language
/// (by which Word checks the spelling).
struct About {
    title: String,
    author: String,
    language: &'static str,
}

/// A part of the document as the library wrote it, finished with what it
/// cannot write.
fn finished(name: &str, xml: &str, about: &About) -> String {
    let text = |value: &str| html_escape::encode_text(&printable(value)).into_owned();
    match name {
        // Each table's first row marked as its header, which Word repeats
        // at the top of every page the table runs onto.
        "word/document.xml" => xml.replace(
            "</w:tblGrid><w:tr><w:trPr><w:cantSplit /></w:trPr>",
            "</w:tblGrid><w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>",
        ),
        "docProps/core.xml" => xml.replace(
            "<dc:creator>unknown</dc:creator><cp:lastModifiedBy>unknown</cp:lastModifiedBy>",
            &format!(
                "<dc:title>{}</dc:title><dc:creator>{1}</dc:creator><cp:lastModifiedBy>{1}</cp:lastModifiedBy><dc:language>{2}</dc:language>",
                text(&about.title),
                text(&about.author),
                about.language
            ),
        ),
        "word/styles.xml" => xml.replacen(
            "</w:rPr></w:rPrDefault>",
            &format!("<w:lang w:val=\"{0}\" w:eastAsia=\"{0}\" /></w:rPr></w:rPrDefault>", about.language),
            1,
        ),
        _ => xml.to_owned(),
    }
}

/// The document's parts finished and compressed: the library stores them
/// uncompressed, which makes a year's list of items ten times the size it
/// needs to be.
fn compressed(stored: Vec<u8>, about: &About) -> zip::result::ZipResult<Vec<u8>> {
    let mut parts = zip::ZipArchive::new(std::io::Cursor::new(stored))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for at in 0..parts.len() {
        let mut part = parts.by_index(at)?;
        let name = part.name().to_owned();
        if part.is_dir() {
            out.add_directory(name, options)?;
        } else if name.ends_with(".xml") {
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut part, &mut xml)?;
            out.start_file(name.as_str(), options)?;
            std::io::Write::write_all(&mut out, finished(&name, &xml, about).as_bytes())?;
        } else {
            out.start_file(name, options)?;
            std::io::copy(&mut part, &mut out)?;
        }
    }
    Ok(out.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::format::tables::Cell;

    #[test]
    fn columns_keep_their_words_whole_and_stay_on_the_page() {
        let table = Table {
            part: Part::Items,
            title: "t".into(),
            headers: vec!["Ngày".into(), "Tiêu đề".into(), "Ảnh".into()],
            rows: vec![vec![
                Cell::Text("01/02/2024".into()),
                Cell::Text("Một tiêu đề khá dài của một tin hoạt động".into()),
                Cell::Count(3),
            ]],
        };
        let width = Orientation::Portrait.text_width();
        let widths = column_widths(&table, "vi", width);
        // "01/02/2024" is one word: it needs its ten letters.
        assert!(widths[0] >= 10 * LETTER + CELL_PADDING, "{widths:?}");
        assert!(widths.iter().sum::<usize>() <= width, "{widths:?}");
        assert!(widths[1] > widths[0] && widths[0] > widths[2], "{widths:?}");
        let crowded = Table {
            headers: vec!["Tháng".into(); 30],
            rows: vec![vec![Cell::Text("01/2025".into()); 30]],
            ..table
        };
        let widths = column_widths(&crowded, "vi", width);
        assert!(widths.iter().sum::<usize>() <= width, "{widths:?}");
    }
}

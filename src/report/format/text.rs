//! The report as text: a table for the terminal, Markdown, CSV.

use super::Labels;
use super::tables::{Cell, Table, heading};
use crate::report::counts::Report;

fn width(text: &str) -> usize {
    text.chars().count()
}

/// A cell as text, with a label's depth shown by indentation.
fn indented(cell: &Cell, language: &str) -> String {
    format!("{}{}", "  ".repeat(cell.depth()), cell.shown(language))
}

pub fn table(report: &Report, l: &Labels, tables: &[Table]) -> String {
    let language = report.language.as_str();
    let mut out = format!("{}\n", l.title.to_uppercase());
    for (name, value) in heading(report, l) {
        out.push_str(&format!("{name}: {value}\n"));
    }
    for table in tables {
        out.push_str(&format!("\n{}\n", table.title));
        let texts: Vec<Vec<String>> = table
            .rows
            .iter()
            .map(|row| row.iter().map(|cell| indented(cell, language)).collect())
            .collect();
        let widths: Vec<usize> = (0..table.headers.len())
            .map(|c| {
                texts
                    .iter()
                    .map(|r| width(&r[c]))
                    .chain([width(&table.headers[c])])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: &[String], figures: &dyn Fn(usize) -> bool| {
            let padded: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(c, text)| {
                    let pad = " ".repeat(widths[c] - width(text));
                    if figures(c) {
                        format!("{pad}{text}")
                    } else {
                        format!("{text}{pad}")
                    }
                })
                .collect();
            format!("  {}\n", padded.join("  ").trim_end())
        };
        out.push_str(&line(&table.headers, &|_| false));
        for (row, text) in table.rows.iter().zip(&texts) {
            out.push_str(&line(text, &|c| row[c].is_figure()));
        }
    }
    out
}

fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

pub fn markdown(report: &Report, l: &Labels, tables: &[Table]) -> String {
    let mut out = format!("# {}\n\n", l.title);
    for (name, value) in heading(report, l) {
        out.push_str(&format!("- **{name}:** {}\n", markdown_cell(&value)));
    }
    for table in tables {
        out.push_str(&format!("\n## {}\n\n", table.title));
        let line = |cells: Vec<String>| {
            format!(
                "| {} |\n",
                cells
                    .iter()
                    .map(|c| markdown_cell(c))
                    .collect::<Vec<_>>()
                    .join(" | ")
            )
        };
        out.push_str(&line(table.headers.clone()));
        out.push_str(&format!("|{}\n", "---|".repeat(table.headers.len())));
        for row in &table.rows {
            out.push_str(&line(
                row.iter().map(|c| c.shown(&report.language)).collect(),
            ));
        }
    }
    out
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// Text a spreadsheet will not take for a formula: a title written
/// `=HYPERLINK(…)` would otherwise run when the file is opened in Excel.
fn inert(text: String) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text
    }
}

/// One rectangular CSV: every table's rows, each led by the table's title,
/// padded to the widest table so spreadsheets can filter by the first column.
pub fn csv(report: &Report, l: &Labels, tables: &[Table], bom: bool) -> String {
    let columns = tables.iter().map(|t| t.headers.len()).max().unwrap_or(0) + 1;
    let mut out = String::from(if bom { "\u{feff}" } else { "" });
    let mut push = |cells: Vec<String>| {
        let mut cells: Vec<String> = cells.iter().map(|c| csv_field(c)).collect();
        cells.resize(columns, String::new());
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    for (name, value) in heading(report, l) {
        push(vec![name, inert(value)]);
    }
    for table in tables {
        push(
            std::iter::once(table.title.clone())
                .chain(table.headers.iter().cloned())
                .collect(),
        );
        for row in &table.rows {
            push(
                std::iter::once(table.title.clone())
                    .chain(row.iter().map(|cell| match cell.is_figure() {
                        true => cell.shown(&report.language),
                        false => inert(cell.shown(&report.language)),
                    }))
                    .collect(),
            );
        }
    }
    out
}

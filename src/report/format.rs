//! The report written out: a table for the terminal, Markdown, CSV, JSON,
//! or a standalone printable HTML page, in the site's language.

use std::sync::LazyLock;

use serde::Serialize;

use super::counts::{KindCounts, Report, TermRow};
use super::period::Cutoff;
use crate::messages::Lang;
use crate::render::templates::escape_markup;
use crate::t_in;
use crate::text::dates::{DateStyle, format_day};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Md,
    Csv,
    Json,
    Html,
}

/// The words of a report in one language, from the message catalogues.
struct Labels {
    title: &'static str,
    site: &'static str,
    programme: &'static str,
    period: &'static str,
    range: &'static str,
    cutoff_reporting: &'static str,
    cutoff_calendar: &'static str,
    cutoff_free: &'static str,
    as_of: &'static str,
    summary: &'static str,
    group: &'static str,
    news: &'static str,
    articles: &'static str,
    legal: &'static str,
    photos: &'static str,
    items: &'static str,
    total: &'static str,
    by_month: &'static str,
    month: &'static str,
    cadence_met: &'static str,
    yes: &'static str,
    no: &'static str,
    not_due: &'static str,
    by_audience: &'static str,
    by_locality: &'static str,
    by_topic: &'static str,
    cadence: &'static str,
    cadence_line: &'static str,
    missed: &'static str,
    none: &'static str,
    list: &'static str,
    date: &'static str,
    kind: &'static str,
    item_title: &'static str,
    address: &'static str,
    kind_news: &'static str,
    kind_article: &'static str,
    kind_legal: &'static str,
}

/// One table of the report.
struct Table {
    title: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// The words of a report in the report's language, which is the site's or
/// the one asked for, not necessarily that of loa's messages.
fn labels(language: &str) -> &'static Labels {
    static VI: LazyLock<Labels> = LazyLock::new(|| labels_in(Lang::Vi));
    static EN: LazyLock<Labels> = LazyLock::new(|| labels_in(Lang::En));
    match language {
        "vi" => &VI,
        _ => &EN,
    }
}

fn labels_in(lang: Lang) -> Labels {
    Labels {
        title: t_in!(lang, "report-title"),
        site: t_in!(lang, "report-site"),
        programme: t_in!(lang, "report-programme"),
        period: t_in!(lang, "report-period"),
        range: t_in!(lang, "report-range"),
        cutoff_reporting: t_in!(lang, "report-cutoff-reporting"),
        cutoff_calendar: t_in!(lang, "report-cutoff-calendar"),
        cutoff_free: t_in!(lang, "report-cutoff-free"),
        as_of: t_in!(lang, "report-as-of"),
        summary: t_in!(lang, "report-summary"),
        group: t_in!(lang, "report-group"),
        news: t_in!(lang, "report-news"),
        articles: t_in!(lang, "report-articles"),
        legal: t_in!(lang, "report-legal"),
        photos: t_in!(lang, "report-photos"),
        items: t_in!(lang, "report-items"),
        total: t_in!(lang, "report-total"),
        by_month: t_in!(lang, "report-by-month"),
        month: t_in!(lang, "report-month"),
        cadence_met: t_in!(lang, "report-cadence-met"),
        yes: t_in!(lang, "report-yes"),
        no: t_in!(lang, "report-no"),
        not_due: t_in!(lang, "report-not-due"),
        by_audience: t_in!(lang, "report-by-audience"),
        by_locality: t_in!(lang, "report-by-locality"),
        by_topic: t_in!(lang, "report-by-topic"),
        cadence: t_in!(lang, "report-cadence"),
        cadence_line: t_in!(lang, "report-cadence-line"),
        missed: t_in!(lang, "report-missed"),
        none: t_in!(lang, "report-none"),
        list: t_in!(lang, "report-list"),
        date: t_in!(lang, "report-date"),
        kind: t_in!(lang, "report-kind"),
        item_title: t_in!(lang, "report-item-title"),
        address: t_in!(lang, "report-address"),
        kind_news: t_in!(lang, "report-kind-news"),
        kind_article: t_in!(lang, "report-kind-article"),
        kind_legal: t_in!(lang, "report-kind-legal"),
    }
}

fn day(report: &Report, date: chrono::NaiveDate) -> String {
    format_day(date, &report.language, DateStyle::Short)
}

fn counts_row(first: String, counts: &KindCounts) -> Vec<String> {
    vec![
        first,
        counts.news.to_string(),
        counts.articles.to_string(),
        counts.legal.to_string(),
        counts.items.to_string(),
        counts.photos.to_string(),
    ]
}

fn counts_headers(l: &Labels, first: &str) -> Vec<String> {
    [first, l.news, l.articles, l.legal, l.items, l.photos]
        .map(str::to_owned)
        .to_vec()
}

/// The facts above the tables: what was counted, over which dates.
fn heading(report: &Report) -> Vec<(String, String)> {
    let l = labels(&report.language);
    let period = &report.period;
    let rule = match period.cutoff {
        Some(Cutoff::Reporting) => l.cutoff_reporting,
        Some(Cutoff::Calendar) => l.cutoff_calendar,
        None => l.cutoff_free,
    };
    let mut facts = vec![(l.site.to_owned(), report.site.clone())];
    if let Some(programme) = &report.programme {
        facts.push((l.programme.to_owned(), programme.clone()));
    }
    facts.push((l.period.to_owned(), format!("{} ({rule})", period.name)));
    facts.push((
        l.range.to_owned(),
        format!(
            "{} – {}",
            day(report, period.range.first),
            day(report, period.range.last)
        ),
    ));
    facts.push((l.as_of.to_owned(), day(report, report.as_of)));
    facts
}

fn term_table(title: &str, first: &str, rows: &[TermRow]) -> Option<Table> {
    (!rows.is_empty()).then(|| Table {
        title: title.to_owned(),
        headers: vec![first.to_owned(), "".to_owned()],
        rows: rows
            .iter()
            .map(|row| {
                vec![
                    format!("{}{}", "  ".repeat(row.depth), row.label),
                    row.count.to_string(),
                ]
            })
            .collect(),
    })
}

fn tables(report: &Report) -> Vec<Table> {
    let l = labels(&report.language);
    let mut all = vec![Table {
        title: l.summary.to_owned(),
        headers: counts_headers(l, l.group),
        rows: vec![counts_row(l.total.to_owned(), &report.totals)],
    }];
    let mut months = counts_headers(l, l.month);
    months.insert(1, l.range.to_owned());
    months.push(l.cadence_met.to_owned());
    all.push(Table {
        title: l.by_month.to_owned(),
        headers: months,
        rows: report
            .months
            .iter()
            .map(|month| {
                let mut row = counts_row(
                    format!("{:02}/{}", month.month.month, month.month.year),
                    &month.counts,
                );
                row.insert(
                    1,
                    format!("{} – {}", day(report, month.first), day(report, month.last)),
                );
                row.push(match month.met {
                    Some(true) => l.yes.to_owned(),
                    Some(false) => l.no.to_owned(),
                    None => l.not_due.to_owned(),
                });
                row
            })
            .collect(),
    });
    all.extend(term_table(l.by_audience, l.group, &report.audiences));
    all.extend(term_table(l.by_locality, l.group, &report.localities));
    all.extend(term_table(l.by_topic, l.group, &report.topics));
    let cadence = &report.cadence;
    let missed: Vec<String> = cadence
        .missed
        .iter()
        .map(|m| format!("{:02}/{}", m.month, m.year))
        .collect();
    all.push(Table {
        title: l.cadence.to_owned(),
        headers: vec!["".to_owned(), "".to_owned()],
        rows: vec![
            vec![
                l.cadence_line
                    .replace("{min}", &cadence.min_per_month.to_string()),
                format!("{} / {}", cadence.months_met, cadence.months_due),
            ],
            vec![
                l.missed.to_owned(),
                if missed.is_empty() {
                    l.none.to_owned()
                } else {
                    missed.join(", ")
                },
            ],
        ],
    });
    all.push(Table {
        title: l.list.to_owned(),
        headers: [l.date, l.kind, l.item_title, l.photos, l.address]
            .map(str::to_owned)
            .to_vec(),
        rows: report
            .items
            .iter()
            .map(|item| {
                let kind = match item.kind {
                    "news" => l.kind_news,
                    "article" => l.kind_article,
                    _ => l.kind_legal,
                };
                vec![
                    day(report, item.date),
                    kind.to_owned(),
                    item.title.clone(),
                    item.photos.to_string(),
                    item.url.clone(),
                ]
            })
            .collect(),
    });
    all
}

/// Writes the report in `format`.
pub fn write(report: &Report, format: Format) -> String {
    match format {
        Format::Table => as_table(report),
        Format::Md => as_markdown(report),
        Format::Csv => as_csv(report),
        Format::Json => as_json(report),
        Format::Html => as_html(report),
    }
}

fn width(text: &str) -> usize {
    text.chars().count()
}

fn as_table(report: &Report) -> String {
    let l = labels(&report.language);
    let mut out = format!("{}\n", l.title.to_uppercase());
    for (name, value) in heading(report) {
        out.push_str(&format!("{name}: {value}\n"));
    }
    for table in tables(report) {
        out.push_str(&format!("\n{}\n", table.title));
        let columns = table.headers.len();
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                table
                    .rows
                    .iter()
                    .map(|r| width(&r[c]))
                    .chain([width(&table.headers[c])])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: &[String]| {
            let padded: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(c, cell)| {
                    let pad = " ".repeat(widths[c] - width(cell));
                    // Numbers line up on the right, words on the left.
                    if c > 0 && cell.chars().all(|ch| ch.is_ascii_digit()) {
                        format!("{pad}{cell}")
                    } else {
                        format!("{cell}{pad}")
                    }
                })
                .collect();
            format!("  {}\n", padded.join("  ").trim_end())
        };
        if table.headers.iter().any(|h| !h.is_empty()) {
            out.push_str(&line(&table.headers));
        }
        for row in &table.rows {
            out.push_str(&line(row));
        }
    }
    out
}

fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn as_markdown(report: &Report) -> String {
    let l = labels(&report.language);
    let mut out = format!("# {}\n\n", l.title);
    for (name, value) in heading(report) {
        out.push_str(&format!("- **{name}:** {}\n", markdown_cell(&value)));
    }
    for table in tables(report) {
        out.push_str(&format!("\n## {}\n\n", table.title));
        out.push_str(&format!(
            "| {} |\n",
            table
                .headers
                .iter()
                .map(|h| markdown_cell(h))
                .collect::<Vec<_>>()
                .join(" | ")
        ));
        out.push_str(&format!("|{}\n", "---|".repeat(table.headers.len())));
        for row in &table.rows {
            out.push_str(&format!(
                "| {} |\n",
                row.iter()
                    .map(|c| markdown_cell(c.trim_start()))
                    .collect::<Vec<_>>()
                    .join(" | ")
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

/// One rectangular CSV: every table's rows, each led by the table's title,
/// padded to the widest table so spreadsheets can filter by the first column.
fn as_csv(report: &Report) -> String {
    let all = tables(report);
    let columns = all.iter().map(|t| t.headers.len()).max().unwrap_or(0) + 1;
    let mut out = String::new();
    let mut push = |cells: Vec<String>| {
        let mut cells: Vec<String> = cells.iter().map(|c| csv_field(c.trim_start())).collect();
        cells.resize(columns, String::new());
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    for (name, value) in heading(report) {
        push(vec![name, value]);
    }
    for table in all {
        push(
            std::iter::once(table.title.clone())
                .chain(table.headers.iter().cloned())
                .collect(),
        );
        for row in table.rows {
            push(std::iter::once(table.title.clone()).chain(row).collect());
        }
    }
    out
}

fn as_json(report: &Report) -> String {
    #[derive(Serialize)]
    struct Versioned<'a> {
        format: &'static str,
        #[serde(flatten)]
        report: &'a Report,
    }
    serde_json::to_string_pretty(&Versioned {
        format: "loa-report-1",
        report,
    })
    .unwrap_or_default()
}

fn as_html(report: &Report) -> String {
    let l = labels(&report.language);
    let e = |text: &str| escape_markup(text);
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} – {}</title>\n<style>\n{}\n</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n<dl>\n",
        e(&report.language),
        e(l.title),
        e(&report.period.name),
        REPORT_CSS,
        e(l.title)
    );
    for (name, value) in heading(report) {
        out.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", e(&name), e(&value)));
    }
    out.push_str("</dl>\n");
    for table in tables(report) {
        out.push_str(&format!(
            "<table>\n<caption>{}</caption>\n",
            e(&table.title)
        ));
        if table.headers.iter().any(|h| !h.is_empty()) {
            out.push_str("<thead><tr>");
            for header in &table.headers {
                out.push_str(&format!("<th scope=\"col\">{}</th>", e(header)));
            }
            out.push_str("</tr></thead>\n");
        }
        out.push_str("<tbody>\n");
        for row in &table.rows {
            out.push_str("<tr>");
            for (c, cell) in row.iter().enumerate() {
                let depth = cell.len() - cell.trim_start().len();
                let text = cell.trim_start();
                if c == 0 {
                    out.push_str(&format!(
                        "<th scope=\"row\" class=\"depth-{}\">{}</th>",
                        depth / 2,
                        e(text)
                    ));
                } else if text.starts_with("https://") || text.starts_with("http://") {
                    out.push_str(&format!("<td><a href=\"{0}\">{0}</a></td>", e(text)));
                } else {
                    out.push_str(&format!("<td>{}</td>", e(text)));
                }
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

const REPORT_CSS: &str = "body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",Arial,sans-serif;color:#111;margin:1.5rem;line-height:1.45}\
main{max-width:60rem;margin:0 auto}h1{font-size:1.5rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}\
table{border-collapse:collapse;width:100%;margin:1.2rem 0;font-size:.95rem}caption{text-align:left;font-weight:700;font-size:1.1rem;padding:.4rem 0}\
th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}thead th{background:#eee}td{font-variant-numeric:tabular-nums}\
th.depth-1{padding-left:1.5rem}th.depth-2{padding-left:2.5rem}a{color:#0b5cad;word-break:break-all}\
@media print{body{margin:0;font-size:10pt}a{color:#000}table{page-break-inside:auto}tr{page-break-inside:avoid}}";

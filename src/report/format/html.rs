//! The report as one standalone HTML page, for the screen and for print.

use super::Labels;
use super::tables::{Cell, Table, heading};
use crate::render::templates::escape_markup;
use crate::report::counts::Report;

pub fn page(report: &Report, l: &Labels, tables: &[Table]) -> String {
    let e = |text: &str| escape_markup(text);
    let language = report.language.as_str();
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} – {}</title>\n<style>\n{}\n</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n<dl>\n",
        e(language),
        e(l.title),
        e(&report.period.name),
        REPORT_CSS,
        e(l.title)
    );
    for (name, value) in heading(report, l) {
        out.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", e(&name), e(&value)));
    }
    out.push_str("</dl>\n");
    for table in tables {
        out.push_str(&format!(
            "<table>\n<caption>{}</caption>\n<thead><tr>",
            e(&table.title)
        ));
        for header in &table.headers {
            out.push_str(&format!("<th scope=\"col\">{}</th>", e(header)));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for row in &table.rows {
            out.push_str("<tr>");
            for (c, cell) in row.iter().enumerate() {
                let text = cell.shown(language);
                if c == 0 {
                    out.push_str(&format!(
                        "<th scope=\"row\" class=\"depth-{}\">{}</th>",
                        cell.depth(),
                        e(&text)
                    ));
                } else if let Cell::Link(url) = cell {
                    out.push_str(&format!("<td><a href=\"{0}\">{0}</a></td>", e(url)));
                } else if cell.is_figure() {
                    out.push_str(&format!("<td class=\"figure\">{}</td>", e(&text)));
                } else {
                    out.push_str(&format!("<td>{}</td>", e(&text)));
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
th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}thead th{background:#eee}td{font-variant-numeric:tabular-nums}td.figure{text-align:right}\
th.depth-1{padding-left:1.5rem}th.depth-2{padding-left:2.5rem}th.depth-3{padding-left:3.5rem}a{color:#0b5cad;word-break:break-all}\
@media print{body{margin:0;font-size:10pt}a{color:#000}table{page-break-inside:auto}tr{page-break-inside:avoid}}";

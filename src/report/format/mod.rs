//! The report written out, in the report's language: a table for the
//! terminal, Markdown, CSV, JSON, a standalone printable HTML page, an
//! Excel workbook laid out as a report's annex, or a Word document.
//!
//! `tables` lays the report out once as tables of typed cells; each other
//! module writes that layout in one format.

mod docx;
mod html;
pub mod tables;
mod text;
mod xlsx;

use std::sync::LazyLock;

use serde::Serialize;

use super::counts::Report;
use crate::error::Error;
use crate::messages::Lang;
use crate::t_in;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Md,
    Csv,
    Json,
    Html,
    Xlsx,
    Docx,
}

impl Format {
    /// Whether the format is a binary file rather than text to print.
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Xlsx | Format::Docx)
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Table => "txt",
            Format::Md => "md",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Html => "html",
            Format::Xlsx => "xlsx",
            Format::Docx => "docx",
        }
    }
}

/// How a report is written, beyond its format.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Begin CSV with a byte-order mark, without which Excel reads UTF-8
    /// as the system's code page and garbles Vietnamese letters.
    pub csv_bom: bool,
}

macro_rules! labels {
    ($($field:ident => $code:literal,)*) => {
        /// The words of a report in one language, from the message catalogues.
        pub struct Labels {
            $(pub $field: &'static str,)*
        }

        fn labels_in(lang: Lang) -> Labels {
            Labels {
                $($field: t_in!(lang, $code),)*
            }
        }
    };
}

labels! {
    title => "report-title",
    site => "report-site",
    programme => "report-programme",
    period => "report-period",
    range => "report-range",
    compared_with => "report-compared-with",
    cutoff_reporting => "report-cutoff-reporting",
    cutoff_calendar => "report-cutoff-calendar",
    cutoff_free => "report-cutoff-free",
    range_sentence => "report-range-sentence",
    as_of => "report-as-of",
    summary => "report-summary",
    indicator => "report-indicator",
    count => "report-count",
    change => "report-change",
    change_ratio => "report-change-ratio",
    group => "report-group",
    news => "report-news",
    articles => "report-articles",
    legal => "report-legal",
    photos => "report-photos",
    items => "report-items",
    communes => "report-communes",
    by_month => "report-by-month",
    month => "report-month",
    first_day => "report-first-day",
    last_day => "report-last-day",
    cadence_met => "report-cadence-met",
    previous_month => "report-previous-month",
    previous_items => "report-previous-items",
    yes => "report-yes",
    no => "report-no",
    not_due => "report-not-due",
    by_audience => "report-by-audience",
    by_locality => "report-by-locality",
    by_topic => "report-by-topic",
    communes_list => "report-communes-list",
    commune => "report-commune",
    within => "report-within",
    news_count => "report-news-count",
    cadence => "report-cadence",
    min_per_month => "report-min-per-month",
    months_due => "report-months-due",
    months_met => "report-months-met",
    months_missed => "report-months-missed",
    missed => "report-missed",
    none => "report-none",
    list => "report-list",
    date => "report-date",
    kind => "report-kind",
    item_title => "report-item-title",
    locality => "report-locality",
    address => "report-address",
    kind_news => "report-kind-news",
    kind_article => "report-kind-article",
    kind_legal => "report-kind-legal",
    page => "report-page",
}

/// The words of a report in the report's language, which is the site's or
/// the one asked for, not necessarily that of loa's messages.
pub fn labels(language: &str) -> &'static Labels {
    static VI: LazyLock<Labels> = LazyLock::new(|| labels_in(Lang::Vi));
    static EN: LazyLock<Labels> = LazyLock::new(|| labels_in(Lang::En));
    match language {
        "vi" => &VI,
        _ => &EN,
    }
}

/// Writes the report in `format`.
pub fn write(report: &Report, format: Format, options: Options) -> Result<Vec<u8>, Error> {
    let l = labels(&report.language);
    let tables = tables::tables(report, l);
    Ok(match format {
        Format::Table => text::table(report, l, &tables).into_bytes(),
        Format::Md => text::markdown(report, l, &tables).into_bytes(),
        Format::Csv => text::csv(report, l, &tables, options.csv_bom).into_bytes(),
        Format::Json => as_json(report).into_bytes(),
        Format::Html => html::page(report, l, &tables).into_bytes(),
        Format::Xlsx => xlsx::workbook(report, l, &tables)
            .map_err(|e| Error::Fault(format!("the workbook could not be made: {e}")))?,
        Format::Docx => docx::document(report, l, &tables)
            .map_err(|e| Error::Fault(format!("the document could not be made: {e}")))?,
    })
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

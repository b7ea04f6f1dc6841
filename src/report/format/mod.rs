//! The report written out, in the report's language: a table for the
//! terminal, Markdown, CSV, JSON, a standalone printable HTML page, an
//! Excel workbook laid out as a report's annex, or a Word document.
//!
//! `tables` lays the report out once as tables of typed cells; each other
//! module writes that layout in one format.

mod docx;
mod html;
mod tables;
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

/// Declares [`Labels`] and the function filling them in a language, from
/// one list of fields and the messages they hold.
macro_rules! labels {
    ($lang:ident; $($field:ident: $text:expr,)*) => {
        /// The words of a report in one language, from the message catalogues.
        pub struct Labels {
            $(pub $field: &'static str,)*
        }

        fn labels_in($lang: Lang) -> Labels {
            Labels {
                $($field: $text,)*
            }
        }
    };
}

labels! {
    lang;
    title: t_in!(lang, "report-title"),
    site: t_in!(lang, "report-site"),
    programme: t_in!(lang, "report-programme"),
    period: t_in!(lang, "report-period"),
    range: t_in!(lang, "report-range"),
    compared_with: t_in!(lang, "report-compared-with"),
    cutoff_reporting: t_in!(lang, "report-cutoff-reporting"),
    cutoff_calendar: t_in!(lang, "report-cutoff-calendar"),
    cutoff_free: t_in!(lang, "report-cutoff-free"),
    range_sentence: t_in!(lang, "report-range-sentence"),
    as_of: t_in!(lang, "report-as-of"),
    summary: t_in!(lang, "report-summary"),
    indicator: t_in!(lang, "report-indicator"),
    count: t_in!(lang, "report-count"),
    change: t_in!(lang, "report-change"),
    change_ratio: t_in!(lang, "report-change-ratio"),
    group: t_in!(lang, "report-group"),
    news: t_in!(lang, "report-news"),
    articles: t_in!(lang, "report-articles"),
    legal: t_in!(lang, "report-legal"),
    photos: t_in!(lang, "report-photos"),
    items: t_in!(lang, "report-items"),
    communes: t_in!(lang, "report-communes"),
    by_month: t_in!(lang, "report-by-month"),
    month: t_in!(lang, "report-month"),
    first_day: t_in!(lang, "report-first-day"),
    last_day: t_in!(lang, "report-last-day"),
    cadence_met: t_in!(lang, "report-cadence-met"),
    previous_month: t_in!(lang, "report-previous-month"),
    previous_items: t_in!(lang, "report-previous-items"),
    yes: t_in!(lang, "report-yes"),
    no: t_in!(lang, "report-no"),
    not_due: t_in!(lang, "report-not-due"),
    by_audience: t_in!(lang, "report-by-audience"),
    by_locality: t_in!(lang, "report-by-locality"),
    by_topic: t_in!(lang, "report-by-topic"),
    communes_list: t_in!(lang, "report-communes-list"),
    commune: t_in!(lang, "report-commune"),
    within: t_in!(lang, "report-within"),
    news_count: t_in!(lang, "report-news-count"),
    cadence: t_in!(lang, "report-cadence"),
    min_per_month: t_in!(lang, "report-min-per-month"),
    months_due: t_in!(lang, "report-months-due"),
    months_met: t_in!(lang, "report-months-met"),
    months_missed: t_in!(lang, "report-months-missed"),
    missed: t_in!(lang, "report-missed"),
    none: t_in!(lang, "report-none"),
    list: t_in!(lang, "report-list"),
    date: t_in!(lang, "report-date"),
    kind: t_in!(lang, "report-kind"),
    item_title: t_in!(lang, "report-item-title"),
    locality: t_in!(lang, "report-locality"),
    address: t_in!(lang, "report-address"),
    kind_news: t_in!(lang, "report-kind-news"),
    kind_article: t_in!(lang, "report-kind-article"),
    kind_legal: t_in!(lang, "report-kind-legal"),
    page: t_in!(lang, "report-page"),
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

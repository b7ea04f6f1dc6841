//! The public statistics page: the programme's cadence as a calendar
//! heatmap (inline SVG, years × months) with a table carrying the same
//! numbers for screen readers, and yearly totals by kind.

use std::fmt::Write;

use chrono::Datelike;

use serde::Serialize;

use crate::load::front_matter::Kind;
use crate::model::{PageId, Site};
use crate::render::templates::escape_markup;
use crate::report::cadence::{Cadence, MonthState};
use crate::report::counts::KindCounts;
use crate::text::dates::YearMonth;

#[derive(Debug, Serialize)]
pub struct StatisticsView {
    pub svg: String,
    pub years: Vec<YearRow>,
    pub min_per_month: usize,
    pub months_past: usize,
    pub months_met: usize,
    pub missed: Vec<String>,
    pub first: String,
    pub last: String,
}

#[derive(Debug, Serialize)]
pub struct YearRow {
    pub year: i32,
    pub months: Vec<MonthCell>,
    pub totals: KindCounts,
}

#[derive(Debug, Serialize)]
pub struct MonthCell {
    pub month: u32,
    /// `met`, `missed`, `in_progress`, `upcoming`, or `outside` the programme.
    pub state: &'static str,
    pub published: usize,
    pub scheduled: usize,
}

fn state_name(state: MonthState) -> &'static str {
    match state {
        MonthState::Met => "met",
        MonthState::Missed => "missed",
        MonthState::InProgress { .. } => "in_progress",
        MonthState::Upcoming => "upcoming",
    }
}

/// Labels the heatmap needs, from the theme's strings.
pub struct HeatmapWords<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub month_short: &'a str,
}

/// Builds the page's data from the cadence and the published items;
/// `photos` says how many photos an item shows.
pub fn view(
    site: &Site,
    cadence: &Cadence,
    words: &HeatmapWords,
    mut photos: impl FnMut(PageId) -> usize,
) -> StatisticsView {
    let years: Vec<YearRow> = (cadence.first.year..=cadence.last.year)
        .map(|year| {
            let months = (1..=12)
                .map(|month| {
                    let at = YearMonth { year, month };
                    match cadence.months.iter().find(|m| m.month == at) {
                        Some(found) => MonthCell {
                            month,
                            state: state_name(found.state),
                            published: found.published,
                            scheduled: found.scheduled,
                        },
                        None => MonthCell {
                            month,
                            state: "outside",
                            published: 0,
                            scheduled: 0,
                        },
                    }
                })
                .collect();
            let mut totals = KindCounts::default();
            let published_in_year = site.pages.iter_enumerated().filter(|(_, page)| {
                page.date
                    .is_some_and(|d| d <= site.rules.now && d.date_naive().year() == year)
            });
            for (id, page) in published_in_year {
                if page.kind != Kind::Page {
                    totals.add(page.kind, photos(id));
                }
            }
            YearRow {
                year,
                months,
                totals,
            }
        })
        .collect();
    let past: Vec<_> = cadence.past().collect();
    StatisticsView {
        svg: heatmap(&years, words),
        min_per_month: cadence.min_per_month,
        months_past: past.len(),
        months_met: past.iter().filter(|m| m.state == MonthState::Met).count(),
        missed: cadence.missed().map(|m| m.month.to_string()).collect(),
        first: cadence.first.to_string(),
        last: cadence.last.to_string(),
        years,
    }
}

const CELL: u32 = 44;
const ROW: u32 = 34;
const LEFT: u32 = 52;
const TOP: u32 = 22;

/// Fill and border of a cell; text on every fill keeps a contrast of at
/// least 4.5:1 with the dark ink used for numbers.
fn cell_style(cell: &MonthCell) -> (&'static str, &'static str, &'static str) {
    match (cell.state, cell.published) {
        ("met", 1) => ("#cfe8d5", "#2f7a44", ""),
        ("met", 2) => ("#a8d8b3", "#2f7a44", ""),
        ("met", _) => ("#7cc28f", "#2f7a44", ""),
        ("missed", _) => ("#f9d7d5", "#b42318", ""),
        ("in_progress", _) => ("#ffffff", "#0b5cad", "4 3"),
        ("upcoming", _) => ("#eef1f4", "#8a96a3", "4 3"),
        _ => ("#f7f8f9", "#d5dae0", ""),
    }
}

/// The calendar heatmap: one row per year, one cell per month, the count
/// inside each cell; missed months crossed out, the current month dashed.
fn heatmap(years: &[YearRow], words: &HeatmapWords) -> String {
    let width = LEFT + 12 * CELL + 4;
    let height = TOP + years.len() as u32 * ROW + 4;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"heatmap\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"loa-heatmap-title loa-heatmap-desc\" font-family=\"system-ui, sans-serif\" font-size=\"13\">\
         <title id=\"loa-heatmap-title\">{}</title><desc id=\"loa-heatmap-desc\">{}</desc>",
        escape_markup(words.title),
        escape_markup(words.description)
    );
    for month in 1..=12u32 {
        let x = LEFT + (month - 1) * CELL + CELL / 2;
        let _ = write!(
            svg,
            "<text x=\"{x}\" y=\"15\" text-anchor=\"middle\" fill=\"#4a5360\">{}{month}</text>",
            escape_markup(words.month_short)
        );
    }
    for (row, year) in years.iter().enumerate() {
        let y = TOP + row as u32 * ROW;
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{}\" fill=\"#1b1f24\" font-weight=\"600\">{}</text>",
            y + ROW / 2 + 4,
            year.year
        );
        for cell in &year.months {
            let x = LEFT + (cell.month - 1) * CELL;
            let (fill, stroke, dash) = cell_style(cell);
            let dash = if dash.is_empty() {
                String::new()
            } else {
                format!(" stroke-dasharray=\"{dash}\"")
            };
            let _ = write!(
                svg,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"{dash}/>",
                x + 2,
                y + 2,
                CELL - 4,
                ROW - 4
            );
            let label = match cell.state {
                "outside" => String::new(),
                "upcoming" if cell.scheduled > 0 => format!("+{}", cell.scheduled),
                "upcoming" => String::new(),
                _ => cell.published.to_string(),
            };
            if cell.state == "missed" {
                let _ = write!(
                    svg,
                    "<path d=\"M{} {}L{} {}\" stroke=\"#b42318\" stroke-width=\"1.5\"/>",
                    x + 6,
                    y + ROW - 6,
                    x + CELL - 6,
                    y + 6
                );
            }
            if !label.is_empty() {
                let _ = write!(
                    svg,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#1b1f24\" font-weight=\"600\">{label}</text>",
                    x + CELL / 2,
                    y + ROW / 2 + 5
                );
            }
        }
    }
    svg.push_str("</svg>");
    svg
}

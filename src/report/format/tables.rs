//! The report as tables of typed cells, the one layout every format writes:
//! the text formats show the cells as words, the workbook keeps numbers as
//! numbers and dates as dates.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::Labels;
use crate::report::counts::{KindCounts, Report, TermRow};
use crate::report::period::Cutoff;
use crate::text::dates::{DateStyle, YearMonth, format_day};

/// One cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A row's label, indented `depth` levels (a district under its province).
    Label {
        text: String,
        depth: usize,
    },
    Count(usize),
    /// The difference from the compared period.
    Change(i64),
    /// The difference as a fraction of the compared period's figure; none
    /// when that figure is nought.
    Ratio(Option<f64>),
    Day(NaiveDate),
    Link(String),
    Empty,
}

impl Cell {
    /// The cell as words, in the report's language.
    pub fn shown(&self, language: &str) -> String {
        match self {
            Cell::Text(text) | Cell::Link(text) | Cell::Label { text, .. } => text.clone(),
            Cell::Count(n) => n.to_string(),
            Cell::Change(n) => signed(*n),
            Cell::Ratio(Some(ratio)) => {
                // Whole percents: no decimal separator to differ by language.
                format!("{}%", signed((ratio * 100.0).round() as i64))
            }
            Cell::Ratio(None) | Cell::Empty => String::new(),
            Cell::Day(day) => format_day(*day, language, DateStyle::Short),
        }
    }

    /// Whether the cell holds a figure, which lines up on the right.
    pub fn is_figure(&self) -> bool {
        matches!(self, Cell::Count(_) | Cell::Change(_) | Cell::Ratio(_))
    }

    pub fn depth(&self) -> usize {
        match self {
            Cell::Label { depth, .. } => *depth,
            _ => 0,
        }
    }
}

fn signed(n: i64) -> String {
    match n {
        0 => "0".to_owned(),
        n if n > 0 => format!("+{n}"),
        n => n.to_string(),
    }
}

/// The part of the report a table belongs to; the workbook gives each its
/// own sheet, named after the part's first table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Summary,
    Months,
    Audiences,
    Localities,
    Communes,
    Topics,
    Items,
}

/// One table of the report.
#[derive(Debug, Clone)]
pub struct Table {
    pub part: Part,
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// The facts above the tables: what was counted, over which dates.
pub fn heading(report: &Report, l: &Labels) -> Vec<(String, String)> {
    let short = |date| day(report, date);
    let period = &report.period;
    let mut facts = vec![(l.site.to_owned(), printable(&report.site))];
    if let Some(programme) = &report.programme {
        facts.push((l.programme.to_owned(), printable(programme)));
    }
    facts.push((
        l.period.to_owned(),
        format!("{} ({})", period.name, cutoff_rule(report, l)),
    ));
    facts.push((
        l.range.to_owned(),
        format!(
            "{} – {}",
            short(period.range.first),
            short(period.range.last)
        ),
    ));
    if let Some(previous) = &report.previous {
        facts.push((
            l.compared_with.to_owned(),
            format!(
                "{} ({} – {})",
                previous.period.name,
                short(previous.period.range.first),
                short(previous.period.range.last)
            ),
        ));
    }
    facts.push((l.as_of.to_owned(), short(report.as_of)));
    facts
}

/// A day as the report's language writes it short: `05/03/2024`.
pub fn day(report: &Report, date: NaiveDate) -> String {
    format_day(date, &report.language, DateStyle::Short)
}

/// How the period's dates were chosen, in words.
pub fn cutoff_rule(report: &Report, l: &Labels) -> &'static str {
    match report.period.cutoff {
        Some(Cutoff::Reporting) => l.cutoff_reporting,
        Some(Cutoff::Calendar) => l.cutoff_calendar,
        None => l.cutoff_free,
    }
}

fn month_name(month: YearMonth) -> String {
    format!("{:02}/{}", month.month, month.year)
}

/// The columns a figure takes: its value, and beside it, when the report
/// is compared, the other period's value and the change.
fn figure_headers(report: &Report, l: &Labels) -> Vec<String> {
    match &report.previous {
        None => vec![l.count.to_owned()],
        Some(previous) => vec![
            report.period.name.clone(),
            previous.period.name.clone(),
            l.change.to_owned(),
            l.change_ratio.to_owned(),
        ],
    }
}

/// The cells of one figure, `then` being the compared period's value.
fn figure_cells(now: usize, then: Option<usize>, compared: bool) -> Vec<Cell> {
    let mut cells = vec![Cell::Count(now)];
    if compared {
        match then {
            Some(then) => cells.extend([
                Cell::Count(then),
                Cell::Change(now as i64 - then as i64),
                Cell::Ratio((then > 0).then(|| (now as f64 - then as f64) / then as f64)),
            ]),
            None => cells.extend([Cell::Empty, Cell::Empty, Cell::Empty]),
        }
    }
    cells
}

fn kind_rows(
    l: &Labels,
    now: &KindCounts,
    then: Option<&KindCounts>,
) -> Vec<(String, usize, Option<usize>)> {
    let pick = |f: fn(&KindCounts) -> usize| (f(now), then.map(f));
    [
        (l.news, pick(|c| c.news)),
        (l.articles, pick(|c| c.articles)),
        (l.legal, pick(|c| c.legal)),
        (l.items, pick(|c| c.items)),
        (l.photos, pick(|c| c.photos)),
    ]
    .into_iter()
    .map(|(label, (now, then))| (label.to_owned(), now, then))
    .collect()
}

fn summary(report: &Report, l: &Labels) -> Table {
    let previous = report.previous.as_deref();
    let mut figures = kind_rows(l, &report.totals, previous.map(|p| &p.totals));
    if let Some(outreach) = &report.outreach {
        figures.push((
            l.communes.to_owned(),
            outreach.communes,
            previous
                .and_then(|p| p.outreach.as_ref())
                .map(|o| o.communes),
        ));
    }
    let mut headers = vec![l.indicator.to_owned()];
    headers.extend(figure_headers(report, l));
    Table {
        part: Part::Summary,
        title: l.summary.to_owned(),
        headers,
        rows: figures
            .into_iter()
            .map(|(label, now, then)| {
                let mut row = vec![Cell::Text(label)];
                row.extend(figure_cells(now, then, previous.is_some()));
                row
            })
            .collect(),
    }
}

fn cadence(report: &Report, l: &Labels) -> Table {
    let previous = report.previous.as_deref();
    let compared = previous.is_some();
    let now = &report.cadence;
    let then = previous.map(|p| &p.cadence);
    let figures = [
        (
            l.min_per_month,
            now.min_per_month,
            then.map(|c| c.min_per_month),
        ),
        (l.months_due, now.months_due, then.map(|c| c.months_due)),
        (l.months_met, now.months_met, then.map(|c| c.months_met)),
        (
            l.months_missed,
            now.missed.len(),
            then.map(|c| c.missed.len()),
        ),
    ];
    let mut rows: Vec<Vec<Cell>> = figures
        .into_iter()
        .map(|(label, now, then)| {
            let mut row = vec![Cell::Text(label.to_owned())];
            row.extend(figure_cells(now, then, compared));
            row
        })
        .collect();
    let missed = |months: &[YearMonth]| {
        if months.is_empty() {
            l.none.to_owned()
        } else {
            months
                .iter()
                .copied()
                .map(month_name)
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let mut list = vec![
        Cell::Text(l.missed.to_owned()),
        Cell::Text(missed(&now.missed)),
    ];
    if let Some(then) = then {
        list.extend([Cell::Text(missed(&then.missed)), Cell::Empty, Cell::Empty]);
    }
    rows.push(list);
    let mut headers = vec![l.indicator.to_owned()];
    headers.extend(figure_headers(report, l));
    Table {
        part: Part::Summary,
        title: l.cadence.to_owned(),
        headers,
        rows,
    }
}

fn months(report: &Report, l: &Labels) -> Table {
    let mut headers: Vec<String> = [
        l.month,
        l.first_day,
        l.last_day,
        l.news,
        l.articles,
        l.legal,
        l.items,
        l.photos,
        l.cadence_met,
    ]
    .map(str::to_owned)
    .to_vec();
    let previous = report.previous.as_deref();
    if previous.is_some() {
        headers.extend([l.previous_month, l.previous_items, l.change].map(str::to_owned));
    }
    let rows = report
        .months
        .iter()
        .enumerate()
        .map(|(at, month)| {
            let mut row = vec![
                Cell::Text(month_name(month.month)),
                Cell::Day(month.first),
                Cell::Day(month.last),
            ];
            row.extend(
                kind_rows(l, &month.counts, None)
                    .into_iter()
                    .map(|(_, n, _)| Cell::Count(n)),
            );
            row.push(Cell::Text(
                match month.met {
                    Some(true) => l.yes,
                    Some(false) => l.no,
                    None => l.not_due,
                }
                .to_owned(),
            ));
            // Months are compared by their place in the period: the
            // second month of this quarter with the second of the other.
            if let Some(previous) = previous {
                match previous.months.get(at) {
                    Some(then) => row.extend([
                        Cell::Text(month_name(then.month)),
                        Cell::Count(then.counts.items),
                        Cell::Change(month.counts.items as i64 - then.counts.items as i64),
                    ]),
                    None => row.extend([Cell::Empty, Cell::Empty, Cell::Empty]),
                }
            }
            row
        })
        .collect();
    Table {
        part: Part::Months,
        title: l.by_month.to_owned(),
        headers,
        rows,
    }
}

/// A table of counts per term, the compared period's terms merged in
/// taxonomy order.
fn terms(
    report: &Report,
    l: &Labels,
    part: Part,
    title: &str,
    rows_of: fn(&Report) -> &[TermRow],
) -> Option<Table> {
    let now = rows_of(report);
    let counts: HashMap<&str, usize> = now.iter().map(|r| (r.key.as_str(), r.count)).collect();
    let then: HashMap<&str, usize> = report
        .previous
        .as_deref()
        .map(|p| {
            rows_of(p)
                .iter()
                .map(|r| (r.key.as_str(), r.count))
                .collect()
        })
        .unwrap_or_default();
    let mut merged: Vec<&TermRow> = now.iter().collect();
    if let Some(previous) = report.previous.as_deref() {
        merged.extend(
            rows_of(previous)
                .iter()
                .filter(|r| !counts.contains_key(r.key.as_str())),
        );
    }
    merged.sort_by_key(|r| r.order);
    if merged.is_empty() {
        return None;
    }
    let compared = report.previous.is_some();
    let mut headers = vec![l.group.to_owned()];
    headers.extend(figure_headers(report, l));
    Some(Table {
        part,
        title: title.to_owned(),
        headers,
        rows: merged
            .into_iter()
            .map(|row| {
                let count = counts.get(row.key.as_str()).copied().unwrap_or(0);
                let mut cells = vec![Cell::Label {
                    text: row.label.clone(),
                    depth: row.depth,
                }];
                cells.extend(figure_cells(
                    count,
                    compared.then(|| then.get(row.key.as_str()).copied().unwrap_or(0)),
                    compared,
                ));
                cells
            })
            .collect(),
    })
}

fn communes(report: &Report, l: &Labels) -> Option<Table> {
    let outreach = report.outreach.as_ref()?;
    Some(Table {
        part: Part::Communes,
        title: l.communes_list.to_owned(),
        headers: [l.commune, l.within, l.news_count]
            .map(str::to_owned)
            .to_vec(),
        rows: outreach
            .list
            .iter()
            .map(|row| {
                vec![
                    Cell::Text(row.label.clone()),
                    Cell::Text(row.within.clone()),
                    Cell::Count(row.news),
                ]
            })
            .collect(),
    })
}

fn items(report: &Report, l: &Labels) -> Table {
    Table {
        part: Part::Items,
        title: l.list.to_owned(),
        headers: [
            l.date,
            l.kind,
            l.item_title,
            l.locality,
            l.photos,
            l.address,
        ]
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
                    Cell::Day(item.date),
                    Cell::Text(kind.to_owned()),
                    Cell::Text(item.title.clone()),
                    Cell::Text(item.localities.join("; ")),
                    Cell::Count(item.photos),
                    Cell::Link(item.url.clone()),
                ]
            })
            .collect(),
    }
}

/// Every table of the report, in reading order.
pub fn tables(report: &Report, l: &Labels) -> Vec<Table> {
    let mut all = vec![summary(report, l), cadence(report, l), months(report, l)];
    all.extend(terms(report, l, Part::Audiences, l.by_audience, |r| {
        &r.audiences
    }));
    all.extend(terms(report, l, Part::Localities, l.by_locality, |r| {
        &r.localities
    }));
    all.extend(communes(report, l));
    all.extend(terms(report, l, Part::Topics, l.by_topic, |r| &r.topics));
    all.push(items(report, l));
    for table in &mut all {
        for cell in table.rows.iter_mut().flatten() {
            if let Cell::Text(text) | Cell::Link(text) | Cell::Label { text, .. } = cell {
                *text = printable(text);
            }
        }
    }
    all
}

/// Text without the control characters a writer's files can hold (YAML
/// takes `\a` or `\v` in a title) but no office document can: Word will
/// not open a file with one. Tabs and line breaks stay.
pub fn printable(text: &str) -> String {
    text.chars()
        .filter(|&c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_signed_and_ratios_are_whole_percents() {
        assert_eq!(Cell::Change(3).shown("vi"), "+3");
        assert_eq!(Cell::Change(-2).shown("vi"), "-2");
        assert_eq!(Cell::Change(0).shown("vi"), "0");
        assert_eq!(Cell::Ratio(Some(0.25)).shown("vi"), "+25%");
        assert_eq!(Cell::Ratio(Some(-1.0)).shown("en"), "-100%");
        assert_eq!(Cell::Ratio(None).shown("vi"), "");
    }

    #[test]
    fn a_figure_beside_a_period_without_it_has_no_ratio() {
        assert_eq!(
            figure_cells(4, Some(0), true),
            [
                Cell::Count(4),
                Cell::Count(0),
                Cell::Change(4),
                Cell::Ratio(None)
            ]
        );
        assert_eq!(figure_cells(4, None, false), [Cell::Count(4)]);
    }
}

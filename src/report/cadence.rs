//! The monthly publishing cadence over the programme's period: which
//! calendar months met the minimum, which missed it, how the current month
//! stands, and what is already scheduled for the months to come.

use serde::Serialize;

use crate::error::{Diagnostic, counted};
use crate::load::config::{OnMiss, ProgrammeEnd};
use crate::model::Site;
use crate::t;
use crate::text::dates::YearMonth;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum MonthState {
    Met,
    Missed,
    /// The current month, not met yet.
    InProgress {
        days_left: i64,
    },
    /// A month after the current one.
    Upcoming,
}

#[derive(Debug, Clone, Serialize)]
pub struct CadenceMonth {
    pub month: YearMonth,
    /// Items of the counted kinds published in the month up to now.
    pub published: usize,
    /// Items dated later in the month or in months to come.
    pub scheduled: usize,
    #[serde(flatten)]
    pub state: MonthState,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cadence {
    pub programme: String,
    pub first: YearMonth,
    pub last: YearMonth,
    pub current: YearMonth,
    pub min_per_month: usize,
    pub kinds: Vec<&'static str>,
    pub months: Vec<CadenceMonth>,
}

impl Cadence {
    pub fn missed(&self) -> impl Iterator<Item = &CadenceMonth> {
        self.months.iter().filter(|m| m.state == MonthState::Missed)
    }

    /// Months before the current one.
    pub fn past(&self) -> impl Iterator<Item = &CadenceMonth> {
        self.months.iter().filter(|m| m.month < self.current)
    }

    /// The status block every build and check ends with.
    pub fn summary(&self) -> Vec<String> {
        let items = |count: usize| {
            counted(
                count,
                t!("count-item-one"),
                t!("count-items", count = count),
            )
        };
        let mut lines = vec![
            t!(
                "cadence-heading",
                programme = self.programme,
                first = self.first,
                last = self.last,
                items = items(self.min_per_month),
                kinds = self.kinds.join(", ")
            )
            .text,
        ];
        let past = self.past().count();
        let missed: Vec<String> = self
            .missed()
            .map(|m| format!("{} ({})", m.month, m.published))
            .collect();
        if past > 0 {
            lines.push(t!("cadence-past", met = past - missed.len(), past = past).text);
        }
        if !missed.is_empty() {
            lines.push(t!("cadence-missed", months = missed.join(", ")).text);
        }
        if let Some(now) = self.months.iter().find(|m| m.month == self.current) {
            lines.push(match now.state {
                MonthState::InProgress { days_left } => {
                    t!(
                        "cadence-this-month-so-far",
                        month = now.month,
                        published = now.published,
                        min = self.min_per_month,
                        days = counted(
                            usize::try_from(days_left).unwrap_or(0),
                            t!("count-day-one"),
                            t!("count-days", count = days_left)
                        )
                    )
                    .text
                }
                _ => {
                    t!(
                        "cadence-this-month-met",
                        month = now.month,
                        items = items(now.published)
                    )
                    .text
                }
            });
        }
        let coming: Vec<String> = self
            .months
            .iter()
            .filter(|m| m.month >= self.current && m.scheduled > 0)
            .map(|m| format!("{} ({})", m.month, m.scheduled))
            .collect();
        if !coming.is_empty() {
            lines.push(t!("cadence-scheduled", months = coming.join(", ")).text);
        }
        lines
    }

    /// A diagnostic about missed months: an error with `on_miss: error`,
    /// a warning otherwise; `None` when no past month was missed.
    pub fn verdict(&self, site: &Site) -> Option<Diagnostic> {
        let missed: Vec<String> = self.missed().map(|m| m.month.to_string()).collect();
        if missed.is_empty() {
            return None;
        }
        let config = &site.config;
        let message = t!(
            "cadence-missed-months",
            months = counted(
                missed.len(),
                t!("count-month-one"),
                t!("count-months", count = missed.len())
            ),
            items = counted(
                self.min_per_month,
                t!("count-published-item-one"),
                t!("count-published-items", count = self.min_per_month)
            ),
            missed = missed.join(", ")
        );
        let line = config
            .key_lines
            .get("cadence")
            .unwrap_or(config.key_lines.line_of("programme"));
        let diagnostic = match config.cadence.on_miss {
            OnMiss::Error => Diagnostic::error(&config.file, message),
            OnMiss::Warn => Diagnostic::warning(&config.file, message),
        };
        Some(
            diagnostic
                .at_line(line)
                .with_help(t!("cadence-missed-months-help")),
        )
    }
}

/// How far ahead an open programme's calendar shows scheduled items.
const MONTHS_AHEAD: usize = 12;

/// The cadence of the site's programme; `None` when the config declares
/// no programme.
pub fn compute(site: &Site) -> Option<Cadence> {
    let config = &site.config;
    let programme = config.programme.as_ref()?;
    let rules = &config.cadence;
    let now = site.rules.now;
    let today = now.date_naive();
    let current = YearMonth::of(today);
    let counted = |kind| rules.kinds.contains(&kind);
    let mut published: Vec<YearMonth> = Vec::new();
    let mut scheduled: Vec<YearMonth> = Vec::new();
    for page in &site.pages {
        if let (Some(date), true) = (page.date, counted(page.kind)) {
            let month = YearMonth::of(date.date_naive());
            if date <= now {
                published.push(month)
            } else {
                scheduled.push(month)
            }
        }
    }
    scheduled.extend(
        site.scheduled
            .iter()
            .filter(|(_, kind)| counted(*kind))
            .map(|(date, _)| YearMonth::of(date.date_naive())),
    );
    // An open programme's calendar runs to this month, or to the last
    // scheduled item up to a year ahead: an item dated 9999 by a slip of
    // the keyboard must not make the calendar eight thousand years long.
    let horizon = (0..MONTHS_AHEAD).fold(current, |month, _| month.next());
    let last = match programme.end {
        ProgrammeEnd::Month(end) => end,
        ProgrammeEnd::Open => scheduled
            .iter()
            .copied()
            .filter(|month| *month <= horizon)
            .max()
            .unwrap_or(current)
            .max(current),
    }
    // A programme that has not started yet still shows its first month.
    .max(programme.start);
    let days_left = (current.last_day() - today).num_days();
    let months = programme
        .start
        .through(last)
        .map(|month| {
            let count = |list: &[YearMonth]| list.iter().filter(|m| **m == month).count();
            let published = count(&published);
            let met = published >= rules.min_per_month;
            let state = match month.cmp(&current) {
                std::cmp::Ordering::Less if met => MonthState::Met,
                std::cmp::Ordering::Less => MonthState::Missed,
                std::cmp::Ordering::Equal if met => MonthState::Met,
                std::cmp::Ordering::Equal => MonthState::InProgress { days_left },
                std::cmp::Ordering::Greater => MonthState::Upcoming,
            };
            CadenceMonth {
                month,
                published,
                scheduled: count(&scheduled),
                state,
            }
        })
        .collect();
    Some(Cadence {
        programme: programme.name.clone(),
        first: programme.start,
        last,
        current,
        min_per_month: rules.min_per_month,
        kinds: rules.kinds.iter().map(|kind| kind.name()).collect(),
        months,
    })
}

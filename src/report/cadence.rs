//! The monthly publishing cadence over the programme's period: which
//! calendar months met the minimum, which missed it, how the current month
//! stands, and what is already scheduled for the months to come.

use serde::Serialize;

use crate::error::Diagnostic;
use crate::load::config::{OnMiss, ProgrammeEnd};
use crate::model::Site;
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
        let mut lines = vec![format!(
            "Cadence of {} ({} to {}): at least {} item{} a month of {}",
            self.programme,
            self.first,
            self.last,
            self.min_per_month,
            if self.min_per_month == 1 { "" } else { "s" },
            self.kinds.join(", ")
        )];
        let past = self.past().count();
        let missed: Vec<String> = self
            .missed()
            .map(|m| format!("{} ({})", m.month, m.published))
            .collect();
        if past > 0 {
            lines.push(format!(
                "  past months: {} of {past} met",
                past - missed.len()
            ));
        }
        if !missed.is_empty() {
            lines.push(format!("  missed: {}", missed.join(", ")));
        }
        if let Some(now) = self.months.iter().find(|m| m.month == self.current) {
            lines.push(match now.state {
                MonthState::InProgress { days_left } => format!(
                    "  this month ({}): {} of {} so far, {days_left} day{} left",
                    now.month,
                    now.published,
                    self.min_per_month,
                    if days_left == 1 { "" } else { "s" }
                ),
                _ => format!(
                    "  this month ({}): met with {} item{}",
                    now.month,
                    now.published,
                    if now.published == 1 { "" } else { "s" }
                ),
            });
        }
        let coming: Vec<String> = self
            .months
            .iter()
            .filter(|m| m.month >= self.current && m.scheduled > 0)
            .map(|m| format!("{} ({})", m.month, m.scheduled))
            .collect();
        if !coming.is_empty() {
            lines.push(format!("  scheduled: {}", coming.join(", ")));
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
        let message = format!(
            "{} month{} of the programme had fewer than {} published item{}: {}",
            missed.len(),
            if missed.len() == 1 { "" } else { "s" },
            self.min_per_month,
            if self.min_per_month == 1 { "" } else { "s" },
            missed.join(", ")
        );
        let line = config
            .key_lines
            .get("cadence")
            .unwrap_or(config.key_lines.line_of("programme"));
        let diagnostic = match config.cadence.on_miss {
            OnMiss::Error => Diagnostic::error(&config.file, message),
            OnMiss::Warn => Diagnostic::warning(&config.file, message),
        };
        Some(diagnostic.at_line(line).with_help("the plans ask for prevention information at least once every month; schedule items ahead (a future date) so that no month is left empty"))
    }
}

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
    let last = match programme.end {
        ProgrammeEnd::Month(end) => end,
        ProgrammeEnd::Open => scheduled
            .iter()
            .copied()
            .max()
            .unwrap_or(current)
            .max(current),
    };
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

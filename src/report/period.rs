//! Reporting periods: what `--period` and `--cutoff` mean in dates.
//!
//! State reports in Vietnam cut figures off on the 14th (Nghị định
//! 09/2019/NĐ-CP): the reporting month M runs from the 15th of the month
//! before to the 14th of M, so Q2 2024 runs 15/03/2024–14/06/2024 and the
//! year 2024 runs 15/12/2023–14/12/2024. Calendar periods are the other
//! common choice; a report always states the range it used.

use chrono::NaiveDate;
use serde::Serialize;

use crate::text::dates::YearMonth;

/// Which rule turns a named period into dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Cutoff {
    /// Figures cut off on the 14th, as state reports require.
    Reporting,
    /// Calendar months, quarters and years.
    Calendar,
}

/// One stretch of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DateRange {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl DateRange {
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.first <= day && day <= self.last
    }
}

/// A month of a period: a calendar month, or a reporting month (named by
/// the month it ends in), or the part of a month inside a free range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PeriodMonth {
    pub month: YearMonth,
    pub range: DateRange,
}

/// A reporting period, resolved to dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    /// As the user wrote it: `2024-Q2`.
    pub name: String,
    /// `None` for a free `FROM..TO` range, where no cutoff applies.
    pub cutoff: Option<Cutoff>,
    pub range: DateRange,
    pub months: Vec<PeriodMonth>,
}

const FORMS: &str =
    "YYYY, YYYY-H1, YYYY-H2, YYYY-Q1…YYYY-Q4, YYYY-9M, YYYY-MM, or FROM..TO with dates YYYY-MM-DD";

/// The range of a reporting month under a cutoff rule.
fn month_range(month: YearMonth, cutoff: Cutoff) -> DateRange {
    match cutoff {
        Cutoff::Calendar => DateRange {
            first: month.first_day(),
            last: month.last_day(),
        },
        Cutoff::Reporting => {
            let before = month.previous();
            DateRange {
                first: NaiveDate::from_ymd_opt(before.year, before.month, 15)
                    .unwrap_or(before.first_day()),
                last: NaiveDate::from_ymd_opt(month.year, month.month, 14)
                    .unwrap_or(month.first_day()),
            }
        }
    }
}

impl Period {
    /// Reads a period as `--period` takes it.
    pub fn parse(text: &str, cutoff: Cutoff) -> Result<Period, String> {
        let text = text.trim();
        if let Some((from, to)) = text.split_once("..") {
            return Self::free_range(text, from, to);
        }
        let bad = || crate::t!("not-a-period", text = text, forms = FORMS).text;
        let (year, part) = match text.split_once('-') {
            Some((year, part)) => (year, Some(part)),
            None => (text, None),
        };
        let year: i32 = year
            .parse()
            .ok()
            .filter(|_| year.len() == 4)
            .ok_or_else(bad)?;
        let (first, last) = match part.map(str::to_ascii_uppercase).as_deref() {
            None => (1, 12),
            Some("H1") => (1, 6),
            Some("H2") => (7, 12),
            Some("9M") => (1, 9),
            Some(quarter @ ("Q1" | "Q2" | "Q3" | "Q4")) => {
                let n: u32 = quarter[1..].parse().map_err(|_| bad())?;
                (3 * n - 2, 3 * n)
            }
            Some(month) if month.len() == 2 => {
                let m: u32 = month
                    .parse()
                    .ok()
                    .filter(|m| (1..=12).contains(m))
                    .ok_or_else(bad)?;
                (m, m)
            }
            Some(_) => return Err(bad()),
        };
        let first = YearMonth { year, month: first };
        let last = YearMonth { year, month: last };
        let months: Vec<PeriodMonth> = first
            .through(last)
            .map(|month| PeriodMonth {
                month,
                range: month_range(month, cutoff),
            })
            .collect();
        let range = DateRange {
            first: months.first().map_or(first.first_day(), |m| m.range.first),
            last: months.last().map_or(last.last_day(), |m| m.range.last),
        };
        Ok(Period {
            name: text.to_owned(),
            cutoff: Some(cutoff),
            range,
            months,
        })
    }

    fn free_range(text: &str, from: &str, to: &str) -> Result<Period, String> {
        let day = |written: &str| {
            NaiveDate::parse_from_str(written.trim(), "%Y-%m-%d").map_err(|_| {
                crate::t!("period-day-not-a-date", day = written.trim(), text = text).text
            })
        };
        let range = DateRange {
            first: day(from)?,
            last: day(to)?,
        };
        if range.last < range.first {
            return Err(crate::t!("period-ends-first", text = text).text);
        }
        let months = YearMonth::of(range.first)
            .through(YearMonth::of(range.last))
            .map(|month| PeriodMonth {
                month,
                range: DateRange {
                    first: month.first_day().max(range.first),
                    last: month.last_day().min(range.last),
                },
            })
            .collect();
        Ok(Period {
            name: text.to_owned(),
            cutoff: None,
            range,
            months,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn range(period: &str, cutoff: Cutoff) -> (NaiveDate, NaiveDate) {
        let period = Period::parse(period, cutoff).unwrap();
        (period.range.first, period.range.last)
    }

    #[test]
    fn reporting_periods_cut_off_on_the_fourteenth() {
        use Cutoff::Reporting;
        assert_eq!(
            range("2024-Q2", Reporting),
            (day("2024-03-15"), day("2024-06-14"))
        );
        assert_eq!(
            range("2024", Reporting),
            (day("2023-12-15"), day("2024-12-14"))
        );
        assert_eq!(
            range("2024-Q1", Reporting),
            (day("2023-12-15"), day("2024-03-14"))
        );
        assert_eq!(
            range("2024-H1", Reporting),
            (day("2023-12-15"), day("2024-06-14"))
        );
        assert_eq!(
            range("2024-H2", Reporting),
            (day("2024-06-15"), day("2024-12-14"))
        );
        assert_eq!(
            range("2024-9M", Reporting),
            (day("2023-12-15"), day("2024-09-14"))
        );
        assert_eq!(
            range("2024-03", Reporting),
            (day("2024-02-15"), day("2024-03-14"))
        );
        let q2 = Period::parse("2024-Q2", Reporting).unwrap();
        assert_eq!(q2.months.len(), 3);
        assert_eq!(
            q2.months[0].range,
            DateRange {
                first: day("2024-03-15"),
                last: day("2024-04-14")
            }
        );
    }

    #[test]
    fn calendar_periods_follow_the_calendar() {
        use Cutoff::Calendar;
        assert_eq!(
            range("2024-Q2", Calendar),
            (day("2024-04-01"), day("2024-06-30"))
        );
        assert_eq!(
            range("2024", Calendar),
            (day("2024-01-01"), day("2024-12-31"))
        );
        assert_eq!(
            range("2024-02", Calendar),
            (day("2024-02-01"), day("2024-02-29"))
        );
        assert_eq!(
            range("2024-h2", Calendar),
            (day("2024-07-01"), day("2024-12-31"))
        );
        assert_eq!(
            range("2024-9M", Calendar),
            (day("2024-01-01"), day("2024-09-30"))
        );
    }

    #[test]
    fn free_ranges_ignore_the_cutoff_and_split_by_month() {
        let period = Period::parse("2024-03-20..2024-05-10", Cutoff::Reporting).unwrap();
        assert_eq!(period.cutoff, None);
        assert_eq!(period.months.len(), 3);
        assert_eq!(period.months[0].range.first, day("2024-03-20"));
        assert_eq!(period.months[2].range.last, day("2024-05-10"));
    }

    #[test]
    fn bad_periods_are_explained() {
        for bad in [
            "2024-Q5",
            "24-Q1",
            "2024-13",
            "quý 2",
            "2024-06-14..2024-03-15",
            "2024-03-15..hôm nay",
        ] {
            assert!(Period::parse(bad, Cutoff::Reporting).is_err(), "{bad}");
        }
        assert!(
            Period::parse("2024-Q5", Cutoff::Reporting)
                .unwrap_err()
                .contains("YYYY-Q1")
        );
    }
}

//! Dates as writers type them in front matter and as readers read them.
//!
//! Front matter takes `YYYY-MM-DD`, a local date and time, or RFC 3339 with
//! an offset; anything without an offset is in the site's time zone. Output
//! formats follow Vietnamese usage (`ngày 05 tháng 3 năm 2024`) or English.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer};

/// A date or date-time exactly as written in front matter, before the site's
/// time zone is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WrittenDate {
    Day(NaiveDate),
    Local(NaiveDateTime),
    Absolute(DateTime<FixedOffset>),
}

/// The years a date may fall in: four digits, as feeds (RFC 2822) and
/// every reader's calendar write them.
const YEARS: std::ops::RangeInclusive<i32> = 1000..=9999;

impl WrittenDate {
    pub fn parse(text: &str) -> Result<Self, String> {
        let date = Self::read(text.trim())?;
        if !YEARS.contains(&date.year()) {
            return Err(crate::t!("date-year-out-of-range", text = text.trim()).text);
        }
        Ok(date)
    }

    fn read(text: &str) -> Result<Self, String> {
        if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Ok(WrittenDate::Day(day));
        }
        if let Ok(moment) = DateTime::parse_from_rfc3339(text) {
            return Ok(WrittenDate::Absolute(moment));
        }
        for layout in [
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
        ] {
            if let Ok(local) = NaiveDateTime::parse_from_str(text, layout) {
                return Ok(WrittenDate::Local(local));
            }
        }
        Err(explain_bad_date(text))
    }

    /// The year as written.
    fn year(self) -> i32 {
        match self {
            WrittenDate::Day(day) => day.year(),
            WrittenDate::Local(local) => local.year(),
            WrittenDate::Absolute(moment) => moment.year(),
        }
    }

    /// The moment this date stands for in the site's time zone; a bare day
    /// is its first moment.
    pub fn in_zone(self, zone: Tz) -> DateTime<Tz> {
        match self {
            WrittenDate::Day(day) => local_moment(zone, day.and_time(NaiveTime::MIN)),
            WrittenDate::Local(local) => local_moment(zone, local),
            WrittenDate::Absolute(moment) => moment.with_timezone(&zone),
        }
    }

    /// The last moment of the written day, for "now" given as a day: an item
    /// dated that day counts as published on it.
    pub fn end_of_day_in_zone(self, zone: Tz) -> DateTime<Tz> {
        match self {
            WrittenDate::Day(day) => {
                let last = NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN);
                local_moment(zone, day.and_time(last))
            }
            other => other.in_zone(zone),
        }
    }
}

/// Resolves a wall-clock time in a zone; a time skipped by a daylight-saving
/// change is taken an hour later, as clocks show it.
fn local_moment(zone: Tz, local: NaiveDateTime) -> DateTime<Tz> {
    zone.from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            zone.from_local_datetime(&(local + chrono::Duration::hours(1)))
                .earliest()
        })
        .unwrap_or_else(|| zone.from_utc_datetime(&local))
}

/// A plain explanation for a date that could not be read, with the likely
/// intended value when the writer used the Vietnamese day-first form.
fn explain_bad_date(text: &str) -> String {
    let parts: Vec<&str> = text.split(['/', '-', '.']).collect();
    if let [day, month, year] = parts.as_slice()
        && let (Ok(d), Ok(m), Ok(y)) = (
            day.parse::<u32>(),
            month.parse::<u32>(),
            year.parse::<i32>(),
        )
        && year.len() == 4
        && NaiveDate::from_ymd_opt(y, m, d).is_some()
    {
        let written = format!("{y:04}-{m:02}-{d:02}");
        return crate::t!("date-day-first", text = text, written = written).text;
    }
    crate::t!("date-unreadable", text = text).text
}

impl schemars::JsonSchema for WrittenDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "YYYY-MM-DD, or a time as 2024-03-05T08:30:00+07:00 (without an offset, in the site's time zone).",
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?$"
        })
    }
}

impl<'de> Deserialize<'de> for WrittenDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        WrittenDate::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A calendar month, the unit of the publishing cadence: `2025-01`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    pub year: i32,
    pub month: u32,
}

impl YearMonth {
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let parsed = text.split_once('-').and_then(|(year, month)| {
            let year: i32 = year.parse().ok().filter(|_| year.len() == 4)?;
            let month: u32 = month
                .parse()
                .ok()
                .filter(|m| (1..=12).contains(m) && month.len() == 2)?;
            Some(YearMonth { year, month })
        });
        parsed.ok_or_else(|| crate::t!("month-unreadable", text = text).text)
    }

    pub fn of(day: NaiveDate) -> Self {
        YearMonth {
            year: day.year(),
            month: day.month(),
        }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap_or(NaiveDate::MAX)
    }

    pub fn next(self) -> Self {
        if self.month == 12 {
            YearMonth {
                year: self.year + 1,
                month: 1,
            }
        } else {
            YearMonth {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    pub fn previous(self) -> Self {
        if self.month == 1 {
            YearMonth {
                year: self.year - 1,
                month: 12,
            }
        } else {
            YearMonth {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// Every month from `self` to `last`, both included.
    pub fn through(self, last: YearMonth) -> impl Iterator<Item = YearMonth> {
        std::iter::successors(Some(self), |m| Some(m.next())).take_while(move |m| *m <= last)
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl schemars::JsonSchema for YearMonth {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Month".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A month, YYYY-MM.",
            "type": "string",
            "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"
        })
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        YearMonth::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl serde::Serialize for YearMonth {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Which written form of a date to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// `ngày 05 tháng 3 năm 2024` / `5 March 2024`
    Long,
    /// `05/03/2024` / `2024-03-05`
    Short,
    /// `tháng 3 năm 2024` / `March 2024`
    Month,
}

const ENGLISH_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Writes a calendar day for readers of `language` (`vi` or `en`; any other
/// language gets the ISO form).
pub fn format_day(day: NaiveDate, language: &str, style: DateStyle) -> String {
    let (d, m, y) = (day.day(), day.month(), day.year());
    let english_month = ENGLISH_MONTHS[day.month0() as usize];
    match (language, style) {
        ("vi", DateStyle::Long) => format!("ngày {d:02} tháng {m} năm {y}"),
        ("vi", DateStyle::Short) => format!("{d:02}/{m:02}/{y}"),
        ("vi", DateStyle::Month) => format!("tháng {m} năm {y}"),
        ("en", DateStyle::Long) => format!("{d} {english_month} {y}"),
        ("en", DateStyle::Month) => format!("{english_month} {y}"),
        _ => day.format("%Y-%m-%d").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_forms_front_matter_allows() {
        let day = NaiveDate::from_ymd_opt(2024, 3, 5).unwrap();
        assert_eq!(WrittenDate::parse("2024-03-05"), Ok(WrittenDate::Day(day)));
        assert!(matches!(
            WrittenDate::parse("2024-03-05T08:30:00+07:00"),
            Ok(WrittenDate::Absolute(_))
        ));
        assert!(matches!(
            WrittenDate::parse("2024-03-05 08:30"),
            Ok(WrittenDate::Local(_))
        ));
    }

    #[test]
    fn day_first_dates_get_the_right_suggestion() {
        let message = WrittenDate::parse("05/03/2024").unwrap_err();
        assert!(message.contains("write 2024-03-05"), "{message}");
        let message = WrittenDate::parse("hôm qua").unwrap_err();
        assert!(message.contains("YYYY-MM-DD"), "{message}");
    }

    #[test]
    fn bare_days_are_in_the_site_time_zone() {
        let moment = WrittenDate::parse("2024-03-05")
            .unwrap()
            .in_zone(chrono_tz::Asia::Ho_Chi_Minh);
        assert_eq!(moment.to_rfc3339(), "2024-03-05T00:00:00+07:00");
        let utc = WrittenDate::parse("2024-03-04T20:00:00Z")
            .unwrap()
            .in_zone(chrono_tz::Asia::Ho_Chi_Minh);
        assert_eq!(
            utc.date_naive(),
            NaiveDate::from_ymd_opt(2024, 3, 5).unwrap()
        );
    }

    #[test]
    fn months_parse_and_step() {
        let january = YearMonth::parse("2025-01").unwrap();
        assert_eq!(
            january.previous(),
            YearMonth {
                year: 2024,
                month: 12
            }
        );
        assert_eq!(
            january.last_day(),
            NaiveDate::from_ymd_opt(2025, 1, 31).unwrap()
        );
        assert_eq!(YearMonth::parse("2024-02").unwrap().last_day().day(), 29);
        assert_eq!(
            january
                .through(YearMonth::parse("2025-03").unwrap())
                .count(),
            3
        );
        assert!(YearMonth::parse("2025-13").is_err());
        assert!(YearMonth::parse("01/2025").unwrap_err().contains("YYYY-MM"));
    }

    #[test]
    fn formats_in_vietnamese_and_english() {
        let day = NaiveDate::from_ymd_opt(2024, 3, 5).unwrap();
        assert_eq!(
            format_day(day, "vi", DateStyle::Long),
            "ngày 05 tháng 3 năm 2024"
        );
        assert_eq!(format_day(day, "vi", DateStyle::Short), "05/03/2024");
        assert_eq!(format_day(day, "vi", DateStyle::Month), "tháng 3 năm 2024");
        assert_eq!(format_day(day, "en", DateStyle::Long), "5 March 2024");
        assert_eq!(format_day(day, "en", DateStyle::Short), "2024-03-05");
    }
}

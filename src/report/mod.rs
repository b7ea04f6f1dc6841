//! Reports: the monthly publishing cadence the plans require, and the
//! publication counts departments send up each quarter, half-year, nine
//! months and year.
//!
//! `period` turns `--period`/`--cutoff` into dates, `cadence` follows the
//! calendar months of the programme, `counts` makes a period's report from
//! the published site, and `format` writes it out.

pub mod cadence;
pub mod counts;
pub mod format;
pub mod period;

pub use cadence::{Cadence, compute as cadence};
pub use counts::{Report, report};
pub use format::Format;
pub use period::{Cutoff, Period};

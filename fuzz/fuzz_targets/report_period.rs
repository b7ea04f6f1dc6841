//! `loa report --period` on any text: a period whose months lie inside
//! it, or a message, never a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use loa::report::{Cutoff, Period};

fuzz_target!(|text: &str| {
    for cutoff in [Cutoff::Reporting, Cutoff::Calendar] {
        if let Ok(period) = Period::parse(text, cutoff) {
            assert!(period.range.first <= period.range.last, "{text}");
            for month in &period.months {
                assert!(
                    period.range.first <= month.range.first
                        && month.range.last <= period.range.last,
                    "{text}: {month:?}"
                );
            }
        }
    }
});

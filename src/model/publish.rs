//! Which items a build publishes: drafts, items scheduled after "now" and
//! expired items are left out unless asked for.

use chrono::DateTime;
use chrono_tz::Tz;

use super::Page;
use crate::load::front_matter::Kind;

/// Why an item is not in this build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unpublished {
    Draft,
    Scheduled,
    Expired,
}

impl Unpublished {
    /// The reason's name in `check --format json`.
    pub fn name(self) -> &'static str {
        match self {
            Unpublished::Draft => "draft",
            Unpublished::Scheduled => "scheduled",
            Unpublished::Expired => "expired",
        }
    }
}

/// An item this build leaves out, and why: builds say so, so that no item
/// goes missing from the site without a word.
#[derive(Debug, Clone)]
pub struct LeftOut {
    pub file: std::path::PathBuf,
    pub reason: Unpublished,
    /// When a scheduled item is due, or when an expired one expired.
    pub when: Option<DateTime<Tz>>,
}

/// The publishing rules of one build.
#[derive(Debug, Clone, Copy)]
pub struct PublishRules {
    /// "Now" in the site's time zone; fixed by `--now` for reproducible builds.
    pub now: DateTime<Tz>,
    pub include_drafts: bool,
    pub include_future: bool,
}

impl PublishRules {
    /// Why `page` is left out of this build, when it is.
    pub fn left_out(&self, page: &Page) -> Option<LeftOut> {
        let reason = self.verdict(page)?;
        let when = match reason {
            Unpublished::Draft => None,
            Unpublished::Scheduled => page.date,
            Unpublished::Expired => page
                .front
                .expires
                .map(|expires| expires.in_zone(self.now.timezone())),
        };
        Some(LeftOut {
            file: page.file.path.clone(),
            reason,
            when,
        })
    }

    /// `None` when the page is published in this build.
    pub fn verdict(&self, page: &Page) -> Option<Unpublished> {
        if page.front.draft && !self.include_drafts {
            return Some(Unpublished::Draft);
        }
        if page.date.is_some_and(|date| date > self.now) && !self.include_future {
            return Some(Unpublished::Scheduled);
        }
        let zone = self.now.timezone();
        // A legal document's `expires` is when the document stops being in
        // force; its summary stays, to tell readers so.
        if page.kind != Kind::Legal
            && page
                .front
                .expires
                .is_some_and(|expires| expires.in_zone(zone) <= self.now)
        {
            return Some(Unpublished::Expired);
        }
        None
    }
}

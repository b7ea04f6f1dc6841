//! Headings of a body: anchors that fold Vietnamese and never repeat, the
//! table of contents, and the attributes a heading may carry (`{#id}` and
//! `{.class}`; anything else could carry script).

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use serde::Serialize;

use super::{Source, lines::Lines, plain_text};
use crate::error::Diagnostic;
use crate::t;
use crate::text::slugify;

/// A heading of a page, for its table of contents.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// Gives every heading its anchor and returns them in order.
pub fn anchor(
    events: &mut [(Event, Range<usize>)],
    source: &Source,
    lines: &Lines,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Heading> {
    let mut toc = Vec::new();
    let mut used = Used::default();
    let mut open: Option<usize> = None;
    for index in 0..events.len() {
        match &events[index].0 {
            Event::Start(Tag::Heading { .. }) => open = Some(index),
            Event::End(TagEnd::Heading(_)) => {
                let Some(start) = open.take() else { continue };
                let title = plain_text(&events[start + 1..index]);
                let (line, column) = lines.place(source.body, events[start].1.start);
                let Event::Start(Tag::Heading {
                    level, id, attrs, ..
                }) = &mut events[start].0
                else {
                    continue;
                };
                let wanted = id
                    .as_ref()
                    .map(|given| given.to_string())
                    .unwrap_or_else(|| slugify(&title));
                let unique = unique_id(
                    if wanted.is_empty() {
                        "muc".to_owned()
                    } else {
                        wanted
                    },
                    &mut used,
                );
                *id = Some(CowStr::from(unique.clone()));
                if !attrs.is_empty() {
                    let removed: Vec<String> = attrs
                        .drain(..)
                        .map(|(attribute, _)| format!("`{attribute}`"))
                        .collect();
                    diagnostics.push(
                        Diagnostic::warning(
                            source.file,
                            t!("heading-attribute-removed", attributes = removed.join(", ")),
                        )
                        .at(line, column)
                        .with_help(t!("heading-attribute-removed-help")),
                    );
                }
                let level = *level as u8;
                if level == 1 {
                    diagnostics.push(
                        Diagnostic::warning(source.file, t!("heading-level-one"))
                            .at(line, column)
                            .with_help(t!("heading-level-one-help")),
                    );
                }
                toc.push(Heading {
                    level,
                    id: unique,
                    title,
                });
            }
            _ => {}
        }
    }
    toc
}

/// Anchors given so far, and for each anchor wanted more than once the
/// next number to try after it.
#[derive(Default)]
struct Used {
    ids: HashSet<String>,
    next_number: HashMap<String, usize>,
}

fn unique_id(wanted: String, used: &mut Used) -> String {
    if used.ids.insert(wanted.clone()) {
        return wanted;
    }
    let number = used.next_number.entry(wanted.clone()).or_insert(1);
    loop {
        let candidate = format!("{wanted}-{number}");
        *number += 1;
        if used.ids.insert(candidate.clone()) {
            return candidate;
        }
    }
}

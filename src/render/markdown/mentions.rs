//! Mentions of legal document numbers in running text ("Quyết định số
//! 1629/QĐ-TTg"): recorded for the register, and linked to the summary of
//! the document where the site has one.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::{LinkTargets, RenderedMarkdown, Source, Surroundings, UnknownMention, lines::Lines};
use crate::model::legal::{MENTION, number_key};

/// Links the mentions in the text of `events`, recording every mention in
/// `rendered`.
pub fn link<'e>(
    events: Vec<(Event<'e>, Range<usize>)>,
    source: &Source,
    targets: &LinkTargets,
    lines: &Lines,
    rendered: &mut RenderedMarkdown,
) -> Vec<(Event<'e>, Range<usize>)> {
    let mut surroundings = Surroundings::default();
    let mut linked = HashSet::new();
    let mut out = Vec::with_capacity(events.len());
    for (event, range) in events {
        surroundings.follow(&event);
        let replaced = match &event {
            Event::Text(text) if surroundings.code == 0 => link_in_text(
                text,
                source,
                targets,
                lines.at(range.start),
                surroundings.allow_links(),
                &mut linked,
                rendered,
            ),
            _ => None,
        };
        match replaced {
            Some(replacement) => out.extend(replacement.into_iter().map(|e| (e, range.clone()))),
            None => out.push((event, range)),
        }
    }
    out
}

/// Finds mentions of document numbers in a piece of text. Mentions of
/// summarised documents are recorded and, when `may_link`, the config and
/// the page allow, linked; the returned events replace the text when any
/// link was made.
fn link_in_text<'e>(
    text: &str,
    source: &Source,
    targets: &LinkTargets,
    line: usize,
    may_link: bool,
    linked: &mut HashSet<String>,
    rendered: &mut RenderedMarkdown,
) -> Option<Vec<Event<'e>>> {
    // Every document number has a `/`; most text has none, and skipping it
    // spares the regular expression.
    if !text.contains('/') {
        return None;
    }
    let mut events = Vec::new();
    let mut written_up_to = 0;
    for found in MENTION.captures_iter(text) {
        let (Some(whole), Some(number)) = (found.get(0), found.name("number")) else {
            continue;
        };
        // A number glued to a word or path ("abc1629/QĐ-TTg", "/x/1/QĐ-A") is not a mention.
        if text[..whole.start()]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '/')
        {
            continue;
        }
        let key = number_key(number.as_str());
        let Some(url) = targets.documents.get(&key) else {
            rendered.unknown_mentions.push(UnknownMention {
                number: number.as_str().to_owned(),
                line,
            });
            continue;
        };
        if !rendered.mentions.contains(&key) {
            rendered.mentions.push(key.clone());
        }
        let own_page = source.own_document.as_deref() == Some(key.as_str());
        if !may_link || own_page || (!targets.link_every_mention && linked.contains(&key)) {
            continue;
        }
        linked.insert(key);
        events.push(Event::Text(CowStr::from(
            text[written_up_to..whole.start()].to_owned(),
        )));
        events.push(Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url: CowStr::from(url.clone()),
            title: CowStr::Borrowed(""),
            id: CowStr::Borrowed(""),
        }));
        events.push(Event::Text(CowStr::from(whole.as_str().to_owned())));
        events.push(Event::End(TagEnd::Link));
        written_up_to = whole.end();
    }
    if events.is_empty() {
        return None;
    }
    events.push(Event::Text(CowStr::from(text[written_up_to..].to_owned())));
    Some(events)
}

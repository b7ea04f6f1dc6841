//! The search index: written at build into `search/` for the theme's
//! `search.js`, which reads only what a query needs, with no server.
//!
//! - `search/meta.json`: the shards that exist, the kinds and audiences
//!   with their labels, and for each page its kind and audiences (filters
//!   apply before anything else is fetched).
//! - `search/t/<key>.json`: a shard, every token whose folded form starts
//!   with `key` (its first two characters), and every pair of adjacent
//!   tokens starting with such a token: `{folded: {exact: [page, score,
//!   page, score, …]}}`. The exact forms keep the diacritics, so a query
//!   typed with them ranks exact matches first; adjacent pairs rank
//!   pages with the phrase above pages with the words scattered.
//! - `search/p/<page>.json`: one page's URL, title, date, kind and text,
//!   fetched for the results shown (title, badge, date, snippet).
//!
//! A token scores 8 in the title, 4 in a heading, 2 in the summary and 1
//! in the text (at most 10 from the text), so title hits weigh more.

pub mod text;

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use crate::model::Site;
use crate::render::RenderedBodies;
use text::{fold, is_token_char};

/// The folder of the index inside the output.
pub const FOLDER: &str = "search";

/// How much a token found in each field counts.
const TITLE: u32 = 8;
const HEADING: u32 = 4;
const SUMMARY: u32 = 2;
const TEXT: u32 = 1;
/// Text hits beyond this many add nothing: a long page is not more
/// relevant for repeating a word.
const MOST_FROM_TEXT: u32 = 10;

/// The index's files: path inside the output folder and JSON text.
pub fn files(
    site: &Site,
    bodies: &RenderedBodies,
    strings: &BTreeMap<String, String>,
) -> Vec<(String, String)> {
    let documents: Vec<Document> = (0..site.pages.len())
        .into_par_iter()
        .map(|index| Document::of(site, bodies, index))
        .collect();
    let postings: Vec<HashMap<(String, String), u32>> =
        documents.par_iter().map(Document::postings).collect();
    let mut shards: BTreeMap<String, BTreeMap<String, BTreeMap<String, Vec<u32>>>> =
        BTreeMap::new();
    for (page, found) in postings.into_iter().enumerate() {
        let page = u32::try_from(page).unwrap_or(u32::MAX);
        for ((folded, exact), score) in found {
            shards
                .entry(shard_key(&folded))
                .or_default()
                .entry(folded)
                .or_default()
                .entry(exact)
                .or_default()
                .extend([page, score]);
        }
    }
    let kinds: Vec<(String, String)> = ["article", "news", "legal", "page"]
        .iter()
        .map(|kind| {
            let label = strings
                .get(&format!("kind_{kind}"))
                .cloned()
                .unwrap_or_else(|| (*kind).to_owned());
            ((*kind).to_owned(), label)
        })
        .collect();
    let audiences: Vec<(String, String)> = site
        .taxonomies
        .iter()
        .find(|taxonomy| taxonomy.name == "audiences")
        .map(|taxonomy| {
            taxonomy
                .terms
                .iter()
                .map(|term| (term.key.clone(), term.label.clone()))
                .collect()
        })
        .unwrap_or_default();
    let meta = Meta {
        version: 1,
        shards: shards.keys().cloned().collect(),
        kinds: &kinds,
        audiences: &audiences,
        pages: documents
            .iter()
            .map(|document| {
                let kind = kinds
                    .iter()
                    .position(|(key, _)| key == document.kind)
                    .unwrap_or(0);
                let audience_indexes = document
                    .audiences
                    .iter()
                    .filter_map(|key| audiences.iter().position(|(known, _)| known == key))
                    .collect();
                (kind, audience_indexes)
            })
            .collect(),
    };
    let mut files = vec![(format!("{FOLDER}/meta.json"), json(&meta))];
    files.extend(
        shards
            .iter()
            .map(|(key, tokens)| (format!("{FOLDER}/t/{key}.json"), json(tokens))),
    );
    files.extend(documents.iter().enumerate().map(|(index, document)| {
        (
            format!("{FOLDER}/p/{index}.json"),
            json(&PageFragment {
                url: &document.url,
                title: document.title,
                date: document.date.as_deref(),
                kind: document.kind,
                text: &document.shown_text(),
            }),
        )
    }));
    files
}

fn json(value: &impl Serialize) -> String {
    // Plain data of strings and numbers: serializing cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

/// The shard a folded token or pair belongs to: its first two
/// characters, each a lower-case ASCII letter or digit, else `_`.
pub fn shard_key(folded: &str) -> String {
    folded
        .chars()
        .take_while(|&c| c != ' ')
        .take(2)
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    shards: Vec<String>,
    kinds: &'a [(String, String)],
    audiences: &'a [(String, String)],
    /// Each page's kind and audiences, by index into the lists above.
    pages: Vec<(usize, Vec<usize>)>,
}

#[derive(Serialize)]
struct PageFragment<'a> {
    url: &'a str,
    title: &'a str,
    date: Option<&'a str>,
    kind: &'a str,
    text: &'a str,
}

/// What search reads of one page.
struct Document<'a> {
    url: String,
    title: &'a str,
    date: Option<String>,
    kind: &'static str,
    audiences: &'a [String],
    summary: String,
    headings: Vec<&'a str>,
    text: String,
}

impl<'a> Document<'a> {
    fn of(site: &'a Site, bodies: &'a RenderedBodies, index: usize) -> Self {
        let page = &site.pages[index];
        let body = &bodies.pages[index];
        Document {
            url: site.config.url_for(&page.path),
            title: &page.title,
            date: page.date.map(|date| date.date_naive().to_string()),
            kind: page.kind.name(),
            audiences: &page.front.audiences,
            summary: crate::output::views::summary_of(page, body),
            headings: body
                .toc
                .iter()
                .map(|heading| heading.title.as_str())
                .collect(),
            text: text_of_html(&body.html),
        }
    }

    /// Each (folded, exact) token and adjacent pair with its score.
    fn postings(&self) -> HashMap<(String, String), u32> {
        let mut found: HashMap<(String, String), u32> = HashMap::new();
        let mut from_text: HashMap<(String, String), u32> = HashMap::new();
        let mut folds: HashMap<String, String> = HashMap::new();
        let mut add = |field: &str, found: &mut HashMap<(String, String), u32>, weight: u32| {
            let mut previous: Option<(String, String)> = None;
            for (gap, token) in tokens_with_gaps(field) {
                // Words either side of punctuation are not a phrase.
                if !gap.chars().all(char::is_whitespace) {
                    previous = None;
                }
                let exact = token.to_lowercase();
                let folded = folds
                    .entry(exact.clone())
                    .or_insert_with(|| fold(&exact))
                    .clone();
                if let Some((previous_folded, previous_exact)) = previous.take() {
                    *found
                        .entry((
                            format!("{previous_folded} {folded}"),
                            format!("{previous_exact} {exact}"),
                        ))
                        .or_default() += weight;
                }
                *found.entry((folded.clone(), exact.clone())).or_default() += weight;
                previous = Some((folded, exact));
            }
        };
        add(self.title, &mut found, TITLE);
        for heading in &self.headings {
            add(heading, &mut found, HEADING);
        }
        add(&self.summary, &mut found, SUMMARY);
        add(&self.text, &mut from_text, TEXT);
        for (key, hits) in from_text {
            *found.entry(key).or_default() += hits.min(MOST_FROM_TEXT);
        }
        found
    }

    /// The text results show a snippet of: the summary, then the body
    /// unless the summary is its first paragraph.
    fn shown_text(&self) -> String {
        if self.text.starts_with(self.summary.trim_end_matches('…')) {
            self.text.clone()
        } else {
            format!("{} {}", self.summary, self.text)
        }
    }
}

/// Each token of `text` with the text between it and the token before.
fn tokens_with_gaps(text: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let start = rest.find(is_token_char)?;
        let after = &rest[start..];
        let end = after
            .find(|c: char| !is_token_char(c))
            .unwrap_or(after.len());
        let found = (&rest[..start], &after[..end]);
        rest = &after[end..];
        Some(found)
    })
}

/// The text of rendered HTML: tags dropped, with a space where a tag
/// separated words, and the entities Markdown rendering writes decoded.
fn text_of_html(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        push_decoded(&mut text, &rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            rest = "";
            break;
        };
        if !text.ends_with(' ') {
            text.push(' ');
        }
        rest = &rest[open + close + 1..];
    }
    push_decoded(&mut text, rest);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn push_decoded(text: &mut String, part: &str) {
    let mut rest = part;
    while let Some(amp) = rest.find('&') {
        text.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let entity = after.find(';').map(|end| &after[..=end]);
        let decoded = entity.and_then(|entity| match entity {
            "&amp;" => Some('&'),
            "&lt;" => Some('<'),
            "&gt;" => Some('>'),
            "&quot;" => Some('"'),
            "&#39;" | "&apos;" => Some('\''),
            "&nbsp;" => Some(' '),
            _ => {
                let number = entity.strip_prefix("&#")?.strip_suffix(';')?;
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => number.parse().ok()?,
                };
                char::from_u32(code)
            }
        });
        match (entity, decoded) {
            (Some(entity), Some(c)) => {
                text.push(c);
                rest = &after[entity.len()..];
            }
            _ => {
                text.push('&');
                rest = &after[1..];
            }
        }
    }
    text.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_text_with_entities_decoded() {
        assert_eq!(
            text_of_html(
                "<h2 id=\"a\">Bối cảnh</h2><p>A &amp; B &lt;3&#39;s&#x2014;x</p><ul><li>một</li><li>hai</li></ul>"
            ),
            "Bối cảnh A & B <3's—x một hai"
        );
        assert_eq!(text_of_html("a &unknown; b"), "a &unknown; b");
    }

    #[test]
    fn tokens_come_with_what_separates_them() {
        let found: Vec<(&str, &str)> = tokens_with_gaps("Khu công, nghiệp!").collect();
        assert_eq!(found, [("", "Khu"), (" ", "công"), (", ", "nghiệp")]);
    }

    #[test]
    fn shards_are_named_by_the_first_two_folded_characters() {
        assert_eq!(shard_key("nghiep"), "ng");
        assert_eq!(shard_key("khu cong"), "kh");
        assert_eq!(shard_key("a"), "a");
        assert_eq!(shard_key("a b"), "a");
        assert_eq!(shard_key("日本"), "__");
    }
}

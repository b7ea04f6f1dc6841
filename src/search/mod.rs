//! The search index: written at build into `search/` for the theme's
//! `search.js`, which fetches only what a query needs, with no server.
//!
//! - `search/meta.json`: the kinds and audiences with their labels, and
//!   each page's kind and audiences (filters apply before anything else).
//! - `search/v/<key>.json`: the vocabulary of folded tokens starting with
//!   `key` (their first two characters): for each, the number of pages
//!   holding it and whether it starts any indexed pair. The last token of a
//!   query is completed from here as the reader types.
//! - `search/w/<token>.json`: one folded token's exact forms (diacritics
//!   kept, so a query typed with them ranks exact matches first), each with
//!   its pages and scores, `[page, score, page, score, …]`, pages as
//!   differences from the one before.
//! - `search/b/<token>.json`: pairs of adjacent tokens starting with one
//!   folded token, by the second's folded form then the exact pair, with
//!   their pages as above: pages with the phrase rank above pages with the
//!   words scattered. Pairs are indexed from the title, headings and
//!   summary, and from the text where a page repeats them.
//! - `search/p/<page>.json`: one page's URL, title, date, kind and the
//!   start of its text, fetched for the results shown.
//!
//! A token scores 8 in the title, 4 in a heading, 2 in the summary and 1
//! in the text (at most 10 from the text), so title hits weigh more.

pub mod text;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
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
/// Text hits beyond this many add nothing: a long page is not more
/// relevant for repeating a word.
const MOST_FROM_TEXT: u32 = 10;
/// How often a pair must recur in a page's text to be indexed from it.
const PAIR_REPEATS: u32 = 2;
/// Characters of a page's text its fragment keeps for snippets.
const FRAGMENT_TEXT: usize = 1500;

/// The index's files: path inside the output folder and JSON text.
pub fn files(
    site: &Site,
    bodies: &RenderedBodies,
    strings: &BTreeMap<String, String>,
) -> Vec<(String, String)> {
    let vocabulary = Vocabulary::default();
    let pages: Vec<(Fragment, PagePostings)> = (0..site.pages.len())
        .into_par_iter()
        .map(|index| {
            let document = Document::of(site, bodies, index);
            let postings = document.postings(&vocabulary);
            (document.into_fragment(), postings)
        })
        .collect();
    let words = vocabulary.into_words();

    // Each token's and pair's pages, in page order as the pages come.
    let mut word_pages: Vec<Vec<(u32, u32)>> = vec![Vec::new(); words.len()];
    let mut pair_pages: FxHashMap<(u32, u32), Vec<(u32, u32)>> = FxHashMap::default();
    for (page, (_, postings)) in pages.iter().enumerate() {
        let page = index_u32(page);
        for &(word, score) in &postings.words {
            word_pages[word as usize].push((page, score));
        }
        for &(pair, score) in &postings.pairs {
            pair_pages.entry(pair).or_default().push((page, score));
        }
    }
    // Tokens and pairs grouped by folded form.
    let folded: Vec<String> = words.par_iter().map(|word| fold(word)).collect();
    let mut forms_of: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for (word, form) in folded.iter().enumerate() {
        forms_of.entry(form).or_default().push(index_u32(word));
    }
    let mut pairs_of: BTreeMap<&str, Vec<(u32, u32)>> = BTreeMap::new();
    for &(one, two) in pair_pages.keys() {
        pairs_of
            .entry(&folded[one as usize])
            .or_default()
            .push((one, two));
    }

    let mut files = Vec::new();
    // Vocabulary by key: folded token → (pages, starts pairs).
    let mut vocabulary_files: BTreeMap<String, BTreeMap<&str, (usize, u8)>> = BTreeMap::new();
    for (token, variants) in &forms_of {
        let forms: BTreeMap<&str, Vec<u32>> = variants
            .iter()
            .map(|&word| {
                let postings = &word_pages[word as usize];
                (
                    words[word as usize].as_str(),
                    delta_encoded(postings.iter().copied()),
                )
            })
            .collect();
        let mut pages_holding: Vec<u32> = variants
            .iter()
            .flat_map(|&word| word_pages[word as usize].iter().map(|&(page, _)| page))
            .collect();
        pages_holding.sort_unstable();
        pages_holding.dedup();
        let starts_pairs = u8::from(pairs_of.contains_key(token));
        vocabulary_files
            .entry(shard_key(token))
            .or_default()
            .insert(token, (pages_holding.len(), starts_pairs));
        files.push((
            format!("{FOLDER}/w/{}.json", file_name(token)),
            json(&forms),
        ));
    }
    for (first, pairs) in &pairs_of {
        let mut seconds: BTreeMap<&str, BTreeMap<String, Vec<u32>>> = BTreeMap::new();
        for &(one, two) in pairs {
            seconds.entry(&folded[two as usize]).or_default().insert(
                format!("{} {}", words[one as usize], words[two as usize]),
                delta_encoded(pair_pages[&(one, two)].iter().copied()),
            );
        }
        files.push((
            format!("{FOLDER}/b/{}.json", file_name(first)),
            json(&seconds),
        ));
    }
    files.extend(
        vocabulary_files
            .iter()
            .map(|(key, tokens)| (format!("{FOLDER}/v/{key}.json"), json(tokens))),
    );

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
        version: 2,
        kinds: &kinds,
        audiences: &audiences,
        pages: site
            .pages
            .iter()
            .map(|page| {
                let kind = kinds
                    .iter()
                    .position(|(key, _)| key == page.kind.name())
                    .unwrap_or(0);
                let audience_indexes = page
                    .front
                    .audiences
                    .iter()
                    .filter_map(|key| audiences.iter().position(|(known, _)| known == key))
                    .collect();
                (kind, audience_indexes)
            })
            .collect(),
    };
    files.push((format!("{FOLDER}/meta.json"), json(&meta)));
    files.extend(
        pages
            .iter()
            .enumerate()
            .map(|(index, (fragment, _))| (format!("{FOLDER}/p/{index}.json"), json(fragment))),
    );
    files
}

fn index_u32(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

/// Pages in rising order as differences from the page before, each
/// followed by its score: short numbers, which compress well.
fn delta_encoded(postings: impl Iterator<Item = (u32, u32)>) -> Vec<u32> {
    let mut previous = 0;
    let mut encoded = Vec::new();
    for (page, score) in postings {
        encoded.extend([page - previous, score]);
        previous = page;
    }
    encoded
}

fn json(value: &impl Serialize) -> String {
    // Plain data of strings and numbers: serializing cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

/// The vocabulary file a folded token is listed in: its first two
/// characters, each a lower-case ASCII letter or digit, else `_`.
fn shard_key(folded: &str) -> String {
    folded
        .chars()
        .take(2)
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// The file name of a folded token: itself when it is lower-case ASCII
/// letters and digits, else `_` and the hex of its UTF-8 bytes.
fn file_name(folded: &str) -> String {
    if folded
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return folded.to_owned();
    }
    let mut name = String::from("_");
    for byte in folded.bytes() {
        let _ = write!(name, "{byte:02x}");
    }
    name
}

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    kinds: &'a [(String, String)],
    audiences: &'a [(String, String)],
    /// Each page's kind and audiences, by index into the lists above.
    pages: Vec<(usize, Vec<usize>)>,
}

/// What a result shows of a page.
#[derive(Serialize)]
struct Fragment {
    url: String,
    title: String,
    date: Option<String>,
    kind: &'static str,
    text: String,
}

/// The tokens of the whole site, each with a number, shared by the threads
/// indexing pages; split in parts so that they rarely wait for each other.
struct Vocabulary {
    parts: Vec<Mutex<FxHashMap<String, u32>>>,
    next: std::sync::atomic::AtomicU32,
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary {
            parts: (0..64).map(|_| Mutex::default()).collect(),
            next: std::sync::atomic::AtomicU32::new(0),
        }
    }
}

impl Vocabulary {
    fn number(&self, word: &str) -> u32 {
        use std::hash::BuildHasher;
        let hash = rustc_hash::FxBuildHasher.hash_one(word);
        let part = &self.parts[(hash % self.parts.len() as u64) as usize];
        let mut words = part
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(&number) = words.get(word) {
            return number;
        }
        let number = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        words.insert(word.to_owned(), number);
        number
    }

    /// The words by number.
    fn into_words(self) -> Vec<String> {
        let count = self.next.load(std::sync::atomic::Ordering::Relaxed) as usize;
        let mut words = vec![String::new(); count];
        for part in self.parts {
            for (word, number) in part
                .into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
            {
                words[number as usize] = word;
            }
        }
        words
    }
}

/// One page's tokens and pairs, by vocabulary number, with their scores.
struct PagePostings {
    words: Vec<(u32, u32)>,
    pairs: Vec<((u32, u32), u32)>,
}

/// What search reads of one page.
struct Document<'a> {
    url: String,
    title: &'a str,
    date: Option<String>,
    kind: &'static str,
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
            summary: crate::output::views::summary_of(page, body),
            headings: body
                .toc
                .iter()
                .map(|heading| heading.title.as_str())
                .collect(),
            text: text_of_html(&body.html),
        }
    }

    fn postings(&self, vocabulary: &Vocabulary) -> PagePostings {
        let mut local: FxHashMap<Cow<'_, str>, usize> = FxHashMap::default();
        // Per local token: score from the title, headings and summary; hits
        // in the text.
        let mut counts: Vec<(u32, u32)> = Vec::new();
        let mut pairs: FxHashMap<(usize, usize), (u32, u32)> = FxHashMap::default();
        let fields = std::iter::once((self.title, TITLE))
            .chain(self.headings.iter().map(|heading| (*heading, HEADING)))
            .chain([(self.summary.as_str(), SUMMARY), (self.text.as_str(), 0)]);
        for (field, weight) in fields {
            let mut previous: Option<usize> = None;
            for (gap, token) in tokens_with_gaps(field) {
                // Words either side of punctuation are not a phrase.
                if !gap.chars().all(char::is_whitespace) {
                    previous = None;
                }
                let lower = if token.chars().any(char::is_uppercase) {
                    Cow::Owned(token.to_lowercase())
                } else {
                    Cow::Borrowed(token)
                };
                let at = match local.get(lower.as_ref()) {
                    Some(&at) => at,
                    None => {
                        counts.push((0, 0));
                        local.insert(lower, counts.len() - 1);
                        counts.len() - 1
                    }
                };
                let pair = previous.map(|before| pairs.entry((before, at)).or_default());
                if weight == 0 {
                    counts[at].1 += 1;
                    if let Some(pair) = pair {
                        pair.1 += 1;
                    }
                } else {
                    counts[at].0 += weight;
                    if let Some(pair) = pair {
                        pair.0 += weight;
                    }
                }
                previous = Some(at);
            }
        }
        let mut numbers = vec![0; counts.len()];
        for (word, &at) in &local {
            numbers[at] = vocabulary.number(word);
        }
        PagePostings {
            words: counts
                .iter()
                .enumerate()
                .map(|(at, &(fields, hits))| (numbers[at], fields + hits.min(MOST_FROM_TEXT)))
                .collect(),
            pairs: pairs
                .into_iter()
                .filter(|&(_, (fields, hits))| fields > 0 || hits >= PAIR_REPEATS)
                .map(|((one, two), (fields, hits))| {
                    (
                        (numbers[one], numbers[two]),
                        fields + hits.min(MOST_FROM_TEXT),
                    )
                })
                .collect(),
        }
    }

    /// What results show: the summary, then the start of the text unless
    /// the summary is its first paragraph.
    fn into_fragment(self) -> Fragment {
        let start = match self.text.char_indices().nth(2 * FRAGMENT_TEXT) {
            Some((cut, _)) => &self.text[..cut],
            None => &self.text,
        };
        let start = start.split_whitespace().collect::<Vec<_>>().join(" ");
        let summary = self.summary.trim_end_matches('…');
        let mut text = if start.starts_with(summary) {
            start
        } else {
            format!("{} {start}", self.summary)
        };
        if let Some((cut, _)) = text.char_indices().nth(FRAGMENT_TEXT) {
            text.truncate(cut);
        }
        text.shrink_to_fit();
        Fragment {
            url: self.url,
            title: self.title.to_owned(),
            date: self.date,
            kind: self.kind,
            text,
        }
    }
}

/// Each token of `text` with the text between it and the token before.
fn tokens_with_gaps(text: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let mut gap_start = None;
        let start = loop {
            let (at, c) = chars.next()?;
            gap_start.get_or_insert(at);
            if is_token_char(c) {
                break at;
            }
        };
        let mut end = text.len();
        while let Some(&(at, c)) = chars.peek() {
            if !is_token_char(c) {
                end = at;
                break;
            }
            chars.next();
        }
        Some((&text[gap_start.unwrap_or(start)..start], &text[start..end]))
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
    text
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
        let text = text_of_html(
            "<h2 id=\"a\">Bối cảnh</h2><p>A &amp; B &lt;3&#39;s&#x2014;x</p><ul><li>một</li><li>hai</li></ul>",
        );
        assert_eq!(
            text.split_whitespace().collect::<Vec<_>>().join(" "),
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
    fn files_are_named_so_that_any_token_has_a_safe_name() {
        assert_eq!(shard_key("nghiep"), "ng");
        assert_eq!(shard_key("a"), "a");
        assert_eq!(shard_key("日本"), "__");
        assert_eq!(file_name("nghiep"), "nghiep");
        assert_eq!(file_name("日"), "_e697a5");
    }

    #[test]
    fn pages_are_written_as_differences() {
        assert_eq!(
            delta_encoded([(3, 8), (5, 1), (20, 2)].into_iter()),
            [3, 8, 2, 1, 15, 2]
        );
    }
}

//! The search index: written at build into `search/` for the theme's
//! `search.js`, which fetches only what a query needs, with no server.
//!
//! - `search/meta.json`: the kinds and audiences with their labels, and
//!   each page's kind and audiences (filters apply before anything else).
//! - `search/v/<key>.json`: the vocabulary of folded tokens starting with
//!   `key` (their first two characters): for each, the number of pages
//!   holding it, whether it starts any indexed pair, and for a token on
//!   at most two pages, its forms as in its `w/` file, which it then does
//!   not have. The last token of a query is completed from here as the
//!   reader types.
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

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::model::{PageId, Site};
use crate::render::RenderedBodies;
use text::{fold, is_token_char};

use crate::model::paths::SEARCH_INDEX_FOLDER as FOLDER;

/// How much a token found in each field counts.
const TITLE: u32 = 8;
const HEADING: u32 = 4;
const SUMMARY: u32 = 2;
/// Text hits beyond this many add nothing: a long page is not more
/// relevant for repeating a word.
const MOST_FROM_TEXT: u32 = 10;
/// How often a pair must recur in a page's text to be indexed from it.
const PAIR_REPEATS: u32 = 2;
/// A token on this many pages or fewer has its pages listed in the
/// vocabulary file rather than a file of its own: most tokens of a site
/// (numbers, names) are on one or two pages, and a reader's query then
/// needs one request fewer for them and the build writes far fewer files.
const LISTED_PAGES: usize = 2;
/// Characters of a page's text its fragment keeps for snippets.
const FRAGMENT_TEXT: usize = 1500;

/// Makes the index and hands each file to `write` (its path inside the
/// output folder and its bytes) as soon as it is made, from several
/// threads at once, so that the whole index is never held in memory.
/// Stops at the first error `write` returns, or `checkpoint` returns
/// between the stages that write nothing.
pub fn write<E: Send>(
    site: &Site,
    bodies: &RenderedBodies,
    strings: &BTreeMap<String, String>,
    write: impl Fn(&str, &[u8]) -> Result<(), E> + Sync,
    checkpoint: impl Fn() -> Result<(), E>,
) -> Result<(), E> {
    let vocabulary = Vocabulary::default();
    let mut postings: Vec<PagePostings> = (0..site.pages.len())
        .into_par_iter()
        .map_init(
            || PageIndexer::new(&vocabulary),
            |indexer, index| {
                let document = Document::of(site, bodies, PageId::from(index));
                let postings = indexer.postings(&document);
                let fragment = json(&document.into_fragment());
                write(&format!("{FOLDER}/p/{index}.json"), fragment.as_bytes())?;
                Ok(postings)
            },
        )
        .collect::<Result<_, E>>()?;
    checkpoint()?;
    let words = vocabulary.into_words();

    // Each token's pages, and the pairs it starts with their pages, in
    // page order. Each page's own lists go once copied, to keep the peak
    // of memory down.
    let word_pages = Grouped::new(words.len(), &postings, |page, postings| {
        postings
            .words
            .iter()
            .map(move |&(word, score)| (word, WordPosting { page, score }))
    });
    for page in &mut postings {
        page.words = Vec::new();
    }
    let pairs_from = Grouped::new(words.len(), &postings, |page, postings| {
        postings.pairs.iter().map(move |&((first, second), score)| {
            (
                first,
                PairPosting {
                    second,
                    page,
                    score,
                },
            )
        })
    });
    drop(postings);
    checkpoint()?;
    // Tokens grouped by folded form.
    let folded: Vec<String> = words.par_iter().map(|word| fold(word)).collect();
    let mut forms_of: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for (word, form) in folded.iter().enumerate() {
        forms_of.entry(form).or_default().push(index_u32(word));
    }
    checkpoint()?;
    let index = Index {
        words: &words,
        folded: &folded,
        word_pages: &word_pages,
        pairs_from: &pairs_from,
    };
    let listed: Vec<Listed> = forms_of
        .par_iter()
        .map(|(token, variants)| {
            let name = file_name(token);
            let token_files = index.token_files(variants);
            if let Some(pairs) = &token_files.pairs {
                write(&format!("{FOLDER}/b/{name}.json"), pairs.as_bytes())?;
            }
            let forms = match token_files.forms {
                Forms::Listed(forms) => Some(forms),
                Forms::File(forms) => {
                    write(&format!("{FOLDER}/w/{name}.json"), forms.as_bytes())?;
                    None
                }
            };
            Ok(Listed {
                pages: token_files.pages,
                starts_pairs: token_files.pairs.is_some(),
                forms,
            })
        })
        .collect::<Result<_, E>>()?;

    let mut vocabulary_files: BTreeMap<String, BTreeMap<&str, Listed>> = BTreeMap::new();
    for (token, listed) in forms_of.keys().zip(listed) {
        vocabulary_files
            .entry(shard_key(token))
            .or_default()
            .insert(token, listed);
    }
    vocabulary_files
        .par_iter()
        .map(|(key, tokens)| write(&format!("{FOLDER}/v/{key}.json"), json(tokens).as_bytes()))
        .collect::<Result<(), E>>()?;
    write(
        &format!("{FOLDER}/meta.json"),
        json(&Meta::of(site, strings)).as_bytes(),
    )
}

/// Items grouped by a number below a known bound, each group in page
/// order: one list, and where each group starts in it.
struct Grouped<T> {
    starts: Vec<usize>,
    items: Vec<T>,
}

impl<T: Copy + Default> Grouped<T> {
    /// Groups what `entries` finds in each page's postings by the numbers
    /// it gives them, all below `groups`. Counting first lets every item
    /// be written straight into its place, with no list growing per group.
    fn new<'p, I: Iterator<Item = (u32, T)>>(
        groups: usize,
        pages: &'p [PagePostings],
        entries: impl Fn(u32, &'p PagePostings) -> I,
    ) -> Self {
        let each = || {
            pages
                .iter()
                .enumerate()
                .flat_map(|(page, postings)| entries(index_u32(page), postings))
        };
        let mut starts = vec![0; groups + 1];
        for (group, _) in each() {
            starts[group as usize + 1] += 1;
        }
        for group in 0..groups {
            starts[group + 1] += starts[group];
        }
        let mut next = starts.clone();
        let mut items = vec![T::default(); starts[groups]];
        for (group, item) in each() {
            items[next[group as usize]] = item;
            next[group as usize] += 1;
        }
        Grouped { starts, items }
    }

    fn of(&self, group: u32) -> &[T] {
        let group = group as usize;
        &self.items[self.starts[group]..self.starts[group + 1]]
    }
}

/// A page holding a token, with the token's score there.
#[derive(Clone, Copy, Default)]
struct WordPosting {
    page: u32,
    score: u32,
}

/// A page holding a pair of adjacent tokens (filed under the first), with
/// the pair's score there.
#[derive(Clone, Copy, Default)]
struct PairPosting {
    second: u32,
    page: u32,
    score: u32,
}

/// Every token's pages, once the pages are indexed.
struct Index<'a> {
    /// Tokens by number, as written (lower case) and folded.
    words: &'a [String],
    folded: &'a [String],
    word_pages: &'a Grouped<WordPosting>,
    pairs_from: &'a Grouped<PairPosting>,
}

/// What the index writes for one folded token.
struct TokenFiles {
    /// How many pages hold one of its forms.
    pages: usize,
    /// Each exact form's pages.
    forms: Forms,
    /// Its `b/` file, when it starts a pair.
    pairs: Option<String>,
}

/// Each exact form of a folded token with its pages and scores.
enum Forms {
    /// Few enough to list in the vocabulary file.
    Listed(BTreeMap<String, Vec<u32>>),
    /// The JSON of the token's own `w/` file.
    File(String),
}

/// A folded token in the vocabulary file: `[pages, starts pairs]`, and
/// its forms when they are listed there, `[pages, starts pairs, forms]`.
struct Listed {
    pages: usize,
    starts_pairs: bool,
    forms: Option<BTreeMap<String, Vec<u32>>>,
}

impl Serialize for Listed {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeTuple;
        let mut tuple = serializer.serialize_tuple(2 + usize::from(self.forms.is_some()))?;
        tuple.serialize_element(&self.pages)?;
        tuple.serialize_element(&u8::from(self.starts_pairs))?;
        if let Some(forms) = &self.forms {
            tuple.serialize_element(forms)?;
        }
        tuple.end()
    }
}

impl Index<'_> {
    fn token_files(&self, variants: &[u32]) -> TokenFiles {
        let page_and_score = |posting: &WordPosting| (posting.page, posting.score);
        let forms: BTreeMap<String, Vec<u32>> = variants
            .iter()
            .map(|&word| {
                (
                    self.words[word as usize].clone(),
                    delta_encoded(self.word_pages.of(word).iter().map(page_and_score)),
                )
            })
            .collect();
        let pages = if let [word] = variants {
            self.word_pages.of(*word).len()
        } else {
            let mut pages_holding: Vec<u32> = variants
                .iter()
                .flat_map(|&word| self.word_pages.of(word).iter().map(|posting| posting.page))
                .collect();
            pages_holding.sort_unstable();
            pages_holding.dedup();
            pages_holding.len()
        };
        // Second token folded → exact pair → its pages and scores.
        let mut seconds: BTreeMap<&str, BTreeMap<String, Vec<u32>>> = BTreeMap::new();
        for &first in variants {
            let mut pairs = self.pairs_from.of(first).to_vec();
            // Stable: each pair's pages stay in order.
            pairs.sort_by_key(|posting| posting.second);
            for same_pair in pairs.chunk_by(|one, other| one.second == other.second) {
                let second = same_pair[0].second as usize;
                seconds.entry(&self.folded[second]).or_default().insert(
                    format!("{} {}", self.words[first as usize], self.words[second]),
                    delta_encoded(
                        same_pair
                            .iter()
                            .map(|posting| (posting.page, posting.score)),
                    ),
                );
            }
        }
        let pairs = (!seconds.is_empty()).then(|| json(&seconds));
        TokenFiles {
            pages,
            forms: if pages <= LISTED_PAGES {
                Forms::Listed(forms)
            } else {
                Forms::File(json(&forms))
            },
            pairs,
        }
    }
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
struct Meta {
    version: u32,
    /// Kind and audience keys with their labels.
    kinds: Vec<(String, String)>,
    audiences: Vec<(String, String)>,
    /// Each page's kind and audiences, by index into the lists above.
    pages: Vec<(usize, Vec<usize>)>,
}

impl Meta {
    fn of(site: &Site, strings: &BTreeMap<String, String>) -> Self {
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
        let pages = site
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
            .collect();
        Meta {
            version: 2,
            kinds,
            audiences,
            pages,
        }
    }
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

/// Indexes pages one after another on one thread, keeping what it learns
/// between them: the number of every token form it has met (so most
/// tokens cost one lookup, with no lock and no lower-casing) and its
/// counting tables (so a page allocates nothing to count).
struct PageIndexer<'v> {
    vocabulary: &'v Vocabulary,
    /// Token as written → number of its lower-case form: packed in
    /// numbers when short enough (nearly every token), so that a lookup
    /// hashes and compares three numbers instead of bytes.
    known: FxHashMap<PackedToken, u32>,
    known_long: FxHashMap<Box<str>, u32>,
    /// Per token number: score from the title, headings and summary, and
    /// hits in the text, for the page being indexed.
    counts: Vec<(u32, u32)>,
    /// The token numbers the page holds, in the order met.
    seen: Vec<u32>,
    /// Adjacent pairs of token numbers → as `counts`.
    pairs: FxHashMap<(u32, u32), (u32, u32)>,
}

impl<'v> PageIndexer<'v> {
    fn new(vocabulary: &'v Vocabulary) -> Self {
        PageIndexer {
            vocabulary,
            known: FxHashMap::default(),
            known_long: FxHashMap::default(),
            counts: Vec::new(),
            seen: Vec::new(),
            pairs: FxHashMap::default(),
        }
    }

    fn number(&mut self, token: &str) -> u32 {
        let packed = packed(token);
        let known = match packed {
            Some(packed) => self.known.get(&packed),
            None => self.known_long.get(token),
        };
        if let Some(&number) = known {
            return number;
        }
        let number = if token.chars().any(char::is_uppercase) {
            self.vocabulary.number(&token.to_lowercase())
        } else {
            self.vocabulary.number(token)
        };
        match packed {
            Some(packed) => self.known.insert(packed, number),
            None => self.known_long.insert(token.into(), number),
        };
        number
    }

    fn postings(&mut self, document: &Document<'_>) -> PagePostings {
        let fields = std::iter::once((document.title, TITLE))
            .chain(document.headings.iter().map(|heading| (*heading, HEADING)))
            .chain([
                (document.summary.as_str(), SUMMARY),
                (document.text.as_str(), 0),
            ]);
        for (field, weight) in fields {
            let mut previous = 0;
            each_token(field, |token, follows| {
                let number = self.number(token);
                let at = number as usize;
                if at >= self.counts.len() {
                    self.counts.resize(at + 1, (0, 0));
                }
                let count = &mut self.counts[at];
                if *count == (0, 0) {
                    self.seen.push(number);
                }
                // A field's weight, or a hit in the text.
                let add = if weight == 0 { (0, 1) } else { (weight, 0) };
                count.0 += add.0;
                count.1 += add.1;
                if follows {
                    let pair = self.pairs.entry((previous, number)).or_default();
                    pair.0 += add.0;
                    pair.1 += add.1;
                }
                previous = number;
            });
        }
        let score = |(fields, hits): (u32, u32)| fields + hits.min(MOST_FROM_TEXT);
        let words = self
            .seen
            .drain(..)
            .map(|number| {
                let count = std::mem::take(&mut self.counts[number as usize]);
                (number, score(count))
            })
            .collect();
        let mut pairs: Vec<_> = self
            .pairs
            .drain()
            .filter(|&(_, (fields, hits))| fields > 0 || hits >= PAIR_REPEATS)
            .map(|(pair, count)| (pair, score(count)))
            .collect();
        // Kept until every page is indexed: no room to spare.
        pairs.shrink_to_fit();
        PagePostings { words, pairs }
    }
}

/// A token of at most 16 bytes as numbers that tell it from any other:
/// its length and its first and last bytes, read in (overlapping) words
/// rather than copied, which would cost a call per token.
fn packed(token: &str) -> Option<PackedToken> {
    let bytes = token.as_bytes();
    let length = bytes.len();
    let word = |at: usize| -> u64 {
        let mut eight = [0; 8];
        eight.copy_from_slice(&bytes[at..at + 8]);
        u64::from_le_bytes(eight)
    };
    let half = |at: usize| -> u64 {
        let mut four = [0; 4];
        four.copy_from_slice(&bytes[at..at + 4]);
        u64::from(u32::from_le_bytes(four))
    };
    let (first, last) = match length {
        0 => (0, 0),
        1..=3 => (
            u64::from(bytes[0]) | u64::from(bytes[length / 2]) << 8,
            u64::from(bytes[length - 1]),
        ),
        4..=7 => (half(0), half(length - 4)),
        8..=16 => (word(0), word(length - 8)),
        _ => return None,
    };
    Some((first, last, length as u8))
}

type PackedToken = (u64, u64, u8);

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
    fn of(site: &'a Site, bodies: &'a RenderedBodies, id: PageId) -> Self {
        let page = &site.pages[id];
        let body = &bodies.pages[id];
        Document {
            url: site.config.url_for(&page.path),
            title: &page.title,
            date: page.date.map(|date| date.date_naive().to_string()),
            kind: page.kind.name(),
            summary: crate::output::views::summary_of(page, body).to_owned(),
            headings: body
                .toc
                .iter()
                .map(|heading| heading.title.as_str())
                .collect(),
            text: text_of_html(&body.html),
        }
    }

    /// What results show: the summary, then the start of the text unless
    /// the summary is its first paragraph.
    fn into_fragment(self) -> Fragment {
        let start = collapsed(&self.text, FRAGMENT_TEXT);
        let summary = self.summary.trim_end_matches('…');
        let text = if start.starts_with(summary) {
            start
        } else {
            let mut text = collapsed(&format!("{} {start}", self.summary), FRAGMENT_TEXT);
            text.shrink_to_fit();
            text
        };
        Fragment {
            url: self.url,
            title: self.title.to_owned(),
            date: self.date,
            kind: self.kind,
            text,
        }
    }
}

/// The words of `text` from its start, one space between each, as many
/// as fit in `most` characters.
fn collapsed(text: &str, most: usize) -> String {
    let mut out = String::with_capacity(text.len().min(4 * most));
    let mut count = 0;
    for word in text.split_whitespace() {
        let space = usize::from(!out.is_empty());
        let length = if word.is_ascii() {
            word.len()
        } else {
            word.chars().count()
        };
        if count + space + length > most {
            break;
        }
        if space == 1 {
            out.push(' ');
        }
        out.push_str(word);
        count += space + length;
    }
    out
}

/// Calls `visit` with each token of `text` as written and whether it
/// follows the token before with only white space between: words either
/// side of punctuation are not a phrase.
fn each_token(text: &str, mut visit: impl FnMut(&str, bool)) {
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut follows = false;
    while at < bytes.len() {
        let (c, width) = char_at(text, at);
        if !is_token_char(c) {
            if !c.is_whitespace() {
                follows = false;
            }
            at += width;
            continue;
        }
        let start = at;
        at += width;
        while at < bytes.len() {
            let (c, width) = char_at(text, at);
            if !is_token_char(c) {
                break;
            }
            at += width;
        }
        visit(&text[start..at], follows);
        follows = true;
    }
}

/// The character starting at byte `at` of `text`, which is a character
/// boundary, and its length in bytes.
fn char_at(text: &str, at: usize) -> (char, usize) {
    let byte = text.as_bytes()[at];
    if byte.is_ascii() {
        return (char::from(byte), 1);
    }
    let c = text[at..]
        .chars()
        .next()
        .unwrap_or(char::REPLACEMENT_CHARACTER);
    (c, c.len_utf8())
}

/// The text of rendered HTML: tags dropped, with a space where a tag
/// separated words, and character references decoded (all of HTML's
/// named ones: raw HTML kept as written may use any).
fn text_of_html(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        html_escape::decode_html_entities_to_string(&rest[..open], &mut text);
        let Some(close) = rest[open..].find('>') else {
            rest = "";
            break;
        };
        if !text.ends_with(' ') {
            text.push(' ');
        }
        rest = &rest[open + close + 1..];
    }
    html_escape::decode_html_entities_to_string(rest, &mut text);
    text
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
        assert_eq!(text_of_html("<p>caf&eacute; &hellip;</p>").trim(), "café …");
    }

    #[test]
    fn tokens_know_whether_they_continue_a_phrase() {
        let mut found = Vec::new();
        each_token(
            "Khu công, nghiệp! Đà  Nẵng\u{a0}2025",
            |token, follows| {
                found.push((token.to_owned(), follows));
            },
        );
        let expected = [
            ("Khu", false),
            ("công", true),
            ("nghiệp", false),
            ("Đà", false),
            ("Nẵng", true),
            ("2025", true),
        ];
        let expected: Vec<(String, bool)> = expected
            .iter()
            .map(|&(token, follows)| (token.to_owned(), follows))
            .collect();
        assert_eq!(found, expected);
        // The split agrees with the specification's.
        let text = "Phòng, chống mại-dâm (HIV/AIDS) năm 2025…";
        let mut ours = Vec::new();
        each_token(text, |token, _| ours.push(token.to_lowercase()));
        assert_eq!(ours, text::tokens(text));
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
    fn fragments_collapse_white_space_within_their_length() {
        assert_eq!(
            collapsed("  Khu\n\n công \t nghiệp  ", 100),
            "Khu công nghiệp"
        );
        assert_eq!(collapsed("ab  cd ef", 5), "ab cd");
        assert_eq!(collapsed("ab  cd ef", 4), "ab", "words are kept whole");
        assert_eq!(collapsed("mại dâm", 7), "mại dâm", "characters, not bytes");
        assert_eq!(collapsed("", 3), "");
    }

    #[test]
    fn packed_tokens_differ_when_tokens_do() {
        let tokens = [
            "",
            "a",
            "aa",
            "aaa",
            "ab",
            "ba",
            "aba",
            "abcd",
            "abcde",
            "bcde",
            "aaaaaaa",
            "aaaaaaaa",
            "aaaaaaaaa",
            "aaaaaaaaaa",
            "nghiệp",
            "nghiêp",
            "khu",
            "trường",
            "abcdefghijklmnop",
        ];
        let distinct: std::collections::HashSet<PackedToken> =
            tokens.iter().filter_map(|token| packed(token)).collect();
        assert_eq!(distinct.len(), tokens.len());
        assert_eq!(packed("abcdefghijklmnopq"), None, "longer than 16 bytes");
    }

    #[test]
    fn pages_are_written_as_differences() {
        assert_eq!(
            delta_encoded([(3, 8), (5, 1), (20, 2)].into_iter()),
            [3, 8, 2, 1, 15, 2]
        );
    }
}

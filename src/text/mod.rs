//! Vietnamese-first text handling shared by every stage: Unicode
//! normalization of input, slugs that fold diacritics, and dates written the
//! way Vietnamese readers write them.

pub mod dates;
pub mod url;

use rustc_hash::FxHashMap;
use std::sync::{LazyLock, RwLock};

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Brings text read from a user's file to one form: NFC, with `\n` line ends.
///
/// Editors and Word exports deliver Vietnamese in NFC or in decomposed NFD
/// form; both must compare, slug and search as the same text.
pub fn normalize_input(text: String) -> String {
    // Most files need none of this; the text is then kept, not copied.
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    let unified_lines = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    composed(unified_lines)
}

/// `text` in NFC; kept as it is, not copied, when it is NFC already.
pub fn composed(text: String) -> String {
    if is_plainly_nfc(&text) || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text
    } else {
        text.nfc().collect()
    }
}

/// Characters no writer means to type and XML cannot carry: the C0
/// controls other than tab and line ends, DEL, and the two non-characters
/// at the end of the first plane. Pasting from Word and old portals brings
/// them (Word's manual line break is a vertical tab).
pub fn is_stray_control(ch: char) -> bool {
    matches!(
        ch,
        '\0'..='\x08' | '\x0b' | '\x0c' | '\x0e'..='\x1f' | '\x7f' | '\u{fffe}' | '\u{ffff}'
    )
}

/// Where the first stray control character of a text was, and how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StrayControls {
    pub first: char,
    /// 1-based line and column (in characters).
    pub line: usize,
    pub column: usize,
    pub count: usize,
}

/// `text` without its stray control characters: a vertical tab or form
/// feed (a line or page break in Word) becomes a space, as a line end
/// inside a paragraph reads, and the rest go. Lines keep their numbers.
pub fn remove_stray_controls(text: String) -> (String, Option<StrayControls>) {
    // Most files have none: one pass over the bytes, and the text is kept.
    let ascii_control = |byte: u8| byte.is_ascii() && is_stray_control(char::from(byte));
    if !text.bytes().any(ascii_control) && !text.contains(['\u{fffe}', '\u{ffff}']) {
        return (text, None);
    }
    let mut found: Option<StrayControls> = None;
    let mut kept = String::with_capacity(text.len());
    let (mut line, mut column) = (1, 1);
    for ch in text.chars() {
        if is_stray_control(ch) {
            match &mut found {
                Some(found) => found.count += 1,
                None => {
                    found = Some(StrayControls {
                        first: ch,
                        line,
                        column,
                        count: 1,
                    })
                }
            }
            if matches!(ch, '\x0b' | '\x0c') {
                kept.push(' ');
            }
            column += 1;
            continue;
        }
        kept.push(ch);
        if ch == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (kept, found)
}

/// Whether every character of `text` is one that is NFC wherever it
/// stands: a starter (combining class 0) that nothing composes with. Such
/// text is NFC without the two table lookups per character of the full
/// quick check, which is most of the cost of reading Vietnamese prose.
fn is_plainly_nfc(text: &str) -> bool {
    text.chars().all(is_plain_starter)
}

/// Latin with its extensions (Vietnamese `ơ`, `ư`, `đ`), the precomposed
/// Vietnamese letters of Latin Extended Additional, and punctuation (dashes,
/// quotes, `…`, `›`). A test checks each of them against the Unicode tables.
fn is_plain_starter(ch: char) -> bool {
    matches!(ch, '\0'..='\u{2ff}' | '\u{1e00}'..='\u{1eff}' | '\u{2010}'..='\u{205e}')
}

/// A URL slug: lower-case ASCII words joined by `-`, with every Vietnamese
/// diacritic folded and `đ` written `d`.
///
/// `Phòng, chống mại dâm` → `phong-chong-mai-dam`.
pub fn slugify(text: &str) -> String {
    // Titles, tags and headings come back on every build and every page
    // that lists them; `serve` rebuilds often. Each text is folded once.
    static FOLDED: LazyLock<RwLock<FxHashMap<String, String>>> = LazyLock::new(RwLock::default);
    if let Some(known) = FOLDED
        .read()
        .ok()
        .and_then(|folded| folded.get(text).cloned())
    {
        return known;
    }
    let composed: String = text.nfc().collect();
    let folded = within_name_limit(slug::slugify(composed));
    if let Ok(mut cache) = FOLDED.write() {
        // A preview that runs for days sees every edit of every title; the
        // cache starts again rather than grow without end.
        if cache.len() >= SLUG_CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(text.to_owned(), folded.clone());
    }
    folded
}

/// Texts whose slugs are kept: many times the titles, tags and headings of
/// the largest site.
const SLUG_CACHE_LIMIT: usize = 200_000;

/// The longest slug: file systems allow 255 bytes in a name, and a slug is
/// a folder's name. Room is left for a suffix that tells two items apart.
pub const SLUG_LIMIT: usize = 200;

/// A slug cut at its last word boundary within [`SLUG_LIMIT`]: a long
/// title (a legal document's full name) still gets an address.
fn within_name_limit(mut slug: String) -> String {
    if slug.len() > SLUG_LIMIT {
        // Slugs are ASCII, so any byte index is a character boundary.
        let cut = slug[..=SLUG_LIMIT].rfind('-').unwrap_or(SLUG_LIMIT);
        slug.truncate(cut);
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stray_controls_go_and_the_first_is_placed() {
        let (text, found) = remove_stray_controls("Tiêu đề\nmột\u{1}hai\u{b}ba\0".to_owned());
        assert_eq!(text, "Tiêu đề\nmộthai ba");
        assert_eq!(
            found,
            Some(StrayControls {
                first: '\u{1}',
                line: 2,
                column: 4,
                count: 3
            })
        );
        let plain = "Dòng một\n\tthụt lề\r\n".to_owned();
        assert_eq!(remove_stray_controls(plain.clone()), (plain, None));
    }

    #[test]
    fn plain_starters_are_nfc_starters_by_the_unicode_tables() {
        use unicode_normalization::char::canonical_combining_class;
        let plain = (0..=0x10ffff_u32)
            .filter_map(char::from_u32)
            .filter(|&ch| is_plain_starter(ch));
        let mut count = 0;
        for ch in plain {
            count += 1;
            assert_eq!(canonical_combining_class(ch), 0, "{ch:?}");
            assert_eq!(
                is_nfc_quick(std::iter::once(ch)),
                IsNormalized::Yes,
                "{ch:?}"
            );
        }
        assert_eq!(count, 0x300 + 0x100 + 0x4f);
    }

    #[test]
    fn composed_vietnamese_is_plainly_nfc_and_decomposed_is_not() {
        assert!(is_plainly_nfc("Phòng, chống mại dâm — “tư vấn” …"));
        assert!(!is_plainly_nfc("ma\u{323}i da\u{302}m"));
    }

    #[test]
    fn slugs_fold_vietnamese_diacritics() {
        assert_eq!(slugify("Phòng, chống mại dâm"), "phong-chong-mai-dam");
        assert_eq!(
            slugify("Đội kiểm tra liên ngành 178"),
            "doi-kiem-tra-lien-nganh-178"
        );
        assert_eq!(
            slugify("Quyết định số 1629/QĐ-TTg"),
            "quyet-dinh-so-1629-qd-ttg"
        );
        assert_eq!(slugify("  ---  "), "");
        let long = slugify(&"Quyết định phê duyệt ".repeat(40));
        assert!(
            long.len() <= SLUG_LIMIT && long.len() > SLUG_LIMIT - 10,
            "{long}"
        );
        assert!(
            "quyet-dinh-phe-duyet-"
                .repeat(40)
                .starts_with(&format!("{long}-")),
            "cut between words: {long}"
        );
        assert_eq!(slugify(&"a".repeat(300)).len(), SLUG_LIMIT);
    }

    #[test]
    fn decomposed_and_composed_text_give_one_slug() {
        let nfd: String = "Người lao động".nfd().collect();
        assert_ne!(nfd, "Người lao động");
        assert_eq!(slugify(&nfd), slugify("Người lao động"));
        assert_eq!(normalize_input(nfd), "Người lao động");
    }

    #[test]
    fn input_loses_byte_order_mark_and_carriage_returns() {
        assert_eq!(normalize_input("\u{feff}a\r\nb\rc".to_owned()), "a\nb\nc");
    }
}

/// The candidate closest to `word`, if it is close enough to be a likely
/// misspelling: for "did you mean …?" hints.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| {
            (
                strsim::normalized_damerau_levenshtein(word, candidate),
                candidate,
            )
        })
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod nearest_tests {
    #[test]
    fn suggests_only_close_words() {
        let fields = ["title", "date", "tags"];
        assert_eq!(super::nearest("tittle", fields), Some("title"));
        assert_eq!(super::nearest("colour", fields), None);
    }
}

//! How search sees text: tokens and their folded forms. This is one half
//! of a specification whose other half is the theme's `search.js`; both
//! are tested against `tests/search-cases.json`, so the index and the
//! queries cannot drift apart.
//!
//! 1. Text is composed (NFC) and lower-cased.
//! 2. A token is a run of characters that are alphabetic, numeric or
//!    combining marks (Unicode `Alphabetic`, `N`, `M`); everything else
//!    separates tokens.
//! 3. A token's folded form drops every combining mark after decomposing
//!    (NFD), so tone and vowel marks go, and writes `đ` as `d`.
//!
//! "Khu Công nghiệp" gives the tokens `khu`, `công`, `nghiệp`, folded
//! `khu`, `cong`, `nghiep`.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Whether `c` belongs to a token.
pub fn is_token_char(c: char) -> bool {
    // Latin and Vietnamese first: the blocks below are letters or marks
    // throughout (a test checks them against the general rule), which
    // spares the Unicode tables for nearly every character of a page.
    match u32::from(c) {
        0..=0x7f => c.is_ascii_alphanumeric(),
        0xc0..=0x24f => c != '×' && c != '÷',
        0x300..=0x36f | 0x1e00..=0x1eff => true,
        _ => is_token_char_by_tables(c),
    }
}

fn is_token_char_by_tables(c: char) -> bool {
    c.is_alphabetic() || c.is_numeric() || is_combining_mark(c)
}

/// The tokens of `text`, composed and lower-cased, in order.
pub fn tokens(text: &str) -> Vec<String> {
    let composed: String = text.nfc().collect::<String>();
    tokens_of_composed(&composed)
        .map(str::to_lowercase)
        .collect()
}

/// The tokens of text known to be composed already (loa composes what it
/// reads), as written: the caller lower-cases them.
pub fn tokens_of_composed(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_token_char(c))
        .filter(|token| !token.is_empty())
}

/// A token without its marks: `nghiệp` → `nghiep`, `đường` → `duong`.
pub fn fold(token: &str) -> String {
    token
        .nfd()
        .filter(|&c| !is_combining_mark(c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            other => other,
        })
        .collect::<String>()
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cases both implementations are tested against.
    fn cases() -> serde_json::Value {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search-cases.json");
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn tokens_and_folds_follow_the_shared_cases() {
        let cases = cases();
        for case in cases["tokens"].as_array().unwrap() {
            let text = case["text"].as_str().unwrap();
            let expected: Vec<&str> = case["tokens"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap())
                .collect();
            assert_eq!(tokens(text), expected, "tokens of {text:?}");
            let folded: Vec<&str> = case["folded"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap())
                .collect();
            let ours: Vec<String> = tokens(text).iter().map(|t| fold(t)).collect();
            assert_eq!(ours, folded, "folded tokens of {text:?}");
        }
    }

    #[test]
    fn the_quick_ranges_agree_with_the_unicode_tables() {
        for code in (0..=0x36f_u32).chain(0x1e00..=0x1eff) {
            let c = char::from_u32(code).unwrap();
            assert_eq!(is_token_char(c), is_token_char_by_tables(c), "{c:?}");
        }
    }

    #[test]
    fn minimal_pairs_fold_together_and_stay_apart_exactly() {
        let forms = ["mai", "mãi", "mại", "mái", "mài", "mải"];
        for form in forms {
            assert_eq!(fold(form), "mai");
        }
        let exact: std::collections::BTreeSet<String> =
            forms.iter().map(|form| tokens(form).remove(0)).collect();
        assert_eq!(exact.len(), forms.len(), "each form is its own exact token");
        // Decomposed input is the same token as composed input.
        assert_eq!(tokens("ma\u{323}i"), tokens("mại"));
        assert_eq!(fold("Đường"), "duong");
    }
}

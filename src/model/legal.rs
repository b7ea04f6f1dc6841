//! Legal documents: the shape of their numbers, the register of documents
//! that have a summary on the site, and the relations between them in both
//! directions (an `amends` on A is an `amended_by` on the other).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use typed_index_collections::TiSlice;

use super::{Page, PageId};
use crate::error::Diagnostic;
use crate::load::front_matter::Kind;
use crate::t;

/// `NUMBER/[YEAR/]KIND-ISSUER[-UNIT…]`: `1629/QĐ-TTg`, `178/2004/NĐ-CP`,
/// `10/2003/PL-UBTVQH11`, `462/SLĐTBXH-PCTNXH`.
const NUMBER: &str = r"\d+[a-zA-Z]?/(?:\d{4}/)?\p{L}+(?:-[\p{L}\d]+)+";

static WHOLE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!("^{NUMBER}$")).unwrap_or_else(|_| unreachable!("the pattern is fixed"))
});

/// A mention in running text: the number, optionally after the kind of
/// document and "số" ("Quyết định số 1629/QĐ-TTg", "Nghị định 178/2004/NĐ-CP").
pub static MENTION: LazyLock<Regex> = LazyLock::new(|| {
    let kinds = "luật|pháp lệnh|nghị định|quyết định|thông tư liên tịch|thông tư|nghị quyết|kế hoạch liên ngành|kế hoạch|chỉ thị|công văn|tờ trình|hướng dẫn|thông báo|chương trình";
    Regex::new(&format!(
        r"(?:(?i:{kinds})\s+)?(?:(?i:số)\s+)?(?P<number>{NUMBER})"
    ))
    .unwrap_or_else(|_| unreachable!("the pattern is fixed"))
});

/// The form two writings of one number share: composed, `Đ`, `Ð` and `đ`
/// read as `D`, any dash as `-`, case ignored. `1629/QD-TTg` and
/// `1629/QĐ-TTg` are one document.
pub fn number_key(number: &str) -> String {
    number
        .trim()
        .nfc()
        .map(|c| match c {
            'Đ' | 'đ' | 'Ð' | 'ð' => 'D',
            '‐' | '‑' | '–' | '—' => '-',
            other => other,
        })
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

pub fn is_document_number(number: &str) -> bool {
    let composed: String = number.trim().nfc().collect();
    WHOLE_NUMBER.is_match(&composed)
}

/// Related documents of one summary, by their numbers as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Relations {
    pub amends: Vec<String>,
    pub replaces: Vec<String>,
    pub amended_by: Vec<String>,
    pub replaced_by: Vec<String>,
}

/// The legal documents that have a published summary.
#[derive(Debug, Clone, Default)]
pub struct LegalRegister {
    /// Number key → the summary's page.
    pub by_key: HashMap<String, PageId>,
    /// Both directions of every relation, by summary.
    pub relations: HashMap<PageId, Relations>,
}

impl LegalRegister {
    pub fn find(&self, number: &str) -> Option<PageId> {
        self.by_key.get(&number_key(number)).copied()
    }
}

/// Checks numbers and relations of the published legal summaries and
/// builds the register.
pub fn register(pages: &TiSlice<PageId, Page>, diagnostics: &mut Vec<Diagnostic>) -> LegalRegister {
    let mut register = LegalRegister::default();
    for (id, page) in pages
        .iter_enumerated()
        .filter(|(_, page)| page.kind == Kind::Legal)
    {
        let Some(number) = page.front.number.as_deref() else {
            diagnostics.push(
                Diagnostic::warning(&page.file.path, t!("legal-without-number"))
                    .at(1, 1)
                    .with_help(t!("legal-without-number-help")),
            );
            continue;
        };
        if !is_document_number(number) {
            let (line, column) = page.key_lines.place_of("number", number);
            diagnostics.push(
                Diagnostic::error(
                    &page.file.path,
                    t!("not-a-document-number", number = number),
                )
                .at(line, column)
                .with_help(t!("document-number-shape")),
            );
            continue;
        }
        if let Some(&first) = register.by_key.get(&number_key(number)) {
            let (line, column) = page.key_lines.place_of("number", number);
            diagnostics.push(
                Diagnostic::error(
                    &page.file.path,
                    t!(
                        "document-summarised-twice",
                        number = number,
                        other = pages[first].file.path.display()
                    ),
                )
                .at(line, column)
                .with_help(t!("document-summarised-twice-help")),
            );
            continue;
        }
        register.by_key.insert(number_key(number), id);
    }
    let mut relations: HashMap<PageId, Relations> = HashMap::new();
    let mut add = |at: PageId, pick: fn(&mut Relations) -> &mut Vec<String>, number: &str| {
        let list = pick(relations.entry(at).or_default());
        if !list
            .iter()
            .any(|known| number_key(known) == number_key(number))
        {
            list.push(number.trim().to_owned());
        }
    };
    type Pick = fn(&mut Relations) -> &mut Vec<String>;
    let kinds: [(&str, Pick, Pick); 4] = [
        ("amends", |r| &mut r.amends, |r| &mut r.amended_by),
        ("replaces", |r| &mut r.replaces, |r| &mut r.replaced_by),
        ("amended_by", |r| &mut r.amended_by, |r| &mut r.amends),
        ("replaced_by", |r| &mut r.replaced_by, |r| &mut r.replaces),
    ];
    let mut summaries: Vec<PageId> = register.by_key.values().copied().collect();
    summaries.sort_unstable();
    for id in summaries {
        let page = &pages[id];
        let own = page.front.number.as_deref().unwrap_or_default();
        for (field, forward, backward) in kinds {
            let listed = match field {
                "amends" => &page.front.amends,
                "replaces" => &page.front.replaces,
                "amended_by" => &page.front.amended_by,
                _ => &page.front.replaced_by,
            };
            for number in listed {
                let (line, column) = page.key_lines.place_of(field, number);
                if !is_document_number(number) {
                    diagnostics.push(
                        Diagnostic::error(
                            &page.file.path,
                            t!("relation-not-a-number", number = number, field = field),
                        )
                        .at(line, column)
                        .with_help(t!("document-number-shape")),
                    );
                    continue;
                }
                add(id, forward, number);
                match register.by_key.get(&number_key(number)) {
                    Some(&other) => add(other, backward, own),
                    None => diagnostics.push(
                        Diagnostic::warning(
                            &page.file.path,
                            t!("relation-without-summary", field = field, number = number),
                        )
                        .at(line, column)
                        .with_help(t!("relation-without-summary-help")),
                    ),
                }
            }
        }
    }
    register.relations = relations;
    register
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_number_form_of_the_seeds_is_a_number() {
        for number in [
            "29/QĐ-BLĐTBXH",
            "49/NQ-HĐND",
            "178/2004/NĐ-CP",
            "361/QĐ-TTg",
            "1629/QĐ-TTg",
            "2060/QĐ-UBND",
            "808/QĐ-LĐTBXH",
            "462/SLĐTBXH-PCTNXH",
            "268/KH-UBND",
            "2010/TTr-LĐTBXH",
            "125/KHLN-SLĐTBXH-SKHĐT-SVHTTDL-SYT-CAT",
            "01/2006/TTLT-BLĐTBXH-BGD",
            "10/2003/PL-UBTVQH11",
        ] {
            assert!(is_document_number(number), "{number}");
        }
        for not in ["1629-QĐ-TTg", "QĐ-TTg", "1629/QĐ", "số 1629", "2024/05"] {
            assert!(!is_document_number(not), "{not}");
        }
    }

    #[test]
    fn keys_ignore_the_ways_one_number_is_written() {
        let nfd: String = "1629/QĐ-TTg".nfd().collect();
        let key = number_key("1629/QĐ-TTg");
        for variant in [
            "1629/QD-TTg",
            "1629/QÐ-TTg",
            "1629/qđ-ttg",
            nfd.as_str(),
            "1629/QĐ–TTg",
        ] {
            assert_eq!(number_key(variant), key, "{variant}");
        }
        assert_ne!(number_key("29/QĐ-BLĐTBXH"), number_key("29/QĐ-BLĐTĐ"));
    }

    #[test]
    fn mentions_take_the_kind_and_so_words_along() {
        let text = "Thực hiện Quyết định số 1629/QĐ-TTg ngày 28/9/2021 và nghị định 178/2004/NĐ-CP; số 808/QĐ-LĐTBXH.";
        let found: Vec<&str> = MENTION.find_iter(text).map(|m| m.as_str()).collect();
        assert_eq!(
            found,
            [
                "Quyết định số 1629/QĐ-TTg",
                "nghị định 178/2004/NĐ-CP",
                "số 808/QĐ-LĐTBXH"
            ]
        );
        assert!(
            MENTION.find("ngày 28/9/2021").is_none(),
            "dates are not numbers"
        );
    }
}

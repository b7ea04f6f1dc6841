//! Every message loa prints, in English and Vietnamese.
//!
//! Messages live in two catalogues, `en.yaml` and `vi.yaml`, by code
//! (`theme-not-found`): the code names the message in `check --format
//! json`, and a test fails when a code is missing from either catalogue or
//! when their placeholders differ. Code asks for a message with [`t!`],
//! which fills the placeholders (`{theme}`) and picks the language chosen
//! once at start: `--lang`, then `LOA_LANG`, then the system's locale, then
//! the site's language; English when none of them says.

use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

/// A language messages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Vi,
}

impl Lang {
    /// The language a tag such as `vi`, `vi_VN.UTF-8`, `en-GB` or `EN`
    /// names; `None` for other languages and for `C` or `POSIX`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A message of a catalogue, filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The message's code in the catalogues.
    pub code: &'static str,
    pub text: String,
}

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<Message> for String {
    fn from(message: Message) -> String {
        message.text
    }
}

/// A message of a unit test's own, outside the catalogues.
#[cfg(test)]
pub fn said(text: &str) -> Message {
    Message {
        code: "test",
        text: text.to_owned(),
    }
}

static LANGUAGE: OnceLock<Lang> = OnceLock::new();

/// Chooses the language of every message from here on; the first choice
/// stands.
pub fn choose(lang: Lang) {
    let _ = LANGUAGE.set(lang);
}

/// The language messages are printed in.
pub fn language() -> Lang {
    LANGUAGE.get().copied().unwrap_or(Lang::En)
}

/// The language the command line, the environment and the system ask
/// for, in that order; `None` when none of them names English or
/// Vietnamese, and the site's language decides.
pub fn asked_language(flag: Option<&str>) -> Option<Lang> {
    flag.and_then(Lang::from_tag)
        .or_else(|| {
            std::env::var("LOA_LANG")
                .ok()
                .as_deref()
                .and_then(Lang::from_tag)
        })
        .or_else(|| sys_locale::get_locale().as_deref().and_then(Lang::from_tag))
}

type Catalogue = HashMap<String, String>;

fn parse(text: &str) -> Catalogue {
    // The catalogues are part of loa and a test parses them; an unreadable
    // one would show codes instead of messages, not stop a build.
    serde_norway::from_str(text).unwrap_or_default()
}

static ENGLISH: LazyLock<Catalogue> = LazyLock::new(|| parse(include_str!("en.yaml")));
static VIETNAMESE: LazyLock<Catalogue> = LazyLock::new(|| parse(include_str!("vi.yaml")));

fn catalogue(lang: Lang) -> &'static Catalogue {
    match lang {
        Lang::En => &ENGLISH,
        Lang::Vi => &VIETNAMESE,
    }
}

/// The message `code` in the chosen language with its placeholders
/// filled; [`t!`] is the short way to call it.
pub fn message(code: &'static str, values: &[(&str, &dyn std::fmt::Display)]) -> Message {
    message_in(language(), code, values)
}

/// The message `code` in `lang`.
pub fn message_in(
    lang: Lang,
    code: &'static str,
    values: &[(&str, &dyn std::fmt::Display)],
) -> Message {
    let template = text_in(lang, code);
    let mut text = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        text.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let filled = after.find('}').and_then(|close| {
            let name = &after[..close];
            let (_, value) = values.iter().find(|(known, _)| *known == name)?;
            Some((value.to_string(), close))
        });
        match filled {
            Some((value, close)) => {
                text.push_str(&value);
                rest = &after[close + 1..];
            }
            None => {
                text.push('{');
                rest = after;
            }
        }
    }
    text.push_str(rest);
    Message { code, text }
}

/// The text of message `code` in `lang`, as the catalogue has it.
pub fn text_in(lang: Lang, code: &'static str) -> &'static str {
    catalogue(lang)
        .get(code)
        .or_else(|| ENGLISH.get(code))
        .map_or(code, String::as_str)
}

/// A message of the catalogues: `t!("theme-not-found", theme = name)`.
#[macro_export]
macro_rules! t {
    ($code:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::messages::message($code, &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),*])
    };
}

/// The text of a message in a language of its own rather than the one
/// chosen for loa's messages, for words a site shows its readers (the
/// labels of a report in the site's language): `t_in!(Lang::Vi,
/// "report-title")`. Placeholders are left for the caller.
#[macro_export]
macro_rules! t_in {
    ($lang:expr, $code:literal) => {
        $crate::messages::text_in($lang, $code)
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn placeholders(text: &str) -> BTreeSet<&str> {
        let mut found = BTreeSet::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close)
                    if !after[..close].is_empty()
                        && after[..close]
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b == b'_') =>
                {
                    found.insert(&after[..close]);
                    rest = &after[close + 1..];
                }
                _ => rest = after,
            }
        }
        found
    }

    /// A call of t! or t_in! (not `format!(`), with the code it asks for.
    static CALL: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r#"(?:^|[^A-Za-z0-9_])t(?:_in)?!\(\s*(?:[A-Za-z_:.]+\s*,\s*)?"([a-z0-9-]+)""#,
        )
        .unwrap()
    });

    /// Every code the sources ask for, with the file asking.
    fn codes_used() -> Vec<(String, String)> {
        let sources = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut used = Vec::new();
        for entry in walkdir::WalkDir::new(sources)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "rs"))
            // This module's own mentions of t! are examples.
            .filter(|entry| !entry.path().ends_with("messages/mod.rs"))
        {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for call in CALL.captures_iter(&text) {
                used.push((call[1].to_owned(), entry.path().display().to_string()));
            }
        }
        used
    }

    #[test]
    fn both_catalogues_have_every_message_with_the_same_placeholders() {
        let english: BTreeSet<&String> = ENGLISH.keys().collect();
        let vietnamese: BTreeSet<&String> = VIETNAMESE.keys().collect();
        assert!(english.len() > 50, "the English catalogue did not parse");
        let only_english: Vec<_> = english.difference(&vietnamese).collect();
        let only_vietnamese: Vec<_> = vietnamese.difference(&english).collect();
        assert!(
            only_english.is_empty(),
            "missing in vi.yaml: {only_english:?}"
        );
        assert!(
            only_vietnamese.is_empty(),
            "missing in en.yaml: {only_vietnamese:?}"
        );
        for code in english {
            assert_eq!(
                placeholders(&ENGLISH[code]),
                placeholders(&VIETNAMESE[code]),
                "placeholders of {code}"
            );
            assert_ne!(ENGLISH[code], VIETNAMESE[code], "{code} is not translated");
        }
    }

    #[test]
    fn every_code_used_is_in_the_catalogues_and_every_message_is_used() {
        let used = codes_used();
        for (code, file) in &used {
            assert!(
                ENGLISH.contains_key(code),
                "{code} (in {file}) is not in en.yaml"
            );
        }
        let used: BTreeSet<&str> = used.iter().map(|(code, _)| code.as_str()).collect();
        let unused: Vec<&String> = ENGLISH
            .keys()
            .filter(|code| !used.contains(code.as_str()))
            .collect();
        assert!(unused.is_empty(), "messages no code asks for: {unused:?}");
    }

    #[test]
    fn placeholders_are_filled_and_unknown_braces_kept() {
        let message = message_in(
            Lang::Vi,
            "theme-not-found",
            &[("theme", &"xanh"), ("path", &"themes/xanh")],
        );
        assert_eq!(message.code, "theme-not-found");
        assert!(message.text.contains("`xanh`"), "{}", message.text);
        assert!(message.text.contains("themes/xanh"), "{}", message.text);
        assert!(!message.text.contains('{'), "{}", message.text);
    }

    #[test]
    fn language_tags_are_read_from_locales() {
        assert_eq!(Lang::from_tag("vi_VN.UTF-8"), Some(Lang::Vi));
        assert_eq!(Lang::from_tag("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_tag("VI"), Some(Lang::Vi));
        assert_eq!(Lang::from_tag("C.UTF-8"), None);
        assert_eq!(Lang::from_tag("POSIX"), None);
        assert_eq!(Lang::from_tag("fr_FR"), None);
    }
}

//! The YAML reader's own messages ("invalid type: string \"x\", expected
//! usize") said as writers say them, in the chosen language: what was
//! written, what the field takes, and an example where one helps.

use crate::messages::Message;
use crate::t;

/// The reader's message in plain words, or `None` for one that has no
/// plainer form (it is then shown as it is). `problem` is the message
/// without the field path in front; `key` is the field it is about.
pub fn plain(problem: &str, key: &str) -> Option<Message> {
    if let Some(rest) = problem
        .strip_prefix("invalid type: ")
        .or_else(|| problem.strip_prefix("invalid value: "))
    {
        let (found, expected) = rest.split_once(", expected ")?;
        let expected = expected_words(expected, key, written_value(found))?;
        let found = found_words(found);
        return Some(if key.is_empty() {
            t!("yaml-wrong-type-file", found = found, expected = expected)
        } else {
            t!(
                "yaml-wrong-type",
                found = found,
                key = key,
                expected = expected
            )
        });
    }
    if let Some(name) = quoted_after(problem, "missing field ") {
        return Some(t!("yaml-missing-field", key = name));
    }
    if let Some(name) = quoted_after(problem, "duplicate field ") {
        return Some(t!("yaml-duplicate-field", key = name));
    }
    if let Some(name) = quoted_after(problem, "unknown field ") {
        return Some(t!("yaml-unknown-field", key = name));
    }
    if let Some(value) = quoted_after(problem, "unknown variant ") {
        let choices = problem
            .split_once("expected ")
            .map(|(_, choices)| choices.trim_start_matches("one of ").replace('`', ""))
            .unwrap_or_default();
        return Some(t!("yaml-unknown-choice", value = value, choices = choices));
    }
    if problem.starts_with("recursion limit exceeded") {
        return Some(t!("yaml-too-deep"));
    }
    if problem.starts_with("repetition limit exceeded") {
        return Some(t!("yaml-too-repeated"));
    }
    if problem.contains("tab character") || problem.contains("cannot start any token") {
        return Some(t!("yaml-tab-or-sign"));
    }
    None
}

/// The name in backquotes right after `prefix`: "missing field `title`".
fn quoted_after<'a>(problem: &'a str, prefix: &str) -> Option<&'a str> {
    problem
        .strip_prefix(prefix)?
        .strip_prefix('`')?
        .split('`')
        .next()
}

/// The value in the reader's description of it: `string "linux"` → linux.
fn written_value(found: &str) -> &str {
    found
        .split_once(' ')
        .map(|(_, value)| value.trim_matches(['`', '"']))
        .unwrap_or_default()
}

/// What was written: `string "nặng"` → text "nặng".
fn found_words(found: &str) -> String {
    let value = written_value(found);
    let words = if found.starts_with("string") {
        t!("yaml-found-text", value = value)
    } else if found.starts_with("integer") || found.starts_with("floating point") {
        t!("yaml-found-number", value = value)
    } else if found.starts_with("boolean") {
        return value.to_owned();
    } else if found.starts_with("sequence") {
        t!("yaml-found-list")
    } else if found.starts_with("map") {
        t!("yaml-found-group")
    } else if found.starts_with("unit") {
        t!("yaml-found-nothing")
    } else {
        return found.to_owned();
    };
    words.text
}

/// What the field takes: `usize` → a whole number, 0 or more. A list's
/// example is made of the field and what was written.
fn expected_words(expected: &str, key: &str, written: &str) -> Option<String> {
    let words = match expected {
        "usize" | "u8" | "u16" | "u32" | "u64" => t!("yaml-expected-count"),
        "isize" | "i8" | "i16" | "i32" | "i64" => t!("yaml-expected-whole"),
        "f32" | "f64" => t!("yaml-expected-number"),
        "a boolean" => t!("yaml-expected-boolean"),
        "a sequence" => {
            let key = if key.is_empty() { "tags" } else { key };
            let written = if written.is_empty() { "a, b" } else { written };
            t!("yaml-expected-list", key = key, value = written)
        }
        "a string" | "a borrowed string" => t!("yaml-expected-text"),
        expected if expected.starts_with("struct ") || expected.starts_with("a map") => {
            t!("yaml-expected-group")
        }
        // loa's own `expecting` texts (a date, a month) are plain already.
        _ => return None,
    };
    Some(words.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Unit tests run in English, the language before any is chosen.
    fn english(problem: &str, key: &str) -> Option<String> {
        plain(problem, key).map(|message| message.text)
    }

    #[test]
    fn types_are_said_as_writers_say_them() {
        assert_eq!(
            english(
                "invalid type: string \"linux\", expected a sequence",
                "tags"
            )
            .as_deref(),
            Some("this is text \"linux\", but `tags` takes a list, for example `tags: [linux]`")
        );
        assert_eq!(
            english("invalid value: integer `-1`, expected usize", "paginate_by").as_deref(),
            Some("this is the number -1, but `paginate_by` takes a whole number, 0 or more")
        );
        assert_eq!(
            english("invalid type: sequence, expected struct Config", "").as_deref(),
            Some("this is a list, where the file needs a group of fields, each on its own line")
        );
        let untouched = english(
            "invalid type: string \"x\", expected a date such as 2025-01-02",
            "date",
        );
        assert_eq!(untouched, None, "loa's own expectations stay as they are");
    }

    #[test]
    fn library_words_never_reach_writers() {
        for problem in [
            "invalid type: string \"nặng\", expected i64",
            "invalid type: string \"có\", expected a boolean",
            "invalid type: string \"x\", expected struct Image",
            "duplicate field `title`",
            "missing field `title`",
            "unknown field `titel`, expected one of `title`, `date`",
            "unknown variant `blue`, expected one of `warn`, `error`",
            "recursion limit exceeded",
            "found character that cannot start any token",
        ] {
            let said = english(problem, "weight").unwrap_or_else(|| panic!("{problem}"));
            for library in ["i64", "struct", "variant", "boolean", "sequence", "token"] {
                assert!(!said.contains(library), "{problem} → {said}");
            }
        }
    }
}

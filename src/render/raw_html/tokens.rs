//! The tags of a piece of raw HTML, with where each one is, as HTML's
//! tokenizer reads them: enough to tell a writer what the sanitizer will do
//! to which line. The sanitizer itself parses the HTML again, with a full
//! HTML parser; nothing here decides what reaches a reader.

use std::ops::Range;

/// An attribute of a start tag, its value with character references decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// Lower-cased.
    pub name: String,
    pub value: String,
}

/// A start or end tag of the HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// Lower-cased.
    pub name: String,
    pub end: bool,
    pub attributes: Vec<Attribute>,
    /// Where the tag is, `<` to `>`.
    pub range: Range<usize>,
    /// The HTML ends inside the tag (a quote or the `>` is missing): a
    /// parser would read what follows, up to the next quote, as part of it.
    pub unfinished: bool,
    /// Its content was read as text, up to its end tag or, with none, the
    /// end of the HTML.
    pub holds_text: bool,
}

/// Elements whose content a parser reads as text up to their end tag,
/// whatever it holds: one left open holds the rest of the page.
pub const TEXT_ONLY: &[&str] = &["script", "style", "textarea", "title", "xmp", "iframe"];

/// Every tag of `html`, in order. Comments, doctypes and, for each start
/// tag `holds_text` says so of, the content up to its end tag hold no tags.
pub fn tags(html: &str, holds_text: impl Fn(&Tag) -> bool) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    // Elements known to have no end tag in the rest of the HTML, so that
    // many left open are not each searched for to the end.
    let mut never_closed: Vec<String> = Vec::new();
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + offset;
        let rest = &html[start..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            at = start + 4 + comment_length(comment);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            at = rest.find('>').map_or(html.len(), |end| start + end + 1);
            continue;
        }
        let end = rest.starts_with("</");
        let name_start = start + if end { 2 } else { 1 };
        if !bytes
            .get(name_start)
            .is_some_and(|byte| byte.is_ascii_alphabetic())
        {
            at = start + 1;
            continue;
        }
        let mut tag = read_tag(html, start, name_start, end);
        if tag.unfinished {
            found.push(tag);
            break;
        }
        at = tag.range.end;
        tag.holds_text = !tag.end && holds_text(&tag);
        if tag.holds_text && !never_closed.contains(&tag.name) {
            let closing = format!("</{}", tag.name);
            match find_ignoring_case(&html[at..], &closing) {
                Some(offset) => at += offset,
                None => never_closed.push(tag.name.clone()),
            }
        }
        found.push(tag);
    }
    found
}

/// The length of a comment's text and end after its `<!--`: it ends at the
/// first `-->` or `--!>`, or at once with `>` or `->`, as HTML reads it.
fn comment_length(comment: &str) -> usize {
    if comment.starts_with('>') {
        return 1;
    }
    if comment.starts_with("->") {
        return 2;
    }
    let ends = [("-->", 3), ("--!>", 4)];
    ends.iter()
        .filter_map(|(end, length)| comment.find(end).map(|at| at + length))
        .min()
        .unwrap_or(comment.len())
}

fn find_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Reads the tag that starts at `start`.
fn read_tag(html: &str, start: usize, name_start: usize, end: bool) -> Tag {
    let bytes = html.as_bytes();
    let is_space = |byte: u8| matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let mut at = name_start;
    while at < bytes.len() && !is_space(bytes[at]) && !matches!(bytes[at], b'/' | b'>') {
        at += 1;
    }
    let name = html[name_start..at].to_ascii_lowercase();
    let mut attributes = Vec::new();
    let unfinished = |name: String, attributes: Vec<Attribute>| Tag {
        name,
        end,
        attributes,
        range: start..html.len(),
        unfinished: true,
        holds_text: false,
    };
    loop {
        while at < bytes.len() && (is_space(bytes[at]) || bytes[at] == b'/') {
            at += 1;
        }
        match bytes.get(at) {
            None => return unfinished(name, attributes),
            Some(b'>') => break,
            _ => {
                let attribute_start = at;
                at += 1;
                while at < bytes.len()
                    && !is_space(bytes[at])
                    && !matches!(bytes[at], b'/' | b'>' | b'=')
                {
                    at += 1;
                }
                let attribute_name = html[attribute_start..at].to_ascii_lowercase();
                while at < bytes.len() && is_space(bytes[at]) {
                    at += 1;
                }
                let mut value = String::new();
                if bytes.get(at) == Some(&b'=') {
                    at += 1;
                    while at < bytes.len() && is_space(bytes[at]) {
                        at += 1;
                    }
                    let raw = match bytes.get(at) {
                        None => return unfinished(name, attributes),
                        Some(quote @ (b'"' | b'\'')) => {
                            let Some(close) = memchr::memchr(*quote, &bytes[at + 1..]) else {
                                return unfinished(name, attributes);
                            };
                            let raw = &html[at + 1..at + 1 + close];
                            at += close + 2;
                            raw
                        }
                        Some(_) => {
                            let value_start = at;
                            while at < bytes.len() && !is_space(bytes[at]) && bytes[at] != b'>' {
                                at += 1;
                            }
                            &html[value_start..at]
                        }
                    };
                    value = decode_references(raw);
                }
                if !end
                    && !attributes
                        .iter()
                        .any(|a: &Attribute| a.name == attribute_name)
                {
                    attributes.push(Attribute {
                        name: attribute_name,
                        value,
                    });
                }
            }
        }
    }
    Tag {
        name,
        end,
        attributes,
        range: start..at + 1,
        unfinished: false,
        holds_text: false,
    }
}

/// Decodes the character references of an attribute value that matter to
/// reading a URL's scheme: numeric ones and the common named ones.
fn decode_references(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_owned();
    }
    const NAMED: &[(&str, char)] = &[
        ("amp", '&'),
        ("lt", '<'),
        ("gt", '>'),
        ("quot", '"'),
        ("apos", '\''),
        ("colon", ':'),
        ("tab", '\t'),
        ("newline", '\n'),
        ("nbsp", '\u{a0}'),
        ("lpar", '('),
        ("rpar", ')'),
        ("sol", '/'),
    ];
    let mut decoded = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        decoded.push_str(&rest[..amp]);
        rest = &rest[amp + 1..];
        let (number, radix, skip) = match rest.as_bytes() {
            [b'#', b'x' | b'X', ..] => (true, 16, 2),
            [b'#', ..] => (true, 10, 1),
            _ => (false, 10, 0),
        };
        if number {
            let digits = rest[skip..]
                .bytes()
                .take_while(|byte| {
                    byte.is_ascii_hexdigit() && (radix == 16 || byte.is_ascii_digit())
                })
                .count();
            let character = u32::from_str_radix(&rest[skip..skip + digits], radix)
                .ok()
                .and_then(char::from_u32);
            if let (true, Some(character)) = (digits > 0, character) {
                decoded.push(character);
                rest = &rest[skip + digits..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
                continue;
            }
        } else {
            let name_length = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
            let name = rest[..name_length].to_ascii_lowercase();
            if let Some(&(_, character)) = NAMED.iter().find(|(known, _)| *known == name) {
                decoded.push(character);
                rest = &rest[name_length..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
                continue;
            }
        }
        decoded.push('&');
    }
    decoded.push_str(rest);
    decoded
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(html: &str) -> Vec<String> {
        tags(html, |tag| TEXT_ONLY.contains(&tag.name.as_str()))
            .iter()
            .map(|tag| format!("{}{}", if tag.end { "/" } else { "" }, tag.name))
            .collect()
    }

    #[test]
    fn tags_with_their_attributes_and_places() {
        let html = r#"<DIV class="a b" onClick='x()' hidden data-x=1>chữ</div>"#;
        let found = tags(html, |_| false);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].name, "div");
        assert_eq!(
            found[0].attributes,
            [
                Attribute {
                    name: "class".into(),
                    value: "a b".into()
                },
                Attribute {
                    name: "onclick".into(),
                    value: "x()".into()
                },
                Attribute {
                    name: "hidden".into(),
                    value: String::new()
                },
                Attribute {
                    name: "data-x".into(),
                    value: "1".into()
                },
            ]
        );
        assert_eq!(
            &html[found[0].range.clone()],
            &html[..html.find('>').unwrap() + 1]
        );
        assert!(found[1].end);
    }

    #[test]
    fn comments_scripts_and_stray_brackets_hold_no_tags() {
        assert_eq!(
            names("a < b <!-- <img> --> <script>if (a<b) '<i>'</script><b>x</b> <?php ?> <!x>"),
            ["script", "/script", "b", "/b"]
        );
        assert_eq!(
            names("<style>a<b></style><xmp><i>"),
            ["style", "/style", "xmp", "i"]
        );
        assert_eq!(names("<!--><b> <!---><i> <!-- a --!><u>"), ["b", "i", "u"]);
        let unfinished = tags("<div class=\"note>chữ", |_| false);
        assert!(unfinished[0].unfinished);
        assert_eq!(unfinished[0].range, 0.."<div class=\"note>chữ".len());
    }

    #[test]
    fn references_in_values_are_decoded() {
        let found = tags(
            r#"<a href="jav&#x61;script&colon;alert(1)" title="&amp;&#9;&bogus;&#xZZ;">"#,
            |_| false,
        );
        assert_eq!(found[0].attributes[0].value, "javascript:alert(1)");
        assert_eq!(found[0].attributes[1].value, "&\t&bogus;&#xZZ;");
    }
}

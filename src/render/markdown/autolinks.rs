//! GitHub's extended autolinks: `www.example.com`, `https://…` and e-mail
//! addresses written as plain text become links, as readers expect of
//! text pasted from anywhere. The rules are the GFM spec's ("Autolinks
//! (extension)"), which say exactly where a link starts and ends.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::Surroundings;

/// Turns the web and e-mail addresses of running text into links; text
/// inside links, images and code is left as it is.
pub fn extend(events: Vec<(Event<'_>, Range<usize>)>) -> Vec<(Event<'_>, Range<usize>)> {
    let mut surroundings = Surroundings::default();
    let mut out = Vec::with_capacity(events.len());
    for (event, range) in events {
        surroundings.follow(&event);
        match event {
            Event::Text(text) if surroundings.link == 0 && surroundings.code == 0 => {
                link_addresses(text, &range, &mut out)
            }
            event => out.push((event, range)),
        }
    }
    out
}

/// An address found in text.
#[derive(Debug)]
struct Found {
    range: Range<usize>,
    kind: LinkType,
    /// The link's destination (for e-mail, without `mailto:`, which the
    /// HTML writer adds).
    destination: String,
}

fn link_addresses<'e>(
    text: CowStr<'e>,
    range: &Range<usize>,
    out: &mut Vec<(Event<'e>, Range<usize>)>,
) {
    let found = addresses(&text);
    if found.is_empty() {
        out.push((Event::Text(text), range.clone()));
        return;
    }
    let mut written_up_to = 0;
    for address in found {
        if address.range.start > written_up_to {
            out.push((
                Event::Text(CowStr::from(
                    text[written_up_to..address.range.start].to_owned(),
                )),
                range.clone(),
            ));
        }
        out.push((
            Event::Start(Tag::Link {
                link_type: address.kind,
                dest_url: CowStr::from(address.destination),
                title: CowStr::Borrowed(""),
                id: CowStr::Borrowed(""),
            }),
            range.clone(),
        ));
        out.push((
            Event::Text(CowStr::from(text[address.range.clone()].to_owned())),
            range.clone(),
        ));
        out.push((Event::End(TagEnd::Link), range.clone()));
        written_up_to = address.range.end;
    }
    if written_up_to < text.len() {
        out.push((
            Event::Text(CowStr::from(text[written_up_to..].to_owned())),
            range.clone(),
        ));
    }
}

/// Where an address may start in a text.
#[derive(Clone, Copy)]
enum Candidate {
    /// `www.` or a scheme's `://` at this offset (its start).
    Web(usize),
    /// An `@` at this offset.
    At(usize),
}

/// Every extended autolink of `text`, in order.
fn addresses(text: &str) -> Vec<Found> {
    // Every address has a `.`; most text between two links has none.
    if !text.contains('.') {
        return Vec::new();
    }
    let bytes = text.as_bytes();
    let mut candidates: Vec<(usize, Candidate)> = memchr::memmem::find_iter(bytes, b"www.")
        .map(|at| (at, Candidate::Web(at)))
        .chain(memchr::memmem::find_iter(bytes, b"://").filter_map(|at| {
            let before = &text[..at];
            ["https", "http", "ftp"].into_iter().find_map(|scheme| {
                let start = before.len().checked_sub(scheme.len())?;
                before
                    .get(start..)
                    .is_some_and(|written| written.eq_ignore_ascii_case(scheme))
                    .then_some((start, Candidate::Web(start)))
            })
        }))
        .chain(memchr::memchr_iter(b'@', bytes).map(|at| (at, Candidate::At(at))))
        .collect();
    candidates.sort_by_key(|&(at, _)| at);
    let mut found: Vec<Found> = Vec::new();
    for (_, candidate) in candidates {
        let written_up_to = found.last().map_or(0, |last| last.range.end);
        match candidate {
            Candidate::Web(at) if at >= written_up_to => {
                let may_start = text[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| c.is_whitespace() || matches!(c, '*' | '_' | '~' | '('));
                if may_start && let Some((length, destination)) = web_address(&text[at..]) {
                    found.push(Found {
                        range: at..at + length,
                        kind: LinkType::Autolink,
                        destination,
                    });
                }
            }
            Candidate::At(at) if at >= written_up_to => {
                if let Some(address) = email_around(text, at, written_up_to) {
                    found.push(address);
                }
            }
            _ => {}
        }
    }
    found
}

/// A `www.` or `http://`, `https://`, `ftp://` address at the start of
/// `text`: its length and destination.
fn web_address(text: &str) -> Option<(usize, String)> {
    let scheme_length = ["http://", "https://", "ftp://"]
        .into_iter()
        .find(|scheme| {
            text.get(..scheme.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
        })
        .map(str::len);
    let domain_start = match scheme_length {
        Some(length) => length,
        None if text.starts_with("www.") => 0,
        None => return None,
    };
    let domain_length = valid_domain(&text[domain_start..])?;
    let end = text[domain_start + domain_length..]
        .find(|c: char| c.is_whitespace() || c == '<')
        .map_or(text.len(), |offset| domain_start + domain_length + offset);
    let length = trim_trailing(&text[..end]);
    if length <= domain_start {
        return None;
    }
    let link = &text[..length];
    let destination = match scheme_length {
        Some(_) => link.to_owned(),
        None => format!("http://{link}"),
    };
    Some((length, destination))
}

/// The longest domain name there is, in characters. Reading no further
/// keeps text made of one endless run of letters and dots linear.
const LONGEST_DOMAIN: usize = 253;

/// The longest local part of an e-mail address, in characters.
const LONGEST_LOCAL_PART: usize = 64;

/// The length of the run of characters `allowed` at the start of `text`,
/// when it is at most `most` characters long.
fn run_of(text: &str, most: usize, allowed: impl Fn(char) -> bool) -> Option<usize> {
    match text
        .char_indices()
        .take(most + 1)
        .find(|&(_, c)| !allowed(c))
    {
        Some((length, _)) => Some(length),
        None if text.chars().nth(most).is_none() => Some(text.len()),
        None => None,
    }
}

/// The length of the valid domain at the start of `text`: letters,
/// digits, `_`, `-` and `.`, with at least one `.` and no `_` in its last
/// two parts.
fn valid_domain(text: &str) -> Option<usize> {
    let length = run_of(text, LONGEST_DOMAIN, |c| {
        c.is_alphanumeric() || matches!(c, '_' | '-' | '.')
    })?;
    let domain = text[..length].trim_end_matches('.');
    let parts: Vec<&str> = domain.split('.').collect();
    let well_formed = parts.len() >= 2
        && parts.iter().all(|part| !part.is_empty())
        && parts.iter().rev().take(2).all(|part| !part.contains('_'));
    well_formed.then_some(length)
}

/// The length of a link once the punctuation that ends a sentence, an
/// unbalanced closing parenthesis and a trailing entity-like `&name;`
/// are left out.
fn trim_trailing(link: &str) -> usize {
    let mut end = link.len();
    // Parentheses still in the link, kept count of as it is cut (only a
    // cut `)` changes them).
    let opening = link.matches('(').count();
    let mut closing = link.matches(')').count();
    loop {
        let current = &link[..end];
        let Some(last) = current.chars().next_back() else {
            return 0;
        };
        match last {
            '?' | '!' | '.' | ',' | ':' | '*' | '_' | '~' => end -= 1,
            ')' if closing > opening => {
                end -= 1;
                closing -= 1;
            }
            ';' => {
                let before = &current[..current.len() - 1];
                let name_start = before
                    .char_indices()
                    .rev()
                    .find(|&(_, c)| !c.is_ascii_alphanumeric())
                    .map_or(0, |(at, c)| at + c.len_utf8());
                if name_start > 0
                    && name_start < before.len()
                    && before[..name_start].ends_with('&')
                {
                    end = name_start - 1;
                } else {
                    return end;
                }
            }
            _ => return end,
        }
    }
}

/// The e-mail address whose `@` is at `at` in `text`, not reaching back
/// before `not_before`.
fn email_around(text: &str, at: usize, not_before: usize) -> Option<Found> {
    let is_local = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+');
    let before = &text[not_before..at];
    let local: Vec<(usize, char)> = before
        .char_indices()
        .rev()
        .take(LONGEST_LOCAL_PART + 1)
        .take_while(|&(_, c)| is_local(c))
        .collect();
    let (&(local_offset, _), true) = (local.last()?, local.len() <= LONGEST_LOCAL_PART) else {
        return None;
    };
    let local_start = not_before + local_offset;
    let after = &text[at + 1..];
    let domain_length = run_of(after, LONGEST_DOMAIN, |c| {
        c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')
    })?;
    let domain = after[..domain_length].trim_end_matches('.');
    if !domain.contains('.') || domain.ends_with(['-', '_']) {
        return None;
    }
    let end = at + 1 + domain.len();
    Some(Found {
        range: local_start..end,
        kind: LinkType::Email,
        destination: text[local_start..end].to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(text: &str) -> Vec<(&str, String)> {
        addresses(text)
            .into_iter()
            .map(|found| (&text[found.range], found.destination))
            .collect()
    }

    #[test]
    fn web_addresses_end_where_the_spec_says() {
        assert_eq!(
            links("Xem www.bocongan.gov.vn/tin?id=1. Hoặc (https://x.vn/a_(b)) và ftp://f.vn."),
            [
                (
                    "www.bocongan.gov.vn/tin?id=1",
                    "http://www.bocongan.gov.vn/tin?id=1".to_owned()
                ),
                ("https://x.vn/a_(b)", "https://x.vn/a_(b)".to_owned()),
                ("ftp://f.vn", "ftp://f.vn".to_owned()),
            ]
        );
        assert_eq!(
            links("www.g.com/s?q=a&hl; www.g.com/he<lp"),
            [
                ("www.g.com/s?q=a", "http://www.g.com/s?q=a".to_owned()),
                ("www.g.com/he", "http://www.g.com/he".to_owned()),
            ]
        );
    }

    #[test]
    fn a_trailing_semicolon_after_any_letter_is_read_safely() {
        assert_eq!(
            links("www.x.vn/aé; www.x.vn/&nbsp;"),
            [
                ("www.x.vn/aé;", "http://www.x.vn/aé;".to_owned()),
                ("www.x.vn/", "http://www.x.vn/".to_owned()),
            ]
        );
    }

    #[test]
    fn endless_runs_stay_linear_and_are_not_links() {
        let run = "_www.a_b".repeat(20_000);
        assert!(links(&run).is_empty());
        let parens = format!("www.x.vn/{}", ")".repeat(20_000));
        assert_eq!(
            links(&parens),
            [("www.x.vn/", "http://www.x.vn/".to_owned())]
        );
        let ats = "a@".repeat(20_000);
        assert!(links(&ats).is_empty());
    }

    #[test]
    fn words_with_dots_are_not_addresses() {
        assert!(
            links("TP.HCM, v.v., 3.5 triệu, xwww.a.b, www.a_b.c_d, http://localhost").is_empty()
        );
    }

    #[test]
    fn e_mail_addresses() {
        assert_eq!(
            links("Gửi lienhe+gop-y@so.laodong.vn. Không phải a@b, c@mail+x.vn hay d@e.f-"),
            [(
                "lienhe+gop-y@so.laodong.vn",
                "lienhe+gop-y@so.laodong.vn".to_owned()
            )]
        );
    }
}

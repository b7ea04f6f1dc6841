//! The one rule for every URL a writer's text puts on a page: Markdown
//! links and images, autolinks, raw HTML attributes, front-matter fields,
//! aliases and the config all ask here.
//!
//! A URL is refused only when following or loading it could run code in a
//! reader's browser (`javascript:`, `vbscript:`, `data:` other than a
//! picture). Every other scheme is a link like any other: `irc:`, `file:`,
//! `localhost:5001/x` and schemes loa has never heard of are not loa's to
//! judge.

/// The scheme of `url` as a browser reads it, lower-cased: leading and
/// trailing spaces and control characters do not count, nor do tabs and
/// line breaks anywhere (`java\tscript:` is `javascript:` to a browser).
pub fn scheme(url: &str) -> Option<String> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let mut scheme = String::new();
    for c in trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')) {
        match c {
            ':' => return (!scheme.is_empty()).then_some(scheme),
            c if c.is_ascii_alphabetic() => scheme.push(c.to_ascii_lowercase()),
            c if !scheme.is_empty() && (c.is_ascii_digit() || matches!(c, '+' | '-' | '.')) => {
                scheme.push(c)
            }
            _ => return None,
        }
    }
    None
}

/// The media types a `data:` URL may carry: pictures a browser draws
/// without running anything. SVG is left out: it can hold script.
const DATA_PICTURES: &[&str] = &[
    "image/png",
    "image/jpeg",
    "image/jpg",
    "image/gif",
    "image/webp",
    "image/avif",
    "image/bmp",
    "image/x-icon",
];

/// The scheme of `url` when following or loading it could run code in a
/// reader's browser; `None` for every URL loa publishes.
pub fn runs_code(url: &str) -> Option<String> {
    let scheme = scheme(url)?;
    let refused = match scheme.as_str() {
        "javascript" | "vbscript" | "livescript" => true,
        "data" => {
            let cleaned: String = url
                .trim_matches(|c: char| c <= ' ')
                .chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect();
            let media_type = cleaned["data:".len()..]
                .split([';', ','])
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            !DATA_PICTURES.contains(&media_type.as_str())
        }
        _ => false,
    };
    refused.then_some(scheme)
}

/// Whether `url` leaves the site: it has a scheme, or starts with `//`.
pub fn is_absolute(url: &str) -> bool {
    url.starts_with("//") || scheme(url).is_some()
}

/// The host of an `http:`, `https:` or scheme-relative (`//host/…`) URL,
/// lower-cased, without port or user information.
pub fn host(url: &str) -> Option<String> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let after = match scheme(trimmed).as_deref() {
        Some("http" | "https") => trimmed.split_once("//")?.1,
        Some(_) => return None,
        None => trimmed.strip_prefix("//")?,
    };
    let authority = after.split(['/', '?', '#']).next()?;
    let host_and_port = authority.rsplit('@').next()?;
    let host = match host_and_port.strip_prefix('[') {
        Some(ipv6) => ipv6.split(']').next()?,
        None => host_and_port.split(':').next()?,
    };
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// The strings held in `value` (a front-matter field, a data file, the
/// config's `extra`) that a theme could print as a link that runs code:
/// written as a URL is, without spaces, with such a scheme. Each with its
/// scheme.
pub fn refused_in(value: &serde_json::Value) -> Vec<(&str, String)> {
    let mut refused = Vec::new();
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::String(text) => {
                if !text.trim().contains(char::is_whitespace)
                    && let Some(scheme) = runs_code(text)
                {
                    refused.push((text.as_str(), scheme));
                }
            }
            serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
            serde_json::Value::Object(fields) => stack.extend(fields.values().rev()),
            _ => {}
        }
    }
    refused
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_as_browsers_read_them() {
        assert_eq!(scheme("https://x.vn/").as_deref(), Some("https"));
        assert_eq!(
            scheme("  JavaScript:alert(1)").as_deref(),
            Some("javascript")
        );
        assert_eq!(
            scheme("java\tscr\nipt:alert(1)").as_deref(),
            Some("javascript")
        );
        assert_eq!(scheme("\u{1}javascript:x").as_deref(), Some("javascript"));
        assert_eq!(scheme("localhost:5001/x").as_deref(), Some("localhost"));
        assert_eq!(scheme("/van-ban/").as_deref(), None);
        assert_eq!(scheme("anh.png").as_deref(), None);
        assert_eq!(scheme("a b:c").as_deref(), None);
        assert_eq!(scheme("1ab:c").as_deref(), None);
        assert_eq!(scheme(":x").as_deref(), None);
    }

    #[test]
    fn only_schemes_that_run_code_are_refused() {
        for refused in [
            "javascript:alert(1)",
            " JAVASCRIPT:alert(1)",
            "jav\tascript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "data:image/svg+xml;base64,PHN2Zz4=",
            "data:,x",
        ] {
            assert!(runs_code(refused).is_some(), "{refused}");
        }
        for allowed in [
            "https://x.vn/",
            "http://x.vn/",
            "mailto:a@x.vn",
            "tel:111",
            "irc:foo.bar:2233/baz",
            "localhost:5001/x",
            "file:///tmp/a.pdf",
            "made-up+scheme:anything",
            "data:image/png;base64,iVBORw0KGgo=",
            "data:IMAGE/JPEG;base64,/9j/",
            "/van-ban/",
            "#muc",
            "",
        ] {
            assert_eq!(runs_code(allowed), None, "{allowed}");
        }
    }

    #[test]
    fn values_that_a_theme_could_print_as_links() {
        let value = serde_json::json!({
            "lien_ket": "javascript:alert(1)",
            "ghi_chu": "javascript: một cách viết sai",
            "mang": [{"url": "https://x.vn/"}, {"url": " VBScript:x "}],
            "so": 3
        });
        let refused: Vec<&str> = refused_in(&value)
            .into_iter()
            .map(|(text, _)| text)
            .collect();
        assert_eq!(refused, ["javascript:alert(1)", " VBScript:x "]);
    }

    #[test]
    fn hosts_of_web_addresses() {
        assert_eq!(
            host("https://www.YouTube.com/embed/x").as_deref(),
            Some("www.youtube.com")
        );
        assert_eq!(
            host("https://u:p@player.vimeo.com:443/v").as_deref(),
            Some("player.vimeo.com")
        );
        assert_eq!(host("https://[::1]:8080/").as_deref(), Some("::1"));
        assert_eq!(
            host("//www.slideshare.net/slideshow/embed_code/1").as_deref(),
            Some("www.slideshare.net")
        );
        assert_eq!(host("ftp://x.vn/"), None);
        assert_eq!(host("/a/"), None);
    }
}

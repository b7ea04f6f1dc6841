//! The one rule for every URL a writer's text puts on a page: Markdown
//! links and images, autolinks, raw HTML attributes, front-matter fields,
//! aliases and the config all ask here.
//!
//! A URL is refused only when following or loading it could run code in a
//! reader's browser (`javascript:`, `vbscript:`, `data:` other than a
//! picture). Every other scheme is a link like any other: `irc:`, `file:`,
//! `localhost:5001/x` and schemes loa has never heard of are not loa's to
//! judge.

/// `url` as a browser reads it: leading and trailing spaces and control
/// characters do not count, nor do tabs and line breaks anywhere
/// (`java\tscript:` is `javascript:` to a browser).
fn as_read(url: &str) -> impl Iterator<Item = char> + '_ {
    url.trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
}

/// The scheme of `url` as a browser reads it (see [`as_read`]), lower-cased.
/// Every link and attribute asks: the URL is read only as far as its
/// scheme goes.
pub fn scheme(url: &str) -> Option<String> {
    let mut scheme = String::new();
    for c in as_read(url) {
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
            let read: String = as_read(url).collect();
            let media_type = read["data:".len()..]
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

/// The host of an `https:` URL, or of a scheme-relative one (`//host/…`,
/// which an `https:` site loads over `https:`), lower-cased, read as
/// browsers read it (`https://a.vn\\@b.vn/` is `a.vn`); `None` for other
/// URLs.
pub fn secure_host(url: &str) -> Option<String> {
    let read: String = as_read(url).collect();
    let parsed = parse_as_read(&read)?;
    let relative = scheme(&read).is_none();
    if parsed.scheme() != "https" || (relative && !read.starts_with("//")) {
        return None;
    }
    parsed.host_str().map(str::to_ascii_lowercase)
}

/// The host of a URL as it reads (for telling a writer which site a frame
/// showed); the URL itself when it has none.
pub fn shown_host(url: &str) -> String {
    parse_as_read(&as_read(url).collect::<String>())
        .and_then(|parsed| parsed.host_str().map(str::to_owned))
        .filter(|host| host != PLACEHOLDER_HOST)
        .unwrap_or_else(|| url.trim().to_owned())
}

/// The host a relative URL is read against, which no real URL has.
const PLACEHOLDER_HOST: &str = "loa.invalid";

/// A URL already read as a browser reads it, parsed as a browser would on
/// an `https:` page of [`PLACEHOLDER_HOST`].
fn parse_as_read(read: &str) -> Option<::url::Url> {
    static BASE: std::sync::LazyLock<Option<::url::Url>> = std::sync::LazyLock::new(|| {
        ::url::Url::parse(&format!("https://{PLACEHOLDER_HOST}/")).ok()
    });
    ::url::Url::options()
        .base_url(BASE.as_ref())
        .parse(read)
        .ok()
}

/// The strings held in `value` (a front-matter field, a data file, the
/// config's `extra`) that a theme could print as a link that runs code:
/// those with such a scheme (prose that merely starts with "javascript:"
/// is refused too: printed as a link, it would run). Each with its scheme.
pub fn refused_in(value: &serde_json::Value) -> Vec<(&str, String)> {
    let mut refused = Vec::new();
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::String(text) => {
                if let Some(scheme) = runs_code(text) {
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
            "tach": "java\tscript:alert('a b')",
            "ghi_chu": "Ghi chú: một dòng chữ",
            "mang": [{"url": "https://x.vn/"}, {"url": " VBScript:x "}],
            "so": 3
        });
        let refused: Vec<&str> = refused_in(&value)
            .into_iter()
            .map(|(text, _)| text)
            .collect();
        assert_eq!(
            refused,
            [
                "javascript:alert(1)",
                " VBScript:x ",
                "java\tscript:alert('a b')"
            ]
        );
    }

    #[test]
    fn hosts_of_web_addresses() {
        assert_eq!(
            secure_host("https://www.YouTube.com/embed/x").as_deref(),
            Some("www.youtube.com")
        );
        assert_eq!(
            secure_host("https://u:p@player.vimeo.com:443/v").as_deref(),
            Some("player.vimeo.com")
        );
        assert_eq!(
            secure_host("//www.slideshare.net/slideshow/embed_code/1").as_deref(),
            Some("www.slideshare.net")
        );
        // What a browser reads, not what the text seems to say.
        assert_eq!(
            secure_host("https://evil.com\\@www.youtube.com/").as_deref(),
            Some("evil.com")
        );
        assert_eq!(
            secure_host("https:\\\\evil.com/x//www.youtube.com/").as_deref(),
            Some("evil.com")
        );
        assert_eq!(secure_host("http://www.youtube.com/"), None);
        assert_eq!(secure_host("ftp://x.vn/"), None);
        assert_eq!(secure_host("/a/"), None);
        assert_eq!(shown_host("https://maps.example.com/x"), "maps.example.com");
        assert_eq!(shown_host("javascript:x"), "javascript:x");
    }
}

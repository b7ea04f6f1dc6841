//! The theme's Tera templates, the site's overrides, and loa's filters.
//!
//! A template in the site's `templates/` replaces the theme's template of
//! the same name. Errors name the template file and, where Tera or the
//! template text allows, the line.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::LazyLock;

use regex::Regex;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate};
use tera::{Context, Tera, Value};

use crate::error::Diagnostic;
use crate::load::theme::{Theme, files_in};
use crate::load::{Config, display_path};
use crate::render::recursion;
use crate::t;
use crate::text::dates::{DateStyle, format_day};

/// The loaded templates and their sources, kept for locating errors.
pub struct Templates {
    tera: Tera,
    /// Template name → (file as shown to the user, its text).
    sources: HashMap<String, (PathBuf, String)>,
    /// Template name → hash of its text and of every template it extends,
    /// includes or imports, directly or not.
    fingerprints: HashMap<String, u64>,
}

impl Templates {
    /// Loads the theme's templates with the site's overrides and registers
    /// loa's filters and functions. Every broken template is reported.
    pub fn load(root: &Path, config: &Config, theme: &Theme) -> Result<Templates, Vec<Diagnostic>> {
        let mut diagnostics = Vec::new();
        let mut sources = HashMap::new();
        let theme_files = theme.files(root, "templates");
        let site_files = files_in(root, &root.join("templates"));
        // The site's files come second and replace the theme's.
        for file in theme_files
            .into_iter()
            .chain(site_files)
            .filter(|file| is_template(&file.relative))
        {
            match file.text(root) {
                Ok(text) => {
                    sources.insert(file.relative, (file.shown, text));
                }
                Err(diagnostic) => diagnostics.push(diagnostic),
            }
        }
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        // Each template is parsed on its own first: Tera stops at the first
        // broken one, and loading them together follows a loop of
        // `extends` until the stack overflows.
        let mut parsed = HashMap::new();
        for (name, (shown, text)) in &sources {
            match tera::Template::new(name, None, text) {
                Ok(template) => {
                    parsed.insert(name.clone(), template);
                }
                Err(error) => diagnostics.push(located(shown, text, &error)),
            }
        }
        diagnostics.extend(recursion::endless_loops(&parsed, &sources));
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_markup);
        // The templates parsed above are handed over rather than parsed a
        // second time (a third of the start-up of a small site's build):
        // what `add_raw_templates` does after parsing, done here.
        tera.templates.extend(parsed);
        let fitted = tera
            .build_inheritance_chains()
            .and_then(|()| tera.check_macro_files());
        if let Err(error) = fitted {
            // Each parses, so the fault is in how they fit together, such as
            // a missing parent template.
            let (shown, text) = blamed_template(&error, &sources)
                .unwrap_or_else(|| (display_path(root, &root.join("templates")), String::new()));
            return Err(vec![located(&shown, &text, &error)]);
        }
        register_helpers(&mut tera, config);
        let fingerprints = fingerprints(&sources);
        Ok(Templates {
            tera,
            sources,
            fingerprints,
        })
    }

    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Changes whenever `name` or a template it uses changes, so `serve`
    /// re-renders only the pages a template edit affects.
    pub fn fingerprint(&self, name: &str) -> u64 {
        self.fingerprints.get(name).copied().unwrap_or_default()
    }

    /// Renders `name`; a failure names the template file and, when it can
    /// be found, the line of the expression that failed.
    /// The bytes are UTF-8: Tera writes only template text and strings.
    /// They are not checked again, which on a large site is a measurable
    /// share of rendering.
    pub fn render(&self, name: &str, context: &Context) -> Result<Vec<u8>, Diagnostic> {
        let mut rendered = Vec::with_capacity(16 * 1024);
        match self.tera.render_to(name, context, &mut rendered) {
            Ok(()) => Ok(rendered),
            Err(error) => Err({
                let (shown, text) = blamed_template(&error, &self.sources)
                    .or_else(|| self.sources.get(name).cloned())
                    .unwrap_or_else(|| (PathBuf::from(name), String::new()));
                located(&shown, &text, &error)
            }),
        }
    }
}

static USES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\{%-?\s*(?:extends|include|import)\s+([^%]*)%\}"#)
        .unwrap_or_else(|_| unreachable!("the pattern is fixed"))
});

/// The hash of each template together with everything it uses.
fn fingerprints(sources: &HashMap<String, (PathBuf, String)>) -> HashMap<String, u64> {
    let uses: HashMap<&str, Vec<String>> = sources
        .iter()
        .map(|(name, (_, text))| {
            let used = USES
                .captures_iter(text)
                .flat_map(|tag| {
                    // Tera takes names in double, single or back quotes.
                    tag[1]
                        .split(['"', '\'', '`'])
                        .skip(1)
                        .step_by(2)
                        .map(str::to_owned)
                        .collect::<Vec<_>>()
                })
                .collect();
            (name.as_str(), used)
        })
        .collect();
    sources
        .keys()
        .map(|name| {
            let mut seen = std::collections::BTreeSet::new();
            let mut waiting = vec![name.clone()];
            while let Some(next) = waiting.pop() {
                if seen.insert(next.clone()) {
                    waiting.extend(uses.get(next.as_str()).into_iter().flatten().cloned());
                }
            }
            let mut hasher = crate::fingerprint::hasher();
            for used in &seen {
                (used, sources.get(used).map(|(_, text)| text)).hash(&mut hasher);
            }
            (name.clone(), hasher.finish())
        })
        .collect()
}

/// Templates, named by their path below `templates/` with `/` separators
/// as they refer to each other, are HTML, XML (feeds, sitemap) and text (robots.txt).
fn is_template(relative: &str) -> bool {
    [".html", ".xml", ".txt"]
        .iter()
        .any(|extension| relative.ends_with(extension))
}

/// Escapes what HTML and XML need escaped. Tera's own escaper also turns
/// `/` into `&#x2F;`, which is valid but makes every URL unreadable.
pub fn escape_markup(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + text.len() / 8);
    let mut plain_from = 0;
    // The characters escaped are ASCII, so byte positions are character
    // boundaries and the text between them is copied whole.
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            // A control character (from a YAML escape such as "\x01") has
            // no place in HTML and makes XML not well-formed: it goes.
            byte if crate::text::is_stray_control(char::from(byte)) => "",
            _ => continue,
        };
        escaped.push_str(&text[plain_from..at]);
        escaped.push_str(entity);
        plain_from = at + 1;
    }
    escaped.push_str(&text[plain_from..]);
    escaped
}

/// Every message in a Tera error's chain, outermost first.
fn error_chain(error: &tera::Error) -> Vec<String> {
    let mut messages = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        messages.push(inner.to_string());
        source = inner.source();
    }
    messages
}

/// The template a Tera error is about: the innermost `'name'` it quotes that
/// is one of ours.
fn blamed_template(
    error: &tera::Error,
    sources: &HashMap<String, (PathBuf, String)>,
) -> Option<(PathBuf, String)> {
    error_chain(error)
        .iter()
        .rev()
        .flat_map(|message| {
            message
                .split('\'')
                .skip(1)
                .step_by(2)
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .find_map(|quoted| sources.get(&quoted).cloned())
}

/// A diagnostic for a Tera error in the template `shown` whose text is `text`.
fn located(shown: &Path, text: &str, error: &tera::Error) -> Diagnostic {
    let chain = error_chain(error);
    let innermost = chain.last().cloned().unwrap_or_default();
    // Parse errors carry " --> line:column" from the grammar.
    if let Some((line, column)) = chain.iter().find_map(|m| parse_arrow(m)) {
        let reason = innermost
            .lines()
            .rfind(|l| l.trim_start().starts_with("= "))
            .map(|l| l.trim_start()[2..].to_owned());
        let message = match reason {
            Some(reason) => t!("template-syntax-error-because", reason = reason),
            None => t!("template-syntax-error"),
        };
        return Diagnostic::error(shown, message).at(line, column);
    }
    let message = innermost.lines().next().unwrap_or_default().to_owned();
    let diagnostic = Diagnostic::error(shown, t!("template-error", problem = message));
    // Render errors quote the expression that failed; find it in the text.
    let own_name = shown
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let quoted = message
        .split(['`', '\'', '"'])
        .skip(1)
        .step_by(2)
        .map(|q| q.trim_matches(['[', ']']))
        .find(|q| !q.is_empty() && !own_name.ends_with(q));
    let line = quoted.and_then(|needle| text.lines().position(|l| l.contains(needle)));
    match line {
        Some(index) => diagnostic.at_line(index + 1),
        None => diagnostic,
    }
}

fn parse_arrow(message: &str) -> Option<(usize, usize)> {
    let after = message.split("--> ").nth(1)?;
    let place: String = after
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ':')
        .collect();
    let (line, column) = place.split_once(':')?;
    Some((line.parse().ok()?, column.parse().ok()?))
}

/// A date value from a context (RFC 3339 or `YYYY-MM-DD`) as its calendar day.
fn day_of(value: &Value) -> Option<NaiveDate> {
    let text = value.as_str()?;
    DateTime::parse_from_rfc3339(text)
        .map(|moment| moment.date_naive())
        .or_else(|_| NaiveDate::parse_from_str(text, "%Y-%m-%d"))
        .ok()
}

/// Filters and functions every template can use:
/// - `format_date(style="long"|"short"|"month", lang="vi"|"en")`
/// - `get_url(path="...", absolute=false)`: a link inside the site that
///   keeps the base URL's sub-path.
fn register_helpers(tera: &mut Tera, config: &Config) {
    let language = config.language.clone();
    tera.register_filter(
        "format_date",
        move |value: &Value, args: &HashMap<String, Value>| {
            let day = day_of(value)
                .ok_or_else(|| tera::Error::msg(t!("format-date-not-a-date", value = value)))?;
            let style = match args.get("style").and_then(Value::as_str).unwrap_or("long") {
                "long" => DateStyle::Long,
                "short" => DateStyle::Short,
                "month" => DateStyle::Month,
                other => {
                    return Err(tera::Error::msg(t!("format-date-style", style = other)));
                }
            };
            let lang = args
                .get("lang")
                .and_then(Value::as_str)
                .unwrap_or(&language);
            Ok(Value::String(format_day(day, lang, style)))
        },
    );
    let base_path = config.base_path().to_owned();
    let base_url = config.base_url.clone();
    tera.register_function("get_url", move |args: &HashMap<String, Value>| {
        let path = args
            .get("path")
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg("get_url needs path=\"...\""))?
            .trim_start_matches('/');
        let absolute = args
            .get("absolute")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let prefix = if absolute { &base_url } else { &base_path };
        Ok(Value::String(format!("{prefix}{path}")))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_follow_what_a_template_uses() {
        let source = |text: &str| (PathBuf::new(), text.to_owned());
        let mut sources = HashMap::from([
            (
                "base.html".to_owned(),
                source("<body>{% block c %}{% endblock c %}</body>"),
            ),
            (
                "page.html".to_owned(),
                source("{% extends \"base.html\" %}{% import 'm.html' as m %}"),
            ),
            (
                "m.html".to_owned(),
                source("{% macro a() %}a{% endmacro a %}"),
            ),
            (
                "legal.html".to_owned(),
                source("{% extends \"page.html\" %}"),
            ),
            ("404.html".to_owned(), source("<p>404</p>")),
        ]);
        let before = fingerprints(&sources);
        sources.insert(
            "m.html".to_owned(),
            source("{% macro a() %}b{% endmacro a %}"),
        );
        let after = fingerprints(&sources);
        assert_ne!(before["page.html"], after["page.html"]);
        assert_ne!(
            before["legal.html"], after["legal.html"],
            "through page.html"
        );
        assert_eq!(before["404.html"], after["404.html"]);
        assert_eq!(before["base.html"], after["base.html"]);
    }

    #[test]
    fn markup_is_escaped_and_other_text_kept() {
        assert_eq!(
            escape_markup(r#"Đội "178" <b>&</b> 'mại dâm'"#),
            "Đội &quot;178&quot; &lt;b&gt;&amp;&lt;/b&gt; &#39;mại dâm&#39;"
        );
        assert_eq!(escape_markup("phòng, chống"), "phòng, chống");
        assert_eq!(escape_markup(""), "");
        assert_eq!(escape_markup("a\u{1}b\0c\td\ne"), "abc\td\ne");
    }

    #[test]
    fn reads_the_place_of_a_syntax_error() {
        assert_eq!(parse_arrow("Failed\n --> 3:9\n  |"), Some((3, 9)));
        assert_eq!(parse_arrow("no place"), None);
    }

    #[test]
    fn syntax_errors_point_at_their_line() {
        let text = "<p>\n{{ page.title }\n</p>";
        let error = tera::Template::new("x.html", None, text).unwrap_err();
        let diagnostic = located(Path::new("templates/x.html"), text, &error);
        assert_eq!(diagnostic.line, Some(2), "{diagnostic}");
    }

    #[test]
    fn render_errors_point_at_the_failing_expression() {
        let mut tera = Tera::default();
        let text = "<p>a</p>\n<p>{{ page.missing }}</p>\n";
        tera.add_raw_template("x.html", text).unwrap();
        let error = tera.render("x.html", &Context::new()).unwrap_err();
        let diagnostic = located(Path::new("themes/default/templates/x.html"), text, &error);
        assert_eq!(diagnostic.line, Some(2), "{diagnostic}");
        assert!(diagnostic.message.contains("page.missing"), "{diagnostic}");
    }

    #[test]
    fn missing_includes_point_at_their_line() {
        let mut tera = Tera::default();
        let text = "<p>a</p>\n{% include \"khong-co.html\" %}\n";
        tera.add_raw_template("x.html", text).unwrap();
        let error = tera.render("x.html", &Context::new()).unwrap_err();
        let diagnostic = located(Path::new("templates/x.html"), text, &error);
        assert_eq!(diagnostic.line, Some(2), "{diagnostic}");
    }
}

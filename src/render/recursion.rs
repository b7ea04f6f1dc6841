//! Templates that would never stop: one that extends or includes itself,
//! through others or not, or a macro that calls itself, every time it is
//! used. Tera follows such a loop until the stack overflows, which aborts
//! the whole process with no word of the file; found here first, each loop
//! is an error naming its chain.
//!
//! Only loops that nothing can end are errors: an include or a call inside
//! an `{% if %}` or a `{% for %}` may stop (a macro walking a tree of
//! terms), and a theme may mean it.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use tera::Template;
use tera::ast::{Expr, ExprVal, Node};

use crate::error::Diagnostic;
use crate::t;

/// What a template or macro uses.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Template(String),
    Macro { template: String, name: String },
}

impl Part {
    fn template(&self) -> &str {
        match self {
            Part::Template(name) | Part::Macro { template: name, .. } => name,
        }
    }

    fn describe(&self) -> String {
        match self {
            Part::Template(name) => name.clone(),
            Part::Macro { template, name } => format!("{template}::{name}()"),
        }
    }
}

/// The templates, each parsed on its own (Tera's loading of them together
/// is what overflows on a loop of `extends`), by name, with their files
/// and texts. Returns an error for each loop that never ends.
pub fn endless_loops(
    templates: &HashMap<String, Template>,
    sources: &HashMap<String, (PathBuf, String)>,
) -> Vec<Diagnostic> {
    // Each part and the parts it always uses, whenever it is used.
    let mut always: BTreeMap<Part, Vec<Part>> = BTreeMap::new();
    for (name, template) in templates {
        let mut used = Vec::new();
        if let Some(parent) = &template.parent {
            used.push(Part::Template(parent.clone()));
        }
        uses_in(&template.ast, template, templates, &mut used);
        always.insert(Part::Template(name.clone()), used);
        for (macro_name, definition) in &template.macros {
            let mut used = Vec::new();
            uses_in(&definition.body, template, templates, &mut used);
            let part = Part::Macro {
                template: name.clone(),
                name: macro_name.clone(),
            };
            always.insert(part, used);
        }
    }
    let mut found = Vec::new();
    let mut reported: Vec<Vec<Part>> = Vec::new();
    for start in always.keys() {
        let Some(cycle) = cycle_from(start, &always) else {
            continue;
        };
        // The same loop is found from each of its parts: report it once.
        let mut key = cycle.clone();
        key.sort();
        if reported.contains(&key) {
            continue;
        }
        reported.push(key);
        let chain: Vec<String> = cycle
            .iter()
            .chain(cycle.first())
            .map(Part::describe)
            .collect();
        let first = &cycle[0];
        let next = cycle.get(1).unwrap_or(first);
        let (shown, line) = place_of_use(first, next, sources);
        let diagnostic = Diagnostic::error(shown, t!("template-loop", chain = chain.join(" → ")))
            .with_help(t!("template-loop-help"));
        found.push(match line {
            Some(line) => diagnostic.at_line(line),
            None => diagnostic,
        });
    }
    found
}

/// The parts `nodes` of `template` use unconditionally: not inside an
/// `if` or a `for`.
fn uses_in(
    nodes: &[Node],
    template: &Template,
    templates: &HashMap<String, Template>,
    used: &mut Vec<Part>,
) {
    for node in nodes {
        match node {
            Node::Include(_, names, _) => {
                // Tera includes the first of the names that exists.
                if let Some(name) = names.iter().find(|name| templates.contains_key(*name)) {
                    used.push(Part::Template(name.clone()));
                }
            }
            Node::Block(_, block, _) => uses_in(&block.body, template, templates, used),
            Node::FilterSection(_, section, _) => uses_in(&section.body, template, templates, used),
            Node::VariableBlock(_, expr) => calls_in(expr, template, used),
            Node::Set(_, set) => calls_in(&set.value, template, used),
            _ => {}
        }
    }
}

/// The macros an expression calls.
fn calls_in(expr: &Expr, template: &Template, used: &mut Vec<Part>) {
    let mut waiting: Vec<&Expr> = vec![expr];
    while let Some(expr) = waiting.pop() {
        waiting.extend(expr.filters.iter().flat_map(|filter| filter.args.values()));
        let mut values = vec![&expr.val];
        while let Some(value) = values.pop() {
            match value {
                ExprVal::MacroCall(call) => {
                    let file = if call.namespace == "self" {
                        Some(template.name.clone())
                    } else {
                        template
                            .imported_macro_files
                            .iter()
                            .find(|(_, namespace)| *namespace == call.namespace)
                            .map(|(file, _)| file.clone())
                    };
                    if let Some(file) = file {
                        used.push(Part::Macro {
                            template: file,
                            name: call.name.clone(),
                        });
                    }
                    waiting.extend(call.args.values());
                }
                ExprVal::FunctionCall(call) => waiting.extend(call.args.values()),
                ExprVal::Math(math) => waiting.extend([&*math.lhs, &*math.rhs]),
                ExprVal::Logic(logic) => waiting.extend([&*logic.lhs, &*logic.rhs]),
                ExprVal::Test(test) => waiting.extend(&test.args),
                ExprVal::Array(items) => waiting.extend(items),
                ExprVal::StringConcat(concat) => values.extend(&concat.values),
                ExprVal::In(within) => waiting.extend([&*within.lhs, &*within.rhs]),
                _ => {}
            }
        }
    }
}

/// A loop of unconditional uses that comes back to `start`, in order.
fn cycle_from(start: &Part, always: &BTreeMap<Part, Vec<Part>>) -> Option<Vec<Part>> {
    // Depth-first, remembering the path to each part and every part seen.
    let mut path: Vec<(Part, usize)> = vec![(start.clone(), 0)];
    let mut seen = vec![start.clone()];
    while let Some((part, next)) = path.last().cloned() {
        let used = always.get(&part).map(Vec::as_slice).unwrap_or_default();
        let Some(child) = used.get(next) else {
            path.pop();
            continue;
        };
        if let Some(last) = path.last_mut() {
            last.1 += 1;
        }
        if child == start {
            return Some(path.into_iter().map(|(part, _)| part).collect());
        }
        if !seen.contains(child) {
            seen.push(child.clone());
            path.push((child.clone(), 0));
        }
    }
    None
}

/// The file where `user` uses `used`, and the line when it can be found
/// in the text.
fn place_of_use(
    user: &Part,
    used: &Part,
    sources: &HashMap<String, (PathBuf, String)>,
) -> (PathBuf, Option<usize>) {
    let Some((shown, text)) = sources.get(user.template()) else {
        return (PathBuf::from(user.template()), None);
    };
    let needles: Vec<String> = match used {
        Part::Template(name) => vec![format!("\"{name}\""), format!("'{name}'")],
        Part::Macro { name, .. } => vec![format!("::{name}(")],
    };
    let line = text
        .lines()
        .position(|line| needles.iter().any(|needle| line.contains(needle.as_str())))
        .map(|index| index + 1);
    (shown.clone(), line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loops(files: &[(&str, &str)]) -> Vec<String> {
        let templates: HashMap<String, Template> = files
            .iter()
            .map(|(name, text)| {
                let template = Template::new(name, None, text).expect("parses");
                (name.to_string(), template)
            })
            .collect();
        let sources = files
            .iter()
            .map(|(name, text)| (name.to_string(), (PathBuf::from(name), text.to_string())))
            .collect();
        endless_loops(&templates, &sources)
            .iter()
            .map(|d| format!("{}:{:?} {}", d.file.display(), d.line, d.message))
            .collect()
    }

    #[test]
    fn loops_that_never_end_are_named() {
        let found = loops(&[
            ("a.html", "{% extends \"a.html\" %}"),
            ("b.html", "x\n{% include \"c.html\" %}"),
            (
                "c.html",
                "{% block x %}{% include \"b.html\" %}{% endblock %}",
            ),
            (
                "m.html",
                "{% macro m(n) %}{{ self::m(n=n) }}{% endmacro %}{% macro ok(n) %}{% if n > 0 %}{{ self::ok(n=n - 1) }}{% endif %}{% endmacro %}",
            ),
        ]);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(
            found.iter().any(|f| f.contains("a.html → a.html")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|f| f.starts_with("b.html:Some(2)") && f.contains("b.html → c.html → b.html")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|f| f.contains("m.html::m() → m.html::m()")),
            "{found:?}"
        );
    }

    #[test]
    fn loops_that_may_end_are_a_themes_own() {
        let found = loops(&[
            (
                "tree.html",
                "{% for child in children %}{% include \"tree.html\" %}{% endfor %}",
            ),
            ("base.html", "{% block content %}{% endblock %}"),
            (
                "page.html",
                "{% extends \"base.html\" %}{% block content %}{% include \"part.html\" %}{% endblock %}",
            ),
            ("part.html", "chữ"),
        ]);
        assert!(found.is_empty(), "{found:?}");
    }
}

//! Taxonomies: items grouped by the values of a front matter list field.
//!
//! Open taxonomies (`tags`, `topics`) take any value and make a term of its
//! slug. Closed ones (`audiences`) accept only the keys the config lists,
//! and hierarchical ones (`localities`) the keys of a tree in `data/`, where
//! a place's page also lists the items of the places below it.

use std::collections::HashMap;

use rustc_hash::FxHashMap;
use serde_json::Value;
use typed_index_collections::{TiSlice, TiVec};

use super::{Page, PageId, TaxonomyId, TermId, sort_listing};
use crate::error::Diagnostic;
use crate::load::Config;
use crate::load::config::TaxonomyConfig;
use crate::messages::Message;
use crate::t;
use crate::text::{nearest, slugify};

/// One taxonomy with its terms, in display order.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// The front matter field it reads: `audiences`.
    pub name: String,
    pub title: String,
    /// Site path: `/doi-tuong/`.
    pub path: String,
    pub paginate_by: usize,
    pub feed: bool,
    /// Only listed keys are allowed; values are keys, not free text.
    pub closed: bool,
    pub terms: TiVec<TermId, Term>,
    /// Each page's terms, in the order its front matter gives them: page
    /// `p`'s are `page_terms[page_starts[p]..page_starts[p + 1]]`. Worked
    /// out once here, so that views and reports need not slug values again.
    page_terms: Vec<TermId>,
    page_starts: Vec<usize>,
}

/// A value of a taxonomy and the items that carry it.
#[derive(Debug, Clone)]
pub struct Term {
    /// The key writers use: as written in the vocabulary, or the slug of
    /// an open value.
    pub key: String,
    pub label: String,
    /// Site path: `/doi-tuong/hoc-sinh-sinh-vien/`.
    pub path: String,
    /// The link to the term's page, for the site's base URL: every item
    /// carrying the term links to it.
    pub url: String,
    /// Depth in a hierarchy; 0 for a top-level place or a flat term.
    pub depth: usize,
    pub parent: Option<TermId>,
    /// Items tagged with this term itself.
    pub direct: usize,
    /// Items listed on the term's page, in listing order: those tagged with
    /// the term or, in a hierarchy, with any place below it.
    pub pages: Vec<PageId>,
}

impl Taxonomy {
    /// The terms page `page` carries, in the order it gives them; a value
    /// given twice is there twice, as it is written.
    pub fn terms_of_page(&self, page: PageId) -> &[TermId] {
        let page = usize::from(page);
        match (self.page_starts.get(page), self.page_starts.get(page + 1)) {
            (Some(&start), Some(&end)) => &self.page_terms[start..end],
            _ => &[],
        }
    }

    /// Terms that have items: the ones that get pages.
    pub fn used_terms(&self) -> impl Iterator<Item = (TermId, &Term)> {
        self.terms
            .iter_enumerated()
            .filter(|(_, term)| !term.pages.is_empty())
    }
}

/// The values a page gives for the field `name`, in order, read as they
/// are asked for (lists show the first few of thousands).
pub fn values_of<'p>(page: &'p Page, name: &str) -> Box<dyn Iterator<Item = &'p str> + 'p> {
    let front = &page.front;
    let listed = match name {
        "tags" => &front.tags,
        "topics" => &front.topics,
        "audiences" => &front.audiences,
        "localities" => &front.localities,
        other => {
            return match front.extra.get(other) {
                Some(serde_norway::Value::Sequence(items)) => {
                    Box::new(items.iter().filter_map(serde_norway::Value::as_str))
                }
                Some(serde_norway::Value::String(one)) => Box::new(std::iter::once(one.as_str())),
                _ => Box::new(std::iter::empty()),
            };
        }
    };
    Box::new(listed.iter().map(String::as_str))
}

/// Builds every taxonomy of the config from the published pages, each on
/// a thread of its own; the messages come in the config's order.
pub fn build_all(
    config: &Config,
    data: &Value,
    pages: &TiSlice<PageId, Page>,
    ranks: &TiSlice<PageId, usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> TiVec<TaxonomyId, Taxonomy> {
    use rayon::prelude::*;
    let configured: Vec<_> = config.taxonomies.iter().collect();
    let built: Vec<(Taxonomy, Vec<Diagnostic>)> = configured
        .into_par_iter()
        .map(|(name, settings)| {
            let mut found = Vec::new();
            let taxonomy = build(config, name, settings, data, pages, ranks, &mut found);
            (taxonomy, found)
        })
        .collect();
    built
        .into_iter()
        .map(|(taxonomy, found)| {
            diagnostics.extend(found);
            taxonomy
        })
        .collect()
}

fn build(
    config: &Config,
    name: &str,
    settings: &TaxonomyConfig,
    data: &Value,
    pages: &TiSlice<PageId, Page>,
    ranks: &TiSlice<PageId, usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Taxonomy {
    let path = format!("/{}/", settings.url_folder(name));
    let mut terms: TiVec<TermId, Term> = match &settings.hierarchy {
        Some(file) => read_hierarchy(config, file, data, &path, diagnostics),
        None => settings
            .terms
            .iter()
            .map(|(key, label)| flat_term(key, label, &path))
            .collect(),
    };
    let closed = settings.closed || settings.hierarchy.is_some();
    let mut index: FxHashMap<String, TermId> = terms
        .iter_enumerated()
        .map(|(id, t)| (t.key.clone(), id))
        .collect();
    let mut direct: TiVec<TermId, Vec<PageId>> = vec![Vec::new(); terms.len()].into();
    // The term of each value as written: sites repeat a few values over
    // thousands of pages, and slugging is the costly part.
    let mut written: FxHashMap<&str, TermId> = FxHashMap::default();
    let mut page_terms = Vec::new();
    let mut page_starts = Vec::with_capacity(pages.len() + 1);
    for (page_id, page) in pages.iter_enumerated() {
        page_starts.push(page_terms.len());
        for value in values_of(page, name) {
            let value = value.trim();
            let term = match written.get(value) {
                Some(&term) => term,
                None => {
                    let key = if closed {
                        value.to_owned()
                    } else {
                        slugify(value)
                    };
                    if key.is_empty() {
                        continue;
                    }
                    let term = match index.get(&key) {
                        Some(&term) => term,
                        None if closed => {
                            diagnostics.push(unknown_term(page, name, value, &terms));
                            continue;
                        }
                        None => {
                            let term = terms.push_and_get_key(flat_term(&key, value, &path));
                            direct.push(Vec::new());
                            index.insert(key, term);
                            term
                        }
                    };
                    written.insert(value, term);
                    term
                }
            };
            page_terms.push(term);
            if direct[term].last() != Some(&page_id) {
                direct[term].push(page_id);
            }
        }
    }
    page_starts.push(page_terms.len());
    for (term, tagged) in direct.iter_enumerated() {
        terms[term].direct = tagged.len();
        // Each item counts for its own term and every place above it.
        let mut ancestor = Some(term);
        while let Some(at) = ancestor {
            terms[at].pages.extend(tagged);
            ancestor = terms[at].parent;
        }
    }
    for term in &mut terms {
        term.url = config.url_for(&term.path);
        term.pages.sort_unstable();
        term.pages.dedup();
        sort_listing(&mut term.pages, ranks);
    }
    if !closed && settings.terms.is_empty() {
        let mut numbered: Vec<(TermId, Term)> = terms.into_iter_enumerated().collect();
        numbered.sort_by_cached_key(|(_, term)| slugify(&term.label));
        let mut moved_to: TiVec<TermId, TermId> = vec![TermId::from(0); numbered.len()].into();
        for (to, (from, _)) in numbered.iter().enumerate() {
            moved_to[*from] = TermId::from(to);
        }
        for term in &mut page_terms {
            *term = moved_to[*term];
        }
        terms = numbered.into_iter().map(|(_, term)| term).collect();
    }
    Taxonomy {
        name: name.to_owned(),
        title: settings.title.clone(),
        path,
        paginate_by: settings.paginate_by.unwrap_or(config.paginate_by),
        feed: settings.feed,
        closed,
        terms,
        page_terms,
        page_starts,
    }
}

fn flat_term(key: &str, label: &str, taxonomy_path: &str) -> Term {
    Term {
        key: key.to_owned(),
        label: label.to_owned(),
        path: format!("{taxonomy_path}{}/", slugify(key)),
        url: String::new(),
        depth: 0,
        parent: None,
        direct: 0,
        pages: Vec::new(),
    }
}

/// A value outside a closed vocabulary, pointed at and with the likeliest
/// intended key: the nearest spelling, or the key of a label typed out.
fn unknown_term(page: &Page, name: &str, value: &str, terms: &TiSlice<TermId, Term>) -> Diagnostic {
    let (line, column) = page.key_lines.place_of(name, value);
    let by_label = terms
        .iter()
        .find(|term| slugify(&term.label) == slugify(value) || term.key == slugify(value));
    let suggestion = by_label
        .map(|term| term.key.as_str())
        .or_else(|| nearest(value, terms.iter().map(|term| term.key.as_str())));
    let diagnostic = Diagnostic::error(
        &page.file.path,
        t!("unknown-term", value = value, taxonomy = name),
    )
    .at(line, column);
    match suggestion {
        Some(key) => diagnostic.with_help(t!("did-you-mean", suggestion = key)),
        None => {
            let known: Vec<&str> = terms
                .iter()
                .take(12)
                .map(|term| term.key.as_str())
                .collect();
            diagnostic.with_help(t!("use-one-of", known = known.join(", ")))
        }
    }
}

/// Reads a tree of `{key, name, children}` from a file of `data/`, in
/// pre-order so that each place is followed by the places inside it.
fn read_hierarchy(
    config: &Config,
    file: &str,
    data: &Value,
    taxonomy_path: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> TiVec<TermId, Term> {
    let stem = file.trim_end_matches(".yaml").trim_end_matches(".yml");
    let shown = format!("data/{file}");
    let Some(roots) = data.get(stem) else {
        diagnostics.push(
            Diagnostic::error(&config.file, t!("hierarchy-missing", file = shown))
                .at_line(config.key_lines.line_of("taxonomies"))
                .with_help(t!("hierarchy-missing-help")),
        );
        return TiVec::new();
    };
    let mut terms = TiVec::new();
    let mut problems = Vec::new();
    collect_nodes(roots, None, 0, taxonomy_path, &mut terms, &mut problems);
    let mut seen = HashMap::new();
    for term in &terms {
        if let Some(first) = seen.insert(term.key.as_str(), term.label.as_str()) {
            problems.push(t!(
                "place-key-twice",
                key = term.key,
                first = first,
                second = term.label
            ));
        }
    }
    diagnostics.extend(
        problems
            .into_iter()
            .map(|problem| Diagnostic::error(&shown, problem).with_help(t!("hierarchy-help"))),
    );
    terms
}

fn collect_nodes(
    nodes: &Value,
    parent: Option<TermId>,
    depth: usize,
    taxonomy_path: &str,
    terms: &mut TiVec<TermId, Term>,
    problems: &mut Vec<Message>,
) {
    let Some(list) = nodes.as_array() else {
        problems.push(t!("places-not-a-list"));
        return;
    };
    for node in list {
        let key = node
            .get("key")
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or_default();
        let name = node
            .get("name")
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or_default();
        if key.is_empty() || name.is_empty() {
            problems.push(t!("place-without-key", place = node));
            continue;
        }
        let mut term = flat_term(key, name, taxonomy_path);
        term.parent = parent;
        term.depth = depth;
        let own = terms.push_and_get_key(term);
        match node.get("children") {
            None | Some(Value::Null) => {}
            Some(children) => collect_nodes(
                children,
                Some(own),
                depth + 1,
                taxonomy_path,
                terms,
                problems,
            ),
        }
    }
}

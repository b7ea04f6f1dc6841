//! The index of legal documents: every summary grouped by kind of document
//! and year, with its status, and filter links by kind and by status that
//! lead to static pages, so filtering needs no JavaScript.

use std::collections::BTreeMap;

use chrono::Datelike;
use serde::Serialize;

use crate::load::front_matter::Kind;
use crate::model::{PageId, Site};
use crate::text::slugify;

/// Which documents an index page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegalFilter {
    All,
    /// The n-th kind of document of [`LegalIndex::kinds`].
    Type(usize),
    /// The n-th status of [`LegalIndex::statuses`].
    Status(usize),
}

fn summaries(site: &Site) -> impl Iterator<Item = PageId> + '_ {
    let undated = site
        .pages
        .iter_enumerated()
        .filter(|(_, page)| page.date.is_none())
        .map(|(id, _)| id);
    site.dated
        .iter()
        .copied()
        .chain(undated)
        .filter(|&id| site.pages[id].kind == Kind::Legal)
}

/// The index's place and the filters it offers, worked out once per build.
#[derive(Debug, Clone)]
pub struct LegalIndex {
    /// Site path of the whole index.
    pub path: String,
    /// The kinds of documents present, in alphabetical order of their slugs.
    pub kinds: Vec<String>,
    /// The statuses present, as their keys, sorted.
    pub statuses: Vec<String>,
    /// Every summary, in the order the index lists them, with the number
    /// of its kind in `kinds` (kinds that slug alike are one).
    summaries: Vec<(PageId, Option<usize>)>,
}

impl LegalIndex {
    /// The index of the site's legal summaries, when it has some.
    pub fn of(site: &Site) -> Option<LegalIndex> {
        let path = site.paths.legal_index.clone()?;
        // Each kind with its slug, slugged once: a register has thousands
        // of summaries and a handful of kinds.
        let mut kinds: Vec<(String, String)> = summaries(site)
            .filter_map(|id| site.pages[id].front.doc_type.clone())
            .map(|kind| (slugify(&kind), kind))
            .collect();
        kinds.sort_by(|a, b| a.0.cmp(&b.0));
        kinds.dedup_by(|a, b| a.0 == b.0);
        let (slugs, kinds): (Vec<String>, Vec<String>) = kinds.into_iter().unzip();
        let numbered = summaries(site)
            .map(|id| {
                let kind = site.pages[id].front.doc_type.as_deref().and_then(|kind| {
                    let slug = slugify(kind);
                    slugs.iter().position(|known| *known == slug)
                });
                (id, kind)
            })
            .collect();
        let mut statuses: Vec<String> = summaries(site)
            .filter_map(|id| site.pages[id].front.status.clone())
            .collect();
        statuses.sort();
        statuses.dedup();
        Some(LegalIndex {
            path,
            kinds,
            statuses,
            summaries: numbered,
        })
    }

    /// Every page of the index: the whole, then one per kind and status.
    pub fn filters(&self) -> impl Iterator<Item = LegalFilter> + '_ {
        std::iter::once(LegalFilter::All)
            .chain((0..self.kinds.len()).map(LegalFilter::Type))
            .chain((0..self.statuses.len()).map(LegalFilter::Status))
    }

    pub fn filter_path(&self, filter: LegalFilter) -> String {
        let base = &self.path;
        match filter {
            LegalFilter::All => base.clone(),
            LegalFilter::Type(n) => format!(
                "{base}loai/{}/",
                self.kinds.get(n).map(|k| slugify(k)).unwrap_or_default()
            ),
            LegalFilter::Status(n) => format!(
                "{base}tinh-trang/{}/",
                self.statuses.get(n).map(|s| slugify(s)).unwrap_or_default()
            ),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct FilterLink {
    pub label: String,
    /// The status key, for status filters.
    pub key: String,
    pub url: String,
    pub count: usize,
    pub current: bool,
}

#[derive(Debug, Serialize)]
pub struct DocumentRow {
    pub number: Option<String>,
    pub title: String,
    pub url: String,
    pub status: Option<String>,
    pub signed: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct YearGroup {
    pub year: Option<i32>,
    pub documents: Vec<DocumentRow>,
}

#[derive(Debug, Serialize)]
pub struct TypeGroup {
    /// `None` for summaries that give no kind of document.
    pub doc_type: Option<String>,
    pub years: Vec<YearGroup>,
}

#[derive(Debug, Serialize)]
pub struct LegalIndexView {
    pub url: String,
    pub all_url: String,
    pub filtered: bool,
    pub types: Vec<FilterLink>,
    pub statuses: Vec<FilterLink>,
    pub groups: Vec<TypeGroup>,
    pub count: usize,
}

/// Kind of document, then year, newest first.
type GroupKey = (Option<String>, std::cmp::Reverse<Option<i32>>);

/// The index page for `filter`.
pub fn view(site: &Site, index: &LegalIndex, filter: LegalFilter) -> LegalIndexView {
    let config = &site.config;
    let (kinds, statuses) = (&index.kinds, &index.statuses);
    let matches = |&(page, kind): &(PageId, Option<usize>), filter: LegalFilter| match filter {
        LegalFilter::All => true,
        LegalFilter::Type(n) => kind == Some(n),
        LegalFilter::Status(n) => site.pages[page].front.status.as_ref() == statuses.get(n),
    };
    let link = |label: String, key: String, own: LegalFilter| FilterLink {
        count: index.summaries.iter().filter(|s| matches(s, own)).count(),
        url: config.url_for(&index.filter_path(own)),
        current: own == filter,
        label,
        key,
    };
    let types = kinds
        .iter()
        .enumerate()
        .map(|(n, kind)| link(kind.clone(), slugify(kind), LegalFilter::Type(n)))
        .collect();
    let status_links = statuses
        .iter()
        .enumerate()
        .map(|(n, status)| link(status.clone(), status.clone(), LegalFilter::Status(n)))
        .collect();
    let mut grouped: BTreeMap<GroupKey, Vec<DocumentRow>> = BTreeMap::new();
    let mut count = 0;
    for &(page, kind) in index.summaries.iter().filter(|s| matches(s, filter)) {
        let page = &site.pages[page];
        let signed = page.front.signed.map(|d| d.in_zone(config.time_zone));
        let year = signed.map(|d| d.year()).or(page.date.map(|d| d.year()));
        let doc_type = kind.and_then(|n| kinds.get(n)).cloned();
        grouped
            .entry((doc_type, std::cmp::Reverse(year)))
            .or_default()
            .push(DocumentRow {
                number: page.front.number.clone(),
                title: page.title.clone(),
                url: config.url_for(&page.path),
                status: page.front.status.clone(),
                signed: signed.map(|d| d.to_rfc3339()),
            });
        count += 1;
    }
    let mut groups: Vec<TypeGroup> = Vec::new();
    for ((doc_type, std::cmp::Reverse(year)), documents) in grouped {
        if groups.last().is_none_or(|group| group.doc_type != doc_type) {
            groups.push(TypeGroup {
                doc_type: doc_type.clone(),
                years: Vec::new(),
            });
        }
        if let Some(group) = groups.last_mut() {
            group.years.push(YearGroup { year, documents });
        }
    }
    LegalIndexView {
        url: config.url_for(&index.filter_path(filter)),
        all_url: config.url_for(&index.filter_path(LegalFilter::All)),
        filtered: filter != LegalFilter::All,
        types,
        statuses: status_links,
        groups,
        count,
    }
}

//! The publication report for a period: counts of news, articles, legal
//! summaries and photos, by month and by audience, locality and topic, the
//! cadence over the period's months, and the list of items counted.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Serialize;

use super::period::Period;
use crate::load::front_matter::Kind;
use typed_index_collections::TiVec;

use crate::model::taxonomy::Taxonomy;
use crate::model::{PageId, Site, TermId};
use crate::render::RenderedBodies;

/// Counts of one group of items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct KindCounts {
    pub news: usize,
    pub articles: usize,
    pub legal: usize,
    /// Photos in the items, each file once per item, decoration left out
    /// (see [`crate::model::images::photos_of`]).
    pub photos: usize,
    /// News, articles and legal summaries together.
    pub items: usize,
}

impl KindCounts {
    /// Counts one item of `kind` showing `photos` photos.
    pub fn add(&mut self, kind: Kind, photos: usize) {
        match kind {
            Kind::News => self.news += 1,
            Kind::Article => self.articles += 1,
            Kind::Legal => self.legal += 1,
            Kind::Page => return,
        }
        self.items += 1;
        self.photos += photos;
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MonthRow {
    pub month: crate::text::dates::YearMonth,
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub counts: KindCounts,
    /// Items of the cadence's kinds in the month.
    pub cadence_items: usize,
    /// `None` while the month has not ended.
    pub met: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermRow {
    pub key: String,
    pub label: String,
    pub depth: usize,
    pub count: usize,
    /// The term's place in its taxonomy, so that two periods' rows can be
    /// merged in display order.
    #[serde(skip)]
    pub order: usize,
}

/// A commune (a place at the lowest level of the locality hierarchy) that
/// news items of the period name.
#[derive(Debug, Clone, Serialize)]
pub struct CommuneRow {
    pub key: String,
    pub label: String,
    /// The places it lies in, nearest first: "Ba Bể, Bắc Kạn".
    pub within: String,
    /// News items of the period naming it.
    pub news: usize,
}

/// The outreach indicator: communes with at least one activity reported
/// in the period's news.
#[derive(Debug, Clone, Serialize)]
pub struct Outreach {
    pub communes: usize,
    pub list: Vec<CommuneRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Compliance {
    pub min_per_month: usize,
    /// Months of the period that have ended.
    pub months_due: usize,
    pub months_met: usize,
    pub missed: Vec<crate::text::dates::YearMonth>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemRow {
    pub date: NaiveDate,
    pub kind: &'static str,
    pub title: String,
    pub url: String,
    /// Labels of the places it names, as its front matter gives them.
    pub localities: Vec<String>,
    pub photos: usize,
}

/// Everything a report says, in every format.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub site: String,
    pub programme: Option<String>,
    pub language: String,
    pub period: Period,
    /// The day the figures were taken ("now" of the build).
    pub as_of: NaiveDate,
    pub totals: KindCounts,
    pub months: Vec<MonthRow>,
    pub audiences: Vec<TermRow>,
    pub localities: Vec<TermRow>,
    pub topics: Vec<TermRow>,
    pub cadence: Compliance,
    /// `None` when the site has no places (no `localities` taxonomy).
    pub outreach: Option<Outreach>,
    pub items: Vec<ItemRow>,
    /// The period it is compared with (`--compare`), counted the same way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<Box<Report>>,
}

/// The photos of a published item, as every count of photos takes them.
fn photos_of(site: &Site, id: PageId, bodies: &RenderedBodies) -> usize {
    crate::model::images::photos_of(&site.images, &site.pages[id], &bodies.pages[id]).len()
}

fn taxonomy<'a>(site: &'a Site, name: &str) -> Option<&'a Taxonomy> {
    site.taxonomies.iter().find(|t| t.name == name)
}

/// Counts per term of a taxonomy named `name`, for the items given; a place
/// counts the items of the places below it too.
fn by_term(site: &Site, name: &str, items: &[PageId]) -> Vec<TermRow> {
    let Some(taxonomy) = taxonomy(site, name) else {
        return Vec::new();
    };
    let mut tagged: TiVec<TermId, BTreeSet<PageId>> =
        vec![BTreeSet::new(); taxonomy.terms.len()].into();
    for &id in items {
        for &term in taxonomy.terms_of_page(id) {
            let mut term = Some(term);
            while let Some(at) = term {
                tagged[at].insert(id);
                term = taxonomy.terms[at].parent;
            }
        }
    }
    taxonomy
        .terms
        .iter()
        .zip(tagged)
        .enumerate()
        .filter(|(_, (_, items))| !items.is_empty())
        .map(|(order, (term, items))| TermRow {
            key: term.key.clone(),
            label: term.label.clone(),
            depth: term.depth,
            count: items.len(),
            order,
        })
        .collect()
}

/// The communes news items name. A commune is a place at the hierarchy's
/// commune level (`commune_level`; by default the third level, or the
/// deepest when the tree has fewer): a place named below it (a village)
/// counts its commune, a place above it (a district, a province) none.
/// `None` when the site has no places.
fn outreach(site: &Site, items: &[PageId]) -> Option<Outreach> {
    let places = taxonomy(site, "localities")?;
    let deepest = places.terms.iter().map(|t| t.depth).max().unwrap_or(0);
    let level = site
        .config
        .taxonomies
        .get("localities")
        .and_then(|t| t.commune_level)
        .unwrap_or(DEFAULT_COMMUNE_LEVEL.min(deepest));
    let mut named: TiVec<TermId, BTreeSet<PageId>> =
        vec![BTreeSet::new(); places.terms.len()].into();
    for &id in items
        .iter()
        .filter(|&&id| site.pages[id].kind == Kind::News)
    {
        for &term in places.terms_of_page(id) {
            let commune = std::iter::successors(Some(term), |&at| places.terms[at].parent)
                .find(|&at| places.terms[at].depth == level);
            if let Some(commune) = commune {
                named[commune].insert(id);
            }
        }
    }
    let list: Vec<CommuneRow> = places
        .terms
        .iter_enumerated()
        .zip(named)
        .filter(|(_, news)| !news.is_empty())
        .map(|((id, term), news)| {
            let within: Vec<&str> =
                std::iter::successors(places.terms[id].parent, |&at| places.terms[at].parent)
                    .map(|at| places.terms[at].label.as_str())
                    .collect();
            CommuneRow {
                key: term.key.clone(),
                label: term.label.clone(),
                within: within.join(", "),
                news: news.len(),
            }
        })
        .collect();
    Some(Outreach {
        communes: list.len(),
        list,
    })
}

/// Province → district → commune: communes are two levels below the top.
const DEFAULT_COMMUNE_LEVEL: usize = 2;

/// Labels of the places page `id` names.
fn localities_of(site: &Site, id: PageId) -> Vec<String> {
    taxonomy(site, "localities").map_or_else(Vec::new, |places| {
        places
            .terms_of_page(id)
            .iter()
            .map(|&term| places.terms[term].label.clone())
            .collect()
    })
}

/// Builds the report of `period` from the published site.
pub fn report(site: &Site, bodies: &RenderedBodies, period: Period) -> Report {
    let config = &site.config;
    let today = site.rules.now.date_naive();
    let mut items: Vec<PageId> = site
        .pages
        .iter_enumerated()
        .filter(|(_, page)| page.kind.is_dated())
        .filter(|(_, page)| {
            page.date
                .is_some_and(|date| period.range.contains(date.date_naive()))
        })
        .map(|(id, _)| id)
        .collect();
    items.sort_by_key(|&id| (site.pages[id].date, site.pages[id].path.clone()));
    let photos: Vec<usize> = items
        .iter()
        .map(|&id| photos_of(site, id, bodies))
        .collect();
    let mut totals = KindCounts::default();
    for (&id, &count) in items.iter().zip(&photos) {
        totals.add(site.pages[id].kind, count);
    }
    let minimum = config.cadence.min_per_month;
    let months: Vec<MonthRow> = period
        .months
        .iter()
        .map(|month| {
            let mut counts = KindCounts::default();
            let mut cadence_items = 0;
            for (&id, &count) in items.iter().zip(&photos) {
                let page = &site.pages[id];
                if page
                    .date
                    .is_some_and(|date| month.range.contains(date.date_naive()))
                {
                    counts.add(page.kind, count);
                    if config.cadence.kinds.contains(&page.kind) {
                        cadence_items += 1;
                    }
                }
            }
            MonthRow {
                month: month.month,
                first: month.range.first,
                last: month.range.last,
                counts,
                cadence_items,
                met: (month.range.last < today).then_some(cadence_items >= minimum),
            }
        })
        .collect();
    let cadence = Compliance {
        min_per_month: minimum,
        months_due: months.iter().filter(|m| m.met.is_some()).count(),
        months_met: months.iter().filter(|m| m.met == Some(true)).count(),
        missed: months
            .iter()
            .filter(|m| m.met == Some(false))
            .map(|m| m.month)
            .collect(),
    };
    let rows = items
        .iter()
        .zip(&photos)
        .filter_map(|(&id, &count)| {
            let page = &site.pages[id];
            Some(ItemRow {
                date: page.date?.date_naive(),
                kind: page.kind.name(),
                title: page.title.clone(),
                url: config.permalink_for(&page.path),
                localities: localities_of(site, id),
                photos: count,
            })
        })
        .collect();
    Report {
        site: config.title.clone(),
        programme: config.programme.as_ref().map(|p| p.name.clone()),
        language: config.language.clone(),
        as_of: today,
        totals,
        audiences: by_term(site, "audiences", &items),
        localities: by_term(site, "localities", &items),
        topics: by_term(site, "topics", &items),
        outreach: outreach(site, &items),
        months,
        cadence,
        items: rows,
        period,
        previous: None,
    }
}

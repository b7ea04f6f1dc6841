//! Cards: an item as lists show it, rendered once a run from
//! `partials/card.html` however many lists show it, and kept by `serve`
//! across runs by the digest of what each was made from.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use serde::Serialize;

use super::Producer;
use super::variables::{Variables, hash_serialized};
use super::views::{Detail, PageView};
use crate::error::Diagnostic;
use crate::model::PageId;

/// Cards made by earlier runs of a `serve` session, by the digest of what
/// each was made from: a run after an edit renders only the cards of the
/// items it changed, however many listing pages it makes again.
#[derive(Default)]
pub struct CardCache {
    pub(super) cards: HashMap<u64, Arc<str>>,
}

impl CardCache {
    /// Keeps the cards of a run. Those of earlier runs stay while there
    /// are not many more than the site has items, so that an edit undone
    /// finds its cards again.
    pub fn keep(&mut self, made: Vec<Card>, items: usize) {
        if self.cards.len() + made.len() > 2 * items + 64 {
            self.cards.clear();
        }
        self.cards.extend(made);
    }
}

/// An item's card with the digest of what it was made from (0 in a build,
/// which keeps no cards).
pub(super) type Card = (u64, Arc<str>);

/// The template of an item as lists show it, rendered once per item.
pub(super) const CARD_TEMPLATE: &str = "partials/card.html";

/// An item of a list as a listing page's variables hold it.
#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum Shown<'a> {
    View(Box<PageView<'a>>),
    /// While a digest is taken, what the view and the card are made from.
    Digest(u64),
}

impl<'a> Producer<'a> {
    /// Takes cards from `cards` when an earlier run made them from the
    /// same item, template and site-wide variables.
    pub fn keeping_cards(mut self, cards: &'a CardCache) -> Self {
        self.kept_cards = Some(cards);
        self
    }

    /// The cards this run made or took, for the next run to keep.
    pub fn cards_made(&self) -> Vec<Card> {
        self.cards
            .iter()
            .filter_map(|card| card.get()?.as_ref().ok().cloned())
            .collect()
    }

    /// A page's card, when the theme has a card template.
    pub(super) fn card(&self, id: PageId) -> Result<Option<&str>, Diagnostic> {
        if !self.templates.has(CARD_TEMPLATE) {
            return Ok(None);
        }
        let card = self.cards[id].get_or_init(|| {
            // Only a session that keeps cards needs their digests.
            let digest = match self.kept_cards {
                Some(kept) => {
                    let digest =
                        crate::fingerprint::of(&(self.shown_digest(id), self.shared_digest()));
                    if let Some(card) = kept.cards.get(&digest) {
                        return Ok((digest, Arc::clone(card)));
                    }
                    digest
                }
                None => 0,
            };
            let mut context = self.shared.clone();
            let view = PageView::new(self.site, id, &self.bodies.pages[id], Detail::Card);
            context.insert("item", &view);
            Ok((digest, self.fragment(CARD_TEMPLATE, &context)?.into()))
        });
        match card {
            Ok((_, card)) => Ok(Some(card)),
            Err(diagnostic) => Err(diagnostic.clone()),
        }
    }

    /// A page as a list shows it: its view with its card or, while a
    /// digest is taken, the digest of both, taken once for all the lists
    /// that show the page.
    pub(super) fn shown(&self, id: PageId, vars: &mut Variables) -> Result<Shown<'_>, Diagnostic> {
        let body = self.body(id, vars);
        if vars.digesting() {
            return Ok(Shown::Digest(self.shown_digest(id)));
        }
        let mut view = PageView::new(self.site, id, body, Detail::Listed);
        view.card = self.card(id)?;
        Ok(Shown::View(Box::new(view)))
    }

    /// The digest of what lists show of a page, taken once a run.
    pub(super) fn shown_digest(&self, id: PageId) -> u64 {
        *self.shown_digests[id].get_or_init(|| {
            // The listed view is the card's cut short: the card's view
            // stands for both.
            let view = PageView::new(self.site, id, &self.bodies.pages[id], Detail::Card);
            let mut hasher = crate::fingerprint::hasher();
            hash_serialized(&view, &mut hasher);
            self.templates.fingerprint(CARD_TEMPLATE).hash(&mut hasher);
            self.templates.has(CARD_TEMPLATE).hash(&mut hasher);
            hasher.finish()
        })
    }
}

//! Typed ids for the records of the model: which page, section, taxonomy
//! or term a list, a job or a cache entry points at. Each is the record's
//! place in its own table ([`Site::pages`](super::Site::pages) and the
//! like), but a `PageId` cannot index the sections or stand for a count, so
//! records tied together cannot be mixed up.

/// Declares a typed id: a record's place in its table, which converts to
/// and from `usize` only where a table is made or indexed.
macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(usize);

        impl From<usize> for $name {
            fn from(position: usize) -> Self {
                Self(position)
            }
        }

        impl From<$name> for usize {
            fn from(id: $name) -> usize {
                id.0
            }
        }
    };
}
pub(crate) use typed_id;

typed_id!(
    /// A published page or item, in [`Site::pages`](super::Site::pages).
    PageId
);
typed_id!(
    /// A section, in [`Site::sections`](super::Site::sections); the home
    /// section is [`SectionId::HOME`].
    SectionId
);
typed_id!(
    /// A taxonomy, in [`Site::taxonomies`](super::Site::taxonomies), in the
    /// order the config declares them.
    TaxonomyId
);
typed_id!(
    /// A term, in its taxonomy's [`terms`](super::Taxonomy::terms).
    TermId
);
typed_id!(
    /// A photo the site publishes, in
    /// [`ImageCatalogue::files`](super::images::ImageCatalogue::files).
    ImageId
);

impl SectionId {
    /// The home section, which holds the pages at the top of `content/`.
    pub const HOME: SectionId = SectionId(0);
}

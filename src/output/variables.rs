//! Template variables as a job sets them: put into the template context
//! when the job is rendered, or only hashed into its digest when `serve`
//! asks whether the job changed.

use std::hash::{Hash, Hasher};

use serde::Serialize;
use tera::Context;

/// Template variables: the site-wide ones every template sees and, while
/// a job runs, the job's own.
///
/// A job is made twice when outputs are compared with what a folder holds
/// (`serve`): first its variables are only hashed, as they are set, into
/// its digest; only a job whose digest is new is made again with them put
/// in the template context and rendered. Most jobs of a run after an edit
/// stop at the digest, which costs a fraction of the context.
pub struct Variables {
    pub(super) context: Context,
    pub(super) own: Vec<&'static str>,
    /// While a digest is taken: what the job's variables were hashed into.
    pub(super) digesting: Option<crate::fingerprint::Hasher>,
    /// The pages whose rendered bodies the job read, through
    /// [`super::Producer::body`]: an edit of one item's text changes only the
    /// outputs that read its body.
    pub reads: Vec<crate::model::PageId>,
}

impl Variables {
    pub(super) fn insert(&mut self, key: &'static str, value: &impl Serialize) {
        match &mut self.digesting {
            Some(hasher) => {
                key.hash(hasher);
                hash_serialized(value, hasher);
            }
            None => {
                self.context.insert(key, value);
                self.own.push(key);
            }
        }
    }

    /// Whether the job's digest is being taken rather than its context set.
    pub(super) fn digesting(&self) -> bool {
        self.digesting.is_some()
    }

    /// Takes out the job's own variables, putting back a site-wide one a
    /// job replaced.
    pub(super) fn forget_own(&mut self, shared: &Context) {
        for key in self.own.drain(..) {
            match shared.get(key) {
                Some(value) => self.context.insert(key, value),
                None => {
                    self.context.remove(key);
                }
            }
        }
    }
}

/// Feeds a value to a hasher as it serializes, without making the
/// template value.
pub(super) fn hash_serialized(value: &impl Serialize, hasher: &mut impl Hasher) {
    // Rendering reports what cannot be made a template value; the digest
    // needs only to differ from any value that can.
    if let Err(error) = super::hashing::hash_value(value, hasher) {
        error.to_string().hash(hasher);
    }
}

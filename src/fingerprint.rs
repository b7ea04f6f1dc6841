//! Fingerprints: 64-bit digests that stand for what something was made
//! from, so that `serve` and the caches can tell whether it changed
//! without keeping it.
//!
//! foldhash's quality variant with a fixed seed, not the standard
//! library's SipHash: a run after an edit digests every output of the
//! site, mostly in small pieces (a tag, a length, a short string), which
//! foldhash takes a word at a time, so the hash's speed is much of the
//! session's. Nothing here faces an adversary choosing inputs, and no
//! fingerprint outlives the process, so neither DoS resistance nor a
//! stable output across versions is needed.

use std::hash::{BuildHasher, Hash};

/// The hasher every fingerprint is taken with.
pub type Hasher = foldhash::quality::FoldHasher<'static>;

/// A fresh hasher.
pub fn hasher() -> Hasher {
    foldhash::quality::FixedState::default().build_hasher()
}

/// The fingerprint of one value.
pub fn of(value: &impl Hash) -> u64 {
    foldhash::quality::FixedState::default().hash_one(value)
}

//! The search tokenizer and folding on any text: tokens are never empty,
//! and folding a folded token changes nothing.

#![no_main]

use libfuzzer_sys::fuzz_target;
use loa::search::text::{fold, tokens};

fuzz_target!(|text: &str| {
    for token in tokens(text) {
        assert!(!token.is_empty());
        let folded = fold(&token);
        assert_eq!(fold(&folded), folded, "{token}");
    }
});

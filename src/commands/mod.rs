//! One module per command: each turns its arguments into a call of the
//! library and prints what the user should see.

pub mod build;

//! loa builds public-awareness websites from Markdown with YAML front matter.
//!
//! The build is a pipeline whose stages are modules:
//! [`load`] (config, content walk, front matter) → [`model`] (pages,
//! sections, publishing rules, URLs) → [`render`] (Markdown, templates) →
//! [`output`] (pages, listings, feeds, sitemap) → [`write`] (staging and
//! swap). [`report`] counts what was published for the programme.
//! [`site`] runs them in order; [`cli`] and [`commands`] are the command line.

pub mod cli;
pub mod commands;
pub mod corpus;

pub mod error;
pub mod fingerprint;
pub mod load;
pub mod messages;
pub mod model;
pub mod output;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod search;
pub mod serve;

pub mod site;
pub mod text;
pub mod write;

pub use error::{Diagnostic, Error, Severity};
pub use site::{BuildOptions, BuildReport, build};

//! `loa new`: a new content item with its front matter filled in.

use std::path::PathBuf;

use crate::cli::NewArgs;
use crate::error::Error;
use crate::load::LoadOptions;
use crate::load::config::ConfigOverrides;
use crate::scaffold::{NewItem, write_new_item};

pub fn run(root: PathBuf, config: Option<PathBuf>, args: NewArgs) -> Result<(), Error> {
    let options = LoadOptions {
        root,
        config,
        overrides: ConfigOverrides::default(),
    };
    // Read here rather than by the argument parser, so that the message
    // is in the language chosen for messages.
    let date = args
        .date
        .map(|text| {
            chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                .map_err(|_| Error::Usage(crate::t!("argument-not-a-date", text = text).text))
        })
        .transpose()?;
    let item = NewItem {
        kind: args.kind.into(),
        title: args.title,
        section: args.section,
        date,
    };
    let written = write_new_item(&options, &item)?;
    super::say(written.display())
}

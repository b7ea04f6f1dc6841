//! `loa cms`: the web editor of an existing site, made again from its
//! config, sections and data.

use std::path::PathBuf;

use crate::error::Error;
use crate::load::LoadOptions;
use crate::load::config::ConfigOverrides;
use crate::scaffold::write_cms;

pub fn run(root: PathBuf, config: Option<PathBuf>, quiet: bool) -> Result<(), Error> {
    let options = LoadOptions {
        root,
        config,
        overrides: ConfigOverrides::default(),
    };
    let written = write_cms(&options)?;
    if quiet {
        return Ok(());
    }
    let files: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    super::say(crate::t!("cms-written", files = files.join(", ")))
}

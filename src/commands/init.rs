//! `loa init`: a new site, ready to serve and to write in.

use crate::cli::InitArgs;
use crate::error::Error;
use crate::scaffold::{NewSite, write_new_site};
use crate::t;

/// The time zone of the new site's config, in which "today" is taken.
const SITE_TIME_ZONE: chrono_tz::Tz = chrono_tz::Asia::Ho_Chi_Minh;

pub fn run(args: InitArgs, quiet: bool) -> Result<(), Error> {
    let clean = |text: String| crate::text::normalize_input(text.trim().to_owned());
    let site = NewSite::new(
        args.dir.clone(),
        args.title.map(clean),
        args.description.map(clean),
        args.programme.map(clean),
        args.example,
        chrono::Utc::now()
            .with_timezone(&SITE_TIME_ZONE)
            .date_naive(),
        args.force,
    );
    let written = write_new_site(&site)?;
    if !quiet {
        super::say(t!(
            "site-created",
            folder = args.dir.display(),
            count = written.len()
        ))?;
    }
    Ok(())
}

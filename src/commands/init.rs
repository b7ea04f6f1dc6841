//! `loa init`: a new site, ready to serve and to write in.

use crate::cli::InitArgs;
use crate::error::Error;
use crate::scaffold::{NewSite, write_new_site};

/// The time zone of the new site's config, in which "today" is taken.
const SITE_TIME_ZONE: chrono_tz::Tz = chrono_tz::Asia::Ho_Chi_Minh;

pub fn run(args: InitArgs, quiet: bool) -> Result<(), Error> {
    let site = NewSite {
        folder: args.dir.clone(),
        title: crate::text::normalize_input(args.title.trim().to_owned()),
        today: chrono::Utc::now()
            .with_timezone(&SITE_TIME_ZONE)
            .date_naive(),
        force: args.force,
    };
    let written = write_new_site(&site)?;
    if !quiet {
        let folder = args.dir.display();
        println!("Created a new site in {folder} ({} files).", written.len());
        println!();
        println!("Next:");
        println!("  cd {folder}");
        println!("  loa serve                      preview it at http://127.0.0.1:1111/");
        println!("  loa new article \"Tiêu đề\"      start an article (or news, legal, page)");
        println!("  loa build                      write the site into public/");
        println!();
        println!("README.md in the site tells writers the rest.");
    }
    Ok(())
}

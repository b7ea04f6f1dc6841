//! Outputs: every file of the built site, planned as independent jobs and
//! produced one job at a time, so jobs run in parallel and nothing holds the
//! whole site's HTML at once.

pub mod views;

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Context;

use crate::error::Diagnostic;
use crate::model::Site;
use crate::render::RenderedBodies;
use crate::render::templates::{Templates, escape_markup};
use views::{Link, PageView, Pager, Paginator, SectionView, listing_path};

/// One file to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    Page(usize),
    /// Listing page `number` (1-based) of a section.
    Listing {
        section: usize,
        number: usize,
    },
    /// `section/page/1/` sends readers to the section's first page.
    FirstPageRedirect {
        section: usize,
    },
    Home,
    NotFound,
}

/// A produced file: where it goes inside the output folder, and its bytes.
#[derive(Debug)]
pub struct Output {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Output file of a site path: `/bai-viet/a/` → `bai-viet/a/index.html`.
pub fn file_for(site_path: &str) -> String {
    format!("{}index.html", site_path.trim_start_matches('/'))
}

/// Produces outputs from a modelled, rendered site.
pub struct Producer<'a> {
    site: &'a Site,
    bodies: &'a RenderedBodies,
    templates: &'a Templates,
    shared: Context,
    minify: Option<minify_html::Cfg>,
}

/// The site-wide values every template sees.
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    language: &'a str,
    sections: Vec<Link>,
    programme: Option<&'a crate::load::config::Programme>,
    extra: &'a serde_yaml::Mapping,
}

impl<'a> Producer<'a> {
    pub fn new(
        site: &'a Site,
        bodies: &'a RenderedBodies,
        templates: &'a Templates,
        strings: &BTreeMap<String, String>,
    ) -> Self {
        let config = &site.config;
        let mut shared = Context::new();
        shared.insert(
            "site",
            &SiteView {
                title: &config.title,
                description: &config.description,
                base_url: &config.base_url,
                language: &config.language,
                sections: site
                    .top_sections()
                    .map(|(_, section)| Link {
                        title: section.title.clone(),
                        url: config.url_for(&section.path),
                    })
                    .collect(),
                programme: config.programme.as_ref(),
                extra: &config.extra,
            },
        );
        shared.insert("lang", &config.language);
        shared.insert("t", strings);
        shared.insert("data", &site.data);
        shared.insert("now", &site.rules.now.to_rfc3339());
        let minify = config.minify.then(|| minify_html::Cfg {
            minify_css: true,
            keep_html_and_head_opening_tags: true,
            ..minify_html::Cfg::new()
        });
        Producer {
            site,
            bodies,
            templates,
            shared,
            minify,
        }
    }

    /// Every job of the site, in a stable order.
    pub fn plan(&self) -> Vec<Job> {
        let mut jobs: Vec<Job> = (0..self.site.pages.len()).map(Job::Page).collect();
        for (section, listed) in self.site.top_sections() {
            let count = listed.listing_page_count();
            jobs.extend((1..=count).map(|number| Job::Listing { section, number }));
            if count > 1 {
                jobs.push(Job::FirstPageRedirect { section });
            }
        }
        jobs.push(Job::Home);
        jobs.push(Job::NotFound);
        jobs
    }

    /// The output path a job writes, known before rendering.
    pub fn path_of(&self, job: Job) -> String {
        match job {
            Job::Page(index) => file_for(&self.site.pages[index].path),
            Job::Listing { section, number } => {
                file_for(&listing_path(&self.site.sections[section].path, number))
            }
            Job::FirstPageRedirect { section } => {
                file_for(&format!("{}page/1/", self.site.sections[section].path))
            }
            Job::Home => "index.html".to_owned(),
            Job::NotFound => "404.html".to_owned(),
        }
    }

    pub fn produce(&self, job: Job) -> Result<Output, Diagnostic> {
        let html = match job {
            Job::Page(index) => self.page(index)?,
            Job::Listing { section, number } => self.listing(section, number)?,
            Job::FirstPageRedirect { section } => {
                redirect_page(&self.site.config, &self.site.sections[section].path)
            }
            Job::Home => self.home()?,
            Job::NotFound => self.templates.render("404.html", &self.shared)?,
        };
        let bytes = match &self.minify {
            Some(cfg) => minify_html::minify(html.as_bytes(), cfg),
            None => html.into_bytes(),
        };
        Ok(Output {
            path: self.path_of(job),
            bytes,
        })
    }

    fn page(&self, index: usize) -> Result<String, Diagnostic> {
        let page = &self.site.pages[index];
        let mut context = self.shared.clone();
        context.insert(
            "page",
            &PageView::new(self.site, index, &self.bodies.pages[index], true),
        );
        let own = format!("{}.html", page.kind.name());
        let fallback = if self.templates.has(&own) {
            own.as_str()
        } else {
            "page.html"
        };
        let template = self.chosen_template(
            &page.front.template,
            fallback,
            &page.file.path,
            page.line_of("template"),
        )?;
        self.templates.render(template, &context)
    }

    fn listing(&self, section: usize, number: usize) -> Result<String, Diagnostic> {
        let listed = &self.site.sections[section];
        let config = &self.site.config;
        let total_pages = listed.listing_page_count();
        let url_of = |n: usize| config.url_for(&listing_path(&listed.path, n));
        let pages = listed
            .pages
            .iter()
            .skip((number - 1) * listed.paginate_by)
            .take(listed.paginate_by)
            .map(|&i| PageView::new(self.site, i, &self.bodies.pages[i], false))
            .collect();
        let paginator = Paginator {
            pages,
            current: number,
            total_pages,
            total_items: listed.pages.len(),
            previous: (number > 1).then(|| url_of(number - 1)),
            next: (number < total_pages).then(|| url_of(number + 1)),
            pagers: (1..=total_pages)
                .map(|n| Pager {
                    number: n,
                    url: url_of(n),
                })
                .collect(),
        };
        let mut context = self.shared.clone();
        context.insert(
            "section",
            &SectionView::new(self.site, section, &self.bodies.sections[section]),
        );
        context.insert("paginator", &paginator);
        let (file, line) = match &listed.file {
            Some(file) => (file.path.as_path(), listed.line_of("template")),
            None => (std::path::Path::new("content"), 1),
        };
        let template = self.chosen_template(&listed.front.template, "section.html", file, line)?;
        self.templates.render(template, &context)
    }

    /// The template a page or section asked for, which must exist, or the
    /// default for its kind.
    fn chosen_template<'t>(
        &self,
        asked: &'t Option<String>,
        default: &'t str,
        file: &std::path::Path,
        line: usize,
    ) -> Result<&'t str, Diagnostic> {
        match asked {
            Some(name) if !self.templates.has(name) => Err(Diagnostic::error(
                file,
                format!("the template `{name}` does not exist"),
            )
            .at(line, 1)
            .with_help(
                "name a file of the theme's templates/ folder or of the site's templates/ folder",
            )),
            Some(name) => Ok(name),
            None => Ok(default),
        }
    }

    fn home(&self) -> Result<String, Diagnostic> {
        #[derive(Serialize)]
        struct Latest<'a> {
            section: SectionView<'a>,
            pages: Vec<PageView<'a>>,
        }
        let per_section = self.site.config.home.latest_per_section;
        let latest: Vec<Latest> = self
            .site
            .top_sections()
            .filter(|(_, section)| section.default_kind.is_dated() && !section.pages.is_empty())
            .map(|(index, section)| Latest {
                section: SectionView::new(self.site, index, &self.bodies.sections[index]),
                pages: section
                    .pages
                    .iter()
                    .take(per_section)
                    .map(|&i| PageView::new(self.site, i, &self.bodies.pages[i], false))
                    .collect(),
            })
            .collect();
        let mut context = self.shared.clone();
        context.insert(
            "section",
            &SectionView::new(self.site, 0, &self.bodies.sections[0]),
        );
        context.insert("latest", &latest);
        self.templates.render("index.html", &context)
    }
}

/// A page that sends readers and search engines on to the site path `to`.
pub fn redirect_page(config: &crate::load::Config, to: &str) -> String {
    let url = escape_markup(&config.url_for(to));
    let canonical = escape_markup(&config.permalink_for(to));
    let lang = escape_markup(&config.language);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{url}</title>\
         <link rel=\"canonical\" href=\"{canonical}\"><meta name=\"robots\" content=\"noindex\">\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\"></head>\
         <body><p><a href=\"{url}\">{url}</a></p></body></html>\n"
    )
}

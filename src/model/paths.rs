//! The addresses of the pages a site has besides its content files: the
//! archive, the statistics page, the search page with the folder of its
//! index, and the index of legal documents. They are worked out here once:
//! the model reserves them against content, and every output that writes
//! one or links to it takes it from here.

use typed_index_collections::TiSlice;

use crate::load::Config;
use crate::load::front_matter::Kind;
use crate::text::slugify;

use super::{Page, PageId, Section, SectionId};

/// The folder of the search index inside the output.
pub const SEARCH_INDEX_FOLDER: &str = "search";

/// Site paths (`/luu-tru/`) of the pages the site makes of itself; `None`
/// for those it does not have.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SitePaths {
    pub archive: Option<String>,
    pub statistics: Option<String>,
    pub search: Option<String>,
    /// The folder of the search index, `/search/`, when search is on: every
    /// file under it is the index's.
    pub search_index: Option<String>,
    /// `danh-muc/` inside the first legal section, when the site has legal
    /// summaries.
    pub legal_index: Option<String>,
}

impl SitePaths {
    pub fn of(
        config: &Config,
        sections: &TiSlice<SectionId, Section>,
        pages: &TiSlice<PageId, Page>,
    ) -> SitePaths {
        let search = config.search.enabled;
        let legal_section = sections
            .iter()
            .skip(1)
            .find(|section| section.default_kind == Kind::Legal);
        let has_documents = pages.iter().any(|page| page.kind == Kind::Legal);
        SitePaths {
            archive: config
                .archives
                .enabled
                .then(|| folder_path(&config.archives.path)),
            statistics: (config.programme.is_some() && config.statistics.enabled)
                .then(|| folder_path(&config.statistics.path)),
            search: search.then(|| folder_path(&config.search.path)),
            search_index: search.then(|| format!("/{SEARCH_INDEX_FOLDER}/")),
            legal_index: legal_section
                .filter(|_| has_documents)
                .map(|section| format!("{}danh-muc/", section.path)),
        }
    }

    /// The pages above, which no content file may take.
    pub fn pages(&self) -> impl Iterator<Item = &str> {
        [
            &self.archive,
            &self.statistics,
            &self.search,
            &self.legal_index,
        ]
        .into_iter()
        .filter_map(|path| path.as_deref())
    }

    /// Whether a site path is inside the search index's folder, where
    /// nothing else may be written.
    pub fn in_search_index(&self, path: &str) -> bool {
        self.search_index
            .as_deref()
            .is_some_and(|folder| path.starts_with(folder))
    }
}

/// The site path of a folder named in the config: each part slugged as
/// titles are, so `Lưu trữ/Năm` is `/luu-tru/nam/`.
fn folder_path(written: &str) -> String {
    let mut path = String::from("/");
    for part in written
        .split('/')
        .map(slugify)
        .filter(|part| !part.is_empty())
    {
        path.push_str(&part);
        path.push('/');
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_folders_are_slugged_part_by_part() {
        assert_eq!(folder_path("luu-tru"), "/luu-tru/");
        assert_eq!(folder_path("Lưu trữ/Năm"), "/luu-tru/nam/");
        assert_eq!(folder_path("/Thống kê/"), "/thong-ke/");
    }
}

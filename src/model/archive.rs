//! Archives: dated items by year and by month of publication.

use chrono::Datelike;

use typed_index_collections::TiSlice;

use super::{Page, PageId};

/// The archive of the site: years newest first, each with its months.
#[derive(Debug, Clone, Default)]
pub struct Archive {
    /// Site path of the archive index: `/luu-tru/`.
    pub path: String,
    pub paginate_by: usize,
    pub years: Vec<ArchiveYear>,
}

#[derive(Debug, Clone)]
pub struct ArchiveYear {
    pub year: i32,
    pub path: String,
    /// Items in listing order (newest first).
    pub pages: Vec<PageId>,
    /// Months with items, newest first.
    pub months: Vec<ArchiveMonth>,
}

#[derive(Debug, Clone)]
pub struct ArchiveMonth {
    pub month: u32,
    pub path: String,
    pub pages: Vec<PageId>,
}

/// Groups dated items by the year and month of their date under the site
/// path `path` (`/luu-tru/`). `listing` is
/// every dated item, newest first, so each group keeps that order.
pub fn build(
    path: &str,
    paginate_by: usize,
    pages: &TiSlice<PageId, Page>,
    listing: &[PageId],
) -> Archive {
    let mut years: Vec<ArchiveYear> = Vec::new();
    for &page in listing {
        let Some(date) = pages[page].date else {
            continue;
        };
        let (year, month) = (date.year(), date.month());
        if years.last().is_none_or(|last| last.year != year) {
            years.push(ArchiveYear {
                year,
                path: format!("{path}{year}/"),
                pages: Vec::new(),
                months: Vec::new(),
            });
        }
        let Some(current) = years.last_mut() else {
            continue;
        };
        current.pages.push(page);
        if current.months.last().is_none_or(|last| last.month != month) {
            current.months.push(ArchiveMonth {
                month,
                path: format!("{path}{year}/{month:02}/"),
                pages: Vec::new(),
            });
        }
        if let Some(current_month) = current.months.last_mut() {
            current_month.pages.push(page);
        }
    }
    Archive {
        path: path.to_owned(),
        paginate_by,
        years,
    }
}

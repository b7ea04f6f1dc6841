//! Files loa writes for writers: a whole new site (`loa init`), a new
//! content item with its front matter filled in (`loa new`), and the web
//! editor of a site (`loa cms`).

pub mod cms;
mod item;
mod site;

pub use cms::write_cms;
pub use item::{NewItem, write_new_item};
pub use site::{NewSite, write_new_site};

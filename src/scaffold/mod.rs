//! Files loa writes for writers: a whole new site (`loa init`) and a new
//! content item with its front matter filled in (`loa new`).

mod item;
mod site;

pub use item::{NewItem, write_new_item};
pub use site::{NewSite, write_new_site};

//! The default theme and the new-site skeleton are built into the binary
//! (`include_dir!`); cargo does not see inside those folders by itself, so
//! an edit to them rebuilds loa.

fn main() {
    println!("cargo::rerun-if-changed=themes/default");
    println!("cargo::rerun-if-changed=src/scaffold/new-site");
}

//! zhenggai (整改): a static site generator for inspection-rectification
//! disclosure portals.
//!
//! The pipeline, one module per stage:
//! [`load`] reads `content/` into the [`model`], [`validate`] checks what
//! spans files, [`derive`] computes counts and indexes, [`render`] fills the
//! theme's templates, [`search`] builds the Chinese full-text index,
//! [`publish`] makes the feeds, open data and sitemap, and [`write`] swaps
//! the new site into place.
//! [`build`] runs them in order; [`cli`] is the command line, and [`serve`]
//! is watch mode beside the pipeline, as [`import`] (a published notice to
//! content files) and [`scaffold`] (`init`, `new`) are.

pub mod build;
pub mod derive;
pub mod diagnostics;
pub mod import;
pub mod load;
pub mod model;
pub mod output;
pub mod publish;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod validate;
pub mod write;

//! zhenggai (整改): a static site generator for inspection-rectification
//! disclosure portals.
//!
//! The pipeline, one module per stage, each using only those before it:
//! [`load`] reads `content/` (and the theme) into the [`model`],
//! [`read`] turns Word, PDF and web-page files into text (for import and
//! for checking attachments), [`validate`] checks what spans files,
//! [`attachments`] makes clean
//! copies of the documents and photos content lists, [`derive`] computes counts and
//! indexes, `render` fills the theme's templates, [`search`] builds the
//! Chinese full-text index, [`publish`] makes the feeds, open data and
//! sitemap, and [`write`] swaps the new site into place. `output` says
//! where every file of the site goes, for all of them.
//! [`build`] runs the stages in order; [`serve`] is watch mode's
//! incremental entry to the same stages, and [`import`] (a published notice
//! to content files) and [`scaffold`] (`init`, `new`) stand beside the
//! pipeline. The command line is the binary's (`src/cmd/`); the library
//! prints nothing and exports what the binary, the tests and the fuzz
//! targets use, so the compiler reports whatever else is unused.

pub mod attachments;
pub mod build;
pub mod derive;
pub mod diagnostics;
pub mod import;
pub mod lang;
pub mod load;
pub mod model;
mod output;
pub mod publish;
pub mod read;
mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod validate;
pub mod write;

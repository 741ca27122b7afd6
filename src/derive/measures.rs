//! A problem's measures as pages, search and open data show them. At
//! national scale they are the largest part of the derived site (a
//! million problems' measures hold most of a gigabyte of text, with
//! allocation), so a one-shot build of a
//! large portal lets each report's measures go once every file that shows
//! them is made (`build::produce`), as it does each problem's body.

use serde::Serialize;
use std::sync::{PoisonError, RwLock, RwLockReadGuard};

/// A measure with its date, shown in both forms (`date`, `date_zh`): the
/// forms are written out when a page is made, not held for every measure
/// of a large portal (two strings each, a fifth of a measure's memory).
#[derive(Debug)]
pub struct MeasureView {
    pub date: Option<crate::model::Date>,
    pub text: std::sync::Arc<str>,
}

impl Serialize for MeasureView {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("MeasureView", 3)?;
        out.serialize_field("date", &self.date.map(|d| d.to_string()))?;
        out.serialize_field("date_zh", &self.date.map(|d| d.zh()))?;
        out.serialize_field("text", &*self.text)?;
        out.end()
    }
}

/// A problem's measures, oldest first; `None` once let go
/// ([`Measures::release`]).
#[derive(Debug, Default)]
pub struct Measures(RwLock<Option<Vec<MeasureView>>>);

/// A problem's measures, borrowed: empty once they were let go.
pub struct MeasuresRead<'a>(RwLockReadGuard<'a, Option<Vec<MeasureView>>>);

impl std::ops::Deref for MeasuresRead<'_> {
    type Target = [MeasureView];
    fn deref(&self) -> &[MeasureView] {
        self.0.as_deref().unwrap_or_default()
    }
}

impl Measures {
    pub fn new(measures: Vec<MeasureView>) -> Measures {
        Measures(RwLock::new(Some(measures)))
    }

    /// The measures, to read.
    pub fn read(&self) -> MeasuresRead<'_> {
        MeasuresRead(self.0.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Lets the measures go: everything that shows them is made.
    pub(crate) fn release(&self) {
        *self.0.write().unwrap_or_else(PoisonError::into_inner) = None;
    }
}

impl Serialize for Measures {
    /// A template that reads measures after they were let go (a theme
    /// showing them on a portal-wide page of a large portal) fails, at
    /// its line, rather than showing a problem without its measures.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &*self.0.read().unwrap_or_else(PoisonError::into_inner) {
            Some(measures) => measures.serialize(serializer),
            None => Err(serde::ser::Error::custom(crate::say!(
                "大型门户逐份通报生成，整改措施只能在通报自己的页面和问题页面上显示",
                "in a large portal, built report by report, measures can only be shown on their report's own pages and their problems' pages"
            ))),
        }
    }
}

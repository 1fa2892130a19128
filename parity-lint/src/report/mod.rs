//! Output formats over one [`crate::Report`]. (Being written.)

//! Dataset views of analyses.

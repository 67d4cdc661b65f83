//! The analysis engine: a pure library from `&str` to an [`Analysis`].
//!
//! Stages, each in its own module:
//! `segment` (layout → questions and answers) → `meta` → `schema` matching →
//! `values` (figures with spans) → `status` → `checks` (findings) → `annotation`
//! (people's decisions win). Nothing here knows about LSP, files or terminals.

pub mod annotation;
pub mod checks;
pub mod config;
pub mod detect;
pub mod exemptions;
pub mod meta;
pub mod model;
pub mod personal;
pub mod schema;
pub mod segment;
pub mod status;
pub mod text;
pub mod values;

mod pipeline;

pub use config::{Config, ConfigError};
pub use detect::looks_like_response;
pub use model::*;
pub use schema::{Schema, SchemaSet};

/// The engine with its schemas and settings, built once and shared.
#[derive(Debug, Clone, Default)]
pub struct Engine {
    schemas: SchemaSet,
    config: Config,
}

impl Engine {
    /// An engine with the built-in schemas, the config's inline schemas and
    /// `extra` schemas (already read from the config's `schema_files`).
    pub fn new(config: Config, extra: Vec<Schema>) -> Result<Engine, ConfigError> {
        let mut schemas = SchemaSet::builtin();
        for s in config.schemas.iter().cloned().chain(extra) {
            schemas.add(s);
        }
        if let Some(name) = &config.schema {
            if schemas.get(name).is_none() {
                return Err(ConfigError::Invalid {
                    origin: "foil.toml".into(),
                    message: format!("schema = {name:?} names no known schema"),
                });
            }
        }
        Ok(Engine { schemas, config })
    }

    pub fn schemas(&self) -> &SchemaSet {
        &self.schemas
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Reads one response.
    ///
    /// An annotation written inside a line is no part of what the stages read
    /// (it is blanked out, offsets unchanged) and is reported as misplaced.
    pub fn analyze(&self, text: &str) -> Analysis {
        let inline = annotation::inline(text);
        if inline.is_empty() {
            return pipeline::analyze(self, text);
        }
        let mut analysis = pipeline::analyze(self, &annotation::blank(text, &inline));
        if let Some(severity) = self.config.severity_of(Code::AnnotationInvalid) {
            for span in inline {
                let mut finding = annotation::misplaced(span);
                finding.severity = severity;
                // Findings stay in text order.
                let at = analysis
                    .findings
                    .partition_point(|f| f.span.start <= span.start);
                analysis.findings.insert(at, finding);
            }
        }
        analysis
    }

    /// Reads one response as if it had no annotations (their lines are
    /// still left out of its text).
    pub fn analyze_unannotated(&self, text: &str) -> Analysis {
        let inline = annotation::inline(text);
        if inline.is_empty() {
            return pipeline::analyze_unannotated(self, text);
        }
        pipeline::analyze_unannotated(self, &annotation::blank(text, &inline))
    }
}

/// Reads one response with the built-in schemas and default settings.
pub fn analyze(text: &str) -> Analysis {
    thread_local! {
        static DEFAULT: Engine = Engine::default();
    }
    DEFAULT.with(|e| e.analyze(text))
}

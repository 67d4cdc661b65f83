//! `foil.toml`: the workspace settings shared by the CLI and the language server.
//!
//! ```toml
//! schema = "nhs-clinical-coding-2024"   # use this schema for every response
//! include = ["responses/**"]            # which files are FOI responses
//! exclude = ["drafts/**"]
//! schema_files = ["schemas/*.toml"]     # more schemas, one per file
//! max_response_mb = 50                  # larger files are refused unread
//!
//! [severity]
//! ambiguous-value = "hint"
//! personal-data = "error"
//!
//! [[schemas]]                           # or inline
//! name = "my-request"
//! [[schemas.question]]
//! key = "beds"
//! text = "How many beds does the Trust have?"
//! expects = ["count"]
//! ```
//!
//! Parsing is pure; finding and reading the file is the workspace layer's job.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::engine::model::{Code, Severity};
use crate::engine::schema::{Schema, SchemaError};

/// Settings that change what the engine reports.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Force this schema instead of choosing one per document.
    pub schema: Option<String>,
    /// Globs (relative to the workspace root) of files that are FOI responses.
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    /// Schema files to load, relative to the workspace root.
    pub schema_files: Vec<String>,
    /// Schemas written inline.
    pub schemas: Vec<Schema>,
    /// Severity per finding code; `None` turns the code off.
    pub severity: BTreeMap<Code, Option<Severity>>,
    /// Response files larger than this many megabytes (MiB) are refused
    /// without being read; `None` for the default, [`Config::MAX_RESPONSE_MB`].
    pub max_response_mb: Option<u64>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{origin}: {message}")]
    Invalid { origin: String, message: String },
    #[error(transparent)]
    Schema(#[from] SchemaError),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    schema: Option<String>,
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    schema_files: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, String>,
    #[serde(default)]
    schemas: Vec<toml::Value>,
    #[serde(default)]
    max_response_mb: Option<u64>,
}

impl Config {
    /// Reads `foil.toml` text; `origin` (the file's path) names it in errors.
    pub fn from_toml(source: &str, origin: &str) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(source).map_err(|e| ConfigError::Invalid {
            origin: origin.to_string(),
            message: e.to_string().trim_end().to_string(),
        })?;
        let mut config = Config {
            schema: raw.schema,
            include: raw.include,
            exclude: raw.exclude,
            schema_files: raw.schema_files,
            max_response_mb: raw.max_response_mb,
            ..Config::default()
        };
        for (code, level) in raw.severity {
            let code_parsed = Code::parse(&code).ok_or_else(|| ConfigError::Invalid {
                origin: origin.to_string(),
                message: format!("[severity]: unknown finding code {code:?}"),
            })?;
            let sev = match level.as_str() {
                "off" | "none" | "ignore" => None,
                other => Some(Severity::parse(other).ok_or_else(|| ConfigError::Invalid {
                    origin: origin.to_string(),
                    message: format!(
                        "[severity] {code}: {other:?} is not one of error, warning, information, hint, off"
                    ),
                })?),
            };
            config.severity.insert(code_parsed, sev);
        }
        for (i, value) in raw.schemas.into_iter().enumerate() {
            let schema = Schema::from_value(value, &format!("{origin} [[schemas]] #{}", i + 1))?;
            config.schemas.push(schema);
        }
        Ok(config)
    }

    /// The default size limit of a response file, in megabytes: far above
    /// any real response (the largest seen is 100 KB), far below what would
    /// exhaust memory (a reading takes about ten times the text).
    pub const MAX_RESPONSE_MB: u64 = 50;

    /// The size limit of a response file, in bytes.
    pub fn max_response_bytes(&self) -> u64 {
        self.max_response_mb
            .unwrap_or(Self::MAX_RESPONSE_MB)
            .saturating_mul(1024 * 1024)
    }

    /// The severity a finding of `code` gets here (`None`: not reported).
    /// The severity the configuration sets for `code`: `Some(None)` turns
    /// it off, `None` leaves each finding's own.
    pub fn configured_severity(&self, code: Code) -> Option<Option<Severity>> {
        self.severity.get(&code).copied()
    }

    pub fn severity_of(&self, code: Code) -> Option<Severity> {
        match self.severity.get(&code) {
            Some(level) => *level,
            None => Some(code.default_severity()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_full_config() {
        let c = Config::from_toml(
            r#"
schema = "mine"
include = ["responses/**"]
[severity]
ambiguous-value = "hint"
personal-data = "off"
[[schemas]]
name = "mine"
[[schemas.question]]
key = "beds"
text = "How many beds?"
expects = ["count"]
"#,
            "foil.toml",
        )
        .unwrap();
        assert_eq!(c.schema.as_deref(), Some("mine"));
        assert_eq!(c.severity_of(Code::AmbiguousValue), Some(Severity::Hint));
        assert_eq!(c.severity_of(Code::PersonalData), None);
        assert_eq!(c.severity_of(Code::Exempt), Some(Severity::Information));
        assert_eq!(c.schemas[0].questions[0].key, "beds");
        assert_eq!(c.max_response_bytes(), 50 * 1024 * 1024);
        let c = Config::from_toml("max_response_mb = 2\n", "foil.toml").unwrap();
        assert_eq!(c.max_response_bytes(), 2 * 1024 * 1024);
    }

    #[test]
    fn errors_name_the_file_and_the_setting() {
        let e = Config::from_toml("[severity]\nexmpt = \"hint\"\n", "ws/foil.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("ws/foil.toml") && e.contains("exmpt"), "{e}");
        let e = Config::from_toml("colour = 1\n", "foil.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("colour"), "{e}");
    }
}

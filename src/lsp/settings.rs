//! The client's settings (`initializationOptions`, `workspace/configuration`
//! section `foil`, `didChangeConfiguration`), laid over the workspace's
//! `foil.toml`.
//!
//! ```json
//! { "schema": "nhs-clinical-coding-2024",
//!   "severity": { "ambiguous-value": "hint", "personal-data": "off" },
//!   "include": ["responses/**"], "exclude": ["drafts/**"],
//!   "maxDocumentBytes": 8388608 }
//! ```
//! Every key is optional; a key the client sets wins over `foil.toml`.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use crate::engine::{Code, Engine, Severity};
use crate::workspace::Workspace;

/// Documents above this size get one information diagnostic and no analysis.
pub const DEFAULT_MAX_DOCUMENT_BYTES: usize = 8 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Settings {
    pub schema: Option<String>,
    /// `None` turns a code off.
    pub severity: BTreeMap<Code, Option<Severity>>,
    pub include: Option<Vec<String>>,
    pub exclude: Option<Vec<String>>,
    pub max_document_bytes: Option<usize>,
}

/// The `foil` section of what a client sent: the section itself, or an
/// object holding it under `foil`.
fn section(value: &Json) -> &Json {
    match value.get("foil") {
        Some(inner) if inner.is_object() => inner,
        _ => value,
    }
}

/// `base` with the keys `over` gives replacing its own. A key given as `""` or
/// `null` clears the setting, so a client can take back what it set at
/// `initialize`; a key `over` leaves out keeps its value from `base` (clients
/// that answer `workspace/configuration` with nothing keep their
/// `initializationOptions`).
pub fn merge(base: &Json, over: &Json) -> Json {
    let mut merged = match section(base) {
        Json::Object(map) => map.clone(),
        _ => serde_json::Map::new(),
    };
    if let Json::Object(map) = section(over) {
        for (key, value) in map {
            merged.insert(key.clone(), value.clone());
        }
    }
    Json::Object(merged)
}

impl Settings {
    /// Reads settings from the client's JSON, either the `foil` section itself or
    /// an object holding it. Unusable entries are skipped and described in the
    /// returned problems, so one typo does not lose the other settings.
    pub fn from_json(value: &Json) -> (Settings, Vec<String>) {
        let mut problems = Vec::new();
        let mut settings = Settings::default();
        let section = section(value);
        let Some(map) = section.as_object() else {
            if !section.is_null() {
                problems.push(format!("foil settings must be an object, not {section}"));
            }
            return (settings, problems);
        };
        for (name, v) in map {
            match name.as_str() {
                "schema" => match v {
                    Json::String(s) if !s.trim().is_empty() => {
                        settings.schema = Some(s.trim().to_string())
                    }
                    Json::String(_) | Json::Null => {}
                    other => problems.push(format!("schema must be a name, not {other}")),
                },
                "severity" => match v.as_object() {
                    Some(levels) => {
                        for (code, level) in levels {
                            match (Code::parse(code), level.as_str().map(parse_level)) {
                                (Some(code), Some(Some(level))) => {
                                    settings.severity.insert(code, level);
                                }
                                (None, _) => {
                                    problems.push(format!("severity: unknown finding code {code:?}"))
                                }
                                _ => problems.push(format!(
                                    "severity.{code}: {level} is not one of error, warning, information, hint, off"
                                )),
                            }
                        }
                    }
                    None if v.is_null() => {}
                    None => problems.push("severity must be an object of code = level".into()),
                },
                "include" | "exclude" => match globs(v) {
                    Some(list) if name == "include" => settings.include = Some(list),
                    Some(list) => settings.exclude = Some(list),
                    None if v.is_null() => {}
                    None => problems.push(format!("{name} must be a list of globs")),
                },
                "maxDocumentBytes" => match v.as_u64() {
                    Some(n) => settings.max_document_bytes = usize::try_from(n).ok(),
                    None if v.is_null() => {}
                    None => problems.push("maxDocumentBytes must be a number of bytes".into()),
                },
                // Settings for the editor extensions themselves (trace level, the
                // path of the binary) travel in the same section.
                _ => {}
            }
        }
        (settings, problems)
    }

    pub fn max_document_bytes(&self) -> usize {
        self.max_document_bytes
            .unwrap_or(DEFAULT_MAX_DOCUMENT_BYTES)
    }

    /// `workspace` with the engine settings (schema, severities) laid over its
    /// `foil.toml`; the file globs are the setup's business.
    pub fn apply(&self, workspace: &Workspace) -> Result<Workspace, String> {
        if self.schema.is_none() && self.severity.is_empty() {
            return Ok(workspace.clone());
        }
        let mut config = workspace.engine.config().clone();
        if let Some(schema) = &self.schema {
            config.schema = Some(schema.clone());
        }
        for (code, level) in &self.severity {
            config.severity.insert(*code, *level);
        }
        // The workspace's engine already holds the schemas its foil.toml loaded.
        let schemas = workspace.engine.schemas().iter().cloned().collect();
        let engine = Engine::new(config, schemas).map_err(|e| e.to_string())?;
        let mut merged = workspace.clone();
        merged.engine = engine;
        Ok(merged)
    }
}

fn parse_level(level: &str) -> Option<Option<Severity>> {
    match level {
        "off" | "none" | "ignore" => Some(None),
        other => Severity::parse(other).map(Some),
    }
}

fn globs(v: &Json) -> Option<Vec<String>> {
    v.as_array()?
        .iter()
        .map(|g| g.as_str().map(str::to_string))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_section_or_its_parent() {
        let (s, problems) = Settings::from_json(&json!({"foil": {
            "schema": "nhs-clinical-coding-2024",
            "severity": {"ambiguous-value": "hint", "personal-data": "off"},
            "include": ["responses/**"],
            "maxDocumentBytes": 1000,
            "trace": {"server": "verbose"}
        }}));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(s.schema.as_deref(), Some("nhs-clinical-coding-2024"));
        assert_eq!(s.severity[&Code::AmbiguousValue], Some(Severity::Hint));
        assert_eq!(s.severity[&Code::PersonalData], None);
        assert_eq!(s.include, Some(vec!["responses/**".to_string()]));
        assert_eq!(s.max_document_bytes(), 1000);
        let (flat, _) = Settings::from_json(&json!({"schema": "x"}));
        assert_eq!(flat.schema.as_deref(), Some("x"));
        let (none, problems) = Settings::from_json(&Json::Null);
        assert_eq!((none, problems.len()), (Settings::default(), 0));
    }

    #[test]
    fn bad_entries_are_reported_and_skipped() {
        let (s, problems) = Settings::from_json(&json!({
            "schema": "",
            "severity": {"exmpt": "hint", "exempt": "loud", "attached": "error"},
            "include": "*.txt"
        }));
        assert_eq!(s.schema, None);
        assert_eq!(s.severity.len(), 1);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("exmpt")));
        assert!(problems.iter().any(|p| p.contains("loud")));
    }

    #[test]
    fn later_settings_replace_the_keys_they_give() {
        let init = json!({"maxDocumentBytes": 10, "schema": "a",
            "severity": {"exempt": "hint", "attached": "off"}});
        let (s, _) = Settings::from_json(&merge(
            &init,
            &json!({"foil": {"severity": {"exempt": "error"}}}),
        ));
        assert_eq!(s.schema.as_deref(), Some("a"));
        assert_eq!(s.max_document_bytes(), 10);
        assert_eq!(s.severity[&Code::Exempt], Some(Severity::Error));
        assert!(!s.severity.contains_key(&Code::Attached));
        // a cleared schema is cleared, an empty answer changes nothing
        let (cleared, _) = Settings::from_json(&merge(&init, &json!({"schema": ""})));
        assert_eq!(cleared.schema, None);
        let (same, _) = Settings::from_json(&merge(&init, &Json::Null));
        assert_eq!(same, Settings::from_json(&init).0);
    }

    #[test]
    fn apply_lays_settings_over_the_workspace() {
        let ws = Workspace::default();
        let s = Settings {
            severity: BTreeMap::from([(Code::Exempt, Some(Severity::Error))]),
            ..Settings::default()
        };
        let merged = s.apply(&ws).unwrap();
        let config = merged.engine.config();
        assert_eq!(config.severity_of(Code::Exempt), Some(Severity::Error));
        let unknown = Settings {
            schema: Some("no-such-schema".into()),
            ..Settings::default()
        };
        assert!(unknown.apply(&ws).unwrap_err().contains("no-such-schema"));
    }
}

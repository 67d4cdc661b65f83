//! Schemas: the questions of one request, so that answers from different
//! organisations line up under stable keys.
//!
//! The built-in schemas are TOML data files compiled into the binary; a workspace
//! adds its own through `foil.toml` (see `engine::config`).

mod matching;

pub use matching::{
    choose_schema, choose_schema_by_topics, is_known_question, match_questions, prepare,
    similarity, stem_set, stem_similarity, Asked, Match, Prepared, CHOOSE_WITHIN,
};

use serde::Deserialize;

use crate::engine::model::ValueKind;

/// The request's questions under one name.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    pub name: String,
    pub title: String,
    pub questions: Vec<SchemaQuestion>,
    /// Where it came from: `built-in` or the file that defined it.
    pub origin: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SchemaQuestion {
    pub key: String,
    /// The number as printed in the request.
    pub number: String,
    /// The heading the question sits under, when the request has headings.
    pub section: Option<String>,
    pub text: String,
    /// Value kinds the answer should carry, most likely first; empty for prose.
    pub expects: Vec<ValueKind>,
    /// A labelled split of one figure (substantive / bank / agency).
    pub breakdown: bool,
    /// Extra words that identify the question when it is paraphrased.
    pub keywords: Vec<String>,
    /// The keywords' stems, one sorted set per keyword (for matching).
    pub keyword_stems: Vec<Vec<crate::engine::text::Stem>>,
    /// Labels of the parts of a breakdown.
    pub labels: Vec<String>,
    /// Words that answer a yes/no question yes, or no, besides Yes and No.
    pub yes: Vec<String>,
    pub no: Vec<String>,
    pub options: Vec<EnumOption>,
    pub asked_if: Option<Condition>,
    /// The question whose count a percentage in this answer is a share of,
    /// with this answer's count ("uncoded: 1,302 (1.2%)" of the coded and
    /// uncoded together).
    pub share_of: Option<String>,
    /// Whether answers carry personal data by design (a contact).
    pub personal: bool,
    /// Content-word stems of the text, sorted and unique (for matching).
    pub stems: Vec<crate::engine::text::Stem>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumOption {
    pub name: String,
    pub words: Vec<String>,
    /// Chosen when every named option is mentioned (for "both").
    pub when_all: Vec<String>,
}

/// "Asked only if `question` was answered `answer`."
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub question: String,
    pub answer: String,
}

impl SchemaQuestion {
    pub fn expects(&self, kind: ValueKind) -> bool {
        self.expects.contains(&kind)
    }

    /// The `i`th question as the schema file gives it, with the kinds it
    /// expects already checked.
    fn from_raw(q: RawQuestion, i: usize, expects: Vec<ValueKind>, breakdown: bool) -> Self {
        let personal = expects.contains(&ValueKind::Contact);
        SchemaQuestion {
            stems: matching::stem_set(&q.text),
            number: q.number.unwrap_or_else(|| (i + 1).to_string()),
            section: q.section,
            text: q.text,
            expects,
            breakdown,
            keyword_stems: q.keywords.iter().map(|k| matching::stem_set(k)).collect(),
            keywords: q.keywords,
            labels: q.labels,
            yes: q.yes,
            no: q.no,
            options: q
                .options
                .into_iter()
                .map(|o| EnumOption {
                    name: o.name,
                    words: o.words,
                    when_all: o.when_all,
                })
                .collect(),
            asked_if: q.asked_if.map(|c| Condition {
                question: c.question,
                answer: c.answer,
            }),
            share_of: q.share_of,
            personal,
            key: q.key,
        }
    }
}

/// Why a schema file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    #[error("{origin}: {message}")]
    Invalid { origin: String, message: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchema {
    name: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default, rename = "question")]
    questions: Vec<RawQuestion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    key: String,
    #[serde(default)]
    number: Option<String>,
    #[serde(default)]
    section: Option<String>,
    text: String,
    #[serde(default)]
    expects: Vec<String>,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    labels: Vec<String>,
    #[serde(default)]
    yes: Vec<String>,
    #[serde(default)]
    no: Vec<String>,
    #[serde(default, rename = "option")]
    options: Vec<RawOption>,
    #[serde(default)]
    asked_if: Option<RawCondition>,
    #[serde(default)]
    share_of: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOption {
    name: String,
    #[serde(default)]
    words: Vec<String>,
    #[serde(default)]
    when_all: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCondition {
    question: String,
    answer: String,
}

impl Schema {
    /// Reads one schema from TOML text; `origin` names it in errors.
    pub fn from_toml(source: &str, origin: &str) -> Result<Schema, SchemaError> {
        let raw: RawSchema = toml::from_str(source).map_err(|e| SchemaError::Invalid {
            origin: origin.to_string(),
            message: e.to_string().trim_end().to_string(),
        })?;
        Schema::from_raw(raw, origin)
    }

    /// Reads the inline form used inside `foil.toml` (`[[schema]]` tables).
    pub(crate) fn from_value(value: toml::Value, origin: &str) -> Result<Schema, SchemaError> {
        let raw: RawSchema =
            value
                .try_into()
                .map_err(|e: toml::de::Error| SchemaError::Invalid {
                    origin: origin.to_string(),
                    message: e.to_string().trim_end().to_string(),
                })?;
        Schema::from_raw(raw, origin)
    }

    fn from_raw(raw: RawSchema, origin: &str) -> Result<Schema, SchemaError> {
        let invalid = |message: String| SchemaError::Invalid {
            origin: origin.to_string(),
            message,
        };
        if raw.name.trim().is_empty() {
            return Err(invalid("the schema has an empty name".into()));
        }
        let mut questions: Vec<SchemaQuestion> = Vec::with_capacity(raw.questions.len());
        for (i, q) in raw.questions.into_iter().enumerate() {
            if !is_valid_key(&q.key) {
                return Err(invalid(format!(
                    "question {}: key {:?} must be lowercase letters, digits and underscores",
                    i + 1,
                    q.key
                )));
            }
            if questions.iter().any(|other| other.key == q.key) {
                return Err(invalid(format!("question key {:?} appears twice", q.key)));
            }
            let (expects, breakdown) = expected_kinds(&q).map_err(invalid)?;
            questions.push(SchemaQuestion::from_raw(q, i, expects, breakdown));
        }
        for q in &questions {
            if let Some(base) = &q.share_of {
                if !questions.iter().any(|o| &o.key == base) {
                    return Err(invalid(format!(
                        "question {:?} is a share of {:?}, which the schema does not have",
                        q.key, base
                    )));
                }
            }
            if let Some(cond) = &q.asked_if {
                if !questions.iter().any(|o| o.key == cond.question) {
                    return Err(invalid(format!(
                        "question {:?} is asked only if {:?}, which the schema does not have",
                        q.key, cond.question
                    )));
                }
            }
        }
        Ok(Schema {
            name: raw.name,
            title: raw.title.unwrap_or_default(),
            questions,
            origin: origin.to_string(),
        })
    }

    pub fn question(&self, key: &str) -> Option<&SchemaQuestion> {
        self.questions.iter().find(|q| q.key == key)
    }
}

/// The kinds of value a schema question expects, and whether it asks for a
/// breakdown (which expects WTE, percentages, counts and numbers); an
/// unknown kind is an error message.
fn expected_kinds(q: &RawQuestion) -> Result<(Vec<ValueKind>, bool), String> {
    let mut expects = Vec::new();
    let mut breakdown = false;
    for kind in &q.expects {
        match kind.as_str() {
            "breakdown" => {
                breakdown = true;
                expects.extend([
                    ValueKind::Wte,
                    ValueKind::Percent,
                    ValueKind::Count,
                    ValueKind::Number,
                ]);
            }
            other => match ValueKind::parse(other) {
                Some(k) => expects.push(k),
                None => {
                    return Err(format!(
                        "question {:?}: unknown value kind {:?} (expected one of count, number, money, percent, wte, range, yes_no, enum, list, table, text, contact, breakdown)",
                        q.key, other
                    ))
                }
            },
        }
    }
    Ok((expects, breakdown))
}

fn is_valid_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

const BUILTIN: [(&str, &str); 2] = [
    (
        "nhs-clinical-coding-2024",
        include_str!("builtin/nhs-clinical-coding-2024.toml"),
    ),
    (
        "nhs-coding-workforce-2025",
        include_str!("builtin/nhs-coding-workforce-2025.toml"),
    ),
];

/// The schemas in play: the built-in ones and any the workspace adds.
#[derive(Debug, Clone)]
pub struct SchemaSet {
    schemas: Vec<Schema>,
}

impl Default for SchemaSet {
    fn default() -> Self {
        SchemaSet::builtin()
    }
}

impl SchemaSet {
    pub fn builtin() -> SchemaSet {
        let schemas = BUILTIN
            .iter()
            .map(|(name, src)| {
                Schema::from_toml(src, "built-in")
                    .unwrap_or_else(|e| panic!("built-in schema {name} is invalid: {e}"))
            })
            .collect();
        SchemaSet { schemas }
    }

    /// Adds (or, for an existing name, replaces) a schema.
    pub fn add(&mut self, schema: Schema) {
        match self.schemas.iter_mut().find(|s| s.name == schema.name) {
            Some(slot) => *slot = schema,
            None => self.schemas.push(schema),
        }
    }

    pub fn get(&self, name: &str) -> Option<&Schema> {
        self.schemas.iter().find(|s| s.name == name)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Schema> {
        self.schemas.iter()
    }

    pub fn len(&self) -> usize {
        self.schemas.len()
    }

    pub fn is_empty(&self) -> bool {
        self.schemas.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_schemas_load() {
        let set = SchemaSet::builtin();
        let cc = set.get("nhs-clinical-coding-2024").unwrap();
        assert_eq!(cc.questions.len(), 16);
        assert_eq!(cc.questions[0].key, "episodes_coded");
        assert!(cc.question("staff_mix").unwrap().breakdown);
        assert_eq!(
            cc.question("automation_plans").unwrap().asked_if,
            Some(Condition {
                question: "automated_solution".into(),
                answer: "no".into()
            })
        );
        assert!(cc.question("responsible_contact").unwrap().personal);
        let wf = set.get("nhs-coding-workforce-2025").unwrap();
        assert_eq!(wf.questions.len(), 8);
    }

    #[test]
    fn bad_schema_names_the_problem() {
        let err = Schema::from_toml(
            "name = \"x\"\n[[question]]\nkey = \"Bad Key\"\ntext = \"?\"\n",
            "foil.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("foil.toml") && err.contains("Bad Key"),
            "{err}"
        );
        let err = Schema::from_toml(
            "name = \"x\"\n[[question]]\nkey = \"a\"\ntext = \"?\"\nexpects = [\"colour\"]\n",
            "foil.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("colour"), "{err}");
    }
}

//! The engine's reading of one response: what every front end shows or exports.
//!
//! Everything here is plain data over byte spans into the analysed text; turning
//! spans into lines and columns, protocol types or JSON is the front ends' job.

use std::fmt;

/// A half-open byte range `start..end` into the analysed text, always on
/// character boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub const fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }

    /// Whether `offset` lies inside or at either edge (for cursors at a token's end).
    pub fn touches(&self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }

    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// A piece of the document's own text together with where it came from.
///
/// `text` is cleaned for reading (label removed, page furniture dropped, runs of
/// white space folded for questions); `span` covers the whole source range.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    pub text: String,
    pub span: Span,
}

/// What SPEC calls the status of an exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Answered,
    Partial,
    NotHeld,
    Exempt,
    Referred,
    Attached,
    NotApplicable,
    Missing,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::Answered,
        Status::Partial,
        Status::NotHeld,
        Status::Exempt,
        Status::Referred,
        Status::Attached,
        Status::NotApplicable,
        Status::Missing,
    ];

    /// The wire name used in JSON, CSV and annotations.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Answered => "answered",
            Status::Partial => "partial",
            Status::NotHeld => "not_held",
            Status::Exempt => "exempt",
            Status::Referred => "referred",
            Status::Attached => "attached",
            Status::NotApplicable => "not_applicable",
            Status::Missing => "missing",
        }
    }

    /// Words for people: "not held", "not applicable".
    pub fn label(self) -> &'static str {
        match self {
            Status::Answered => "answered",
            Status::Partial => "partial",
            Status::NotHeld => "not held",
            Status::Exempt => "exempt",
            Status::Referred => "referred",
            Status::Attached => "attached",
            Status::NotApplicable => "not applicable",
            Status::Missing => "missing",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kind of a value, as SPEC names them; also what a schema question expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueKind {
    Count,
    Number,
    Money,
    Percent,
    Wte,
    Range,
    YesNo,
    Enum,
    List,
    Table,
    Text,
    Contact,
}

impl ValueKind {
    pub const ALL: [ValueKind; 12] = [
        ValueKind::Count,
        ValueKind::Number,
        ValueKind::Money,
        ValueKind::Percent,
        ValueKind::Wte,
        ValueKind::Range,
        ValueKind::YesNo,
        ValueKind::Enum,
        ValueKind::List,
        ValueKind::Table,
        ValueKind::Text,
        ValueKind::Contact,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ValueKind::Count => "count",
            ValueKind::Number => "number",
            ValueKind::Money => "money",
            ValueKind::Percent => "percent",
            ValueKind::Wte => "wte",
            ValueKind::Range => "range",
            ValueKind::YesNo => "yes_no",
            ValueKind::Enum => "enum",
            ValueKind::List => "list",
            ValueKind::Table => "table",
            ValueKind::Text => "text",
            ValueKind::Contact => "contact",
        }
    }

    pub fn parse(s: &str) -> Option<ValueKind> {
        ValueKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Kinds whose value is a figure (a number or a range of numbers).
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            ValueKind::Count
                | ValueKind::Number
                | ValueKind::Money
                | ValueKind::Percent
                | ValueKind::Wte
                | ValueKind::Range
        )
    }
}

impl fmt::Display for ValueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The scalar part of a value.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Scalar {
    #[default]
    None,
    Number(f64),
    Bool(bool),
    Text(String),
}

impl Scalar {
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Scalar::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Scalar::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Scalar::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// One table cell: a figure or words.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Number(f64),
    Text(String),
}

impl Cell {
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Cell::Number(n) => Some(*n),
            Cell::Text(_) => None,
        }
    }
}

/// A table read from the answer: a header (when there is one), its rows, and the
/// total (the stated "Total" row when there is one, otherwise the column sum).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub total: Option<f64>,
    /// Whether `total` was printed in the text (a "Total" row) rather than summed.
    pub total_stated: bool,
    /// The sum of the numeric column, whatever was stated.
    pub computed_total: Option<f64>,
}

/// A value read from (or set by an annotation for) an answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub kind: ValueKind,
    /// Where it was read; for an annotation's value, the annotation line.
    pub span: Span,
    /// The exact source text (`text == span.slice(document)` for read values).
    pub text: String,
    pub value: Scalar,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub approximate: bool,
    pub unit: Option<String>,
    pub label: Option<String>,
    pub currency: Option<&'static str>,
    pub items: Vec<String>,
    /// Boxed: most values are not tables, and a value is copied often.
    pub table: Option<Box<Table>>,
    pub personal_data: bool,
    /// Why this reading is uncertain, when it is: approximate, a number word,
    /// more than one reading, unclear unit.
    pub ambiguity: Option<Ambiguity>,
    /// Other plausible readings of the same text (for "Use reading: …").
    pub alternatives: Vec<Reading>,
}

impl Value {
    /// A value of `kind` over `span` with nothing else set.
    pub fn new(kind: ValueKind, span: Span, text: impl Into<String>) -> Self {
        Value {
            kind,
            span,
            text: text.into(),
            value: Scalar::None,
            min: None,
            max: None,
            approximate: false,
            unit: None,
            label: None,
            currency: None,
            items: Vec::new(),
            table: None,
            personal_data: false,
            ambiguity: None,
            alternatives: Vec::new(),
        }
    }

    pub fn number(&self) -> Option<f64> {
        self.value.as_number()
    }
}

/// Why a value is flagged `ambiguous-value`.
#[derive(Debug, Clone, PartialEq)]
pub enum Ambiguity {
    Approximate,
    NumberWord,
    SeveralReadings,
    UnclearUnit,
}

impl Ambiguity {
    pub fn describe(&self) -> &'static str {
        match self {
            Ambiguity::Approximate => "the figure is approximate",
            Ambiguity::NumberWord => "the figure is written in words",
            Ambiguity::SeveralReadings => "the figure can be read more than one way",
            Ambiguity::UnclearUnit => "the unit of the figure is unclear",
        }
    }
}

/// An alternative reading of a value's text: a normalised form and what it means.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub kind: ValueKind,
    pub value: Scalar,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub approximate: bool,
    pub unit: Option<String>,
    pub description: String,
}

/// Severity of a finding, as LSP and rustc-style output know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "information" | "info" => Some(Severity::Information),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// SPEC's finding codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    MissingAnswer,
    MissingQuestion,
    NotHeld,
    Exempt,
    Referred,
    Attached,
    NotApplicable,
    Inconsistent,
    AmbiguousValue,
    PersonalData,
    UnknownQuestion,
    UncertainReading,
    AnnotationInvalid,
    AnnotationMismatch,
    AnnotationStale,
    /// A figure far outside the same key's figures across a campaign (found by
    /// `crate::campaign`, never by the per-document engine).
    Outlier,
}

impl Code {
    pub const ALL: [Code; 16] = [
        Code::MissingAnswer,
        Code::MissingQuestion,
        Code::NotHeld,
        Code::Exempt,
        Code::Referred,
        Code::Attached,
        Code::NotApplicable,
        Code::Inconsistent,
        Code::AmbiguousValue,
        Code::PersonalData,
        Code::UnknownQuestion,
        Code::UncertainReading,
        Code::AnnotationInvalid,
        Code::AnnotationMismatch,
        Code::AnnotationStale,
        Code::Outlier,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::MissingAnswer => "missing-answer",
            Code::MissingQuestion => "missing-question",
            Code::NotHeld => "not-held",
            Code::Exempt => "exempt",
            Code::Referred => "referred",
            Code::Attached => "attached",
            Code::NotApplicable => "not-applicable",
            Code::Inconsistent => "inconsistent",
            Code::AmbiguousValue => "ambiguous-value",
            Code::PersonalData => "personal-data",
            Code::UnknownQuestion => "unknown-question",
            Code::UncertainReading => "uncertain-reading",
            Code::AnnotationInvalid => "annotation-invalid",
            Code::AnnotationMismatch => "annotation-mismatch",
            Code::AnnotationStale => "annotation-stale",
            Code::Outlier => "outlier",
        }
    }

    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Severity unless the workspace configuration says otherwise.
    pub fn default_severity(self) -> Severity {
        match self {
            Code::AnnotationInvalid => Severity::Error,
            Code::MissingAnswer
            | Code::MissingQuestion
            | Code::Inconsistent
            | Code::PersonalData
            | Code::AnnotationStale => Severity::Warning,
            Code::NotHeld
            | Code::Exempt
            | Code::Referred
            | Code::Attached
            | Code::NotApplicable
            | Code::AmbiguousValue
            | Code::UnknownQuestion
            | Code::UncertainReading
            | Code::AnnotationMismatch => Severity::Information,
            Code::Outlier => Severity::Hint,
        }
    }

    /// One line on what the code means, for hovers and `codeDescription`-less clients.
    pub fn summary(self) -> &'static str {
        match self {
            Code::MissingAnswer => "a question has no answer in the document",
            Code::MissingQuestion => "a question of the request is not addressed",
            Code::NotHeld => "the authority says it does not hold the information",
            Code::Exempt => "the information is withheld under an exemption",
            Code::Referred => "the answer points to another answer",
            Code::Attached => "the information is in an attachment",
            Code::NotApplicable => "the authority says the question does not apply",
            Code::Inconsistent => "figures that do not add up",
            Code::AmbiguousValue => "a figure that can be read more than one way",
            Code::PersonalData => "names, emails or phone numbers of individuals",
            Code::UnknownQuestion => "a question that matches no question of the schema",
            Code::UncertainReading => "the reader is unsure of its reading here, and says why",
            Code::AnnotationInvalid => "an annotation foil cannot read",
            Code::AnnotationMismatch => "an annotation that overrides what the text says",
            Code::AnnotationStale => "a verified reading that no longer matches the text",
            Code::Outlier => "a figure far outside the same question's figures across the campaign",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Another place a finding is about (a referral's target, the other figure of an
/// inconsistency).
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    pub span: Span,
    pub message: String,
}

/// One finding (a diagnostic) about the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// The key of the exchange it is about.
    pub key: Option<String>,
    pub span: Span,
    pub related: Vec<Related>,
}

impl Finding {
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Finding {
            code,
            severity: code.default_severity(),
            message: message.into(),
            key: None,
            span,
            related: Vec::new(),
        }
    }

    pub fn with_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            span,
            message: message.into(),
        });
        self
    }
}

/// A check that was run on an exchange (shown on hover: passed and failed).
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub description: String,
    pub passed: bool,
}

/// Document meta: who answered, their reference, when, about what.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Meta {
    pub organisation: Option<Located>,
    pub reference: Option<Located>,
    /// ISO `YYYY-MM-DD` in `text`; `span` is the printed date.
    pub date: Option<Located>,
    pub subject: Option<Located>,
}

/// One question of the response with its answer and reading.
#[derive(Debug, Clone, PartialEq)]
pub struct Exchange {
    /// Schema key (`episodes_coded`) or `q1`, `q2`, … without a schema.
    pub key: String,
    /// The printed label ("1", "Q4", "1a"), when there is one.
    pub number: Option<String>,
    /// The question as asked; `None` for a schema question the document never asks.
    pub question: Option<Located>,
    /// The answer; `None` when there is none.
    pub answer: Option<Located>,
    pub status: Status,
    /// `s40`, `s12`, `r12`, … for exempt answers.
    pub exemption: Option<String>,
    /// The key of the exchange a referral points to.
    pub refers_to: Option<String>,
    pub values: Vec<Value>,
    /// Figures read from an answer whose status gives none (not held, exempt,
    /// …): a person who marks it answered or partial gets them back.
    pub set_aside: Vec<Value>,
    /// Index into the schema's questions when this exchange was matched to one.
    pub schema_question: Option<usize>,
    /// The kinds of value the question expects, most likely first (from the schema,
    /// else from its wording); empty when it expects prose.
    pub expects: Vec<ValueKind>,
    /// Index into `Analysis::annotations` of the annotation that decides this exchange.
    pub annotation: Option<usize>,
    /// Checks run on this exchange, for hovers.
    pub checks: Vec<Check>,
    /// Where the whole exchange lies (question through answer), for folding and symbols.
    pub span: Span,
}

/// The number a printed label starts with: "4 & 5" → 4, "12a" → 12.
pub(crate) fn first_number(label: Option<&str>) -> Option<u32> {
    let first = label?.split('&').next()?.trim_end();
    first.trim_end_matches(char::is_alphabetic).parse().ok()
}

impl Exchange {
    /// An exchange with only a key and a status: no question, answer, values
    /// or schema question (the placeholder of an unasked schema question
    /// starts from this).
    pub fn bare(key: impl Into<String>, status: Status) -> Exchange {
        Exchange {
            key: key.into(),
            number: None,
            question: None,
            answer: None,
            status,
            exemption: None,
            refers_to: None,
            values: Vec::new(),
            set_aside: Vec::new(),
            schema_question: None,
            expects: Vec::new(),
            annotation: None,
            checks: Vec::new(),
            span: Span::empty(0),
        }
    }
}

/// The reading of one response.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Analysis {
    /// The chosen schema's name.
    pub schema: Option<String>,
    pub meta: Meta,
    pub exchanges: Vec<Exchange>,
    pub findings: Vec<Finding>,
    pub annotations: Vec<crate::engine::annotation::Annotation>,
    /// Whether the text reads as an FOI response at all (front ends show nothing otherwise).
    pub looks_like_foi: bool,
}

impl Analysis {
    pub fn exchange(&self, key: &str) -> Option<&Exchange> {
        self.exchanges.iter().find(|e| e.key == key)
    }

    /// Counts per status, in `Status::ALL` order, for tallies and lenses.
    pub fn tally(&self) -> Vec<(Status, usize)> {
        Status::ALL
            .into_iter()
            .map(|st| (st, self.exchanges.iter().filter(|e| e.status == st).count()))
            .filter(|(_, n)| *n > 0)
            .collect()
    }
}

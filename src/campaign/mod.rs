//! A campaign: many responses to one request, read together.
//!
//! The per-document engine reads each response on its own; this module takes
//! many readings (and their schemas) and works out what only the whole can
//! say: each response's triage, the distribution of every numeric question's
//! figures and the figures far outside it ([`figures`]), how much has been
//! verified, and the queue of findings a reviewer still has to look at. The
//! CLI (`foil report`, `foil check`, the extract formats) and the language
//! server's workspace features only present these results.
//!
//! A campaign is built one response at a time ([`CampaignBuilder::add`]) and
//! keeps only a summary of each, so a folder of a thousand responses never has
//! to be held in memory whole.

pub mod figures;
pub mod request;
pub mod triage;

use std::collections::HashMap;

use crate::engine::annotation::Verb;
use crate::engine::model::{Analysis, Code, Exchange, Finding, Severity, Status, ValueKind};
use crate::engine::text::LineIndex;
use crate::export::Document;

pub use figures::{Distribution, Figure, MIN_RESPONSES, OUTLIER_MADS};
pub use triage::{looks_like_response, triage, Triage};

/// The triage of one document as read.
pub fn triage_of(doc: &Document) -> Triage {
    triage(
        doc.text,
        doc.analysis,
        looks_like_response(doc.text, doc.analysis),
    )
}

/// Findings that are readings rather than doubts: they say what the answer
/// is, and a reviewer has nothing to check.
pub fn is_reading(code: Code) -> bool {
    matches!(
        code,
        Code::NotHeld | Code::Exempt | Code::Referred | Code::Attached | Code::NotApplicable
    )
}

/// Findings that cast doubt on a reading (what `foil.nextUnverified` visits).
pub fn is_doubt(code: Code) -> bool {
    matches!(
        code,
        Code::MissingAnswer
            | Code::MissingQuestion
            | Code::AmbiguousValue
            | Code::Inconsistent
            | Code::UnknownQuestion
            | Code::AnnotationStale
            | Code::Outlier
    )
}

/// How far people have got in checking the answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// A `verify` annotation confirms the reading (and is not stale).
    pub verified: usize,
    /// A `set` annotation overrides it.
    pub overridden: usize,
    /// No person has looked yet.
    pub unreviewed: usize,
}

impl Progress {
    pub fn total(&self) -> usize {
        self.verified + self.overridden + self.unreviewed
    }

    pub fn add(&mut self, other: Progress) {
        self.verified += other.verified;
        self.overridden += other.overridden;
        self.unreviewed += other.unreviewed;
    }

    /// The answers of one reading: those with an answer or a decision in the text.
    pub fn of(analysis: &Analysis) -> Progress {
        let mut p = Progress::default();
        for e in analysis.exchanges.iter().filter(|e| reviewable(e)) {
            match review_of(analysis, e) {
                Review::Verified => p.verified += 1,
                Review::Overridden => p.overridden += 1,
                Review::Unreviewed => p.unreviewed += 1,
            }
        }
        p
    }
}

/// What a person decided about one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Review {
    Verified,
    Overridden,
    Unreviewed,
}

impl Review {
    pub fn as_str(self) -> &'static str {
        match self {
            Review::Verified => "verified",
            Review::Overridden => "overridden",
            Review::Unreviewed => "unreviewed",
        }
    }
}

/// Whether an exchange is an answer a person could verify.
pub fn reviewable(e: &Exchange) -> bool {
    e.status != Status::Missing && (e.answer.is_some() || e.annotation.is_some())
}

/// The decision on one exchange: a stale `verify` no longer counts.
pub fn review_of(analysis: &Analysis, e: &Exchange) -> Review {
    let Some(a) = e.annotation.and_then(|i| analysis.annotations.get(i)) else {
        return Review::Unreviewed;
    };
    match a.verb {
        Verb::Set => Review::Overridden,
        Verb::Verify => {
            let stale = analysis
                .findings
                .iter()
                .any(|f| f.code == Code::AnnotationStale && f.key.as_deref() == Some(&e.key));
            if stale {
                Review::Unreviewed
            } else {
                Review::Verified
            }
        }
        Verb::Ignore | Verb::Question | Verb::Answer | Verb::Furniture => Review::Unreviewed,
    }
}

/// One response as the campaign keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub path: String,
    pub triage: Triage,
    pub schema: Option<String>,
    pub organisation: Option<String>,
    /// Each question's key and status, in the reading's order.
    pub statuses: Vec<(String, Status)>,
    pub progress: Progress,
}

/// A finding waiting for a reviewer, with where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueEntry {
    /// Index of the response.
    pub response: usize,
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub key: Option<String>,
    /// 1-based.
    pub line: usize,
}

/// One schema question, as a column of the coverage matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub key: String,
    pub number: String,
    pub text: String,
}

/// The responses read against one schema (or none), for the coverage matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// `None` for responses that matched no schema (columns are then the
    /// questions in the order asked).
    pub schema: Option<String>,
    pub title: String,
    pub columns: Vec<Column>,
    /// Indices of the responses, in input order.
    pub responses: Vec<usize>,
}

/// Everything a campaign says.
#[derive(Debug, Clone, Default)]
pub struct Campaign {
    /// Every document given, in input order (including those that are not responses).
    pub responses: Vec<Response>,
    pub distributions: Vec<Distribution>,
    /// Findings of doubt and outliers, by response then line.
    pub queue: Vec<QueueEntry>,
    pub groups: Vec<Group>,
}

/// Builds a [`Campaign`] one document at a time.
#[derive(Default)]
pub struct CampaignBuilder {
    responses: Vec<Response>,
    /// Each schema's questions as columns, in schema order, from the readings
    /// (a reading lists every question of its schema, asked or not).
    schema_columns: HashMap<String, Vec<Option<Column>>>,
    figures: HashMap<(String, String, ValueKind), Vec<Figure>>,
    queue: Vec<QueueEntry>,
    /// The most questions any schema-less response asked.
    widest_unmatched: usize,
}

impl CampaignBuilder {
    pub fn new() -> Self {
        CampaignBuilder::default()
    }

    /// Learns the columns of the reading's schema from its exchanges.
    fn learn_columns(&mut self, schema: &str, analysis: &Analysis) {
        let columns = self.schema_columns.entry(schema.to_string()).or_default();
        for e in &analysis.exchanges {
            let Some(i) = e.schema_question else { continue };
            if columns.len() <= i {
                columns.resize(i + 1, None);
            }
            let slot = &mut columns[i];
            let worded = slot.as_ref().is_some_and(|c| !c.text.is_empty());
            if !worded {
                *slot = Some(Column {
                    key: e.key.clone(),
                    number: (i + 1).to_string(),
                    text: e
                        .question
                        .as_ref()
                        .map(|q| q.text.clone())
                        .unwrap_or_default(),
                });
            }
        }
    }

    /// Adds one document and says how it was triaged.
    pub fn add(&mut self, doc: &Document) -> Triage {
        let index = self.responses.len();
        let analysis = doc.analysis;
        let triage = triage_of(doc);
        if triage.is_response() {
            if let Some(schema) = &analysis.schema {
                self.learn_columns(schema, analysis);
                for e in &analysis.exchanges {
                    for (kind, value, span, text) in figures::figures_of(e) {
                        self.figures
                            .entry((schema.clone(), e.key.clone(), kind))
                            .or_default()
                            .push(Figure {
                                response: index,
                                value,
                                span,
                                text,
                            });
                    }
                }
            } else {
                self.widest_unmatched = self.widest_unmatched.max(analysis.exchanges.len());
            }
            let lines = LineIndex::new(doc.text);
            for f in analysis.findings.iter().filter(|f| !is_reading(f.code)) {
                self.queue.push(QueueEntry {
                    response: index,
                    code: f.code,
                    severity: f.severity,
                    message: f.message.clone(),
                    key: f.key.clone(),
                    line: lines.line_of(f.span.start) + 1,
                });
            }
        }
        self.responses.push(Response {
            path: doc.path.to_string(),
            triage,
            schema: analysis.schema.clone(),
            organisation: analysis.meta.organisation.as_ref().map(|o| o.text.clone()),
            statuses: analysis
                .exchanges
                .iter()
                .map(|e| (e.key.clone(), e.status))
                .collect(),
            progress: Progress::of(analysis),
        });
        triage
    }

    /// The outlier findings need every figure: the line of each is found from
    /// `line_of(response, span start)`, which the caller answers from the text
    /// it still has or reads again; `None` keeps the finding off the queue.
    pub fn finish(self) -> Campaign {
        self.finish_with_lines(|_, _| None)
    }

    /// [`finish`](Self::finish), placing outliers in the queue at the lines
    /// `line_of(response, offset)` gives (1-based).
    pub fn finish_with_lines(
        mut self,
        mut line_of: impl FnMut(usize, usize) -> Option<usize>,
    ) -> Campaign {
        let mut distributions: Vec<Distribution> = self
            .figures
            .drain()
            .map(|((schema, key, kind), figures)| Distribution::new(&schema, &key, kind, figures))
            .collect();
        let order = |d: &Distribution| {
            let position = self
                .schema_columns
                .get(&d.schema)
                .and_then(|cols| {
                    cols.iter()
                        .position(|c| c.as_ref().is_some_and(|c| c.key == d.key))
                })
                .unwrap_or(usize::MAX);
            (d.schema.clone(), position, d.key.clone(), d.kind.as_str())
        };
        distributions.sort_by_cached_key(order);
        for d in &distributions {
            for &i in &d.outliers {
                let finding = d.finding(i);
                let response = d.figures[i].response;
                if let Some(line) = line_of(response, finding.span.start) {
                    self.queue.push(QueueEntry {
                        response,
                        code: finding.code,
                        severity: finding.severity,
                        message: finding.message,
                        key: finding.key,
                        line,
                    });
                }
            }
        }
        self.queue.sort_by_key(|q| (q.response, q.line));
        let groups = self.groups();
        Campaign {
            responses: self.responses,
            distributions,
            queue: self.queue,
            groups,
        }
    }

    fn groups(&self) -> Vec<Group> {
        let mut groups: Vec<Group> = Vec::new();
        for (i, r) in self.responses.iter().enumerate() {
            if !r.triage.is_response() {
                continue;
            }
            match groups.iter_mut().find(|g| g.schema == r.schema) {
                Some(g) => g.responses.push(i),
                None => groups.push(self.group(r.schema.as_deref(), i)),
            }
        }
        // Schemas first, in the order first met; unmatched responses last.
        groups.sort_by_key(|g| g.schema.is_none());
        groups
    }

    fn group(&self, schema: Option<&str>, first: usize) -> Group {
        let (title, columns) = match schema {
            Some(name) => (
                format!("Schema {name}"),
                self.schema_columns
                    .get(name)
                    .map(|cols| cols.iter().flatten().cloned().collect())
                    .unwrap_or_default(),
            ),
            None => (
                "Responses without a schema (questions in the order asked)".to_string(),
                (1..=self.widest_unmatched)
                    .map(|n| Column {
                        key: format!("q{n}"),
                        number: n.to_string(),
                        text: format!("question {n} as asked"),
                    })
                    .collect(),
            ),
        };
        // Numbering that restarts under headings would repeat in the header:
        // number the columns in order instead (the wording is in the tooltip).
        let mut columns: Vec<Column> = columns;
        let repeats = columns
            .iter()
            .enumerate()
            .any(|(i, c)| columns[..i].iter().any(|o| o.number == c.number));
        if repeats {
            for (i, c) in columns.iter_mut().enumerate() {
                c.number = (i + 1).to_string();
            }
        }
        Group {
            schema: schema.map(str::to_string),
            title,
            columns,
            responses: vec![first],
        }
    }
}

impl Campaign {
    /// Reads a whole campaign at once (tests, small folders).
    pub fn of(docs: &[Document]) -> Campaign {
        let mut builder = CampaignBuilder::new();
        for doc in docs {
            builder.add(doc);
        }
        let lines: Vec<LineIndex> = docs.iter().map(|d| LineIndex::new(d.text)).collect();
        builder.finish_with_lines(|r, offset| Some(lines[r].line_of(offset) + 1))
    }

    /// How many documents of each triage, in [`Triage::ALL`] order.
    pub fn triage_counts(&self) -> Vec<(Triage, usize)> {
        Triage::ALL
            .into_iter()
            .map(|t| (t, self.responses.iter().filter(|r| r.triage == t).count()))
            .collect()
    }

    /// How many documents are FOI responses.
    pub fn response_count(&self) -> usize {
        self.responses
            .iter()
            .filter(|r| r.triage.is_response())
            .count()
    }

    /// Verification progress over every response.
    pub fn progress(&self) -> Progress {
        let mut p = Progress::default();
        for r in self.responses.iter().filter(|r| r.triage.is_response()) {
            p.add(r.progress);
        }
        p
    }

    /// The outlier findings of response `index`.
    pub fn outliers_of(&self, index: usize) -> Vec<Finding> {
        let mut out = Vec::new();
        for d in &self.distributions {
            for &i in &d.outliers {
                if d.figures[i].response == index {
                    out.push(d.finding(i));
                }
            }
        }
        out.sort_by_key(|f| f.span.start);
        out
    }

    /// The outlier findings of a reading of the response at `path` as it is
    /// now (an editor's unsaved text): each of its figures is compared with
    /// the other responses' figures for the same question.
    pub fn outliers_for(&self, path: &str, analysis: &Analysis) -> Vec<Finding> {
        let Some(schema) = &analysis.schema else {
            return Vec::new();
        };
        let own = self.responses.iter().position(|r| r.path == path);
        let mut out = Vec::new();
        for e in &analysis.exchanges {
            for (kind, value, span, text) in figures::figures_of(e) {
                let Some(d) = self
                    .distributions
                    .iter()
                    .find(|d| &d.schema == schema && d.key == e.key && d.kind == kind)
                else {
                    continue;
                };
                let mut others: Vec<Figure> = d
                    .figures
                    .iter()
                    .filter(|f| Some(f.response) != own)
                    .cloned()
                    .collect();
                let this = usize::MAX;
                others.push(Figure {
                    response: this,
                    value,
                    span,
                    text,
                });
                let with = Distribution::new(schema, &e.key, kind, others);
                if let Some(i) = with.figures.iter().position(|f| f.response == this) {
                    if with.is_outlier(i) {
                        out.push(with.finding(i));
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;

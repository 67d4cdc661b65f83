//! SPEC's JSON view: one object per document with its meta, questions, values and
//! findings, every span with its byte range and 1-based line and column.
//! Datasets leave personal data out unless asked (see [`redact`](super::redact)).

use std::borrow::Cow;
use std::io::{self, Write};

use serde::ser::{Serialize, Serializer};
use serde::Serialize as DeriveSerialize;

use crate::engine::model::{Cell, Exchange, Finding, Located, Scalar, Span, Value, ValueKind};
use crate::engine::personal::PLACEHOLDER;
use crate::engine::text::LineIndex;
use crate::export::redact::Redaction;
use crate::export::Document;

/// SPEC's JSON object for one document; personal data left out unless
/// `include_personal`.
pub fn document_json(doc: &Document, include_personal: bool) -> serde_json::Value {
    shown(doc, include_personal, |out| serde_json::to_value(out)).unwrap_or(serde_json::Value::Null)
}

/// Runs `f` on `doc` as exported: redacted unless `include_personal`.
fn shown<R>(doc: &Document, include_personal: bool, f: impl FnOnce(&DocumentOut) -> R) -> R {
    if include_personal {
        return f(&DocumentOut::new(doc, None));
    }
    let redaction = Redaction::of(doc);
    if redaction.is_empty() {
        return f(&DocumentOut::new(doc, None));
    }
    // Redacted as it is written: only the strings that change are copied.
    f(&DocumentOut::new(doc, Some(&redaction)))
}

/// A JSON array, one object per document, in order (pretty-printed),
/// personal data left out.
pub fn to_json(docs: &[Document]) -> String {
    let mut array = JsonArray::new(Vec::new());
    for doc in docs {
        // Writing into memory cannot fail.
        let _ = array.push_document(doc);
    }
    into_string(array.finish())
}

/// One JSON object per line, personal data left out.
pub fn to_jsonl(docs: &[Document]) -> String {
    let mut out = Vec::new();
    for doc in docs {
        let _ = write_jsonl_line(&mut out, doc, false);
    }
    String::from_utf8(out).unwrap_or_default()
}

/// `foil check --format json`: an array of `{path, findings}` in order. Not
/// a dataset but a report on the user's own files: nothing is redacted.
pub fn findings_json(docs: &[Document]) -> String {
    let mut array = JsonArray::new(Vec::new());
    for doc in docs {
        let _ = array.push_findings(doc);
    }
    into_string(array.finish())
}

fn into_string(bytes: io::Result<Vec<u8>>) -> String {
    bytes
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default()
}

/// One document as one line of JSON; personal data left out unless
/// `include_personal`.
pub fn write_jsonl_line(
    mut out: impl Write,
    doc: &Document,
    include_personal: bool,
) -> io::Result<()> {
    shown(doc, include_personal, |item| {
        serde_json::to_writer(&mut out, item)
    })?;
    out.write_all(b"\n")
}

/// A pretty-printed JSON array written one element at a time, and each
/// element as it is serialized, so that neither a dataset nor one large
/// response's JSON is ever held in memory whole. Nothing is written before the
/// first element; [`finish`](Self::finish) closes the array (`[]` when it is
/// empty). Personal data is left out unless
/// [`with_personal_data`](Self::with_personal_data).
pub struct JsonArray<W: Write> {
    out: W,
    len: usize,
    include_personal: bool,
    /// Reused for every element: the writer sees writes of this size.
    buffer: Vec<u8>,
}

impl<W: Write> JsonArray<W> {
    pub fn new(out: W) -> Self {
        JsonArray {
            out,
            len: 0,
            include_personal: false,
            buffer: Vec::new(),
        }
    }

    /// Whether documents keep their personal data (`--include-personal-data`).
    pub fn with_personal_data(mut self, include: bool) -> Self {
        self.include_personal = include;
        self
    }

    /// Appends SPEC's object for `doc`.
    pub fn push_document(&mut self, doc: &Document) -> io::Result<()> {
        let include = self.include_personal;
        shown(doc, include, |item| self.push(item))
    }

    /// Appends `{path, findings}` for `doc` (the `foil check --format json`
    /// view, never redacted).
    pub fn push_findings(&mut self, doc: &Document) -> io::Result<()> {
        self.push(&FileFindings::new(doc))
    }

    /// As [`push_findings`](Self::push_findings), with the findings of the
    /// text that annotations resolved (`"resolved"`, each with `"by"`: the
    /// annotation lines).
    pub fn push_findings_resolved(
        &mut self,
        doc: &Document,
        resolved: &[crate::engine::annotation::resolved::Resolved],
    ) -> io::Result<()> {
        let spans = Spans::new(doc.text);
        let mut file = FileFindings::new(doc);
        file.resolved = resolved
            .iter()
            .map(|r| ResolvedOut {
                finding: FindingOut::new(&r.finding, &spans, Shown { redaction: None }),
                by: r.by.iter().map(|&s| spans.span(s)).collect(),
            })
            .collect();
        self.push(&file)
    }

    /// How many elements were written.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn push(&mut self, item: &impl Serialize) -> io::Result<()> {
        let mut indented = Indented {
            out: &mut self.out,
            buffer: std::mem::take(&mut self.buffer),
        };
        indented
            .buffer
            .extend_from_slice(if self.len == 0 { b"[\n  " } else { b",\n  " });
        serde_json::to_writer_pretty(&mut indented, item)?;
        indented.flush()?;
        self.buffer = indented.buffer;
        self.len += 1;
        Ok(())
    }

    /// Closes the array and hands back the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.out
            .write_all(if self.len == 0 { b"[]" } else { b"\n]" })?;
        Ok(self.out)
    }
}

/// Passes pretty-printed JSON on with two spaces after each line break, to
/// nest an element inside the array (JSON strings escape their line breaks,
/// so every raw `\n` is between tokens), in writes of about [`CHUNK`] bytes.
struct Indented<'w, W: Write> {
    out: &'w mut W,
    buffer: Vec<u8>,
}

const CHUNK: usize = 64 * 1024;

impl<W: Write> Write for Indented<'_, W> {
    fn write(&mut self, json: &[u8]) -> io::Result<usize> {
        let mut start = 0;
        for i in memchr::memchr_iter(b'\n', json) {
            self.buffer.extend_from_slice(&json[start..=i]);
            self.buffer.extend_from_slice(b"  ");
            start = i + 1;
        }
        self.buffer.extend_from_slice(&json[start..]);
        if self.buffer.len() >= CHUNK {
            self.out.write_all(&self.buffer)?;
            self.buffer.clear();
        }
        Ok(json.len())
    }

    /// Hands on what is buffered (not flushing the writer itself).
    fn flush(&mut self) -> io::Result<()> {
        self.out.write_all(&self.buffer)?;
        self.buffer.clear();
        Ok(())
    }
}

#[derive(DeriveSerialize)]
struct FileFindings<'a> {
    path: &'a str,
    findings: Vec<FindingOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    resolved: Vec<ResolvedOut<'a>>,
}

#[derive(DeriveSerialize)]
struct ResolvedOut<'a> {
    #[serde(flatten)]
    finding: FindingOut<'a>,
    by: Vec<SpanOut>,
}

impl<'a> FileFindings<'a> {
    fn new(doc: &Document<'a>) -> Self {
        let spans = Spans::new(doc.text);
        FileFindings {
            path: doc.path,
            findings: doc
                .analysis
                .findings
                .iter()
                .map(|f| FindingOut::new(f, &spans, Shown { redaction: None }))
                .collect(),
            resolved: Vec::new(),
        }
    }
}

/// A figure as JSON: whole numbers as integers (`6793`, not `6793.0`), and
/// non-finite numbers, which JSON cannot hold, as `null`.
#[derive(Debug, Clone, Copy)]
struct Num(f64);

/// Whole numbers up to 2^53 are exactly representable both ways.
const EXACT_INTEGER_LIMIT: f64 = 9_007_199_254_740_992.0;

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let n = self.0;
        if !n.is_finite() {
            s.serialize_none()
        } else if n.fract() == 0.0 && n.abs() <= EXACT_INTEGER_LIMIT {
            // Exact: the value is whole and within i64's exact range.
            s.serialize_i64(n as i64)
        } else {
            s.serialize_f64(n)
        }
    }
}

/// Byte offsets to lines and columns for one text.
struct Spans<'t> {
    text: &'t str,
    index: LineIndex,
    /// Every `MARK` bytes or so (on a character boundary), the byte and the
    /// characters before it: a column is counted from the nearest mark, not
    /// from the start of its line, which on a long line took the square of
    /// its length.
    marks: Vec<(usize, usize)>,
}

const MARK: usize = 4096;

impl<'t> Spans<'t> {
    fn new(text: &'t str) -> Self {
        let mut marks = vec![(0, 0)];
        let (mut byte, mut chars) = (0, 0);
        while byte + MARK < text.len() {
            let mut next = byte + MARK;
            while !text.is_char_boundary(next) {
                next += 1;
            }
            chars += text[byte..next].chars().count();
            byte = next;
            marks.push((byte, chars));
        }
        Spans {
            text,
            index: LineIndex::new(text),
            marks,
        }
    }

    /// Characters before byte `at` (a character boundary).
    fn chars_before(&self, at: usize) -> usize {
        let (byte, chars) = self.marks[self.marks.partition_point(|m| m.0 <= at) - 1];
        chars + self.text[byte..at].chars().count()
    }

    fn span(&self, span: Span) -> SpanOut {
        let at = crate::engine::text::floor_char_boundary(self.text, span.start);
        let line = self.index.line_of(at);
        let line_start = self.index.line_start(line).unwrap_or(0);
        SpanOut {
            start: span.start,
            end: span.end,
            line: line + 1,
            column: self.chars_before(at) - self.chars_before(line_start) + 1,
        }
    }
}

/// Strings as exported: with personal data replaced when there is a
/// redaction.
#[derive(Clone, Copy)]
struct Shown<'r> {
    redaction: Option<&'r Redaction>,
}

impl Shown<'_> {
    fn text<'a>(&self, s: &'a str) -> Cow<'a, str> {
        match self.redaction {
            Some(r) => r.text(s),
            None => Cow::Borrowed(s),
        }
    }

    fn located<'a>(&self, spans: &Spans, located: &'a Located) -> LocatedOut<'a> {
        LocatedOut {
            text: self.text(&located.text),
            span: spans.span(located.span),
        }
    }
}

#[derive(DeriveSerialize)]
struct SpanOut {
    start: usize,
    end: usize,
    line: usize,
    column: usize,
}

#[derive(DeriveSerialize)]
struct LocatedOut<'a> {
    text: Cow<'a, str>,
    span: SpanOut,
}

/// SPEC's object for one document, serialized as it is read: each question
/// and finding is made as it is written, so no copy of a whole response's
/// reading is held.
struct DocumentOut<'a, 'r> {
    doc: Document<'a>,
    spans: Spans<'a>,
    shown: Shown<'r>,
}

/// A document's questions, made as they are written.
struct Questions<'d, 'a, 'r>(&'d DocumentOut<'a, 'r>);

/// A document's findings, made as they are written.
struct Findings<'d, 'a, 'r>(&'d DocumentOut<'a, 'r>);

#[derive(DeriveSerialize)]
struct MetaOut<'a> {
    organisation: Option<Cow<'a, str>>,
    reference: Option<Cow<'a, str>>,
    date: Option<Cow<'a, str>>,
    subject: Option<Cow<'a, str>>,
}

#[derive(DeriveSerialize)]
struct QuestionOut<'a> {
    key: &'a str,
    number: Option<&'a str>,
    question: Option<LocatedOut<'a>>,
    status: &'static str,
    exemption: Option<&'a str>,
    refers_to: Option<&'a str>,
    answer: Option<LocatedOut<'a>>,
    values: Vec<ValueOut<'a>>,
    annotation: Option<AnnotationOut<'a>>,
}

#[derive(DeriveSerialize)]
struct AnnotationOut<'a> {
    verb: &'static str,
    line: usize,
    text: Cow<'a, str>,
}

#[derive(DeriveSerialize)]
struct ValueOut<'a> {
    kind: &'static str,
    text: Cow<'a, str>,
    span: SpanOut,
    value: ScalarOut<'a>,
    min: Option<Num>,
    max: Option<Num>,
    approximate: bool,
    unit: Option<&'a str>,
    label: Option<Cow<'a, str>>,
    currency: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    items: Option<Vec<Cow<'a, str>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    columns: Option<Vec<Cow<'a, str>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rows: Option<Vec<Vec<CellOut<'a>>>>,
    /// `Some(None)` prints `"total": null` for a table without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    total: Option<Option<Num>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    personal_data: Option<bool>,
}

#[derive(DeriveSerialize)]
#[serde(untagged)]
enum ScalarOut<'a> {
    Null,
    Number(Num),
    Bool(bool),
    Text(Cow<'a, str>),
}

#[derive(DeriveSerialize)]
#[serde(untagged)]
enum CellOut<'a> {
    Number(Num),
    Text(Cow<'a, str>),
}

#[derive(DeriveSerialize)]
struct FindingOut<'a> {
    code: &'static str,
    severity: &'static str,
    message: Cow<'a, str>,
    key: Option<&'a str>,
    span: SpanOut,
}

impl<'a, 'r> DocumentOut<'a, 'r> {
    /// With `redaction`, personal data is replaced in every string written.
    fn new(doc: &Document<'a>, redaction: Option<&'r Redaction>) -> Self {
        DocumentOut {
            doc: *doc,
            spans: Spans::new(doc.text),
            shown: Shown { redaction },
        }
    }
}

impl<'a> Serialize for DocumentOut<'a, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let analysis = self.doc.analysis;
        let meta = &analysis.meta;
        let text_of = |l: &'a Option<Located>| l.as_ref().map(|l| self.shown.text(&l.text));
        let mut out = s.serialize_struct("DocumentOut", 6)?;
        out.serialize_field("path", self.doc.path)?;
        out.serialize_field("triage", crate::campaign::triage_of(&self.doc).as_str())?;
        out.serialize_field("schema", &analysis.schema.as_deref())?;
        out.serialize_field(
            "meta",
            &MetaOut {
                organisation: text_of(&meta.organisation),
                reference: text_of(&meta.reference),
                date: text_of(&meta.date),
                subject: text_of(&meta.subject),
            },
        )?;
        out.serialize_field("questions", &Questions(self))?;
        out.serialize_field("findings", &Findings(self))?;
        out.end()
    }
}

impl Serialize for Questions<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let DocumentOut { doc, spans, shown } = self.0;
        s.collect_seq(
            doc.analysis
                .exchanges
                .iter()
                .map(|e| QuestionOut::new(e, doc, spans, *shown)),
        )
    }
}

impl Serialize for Findings<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let DocumentOut { doc, spans, shown } = self.0;
        s.collect_seq(
            doc.analysis
                .findings
                .iter()
                .map(|f| FindingOut::new(f, spans, *shown)),
        )
    }
}

impl<'a> QuestionOut<'a> {
    fn new(e: &'a Exchange, doc: &Document<'a>, spans: &Spans, shown: Shown) -> Self {
        let annotation = e
            .annotation
            .and_then(|i| doc.analysis.annotations.get(i))
            .map(|a| {
                let line = doc.text.get(a.span.start..a.span.end).unwrap_or("").trim();
                AnnotationOut {
                    verb: a.verb.as_str(),
                    line: spans.span(a.span).line,
                    text: shown.text(line),
                }
            });
        QuestionOut {
            key: &e.key,
            number: e.number.as_deref(),
            // The request's own wording, kept as asked (see `redact`).
            question: e
                .question
                .as_ref()
                .map(|q| Shown { redaction: None }.located(spans, q)),
            status: e.status.as_str(),
            exemption: e.exemption.as_deref(),
            refers_to: e.refers_to.as_deref(),
            answer: e.answer.as_ref().map(|a| shown.located(spans, a)),
            values: e
                .values
                .iter()
                .map(|v| ValueOut::new(v, spans, shown))
                .collect(),
            annotation,
        }
    }
}

impl<'a> ValueOut<'a> {
    fn new(v: &'a Value, spans: &Spans, shown: Shown) -> Self {
        let is = |kind: ValueKind| v.kind == kind;
        let table = v.table.as_ref();
        let is_table = is(ValueKind::Table) || table.is_some();
        let hidden = shown.redaction.is_some_and(|r| r.hides(v));
        let texts = |list: &'a [String]| list.iter().map(|s| shown.text(s)).collect();
        ValueOut {
            kind: v.kind.as_str(),
            text: if hidden {
                Cow::Borrowed(PLACEHOLDER)
            } else {
                shown.text(&v.text)
            },
            span: spans.span(v.span),
            value: match &v.value {
                _ if hidden => ScalarOut::Null,
                Scalar::None => ScalarOut::Null,
                Scalar::Number(n) => ScalarOut::Number(Num(*n)),
                Scalar::Bool(b) => ScalarOut::Bool(*b),
                Scalar::Text(s) => ScalarOut::Text(shown.text(s)),
            },
            min: v.min.filter(|_| !hidden).map(Num),
            max: v.max.filter(|_| !hidden).map(Num),
            approximate: v.approximate,
            unit: v.unit.as_deref(),
            label: v.label.as_deref().map(|l| shown.text(l)),
            currency: v.currency,
            items: (is(ValueKind::List) || !v.items.is_empty()).then(|| texts(&v.items)),
            columns: is_table.then(|| table.map_or_else(Vec::new, |t| texts(&t.columns))),
            rows: is_table.then(|| {
                table.map_or_else(Vec::new, |t| {
                    t.rows
                        .iter()
                        .map(|row| {
                            row.iter()
                                .map(|cell| match cell {
                                    Cell::Number(n) => CellOut::Number(Num(*n)),
                                    Cell::Text(s) => CellOut::Text(shown.text(s)),
                                })
                                .collect()
                        })
                        .collect()
                })
            }),
            total: is_table.then(|| table.and_then(|t| t.total).map(Num)),
            personal_data: (is(ValueKind::Contact) || v.personal_data || hidden)
                .then_some(v.personal_data || hidden),
        }
    }
}

impl<'a> FindingOut<'a> {
    fn new(f: &'a Finding, spans: &Spans, shown: Shown) -> Self {
        FindingOut {
            code: f.code.as_str(),
            severity: f.severity.as_str(),
            message: shown.text(&f.message),
            key: f.key.as_deref(),
            span: spans.span(f.span),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::annotation::{Annotation, Verb};
    use crate::engine::model::*;
    use serde_json::json;

    fn located(text: &str, needle: &str) -> Located {
        let start = text.find(needle).unwrap();
        Located {
            text: needle.to_string(),
            span: Span::new(start, start + needle.len()),
        }
    }

    fn exchange(key: &str, status: Status) -> Exchange {
        Exchange::bare(key, status)
    }

    fn value(text: &str, needle: &str, kind: ValueKind) -> Value {
        let start = text.find(needle).unwrap();
        Value::new(kind, Span::new(start, start + needle.len()), needle)
    }

    /// A CRLF response with `£`, `–` and an emoji before the figures, so that byte
    /// offsets, character columns and lines all differ.
    const TEXT: &str = "Ref: FOI 77\r\n1. How much was lost? 😀\r\nAnswer – £60k to £80k\r\n<!-- foil verify q=income_lost value=60000..80000 quote=\"£60k to £80k\" -->\r\n2. Coders?\r\n\t1.8 WTE\r\n";

    fn hand_built() -> Analysis {
        let t = TEXT;
        let mut money = value(t, "£60k to £80k", ValueKind::Money);
        money.min = Some(60000.0);
        money.max = Some(80000.0);
        money.currency = Some("GBP");
        money.unit = Some("GBP".into());
        let mut q1 = exchange("income_lost", Status::Answered);
        q1.number = Some("1".into());
        q1.question = Some(located(t, "How much was lost?"));
        q1.answer = Some(located(t, "£60k to £80k"));
        q1.values = vec![money];
        q1.annotation = Some(0);
        let mut wte = value(t, "1.8 WTE", ValueKind::Wte);
        wte.value = Scalar::Number(1.8);
        wte.unit = Some("WTE".into());
        let mut q2 = exchange("coding_wte", Status::Answered);
        q2.number = Some("2".into());
        q2.values = vec![wte];
        let line_start = t.find("<!--").unwrap();
        let line_end = line_start + t[line_start..].find('\r').unwrap();
        let annotation = Annotation {
            span: Span::new(line_start, line_end),
            verb: Verb::Verify,
            key: Some("income_lost".into()),
            values: Vec::new(),
            status: None,
            exemption: None,
            refers: None,
            quote: Some("£60k to £80k".into()),
            code: None,
            unit: None,
            note: None,
            by: None,
            at: None,
            tokens: Vec::new(),
            exchange: Some(0),
        };
        let finding = Finding::new(
            Code::AmbiguousValue,
            located(t, "£80k").span,
            "the figure is approximate",
        )
        .with_key("income_lost");
        Analysis {
            schema: Some("nhs-clinical-coding-2024".into()),
            meta: Meta {
                reference: Some(located(t, "77")),
                ..Meta::default()
            },
            exchanges: vec![q1, q2],
            findings: vec![finding],
            annotations: vec![annotation],
            looks_like_foi: true,
        }
    }

    #[test]
    fn document_json_has_specs_shape_and_positions() {
        let analysis = hand_built();
        let doc = Document {
            path: "in/a.txt",
            text: TEXT,
            analysis: &analysis,
        };
        let got = document_json(&doc, false);
        let money_start = TEXT.find("£60k").unwrap();
        let expected = json!({
            "path": "in/a.txt",
            "triage": "answered",
            "schema": "nhs-clinical-coding-2024",
            "meta": {"organisation": null, "reference": "77", "date": null, "subject": null},
            "questions": [
                {
                    "key": "income_lost", "number": "1",
                    "question": {"text": "How much was lost?",
                                 "span": {"start": 16, "end": 34, "line": 2, "column": 4}},
                    "status": "answered", "exemption": null, "refers_to": null,
                    // "Answer – " is 9 characters but 11 bytes.
                    "answer": {"text": "£60k to £80k",
                               "span": {"start": money_start, "end": money_start + 14, "line": 3, "column": 10}},
                    "values": [{
                        "kind": "money", "text": "£60k to £80k",
                        "span": {"start": money_start, "end": money_start + 14, "line": 3, "column": 10},
                        "value": null, "min": 60000, "max": 80000, "approximate": false,
                        "unit": "GBP", "label": null, "currency": "GBP"
                    }],
                    "annotation": {
                        "verb": "verify", "line": 4,
                        "text": "<!-- foil verify q=income_lost value=60000..80000 quote=\"£60k to £80k\" -->"
                    }
                },
                {
                    "key": "coding_wte", "number": "2", "question": null,
                    "status": "answered", "exemption": null, "refers_to": null, "answer": null,
                    "values": [{
                        "kind": "wte", "text": "1.8 WTE",
                        "span": {"start": TEXT.find("1.8").unwrap(), "end": TEXT.find("1.8").unwrap() + 7,
                                 "line": 6, "column": 2},
                        "value": 1.8, "min": null, "max": null, "approximate": false,
                        "unit": "WTE", "label": null, "currency": null
                    }],
                    "annotation": null
                }
            ],
            "findings": [{
                "code": "ambiguous-value", "severity": "information",
                "message": "the figure is approximate", "key": "income_lost",
                // "Answer – £60k to " is 17 characters before £80k.
                "span": {"start": TEXT.find("£80k").unwrap(), "end": TEXT.find("£80k").unwrap() + 5,
                         "line": 3, "column": 18}
            }]
        });
        assert_eq!(got, expected);
    }

    #[test]
    fn emoji_count_as_one_column() {
        let text = "😀😀 6793";
        let mut e = exchange("q1", Status::Answered);
        let mut v = value(text, "6793", ValueKind::Count);
        v.value = Scalar::Number(6793.0);
        e.values = vec![v];
        let analysis = Analysis {
            exchanges: vec![e],
            ..Analysis::default()
        };
        let doc = Document {
            path: "e.txt",
            text,
            analysis: &analysis,
        };
        let v = &document_json(&doc, false)["questions"][0]["values"][0];
        assert_eq!(
            v["span"],
            json!({"start": 9, "end": 13, "line": 1, "column": 4})
        );
        // Whole numbers print as integers.
        assert_eq!(v["value"].to_string(), "6793");
    }

    #[test]
    fn kind_specific_fields_appear_for_their_kinds() {
        let text = "Medicode and iPM\nA\t5\nB\t7\nTotal\t12\nJane Doe";
        let mut list = value(text, "Medicode and iPM", ValueKind::List);
        list.items = vec!["Medicode".into(), "iPM".into()];
        let mut table = value(text, "A\t5\nB\t7\nTotal\t12", ValueKind::Table);
        table.table = Some(Box::new(Table {
            columns: vec!["specialty".into(), "episodes".into()],
            rows: vec![
                vec![Cell::Text("A".into()), Cell::Number(5.0)],
                vec![Cell::Text("B".into()), Cell::Number(7.5)],
            ],
            total: Some(12.0),
            total_stated: true,
            computed_total: Some(12.5),
        }));
        let mut contact = value(text, "Jane Doe", ValueKind::Contact);
        contact.personal_data = true;
        contact.value = Scalar::Text("Jane Doe".into());
        let mut yes = value(text, "A", ValueKind::YesNo);
        yes.value = Scalar::Bool(true);
        let mut e = exchange("q1", Status::Answered);
        e.values = vec![list, table, contact, yes];
        let analysis = Analysis {
            exchanges: vec![e],
            ..Analysis::default()
        };
        let doc = Document {
            path: "k.txt",
            text,
            analysis: &analysis,
        };
        let values = document_json(&doc, false)["questions"][0]["values"].clone();
        assert_eq!(values[0]["items"], json!(["Medicode", "iPM"]));
        assert!(values[0].get("rows").is_none());
        assert_eq!(values[1]["columns"], json!(["specialty", "episodes"]));
        assert_eq!(values[1]["rows"], json!([["A", 5], ["B", 7.5]]));
        assert_eq!(values[1]["total"].to_string(), "12");
        assert!(values[1].get("items").is_none());
        assert_eq!(values[2]["personal_data"], json!(true));
        // Exported, the name is left out.
        assert_eq!(values[2]["value"], json!("[personal data]"));
        assert_eq!(values[3]["value"], json!(true));
        assert!(values[3].get("personal_data").is_none());
    }

    #[test]
    fn the_streamed_array_is_serdes_pretty_array() {
        let analysis = hand_built();
        let doc = Document {
            path: "in/a.txt",
            text: TEXT,
            analysis: &analysis,
        };
        let empty = Analysis::default();
        let other = Document {
            path: "b.txt",
            text: "",
            analysis: &empty,
        };
        let docs = [doc, other];
        let whole: Vec<DocumentOut> = docs.iter().map(|d| DocumentOut::new(d, None)).collect();
        assert_eq!(
            to_json(&docs),
            serde_json::to_string_pretty(&whole).unwrap()
        );
        let values: Vec<serde_json::Value> = docs.iter().map(|d| document_json(d, false)).collect();
        let parsed: serde_json::Value = serde_json::from_str(&to_json(&docs)).unwrap();
        assert_eq!(parsed, serde_json::Value::Array(values));
        assert_eq!(to_json(&[]), "[]");
        assert_eq!(findings_json(&[]), "[]");
    }

    #[test]
    fn columns_counted_from_marks_are_columns() {
        // Long lines of wide characters, so marks fall inside characters.
        let text = format!("{}\r\n😀 x\n{}", "é£–".repeat(3000), "a😀".repeat(2000));
        let spans = Spans::new(&text);
        let index = LineIndex::new(&text);
        for at in (0..=text.len()).step_by(7) {
            let out = spans.span(Span::new(at, at));
            assert_eq!((out.line, out.column), index.line_col(&text, at), "at {at}");
        }
    }

    #[test]
    fn numbers_print_as_integers_when_whole() {
        let s = |n: f64| serde_json::to_string(&Num(n)).unwrap();
        assert_eq!(s(6793.0), "6793");
        assert_eq!(s(-2.0), "-2");
        assert_eq!(s(0.1), "0.1");
        assert_eq!(s(84500.0), "84500");
        assert_eq!(s(1e300), "1e+300");
        assert_eq!(s(f64::NAN), "null");
    }

    #[test]
    fn jsonl_is_one_object_per_line_and_spans_survive_bad_offsets() {
        let text = "£";
        let mut analysis = Analysis::default();
        // A span past the end and inside a character must not panic.
        analysis
            .findings
            .push(Finding::new(Code::Inconsistent, Span::new(1, 99), "x"));
        let docs = [
            Document {
                path: "a.txt",
                text,
                analysis: &analysis,
            },
            Document {
                path: "b.txt",
                text: "",
                analysis: &Analysis::default(),
            },
        ];
        let out = to_jsonl(&docs);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2);
        let first: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(first["findings"][0]["span"]["column"], json!(1));
        let all: serde_json::Value = serde_json::from_str(&to_json(&docs)).unwrap();
        assert_eq!(all[1]["path"], json!("b.txt"));
        assert_eq!(all[1]["questions"], json!([]));
        let checked: serde_json::Value = serde_json::from_str(&findings_json(&docs)).unwrap();
        assert_eq!(checked[0]["findings"][0]["code"], json!("inconsistent"));
        assert_eq!(checked[1], json!({"path": "b.txt", "findings": []}));
    }
}

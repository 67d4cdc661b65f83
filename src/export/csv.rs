//! The CSV view: one row per document; `path, triage, schema, organisation,
//! reference, date`, then for every question key a value column and a `<key>_status` column.
//!
//! Keys come in order of first appearance across the documents, a document's own
//! keys in its schema's order when it has one. A value cell renders the values
//! (see [`value_cell`]); personal data is replaced by `[personal data]` unless
//! asked for (see [`redact`](super::redact)).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use crate::engine::model::{Exchange, Located, Scalar, Status, Value, ValueKind};
use crate::engine::text::fold_whitespace;
use crate::export::{Document, Redaction};

const META_COLUMNS: [&str; 6] = [
    "path",
    "triage",
    "schema",
    "organisation",
    "reference",
    "date",
];

/// One row per document; a column per question key plus `<key>_status`.
/// Personal data is left out unless `include_personal`.
pub fn to_csv(docs: &[Document], include_personal: bool) -> String {
    let mut table = CsvTable::new(include_personal);
    for doc in docs {
        table.add(doc);
    }
    table.finish()
}

/// The CSV built one document at a time: each document is reduced to its cells
/// when added, so the analyses need not be kept until the columns are known.
#[derive(Debug, Default)]
pub struct CsvTable {
    include_personal: bool,
    keys: Vec<String>,
    seen: HashSet<String>,
    rows: Vec<Row>,
}

#[derive(Debug)]
struct Row {
    meta: [String; 6],
    /// Question key → (value cell, status).
    cells: HashMap<String, (String, &'static str)>,
}

impl CsvTable {
    pub fn new(include_personal: bool) -> Self {
        CsvTable {
            include_personal,
            ..CsvTable::default()
        }
    }

    /// Adds `doc`'s row, and its question keys to the columns.
    pub fn add(&mut self, doc: &Document) {
        // Redacted an exchange at a time, not copied whole.
        let redaction = (!self.include_personal).then(|| Redaction::of(doc));
        let redaction = redaction.as_ref().filter(|r| !r.is_empty());
        let a = doc.analysis;
        let meta = |l: &Option<Located>| {
            l.as_ref().map_or_else(String::new, |l| {
                fold_whitespace(&redaction.map_or(Cow::Borrowed(&*l.text), |r| r.text(&l.text)))
            })
        };
        let mut cells = HashMap::new();
        for e in ordered_exchanges(doc) {
            if self.seen.insert(e.key.clone()) {
                self.keys.push(e.key.clone());
            }
            let value = match redaction {
                Some(r) => exchange_cell(&r.exchange(e)),
                None => exchange_cell(e),
            };
            // A key asked twice keeps its first answer, like `Analysis::exchange`.
            cells
                .entry(e.key.clone())
                .or_insert((value, e.status.as_str()));
        }
        self.rows.push(Row {
            meta: [
                doc.path.to_string(),
                crate::campaign::triage_of(doc).as_str().to_string(),
                a.schema.clone().unwrap_or_default(),
                meta(&a.meta.organisation),
                meta(&a.meta.reference),
                meta(&a.meta.date),
            ],
            cells,
        });
    }

    /// The CSV text: the header, then one row per document added.
    pub fn finish(&self) -> String {
        let mut writer = ::csv::Writer::from_writer(Vec::new());
        let mut header: Vec<String> = META_COLUMNS.iter().map(|c| c.to_string()).collect();
        for key in &self.keys {
            header.push(key.clone());
            header.push(format!("{key}_status"));
        }
        // Writing into memory cannot fail.
        let _ = writer.write_record(&header);
        for row in &self.rows {
            let mut record: Vec<&str> = row.meta.iter().map(String::as_str).collect();
            for key in &self.keys {
                match row.cells.get(key) {
                    Some((value, status)) => record.extend([value.as_str(), status]),
                    None => record.extend(["", ""]),
                }
            }
            let _ = writer.write_record(&record);
        }
        writer
            .into_inner()
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .unwrap_or_default()
    }
}

/// A document's exchanges in column order: those matched to its schema in the
/// schema's order first, then the others as asked.
fn ordered_exchanges<'a>(doc: &Document<'a>) -> Vec<&'a Exchange> {
    let mut exchanges: Vec<&Exchange> = doc.analysis.exchanges.iter().collect();
    // Stable: unmatched questions keep their order after the matched ones.
    exchanges.sort_by_key(|e| e.schema_question.unwrap_or(usize::MAX));
    exchanges
}

/// The value cell of one exchange: its values joined with `; `, or for a prose
/// answer with no values, the answer folded to one line. A percentage among
/// other figures is written with its `%`.
fn exchange_cell(e: &Exchange) -> String {
    if e.values.is_empty() {
        let prose = e.expects.is_empty() || e.expects.first() == Some(&ValueKind::Text);
        let given = matches!(e.status, Status::Answered | Status::Partial);
        return match (&e.answer, prose && given) {
            (Some(answer), true) => fold_whitespace(&answer.text),
            _ => String::new(),
        };
    }
    // Percentages next to other figures ("245 (0.1%)") keep their sign, so that
    // `inpatient:245; inpatient:0.1%` cannot be misread.
    let mixed = e.values.iter().any(|v| v.kind == ValueKind::Percent)
        && e.values
            .iter()
            .any(|v| v.kind != ValueKind::Percent && v.kind.is_numeric());
    e.values
        .iter()
        .map(|v| {
            let cell = value_cell(v);
            match v.kind {
                ValueKind::Percent if mixed && !cell.is_empty() => format!("{cell}%"),
                _ => cell,
            }
        })
        .filter(|c| !c.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// One value as a cell: a number as the number (`6793`, `0.1`), a labelled value
/// as `label:N`, a range as `min..max`, yes/no as `yes`/`no`, an enum as its word,
/// a list as its items joined with `; `, a table as its total, text folded to
/// one line.
pub fn value_cell(v: &Value) -> String {
    let core = match v.kind {
        ValueKind::YesNo => match &v.value {
            Scalar::Bool(true) => "yes".to_string(),
            Scalar::Bool(false) => "no".to_string(),
            _ => scalar_or_text(v),
        },
        ValueKind::Enum | ValueKind::Text | ValueKind::Contact => scalar_or_text(v),
        ValueKind::List => v.items.join("; "),
        ValueKind::Table => v
            .table
            .as_ref()
            .and_then(|t| t.total)
            .map(format_number)
            .unwrap_or_default(),
        ValueKind::Count
        | ValueKind::Number
        | ValueKind::Money
        | ValueKind::Percent
        | ValueKind::Wte
        | ValueKind::Range => match (v.min, v.max, v.number()) {
            (Some(min), Some(max), n) if n.is_none() || v.kind == ValueKind::Range => {
                format!("{}..{}", format_number(min), format_number(max))
            }
            (_, _, Some(n)) => format_number(n),
            _ => fold_whitespace(&v.text),
        },
    };
    match &v.label {
        Some(label) if !core.is_empty() => format!("{label}:{core}"),
        _ => core,
    }
}

fn scalar_or_text(v: &Value) -> String {
    match &v.value {
        Scalar::Text(s) => fold_whitespace(s),
        Scalar::Number(n) => format_number(*n),
        Scalar::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Scalar::None => fold_whitespace(&v.text),
    }
}

/// `6793`, `0.1`, `1.8`: whole numbers without a decimal point, others in the
/// shortest form that reads back exactly.
pub fn format_number(n: f64) -> String {
    if !n.is_finite() {
        String::new()
    } else if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        format!("{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::*;

    fn exchange(key: &str, status: Status, values: Vec<Value>) -> Exchange {
        Exchange {
            values,
            ..Exchange::bare(key, status)
        }
    }

    fn number(kind: ValueKind, n: f64) -> Value {
        let mut v = Value::new(kind, Span::default(), n.to_string());
        v.value = Scalar::Number(n);
        v
    }

    fn labelled(kind: ValueKind, label: &str, n: f64) -> Value {
        let mut v = number(kind, n);
        v.label = Some(label.into());
        v
    }

    fn parse(csv_text: &str) -> Vec<Vec<String>> {
        ::csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(csv_text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn cells_render_every_kind() {
        assert_eq!(value_cell(&number(ValueKind::Count, 6793.0)), "6793");
        assert_eq!(value_cell(&number(ValueKind::Percent, 0.1)), "0.1");
        assert_eq!(
            value_cell(&labelled(ValueKind::Wte, "agency", 0.8)),
            "agency:0.8"
        );
        let mut range = Value::new(ValueKind::Money, Span::default(), "£60k to £80k");
        range.min = Some(60000.0);
        range.max = Some(80000.0);
        assert_eq!(value_cell(&range), "60000..80000");
        let mut yes = Value::new(ValueKind::YesNo, Span::default(), "Standalone");
        yes.value = Scalar::Bool(false);
        assert_eq!(value_cell(&yes), "no");
        let mut both = Value::new(ValueKind::Enum, Span::default(), "Both Block and PBR");
        both.value = Scalar::Text("both".into());
        assert_eq!(value_cell(&both), "both");
        let mut list = Value::new(ValueKind::List, Span::default(), "Medicode and iPM");
        list.items = vec!["Medicode".into(), "iPM".into()];
        assert_eq!(value_cell(&list), "Medicode; iPM");
        let mut table = Value::new(ValueKind::Table, Span::default(), "…");
        table.table = Some(Box::new(Table {
            total: Some(1200.0),
            ..Table::default()
        }));
        assert_eq!(value_cell(&table), "1200");
        let text = Value::new(
            ValueKind::Text,
            Span::default(),
            "Via the\r\n  coding team.",
        );
        assert_eq!(value_cell(&text), "Via the coding team.");
    }

    #[test]
    fn one_row_per_document_with_keys_in_first_appearance_order() {
        let mut first = Analysis {
            schema: Some("s".into()),
            ..Analysis::default()
        };
        let mut b = exchange(
            "b_key",
            Status::Answered,
            vec![number(ValueKind::Count, 5.0)],
        );
        b.schema_question = Some(1);
        let mut a = exchange("a_key", Status::NotHeld, vec![]);
        a.schema_question = Some(0);
        // Asked in the order b, a, extra; the schema says a then b.
        first.exchanges = vec![b, a, exchange("extra", Status::Missing, vec![])];
        first.meta.organisation = Some(Located {
            text: "Northby  NHS\nTrust".into(),
            span: Span::default(),
        });
        first.meta.date = Some(Located {
            text: "2025-03-04".into(),
            span: Span::default(),
        });
        let second = Analysis {
            exchanges: vec![
                exchange(
                    "q1",
                    Status::Answered,
                    vec![
                        labelled(ValueKind::Count, "inpatient", 244608.0),
                        labelled(ValueKind::Count, "outpatient", 860437.0),
                    ],
                ),
                exchange("b_key", Status::Exempt, vec![]),
            ],
            ..Analysis::default()
        };
        let docs = [
            Document {
                path: "one.txt",
                text: "",
                analysis: &first,
            },
            Document {
                path: "dir/two, with comma.md",
                text: "",
                analysis: &second,
            },
        ];
        let rows = parse(&to_csv(&docs, false));
        assert_eq!(
            rows[0],
            [
                "path",
                "triage",
                "schema",
                "organisation",
                "reference",
                "date",
                "a_key",
                "a_key_status",
                "b_key",
                "b_key_status",
                "extra",
                "extra_status",
                "q1",
                "q1_status"
            ]
        );
        assert_eq!(
            rows[1],
            [
                "one.txt",
                "partly_answered",
                "s",
                "Northby NHS Trust",
                "",
                "2025-03-04",
                "",
                "not_held",
                "5",
                "answered",
                "",
                "missing",
                "",
                ""
            ]
        );
        assert_eq!(
            rows[2],
            [
                "dir/two, with comma.md",
                "not_a_response",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "exempt",
                "",
                "",
                "inpatient:244608; outpatient:860437",
                "answered"
            ]
        );
    }

    #[test]
    fn personal_data_is_left_out_unless_asked_for() {
        let text = "Q1. Contact?\nA: Jo Bloggs, Head of Coding, jo.bloggs@example.nhs.uk\n\
                    Q2. Challenges?\nA: Ask Dr Sam Smith on mobile 07700 900123.\n\
                    Q3. How is it managed?\nA: Via the team.\n";
        let answer = |needle: &str| {
            let start = text.find(needle).unwrap();
            Located {
                text: needle.into(),
                span: Span::new(start, start + needle.len()),
            }
        };
        let contact_text = "Jo Bloggs, Head of Coding, jo.bloggs@example.nhs.uk";
        let mut contact = Value::new(ValueKind::Contact, answer(contact_text).span, contact_text);
        contact.value = Scalar::Text(contact_text.into());
        contact.personal_data = true;
        let named = exchange("responsible_contact", Status::Answered, vec![contact]);
        let mut prose = exchange("challenges", Status::Answered, vec![]);
        prose.answer = Some(answer("Ask Dr Sam Smith on mobile 07700 900123."));
        let mut plain = exchange("coding_management", Status::Answered, vec![]);
        plain.answer = Some(answer("Via the team."));
        let analysis = Analysis {
            exchanges: vec![named, prose, plain],
            ..Analysis::default()
        };
        let docs = [Document {
            path: "p.txt",
            text,
            analysis: &analysis,
        }];
        let hidden = parse(&to_csv(&docs, false));
        assert_eq!(
            hidden[1][6],
            "[personal data], Head of Coding, [personal data]"
        );
        assert_eq!(hidden[1][7], "answered");
        assert_eq!(
            hidden[1][8],
            "Ask [personal data] on mobile [personal data]."
        );
        assert_eq!(hidden[1][10], "Via the team.");
        let shown = parse(&to_csv(&docs, true));
        assert_eq!(shown[1][6], contact_text);
        assert_eq!(shown[1][8], "Ask Dr Sam Smith on mobile 07700 900123.");
    }

    #[test]
    fn percentages_among_counts_keep_their_sign() {
        let e = exchange(
            "episodes_uncoded",
            Status::Answered,
            vec![
                labelled(ValueKind::Count, "inpatient", 245.0),
                labelled(ValueKind::Percent, "inpatient", 0.1),
            ],
        );
        assert_eq!(exchange_cell(&e), "inpatient:245; inpatient:0.1%");
        let alone = exchange(
            "share",
            Status::Answered,
            vec![number(ValueKind::Percent, 10.0)],
        );
        assert_eq!(exchange_cell(&alone), "10");
    }

    #[test]
    fn no_documents_gives_just_the_header() {
        assert_eq!(
            to_csv(&[], false),
            "path,triage,schema,organisation,reference,date\n"
        );
    }
}

//! The SQLite view (`foil extract --format sqlite -o campaign.db`): tables
//! `responses`, `answers`, `values` and `findings`, linked by foreign keys,
//! ready for Datasette or any SQL tool.
//!
//! The file is written under a temporary name in one transaction and moved
//! into place at the end, so a failed run never leaves half a database where
//! the old one was.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection};

use crate::campaign::Triage;
use crate::engine::model::{Scalar, ValueKind};
use crate::export::csv::value_cell;
use crate::export::tidy::{unit_of, Tidy};
use crate::export::Document;

const SCHEMA: &str = r#"
PRAGMA foreign_keys = ON;
CREATE TABLE responses (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    triage TEXT NOT NULL,
    schema TEXT,
    organisation TEXT,
    reference TEXT,
    date TEXT,
    subject TEXT
);
CREATE TABLE answers (
    id INTEGER PRIMARY KEY,
    response_id INTEGER NOT NULL REFERENCES responses(id),
    position INTEGER NOT NULL,
    key TEXT NOT NULL,
    number TEXT,
    question TEXT,
    status TEXT NOT NULL,
    exemption TEXT,
    refers_to TEXT,
    answer TEXT,
    line INTEGER,
    review TEXT NOT NULL,
    annotation TEXT
);
CREATE TABLE "values" (
    id INTEGER PRIMARY KEY,
    answer_id INTEGER NOT NULL REFERENCES answers(id),
    kind TEXT NOT NULL,
    value REAL,
    value_text TEXT,
    min REAL,
    max REAL,
    approximate INTEGER NOT NULL,
    unit TEXT,
    label TEXT,
    quote TEXT,
    line INTEGER NOT NULL,
    "column" INTEGER NOT NULL
);
CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    response_id INTEGER NOT NULL REFERENCES responses(id),
    answer_id INTEGER REFERENCES answers(id),
    code TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    key TEXT,
    line INTEGER NOT NULL,
    "column" INTEGER NOT NULL
);
CREATE INDEX answers_by_response ON answers(response_id);
CREATE INDEX answers_by_key ON answers(key);
CREATE INDEX values_by_answer ON "values"(answer_id);
CREATE INDEX findings_by_response ON findings(response_id);
"#;

/// Why the database could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SqliteError {
    #[error("{path}: {source}")]
    Sqlite {
        path: String,
        source: rusqlite::Error,
    },
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// A database being written, one response at a time.
pub struct SqliteWriter {
    connection: Connection,
    partial: PathBuf,
    path: PathBuf,
    include_personal: bool,
    next_response: i64,
    next_answer: i64,
}

impl SqliteWriter {
    /// Starts a new database to be moved to `path` by [`finish`](Self::finish).
    pub fn create(path: &Path, include_personal: bool) -> Result<Self, SqliteError> {
        let mut partial = path.as_os_str().to_owned();
        partial.push(".partial");
        let partial = PathBuf::from(partial);
        let io = |source| SqliteError::Io {
            path: partial.display().to_string(),
            source,
        };
        match std::fs::remove_file(&partial) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(e)),
            _ => {}
        }
        let sql = |source| SqliteError::Sqlite {
            path: path.display().to_string(),
            source,
        };
        let connection = Connection::open(&partial).map_err(sql)?;
        // One file written once: no journal to keep, no fsync per statement.
        connection
            .execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
            .map_err(sql)?;
        connection.execute_batch(SCHEMA).map_err(sql)?;
        connection.execute_batch("BEGIN").map_err(sql)?;
        Ok(SqliteWriter {
            connection,
            partial,
            path: path.to_path_buf(),
            include_personal,
            next_response: 1,
            next_answer: 1,
        })
    }

    fn error(&self, source: rusqlite::Error) -> SqliteError {
        SqliteError::Sqlite {
            path: self.path.display().to_string(),
            source,
        }
    }

    /// Adds one response with its answers, values and findings.
    pub fn add(&mut self, doc: &Document, triage: Triage) -> Result<(), SqliteError> {
        let tidy = Tidy::new(doc, self.include_personal);
        // Inside the one transaction `create` began and `finish` commits.
        let result = insert(
            &self.connection,
            &tidy,
            triage,
            self.next_response,
            self.next_answer,
        );
        match result {
            Ok(next_answer) => {
                self.next_response += 1;
                self.next_answer = next_answer;
                Ok(())
            }
            Err(e) => Err(self.error(e)),
        }
    }

    /// Commits and moves the database into place; returns its path.
    pub fn finish(self) -> Result<PathBuf, SqliteError> {
        self.connection
            .execute_batch("COMMIT")
            .map_err(|e| self.error(e))?;
        let SqliteWriter {
            connection,
            partial,
            path,
            ..
        } = self;
        connection
            .close()
            .map_err(|(_, source)| SqliteError::Sqlite {
                path: path.display().to_string(),
                source,
            })?;
        std::fs::rename(&partial, &path).map_err(|source| SqliteError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Ok(path)
    }
}

/// Inserts one response; returns the next free answer id.
fn insert(
    tx: &Connection,
    tidy: &Tidy,
    triage: Triage,
    response_id: i64,
    mut answer_id: i64,
) -> rusqlite::Result<i64> {
    let a = tidy.analysis();
    fn meta(l: &Option<crate::engine::model::Located>) -> Option<&str> {
        l.as_ref().map(|l| l.text.as_str())
    }
    tx.prepare_cached(
        "INSERT INTO responses (id, path, triage, schema, organisation, reference, date, subject) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        response_id,
        tidy.path,
        triage.as_str(),
        a.schema,
        meta(&a.meta.organisation),
        meta(&a.meta.reference),
        meta(&a.meta.date),
        meta(&a.meta.subject),
    ])?;
    let mut answer_of_key: Vec<(&str, i64)> = Vec::with_capacity(a.exchanges.len());
    for (position, e) in a.exchanges.iter().enumerate() {
        let annotation = e
            .annotation
            .and_then(|i| a.annotations.get(i))
            .and_then(|an| tidy.text.get(an.span.start..an.span.end))
            .map(|t| tidy.redact(t.trim()).into_owned());
        tx.prepare_cached(
            "INSERT INTO answers (id, response_id, position, key, number, question, status, \
             exemption, refers_to, answer, line, review, annotation) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )?
        .execute(params![
            answer_id,
            response_id,
            position as i64 + 1,
            e.key,
            e.number,
            e.question
                .as_ref()
                .map(|q| tidy.redact(&q.text).into_owned()),
            e.status.as_str(),
            e.exemption,
            e.refers_to,
            e.answer.as_ref().map(|ans| ans.text.as_str()),
            tidy.exchange_line(e).map(|l| l as i64),
            tidy.review(e).as_str(),
            annotation,
        ])?;
        for v in &e.values {
            let (line, column) = tidy.line_col(v.span);
            let number = match (&v.value, v.kind) {
                (Scalar::Number(n), _) => Some(*n),
                (Scalar::Bool(b), _) => Some(if *b { 1.0 } else { 0.0 }),
                (_, ValueKind::Table) => v.table.as_ref().and_then(|t| t.total),
                _ => None,
            };
            tx.prepare_cached(
                "INSERT INTO \"values\" (answer_id, kind, value, value_text, min, max, \
                 approximate, unit, label, quote, line, \"column\") \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                answer_id,
                v.kind.as_str(),
                number,
                value_cell(v),
                v.min,
                v.max,
                v.approximate,
                unit_of(v),
                v.label,
                v.text,
                line as i64,
                column as i64,
            ])?;
        }
        answer_of_key.push((&e.key, answer_id));
        answer_id += 1;
    }
    for f in &a.findings {
        let (line, column) = tidy.line_col(f.span);
        let answer = f
            .key
            .as_deref()
            .and_then(|k| answer_of_key.iter().find(|(key, _)| *key == k))
            .map(|(_, id)| *id);
        tx.prepare_cached(
            "INSERT INTO findings (response_id, answer_id, code, severity, message, key, line, \
             \"column\") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            response_id,
            answer,
            f.code.as_str(),
            f.severity.as_str(),
            f.message,
            f.key,
            line as i64,
            column as i64,
        ])?;
    }
    Ok(answer_id)
}

//! `foil extract`: the dataset as JSON, JSONL, CSV (wide or long), to stdout
//! or a file, or as a SQLite database file.
//!
//! JSON and JSONL are written as each response is read, so memory holds one
//! response at a time; CSV keeps only each response's cells until the columns
//! are known.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::campaign;
use crate::cli::args::{ExtractArgs, ExtractFormat};
use crate::cli::inputs::{self, Counts, Inputs};
use crate::export::csv_long::CsvLong;
use crate::export::sqlite::SqliteWriter;
use crate::export::{write_jsonl_line, CsvTable, JsonArray};
use crate::workspace::Loaded;

pub fn run(args: &ExtractArgs, inputs: &mut Inputs, out: &mut dyn Write) -> anyhow::Result<i32> {
    if args.format == ExtractFormat::Sqlite {
        let Some(path) = &args.output else {
            anyhow::bail!("--format sqlite writes a database file: name it with -o FILE");
        };
        let counts = extract_sqlite(inputs, &args.paths, args.include_personal_data, path)?;
        return Ok(counts.exit_code(false));
    }
    let counts = match &args.output {
        Some(path) => {
            let mut file = LazyFile::new(path);
            let counts = extract(
                inputs,
                &args.paths,
                args.format,
                args.include_personal_data,
                &mut file,
            )?;
            file.flush()?;
            counts
        }
        None => extract(
            inputs,
            &args.paths,
            args.format,
            args.include_personal_data,
            out,
        )?,
    };
    Ok(counts.exit_code(false))
}

/// Reads the responses `paths` name and writes their dataset to `out`; nothing
/// is written when none could be read.
pub fn extract(
    inputs: &mut Inputs,
    paths: &[PathBuf],
    format: ExtractFormat,
    include_personal: bool,
    out: &mut dyn Write,
) -> anyhow::Result<Counts> {
    match format {
        ExtractFormat::Json => {
            let mut array = JsonArray::new(&mut *out).with_personal_data(include_personal);
            let counts = inputs::for_each(inputs, paths, |doc| {
                Ok(array.push_document(&doc.document())?)
            })?;
            if !array.is_empty() {
                array.finish()?.write_all(b"\n")?;
            }
            Ok(counts)
        }
        ExtractFormat::Jsonl => inputs::for_each(inputs, paths, |doc| {
            Ok(write_jsonl_line(
                &mut *out,
                &doc.document(),
                include_personal,
            )?)
        }),
        ExtractFormat::Csv => {
            let mut table = CsvTable::new(include_personal);
            let counts = inputs::for_each(inputs, paths, |doc| {
                if is_response(&doc) {
                    table.add(&doc.document());
                }
                Ok(())
            })?;
            if counts.read > 0 {
                out.write_all(table.finish().as_bytes())?;
            }
            Ok(counts)
        }
        ExtractFormat::CsvLong => {
            let mut rows = CsvLong::new(include_personal);
            let counts = inputs::for_each(inputs, paths, |doc| {
                if is_response(&doc) {
                    rows.add(&doc.document(), &mut *out)?;
                }
                Ok(())
            })?;
            if counts.read > 0 {
                rows.header(&mut *out)?;
            }
            Ok(counts)
        }
        ExtractFormat::Sqlite => {
            anyhow::bail!("--format sqlite writes a database file: name it with -o FILE")
        }
    }
}

/// Whether a document goes into the CSV; one that is not an FOI response is
/// left out, with a line on stderr.
fn is_response(doc: &Loaded) -> bool {
    let triage = campaign::triage_of(&doc.document());
    if !triage.is_response() {
        eprintln!(
            "foil: {}: not an FOI response; left out of the CSV",
            doc.display
        );
    }
    triage.is_response()
}

/// `--format sqlite -o FILE`: every document read, with its triage, into a
/// new database moved into place at the end.
pub fn extract_sqlite(
    inputs: &mut Inputs,
    paths: &[PathBuf],
    include_personal: bool,
    path: &Path,
) -> anyhow::Result<Counts> {
    let mut db = None;
    let counts = inputs::for_each(inputs, paths, |doc| {
        let db = match &mut db {
            Some(db) => db,
            None => db.insert(SqliteWriter::create(path, include_personal)?),
        };
        let document = doc.document();
        db.add(&document, campaign::triage_of(&document))?;
        Ok(())
    })?;
    if let Some(db) = db {
        db.finish()?;
    }
    Ok(counts)
}

/// A file created on the first write, so that `-o FILE` leaves no empty file
/// behind when nothing could be read.
struct LazyFile<'a> {
    path: &'a Path,
    file: Option<io::BufWriter<File>>,
}

impl<'a> LazyFile<'a> {
    fn new(path: &'a Path) -> Self {
        LazyFile { path, file: None }
    }

    fn file(&mut self) -> io::Result<&mut io::BufWriter<File>> {
        let file = match self.file.take() {
            Some(file) => file,
            None => io::BufWriter::new(File::create(self.path).map_err(|e| {
                let reason = crate::workspace::walk::describe_io_error(&e);
                io::Error::new(e.kind(), format!("{}: {reason}", self.path.display()))
            })?),
        };
        Ok(self.file.insert(file))
    }
}

impl Write for LazyFile<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file()?.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.file.as_mut() {
            Some(file) => file.flush(),
            None => Ok(()),
        }
    }
}

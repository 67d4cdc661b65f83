//! The tidy CSV (`foil extract --format csv-long`): one row per response ×
//! question × value, so that a spreadsheet or a data frame can filter and
//! pivot it without parsing cells. A question with no value has one row with
//! an empty value. Columns: `file, line, key, status, exemption, value, unit,
//! quote, verified`; `verified` is `verified`, `overridden` or `unreviewed`.

use std::io::Write;

use crate::export::csv::value_cell;
use crate::export::tidy::{unit_of, Tidy};
use crate::export::Document;

pub const HEADER: [&str; 9] = [
    "file",
    "line",
    "key",
    "status",
    "exemption",
    "value",
    "unit",
    "quote",
    "verified",
];

/// Writes rows one document at a time; the header goes before the first.
pub struct CsvLong {
    include_personal: bool,
    header_written: bool,
}

impl CsvLong {
    pub fn new(include_personal: bool) -> Self {
        CsvLong {
            include_personal,
            header_written: false,
        }
    }

    /// Writes the header if it is not written yet (a file with no responses
    /// still gets one).
    pub fn header(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        self.write_header(out).map_err(std::io::Error::from)
    }

    /// The rows of one response.
    pub fn add(&mut self, doc: &Document, out: &mut dyn Write) -> std::io::Result<()> {
        self.write_rows(doc, out).map_err(std::io::Error::from)
    }

    fn write_header(&mut self, out: &mut dyn Write) -> csv::Result<()> {
        if !self.header_written {
            let mut writer = ::csv::Writer::from_writer(&mut *out);
            writer.write_record(HEADER)?;
            writer.flush()?;
            self.header_written = true;
        }
        Ok(())
    }

    fn write_rows(&mut self, doc: &Document, out: &mut dyn Write) -> csv::Result<()> {
        self.write_header(out)?;
        let mut writer = ::csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(&mut *out);
        let tidy = Tidy::new(doc, self.include_personal);
        for e in &tidy.analysis().exchanges {
            let status = e.status.as_str();
            let exemption = e.exemption.as_deref().unwrap_or("");
            let review = tidy.review(e).as_str();
            if e.values.is_empty() {
                let line = tidy
                    .exchange_line(e)
                    .map(|l| l.to_string())
                    .unwrap_or_default();
                let quote = e
                    .answer
                    .as_ref()
                    .map(|a| crate::engine::text::fold_whitespace(&a.text))
                    .unwrap_or_default();
                writer.write_record([
                    doc.path, &line, &e.key, status, exemption, "", "", &quote, review,
                ])?;
                continue;
            }
            for v in &e.values {
                let line = tidy.line(v.span).to_string();
                writer.write_record([
                    doc.path,
                    &line,
                    &e.key,
                    status,
                    exemption,
                    &value_cell(v),
                    unit_of(v).unwrap_or(""),
                    &v.text,
                    review,
                ])?;
            }
        }
        writer.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Engine;

    #[test]
    fn one_row_per_value_and_one_for_a_question_without() {
        let text = "Freedom of Information request\n\n\
                    1. How many beds and cots does your Trust have?\n\
                    OUR RESPONSE: 450 beds and 30 cots.\n\
                    \n\
                    2. Please explain how beds are managed.\n\
                    OUR RESPONSE: By the site team.\n\n\
                    3. Who manages them (name and email)?\n\
                    OUR RESPONSE: Rosalind Quarrie, Head of Beds, rosalind.quarrie@harbour.example.nhs.uk\n";
        let analysis = Engine::default().analyze(text);
        let doc = Document {
            path: "trust.txt",
            text,
            analysis: &analysis,
        };
        let mut out = Vec::new();
        CsvLong::new(false).add(&doc, &mut out).unwrap();
        let csv = String::from_utf8(out).unwrap();
        let rows: Vec<Vec<String>> = ::csv::Reader::from_reader(csv.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        let q1: Vec<&Vec<String>> = rows.iter().filter(|r| r[2] == "q1").collect();
        assert_eq!(q1.len(), 2, "{csv}");
        assert_eq!(
            q1[0][..],
            [
                "trust.txt",
                "4",
                "q1",
                "answered",
                "",
                "450",
                "beds",
                "450",
                "unreviewed"
            ],
            "{csv}"
        );
        let q2: Vec<&Vec<String>> = rows.iter().filter(|r| r[2] == "q2").collect();
        assert_eq!(q2.len(), 1);
        assert_eq!(q2[0][7], "By the site team.");
        assert!(!csv.contains("Quarrie"), "{csv}");
        assert!(csv.contains("[personal data], Head of Beds"), "{csv}");
        let mut all = Vec::new();
        CsvLong::new(true).add(&doc, &mut all).unwrap();
        assert!(String::from_utf8(all).unwrap().contains("Rosalind Quarrie"));
    }
}

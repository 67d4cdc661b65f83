//! The longer `--help` texts: what a user needs without the project's own
//! documents (statuses, values, findings, annotation syntax, exit codes).

pub const FILES: &str = "\
Files:
  Folders are walked for *.txt and *.md (hidden files and what .gitignore or
  .ignore lists are left out; foil.toml's include/exclude globs choose too).
  Each response is read with the nearest foil.toml at or above its folder.
  Text that is not UTF-8 is read as UTF-16 (with a BOM) or Windows-1252, with a
  note. A file that cannot be read gets one line on stderr; the others go on.

Exit status:
  0 done; 1 `check` found an error-severity finding, or `annotate --write`
  could not rewrite a file; 2 a usage or foil.toml error, or a named path that
  could not be read (after the other paths were processed).";

pub const CHECK: &str = "\
Findings (severity by default; change it per code in foil.toml's [severity]):
  error        annotation-invalid
  warning      missing-answer, missing-question, inconsistent, personal-data,
               annotation-stale
  information  not-held, exempt, referred, attached, not-applicable,
               ambiguous-value, unknown-question, uncertain-reading,
               annotation-mismatch
  hint         outlier

  inconsistent: figures that do not add up (parts against a total, a
  percentage against its counts, a table against its stated total) or a
  conditional question answered against its condition. ambiguous-value: an
  approximate figure, a number in words, or more than one reading.
  uncertain-reading: the reader's own doubt about where a question or an
  answer lies, or which questions an answer covers, saying what is in doubt.
  outlier: a figure far outside the same question's figures across the
  responses checked together (8 or more). An `ignore` annotation silences one
  code on one answer.

Exit status: 1 when any finding has error severity, 2 when a named path could
not be read, else 0.";

pub const EXTRACT: &str = "\
Each response gives its questions in order, with a key (the schema's, or q1,
q2, ... without one), the question and answer text with their positions, a
status, and the values read from the answer.

Statuses:
  answered, partial, not_held, exempt (with the section cited: s40, s43, ...),
  referred (to another question's key), attached, not_applicable, missing.

Values keep their source text and position, and are normalised:
  6793 -> 6793   244,608 -> 244608   84.5K -> 84500 (approximate)
  Eight -> 8   0.1% -> percent 0.1   £60k to £80k -> money 60000..80000 GBP
  30-35 per day -> range 30..35   1.8 WTE -> wte 1.8
  1.0 substantive / 0.8 agency -> two wte values with labels
  Yes / No -> yes_no   Medicode and iPM -> list   aligned tables -> table with
  numeric cells and total. Years, dates, ordinals, section and phone numbers
  are not figures.

Formats:
  json   an array, one object per response: path, schema, meta (organisation,
         reference, date, subject), questions, findings
  jsonl  the same objects, one per line
  csv    one row per response: path, triage, then per question <key> and
         <key>_status (files that are not responses are left out)
  csv-long  one row per response x question x value: file, line, key, status,
         exemption, value, unit, quote, verified
  sqlite a database file (-o FILE): tables responses, answers, values, findings

Triage of each response: answered, partly_answered, refused, acknowledgement
(a holding letter or a request for clarification), not_a_response.

Annotations in the file win over what foil reads (see `foil annotate --help`).";

pub const ANNOTATE: &str = "\
An annotation is one whole-line HTML comment right after the answer it is
about; every command reads it back:

  <!-- foil verify q=episodes_coded value=84500~ quote=\"84.5K\" -->
  <!-- foil set q=income_lost value=60000..80000 unit=GBP quote=\"£60k to £80k\" -->
  <!-- foil set q=responsible_contact status=exempt exemption=s40 -->
  <!-- foil ignore q=staff_mix code=ambiguous-value -->

  verify  confirms foil's reading; it goes stale (annotation-stale) when the
          quoted text or the value changes
  set     overrides the values or status (annotation-mismatch keeps a
          disagreement with the text visible)
  ignore  silences one finding code on that answer

Tokens are name=value, double-quoted when they hold spaces; `value` repeats.
Value literals: 6793, 1.8, 84500~ (approximate), a..b (range), 0.1%, yes/no,
an enum word, label:N, \"text\".

Only annotation lines are added: the response's own words never change.
Running it again adds nothing.";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::{Code, Severity, Status};

    /// The findings table of `check --help`, as (code, severity) pairs.
    fn listed_codes() -> Vec<(String, Severity)> {
        let mut listed = Vec::new();
        let mut severity = None;
        for line in CHECK.lines().skip(1).take_while(|l| !l.trim().is_empty()) {
            let mut words = line.split_whitespace().peekable();
            if let Some(s) = words.peek().and_then(|w| Severity::parse(w)) {
                severity = Some(s);
                words.next();
            }
            for code in words {
                listed.push((code.trim_end_matches(',').to_string(), severity.unwrap()));
            }
        }
        listed
    }

    #[test]
    fn check_help_lists_every_code_with_its_default_severity() {
        let listed = listed_codes();
        assert_eq!(listed.len(), Code::ALL.len(), "{listed:?}");
        for code in Code::ALL {
            let entry = (code.as_str().to_string(), code.default_severity());
            assert!(listed.contains(&entry), "{entry:?} not in {listed:?}");
        }
    }

    #[test]
    fn extract_help_names_every_status() {
        for status in Status::ALL {
            assert!(EXTRACT.contains(status.as_str()), "{}", status.as_str());
        }
        for text in [FILES, CHECK, EXTRACT, ANNOTATE] {
            assert!(!text.contains("SPEC"), "{text}");
        }
    }
}

//! The longer `--help` texts: what a user needs without the project's own
//! documents (statuses, values, findings, annotation syntax, exit codes),
//! kept as plain text beside this file.

pub const FILES: &str = include_str!("help/files.txt");

pub const CHECK: &str = include_str!("help/check.txt");

pub const EXTRACT: &str = include_str!("help/extract.txt");

pub const ANNOTATE: &str = include_str!("help/annotate.txt");

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

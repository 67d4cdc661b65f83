//! `foil check`: findings, rustc-style or as JSON; exit 1 on any error.
//! Responses checked together are compared: a figure far outside the same
//! question's figures gets an `outlier` finding (hint).

use std::io::Write;

use crate::cli::args::{CheckArgs, CheckFormat};
use crate::cli::inputs::{self, Inputs};
use crate::cli::render::{render_finding, render_resolved, Source};
use crate::engine::annotation::resolved::{resolved, Resolved};
use crate::engine::model::{Code, Finding, Severity};
use crate::export::JsonArray;
use crate::workspace::Loaded;

pub fn run(
    args: &CheckArgs,
    inputs: &mut Inputs,
    color: bool,
    out: &mut dyn Write,
) -> anyhow::Result<i32> {
    // Responses are compared with each other (outliers) before any is shown.
    let mut loaded = Vec::new();
    let counts = inputs::for_each(inputs, &args.paths, |doc| {
        loaded.push(doc);
        Ok(())
    })?;
    add_outliers(inputs, &mut loaded);
    let resolutions: Vec<Vec<Resolved>> = loaded.iter().map(|d| resolved_in(inputs, d)).collect();
    let mut has_error = false;
    match args.format {
        CheckFormat::Json => {
            let mut array = JsonArray::new(&mut *out);
            for (doc, resolved) in loaded.iter().zip(&resolutions) {
                has_error |= has_error_finding(&doc.analysis.findings);
                array.push_findings_resolved(&doc.document(), resolved)?;
            }
            if !array.is_empty() {
                array.finish()?.write_all(b"\n")?;
            }
        }
        CheckFormat::Human => {
            let mut tally = Tally::default();
            for (doc, resolved) in loaded.iter().zip(&resolutions) {
                has_error |= has_error_finding(&doc.analysis.findings);
                let source = Source::new(&doc.display, &doc.text);
                let mut findings: Vec<&Finding> = doc.analysis.findings.iter().collect();
                findings.sort_by_key(|f| (f.span.start, f.severity));
                for finding in findings {
                    tally.count(finding.severity);
                    out.write_all(render_finding(&source, finding, color).as_bytes())?;
                }
                for r in resolved {
                    tally.resolved += 1;
                    out.write_all(render_resolved(&source, r, color).as_bytes())?;
                }
            }
            if counts.read > 0 {
                writeln!(out, "{}", tally.summary(counts.read, counts.unreadable))?;
            }
        }
    }
    Ok(counts.exit_code(has_error))
}

/// Each response's `outlier` findings: its figures against the same
/// questions' figures in the other responses (see [`crate::campaign`]), at
/// the severity its `foil.toml` gives the code.
fn add_outliers(inputs: &mut Inputs, loaded: &mut [Loaded]) {
    if loaded.len() < crate::campaign::MIN_RESPONSES {
        return;
    }
    let docs: Vec<_> = loaded.iter().map(Loaded::document).collect();
    let campaign = crate::campaign::Campaign::of(&docs);
    drop(docs);
    for (i, doc) in loaded.iter_mut().enumerate() {
        let outliers = campaign.outliers_of(i);
        if outliers.is_empty() {
            continue;
        }
        let severity = match inputs.workspaces.for_response(&doc.path).workspace {
            Ok(workspace) => workspace.engine.config().severity_of(Code::Outlier),
            Err(_) => Some(Code::Outlier.default_severity()),
        };
        let Some(severity) = severity else { continue };
        for mut finding in outliers {
            finding.severity = severity;
            doc.analysis.findings.push(finding);
        }
    }
}

/// The findings of foil's own reading of `doc` that its annotations resolved
/// (none when it has no annotation).
fn resolved_in(inputs: &mut Inputs, doc: &Loaded) -> Vec<Resolved> {
    if doc.analysis.annotations.is_empty() {
        return Vec::new();
    }
    let Ok(workspace) = inputs.workspaces.for_response(&doc.path).workspace else {
        return Vec::new();
    };
    resolved(
        &workspace.engine.analyze_unannotated(&doc.text),
        &doc.analysis,
    )
}

fn has_error_finding(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

/// How many findings of each severity were printed.
#[derive(Debug, Default)]
pub struct Tally {
    errors: usize,
    warnings: usize,
    infos: usize,
    hints: usize,
    /// Findings of the text that annotations resolved.
    resolved: usize,
}

impl Tally {
    pub fn count(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Information => self.infos += 1,
            Severity::Hint => self.hints += 1,
        }
    }

    /// `checked 3 files (1 unreadable): 1 error, 2 warnings, 5 info, 0 hints`
    pub fn summary(&self, files: usize, unreadable: usize) -> String {
        let skipped = if unreadable > 0 {
            format!(" ({unreadable} unreadable)")
        } else {
            String::new()
        };
        let resolved = match self.resolved {
            0 => String::new(),
            n => format!("; {} resolved by annotations", plural(n, "finding")),
        };
        format!(
            "checked {}{skipped}: {}, {}, {} info, {}{resolved}",
            plural(files, "file"),
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            self.infos,
            plural(self.hints, "hint"),
        )
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_every_severity() {
        let mut t = Tally::default();
        for s in [
            Severity::Error,
            Severity::Warning,
            Severity::Warning,
            Severity::Information,
        ] {
            t.count(s);
        }
        assert_eq!(
            t.summary(3, 0),
            "checked 3 files: 1 error, 2 warnings, 1 info, 0 hints"
        );
        assert_eq!(
            Tally::default().summary(1, 2),
            "checked 1 file (2 unreadable): 0 errors, 0 warnings, 0 info, 0 hints"
        );
    }
}

//! Pull diagnostics (`textDocument/diagnostic`): the same diagnostics that are
//! pushed to other clients, with a result id that changes only when they do.

use tower_lsp_server::ls_types::{
    DocumentDiagnosticReport, DocumentDiagnosticReportResult, FullDocumentDiagnosticReport,
    RelatedFullDocumentDiagnosticReport, RelatedUnchangedDocumentDiagnosticReport,
    UnchangedDocumentDiagnosticReport,
};

use crate::lsp::state::Analyzed;

pub fn report(
    analyzed: &Analyzed,
    previous_result_id: Option<&str>,
) -> DocumentDiagnosticReportResult {
    let result_id = analyzed.diagnostics_id.to_string();
    let report = if previous_result_id == Some(result_id.as_str()) {
        DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
            related_documents: None,
            unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport { result_id },
        })
    } else {
        DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: Some(result_id),
                items: analyzed.diagnostics.to_vec(),
            },
        })
    };
    DocumentDiagnosticReportResult::Report(report)
}

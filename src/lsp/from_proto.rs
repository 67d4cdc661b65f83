//! Protocol values to engine values: URIs to paths, diagnostics back to codes.

use std::path::{Path, PathBuf};

use tower_lsp_server::ls_types::{Diagnostic, NumberOrString, Uri};

use super::to_proto::SOURCE;
use crate::engine::Code;

/// The file a `file:` URI names; other schemes (`untitled:`) have none.
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    if !uri.scheme().as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    uri.to_file_path().map(|p| p.into_owned())
}

pub fn file_uri(path: &Path) -> Option<Uri> {
    Uri::from_file_path(path)
}

/// The finding code of one of our diagnostics (as the client sends it back in a
/// code action's context), and the key of the exchange it is about.
pub fn finding_of(diagnostic: &Diagnostic) -> Option<(Code, Option<String>)> {
    if diagnostic.source.as_deref() != Some(SOURCE) {
        return None;
    }
    let code = match &diagnostic.code {
        Some(NumberOrString::String(s)) => Code::parse(s)?,
        _ => return None,
    };
    let key = diagnostic
        .data
        .as_ref()
        .and_then(|d| d.get("key"))
        .and_then(|k| k.as_str())
        .map(str::to_string);
    Some((code, key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn only_file_uris_have_paths() {
        let uri = Uri::from_str("file:///tmp/a%20b/r.txt").unwrap();
        assert_eq!(file_path(&uri), Some(PathBuf::from("/tmp/a b/r.txt")));
        assert_eq!(
            file_path(&Uri::from_str("untitled:Untitled-1").unwrap()),
            None
        );
    }

    #[test]
    fn reads_our_diagnostics_back() {
        let mut d = Diagnostic {
            source: Some("foil".into()),
            code: Some(NumberOrString::String("ambiguous-value".into())),
            data: Some(serde_json::json!({"code": "ambiguous-value", "key": "q1"})),
            ..Diagnostic::default()
        };
        assert_eq!(
            finding_of(&d),
            Some((Code::AmbiguousValue, Some("q1".to_string())))
        );
        d.source = Some("cspell".into());
        assert_eq!(finding_of(&d), None);
    }
}

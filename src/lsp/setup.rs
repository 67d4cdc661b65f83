//! The engine and file rules in effect for a document: its workspace (nearest
//! `foil.toml`) with the client's settings laid over it, and whether the
//! document is an FOI response the server shows.
//!
//! Which documents are responses, as `foil extract` sees them: a file the
//! rules take (`*.txt` and `*.md` by default, `foil.toml`'s and the client's
//! `include`/`exclude`) is shown when an `include` names it, or when its text
//! reads as a response ([`detect::looks_like_response`], the same test the
//! editors' own detectors mirror) or matches a schema. Everything else gets
//! nothing from the server: no diagnostics, no outline, no note.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use super::settings::Settings;
use crate::engine::{detect, Analysis};
use crate::workspace::Workspace;

#[derive(Debug, Clone)]
pub struct Setup {
    pub workspace: Workspace,
    pub max_document_bytes: usize,
    /// Where the client's globs are relative to: the `foil.toml` folder, else
    /// the editor's workspace folder.
    root: Option<PathBuf>,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
}

impl Setup {
    /// `workspace` with `settings` applied; problems are described, and what
    /// could not be used is left out.
    pub fn new(
        workspace: Workspace,
        settings: &Settings,
        editor_root: Option<PathBuf>,
    ) -> (Setup, Vec<String>) {
        let mut problems = Vec::new();
        let workspace = settings.apply(&workspace).unwrap_or_else(|e| {
            problems.push(format!("foil settings: {e}"));
            workspace
        });
        // An empty list is no rule of the client's: foil.toml's (or the defaults) apply.
        let mut globs = |name: &str, patterns: Option<&Vec<String>>| {
            let patterns = patterns.filter(|p| !p.is_empty())?;
            compile(patterns)
                .map_err(|e| problems.push(format!("foil settings: {name}: {e}")))
                .ok()
        };
        let include = globs("include", settings.include.as_ref());
        let exclude = globs("exclude", settings.exclude.as_ref());
        let root = workspace.root.clone().or(editor_root);
        let setup = Setup {
            workspace,
            max_document_bytes: settings.max_document_bytes(),
            root,
            include,
            exclude,
        };
        (setup, problems)
    }

    /// Defaults: no `foil.toml`, no client settings.
    pub fn plain() -> Setup {
        Setup::new(Workspace::default(), &Settings::default(), None).0
    }

    fn relative<'p>(&self, path: &'p Path) -> Option<&'p Path> {
        path.strip_prefix(self.root.as_ref()?).ok()
    }

    /// Whether the file rules make `path` a candidate FOI response (documents
    /// without a path, such as unsaved buffers, are judged by content alone).
    pub fn is_candidate(&self, path: Option<&Path>) -> bool {
        let Some(path) = path else { return true };
        if let Some(relative) = self.relative(path) {
            if self.exclude.as_ref().is_some_and(|g| g.is_match(relative)) {
                return false;
            }
            if let Some(include) = &self.include {
                return include.is_match(relative);
            }
        }
        self.workspace.is_response(path)
    }

    /// Whether a candidate document, read as `reading`, is an FOI response
    /// the server shows: an `include` names it, or its text reads as one or
    /// matched a schema (`Analysis::looks_like_foi`).
    pub fn shows(&self, path: Option<&Path>, reading: &Analysis) -> bool {
        self.is_included(path) || reading.looks_like_foi
    }

    /// The same for a document too large to be read, judged by its `head`
    /// (its first [`detect::HEAD_BYTES`]).
    pub fn shows_unread(&self, path: Option<&Path>, head: &str) -> bool {
        self.is_included(path) || detect::looks_like_response(head)
    }

    /// Whether an `include` glob (the client's or `foil.toml`'s) names `path`,
    /// making it an FOI response whatever its content looks like.
    pub fn is_included(&self, path: Option<&Path>) -> bool {
        let Some(path) = path else { return false };
        if !self.is_candidate(Some(path)) {
            return false;
        }
        match (&self.include, self.relative(path)) {
            (Some(include), Some(relative)) => include.is_match(relative),
            _ => !self.workspace.engine.config().include.is_empty(),
        }
    }
}

fn compile(patterns: &[String]) -> Result<GlobSet, String> {
    let mut builder = GlobSetBuilder::new();
    for p in patterns {
        builder.add(Glob::new(p).map_err(|e| format!("{p:?}: {}", e.kind()))?);
    }
    builder.build().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(include: Option<&[&str]>, exclude: Option<&[&str]>) -> Setup {
        let settings = Settings {
            include: include.map(|g| g.iter().map(|s| s.to_string()).collect()),
            exclude: exclude.map(|g| g.iter().map(|s| s.to_string()).collect()),
            ..Settings::default()
        };
        let (setup, problems) = Setup::new(Workspace::default(), &settings, Some("/ws".into()));
        assert!(problems.is_empty(), "{problems:?}");
        setup
    }

    #[test]
    fn defaults_take_text_and_markdown_by_content() {
        let s = Setup::plain();
        assert!(s.is_candidate(Some(Path::new("/ws/a.txt"))));
        assert!(s.is_candidate(Some(Path::new("/ws/a.md"))));
        assert!(!s.is_candidate(Some(Path::new("/ws/main.rs"))));
        assert!(s.is_candidate(None));
        assert!(!s.is_included(Some(Path::new("/ws/a.txt"))));
    }

    #[test]
    fn client_globs_decide_inside_the_root() {
        let s = with(Some(&["foi/**"]), Some(&["foi/drafts/**"]));
        assert!(s.is_included(Some(Path::new("/ws/foi/trust.txt"))));
        assert!(s.is_candidate(Some(Path::new("/ws/foi/letter.html"))));
        assert!(!s.is_candidate(Some(Path::new("/ws/notes.txt"))));
        assert!(!s.is_candidate(Some(Path::new("/ws/foi/drafts/x.txt"))));
        assert!(!s.is_included(Some(Path::new("/ws/foi/drafts/x.txt"))));
        // outside the root: the defaults
        assert!(s.is_candidate(Some(Path::new("/elsewhere/x.txt"))));
        assert!(!s.is_included(Some(Path::new("/elsewhere/x.txt"))));
    }

    #[test]
    fn an_empty_list_is_no_rule() {
        let s = with(Some(&[]), Some(&[]));
        assert!(s.is_candidate(Some(Path::new("/ws/a.txt"))));
        assert!(!s.is_included(Some(Path::new("/ws/a.txt"))));
    }

    #[test]
    fn responses_are_told_by_their_text_unless_an_include_names_them() {
        let plain = Setup::plain();
        let notes = Some(Path::new("/ws/notes.txt"));
        let letter = "Dear Sir,\nYour request under the Freedom of Information Act 2000.\n";
        let shopping = "eggs\nmilk\nbread\n";
        let engine = &plain.workspace.engine;
        assert!(plain.shows(notes, &engine.analyze(letter)));
        assert!(!plain.shows(notes, &engine.analyze(shopping)));
        assert!(plain.shows_unread(notes, letter));
        assert!(!plain.shows_unread(notes, shopping));
        // An include glob makes any text a response.
        let included = with(Some(&["*.txt"]), None);
        assert!(included.shows(notes, &engine.analyze(shopping)));
        assert!(included.shows_unread(notes, shopping));
    }

    #[test]
    fn bad_globs_are_reported() {
        let settings = Settings {
            include: Some(vec!["a/{b".into()]),
            ..Settings::default()
        };
        let (setup, problems) = Setup::new(Workspace::default(), &settings, None);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(setup.is_candidate(Some(Path::new("x.txt"))));
    }
}

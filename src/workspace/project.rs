//! The workspace: the folder with `foil.toml`, its settings, schemas and engine.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use anyhow::Context as _;
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};

use crate::engine::{Config, ConfigError, Engine, Schema};
use crate::workspace::walk;

/// The name of the workspace settings file.
pub const CONFIG_FILE: &str = "foil.toml";

/// A workspace: its root (where `foil.toml` is), settings and engine.
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    pub root: Option<PathBuf>,
    pub engine: Engine,
    /// The `foil.toml` that was read, when there is one.
    pub config_file: Option<PathBuf>,
    /// Schemas read from the config's `schema_files`, kept to rebuild the engine.
    extra_schemas: Vec<Schema>,
    /// `include` globs; `None` means the default `*.txt` and `*.md`.
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
}

impl Workspace {
    /// The workspace around `start`: the nearest folder at or above it with a
    /// `foil.toml`, or defaults when there is none.
    pub fn discover(start: &Path) -> anyhow::Result<Workspace> {
        match config_above(start) {
            Some(config) => Workspace::from_config_file(&config),
            None => Ok(Workspace::default()),
        }
    }

    /// The workspace rooted at `root`: its `foil.toml` when it has one, otherwise
    /// the defaults with that root.
    pub fn load(root: &Path) -> anyhow::Result<Workspace> {
        let candidate = root.join(CONFIG_FILE);
        if candidate.is_file() {
            return Workspace::from_config_file(&candidate);
        }
        Ok(Workspace {
            root: Some(absolute(root)),
            ..Workspace::default()
        })
    }

    /// The workspace a given settings file describes; its folder is the root.
    pub fn from_config_file(path: &Path) -> anyhow::Result<Workspace> {
        let origin = path.display().to_string();
        let source = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("{origin}: {}", walk::describe_io_error(&e)))?;
        let root = absolute(path)
            .parent()
            .map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
        let config = Config::from_toml(&source, &origin)?;
        let extra_schemas = load_schema_files(&root, &config.schema_files, &origin)?;
        let include = compile_globs(&config.include, &origin, "include")?;
        let exclude = compile_globs(&config.exclude, &origin, "exclude")?;
        let engine = build_engine(config, extra_schemas.clone(), &origin)?;
        Ok(Workspace {
            root: Some(root),
            engine,
            config_file: Some(path.to_path_buf()),
            extra_schemas,
            include,
            exclude,
        })
    }

    /// The same workspace with every response read against schema `name`.
    pub fn with_schema(self, name: &str) -> anyhow::Result<Workspace> {
        if self.engine.schemas().get(name).is_none() {
            let known: Vec<&str> = self
                .engine
                .schemas()
                .iter()
                .map(|s| s.name.as_str())
                .collect();
            anyhow::bail!("no schema named {name:?} (known: {})", known.join(", "));
        }
        let mut config = self.engine.config().clone();
        config.schema = Some(name.to_string());
        let origin = self
            .config_file
            .as_ref()
            .map_or_else(|| "--schema".to_string(), |p| p.display().to_string());
        let engine = build_engine(config, self.extra_schemas.clone(), &origin)?;
        Ok(Workspace { engine, ..self })
    }

    /// Whether `path` is an FOI response by the workspace's include/exclude globs
    /// (relative to the root; by default `*.txt` and `*.md`). Files outside the
    /// workspace go by the default.
    pub fn is_response(&self, path: &Path) -> bool {
        let relative = self.relative(path);
        let Some(relative) = relative else {
            return walk::has_response_extension(path);
        };
        if self.exclude.as_ref().is_some_and(|g| g.is_match(&relative)) {
            return false;
        }
        match &self.include {
            Some(include) => include.is_match(&relative),
            None => walk::has_response_extension(path),
        }
    }

    fn relative(&self, path: &Path) -> Option<PathBuf> {
        let root = self.root.as_ref()?;
        absolute(path)
            .strip_prefix(root)
            .ok()
            .map(Path::to_path_buf)
    }
}

/// The nearest `foil.toml` at or above folder `start`.
pub fn config_above(start: &Path) -> Option<PathBuf> {
    absolute(start)
        .ancestors()
        .map(|folder| folder.join(CONFIG_FILE))
        .find(|candidate| candidate.is_file())
}

/// The workspaces of responses in many folders: each response is read with
/// the nearest `foil.toml` at or above its folder (as `.editorconfig` and
/// rustfmt look theirs up), or with one given file for all; each file is read
/// once.
#[derive(Debug, Default)]
pub struct Workspaces {
    /// The one workspace for every response (`--config`).
    fixed: Option<Workspace>,
    /// The schema every response is read against (`--schema`).
    schema: Option<String>,
    /// The settings file found for a folder, `None` when there is none.
    config_of: HashMap<PathBuf, Option<PathBuf>>,
    loaded: HashMap<Option<PathBuf>, Result<Workspace, String>>,
}

/// The workspace a response is read with, and the file it comes from.
pub struct Found<'a> {
    pub config_file: Option<&'a Path>,
    /// The workspace, or why its `foil.toml` could not be used.
    pub workspace: Result<&'a Workspace, &'a str>,
}

impl Workspaces {
    /// One workspace for every response.
    pub fn fixed(workspace: Workspace) -> Workspaces {
        Workspaces {
            fixed: Some(workspace),
            ..Workspaces::default()
        }
    }

    /// A workspace per folder, from the nearest `foil.toml`; with `schema`
    /// forced on each when it is given.
    pub fn discovered(schema: Option<String>) -> Workspaces {
        Workspaces {
            schema,
            ..Workspaces::default()
        }
    }

    /// The workspace for a response at `path`.
    pub fn for_response(&mut self, path: &Path) -> Found<'_> {
        if let Some(fixed) = &self.fixed {
            return Found {
                config_file: fixed.config_file.as_deref(),
                workspace: Ok(fixed),
            };
        }
        let folder = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let config = self
            .config_of
            .entry(folder.to_path_buf())
            .or_insert_with(|| config_above(folder).map(|c| relative_to_cwd(&c)))
            .clone();
        if !self.loaded.contains_key(&config) {
            let workspace = load(config.as_deref(), self.schema.as_deref());
            self.loaded.insert(config.clone(), workspace);
        }
        let (config_file, workspace) = self
            .loaded
            .get_key_value(&config)
            .expect("loaded just above");
        Found {
            config_file: config_file.as_deref(),
            workspace: workspace.as_ref().map_err(String::as_str),
        }
    }
}

/// `path` relative to the current folder when it is inside it, for messages.
pub fn relative_to_cwd(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

/// The workspace a settings file (or none) describes, with `schema` forced.
fn load(config: Option<&Path>, schema: Option<&str>) -> Result<Workspace, String> {
    let workspace = match config {
        Some(path) => Workspace::from_config_file(path),
        None => Ok(Workspace::default()),
    };
    let workspace = match schema {
        Some(name) => workspace.and_then(|w| w.with_schema(name)),
        None => workspace,
    };
    workspace.map_err(|e| format!("{e:#}"))
}

/// `path` made absolute against the current folder, with `.` and `..` resolved
/// by name (no file system access, so missing paths work too).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn build_engine(config: Config, extra: Vec<Schema>, origin: &str) -> anyhow::Result<Engine> {
    Engine::new(config, extra).map_err(|e| match e {
        // The engine does not know where its config came from; say which file.
        ConfigError::Invalid { message, .. } => anyhow::anyhow!("{origin}: {message}"),
        other => anyhow::Error::new(other),
    })
}

fn compile_globs(
    patterns: &[String],
    origin: &str,
    setting: &str,
) -> anyhow::Result<Option<GlobSet>> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = Glob::new(pattern)
            .map_err(|e| anyhow::anyhow!("{origin}: {setting}: {pattern:?}: {}", e.kind()))?;
        builder.add(glob);
    }
    let set = builder
        .build()
        .with_context(|| format!("{origin}: {setting}"))?;
    Ok(Some(set))
}

/// Reads the schemas `schema_files` names. A plain path must exist; a glob may
/// match nothing (a `schemas/*.toml` folder can start empty).
fn load_schema_files(
    root: &Path,
    patterns: &[String],
    origin: &str,
) -> anyhow::Result<Vec<Schema>> {
    let mut schemas = Vec::new();
    for pattern in patterns {
        let files = if is_glob(pattern) {
            glob_files(root, pattern, origin)?
        } else {
            let path = root.join(pattern);
            if !path.is_file() {
                anyhow::bail!("{origin}: schema_files: {pattern:?} matches no file");
            }
            vec![path]
        };
        for file in files {
            let name = file.display().to_string();
            let source = std::fs::read_to_string(&file)
                .map_err(|e| anyhow::anyhow!("{name}: {}", walk::describe_io_error(&e)))?;
            schemas.push(Schema::from_toml(&source, &name)?);
        }
    }
    Ok(schemas)
}

fn is_glob(pattern: &str) -> bool {
    pattern.contains(['*', '?', '[', '{'])
}

/// Files under `root` whose relative path matches `pattern`, sorted; only the
/// folder named by the pattern's literal prefix is walked.
fn glob_files(root: &Path, pattern: &str, origin: &str) -> anyhow::Result<Vec<PathBuf>> {
    let matcher = GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| anyhow::anyhow!("{origin}: schema_files: {pattern:?}: {}", e.kind()))?
        .compile_matcher();
    let prefix: PathBuf = pattern
        .split('/')
        .take_while(|part| !is_glob(part))
        .collect();
    let base = root.join(&prefix);
    if !base.is_dir() {
        return Ok(Vec::new());
    }
    let (files, _unreadable) = walk::walk_filtered(&[base], |p| {
        p.strip_prefix(root).is_ok_and(|rel| matcher.is_match(rel))
    });
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("foil-ws-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn write(dir: &Path, rel: &str, text: &str) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    const BEDS_SCHEMA: &str =
        "name = \"beds\"\ntitle = \"Beds\"\n[[question]]\nkey = \"beds\"\ntext = \"How many beds?\"\nexpects = [\"count\"]\n";

    #[test]
    fn discovery_finds_the_nearest_config_above() {
        let dir = scratch("discover");
        write(&dir, "foil.toml", "schema_files = [\"schemas/*.toml\"]\n");
        write(&dir, "schemas/beds.toml", BEDS_SCHEMA);
        std::fs::create_dir_all(dir.join("responses/2024")).unwrap();
        let ws = Workspace::discover(&dir.join("responses/2024")).unwrap();
        assert_eq!(ws.root.as_deref(), Some(dir.as_path()));
        assert_eq!(ws.config_file, Some(dir.join("foil.toml")));
        let beds = ws.engine.schemas().get("beds").unwrap();
        assert!(beds.origin.ends_with("beds.toml"), "{}", beds.origin);
        // The built-in ones are still there.
        assert!(ws
            .engine
            .schemas()
            .get("nhs-clinical-coding-2024")
            .is_some());
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn no_config_gives_the_defaults() {
        let dir = scratch("none");
        // Somewhere with no foil.toml above it is hard to guarantee on a shared
        // machine, so `load` on a folder without one is what is tested.
        let ws = Workspace::load(&dir).unwrap();
        assert_eq!(ws.root.as_deref(), Some(dir.as_path()));
        assert!(ws.config_file.is_none());
        assert!(ws.is_response(&dir.join("a.txt")));
        assert!(ws.is_response(&dir.join("b.md")));
        assert!(!ws.is_response(&dir.join("c.pdf")));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn config_errors_name_the_file_and_the_line() {
        let dir = scratch("bad-toml");
        write(&dir, "foil.toml", "schema = \"a\"\ninclude = [\"x\"\n");
        let err = format!("{:#}", Workspace::load(&dir).unwrap_err());
        assert!(err.contains("foil.toml"), "{err}");
        assert!(err.contains("line 2"), "{err}");

        write(
            &dir,
            "foil.toml",
            "schema_files = [\"schemas/beds.toml\"]\n",
        );
        let err = format!("{:#}", Workspace::load(&dir).unwrap_err());
        assert!(
            err.contains("foil.toml") && err.contains("schemas/beds.toml"),
            "{err}"
        );

        write(
            &dir,
            "schemas/beds.toml",
            "name = \"beds\"\n[[question]]\nkey = 3\n",
        );
        let err = format!("{:#}", Workspace::load(&dir).unwrap_err());
        assert!(err.contains("beds.toml") && err.contains("line 3"), "{err}");

        write(&dir, "foil.toml", "schema = \"nope\"\n");
        let err = format!("{:#}", Workspace::load(&dir).unwrap_err());
        assert!(
            err.contains(&dir.join("foil.toml").display().to_string()),
            "{err}"
        );
        assert!(err.contains("nope"), "{err}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn include_and_exclude_globs_pick_responses() {
        let dir = scratch("globs");
        write(
            &dir,
            "foil.toml",
            "include = [\"responses/**\"]\nexclude = [\"**/drafts/**\", \"*.md\"]\n",
        );
        write(&dir, "responses/a.txt", "x");
        write(&dir, "responses/drafts/b.txt", "x");
        write(&dir, "responses/c.md", "x");
        write(&dir, "README.txt", "x");
        let ws = Workspace::load(&dir).unwrap();
        assert!(ws.is_response(&dir.join("responses/a.txt")));
        assert!(!ws.is_response(&dir.join("responses/drafts/b.txt")));
        assert!(!ws.is_response(&dir.join("responses/c.md")));
        assert!(!ws.is_response(&dir.join("README.txt")));
        let (files, errors) =
            walk::walk_filtered(std::slice::from_ref(&dir), |p| ws.is_response(p));
        assert!(errors.is_empty());
        assert_eq!(files, [dir.join("responses/a.txt")]);
        // Outside the workspace the default applies.
        assert!(ws.is_response(Path::new("/elsewhere/x.txt")));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn with_schema_forces_a_known_schema() {
        let ws = Workspace::default();
        let forced = ws.clone().with_schema("nhs-coding-workforce-2025").unwrap();
        assert_eq!(
            forced.engine.config().schema.as_deref(),
            Some("nhs-coding-workforce-2025")
        );
        let err = ws.with_schema("nope").unwrap_err().to_string();
        assert!(
            err.contains("nope") && err.contains("nhs-clinical-coding-2024"),
            "{err}"
        );
    }

    #[test]
    fn absolute_resolves_dots_by_name() {
        let p = absolute(Path::new("/a/b/../c/./d"));
        assert_eq!(p, PathBuf::from("/a/c/d"));
    }
}

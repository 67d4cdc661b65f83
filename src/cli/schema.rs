//! `foil schema list`, `foil schema show NAME` and `foil schema new REQUEST`.

use std::io::Write;
use std::path::Path;

use crate::cli::args::{Cli, SchemaAction};
use crate::cli::{EXIT_OK, EXIT_USAGE};
use crate::engine::schema::{Schema, SchemaQuestion};
use crate::engine::SchemaSet;
use crate::workspace::project::relative_to_cwd;
use crate::workspace::walk::describe_io_error;
use crate::workspace::Workspace;

pub fn run(
    action: &SchemaAction,
    workspace: &Workspace,
    out: &mut dyn Write,
) -> anyhow::Result<i32> {
    let schemas = workspace.engine.schemas();
    match action {
        SchemaAction::List => {
            out.write_all(list(schemas).as_bytes())?;
            Ok(EXIT_OK)
        }
        SchemaAction::Show { name } => match schemas.get(name) {
            Some(schema) => {
                out.write_all(show(schema).as_bytes())?;
                Ok(EXIT_OK)
            }
            None => {
                let known: Vec<&str> = schemas.iter().map(|s| s.name.as_str()).collect();
                eprintln!(
                    "foil: no schema named {name:?} (known: {})",
                    known.join(", ")
                );
                Ok(EXIT_USAGE)
            }
        },
        SchemaAction::New {
            request,
            output,
            name,
            force,
        } => new(request, output.as_deref(), name.as_deref(), *force, out),
    }
}

/// `foil schema new REQUEST [-o FILE]`: the drafted schema, to stdout or a
/// new file (an existing one may hold hand edits: replaced only with --force).
fn new(
    request: &Path,
    output: Option<&Path>,
    name: Option<&str>,
    force: bool,
    out: &mut dyn Write,
) -> anyhow::Result<i32> {
    let decoded = crate::workspace::read_response(request).map_err(|e| anyhow::anyhow!("{e}"))?;
    let stem = |p: &Path| {
        p.file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default()
    };
    let name = match name {
        Some(n) => n.to_string(),
        None => schema_name(&stem(output.unwrap_or(request))),
    };
    let meta = crate::engine::analyze(&decoded.text).meta;
    let title = meta
        .subject
        .map(|s| s.text)
        .unwrap_or_else(|| format!("Drafted from {}", request.display()));
    let toml = match crate::campaign::request::schema_toml(&decoded.text, &name, &title) {
        Ok(toml) => toml,
        Err(e) => {
            eprintln!("foil: {}: {e}", request.display());
            return Ok(EXIT_USAGE);
        }
    };
    let Some(path) = output else {
        out.write_all(toml.as_bytes())?;
        return Ok(EXIT_OK);
    };
    if path.exists() && !force {
        eprintln!(
            "foil: {} exists (it may hold your edits); give --force to replace it",
            path.display()
        );
        return Ok(EXIT_USAGE);
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| anyhow::anyhow!("{}: {}", dir.display(), describe_io_error(&e)))?;
    }
    std::fs::write(path, toml)
        .map_err(|e| anyhow::anyhow!("{}: {}", path.display(), describe_io_error(&e)))?;
    let questions = Schema::from_toml(&std::fs::read_to_string(path)?, &name)
        .map(|s| s.questions.len())
        .unwrap_or(0);
    eprintln!(
        "foil: wrote schema {name:?} ({questions} questions) to {}; name it in foil.toml with schema_files",
        path.display()
    );
    Ok(EXIT_OK)
}

/// A schema name from a file name: lowercase letters, digits and dashes.
fn schema_name(stem: &str) -> String {
    let mut name = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('-') && !name.is_empty() {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-').to_string();
    if name.is_empty() {
        "request".to_string()
    } else {
        name
    }
}

/// The workspace whose schemas are listed: `--config`'s, or the one around the
/// current folder; `--schema` must name one of its schemas.
pub fn workspace(cli: &Cli) -> anyhow::Result<Workspace> {
    let workspace = match &cli.config {
        Some(path) => Workspace::from_config_file(path)?,
        None => Workspace::discover(&std::env::current_dir()?)?,
    };
    match &cli.schema {
        Some(name) => workspace.with_schema(name),
        None => Ok(workspace),
    }
}

/// A table of every schema: name, title, number of questions, origin.
pub fn list(schemas: &SchemaSet) -> String {
    let mut rows = vec![[
        "NAME".to_string(),
        "TITLE".to_string(),
        "QUESTIONS".to_string(),
        "ORIGIN".to_string(),
    ]];
    for s in schemas.iter() {
        rows.push([
            s.name.clone(),
            s.title.clone(),
            s.questions.len().to_string(),
            short_origin(&s.origin),
        ]);
    }
    table(&rows)
}

/// One schema: a heading, then its questions with number, key, what they
/// expect, wording and the condition they are asked under.
pub fn show(schema: &Schema) -> String {
    let mut out = schema.name.clone();
    if !schema.title.is_empty() {
        out.push_str(&format!(" — {}", schema.title));
    }
    out.push_str(&format!(
        "\n{} questions, {}\n",
        schema.questions.len(),
        short_origin(&schema.origin)
    ));
    let mut rows = vec![[
        "NO.".to_string(),
        "KEY".to_string(),
        "EXPECTS".to_string(),
        "QUESTION".to_string(),
    ]];
    let mut section: Option<&str> = None;
    let mut sections = Vec::new();
    for q in &schema.questions {
        if q.section.as_deref() != section {
            section = q.section.as_deref();
            sections.push((rows.len(), section.unwrap_or("").to_string()));
        }
        let mut text = crate::engine::text::fold_whitespace(&q.text);
        if let Some(cond) = &q.asked_if {
            text.push_str(&format!(
                " [asked only if {} = {}]",
                cond.question, cond.answer
            ));
        }
        rows.push([q.number.clone(), q.key.clone(), expects(q), text]);
    }
    let rendered = table(&rows);
    // Section headings go between the rows, so they do not widen the columns.
    let mut lines: Vec<String> = rendered.lines().map(str::to_string).collect();
    for (row, heading) in sections.into_iter().rev() {
        if !heading.is_empty() {
            lines.insert(row, format!("\n{heading}"));
        }
    }
    out.push('\n');
    for line in lines {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn expects(q: &SchemaQuestion) -> String {
    let mut kinds = if q.breakdown {
        "breakdown".to_string()
    } else if q.expects.is_empty() {
        "text".to_string()
    } else {
        q.expects
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join("|")
    };
    if !q.options.is_empty() {
        let names: Vec<&str> = q.options.iter().map(|o| o.name.as_str()).collect();
        kinds.push_str(&format!(" ({})", names.join("|")));
    }
    if q.personal {
        kinds.push_str(" (personal)");
    }
    kinds
}

/// Schema files are shown relative to the current folder when they are inside it.
fn short_origin(origin: &str) -> String {
    relative_to_cwd(Path::new(origin)).display().to_string()
}

/// Left-aligned columns two spaces apart; the last column is not padded.
fn table<const N: usize>(rows: &[[String; N]]) -> String {
    let mut widths = [0usize; N];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == N {
                line.push_str(cell);
            } else {
                let pad = widths[i] - cell.chars().count();
                line.push_str(cell);
                line.push_str(&" ".repeat(pad + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_has_one_aligned_row_per_schema() {
        let got = list(&SchemaSet::builtin());
        let lines: Vec<&str> = got.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("NAME "));
        let title_at = lines[0].find("TITLE").unwrap();
        assert!(lines[1].starts_with("nhs-clinical-coding-2024"));
        assert!(lines[1].contains(" 16 ") && lines[1].ends_with("built-in"));
        assert!(lines[2].contains(" 8 "));
        assert_eq!(
            &lines[2][..title_at].trim_end(),
            &"nhs-coding-workforce-2025"
        );
    }

    #[test]
    fn show_lists_questions_with_conditions_and_sections() {
        let set = SchemaSet::builtin();
        let got = show(set.get("nhs-clinical-coding-2024").unwrap());
        assert!(got.starts_with("nhs-clinical-coding-2024 — "), "{got}");
        assert!(got.contains("16 questions, built-in"), "{got}");
        let q11 = got
            .lines()
            .find(|l| l.contains("automation_plans"))
            .unwrap();
        assert!(q11.trim_start().starts_with("11"), "{q11}");
        assert!(q11.contains("yes_no"), "{q11}");
        assert!(
            q11.contains("[asked only if automated_solution = no]"),
            "{q11}"
        );
        let q8 = got.lines().find(|l| l.contains("staff_mix")).unwrap();
        assert!(q8.contains("breakdown"), "{q8}");
        let q16 = got
            .lines()
            .find(|l| l.contains("responsible_contact"))
            .unwrap();
        assert!(q16.contains("contact (personal)"), "{q16}");

        let got = show(set.get("nhs-coding-workforce-2025").unwrap());
        let heading = got.lines().position(|l| l == "Staffing Levels").unwrap();
        assert!(
            got.lines().nth(heading + 1).unwrap().contains("coders_wte"),
            "{got}"
        );
    }
}

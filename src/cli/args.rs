//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::cli::help;

/// Turns Freedom of Information responses into checked, structured data.
#[derive(Debug, Parser)]
#[command(name = "foil", version, about, propagate_version = true, after_long_help = help::FILES)]
pub struct Cli {
    /// Read every response against this schema instead of choosing one per response.
    #[arg(long, global = true, value_name = "NAME")]
    pub schema: Option<String>,

    /// Use this foil.toml for every response, instead of the nearest one at or
    /// above each response's folder.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Say on stderr which foil.toml each response was read with.
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// When to colour the output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Report findings for responses, with the source line and the span marked.
    #[command(after_long_help = help::CHECK)]
    Check(CheckArgs),
    /// Print the questions, statuses and values read from responses.
    #[command(after_long_help = help::EXTRACT)]
    Extract(ExtractArgs),
    /// Add a `verify` annotation after every answer that has none.
    #[command(after_long_help = help::ANNOTATE)]
    Annotate(AnnotateArgs),
    /// One self-contained HTML page for a campaign: triage, coverage, figures
    /// and outliers, verification progress, the findings queue.
    Report(ReportArgs),
    /// List or show the built-in and workspace schemas.
    Schema {
        #[command(subcommand)]
        action: SchemaAction,
    },
    /// Run the language server on stdin/stdout (for editors).
    Lsp {
        /// Accepted for editors that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Response files, or folders to walk for *.txt and *.md.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// rustc-style messages with the source line.
    Human,
    /// A JSON array of {path, findings}.
    Json,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Response files, or folders to walk for *.txt and *.md.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    #[arg(long, value_enum, default_value_t = ExtractFormat::Json)]
    pub format: ExtractFormat,

    /// Keep names, emails and phone numbers of individuals in the CSV (JSON always
    /// has them, marked with "personal_data").
    #[arg(long)]
    pub include_personal_data: bool,

    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    /// A JSON array, one object per response.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// One row per response, a column per question plus <key>_status.
    Csv,
    /// One row per response × question × value (file, line, key, status,
    /// exemption, value, unit, quote, verified).
    CsvLong,
    /// A SQLite database (needs -o FILE): tables responses, answers, values, findings.
    Sqlite,
}

#[derive(Debug, Args)]
pub struct AnnotateArgs {
    /// Response files, or folders to walk for *.txt and *.md.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Rewrite the files in place instead of printing a diff.
    #[arg(long)]
    pub write: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Response files, or folders to walk for *.txt and *.md.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Write the page to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// The page's title (default: "Campaign report: PATH").
    #[arg(long)]
    pub title: Option<String>,

    /// Keep names, emails and phone numbers of individuals in findings' messages.
    #[arg(long)]
    pub include_personal_data: bool,
}

#[derive(Debug, Subcommand)]
pub enum SchemaAction {
    /// Every schema: name, title, number of questions, where it comes from.
    List,
    /// One schema's questions.
    Show {
        /// The schema's name, as `foil schema list` prints it.
        name: String,
    },
    /// Draft a schema from a request's questions (the request alone, or a
    /// response that restates it), to edit and name in foil.toml.
    New {
        /// The request, or a response that restates it.
        request: PathBuf,
        /// Write the schema here (e.g. schemas/NAME.toml) instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// The schema's name (default: the output file's name, else the request's).
        #[arg(long)]
        name: Option<String>,
        /// Replace the output file if it exists (it may hold hand edits).
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when standard output is a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_options_go_anywhere() {
        let cli = Cli::try_parse_from([
            "foil", "extract", "a.txt", "--schema", "x", "-o", "out.csv", "--format", "csv",
        ])
        .unwrap();
        assert_eq!(cli.schema.as_deref(), Some("x"));
        let Command::Extract(args) = cli.command else {
            panic!("not extract")
        };
        assert_eq!(args.format, ExtractFormat::Csv);
        assert_eq!(args.output, Some(PathBuf::from("out.csv")));
        assert!(Cli::try_parse_from(["foil", "check"]).is_err());
        assert!(Cli::try_parse_from(["foil", "lsp", "--stdio"]).is_ok());
    }
}

//! Prints how foil segments a response: each exchange's label, question and
//! answer. A developer's view of the layout stage.
//!
//! `cargo run --example segments -- FILE...`

use foil::engine::annotation;
use foil::engine::schema::{is_known_question, SchemaSet};
use foil::engine::segment;

fn main() {
    let set = SchemaSet::builtin();
    // `--lines`: each line's facts first (kind, marker, question score, wrap).
    let show_lines = std::env::args().any(|a| a == "--lines");
    for path in std::env::args().skip(1).filter(|a| a != "--lines") {
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let hidden: Vec<_> = annotation::scan(&text).iter().map(|s| s.line).collect();
        if show_lines {
            let lines = segment::reading_lines(&text);
            for (n, info) in segment::scan_lines(&text, &lines, &hidden)
                .iter()
                .enumerate()
            {
                let words: String = info.text(&text).chars().take(70).collect();
                println!(
                    "{:>4} {:<16} score {} {}{}{} {words}",
                    n + 1,
                    format!("{:?}", info.kind),
                    info.score,
                    if info.marker.is_some() { "marker " } else { "" },
                    if info.heading { "heading " } else { "" },
                    if info.wrapped { "wrapped " } else { "" },
                );
            }
        }
        let layout = segment::segment(&text, &segment::reading_lines(&text), &hidden, &|s| {
            is_known_question(&set, s)
        });
        println!("=== {path}: {} exchanges", layout.segments.len());
        for s in &layout.segments {
            let q = s
                .question
                .as_ref()
                .map(|p| p.folded(&text))
                .unwrap_or_default();
            let a = s.answer.as_ref().map(|p| p.text(&text)).unwrap_or_default();
            let flags = format!(
                "{}{}",
                if s.joint { " joint" } else { "" },
                if s.requested { " requested" } else { "" }
            );
            println!(
                "[{}]{} Q: {}",
                s.label.as_deref().unwrap_or("-"),
                flags,
                short(&q, 90)
            );
            for line in a.lines().take(4) {
                println!("      A: {}", short(line, 100));
            }
            if a.lines().count() > 4 {
                println!("      A: … ({} lines)", a.lines().count());
            }
        }
    }
}

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n).collect::<String>() + "…"
    }
}

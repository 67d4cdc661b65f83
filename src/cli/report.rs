//! `foil report PATH... -o report.html`: one self-contained HTML page for a
//! campaign, to share with people who will never run foil.
//!
//! Everything is inline (CSS, SVG); the page runs no script and loads no font,
//! image or style from anywhere, so it opens the same from an e-mail, a USB
//! stick or a printer. Sections: the summary (triage), the coverage matrix
//! (responses × questions, coloured by status, with a letter for print), each
//! numeric question's figures as a strip plot with the median, quartiles and
//! outliers, verification progress, and the findings queue with file and line.
//!
//! The numbers all come from [`crate::campaign`]; this module only draws them.

use std::fmt::Write as _;
use std::io::Write;

use crate::campaign::figures::{format_figure, group_digits, key_words};
use crate::campaign::{Campaign, CampaignBuilder, Distribution, Progress, Triage};
use crate::cli::args::ReportArgs;
use crate::cli::inputs::{self, Inputs};
use crate::engine::model::{Severity, Status};
use crate::engine::text::LineIndex;
use crate::export::{redact, Document};

pub fn run(args: &ReportArgs, inputs: &mut Inputs, out: &mut dyn Write) -> anyhow::Result<i32> {
    let (campaign, counts) = read(inputs, &args.paths, args.include_personal_data)?;
    if counts.read == 0 {
        return Ok(counts.exit_code(false));
    }
    let title = args.title.clone().unwrap_or_else(|| {
        let names: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        format!("Campaign report: {}", names.join(", "))
    });
    let page = render(
        &campaign,
        &Options {
            title,
            unreadable: counts.unreadable,
        },
    );
    match &args.output {
        Some(path) => std::fs::write(path, page).map_err(|e| {
            anyhow::anyhow!(
                "{}: {}",
                path.display(),
                crate::workspace::walk::describe_io_error(&e)
            )
        })?,
        None => out.write_all(page.as_bytes())?,
    }
    Ok(counts.exit_code(false))
}

/// Reads every response `paths` name into a campaign, one at a time.
/// Personal data is left out of what the campaign keeps (the queue's
/// messages) unless `include_personal`.
pub fn read(
    inputs: &mut Inputs,
    paths: &[std::path::PathBuf],
    include_personal: bool,
) -> anyhow::Result<(Campaign, inputs::Counts)> {
    let mut builder = CampaignBuilder::new();
    // Line starts only, to place outliers once every figure is known.
    let mut lines: Vec<LineIndex> = Vec::new();
    let counts = inputs::for_each(inputs, paths, |doc| {
        let document = doc.document();
        let redacted;
        let shown = if include_personal {
            document
        } else {
            redacted = redact(&document);
            Document {
                analysis: &redacted,
                ..document
            }
        };
        builder.add(&shown);
        lines.push(LineIndex::new(&doc.text));
        Ok(())
    })?;
    let campaign =
        builder.finish_with_lines(|r, offset| lines.get(r).map(|l| l.line_of(offset) + 1));
    Ok((campaign, counts))
}

/// How to draw the page.
pub struct Options {
    pub title: String,
    /// Files that could not be read (named on stderr).
    pub unreadable: usize,
}

/// The whole page.
pub fn render(c: &Campaign, o: &Options) -> String {
    let mut page = String::with_capacity(64 * 1024 + c.responses.len() * 2048);
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"foil {}\">\n<title>{}</title>\n<style>{CSS}</style>\n\
         </head>\n<body>\n<header><h1>{}</h1>\n<p class=\"muted\">Made by foil {} from {} file{}.</p>\n\
         <nav><a href=\"#summary\">Summary</a> · <a href=\"#coverage\">Coverage</a> · \
         <a href=\"#figures\">Figures</a> · <a href=\"#progress\">Verification</a> · \
         <a href=\"#queue\">Findings</a></nav></header>\n<main>\n",
        env!("CARGO_PKG_VERSION"),
        esc(&o.title),
        esc(&o.title),
        env!("CARGO_PKG_VERSION"),
        c.responses.len(),
        plural(c.responses.len()),
    );
    summary(&mut page, c, o);
    coverage(&mut page, c);
    figures(&mut page, c);
    progress(&mut page, c);
    queue(&mut page, c);
    page.push_str("</main>\n</body>\n</html>\n");
    page
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Text safe inside HTML elements and double-quoted attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The file name people know a response by (folders are in the tooltip).
fn short_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

const TRIAGE_CLASS: [(Triage, &str); 5] = [
    (Triage::Answered, "t-ans"),
    (Triage::PartlyAnswered, "t-part"),
    (Triage::Refused, "t-ref"),
    (Triage::Acknowledgement, "t-ack"),
    (Triage::NotAResponse, "t-not"),
];

fn summary(page: &mut String, c: &Campaign, o: &Options) {
    let total = c.responses.len();
    let responses = c.response_count();
    let figures: usize = c.distributions.iter().map(|d| d.figures.len()).sum();
    let outliers: usize = c.distributions.iter().map(|d| d.outliers.len()).sum();
    let p = c.progress();
    let _ = write!(
        page,
        "<section id=\"summary\"><h2>Summary</h2>\n<div class=\"cards\">\
         <div class=\"card\"><b>{responses}</b> responses</div>\
         <div class=\"card\"><b>{}</b> answered in full</div>\
         <div class=\"card\"><b>{}</b> questions read</div>\
         <div class=\"card\"><b>{figures}</b> figures compared</div>\
         <div class=\"card\"><b>{outliers}</b> outlier{}</div>\
         <div class=\"card\"><b>{:.0}%</b> verified</div></div>\n",
        c.responses
            .iter()
            .filter(|r| r.triage == Triage::Answered)
            .count(),
        c.responses
            .iter()
            .filter(|r| r.triage.is_response())
            .map(|r| r.statuses.len())
            .sum::<usize>(),
        plural(outliers),
        percent(p.verified + p.overridden, p.total()),
    );
    let _ = write!(
        page,
        "<h3>Triage</h3>\n<div class=\"bar\" role=\"img\" aria-label=\"triage of {total} files\">"
    );
    let counts = c.triage_counts();
    for ((t, n), (_, class)) in counts.iter().zip(TRIAGE_CLASS) {
        if *n > 0 {
            let _ = write!(
                page,
                "<span class=\"{class}\" style=\"width:{:.2}%\" title=\"{}: {n}\"></span>",
                percent(*n, total),
                t.label()
            );
        }
    }
    page.push_str("</div>\n<table class=\"small\"><thead><tr><th>Triage</th><th>Files</th><th>Share</th></tr></thead><tbody>\n");
    for ((t, n), (_, class)) in counts.iter().zip(TRIAGE_CLASS) {
        let _ = writeln!(
            page,
            "<tr><td><span class=\"key {class}\"></span>{}</td><td class=\"num\">{n}</td><td class=\"num\">{:.0}%</td></tr>",
            t.label(),
            percent(*n, total)
        );
    }
    page.push_str("</tbody></table>\n");
    if o.unreadable > 0 {
        let _ = writeln!(
            page,
            "<p class=\"warn\">{} file{} could not be read (foil named {} on its error output).</p>",
            o.unreadable,
            plural(o.unreadable),
            if o.unreadable == 1 { "it" } else { "them" }
        );
    }
    let not: Vec<&str> = c
        .responses
        .iter()
        .filter(|r| r.triage == Triage::NotAResponse)
        .map(|r| short_name(&r.path))
        .collect();
    if !not.is_empty() {
        let _ = writeln!(
            page,
            "<p class=\"muted\">Not responses, left out below: {}.</p>",
            esc(&not.join(", "))
        );
    }
    page.push_str("</section>\n");
}

/// Class and letter of each status (the letter keeps the matrix readable in
/// black and white).
fn status_mark(s: Status) -> (&'static str, &'static str) {
    match s {
        Status::Answered => ("s-a", "A"),
        Status::Partial => ("s-p", "P"),
        Status::NotHeld => ("s-n", "N"),
        Status::Exempt => ("s-e", "E"),
        Status::Referred => ("s-r", "R"),
        Status::Attached => ("s-t", "@"),
        Status::NotApplicable => ("s-x", "–"),
        Status::Missing => ("s-m", "?"),
    }
}

fn coverage(page: &mut String, c: &Campaign) {
    page.push_str("<section id=\"coverage\"><h2>Coverage</h2>\n<p class=\"legend\">");
    for s in Status::ALL {
        let (class, letter) = status_mark(s);
        let _ = write!(
            page,
            "<span class=\"cell {class}\">{letter}</span> {} ",
            s.label()
        );
    }
    page.push_str("</p>\n");
    if c.groups.is_empty() {
        page.push_str("<p>No responses.</p>\n");
    }
    for g in &c.groups {
        let _ = write!(
            page,
            "<h3>{} <span class=\"muted\">({} response{})</span></h3>\n<div class=\"scroll\"><table class=\"matrix\"><thead><tr><th class=\"name\">Response</th><th>Triage</th>",
            esc(&g.title),
            g.responses.len(),
            plural(g.responses.len())
        );
        for col in &g.columns {
            let _ = write!(
                page,
                "<th class=\"q\" title=\"{}: {}\">{}</th>",
                esc(&col.key),
                esc(&col.text),
                esc(&col.number)
            );
        }
        page.push_str("<th>Verified</th></tr></thead><tbody>\n");
        for &i in &g.responses {
            let r = &c.responses[i];
            let class = TRIAGE_CLASS
                .iter()
                .find(|(t, _)| *t == r.triage)
                .map_or("", |(_, c)| c);
            let _ = write!(
                page,
                "<tr class=\"r\"><th class=\"name\" title=\"{}\">{}</th><td><span class=\"key {class}\"></span>{}</td>",
                esc(&r.path),
                esc(short_name(&r.path)),
                r.triage.label()
            );
            for col in &g.columns {
                match r.statuses.iter().find(|(k, _)| *k == col.key) {
                    Some((_, s)) => {
                        let (class, letter) = status_mark(*s);
                        let _ = write!(page, "<td class=\"cell {class}\">{letter}</td>");
                    }
                    None => page.push_str("<td class=\"cell\"></td>"),
                }
            }
            let p = r.progress;
            let _ = writeln!(
                page,
                "<td class=\"num\">{}/{}</td></tr>",
                p.verified + p.overridden,
                p.total()
            );
        }
        page.push_str("</tbody></table></div>\n");
    }
    page.push_str("</section>\n");
}

fn figures(page: &mut String, c: &Campaign) {
    page.push_str("<section id=\"figures\"><h2>Figures</h2>\n<p class=\"muted\">Each dot is one response's figure. The band spans the middle half (quartiles), the line is the median; red dots lie more than 3.5 median absolute deviations from the median on a log scale (compared once a question has 8 figures).</p>\n");
    let shown: Vec<&Distribution> = c
        .distributions
        .iter()
        .filter(|d| !d.figures.is_empty())
        .collect();
    if shown.is_empty() {
        page.push_str(
            "<p>No figures to compare: no response matched a schema with numeric questions.</p>\n",
        );
    }
    for d in shown {
        let _ = writeln!(
            page,
            "<figure class=\"plot\"><figcaption><b>{}</b> <span class=\"muted\">{} · {} · {} figure{}</span><br>median {} · quartiles {} – {}</figcaption>",
            esc(&key_words(&d.key)),
            esc(&d.schema),
            d.kind.as_str(),
            d.figures.len(),
            plural(d.figures.len()),
            format_figure(d.kind, d.median),
            format_figure(d.kind, d.lower_quartile),
            format_figure(d.kind, d.upper_quartile),
        );
        strip_plot(page, c, d);
        if !d.outliers.is_empty() {
            page.push_str("<ul class=\"outliers\">");
            for &i in &d.outliers {
                let f = &d.figures[i];
                let _ = write!(
                    page,
                    "<li>{} — {}</li>",
                    esc(&d.finding(i).message),
                    esc(short_name(&c.responses[f.response].path))
                );
            }
            page.push_str("</ul>");
        }
        page.push_str("</figure>\n");
    }
    page.push_str("</section>\n");
}

const PLOT_W: f64 = 640.0;
const PLOT_H: f64 = 64.0;
const PAD: f64 = 12.0;

/// One key's figures on a horizontal axis: log scale when they span more than
/// a factor of 20 (as the outlier rule does), otherwise linear.
fn strip_plot(page: &mut String, c: &Campaign, d: &Distribution) {
    let lo = d.figures.first().map_or(0.0, |f| f.value);
    let hi = d.figures.last().map_or(1.0, |f| f.value);
    let log = hi > 20.0 * lo.max(f64::MIN_POSITIVE) && hi > 1.0;
    let t = |v: f64| if log { v.ln_1p() } else { v };
    let (a, b) = (t(lo), t(hi));
    let span = if (b - a).abs() < f64::EPSILON {
        1.0
    } else {
        b - a
    };
    let x = |v: f64| {
        let at = if (b - a).abs() < f64::EPSILON {
            0.5
        } else {
            (t(v) - a) / span
        };
        PAD + at * (PLOT_W - 2.0 * PAD)
    };
    let _ = write!(
        page,
        "<svg viewBox=\"0 0 {PLOT_W} {}\" role=\"img\" aria-label=\"{} figures of {}\">",
        PLOT_H + 16.0,
        d.figures.len(),
        esc(&key_words(&d.key))
    );
    let (q1, q3) = (x(d.lower_quartile), x(d.upper_quartile));
    let _ = write!(
        page,
        "<rect class=\"iqr\" x=\"{q1:.1}\" y=\"6\" width=\"{:.1}\" height=\"{}\"/>\
         <line class=\"axis\" x1=\"{PAD}\" y1=\"{PLOT_H}\" x2=\"{}\" y2=\"{PLOT_H}\"/>\
         <line class=\"median\" x1=\"{m:.1}\" y1=\"2\" x2=\"{m:.1}\" y2=\"{PLOT_H}\"/>",
        (q3 - q1).max(1.0),
        PLOT_H - 12.0,
        PLOT_W - PAD,
        m = x(d.median),
    );
    for (i, f) in d.figures.iter().enumerate() {
        // Spread dots vertically so equal figures stay visible.
        let y = 14.0 + ((i * 37) % 41) as f64;
        if d.is_outlier(i) {
            let _ = write!(
                page,
                "<circle class=\"out\" cx=\"{:.1}\" cy=\"{y}\" r=\"4.5\"><title>{}: {}</title></circle>",
                x(f.value),
                esc(short_name(&c.responses[f.response].path)),
                format_figure(d.kind, f.value)
            );
        } else {
            let _ = write!(
                page,
                "<circle cx=\"{:.1}\" cy=\"{y}\" r=\"3\"/>",
                x(f.value)
            );
        }
    }
    let _ = writeln!(
        page,
        "<text x=\"{PAD}\" y=\"{}\">{}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>{}</svg>",
        PLOT_H + 13.0,
        esc(&format_figure(d.kind, lo)),
        PLOT_W - PAD,
        PLOT_H + 13.0,
        esc(&format_figure(d.kind, hi)),
        if log {
            format!(
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"muted\">log scale</text>",
                PLOT_W / 2.0,
                PLOT_H + 13.0
            )
        } else {
            String::new()
        }
    );
}

fn progress(page: &mut String, c: &Campaign) {
    let p = c.progress();
    let total = p.total();
    let _ = write!(
        page,
        "<section id=\"progress\"><h2>Verification</h2>\n<p>{} answer{} to check: <b>{}</b> verified by annotation, <b>{}</b> overridden, <b>{}</b> unreviewed.</p>\n<div class=\"bar\" role=\"img\" aria-label=\"verification progress\">",
        group_digits(total as f64),
        plural(total),
        p.verified,
        p.overridden,
        p.unreviewed
    );
    for (n, class, label) in [
        (p.verified, "v-ok", "verified"),
        (p.overridden, "v-set", "overridden"),
        (p.unreviewed, "v-no", "unreviewed"),
    ] {
        if n > 0 {
            let _ = write!(
                page,
                "<span class=\"{class}\" style=\"width:{:.2}%\" title=\"{label}: {n}\"></span>",
                percent(n, total)
            );
        }
    }
    page.push_str("</div>\n<p class=\"legend\"><span class=\"key v-ok\"></span>verified <span class=\"key v-set\"></span>overridden <span class=\"key v-no\"></span>unreviewed</p>\n");
    let mut most: Vec<(usize, Progress)> = c
        .responses
        .iter()
        .enumerate()
        .filter(|(_, r)| r.triage.is_response() && r.progress.unreviewed > 0)
        .map(|(i, r)| (i, r.progress))
        .collect();
    most.sort_by_key(|(i, p)| (std::cmp::Reverse(p.unreviewed), *i));
    if !most.is_empty() {
        page.push_str("<details><summary>Responses with the most unreviewed answers</summary><table class=\"small\"><thead><tr><th>Response</th><th>Unreviewed</th><th>Verified</th><th>Overridden</th></tr></thead><tbody>");
        for (i, p) in most.iter().take(20) {
            let _ = write!(
                page,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                esc(short_name(&c.responses[*i].path)),
                p.unreviewed,
                p.verified,
                p.overridden
            );
        }
        page.push_str("</tbody></table></details>\n");
    }
    page.push_str("</section>\n");
}

fn queue(page: &mut String, c: &Campaign) {
    let _ = write!(
        page,
        "<section id=\"queue\"><h2>Findings queue</h2>\n<p class=\"muted\">{} finding{} to look at, by file and line (statuses such as “not held” are readings, not doubts, and are not listed).</p>\n",
        c.queue.len(),
        plural(c.queue.len())
    );
    if c.queue.is_empty() {
        page.push_str("</section>\n");
        return;
    }
    page.push_str("<div class=\"scroll\"><table class=\"queue\"><thead><tr><th>File</th><th>Line</th><th>Question</th><th>Finding</th><th>Message</th></tr></thead><tbody>\n");
    for q in &c.queue {
        let sev = match q.severity {
            Severity::Error => "sev-e",
            Severity::Warning => "sev-w",
            Severity::Information => "sev-i",
            Severity::Hint => "sev-h",
        };
        let path = &c.responses[q.response].path;
        let _ = writeln!(
            page,
            "<tr><td title=\"{}\">{}</td><td class=\"num\">{}</td><td>{}</td><td><span class=\"{sev}\">{}</span></td><td>{}</td></tr>",
            esc(path),
            esc(short_name(path)),
            q.line,
            esc(q.key.as_deref().unwrap_or("")),
            q.code.as_str(),
            esc(&q.message)
        );
    }
    page.push_str("</tbody></table></div>\n</section>\n");
}

const CSS: &str = r#"
:root{--fg:#1d1d1f;--muted:#5f6368;--line:#d0d4d9;--bg:#fff;--accent:#2457a6}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
header,main{max-width:1100px;margin:0 auto;padding:0 16px}
header{padding-top:16px;border-bottom:1px solid var(--line)}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.25em;margin:1.4em 0 .4em;border-bottom:1px solid var(--line)}h3{font-size:1.05em;margin:1em 0 .3em}
nav{margin:.4em 0 .8em}nav a{color:var(--accent)}
.muted{color:var(--muted);font-weight:normal}
.warn{color:#8a4b00}
.cards{display:flex;flex-wrap:wrap;gap:8px}
.card{border:1px solid var(--line);border-radius:6px;padding:6px 12px;min-width:130px}
.card b{display:block;font-size:1.4em}
.bar{display:flex;height:18px;border:1px solid var(--line);border-radius:4px;overflow:hidden;margin:.4em 0}
.bar span{display:block;height:100%}
.key{display:inline-block;width:.9em;height:.9em;border-radius:2px;margin-right:.35em;vertical-align:-.1em}
.t-ans{background:#2e7d32}.t-part{background:#9ccc65}.t-ref{background:#c62828}.t-ack{background:#f9a825}.t-not{background:#b0b7bf}
.v-ok{background:#2e7d32}.v-set{background:#2457a6}.v-no{background:#d5d9de}
table{border-collapse:collapse}
th,td{padding:2px 6px;text-align:left;vertical-align:top}
.small td,.small th,.queue td,.queue th{border-bottom:1px solid var(--line)}
.num{text-align:right;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto;max-width:100%}
.matrix{font-size:13px}
.matrix th.q{text-align:center;min-width:1.9em}
.matrix .name{position:sticky;left:0;background:var(--bg);white-space:nowrap;max-width:22em;overflow:hidden;text-overflow:ellipsis;font-weight:normal}
.matrix tr.r td,.matrix tr.r th{border-bottom:1px solid #eef0f2}
.cell{text-align:center;font-weight:600;font-size:12px;min-width:1.9em;padding:2px 3px;border:1px solid #fff}
.legend .cell{display:inline-block;min-width:1.6em}
.s-a{background:#2e7d32;color:#fff}.s-p{background:#9ccc65;color:#1d1d1f}.s-n{background:#9aa0a6;color:#fff}
.s-e{background:#c62828;color:#fff}.s-r{background:#6a8caf;color:#fff}.s-t{background:#8e6bbf;color:#fff}
.s-x{background:#e3e7ea;color:#1d1d1f}.s-m{background:#fff;color:#c62828;outline:1px dashed #c62828;outline-offset:-2px}
.plot{margin:1em 0;padding:8px;border:1px solid var(--line);border-radius:6px;break-inside:avoid}
.plot svg{width:100%;height:auto;display:block;max-width:720px}
svg circle{fill:#2457a6;fill-opacity:.65}svg circle.out{fill:#c62828;fill-opacity:1}
svg .iqr{fill:#dbe6f5}svg .axis{stroke:#9aa0a6}svg .median{stroke:#1d1d1f;stroke-width:2}
svg text{font-size:11px;fill:var(--muted)}
.outliers{margin:.3em 0 0;padding-left:1.2em;color:#8e1b1b}
.sev-e,.sev-w,.sev-i,.sev-h{font-size:12px;padding:0 5px;border-radius:3px;white-space:nowrap}
.sev-e{background:#fde2e1;color:#8e1b1b}.sev-w{background:#fff1cc;color:#6b4a00}.sev-i{background:#e3ecfa;color:#1d3f7a}.sev-h{background:#eceff1;color:#3c4043}
.queue td:nth-child(5){min-width:18em}
details{margin:.5em 0}
@media (max-width:600px){body{font-size:14px}.card{min-width:45%}.matrix .name{max-width:9em}}
@media print{nav{display:none}.scroll{overflow:visible}.matrix{font-size:9px}.cell{-webkit-print-color-adjust:exact;print-color-adjust:exact}.bar span,.key{-webkit-print-color-adjust:exact;print-color-adjust:exact}section{break-inside:auto}h2{break-after:avoid}details{display:block}details>*{display:block}}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            esc("<b>\"A&B\"</b>'"),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;&#39;"
        );
    }

    #[test]
    fn an_empty_campaign_still_makes_a_page() {
        let page = render(
            &Campaign::default(),
            &Options {
                title: "Nothing <yet>".into(),
                unreadable: 2,
            },
        );
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains("<title>Nothing &lt;yet&gt;</title>"));
        assert!(page.contains("2 files could not be read"));
        assert!(!page.contains("<script"));
    }
}

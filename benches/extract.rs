//! `foil extract` end to end on 1,000 invented responses: walk the folder, read
//! and decode every file, analyse it, render the dataset (JSON and CSV), through
//! the same function the command runs.
//!
//! The responses are written to `$TMPDIR/foil-extract-bench/` and left there, so
//! that the binary can be timed on the same files afterwards:
//! `hyperfine 'target/release/foil extract /tmp/foil-extract-bench'`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use foil::cli::args::ExtractFormat;
use foil::cli::inputs::Inputs;
use foil::workspace::Workspace;

const RESPONSES: usize = 1000;

/// A small deterministic generator, so every run reads the same files.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const PLACES: &[&str] = &[
    "Ashdown Valley",
    "Kestrel Moor",
    "Fernwick",
    "Northby",
    "Harrowgate Vale",
    "Lindenfield",
    "Pelham Cross",
    "Oakridge",
    "Marlow Heath",
    "Stonebridge",
];
const KINDS: &[&str] = &[
    "Hospitals NHS Trust",
    "NHS Foundation Trust",
    "Partnership NHS Trust",
    "Community NHS Trust",
];
const SYSTEMS: &[&str] = &[
    "Medicode",
    "Encoder Pro",
    "Lorenzo",
    "RiO",
    "iPM",
    "Cerner",
    "SystmOne",
];
const SPECIALTIES: &[&str] = &[
    "General Medicine",
    "Cardiology",
    "Trauma & Orthopaedics",
    "Dermatology",
    "Urology",
    "Oncology",
    "Paediatrics",
    "Ophthalmology",
    "Gastroenterology",
    "Respiratory",
];

/// The 16 questions of the clinical coding request, reworded.
const QUESTIONS: [&str; 16] = [
    "How many episodes of care did your organisation code in 2024 (inpatient and outpatient)?",
    "How many episodes of care were left uncoded in 2024?",
    "What income do you estimate was lost because of uncoded activity?",
    "Please split coding volumes by specialty (for example oncology, cardiology).",
    "How does your organisation manage coding activity?",
    "Is outpatient and inpatient coding managed by the same team?",
    "How many whole-time equivalent (WTE) staff carry out clinical coding?",
    "What share of coding WTE is substantive, bank and agency staff?",
    "Does the Trust have an automated solution for clinical coding?",
    "If yes, please describe the automated solution.",
    "If not, does the Trust plan to implement automated coding in the next 12–24 months?",
    "Is the Trust paid by Payment by Results (PbR), block contract or another model?",
    "Which clinical coding systems or software does the Trust use?",
    "Does your Electronic Patient Record (EPR) integrate clinical coding?",
    "What are the main challenges the Trust faces in clinical coding?",
    "Who is responsible for clinical coding (name, job title and email)?",
];

fn answers(rng: &mut Lcg) -> [String; 16] {
    let coded = 2000 + rng.below(400_000);
    let uncoded = rng.below(2000);
    let wte = 1.0 + rng.below(300) as f64 / 10.0;
    let bank = (rng.below(20) as f64) / 10.0;
    let low = 10 + rng.below(90);
    let mut table = String::new();
    let mut total = 0;
    for specialty in SPECIALTIES.iter().take(3 + rng.below(7) as usize) {
        let n = 100 + rng.below(20_000);
        total += n;
        writeln!(table, "{specialty}\t{n}").unwrap();
    }
    writeln!(table, "Total\t{total}").unwrap();
    [
        format!(
            "IP coded activity = {} & OP coded activity = {}",
            group(coded),
            group(coded * 3)
        ),
        format!("{uncoded} ({:.1}%)", uncoded as f64 * 100.0 / coded as f64),
        format!("£{low}k to £{}k", low + 20),
        table,
        "Via the Clinical Coding Team, with weekly backlog reviews by the coding manager.".into(),
        rng.pick(&["Yes", "No", "Separate teams"]).into(),
        format!("{wte:.1} WTE"),
        format!("{:.1} substantive / {bank:.1} bank", wte - bank),
        rng.pick(&["No", "Yes"]).into(),
        "N/A".into(),
        "We are reviewing options for 2025/26.".into(),
        rng.pick(&["Block", "PbR", "Both Block and PBR models"])
            .into(),
        format!("{} and {}", rng.pick(SYSTEMS), rng.pick(SYSTEMS)),
        rng.pick(&["No", "Yes", "Standalone"]).into(),
        "Recruitment of qualified coders and late discharge documentation.".into(),
        "Exempt under Section 40 – personal information".into(),
    ]
}

fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn organisation(rng: &mut Lcg) -> String {
    format!("{} {}", rng.pick(PLACES), rng.pick(KINDS))
}

fn our_response(rng: &mut Lcg) -> String {
    let a = answers(rng);
    let mut s = format!(
        "REQUEST & OUR RESPONSE:\nThank you for your request to {}. Our reference is FOI/{}.\n\n",
        organisation(rng),
        rng.below(9000) + 1000
    );
    for (i, (q, a)) in QUESTIONS.iter().zip(&a).enumerate() {
        write!(s, "{}. {q}\n\nOUR RESPONSE: {a}\n\n", i + 1).unwrap();
    }
    s
}

fn you_asked(rng: &mut Lcg) -> String {
    let a = answers(rng);
    let mut s = format!(
        " FOI {}\nDate {:02}/{:02}/2025\n\nDear Requester,\nThank you for your request to {}.\n\nYou asked:\n",
        rng.below(9000) + 1000,
        rng.below(28) + 1,
        rng.below(12) + 1,
        organisation(rng)
    );
    for (q, a) in QUESTIONS.iter().zip(&a) {
        write!(s, "{q}\n{a}\n\n").unwrap();
    }
    s.push_str("If you are not satisfied you may ask for an internal review within three months, and then apply to the Information Commissioner.\nYours sincerely,\n");
    s
}

fn markdown(rng: &mut Lcg) -> String {
    let a = answers(rng);
    let mut s = format!(
        "**Reference Number:** FOI{}  \n**Date:** {} March 2025  \n**Subject:** Clinical coding\n\n",
        rng.below(9000) + 1000,
        rng.below(28) + 1
    );
    for (i, (q, a)) in QUESTIONS.iter().zip(&a).enumerate() {
        write!(s, "**Q{n}** {q}\n\n**A{n}** {a}\n\n", n = i + 1).unwrap();
    }
    s
}

fn letter(rng: &mut Lcg) -> String {
    let a = answers(rng);
    let org = organisation(rng);
    let mut s = format!(
        "{org}\nInformation Governance Department\n1 Hospital Road\nAnytown AB1 2CD\n\nDear Requester\n\nRequest for Information\n\nI write further to your request FOI ID {} regarding clinical coding.\n\n",
        rng.below(90000) + 10000
    );
    for (i, (q, a)) in QUESTIONS.iter().zip(&a).enumerate() {
        writeln!(s, "{}. {q} {a}", i + 1).unwrap();
        if i == 7 {
            s.push_str("\nWe are proud to be smoke free\nPage 2 of 3\nChair: A. Person   Chief Executive: B. Person\n\n");
        }
    }
    s
}

fn sections(rng: &mut Lcg) -> String {
    let wte = 2.0 + rng.below(200) as f64 / 10.0;
    format!(
        "\n\nRef. No: FOI{}\nDate: {:02}/0{}/2025\nSubject: Clinical Coding\n\nREQUEST\n\nTeam Structure\n\n1. What is the structure of your Clinical Coding team?\n2. Please list each role, its banding and WTE.\n\nStaffing Levels\n\n1. How many WTE Clinical Coders are currently employed by your Trust?\n2. Do you have any current vacancies?\n\nActivity Volumes\n\n1. How many spells did your Trust record for the 2024/25 financial year?\n\nRESPONSE\n\nTeam Structure\n\n1. What is the structure of your Clinical Coding team?\n\nOne coding manager, two team leaders and coders.\n\n2. Please list each role, its banding and WTE.\n\nCoding manager Band 7 1.0 WTE; team leaders Band 5 2.0 WTE.\n\nStaffing Levels\n\n1. How many WTE Clinical Coders are currently employed by your Trust?\n\n{wte:.1} WTE\n\n2. Do you have any current vacancies?\n\n{} WTE vacancies at Band 4.\n\nActivity Volumes\n\n1. How many spells did your Trust record for the 2024/25 financial year?\n\n{}\n",
        rng.below(9000) + 1000,
        rng.below(28) + 1,
        rng.below(9) + 1,
        rng.below(4),
        group(10_000 + rng.below(200_000)),
    )
}

/// Writes the responses (five layouts in turn) and returns their folder and total size.
fn write_responses() -> (PathBuf, u64) {
    let dir = std::env::temp_dir().join("foil-extract-bench");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the bench folder");
    let mut rng = Lcg(2025);
    let mut bytes = 0;
    for i in 0..RESPONSES {
        let (text, ext) = match i % 5 {
            0 => (our_response(&mut rng), "txt"),
            1 => (you_asked(&mut rng), "txt"),
            2 => (markdown(&mut rng), "md"),
            3 => (letter(&mut rng), "txt"),
            _ => (sections(&mut rng), "txt"),
        };
        bytes += text.len() as u64;
        std::fs::write(dir.join(format!("response-{i:04}.{ext}")), text).expect("write a response");
    }
    (dir, bytes)
}

/// What `foil extract DIR` does: read, analyse and write one response at a time.
fn extract(inputs: &mut Inputs, dir: &Path, format: ExtractFormat) -> usize {
    let mut out = Vec::new();
    let counts = foil::cli::extract::extract(inputs, &[dir.to_path_buf()], format, false, &mut out)
        .expect("extract runs");
    assert_eq!(counts.read, RESPONSES);
    out.len()
}

fn bench(c: &mut Criterion) {
    let (dir, bytes) = write_responses();
    eprintln!("{RESPONSES} responses, {bytes} bytes, in {}", dir.display());
    let mut inputs = Inputs::fixed(Workspace::default());
    let mut group = c.benchmark_group("extract_1000");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("json", |b| {
        b.iter(|| extract(&mut inputs, &dir, ExtractFormat::Json))
    });
    group.bench_function("csv", |b| {
        b.iter(|| extract(&mut inputs, &dir, ExtractFormat::Csv))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! A campaign of 1,000 invented replies to the clinical coding request, end
//! to end through the functions the commands run: `foil report DIR` (read,
//! triage, compare, render the page) and `foil extract --format sqlite -o
//! FILE`. The floor is under 3 s each, and the page under 3 MB
//! (checked here before timing).
//!
//! The replies are written to `$TMPDIR/foil-campaign-bench/` and left there,
//! so the binary can be timed on them too:
//! `time target/release/foil report /tmp/foil-campaign-bench -o /tmp/r.html`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};
use foil::cli::inputs::Inputs;
use foil::workspace::Workspace;

const RESPONSES: usize = 1000;
const PAGE_LIMIT: usize = 3 * 1024 * 1024;

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

const QUESTIONS: [&str; 16] = [
    "How many episodes of care were coded by your organisation in 2024 (both inpatient and outpatient)?",
    "How many episodes of care went uncoded in 2024?",
    "How much income do you estimate was not generated due to uncoded activity?",
    "Can you provide the split of coding volumes between specialities (e.g., oncology, cardiology)?",
    "Please explain how your organisation manages coding activity.",
    "Are outpatient and inpatient coding managed by the same team or separate teams?",
    "How many Whole-Time Equivalent (WTE) staff complete clinical coding for the Trust?",
    "What proportion of the total WTE staff for clinical coding is substantive (permanent), bank staff, and agency staff?",
    "Does the Trust currently have any automated solutions in place for clinical coding?",
    "If yes, please explain the automated solution that is in place.",
    "If not, is the Trust planning to implement automated coding solutions in the next 12–24 months?",
    "Is the Trust currently on Payment by Results (PbR), block contracts, or another financial model?",
    "What clinical coding systems or software does the Trust currently use to capture clinical codes?",
    "Does your Trust’s Electronic Patient Record (EPR) system integrate clinical coding, or do clinical departments use standalone systems?",
    "What are the main challenges the Trust faces in clinical coding (e.g., timeliness, accuracy, staffing shortages)?",
    "Could you provide the contact details (name, job title, and email) of the person who is ultimately responsible for overseeing clinical coding within the Trust?",
];

const PLACES: &[&str] = &[
    "Ashdown Valley",
    "Kestrel Moor",
    "Fernwick",
    "Northby",
    "Lindenfield",
    "Pelham Cross",
    "Oakridge",
    "Stonebridge",
];

/// Figures spread over an order of magnitude, a few far outside.
fn episodes(rng: &mut Lcg) -> u64 {
    match rng.below(100) {
        0 => 500 + rng.below(2_000),
        1 => 5_000_000 + rng.below(1_000_000),
        _ => 40_000 + rng.below(260_000),
    }
}

fn answers(rng: &mut Lcg) -> [String; 16] {
    let coded = episodes(rng);
    let wte = 4.0 + rng.below(300) as f64 / 10.0;
    [
        format!("{coded} episodes were coded in 2024."),
        format!("{}", rng.below(3_000)),
        format!("£{}k", 10 + rng.below(400)),
        "We do not hold this split.".into(),
        "Through the central clinical coding team with monthly audits.".into(),
        rng.pick(&["Same team.", "Separate teams."]).into(),
        format!("{wte:.1} WTE"),
        format!("{:.1} substantive / 1.0 agency", wte - 1.0),
        rng.pick(&["No.", "Yes."]).into(),
        "Not applicable.".into(),
        "We are reviewing options.".into(),
        rng.pick(&["Block contract.", "Payment by Results.", "Both"])
            .into(),
        rng.pick(&[
            "Medicode and iPM",
            "Encoder Pro",
            "Medicode, Lorenzo and RiO",
        ])
        .into(),
        rng.pick(&["Standalone", "Integrated"]).into(),
        "Recruiting and keeping qualified coders.".into(),
        "Exempt under Section 40.".into(),
    ]
}

fn reply(rng: &mut Lcg, i: usize) -> String {
    let trust = format!("{} NHS Trust {i}", rng.pick(PLACES));
    match rng.below(50) {
        // A holding letter now and then.
        0 => format!(
            "{trust}\nFreedom of Information request FOI {i}\n\nDear Requester,\n\nThank you for your request. We are now processing your request and will respond within 20 working days.\n"
        ),
        // A cost-limit refusal.
        1 => format!(
            "{trust}\nFreedom of Information request FOI {i}\n\nDear Requester,\n\nWe estimate that complying with your request would exceed the appropriate limit of £450 under section 12, so we are refusing your request.\n"
        ),
        _ => {
            let a = answers(rng);
            let mut s =
                format!("{trust}\nFreedom of Information request FOI {i}\n\nREQUEST & OUR RESPONSE:\n\n");
            for (n, (q, a)) in QUESTIONS.iter().zip(&a).enumerate() {
                write!(s, "{}. {q}\n\nOUR RESPONSE: {a}\n\n", n + 1).unwrap();
            }
            s
        }
    }
}

fn write_responses() -> PathBuf {
    let dir = std::env::temp_dir().join("foil-campaign-bench");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the bench folder");
    let mut rng = Lcg(16);
    for i in 0..RESPONSES {
        std::fs::write(dir.join(format!("trust-{i:04}.txt")), reply(&mut rng, i))
            .expect("write a response");
    }
    dir
}

/// What `foil report DIR -o FILE` does, returning the page.
fn report(dir: &Path) -> String {
    let mut inputs = Inputs::fixed(Workspace::default());
    let (campaign, counts) =
        foil::cli::report::read(&mut inputs, &[dir.to_path_buf()], false).expect("report reads");
    assert_eq!(counts.read, RESPONSES);
    foil::cli::report::render(
        &campaign,
        &foil::cli::report::Options {
            title: "Bench".into(),
            unreadable: 0,
        },
    )
}

/// What `foil extract DIR --format sqlite -o FILE` does.
fn sqlite(dir: &Path, db: &Path) {
    let mut inputs = Inputs::fixed(Workspace::default());
    let counts = foil::cli::extract::extract_sqlite(&mut inputs, &[dir.to_path_buf()], false, db)
        .expect("sqlite export runs");
    assert_eq!(counts.read, RESPONSES);
}

fn bench(c: &mut Criterion) {
    let dir = write_responses();
    let page = report(&dir);
    println!(
        "report of {RESPONSES} responses: {} bytes ({:.2} MB)",
        page.len(),
        page.len() as f64 / 1_048_576.0
    );
    assert!(page.len() < PAGE_LIMIT, "the page is over 3 MB");
    let db = dir.with_extension("db");
    let mut group = c.benchmark_group("campaign");
    group.sample_size(10);
    group.bench_function("report 1000 responses", |b| b.iter(|| report(&dir).len()));
    group.bench_function("extract sqlite 1000 responses", |b| {
        b.iter(|| sqlite(&dir, &db))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! A campaign of invented responses to the clinical coding request.

use super::*;
use crate::engine::Engine;

/// An invented reply to the 16-question request with `episodes` coded.
pub(crate) fn reply(trust: &str, episodes: &str, wte: &str) -> String {
    let answers = [
        format!("{episodes} episodes were coded in 2024."),
        "120".to_string(),
        "£40k".to_string(),
        "We do not hold this split.".to_string(),
        "Through the central clinical coding team.".to_string(),
        "Same team.".to_string(),
        format!("{wte} WTE"),
        "All substantive.".to_string(),
        "No.".to_string(),
        "Not applicable.".to_string(),
        "No.".to_string(),
        "Block contract.".to_string(),
        "Medicode and iPM".to_string(),
        "Standalone".to_string(),
        "Recruiting qualified coders.".to_string(),
        "Exempt under Section 40.".to_string(),
    ];
    let questions = [
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
    let mut s = format!("{trust}\nFreedom of Information request FOI 1234\n\n");
    for (i, (q, a)) in questions.iter().zip(&answers).enumerate() {
        s.push_str(&format!("{}. {q}\n\nOUR RESPONSE: {a}\n\n", i + 1));
    }
    s
}

fn campaign(texts: &[(String, String)]) -> Campaign {
    let engine = Engine::default();
    let analyses: Vec<Analysis> = texts.iter().map(|(_, t)| engine.analyze(t)).collect();
    let docs: Vec<Document> = texts
        .iter()
        .zip(&analyses)
        .map(|((p, t), a)| Document {
            path: p,
            text: t,
            analysis: a,
        })
        .collect();
    Campaign::of(&docs)
}

fn ten_trusts() -> Vec<(String, String)> {
    let episodes = [
        "84,500", "91,200", "77,310", "102,000", "68,940", "88,000", "95,500", "73,800", "6,793",
        "81,000",
    ];
    episodes
        .iter()
        .enumerate()
        .map(|(i, e)| {
            (
                format!("trust-{i:02}.txt"),
                reply(&format!("Trust {i}"), e, "12.5"),
            )
        })
        .collect()
}

#[test]
fn a_trust_far_below_the_others_is_an_outlier() {
    let c = campaign(&ten_trusts());
    let d = c
        .distributions
        .iter()
        .find(|d| d.key == "episodes_coded" && d.kind == ValueKind::Count)
        .expect("episodes coded are compared");
    assert_eq!(d.figures.len(), 10);
    assert_eq!(d.median, 84_500.0 - (84_500.0 - 81_000.0) / 2.0);
    let outliers = c.outliers_of(8);
    assert_eq!(outliers.len(), 1, "{outliers:?}");
    assert_eq!(
        outliers[0].message,
        "6,793 episodes coded: lowest of 10 responses (median 82,750)"
    );
    assert!(c.outliers_of(0).is_empty());
    // The same WTE everywhere: no spread, no outlier.
    assert!(c
        .distributions
        .iter()
        .filter(|d| d.key == "coding_wte")
        .all(|d| d.outliers.is_empty()));
    // The queue names the file and line of the outlier.
    let entry = c
        .queue
        .iter()
        .find(|q| q.code == Code::Outlier)
        .expect("the outlier is queued");
    assert_eq!(entry.response, 8);
    assert_eq!(entry.line, 6);
}

#[test]
fn an_edited_figure_is_judged_against_the_others() {
    let trusts = ten_trusts();
    let c = campaign(&trusts);
    let engine = Engine::default();
    // Trust 8 corrects its figure: no longer an outlier.
    let fixed = engine.analyze(&reply("Trust 8", "67,930", "12.5"));
    assert!(c.outliers_for("trust-08.txt", &fixed).is_empty());
    // Trust 0 mistypes its figure.
    let typo = engine.analyze(&reply("Trust 0", "845", "12.5"));
    let found = c.outliers_for("trust-00.txt", &typo);
    assert_eq!(found.len(), 1);
    assert!(
        found[0]
            .message
            .starts_with("845 episodes coded: lowest of 10"),
        "{}",
        found[0].message
    );
}

#[test]
fn the_campaign_counts_triage_and_progress() {
    let mut texts = ten_trusts();
    texts.push((
        "notes.txt".into(),
        "Shopping list: eggs, flour, milk.".into(),
    ));
    let verified = reply("Trust V", "80,000", "10")
        .replace(
            "OUR RESPONSE: 80,000 episodes were coded in 2024.\n",
            "OUR RESPONSE: 80,000 episodes were coded in 2024.\n<!-- foil verify q=episodes_coded value=80000 quote=\"80,000\" -->\n",
        )
        .replace(
            "OUR RESPONSE: 10 WTE\n",
            "OUR RESPONSE: 10 WTE\n<!-- foil set q=coding_wte value=9.5 -->\n",
        );
    texts.push(("verified.txt".into(), verified));
    let c = campaign(&texts);
    let counts: HashMap<Triage, usize> = c.triage_counts().into_iter().collect();
    assert_eq!(counts[&Triage::NotAResponse], 1);
    assert_eq!(c.response_count(), 11);
    let v = &c.responses[11].progress;
    assert_eq!((v.verified, v.overridden), (1, 1), "{v:?}");
    assert_eq!(c.progress().verified, 1);
    assert!(c.progress().unreviewed > 100);
    assert_eq!(c.groups.len(), 1, "the note is no response");
    assert_eq!(c.groups[0].responses.len(), 11);
    assert_eq!(c.groups[0].columns.len(), 16);
    assert!(c.queue.iter().all(|q| q.response != 10));
}

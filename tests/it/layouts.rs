//! A catalogue of the ways letters lay out questions and answers, each the
//! same three invented questions answered 450, 24 and Yes: whatever the
//! layout, the reading is the same. A layout that reads otherwise is a gap in
//! the reader, not in the letter.

use foil::engine::model::{Scalar, Status};
use foil::engine::Engine;

const HEAD: &str = "Freedom of Information request FOI 77\n\n";

/// (what the layout is, the letter's body)
const LAYOUTS: &[(&str, &str)] = &[
    (
        "Q and A labels inline",
        "Q1: How many beds does the Trust have? A1: 450\nQ2: How many wards? A2: 24\n\
         Q3: Do you use agency nurses? A3: Yes\n",
    ),
    (
        "Question: / Answer:",
        "Question: How many beds does the Trust have?\nAnswer: 450\n\n\
         Question: How many wards?\nAnswer: 24\n\n\
         Question: Do you use agency nurses?\nAnswer: Yes\n",
    ),
    (
        "markdown table",
        "| Question | Response |\n|---|---|\n| How many beds does the Trust have? | 450 |\n\
         | How many wards? | 24 |\n| Do you use agency nurses? | Yes |\n",
    ),
    (
        "answers after dashes",
        "1) How many beds does the Trust have?\n- 450\n2) How many wards?\n- 24\n\
         3) Do you use agency nurses?\n- Yes\n",
    ),
    (
        "Trust response:",
        "1. How many beds does the Trust have?\nTrust response: 450\n\n\
         2. How many wards?\nTrust response: 24\n\n\
         3. Do you use agency nurses?\nTrust response: Yes\n",
    ),
    (
        "Response –",
        "1. How many beds does the Trust have?\nResponse – 450\n\n2. How many wards?\n\
         Response – 24\n\n3. Do you use agency nurses?\nResponse – Yes\n",
    ),
    (
        "Request: / Response: for each",
        "Request: How many beds does the Trust have?\nResponse: 450\n\n\
         Request: How many wards?\nResponse: 24\n\n\
         Request: Do you use agency nurses?\nResponse: Yes\n",
    ),
    (
        "bold markdown headings",
        "**Question 1**\nHow many beds does the Trust have?\n\n**Response**\n450\n\n\
         **Question 2**\nHow many wards?\n\n**Response**\n24\n\n\
         **Question 3**\nDo you use agency nurses?\n\n**Response**\nYes\n",
    ),
    (
        "tab-separated columns",
        "How many beds does the Trust have?\t450\nHow many wards?\t24\n\
         Do you use agency nurses?\tYes\n",
    ),
    (
        "You asked: / We replied:",
        "You asked: How many beds does the Trust have?\nWe replied: 450\n\n\
         You asked: How many wards?\nWe replied: 24\n\n\
         You asked: Do you use agency nurses?\nWe replied: Yes\n",
    ),
    (
        "questions in capitals",
        "1. HOW MANY BEDS DOES THE TRUST HAVE?\n450\n2. HOW MANY WARDS?\n24\n\
         3. DO YOU USE AGENCY NURSES?\nYES\n",
    ),
    (
        "request listed, then numbered answers",
        "Your request:\n1. How many beds does the Trust have?\n2. How many wards?\n\
         3. Do you use agency nurses?\n\nOur response:\n1. 450\n2. 24\n3. Yes\n",
    ),
    (
        "Q.1 labels",
        "Q.1 How many beds does the Trust have?\n450\nQ.2 How many wards?\n24\n\
         Q.3 Do you use agency nurses?\nYes\n",
    ),
    (
        "answers in brackets",
        "1. How many beds does the Trust have? [450]\n2. How many wards? [24]\n\
         3. Do you use agency nurses? [Yes]\n",
    ),
    (
        "answers in italics",
        "1. How many beds does the Trust have?\n*450*\n\n2. How many wards?\n*24*\n\n\
         3. Do you use agency nurses?\n*Yes*\n",
    ),
    (
        "numbers with dashes",
        "1 - How many beds does the Trust have?\n450\n2 - How many wards?\n24\n\
         3 - Do you use agency nurses?\nYes\n",
    ),
    (
        "Request 1: / Response 1:",
        "Request 1: How many beds does the Trust have?\nResponse 1: 450\n\
         Request 2: How many wards?\nResponse 2: 24\n\
         Request 3: Do you use agency nurses?\nResponse 3: Yes\n",
    ),
    (
        "questions quoted in markdown",
        "> How many beds does the Trust have?\n\n450\n\n> How many wards?\n\n24\n\n\
         > Do you use agency nurses?\n\nYes\n",
    ),
    (
        "form fields and values after a colon",
        "1. Total number of beds in the Trust: 450\n2. Total number of wards in use: 24\n\
         3. Do you use agency nurses: Yes\n",
    ),
    (
        "requests without question marks",
        "1. Number of beds in the Trust\n450\n2. Number of wards\n24\n\
         3. Whether you use agency nurses\nYes\n",
    ),
    (
        "questions first, then Answer 1: …",
        "You asked:\n1. How many beds does the Trust have?\n2. How many wards?\n\
         3. Do you use agency nurses?\n\nResponse:\nAnswer 1: 450\nAnswer 2: 24\nAnswer 3: Yes\n",
    ),
    (
        "answers over several paragraphs",
        "1. How many beds does the Trust have?\n\n450.\n\nThis figure includes day-case beds.\n\n\
         2. How many wards?\n\n24.\n\nSome wards are closed for refurbishment.\n\n\
         3. Do you use agency nurses?\n\nYes.\n\nWe use them to cover vacancies.\n",
    ),
    (
        "QUESTION n / TRUST RESPONSE in capitals",
        "QUESTION 1\nHow many beds does the Trust have?\nTRUST RESPONSE\n450\nQUESTION 2\n\
         How many wards?\nTRUST RESPONSE\n24\nQUESTION 3\nDo you use agency nurses?\n\
         TRUST RESPONSE\nYes\n",
    ),
    (
        "requests in the first person",
        "I would like to know the number of beds the Trust has.\n450\n\n\
         I would also like to know the number of wards.\n24\n\n\
         Could you tell me whether you use agency nurses?\nYes\n",
    ),
    (
        "Please can you provide … / Please confirm whether …",
        "Please can you provide the number of beds in the Trust.\n450\n\n\
         Please can you provide the number of wards.\n24\n\n\
         Please confirm whether you use agency nurses.\nYes\n",
    ),
    (
        "a bulleted request in lowercase, then bulleted answers",
        "You asked for:\n- the number of beds in the Trust\n- the number of wards\n\
         - whether you use agency nurses\n\nOur response:\n- 450\n- 24\n- Yes\n",
    ),
    (
        "a bulleted request, then one short answer a line",
        "You asked for:\n- the number of beds in the Trust\n- the number of wards\n\
         - whether you use agency nurses\n\nOur response:\n\n450\n\n24\n\nYes\n",
    ),
    (
        "questions listed, answers in a table keyed by their numbers",
        "You asked:\n1. How many beds does the Trust have?\n2. How many wards?\n\
         3. Do you use agency nurses?\n\nOur response:\n\n| Question | Answer |\n|---|---|\n\
         | 1 | 450 |\n| 2 | 24 |\n| 3 | Yes |\n",
    ),
    (
        "a table with the question and its answer in columns",
        "Question\tResponse\n1. How many beds does the Trust have?\t450\n2. How many wards?\t24\n\
         3. Do you use agency nurses?\tYes\n",
    ),
    (
        "parts numbered 1.1, 1.2, 1.3",
        "1.1 How many beds does the Trust have?\n450\n1.2 How many wards?\n24\n\
         1.3 Do you use agency nurses?\nYes\n",
    ),
    (
        "parts numbered 1(a), 1(b), 1(c)",
        "1(a) How many beds does the Trust have?\n450\n1(b) How many wards?\n24\n\
         1(c) Do you use agency nurses?\nYes\n",
    ),
    (
        "bulleted questions",
        "• How many beds does the Trust have?\n450\n• How many wards?\n24\n\
         • Do you use agency nurses?\nYes\n",
    ),
];

/// Each exchange's status and its figures or yes/no, in order.
fn reading(text: &str) -> Vec<(Status, Vec<String>)> {
    Engine::default()
        .analyze(text)
        .exchanges
        .iter()
        .map(|e| {
            let values = e
                .values
                .iter()
                .map(|v| match &v.value {
                    Scalar::Bool(b) => b.to_string(),
                    _ => v.number().map_or_else(|| "?".into(), |n| n.to_string()),
                })
                .collect();
            (e.status, values)
        })
        .collect()
}

#[test]
fn every_layout_reads_the_same() {
    let expected = vec![
        (Status::Answered, vec!["450".to_string()]),
        (Status::Answered, vec!["24".to_string()]),
        (Status::Answered, vec!["true".to_string()]),
    ];
    let wrong: Vec<String> = LAYOUTS
        .iter()
        .filter_map(|(name, body)| {
            let got = reading(&format!("{HEAD}{body}"));
            (got != expected).then(|| format!("{name}: {got:?}"))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "layouts read otherwise:\n{}",
        wrong.join("\n")
    );
}

/// Answers to one question in the words bodies use, and the status each
/// must read as.
const ANSWERS: &[(&str, Status)] = &[
    ("45. We do not hold figures for 2023.", Status::Partial),
    (
        "There were 12 incidents. The names of staff involved have been withheld under section 40(2).",
        Status::Partial,
    ),
    ("The Trust does not hold this information for 2024.", Status::NotHeld),
    (
        "To answer would exceed the cost limit under section 12 of the Act.",
        Status::Exempt,
    ),
    ("45. Please note this figure excludes bank staff.", Status::Answered),
    ("Nil.", Status::Answered),
    ("The Trust did not employ any agency nurses in 2024.", Status::Answered),
    ("Please see our response to question 2.", Status::Referred),
    ("Please see the attached Excel spreadsheet (Appendix 1).", Status::Attached),
    (
        "This information is exempt under section 21 as it is available on our website at https://www.example-trust.nhs.uk/workforce.",
        Status::Exempt,
    ),
    (
        "Fewer than 5. We cannot give the exact number as it may identify individuals (section 40).",
        Status::Partial,
    ),
    ("Not applicable – the Trust does not use agency nurses.", Status::NotApplicable),
];

#[test]
fn every_answer_reads_with_its_status() {
    let wrong: Vec<String> = ANSWERS
        .iter()
        .filter_map(|(answer, status)| {
            let text = format!(
                "{HEAD}1. How many agency nurses did the Trust employ in 2024?\n{answer}\n\n\
                 2. Do you publish staffing data?\nNo.\n"
            );
            let got = reading(&text).first().map(|r| r.0);
            (got != Some(*status)).then(|| format!("{answer}: {got:?}, not {status:?}"))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "answers read otherwise:\n{}",
        wrong.join("\n")
    );
}

/// Letters that explain a refusal after the answers: the explanation is the
/// named question's, not the last answer's.
#[test]
fn refusals_explained_after_the_answers_go_to_the_question_they_name() {
    let analysis = |text: &str| {
        Engine::default()
            .analyze(text)
            .exchanges
            .iter()
            .map(|e| (e.status, e.exemption.clone()))
            .collect::<Vec<_>>()
    };
    let under_a_heading = "Harrowgate District Council\nFOI/2024/0815\n\n\
        1. How many staff work in the planning department?\n42\n\n\
        2. Please provide the names of the planning officers.\nWithheld – see below.\n\n\
        3. How many planning applications were refused in 2023?\nThis information is not held.\n\n\
        Exemptions applied\n\nSection 40(2) – Personal information\n\n\
        The names requested in question 2 are personal data of junior officers, and disclosure \
        would breach the data protection principles.\n\nYours sincerely\n";
    assert_eq!(
        analysis(under_a_heading),
        [
            (Status::Answered, None),
            (Status::Exempt, Some("s40".to_string())),
            (Status::NotHeld, None),
        ]
    );
    let closing_paragraph = "Kestrel Valley NHS Trust\nFOI 2024-118\n\n\
        1. How many incidents of violence against staff were reported in 2023?\n312\n\n\
        2. Please provide copies of the incident reports.\nWe are unable to provide this \
        information. Please see the explanation below.\n\n\
        3. How much did the Trust spend on security staff?\n£450,000\n\n\
        To locate and redact the 312 reports for question 2 would take over 100 hours, so we are \
        relying on section 12 for that part of your request.\n\nYours faithfully\n";
    let pointing_below = "Brackmoor Borough Council\nFOI 2024-551\n\n\
        1. How many contracts did the Council award to Fellgate Ltd in 2023?\n4\n\n\
        2. Please provide the value of each contract.\nWithheld under the exemption explained below.\n\n\
        3. Who signed the contracts?\nThe contracts were signed by the Director of Resources.\n\n\
        Section 43(2) – Commercial interests\n\nDisclosure of the contract values would be likely \
        to prejudice the commercial interests of the Council.\n\nYours sincerely\n";
    assert_eq!(
        analysis(pointing_below),
        [
            (Status::Answered, None),
            (Status::Exempt, Some("s43".to_string())),
            (Status::Answered, None),
        ]
    );
    assert_eq!(
        analysis(closing_paragraph),
        [
            (Status::Answered, None),
            (Status::Exempt, Some("s12".to_string())),
            (Status::Answered, None),
        ]
    );
}

/// An e-mail reply that answers first and quotes the request below it.
#[test]
fn a_reply_that_attaches_its_answers_above_the_quoted_request() {
    let text = "Dear Daniel Okafor,\n\nPlease find attached our response to your request for \
        information.\n\nKind regards,\nFOI Team\nFellside District Council\n\n\
        On 1 March 2025 Daniel Okafor wrote:\n\n> Dear Fellside District Council,\n>\n\
        > 1. How many potholes were reported in 2024?\n\
        > 2. How many were repaired within 28 days?\n\
        > 3. What was the total cost of repairs?\n>\n> Yours faithfully,\n> Daniel Okafor\n";
    let statuses: Vec<Status> = reading(text).into_iter().map(|(s, _)| s).collect();
    assert_eq!(statuses, [Status::Attached; 3]);
    // A figure the answer repeats from its question is not the answer's.
    let echo = format!(
        "{HEAD}1. How many potholes were repaired within 28 days?\n\
         1,904 were repaired within 28 days.\n\n2. Do you use contractors?\nYes\n"
    );
    assert_eq!(reading(&echo)[0].1, ["1904"]);
}

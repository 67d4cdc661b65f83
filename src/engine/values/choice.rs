//! Answers that choose: yes/no, an option of an enumeration, a list of items.

use crate::engine::schema::{EnumOption, SchemaQuestion};

/// The words of `s`, lowercased, each followed by one space, with a space in
/// front: " we do not have ". Phrases are then found as whole words.
fn normalised(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push(' ');
    for (a, b) in crate::engine::text::words(s) {
        for c in s[a..b].chars() {
            out.push(if c == '’' {
                '\''
            } else {
                c.to_ascii_lowercase()
            });
        }
        out.push(' ');
    }
    out
}

/// Whether `phrase` (lowercase words separated by single spaces) occurs as
/// whole words in `norm` (made by [`normalised`]).
fn contains_phrase(norm: &str, phrase: &str) -> bool {
    let phrase = phrase.trim();
    if phrase.is_empty() {
        return false;
    }
    let mut from = 0;
    while let Some(i) = norm[from..].find(phrase) {
        let at = from + i;
        let before = norm[..at].ends_with(' ');
        let after = norm[at + phrase.len()..].starts_with(' ');
        if before && after {
            return true;
        }
        from = at + 1;
        while !norm.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

/// A plain negation in an answer's first clause ("We do not have …").
static NEGATION: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    crate::engine::text::regex(
        r"(?i)\b(?:do not|does not|don['’]t|doesn['’]t|did not|not currently|not at present|not at this time|none in place|no plans|is not|are not|have not|has not|there is no|there are no|we have no|the trust has no|not yet|currently,? no|at present,? no|at this time,? no|no,? we do not|no,? we don['’]t)\b",
    )
});

/// Reads a yes/no answer: a leading Yes or No, the schema's own words ("Standalone"
/// answers "integrated?" no), or a plain negation ("We do not have …").
/// Returns the answer and the length of the text it was read from.
pub fn yes_no(answer: &str, question: Option<&SchemaQuestion>) -> Option<(bool, usize)> {
    // Markdown emphasis, a bullet or a bracket around the word ("**Yes**,
    // although …", "- Yes", "[Yes]") is no word.
    let t = answer
        .trim_start()
        .trim_start_matches(['*', '_', '-', '–', '•', '[', '('])
        .trim_start();
    let lead = answer.len() - t.len();
    let first = crate::engine::text::Lower::<8>::new(
        t.split(|c: char| !(c.is_alphabetic() || c == '\''))
            .next()
            .unwrap_or(""),
    );
    let after = t.get(first.as_str().len()..).unwrap_or("").trim_start();
    match first.as_str() {
        "yes" | "yeah" | "correct" => return Some((true, lead + first.as_str().len())),
        // "None" to "Do you have any …?" is no.
        "none" => return Some((false, lead + 4)),
        "no" if !crate::engine::text::starts_with_ci(after, "one") => {
            return Some((false, lead + 2))
        }
        _ => {}
    }
    // The answer's opening words decide; a long answer's later sentences do not.
    let opening = crate::engine::text::head(t, 240);
    if let Some(q) = question {
        let words = normalised(opening);
        // The schema's words for no win when both appear ("separate", "standalone").
        for w in &q.no {
            if contains_phrase(&words, w) {
                return Some((false, lead + t.len().min(60)));
            }
        }
        for w in &q.yes {
            if contains_phrase(&words, w) {
                return Some((true, lead + t.len().min(60)));
            }
        }
    }
    let first_clause = opening.split(['.', ';', '\n']).next().unwrap_or("");
    NEGATION
        .find(first_clause)
        .map(|_| (false, lead + first_clause.len()))
}

/// Picks the enumeration option an answer names: an option whose words occur,
/// or (for "both") every option it combines.
pub fn enum_option<'q>(answer: &str, options: &'q [EnumOption]) -> Option<&'q EnumOption> {
    let words = normalised(answer);
    let named: Vec<&EnumOption> = options
        .iter()
        .filter(|o| {
            o.words.iter().any(|w| contains_phrase(&words, w)) || contains_phrase(&words, &o.name)
        })
        .collect();
    for o in options {
        if !o.when_all.is_empty()
            && o.when_all
                .iter()
                .all(|n| named.iter().any(|m| &m.name == n))
        {
            return Some(o);
        }
    }
    // Several named: the one named first in the answer.
    named.into_iter().min_by_key(|o| {
        o.words
            .iter()
            .chain(std::iter::once(&o.name))
            .filter_map(|w| words.find(&format!(" {} ", w.to_lowercase())))
            .min()
            .unwrap_or(usize::MAX)
    })
}

/// Splits a list answer ("Medicode and iPM", "PAS, Expanse Meditech and
/// Encoder Solventum (3M)") into items with their byte ranges. A sentence that
/// is not a list gives `None`; "None." gives an empty list.
pub fn list_items(answer: &str) -> Option<Vec<(usize, usize)>> {
    let t = answer.trim();
    let lower = t.to_lowercase();
    if matches!(
        lower.trim_end_matches('.'),
        "none" | "nil" | "n/a" | "no" | "not applicable"
    ) {
        return Some(Vec::new());
    }
    let start = after_lead_in(answer, &lower);
    let body = &answer[start..];
    let body_trim = body.trim_end().trim_end_matches('.');
    if body_trim.is_empty() || body_trim.contains(['?', '\n']) && !body_trim.contains('\n') {
        return None;
    }
    let items: Vec<(usize, usize)> = cut_at_separators(body_trim)
        .into_iter()
        .map(|(a, b)| {
            let s = &body_trim[a..b];
            let a2 = a + (s.len() - s.trim_start_matches([' ', '-', '•', '*']).len());
            let b2 = a + s.trim_end().len();
            (start + a2, start + b2.max(a2))
        })
        .filter(|(a, b)| b > a)
        .collect();
    // Every item must be a name, not a clause.
    if items.iter().any(|&(a, b)| is_clause(&answer[a..b])) {
        return None;
    }
    Some(items)
}

/// Where the list starts in `answer`: after its leading white space and a
/// lead-in such as "We use" ("We use X and Y": the lead-in is not an item).
/// `lower` is the trimmed answer, lowercased.
fn after_lead_in(answer: &str, lower: &str) -> usize {
    let lead = answer.len() - answer.trim_start().len();
    let intro = [
        "we currently use ",
        "we use ",
        "the trust uses ",
        "the trust currently uses ",
        "we have ",
        "we utilise ",
        "the trust utilises ",
        "currently ",
        "we are using ",
        "using ",
    ]
    .into_iter()
    .find(|intro| lower.starts_with(intro));
    lead + intro.map_or(0, str::len)
}

/// The ranges of `body` between separators outside brackets, as written
/// (untrimmed, possibly empty).
fn cut_at_separators(body: &str) -> Vec<(usize, usize)> {
    // Items separated by semicolons keep an "and" inside one ("in-house
    // coding workflow and audit database"); a list by commas joins its last
    // two with "and".
    let by_semicolons = body.contains(';');
    let mut items = Vec::new();
    let mut at = 0;
    let mut depth = 0i32;
    let mut i = 0;
    while i < body.len() {
        let c = body[i..].chars().next().unwrap_or(' ');
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            if let Some(len) = separator_len(body, i, by_semicolons) {
                items.push((at, i));
                i += len;
                at = i;
                continue;
            }
        }
        i += c.len_utf8();
    }
    items.push((at, body.len()));
    items
}

/// The length of the separator at byte `i` of `s`, if one starts there: a
/// comma or semicolon (with an "and" after it), a line break, or (unless the
/// list is `by_semicolons`) "and", "&", "/" or "plus" between spaces.
fn separator_len(s: &str, i: usize, by_semicolons: bool) -> Option<usize> {
    let rest = &s[i..];
    if let Some(after) = rest.strip_prefix(',') {
        return Some(1 + spaced_word(after, "and").unwrap_or(0));
    }
    if let Some(after) = rest.strip_prefix(';') {
        return Some(1 + spaced_word(after, "and").unwrap_or(0));
    }
    if rest.starts_with('\n') {
        return Some(1);
    }
    if by_semicolons {
        return None;
    }
    ["and", "&", "/", "plus"]
        .iter()
        .find_map(|word| spaced_word(rest, word))
}

/// The length of `word` with the spaces around it at the start of `rest`,
/// when it has spaces on both sides. Any white space in a line counts
/// (no-break spaces come with text pasted from letters).
fn spaced_word(rest: &str, word: &str) -> Option<usize> {
    let space = |c: char| c.is_whitespace() && c != '\n' && c != '\r';
    let before = rest.len() - rest.trim_start_matches(space).len();
    let after_word = rest[before..].strip_prefix(word)?;
    let after = after_word.len() - after_word.trim_start_matches(space).len();
    (before > 0 && after > 0).then_some(before + word.len() + after)
}

/// A list item that reads as a clause rather than a name: long, or with a verb.
fn is_clause(item: &str) -> bool {
    const VERBS: &[&str] = &[
        "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does",
        "did", "will", "would", "can", "could", "should", "may", "captured", "used", "provided",
        "held", "recorded", "uses", "use",
    ];
    let words = crate::engine::text::words(item);
    words.len() > 6
        || words
            .iter()
            .any(|&(x, y)| VERBS.iter().any(|v| v.eq_ignore_ascii_case(&item[x..y])))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::schema::SchemaSet;

    #[test]
    fn yes_and_no() {
        assert_eq!(yes_no("No.", None).map(|x| x.0), Some(false));
        assert_eq!(yes_no("Yes – 3M Medicode", None).map(|x| x.0), Some(true));
        assert_eq!(
            yes_no("We do not currently have any automated coding", None).map(|x| x.0),
            Some(false)
        );
        assert_eq!(yes_no("Exploring currently", None), None);
        assert_eq!(yes_no("No one knows", None), None);
        let set = SchemaSet::builtin();
        let epr = set
            .get("nhs-clinical-coding-2024")
            .unwrap()
            .question("epr_integration");
        assert_eq!(yes_no("Standalone", epr).map(|x| x.0), Some(false));
        let team = set
            .get("nhs-clinical-coding-2024")
            .unwrap()
            .question("same_team");
        assert_eq!(yes_no("Separate teams", team).map(|x| x.0), Some(false));
        assert_eq!(yes_no("The same team", team).map(|x| x.0), Some(true));
    }

    #[test]
    fn enums() {
        let set = SchemaSet::builtin();
        let q = set
            .get("nhs-clinical-coding-2024")
            .unwrap()
            .question("financial_model")
            .unwrap();
        let pick = |s: &str| enum_option(s, &q.options).map(|o| o.name.as_str());
        assert_eq!(pick("Both Block and PBR models"), Some("both"));
        assert_eq!(pick("Block Contracts"), Some("block"));
        assert_eq!(pick("Other model."), Some("other"));
        assert_eq!(pick("Both"), Some("both"));
        assert_eq!(pick("Payment by Results"), Some("pbr"));
        assert_eq!(pick("Block contract with elements of PbR"), Some("both"));
    }

    #[test]
    fn lists() {
        let items = |s: &'static str| {
            list_items(s).map(|v| v.into_iter().map(|(a, b)| &s[a..b]).collect::<Vec<_>>())
        };
        assert_eq!(items("Medicode and iPM"), Some(vec!["Medicode", "iPM"]));
        assert_eq!(
            items("Medicode\u{a0}and iPM,  and\tPAS"),
            Some(vec!["Medicode", "iPM", "PAS"])
        );
        assert_eq!(
            items("PAS, Expanse Meditech and Encoder Solventum (3M)"),
            Some(vec!["PAS", "Expanse Meditech", "Encoder Solventum (3M)"])
        );
        assert_eq!(items("None."), Some(vec![]));
        assert_eq!(
            items("We use Medicode, 3M Encoder."),
            Some(vec!["Medicode", "3M Encoder"])
        );
        assert_eq!(
            items("Clinical coding is captured within the Trust's master record."),
            None
        );
        assert_eq!(items("eRS"), Some(vec!["eRS"]));
    }
}

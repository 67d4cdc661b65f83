//! Personal data of individuals in an answer: names, personal e-mail
//! addresses, direct phone numbers. Role titles ("Head of Clinical Systems"),
//! organisations and shared mailboxes (foi@…, pals@…) are not personal.

use std::borrow::Cow;
use std::sync::LazyLock;

use crate::engine::text::{self, Lower};
use regex::Regex;

use crate::engine::model::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Name,
    Email,
    Phone,
}

impl Kind {
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Name => "a person's name",
            Kind::Email => "a personal e-mail address",
            Kind::Phone => "a direct phone number",
        }
    }
}

/// Common first names (UK), enough to tell "Sarah Ratcliffe" from "Kent and Medway".
/// Sorted, for binary search (a test checks).
const FIRST_NAMES: &[&str] = &[
    "aaron",
    "abigail",
    "adam",
    "adrian",
    "aidan",
    "aisha",
    "alan",
    "alex",
    "alexander",
    "alexandra",
    "alice",
    "alison",
    "amanda",
    "amber",
    "amelia",
    "amy",
    "andrea",
    "andrew",
    "andy",
    "angela",
    "anita",
    "ann",
    "anna",
    "anne",
    "anthony",
    "antony",
    "barbara",
    "barry",
    "beth",
    "bethany",
    "bill",
    "brenda",
    "brian",
    "bridget",
    "carl",
    "carol",
    "caroline",
    "catherine",
    "charles",
    "charlotte",
    "chloe",
    "chris",
    "christine",
    "christopher",
    "claire",
    "clare",
    "colin",
    "craig",
    "daniel",
    "danielle",
    "darren",
    "david",
    "dawn",
    "dean",
    "debbie",
    "deborah",
    "debra",
    "denise",
    "dennis",
    "diane",
    "dominic",
    "donna",
    "eleanor",
    "elizabeth",
    "ellie",
    "emily",
    "emma",
    "eric",
    "fiona",
    "frances",
    "francesca",
    "gail",
    "gareth",
    "gary",
    "gavin",
    "gemma",
    "geoff",
    "geoffrey",
    "george",
    "georgina",
    "gillian",
    "graham",
    "hannah",
    "harriet",
    "harry",
    "hayley",
    "heather",
    "helen",
    "holly",
    "ian",
    "isabel",
    "jack",
    "jackie",
    "jacqueline",
    "jade",
    "james",
    "jamie",
    "jane",
    "janet",
    "janice",
    "jason",
    "jayne",
    "jean",
    "jennifer",
    "jenny",
    "jessica",
    "jill",
    "jo",
    "joan",
    "joanna",
    "joanne",
    "john",
    "jon",
    "jonathan",
    "joseph",
    "josh",
    "joshua",
    "joy",
    "judith",
    "julia",
    "julie",
    "karen",
    "kate",
    "katherine",
    "kathryn",
    "katie",
    "kay",
    "keith",
    "kelly",
    "kerry",
    "kevin",
    "kim",
    "kirsty",
    "laura",
    "lauren",
    "lee",
    "leigh",
    "lesley",
    "linda",
    "lindsay",
    "lisa",
    "liz",
    "lorraine",
    "louise",
    "lucy",
    "luke",
    "lynn",
    "lynne",
    "margaret",
    "maria",
    "marie",
    "mark",
    "martin",
    "mary",
    "matthew",
    "maureen",
    "megan",
    "melanie",
    "michael",
    "michelle",
    "mike",
    "mohammed",
    "muhammad",
    "natalie",
    "neil",
    "nicholas",
    "nick",
    "nicola",
    "nigel",
    "oliver",
    "olivia",
    "pamela",
    "patricia",
    "paul",
    "paula",
    "pauline",
    "peter",
    "philip",
    "phillip",
    "rachael",
    "rachel",
    "raj",
    "rebecca",
    "richard",
    "rob",
    "robert",
    "robin",
    "rosemary",
    "ruth",
    "ryan",
    "sally",
    "samantha",
    "sandra",
    "sarah",
    "scott",
    "sean",
    "sharon",
    "sheila",
    "shirley",
    "simon",
    "sophie",
    "stephanie",
    "stephen",
    "steve",
    "steven",
    "stuart",
    "sue",
    "susan",
    "suzanne",
    "tanya",
    "teresa",
    "thomas",
    "tim",
    "timothy",
    "tina",
    "toby",
    "tom",
    "tony",
    "tracey",
    "tracy",
    "trevor",
    "valerie",
    "vicky",
    "victoria",
    "wayne",
    "wendy",
    "william",
    "yvonne",
    "zoe",
];

/// Words that make a capitalised pair a place or a body, not a person.
const NOT_SURNAMES: &[&str] = &[
    "hospital",
    "hospitals",
    "trust",
    "nhs",
    "council",
    "house",
    "road",
    "street",
    "lane",
    "centre",
    "center",
    "wells",
    "team",
    "unit",
    "ward",
    "clinic",
    "services",
    "service",
    "health",
    "care",
    "university",
    "college",
    "school",
    "group",
    "board",
    "court",
    "park",
    "way",
    "avenue",
    "close",
    "department",
    "office",
    "building",
    "wing",
    "block",
];

const SHARED_MAILBOX: &[&str] = &[
    "foi",
    "info",
    "enquir",
    "pals",
    "dataprotection",
    "dpo",
    "infoaccess",
    "informationgovernance",
    "ig",
    "admin",
    "contact",
    "office",
    "team",
    "department",
    "dept",
    "request",
    "governance",
    "complaint",
    "service",
    "help",
    "support",
    "general",
    "reception",
    "mail",
    "press",
    "media",
    "communications",
    "comms",
    "hr",
    "recruitment",
    "finance",
    "legal",
    "records",
    "access",
];

static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| text::regex(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}"));

static TITLED: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"\b(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Sir|Dame)\.?\s+(?:[A-Z][a-z]+\s+)?[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?\b",
    )
});

static PAIR: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"\b([A-Z][a-z]+)\s+([A-Z][a-z]+(?:[-'][A-Z][a-z]+)?|[A-Z]'[A-Z][a-z]+|Mc[A-Z][a-z]+|Mac[A-Z][a-z]+)\b",
    )
});

static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(r"(?:\+44\s?\(?0?\)?\s?|\b0)\d{2,4}[\s\-]?\d{3,4}[\s\-]?\d{3,4}\b")
});

static DIRECT: LazyLock<Regex> =
    LazyLock::new(|| text::regex(r"(?i)\b(?:mobile|mob|direct\s+(?:line|dial)|dd|personal)\b"));

/// Words of job titles and departments: an address or a capitalised pair
/// made of these names a role, not a person ("clinical.coding@", "Head Coder").
const ROLE_WORDS: &[&str] = &[
    "head",
    "manager",
    "director",
    "officer",
    "lead",
    "chief",
    "deputy",
    "assistant",
    "coordinator",
    "administrator",
    "clinical",
    "coding",
    "coder",
    "coders",
    "data",
    "protection",
    "information",
    "governance",
    "quality",
    "assurance",
    "medical",
    "records",
    "patient",
    "patients",
    "safety",
    "finance",
    "financial",
    "estates",
    "nursing",
    "nurse",
    "pharmacy",
    "digital",
    "systems",
    "system",
    "services",
    "service",
    "support",
    "helpdesk",
    "desk",
    "it",
    "ict",
    "business",
    "operations",
    "performance",
    "planning",
    "strategy",
    "corporate",
    "secretary",
    "executive",
    "board",
    "chair",
    "trust",
    "council",
    "team",
    "unit",
    "office",
    "department",
    "group",
    "audit",
    "training",
    "development",
    "workforce",
    "people",
    "human",
    "resources",
    "legal",
    "contracts",
    "procurement",
    "communications",
    "engagement",
    "research",
];

fn is_role_word(w: &str) -> bool {
    ROLE_WORDS.iter().any(|r| r.eq_ignore_ascii_case(w))
}

fn is_personal_email(address: &str) -> bool {
    let local = address.split('@').next().unwrap_or("").to_lowercase();
    if SHARED_MAILBOX.iter().any(|w| local.contains(w)) {
        return false;
    }
    let parts: Vec<&str> = local
        .split(['.', '_', '-'])
        .map(|p| p.trim_end_matches(|c: char| c.is_ascii_digit()))
        .filter(|p| !p.is_empty())
        .collect();
    // "clinical.coding", and run together, "clinicalcoding": a team's box.
    let names_a_team = |p: &str| {
        is_common_word(p)
            || ROLE_WORDS
                .iter()
                .any(|r| r.len() >= 5 && p.len() > r.len() && p.contains(r))
    };
    if parts.iter().any(|p| names_a_team(p)) {
        return false;
    }
    // "jane.smith", "j.smith", "smith.j2": two or more name-like parts;
    // "jane2": a first name alone.
    (parts.len() >= 2
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_alphabetic())))
        || parts.first().is_some_and(|p| FIRST_NAMES.contains(p))
}

/// Nouns that name a post: a role title has one.
const ROLE_NOUNS: &[&str] = &[
    "head",
    "manager",
    "director",
    "officer",
    "lead",
    "chief",
    "coordinator",
    "administrator",
    "consultant",
    "secretary",
    "executive",
    "coder",
    "analyst",
    "clerk",
    "supervisor",
    "controller",
    "adviser",
    "advisor",
    "registrar",
    "matron",
    "dr",
];

/// Words that may open a role title before its noun ("Senior Clinical Coder").
const ROLE_OPENERS: &[&str] = &[
    "deputy",
    "assistant",
    "senior",
    "interim",
    "acting",
    "associate",
    "principal",
    "general",
    "clinical",
];

/// "Priya Holloway, Head of Clinical Coding", "Tomasz Wren (Clinical Coding
/// Manager)": a capitalised pair followed by a job title names the person
/// holding it, whatever the first name. A title has a post's noun within its
/// first four words: "– General Medicine" is a specialty, not a post.
fn followed_by_role(after: &str) -> bool {
    let rest = after.trim_start_matches([',', ' ', '–', '-', '(']);
    let mut words = rest
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(4)
        .map(str::to_ascii_lowercase);
    let Some(first) = words.next() else {
        return false;
    };
    let is_noun = |w: &str| ROLE_NOUNS.contains(&w);
    if is_noun(&first) {
        return true;
    }
    (ROLE_OPENERS.contains(&first.as_str()) || is_role_word(&first)) && words.any(|w| is_noun(&w))
}

/// Words of the language of organisations, staff groups and specialties, in
/// English and Welsh (with the mutated forms met after a noun): a capitalised
/// pair holding one names a department, a group of staff or a body, not a
/// person ("General Surgery", "Prof Scientific and Technic", "Meddygaeth
/// Gyffredinol").
const ORGANISATION_WORDS: &[&str] = &[
    "accident",
    "acute",
    "add",
    "additional",
    "administrative",
    "adult",
    "adults",
    "agency",
    "allied",
    "ancillary",
    "arbenigol",
    "band",
    "bank",
    "brys",
    "bwrdd",
    "bydwreigiaeth",
    "cardiac",
    "clerical",
    "clinig",
    "clinigol",
    "codio",
    "community",
    "critical",
    "cyffredinol",
    "cymru",
    "cymunedol",
    "cyngor",
    "dental",
    "dwys",
    "ear",
    "elderly",
    "emergency",
    "estates",
    "feddygol",
    "fferylliaeth",
    "general",
    "glinigol",
    "gofal",
    "grand",
    "group",
    "gwasanaeth",
    "gwasanaethau",
    "gyffredinol",
    "gymunedol",
    "headcount",
    "healthcare",
    "iechyd",
    "inpatient",
    "inpatients",
    "intensive",
    "learning",
    "llawfeddygaeth",
    "locum",
    "mamolaeth",
    "maternity",
    "meddygaeth",
    "meddygol",
    "medical",
    "medicine",
    "mental",
    "midwifery",
    "nose",
    "nursing",
    "nyrsio",
    "occupational",
    "oedolion",
    "older",
    "outpatient",
    "outpatients",
    "pennaeth",
    "permanent",
    "pharmacy",
    "plant",
    "plastic",
    "prifysgol",
    "prof",
    "professional",
    "registered",
    "renal",
    "respiratory",
    "rheolwr",
    "scientific",
    "scientist",
    "scientists",
    "speciality",
    "specialty",
    "staff",
    "stroke",
    "substantive",
    "surgery",
    "surgical",
    "swyddog",
    "technic",
    "technical",
    "technician",
    "technicians",
    "temporary",
    "therapi",
    "therapies",
    "therapy",
    "throat",
    "total",
    "trauma",
    "urology",
    "vascular",
    "ysbyty",
];

/// Endings no surname has: the names of sciences and specialties
/// ("Cardiology", "Orthopaedics", "Geriatric", "Pediatreg", "Llawfeddygaeth"),
/// adjectives ("Scientific", "Clinical", Welsh "Cyffredinol") and abstract
/// nouns ("Administration").
fn has_common_ending(w: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "ology", "ologist", "ologists", "ific", "ical", "ics", "iatric", "iatry", "aedic", "edic",
        "tion", "tions", "sion", "sions",
    ];
    let long = w.chars().count() >= 6;
    ENDINGS
        .iter()
        .any(|e| w.ends_with(e) && w.len() > e.len() + 1)
        || (long && (w.ends_with("eg") || w.ends_with("aeth")))
        || (w.chars().count() >= 8 && w.ends_with("ol"))
}

/// Whether `w` (lowercase) is a word of roles, organisations, staff groups or
/// specialties rather than a name.
fn is_common_word(w: &str) -> bool {
    is_role_word(w)
        || NOT_SURNAMES.contains(&w)
        || ORGANISATION_WORDS.binary_search(&w).is_ok()
        || has_common_ending(w)
}

/// Whether a titled name ("Dr Jane Doe", "Prof Scientific") names a person:
/// the words after the title are not common words.
fn is_titled_name(titled: &str) -> bool {
    titled
        .split(|c: char| c.is_whitespace() || c == '-' || c == '\'')
        .skip(1)
        .filter(|w| !w.is_empty())
        .all(|w| !is_common_word(&w.to_lowercase()))
}

/// Capitalised pairs of `line`: the whole match and its two words. Found with
/// `find_iter` and split at the white space between the words: the same
/// matches as capturing the two groups, for a fraction of the cost.
fn pairs_in(line: &str) -> impl Iterator<Item = (regex::Match<'_>, &str, &str)> {
    PAIR.find_iter(line).filter_map(|m| {
        let s = m.as_str();
        let first_end = s.find(char::is_whitespace)?;
        let second = s[first_end..].trim_start();
        Some((m, &s[..first_end], second))
    })
}

/// How far apart (in bytes) a name and the address that spells it may be:
/// on a long line, each is compared only with those near it.
const NEAR: usize = 300;

/// The local part of an address, lowercased: `jane.doe` of `Jane.Doe@…`.
fn local_part(address: &str) -> String {
    address.split('@').next().unwrap_or("").to_lowercase()
}

/// Whether `at` lies inside one of `spans`, which are in order and do not
/// overlap.
fn inside(spans: &[(usize, usize)], at: usize) -> bool {
    let i = spans.partition_point(|&(_, end)| end <= at);
    spans.get(i).is_some_and(|&(start, _)| start <= at)
}

/// Personal data in `line` (at document offset `base`). Linear in the length
/// of the line: names and addresses are related only to those near them.
pub fn find(line: &str, base: usize) -> Vec<(Span, Kind)> {
    let mut out: Vec<(Span, Kind)> = Vec::new();
    let emails = Emails::find(line);
    push_personal_emails(line, base, &emails, &mut out);
    let titled = push_titled_names(line, base, &emails, &mut out);
    push_paired_names(line, base, &emails, &titled, &mut out);
    let has_person = !out.is_empty();
    push_phones(line, base, has_person, &mut out);
    out.sort_by_key(|(s, _)| s.start);
    out
}

/// The e-mail addresses of a line, in order, with their local parts
/// (`local_part`).
struct Emails {
    spans: Vec<(usize, usize)>,
    locals: Vec<String>,
}

impl Emails {
    fn find(line: &str) -> Emails {
        let found: Vec<regex::Match> = if line.contains('@') {
            EMAIL.find_iter(line).collect()
        } else {
            Vec::new()
        };
        Emails {
            spans: found.iter().map(|m| (m.start(), m.end())).collect(),
            locals: found.iter().map(|m| local_part(m.as_str())).collect(),
        }
    }

    /// The addresses near `start..end`, by index.
    fn near(&self, start: usize, end: usize) -> impl Iterator<Item = usize> + '_ {
        let from = self.spans.partition_point(|&(_, e)| e + NEAR < start);
        (from..self.spans.len()).take_while(move |&i| self.spans[i].0 <= end + NEAR)
    }

    /// Address `i` spells both words (lowercased) of a name.
    fn spells(&self, i: usize, first: &str, second: &str) -> bool {
        self.locals[i].contains(first) && self.locals[i].contains(second)
    }
}

/// The addresses that are a person's: one that spells a name written beside
/// it, or one personal by its form (`is_personal_email`).
fn push_personal_emails(line: &str, base: usize, emails: &Emails, out: &mut Vec<(Span, Kind)>) {
    // Capitalised pairs that are not job titles, found once for the line.
    let pairs: Vec<(usize, String, String)> = if emails.spans.is_empty() {
        Vec::new()
    } else {
        pairs_in(line)
            .map(|(m, f, s)| (m.start(), f.to_lowercase(), s.to_lowercase()))
            .filter(|(_, f, s)| !is_role_word(f) && !is_role_word(s))
            .collect()
    };
    for (i, &(a, b)) in emails.spans.iter().enumerate() {
        let from = pairs.partition_point(|p| p.0 + NEAR < a);
        let spells_name = pairs[from..]
            .iter()
            .take_while(|p| p.0 <= b + NEAR)
            .any(|(_, f, s)| emails.spells(i, f, s));
        if spells_name || is_personal_email(&line[a..b]) {
            out.push((Span::new(base + a, base + b), Kind::Email));
        }
    }
}

/// Names after a title ("Dr Jane Smith") outside addresses; returns where
/// they are.
fn push_titled_names(
    line: &str,
    base: usize,
    emails: &Emails,
    out: &mut Vec<(Span, Kind)>,
) -> Vec<(usize, usize)> {
    let mut titled: Vec<(usize, usize)> = Vec::new();
    for m in TITLED.find_iter(line) {
        if !inside(&emails.spans, m.start()) && is_titled_name(m.as_str()) {
            titled.push((m.start(), m.end()));
            out.push((Span::new(base + m.start(), base + m.end()), Kind::Name));
        }
    }
    titled
}

/// Capitalised pairs outside addresses and titled names that are a
/// person's name.
fn push_paired_names(
    line: &str,
    base: usize,
    emails: &Emails,
    titled: &[(usize, usize)],
    out: &mut Vec<(Span, Kind)>,
) {
    for (whole, first, second) in pairs_in(line) {
        if inside(&emails.spans, whole.start()) || inside(titled, whole.start()) {
            continue;
        }
        // Capitalised pairs are common ("Clinical Coding"): stack copies, and
        // the cheap tests first.
        let (f, s) = (Lower::<32>::new(first), Lower::<32>::new(second));
        let (f, s) = (f.as_str(), s.as_str());
        let is_first_name = |w: &str| FIRST_NAMES.binary_search(&w).is_ok();
        // A known first name makes a name of any word but a department's
        // or a specialty's ("Grace Surgery"); a post's may be a surname.
        let known_first =
            is_first_name(f) && !is_first_name(s) && (is_role_word(s) || !is_common_word(s));
        let roleless = || !is_common_word(f) && !is_common_word(s);
        let titled = || followed_by_role(&line[whole.end()..]) && roleless();
        // The pair spelled again as an e-mail address: "Priya Holloway … priya.holloway@".
        let spelled = || {
            roleless()
                && emails
                    .near(whole.start(), whole.end())
                    .any(|i| emails.spells(i, f, s))
        };
        if (known_first || titled() || spelled()) && !NOT_SURNAMES.contains(&s) {
            out.push((
                Span::new(base + whole.start(), base + whole.end()),
                Kind::Name,
            ));
        }
    }
}

/// Phone numbers: personal when said to be direct or mobile, or on a line
/// that names a person (`has_person`).
fn push_phones(line: &str, base: usize, has_person: bool, out: &mut Vec<(Span, Kind)>) {
    let has_digits = line.bytes().any(|b| b.is_ascii_digit());
    for m in PHONE.find_iter(if has_digits { line } else { "" }) {
        // "mobile", "direct line" in the 30 bytes before (whole characters).
        let mut from = m.start().saturating_sub(30);
        while !line.is_char_boundary(from) {
            from -= 1;
        }
        let direct = DIRECT.is_match(&line[from..m.start()]);
        if direct || has_person {
            out.push((Span::new(base + m.start(), base + m.end()), Kind::Phone));
        }
    }
}

/// What stands in for personal data wherever it is left out (exports,
/// annotation quotes).
pub const PLACEHOLDER: &str = "[personal data]";

/// Personal data anywhere in `text`, line by line, at offsets into `text`.
pub fn find_all(text: &str) -> Vec<(Span, Kind)> {
    text::lines(text)
        .into_iter()
        .flat_map(|l| find(l.span.slice(text), l.span.start))
        .collect()
}

/// `text` with each piece of personal data found in it replaced by
/// [`PLACEHOLDER`].
pub fn redact(text: &str) -> Cow<'_, str> {
    let found = find_all(text);
    if found.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (span, _) in found {
        if span.start < copied {
            // Overlaps the previous piece: widen it.
            copied = copied.max(span.end);
            continue;
        }
        out.push_str(&text[copied..span.start]);
        out.push_str(PLACEHOLDER);
        copied = span.end;
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// `quote`, a piece of `context`, with the personal data found in `context`
/// replaced by [`PLACEHOLDER`] where the quote covers it (even in part: a
/// quote cut inside an address loses the whole of what it has of it).
/// Detection needs the context ("Priya Holloway, Head of …" names a person;
/// "Priya Holloway" alone may not), so the quote is redacted where it lies.
pub fn redact_quote<'q>(context: &str, quote: &'q str) -> Cow<'q, str> {
    let Some(at) = context.find(quote) else {
        return redact(quote);
    };
    let end = at + quote.len();
    let mut out = String::new();
    let mut copied = at;
    let mut replaced = false;
    for (span, _) in find_all(context) {
        if span.end <= copied || span.start >= end {
            continue;
        }
        if span.start >= copied || !replaced {
            out.push_str(&context[copied..span.start.max(copied)]);
            out.push_str(PLACEHOLDER);
            replaced = true;
        }
        // Else it overlaps the piece just replaced: widen that.
        copied = span.end.min(end);
    }
    if !replaced {
        return Cow::Borrowed(quote);
    }
    out.push_str(&context[copied..end]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_names_are_sorted() {
        assert!(FIRST_NAMES.windows(2).all(|w| w[0] < w[1]));
        assert!(ORGANISATION_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    fn kinds(s: &str) -> Vec<Kind> {
        find(s, 0).into_iter().map(|(_, k)| k).collect()
    }

    #[test]
    fn people() {
        assert_eq!(
            kinds("Sarah Example, Head of Data Protection, Sarah.example11@nhs.net."),
            [Kind::Name, Kind::Email]
        );
        assert_eq!(kinds("Dr Jane Doe"), [Kind::Name]);
        assert_eq!(
            kinds("Contact Mr Jameson on mobile 07700 900123"),
            [Kind::Name, Kind::Phone]
        );
    }

    #[test]
    fn people_named_beside_a_role_or_their_address() {
        assert_eq!(
            kinds("Priya Holloway, Head of Clinical Coding, priya.holloway@example.nhs.uk"),
            [Kind::Name, Kind::Email]
        );
        assert_eq!(kinds("Tomasz Wren (Clinical Coding Manager)"), [Kind::Name]);
    }

    #[test]
    fn redacted_text_and_quotes() {
        let line = "Priya Holloway, Head of Clinical Coding, priya.holloway@example.nhs.uk";
        assert_eq!(
            redact(line),
            "[personal data], Head of Clinical Coding, [personal data]"
        );
        assert!(matches!(
            redact("Head of Clinical Coding"),
            Cow::Borrowed(_)
        ));
        // The quote is redacted where it lies: cut inside the address, or
        // without the role that makes the pair a name.
        assert_eq!(
            redact_quote(line, "Holloway, Head of Clinical Coding, priya.hol"),
            "[personal data], Head of Clinical Coding, [personal data]"
        );
        assert_eq!(redact_quote(line, "Priya Holloway"), "[personal data]");
        assert_eq!(redact_quote(line, "Head of"), "Head of");
        assert_eq!(
            redact("Call Mr Jameson on mobile 07700 900123\nor the desk"),
            "Call [personal data] on mobile [personal data]\nor the desk"
        );
    }

    #[test]
    fn a_phone_number_after_accented_letters() {
        // The words before a number were cut at a byte inside a letter.
        let line = format!("{} 01632 960123, mobile 07700 900123", "é".repeat(20));
        assert_eq!(kinds(&line), [Kind::Phone]);
    }

    #[test]
    fn names_and_addresses_are_related_only_near_each_other() {
        let near = "Priya Holloway (priya.holloway@example.nhs.uk)";
        assert_eq!(kinds(near), [Kind::Name, Kind::Email]);
        // Far apart on one long line, the pair is no longer known for a name.
        let far = format!(
            "Priya Holloway {} priya.holloway@example.nhs.uk",
            "x ".repeat(400)
        );
        assert_eq!(kinds(&far), [Kind::Email]);
    }

    /// Organisations, staff groups, specialties (in English and Welsh) and
    /// roles are not people, however they are capitalised or titled.
    #[test]
    fn organisations_specialties_and_roles_are_not_people() {
        for line in [
            "Staff Group Headcount FTE Add Prof Scientific and Technic Additional Clinical 248",
            "General Surgery Consultant 12; Trauma Orthopaedics Lead 4; Geriatric Medicine Director 2",
            "Meddygaeth Gyffredinol – General Medicine 12; Llawfeddygaeth Gyffredinol – General Surgery 30",
            "Pediatreg Gymunedol – Clinical Lead 5; Seiciatreg Oedolion (Clinical Director) 7",
            "Betsi Cadwaladr University Health Board, Hywel Dda University Health Board",
            "Prof Scientific Officer, Healthcare Scientists 8",
        ] {
            assert!(kinds(line).is_empty(), "{line}: {:?}", find(line, 0));
        }
        // People with those words about them still are.
        assert_eq!(
            kinds("Professor Ian Smith, Clinical Director"),
            [Kind::Name]
        );
        assert_eq!(kinds("Prof Jane Doe (Consultant)"), [Kind::Name]);
        assert_eq!(kinds("Dr Goodall"), [Kind::Name]);
        assert_eq!(
            kinds("Rhiannon Pritchard – Clinical Coding Manager"),
            [Kind::Name]
        );
    }

    #[test]
    fn not_people() {
        assert!(kinds("Head of Clinical Coding, clinical.coding@example.nhs.uk").is_empty());
        assert!(
            kinds("The Trust outsources this to the Maidstone and Tunbridge Wells NHS Trust.")
                .is_empty()
        );
        assert!(kinds("The budget holder is the Head of Clinical Systems").is_empty());
        assert!(kinds("Quality Assurance Manager, Clinical Director, Consultants").is_empty());
        assert!(kinds("write to foi.requests@nhs.net or kmpt.infoaccess@nhs.net").is_empty());
        assert!(kinds("please use the team mailbox amuh.clinicalcoding@nhs.net").is_empty());
        assert!(kinds("Switchboard: 01256 473202").is_empty());
        assert!(kinds("Salisbury District Hospital").is_empty());
    }
}

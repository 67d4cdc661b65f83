//! The refusal grounds people cite most, for completion and messages.

/// FOIA sections (`s…`) and EIR regulations (`r…`) with what they cover.
pub const COMMON: [(&str, &str); 22] = [
    ("s12", "cost limit"),
    ("s14", "vexatious or repeated request"),
    ("s21", "reasonably accessible by other means"),
    ("s22", "intended for future publication"),
    ("s23", "security bodies"),
    ("s24", "national security"),
    ("s26", "defence"),
    ("s27", "international relations"),
    ("s29", "the economy"),
    ("s30", "investigations and proceedings"),
    ("s31", "law enforcement"),
    ("s32", "court records"),
    ("s35", "formulation of government policy"),
    ("s36", "prejudice to the conduct of public affairs"),
    ("s38", "health and safety"),
    ("s40", "personal information"),
    ("s41", "information provided in confidence"),
    ("s42", "legal professional privilege"),
    ("s43", "commercial interests"),
    ("s44", "prohibitions on disclosure"),
    ("r12", "EIR exceptions"),
    ("r13", "EIR personal data"),
];

/// `s40` → "section 40 — personal information"; `r12` → "regulation 12 — EIR
/// exceptions"; an unlisted code keeps just its number.
pub fn describe(code: &str) -> String {
    let (kind, number) = match code.split_at_checked(1) {
        Some(("r", n)) => ("regulation", n),
        Some(("s", n)) => ("section", n),
        _ => return code.to_string(),
    };
    match COMMON.iter().find(|(c, _)| *c == code) {
        Some((_, what)) => format!("{kind} {number} — {what}"),
        None => format!("{kind} {number}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sections() {
        assert_eq!(describe("s40"), "section 40 — personal information");
        assert_eq!(describe("r13"), "regulation 13 — EIR personal data");
        assert_eq!(describe("s99"), "section 99");
        assert_eq!(describe(""), "");
    }
}

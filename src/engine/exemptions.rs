//! FOIA exemptions and EIR exceptions by section, for messages and hovers.

/// The name of an exemption code (`s40`, `r12`), if foil knows it.
pub fn name(code: &str) -> Option<&'static str> {
    Some(match code {
        "s12" => "cost of compliance exceeds the appropriate limit",
        "s14" => "vexatious or repeated request",
        "s21" => "information reasonably accessible by other means",
        "s22" => "information intended for future publication",
        "s22a" => "research information",
        "s23" => "information supplied by or relating to security bodies",
        "s24" => "national security",
        "s26" => "defence",
        "s27" => "international relations",
        "s28" => "relations within the United Kingdom",
        "s29" => "the economy",
        "s30" => "investigations and proceedings",
        "s31" => "law enforcement",
        "s32" => "court records",
        "s33" => "audit functions",
        "s34" => "parliamentary privilege",
        "s35" => "formulation of government policy",
        "s36" => "prejudice to the effective conduct of public affairs",
        "s37" => "communications with the Royal Family and honours",
        "s38" => "health and safety",
        "s39" => "environmental information",
        "s40" => "personal information",
        "s41" => "information provided in confidence",
        "s42" => "legal professional privilege",
        "s43" => "commercial interests",
        "s44" => "prohibitions on disclosure",
        "r12" => "EIR exception (regulation 12)",
        "r13" => "EIR personal data (regulation 13)",
        _ => return None,
    })
}

/// "section 40 — personal information", or just "section 40" when unnamed.
pub fn describe(code: &str) -> String {
    let (kind, number) = match code.split_at_checked(1) {
        Some(("s", n)) => ("section", n),
        Some(("r", n)) => ("regulation", n),
        _ => return code.to_string(),
    };
    match name(code) {
        Some(n) => format!("{kind} {number} — {n}"),
        None => format!("{kind} {number}"),
    }
}

/// Every code with a name, for completion.
pub fn all() -> impl Iterator<Item = (&'static str, &'static str)> {
    [
        "s12", "s14", "s21", "s22", "s23", "s24", "s26", "s27", "s28", "s29", "s30", "s31", "s32",
        "s33", "s34", "s35", "s36", "s37", "s38", "s39", "s40", "s41", "s42", "s43", "s44", "r12",
        "r13",
    ]
    .into_iter()
    .filter_map(|c| name(c).map(|n| (c, n)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn describes() {
        assert_eq!(super::describe("s40"), "section 40 — personal information");
        assert_eq!(
            super::describe("r13"),
            "regulation 13 — EIR personal data (regulation 13)"
        );
        assert_eq!(super::describe("s99"), "section 99");
    }
}

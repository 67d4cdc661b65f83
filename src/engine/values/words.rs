//! Numbers written as words: "Eight", "twenty-five", "one hundred".

const UNITS: &[(&str, u32)] = &[
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
];

const TENS: &[(&str, u32)] = &[
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

fn unit(w: &str) -> Option<u32> {
    UNITS.iter().find(|(s, _)| *s == w).map(|(_, n)| *n)
}

fn tens(w: &str) -> Option<u32> {
    TENS.iter().find(|(s, _)| *s == w).map(|(_, n)| *n)
}

/// A number word (or hyphenated compound) and its value: "eight" → 8,
/// "twenty-five" → 25. Case-insensitive.
pub fn word_value(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    if let Some(n) = unit(&w).or_else(|| tens(&w)) {
        return Some(n);
    }
    let (a, b) = w.split_once('-')?;
    Some(tens(a)? + unit(b).filter(|n| (1..10).contains(n))?)
}

/// Reads a run of number words starting at the beginning of `words`: "one
/// hundred and twenty" → (120, 4 words used). At most "nine thousand nine
/// hundred and ninety-nine"; larger figures are written in digits.
pub fn parse_words(words: &[&str]) -> Option<(u32, usize)> {
    let mut total = 0u32;
    let mut current = 0u32;
    let mut used = 0usize;
    let mut any = false;
    let mut i = 0;
    while i < words.len() {
        let w = words[i].to_ascii_lowercase();
        if let Some(n) = word_value(&w) {
            // After "twenty" only a unit may follow; after "hundred" anything below it.
            let follows_tens = current % 10 == 0 && current % 100 >= 20 && n < 10;
            if any && current % 100 != 0 && !follows_tens {
                break;
            }
            current += n;
            any = true;
            i += 1;
            used = i;
        } else if any && w == "hundred" && current > 0 && current < 10 {
            current *= 100;
            i += 1;
            used = i;
        } else if any && w == "thousand" && current > 0 && current < 1000 {
            total += current * 1000;
            current = 0;
            i += 1;
            used = i;
        } else if any
            && w == "and"
            && i + 1 < words.len()
            && word_value(words[i + 1]).is_some()
            && current >= 100
        {
            i += 1;
        } else {
            break;
        }
    }
    any.then_some((total + current, used))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_words() {
        assert_eq!(word_value("Eight"), Some(8));
        assert_eq!(word_value("zero"), Some(0));
        assert_eq!(word_value("twenty-five"), Some(25));
        assert_eq!(word_value("twenty-zero"), None);
        assert_eq!(word_value("none"), None);
    }

    #[test]
    fn runs() {
        assert_eq!(
            parse_words(&["one", "hundred", "and", "twenty", "beds"]),
            Some((120, 4))
        );
        assert_eq!(parse_words(&["three", "sites"]), Some((3, 1)));
        assert_eq!(parse_words(&["two", "thousand"]), Some((2000, 2)));
        assert_eq!(parse_words(&["two", "three"]), Some((2, 1)));
        assert_eq!(parse_words(&["twenty", "five"]), Some((25, 2)));
        assert_eq!(parse_words(&["sites"]), None);
    }
}

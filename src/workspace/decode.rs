//! Turning a file's bytes into text: UTF-8 (with or without a BOM), UTF-16 with a
//! BOM, and Windows-1252 for the invalid bytes of everything else (FOI exports
//! from older office software are often 1252). Binary data is refused.

/// How a file's bytes were decoded, so that it can be written back the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8 {
        bom: bool,
    },
    /// Invalid UTF-8: valid UTF-8 runs kept, other bytes read as Windows-1252.
    Windows1252,
    Utf16 {
        little_endian: bool,
    },
}

/// A response's text and how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// Set when the bytes were not UTF-8 and were decoded another way
    /// ("decoded as Windows-1252").
    pub note: Option<String>,
}

/// The note attached to files that were not valid UTF-8.
pub const WINDOWS_1252_NOTE: &str = "not UTF-8: decoded as Windows-1252";

/// The message for files that are not text.
pub const BINARY: &str = "binary file, skipped";

/// Decodes bytes: UTF-8 (BOM stripped), UTF-16 with a BOM, else Windows-1252 with
/// a note; binary data (NUL bytes, or mostly control characters) is refused.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    decode_with_encoding(bytes).map(|(decoded, _)| decoded)
}

/// [`decode`], also saying which encoding was used (for writing the file back).
pub fn decode_with_encoding(bytes: &[u8]) -> Result<(Decoded, Encoding), String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let (decoded, encoding) = decode_8bit(rest)?;
        let encoding = match encoding {
            Encoding::Utf8 { .. } => Encoding::Utf8 { bom: true },
            other => other,
        };
        return Ok((decoded, encoding));
    }
    for (bom, little_endian) in [(b"\xFF\xFE", true), (b"\xFE\xFF", false)] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let text = decode_utf16(rest, little_endian)?;
            check_not_binary(&text)?;
            let decoded = Decoded { text, note: None };
            return Ok((decoded, Encoding::Utf16 { little_endian }));
        }
    }
    decode_8bit(bytes)
}

fn decode_8bit(bytes: &[u8]) -> Result<(Decoded, Encoding), String> {
    if bytes.contains(&0) {
        return Err(BINARY.to_string());
    }
    let (text, encoding, note) = match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), Encoding::Utf8 { bom: false }, None),
        Err(_) => (
            decode_mixed_1252(bytes),
            Encoding::Windows1252,
            Some(WINDOWS_1252_NOTE.to_string()),
        ),
    };
    check_not_binary(&text)?;
    Ok((Decoded { text, note }, encoding))
}

/// Valid UTF-8 sequences stay as they are and every invalid byte is read as
/// Windows-1252, so a UTF-8 file with a few stray 1252 bytes pasted in keeps its
/// `£` and `–` intact rather than turning them into `Â£`.
fn decode_mixed_1252(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        out.extend(chunk.invalid().iter().map(|&b| windows_1252_char(b)));
    }
    out
}

fn decode_utf16(bytes: &[u8], little_endian: bool) -> Result<String, String> {
    if bytes.len() % 2 != 0 {
        return Err("invalid UTF-16: odd number of bytes".to_string());
    }
    let units = bytes.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if little_endian {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| "invalid UTF-16: unpaired surrogate".to_string())
}

/// Text that is mostly control characters (other than tabs, line breaks and form
/// feeds, which converted PDFs are full of) is binary data that happens to decode.
fn check_not_binary(text: &str) -> Result<(), String> {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\0' {
            return Err(BINARY.to_string());
        }
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c') {
            control += 1;
        }
    }
    // More than one character in four is more than any text has.
    if control * 4 > total {
        return Err(BINARY.to_string());
    }
    Ok(())
}

/// Windows-1252's characters for bytes 0x80..=0x9F; the five bytes it leaves
/// undefined map to the C1 control of the same number (as the WHATWG decoder does).
const HIGH_1252: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// The character a Windows-1252 byte stands for.
pub fn windows_1252_char(byte: u8) -> char {
    match byte {
        0x80..=0x9F => HIGH_1252[usize::from(byte - 0x80)],
        // ASCII and 0xA0..=0xFF are Latin-1, which is Unicode's first 256 code points.
        _ => char::from(byte),
    }
}

/// The Windows-1252 byte for a character, when it has one.
pub fn windows_1252_byte(c: char) -> Option<u8> {
    match u32::from(c) {
        n @ (0..=0x7F | 0xA0..=0xFF) => u8::try_from(n).ok(),
        _ => HIGH_1252
            .iter()
            .position(|&h| h == c)
            .and_then(|i| u8::try_from(0x80 + i).ok()),
    }
}

/// Encodes `text` back into `encoding` (for rewriting a file the way it was).
pub fn encode(text: &str, encoding: Encoding) -> Result<Vec<u8>, String> {
    match encoding {
        Encoding::Utf8 { bom } => {
            let mut out = Vec::with_capacity(text.len() + 3);
            if bom {
                out.extend_from_slice(b"\xEF\xBB\xBF");
            }
            out.extend_from_slice(text.as_bytes());
            Ok(out)
        }
        Encoding::Windows1252 => text
            .chars()
            .map(|c| {
                windows_1252_byte(c).ok_or_else(|| {
                    format!("{c:?} cannot be written in Windows-1252, the file's encoding")
                })
            })
            .collect(),
        Encoding::Utf16 { little_endian } => {
            let mut out = Vec::with_capacity(text.len() * 2 + 2);
            let bom: u16 = 0xFEFF;
            for unit in std::iter::once(bom).chain(text.encode_utf16()) {
                let bytes = if little_endian {
                    unit.to_le_bytes()
                } else {
                    unit.to_be_bytes()
                };
                out.extend_from_slice(&bytes);
            }
            Ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through_and_loses_its_bom() {
        let d = decode("£60k – 😀".as_bytes()).unwrap();
        assert_eq!(d.text, "£60k – 😀");
        assert_eq!(d.note, None);
        let (d, enc) = decode_with_encoding(b"\xEF\xBB\xBFQ1. Yes").unwrap();
        assert_eq!(d.text, "Q1. Yes");
        assert_eq!(enc, Encoding::Utf8 { bom: true });
        assert_eq!(decode(b"").unwrap().text, "");
    }

    #[test]
    fn invalid_utf8_is_read_as_windows_1252_with_a_note() {
        // “Not held” – £5 with 1252 quotes, dash and pound sign.
        let d = decode(b"\x93Not held\x94 \x96 \xA35, caf\xE9 \x80 \x99").unwrap();
        assert_eq!(d.text, "“Not held” – £5, café € ™");
        assert_eq!(d.note.as_deref(), Some(WINDOWS_1252_NOTE));
    }

    #[test]
    fn mixed_files_keep_their_valid_utf8() {
        let mut bytes = "£10 ".as_bytes().to_vec();
        bytes.push(0x96);
        bytes.extend_from_slice(" £20".as_bytes());
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "£10 – £20");
        assert!(d.note.is_some());
    }

    #[test]
    fn the_1252_table_round_trips_and_matches_known_points() {
        for b in 0u8..=255 {
            let c = windows_1252_char(b);
            assert_eq!(windows_1252_byte(c), Some(b), "byte {b:#x} → {c:?}");
        }
        assert_eq!(windows_1252_char(0x80), '€');
        assert_eq!(windows_1252_char(0x85), '…');
        assert_eq!(windows_1252_char(0x92), '’');
        assert_eq!(windows_1252_char(0x97), '—');
        assert_eq!(windows_1252_char(0x9F), 'Ÿ');
        assert_eq!(windows_1252_char(0xA3), '£');
        assert_eq!(windows_1252_char(0xFF), 'ÿ');
        assert_eq!(windows_1252_byte('😀'), None);
    }

    #[test]
    fn binary_is_refused() {
        assert_eq!(decode(b"PK\x03\x04\0\0\x08\0").unwrap_err(), BINARY);
        assert_eq!(
            decode(b"%PDF\x01\x02\x03\x04\x05\x06\x07").unwrap_err(),
            BINARY
        );
        // Form feeds and tabs are text (converted PDFs).
        assert!(decode(b"Page 1\x0c\tPage 2\r\n").is_ok());
        // A few stray controls in real text are fine.
        assert!(decode(b"Answer: 12 episodes\x07 and more text here").is_ok());
    }

    #[test]
    fn utf16_with_a_bom_is_decoded() {
        let text = "Q1 – £5 😀";
        for little_endian in [true, false] {
            let bytes = encode(text, Encoding::Utf16 { little_endian }).unwrap();
            let (d, enc) = decode_with_encoding(&bytes).unwrap();
            assert_eq!(d.text, text);
            assert_eq!(enc, Encoding::Utf16 { little_endian });
        }
        assert!(decode(b"\xFF\xFEa").is_err());
        // UTF-16 without a BOM has NUL bytes: refused as binary.
        assert_eq!(decode(b"a\0b\0").unwrap_err(), BINARY);
    }

    #[test]
    fn encode_writes_back_what_was_read() {
        let bytes = b"\x93quoted\x94 \xA3".to_vec();
        let (d, enc) = decode_with_encoding(&bytes).unwrap();
        assert_eq!(encode(&d.text, enc).unwrap(), bytes);
        assert!(encode("😀", Encoding::Windows1252).is_err());
        let (d, enc) = decode_with_encoding(b"\xEF\xBB\xBFx").unwrap();
        assert_eq!(encode(&d.text, enc).unwrap(), b"\xEF\xBB\xBFx");
    }
}

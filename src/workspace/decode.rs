//! Turning a file's bytes into text, by encoding_rs: UTF-8 (with or without a
//! BOM), UTF-16 with a BOM, and Windows-1252 for the invalid bytes of
//! everything else (FOI exports from older office software are often 1252).
//! Binary data is refused.

use encoding_rs::{UTF_16LE, UTF_8, WINDOWS_1252};

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
    let (text, encoding, note) = match encoding_rs::Encoding::for_bom(bytes) {
        Some((utf16, bom)) if utf16 != UTF_8 => {
            let text = utf16
                .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
                .ok_or_else(|| format!("invalid {}", utf16.name()))?;
            let little_endian = utf16 == UTF_16LE;
            (text.into_owned(), Encoding::Utf16 { little_endian }, None)
        }
        Some((_, bom)) => decode_8bit(&bytes[bom..], true)?,
        None => decode_8bit(bytes, false)?,
    };
    check_not_binary(&text)?;
    Ok((Decoded { text, note }, encoding))
}

fn decode_8bit(bytes: &[u8], bom: bool) -> Result<(String, Encoding, Option<String>), String> {
    if bytes.contains(&0) {
        return Err(BINARY.to_string());
    }
    Ok(match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), Encoding::Utf8 { bom }, None),
        Err(_) => (
            decode_mixed_1252(bytes),
            Encoding::Windows1252,
            Some(WINDOWS_1252_NOTE.to_string()),
        ),
    })
}

/// Valid UTF-8 sequences stay as they are and every invalid byte is read as
/// Windows-1252, so a UTF-8 file with a few stray 1252 bytes pasted in keeps its
/// `£` and `–` intact rather than turning them into `Â£` (encoding_rs decodes a
/// whole buffer in one encoding, so the runs are handed to it one by one).
fn decode_mixed_1252(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        out.push_str(&WINDOWS_1252.decode_without_bom_handling(chunk.invalid()).0);
    }
    out
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

fn is_1252(c: char) -> bool {
    !WINDOWS_1252.encode(c.encode_utf8(&mut [0; 4])).2
}

/// Encodes `text` back into `encoding` (for rewriting a file the way it was).
pub fn encode(text: &str, encoding: Encoding) -> Result<Vec<u8>, String> {
    match encoding {
        Encoding::Utf8 { bom } => {
            let bom: &[u8] = if bom { b"\xEF\xBB\xBF" } else { b"" };
            Ok([bom, text.as_bytes()].concat())
        }
        Encoding::Windows1252 => match WINDOWS_1252.encode(text) {
            (bytes, _, false) => Ok(bytes.into_owned()),
            _ => {
                let c = text.chars().find(|&c| !is_1252(c)).unwrap_or_default();
                Err(format!(
                    "{c:?} cannot be written in Windows-1252, the file's encoding"
                ))
            }
        },
        // encoding_rs only encodes into UTF-8 from UTF-16 (as the WHATWG standard
        // has it), so UTF-16 is written by the standard library.
        Encoding::Utf16 { little_endian } => {
            let units = std::iter::once(0xFEFF).chain(text.encode_utf16());
            Ok(units
                .flat_map(|unit: u16| {
                    if little_endian {
                        unit.to_le_bytes()
                    } else {
                        unit.to_be_bytes()
                    }
                })
                .collect())
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
    fn every_1252_byte_round_trips_and_known_points_decode() {
        for b in 0x80u8..=0xFF {
            // A lone high byte is invalid UTF-8, so it is read as Windows-1252.
            let bytes = [b'a', b'b', b'c', b];
            let (d, enc) = decode_with_encoding(&bytes).unwrap();
            assert_eq!(enc, Encoding::Windows1252);
            assert_eq!(encode(&d.text, enc).unwrap(), bytes, "byte {b:#x}");
        }
        let d = decode(b"\x80\x85\x92\x97\x9F\xA3\xFF text \x81").unwrap();
        assert_eq!(d.text, "€…’—Ÿ£ÿ text \u{81}");
        let err = encode("£ 😀", Encoding::Windows1252).unwrap_err();
        assert!(err.starts_with("'😀' cannot be written"), "{err}");
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
        assert_eq!(decode(b"\xFF\xFEa").unwrap_err(), "invalid UTF-16LE");
        assert_eq!(decode(b"\xFE\xFF\xD8\x00").unwrap_err(), "invalid UTF-16BE");
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

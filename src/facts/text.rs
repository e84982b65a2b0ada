//! Turning the bytes of a fact file into UTF-8 text: UTF-8 with or without
//! a BOM, UTF-16 with a BOM, and GBK/GB18030 as saved by Excel on Chinese
//! Windows. Depends on nothing.

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

pub const UTF8: &str = "UTF-8";
pub const UTF8_BOM: &str = "UTF-8 (BOM)";
pub const GBK: &str = "GBK/GB18030";
pub const UTF16: &str = "UTF-16";

/// Text that is known to be valid UTF-8, with the encoding it came from.
pub struct Decoded {
    pub bytes: Vec<u8>,
    /// Where the text starts (after a BOM).
    pub start: usize,
    pub encoding: &'static str,
    /// Its lines ended in CR alone, now LF (see [`lone_cr_to_lf`]).
    pub cr_lines: bool,
}

/// Where the bytes stopped making sense, in editor terms.
pub struct Undecodable {
    pub line: u32,
    pub column: u32,
    pub byte: u8,
}

/// Decodes `bytes`, and gives lines that end in CR alone an LF instead.
pub fn decode(bytes: Vec<u8>) -> Result<Decoded, Undecodable> {
    let mut decoded = decode_encoding(bytes)?;
    decoded.cr_lines = lone_cr_to_lf(&mut decoded.bytes);
    Ok(decoded)
}

/// Text whose lines end in CR alone (as classic Mac Excel saves CSV) gets LF in
/// its place: no offset moves, and lines are counted as an editor shows them.
/// Text with any LF is left as it is. Returns whether it changed.
fn lone_cr_to_lf(bytes: &mut [u8]) -> bool {
    if memchr::memchr(b'\n', bytes).is_some() || memchr::memchr(b'\r', bytes).is_none() {
        return false;
    }
    for b in bytes.iter_mut().filter(|b| **b == b'\r') {
        *b = b'\n';
    }
    true
}

fn decode_encoding(bytes: Vec<u8>) -> Result<Decoded, Undecodable> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(&bytes[3..]) {
            Ok(_) => Ok(Decoded { bytes, start: 3, encoding: UTF8_BOM, cr_lines: false }),
            Err(e) => Err(locate(&bytes[3..], e.valid_up_to())),
        };
    }
    for (bom, encoding) in [(b"\xFF\xFE", UTF_16LE), (b"\xFE\xFF", UTF_16BE)] {
        if bytes.starts_with(bom) {
            let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[2..]);
            if had_errors {
                return Err(Undecodable { line: 1, column: 1, byte: bytes[2] });
            }
            return Ok(Decoded { bytes: text.into_owned().into_bytes(), start: 0, encoding: UTF16, cr_lines: false });
        }
    }
    let valid_up_to = match std::str::from_utf8(&bytes) {
        Ok(_) => {
            return Ok(Decoded { bytes, start: 0, encoding: UTF8, cr_lines: false });
        }
        Err(e) => e.valid_up_to(),
    };
    // Much real UTF-8 text before the first bad byte means a damaged UTF-8
    // file, not GBK: decoding it as GBK would only produce mojibake. A few
    // "UTF-8" characters are nothing: some GBK pairs happen to be valid UTF-8
    // (煤 is C3 BA), so a GBK file soon shows a byte that is not.
    let utf8_before =
        std::str::from_utf8(&bytes[..valid_up_to]).map_or(0, |t| t.chars().filter(|c| !c.is_ascii()).count());
    if utf8_before < 16 {
        if let Some(text) = GB18030.decode_without_bom_handling_and_without_replacement(&bytes) {
            return Ok(Decoded { bytes: text.into_owned().into_bytes(), start: 0, encoding: GBK, cr_lines: false });
        }
    }
    Err(locate(&bytes, valid_up_to))
}

fn locate(bytes: &[u8], offset: usize) -> Undecodable {
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() as u32 + 1;
    Undecodable { line, column, byte: bytes[offset] }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_encoding() {
        // Two GBK characters can happen to be valid UTF-8 ("煤业" is); a real row cannot.
        let row = "id,name\nS1,包头市昆都仑区宏达煤业有限公司\n";
        let utf8 = row.as_bytes().to_vec();
        assert_eq!(decode(utf8.clone()).ok().unwrap().encoding, UTF8);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(&utf8);
        let d = decode(bom).ok().unwrap();
        assert_eq!((d.encoding, &d.bytes[d.start..]), (UTF8_BOM, &utf8[..]));
        let (gbk, _, _) = GB18030.encode(row);
        let d = decode(gbk.into_owned()).ok().unwrap();
        assert_eq!((d.encoding, d.bytes), (GBK, utf8.clone()));
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in row.encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        let d = decode(utf16).ok().unwrap();
        assert_eq!((d.encoding, d.bytes), (UTF16, utf8));
    }

    #[test]
    fn gbk_whose_first_characters_look_like_utf8_is_still_gbk() {
        let (gbk, _, _) = GB18030.encode("id,name,category\nS1,Acme,煤矿\n");
        let d = decode(gbk.into_owned()).ok().expect("decodes as GBK");
        assert_eq!(
            (d.encoding, String::from_utf8(d.bytes).unwrap()),
            (GBK, "id,name,category\nS1,Acme,煤矿\n".to_string())
        );
    }

    #[test]
    fn damaged_utf8_is_located_not_guessed() {
        let mut bytes =
            "id,name\nS1,包头市昆都仑区宏达煤业有限公司包头市昆都仑区宏达煤业有限公司\nS2,".as_bytes().to_vec();
        bytes.push(0xFF);
        let e = decode(bytes).err().unwrap();
        assert_eq!((e.line, e.column, e.byte), (3, 4, 0xFF));
    }
}

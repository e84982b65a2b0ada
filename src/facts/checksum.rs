//! Check characters of the two national identifiers in the fact files:
//! the Unified Social Credit Code (统一社会信用代码, GB 32100-2015) and the
//! resident identity number (公民身份号码, GB 11643-1999). A failure is a
//! warning, not an error: some genuine early codes fail. Depends on nothing.

const USCC_CHARSET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/// The value of each byte in [`USCC_CHARSET`] (its position), or `NOT_USCC`.
const USCC_VALUE: [u8; 256] = {
    let mut table = [NOT_USCC; 256];
    let mut i = 0;
    while i < USCC_CHARSET.len() {
        table[USCC_CHARSET[i] as usize] = i as u8;
        i += 1;
    }
    table
};
const NOT_USCC: u8 = u8::MAX;
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8] = b"10X98765432";

/// Why an identifier failed its check.
#[derive(Debug, PartialEq, Eq)]
pub enum CheckFailure {
    Length(usize),
    Character(char),
    CheckCharacter { expected: char },
}

/// The check character a USCC with these first 17 characters must end in.
pub fn uscc_check_char(first17: &[u8]) -> Option<char> {
    let mut sum = 0;
    for (i, &b) in first17.iter().take(17).enumerate() {
        let value = USCC_VALUE[b as usize];
        if value == NOT_USCC {
            return None;
        }
        sum += USCC_WEIGHTS[i] * u32::from(value);
    }
    Some(USCC_CHARSET[((31 - sum % 31) % 31) as usize] as char)
}

pub fn check_uscc(code: &str) -> Result<(), CheckFailure> {
    let bytes = code.as_bytes();
    if code.chars().count() != 18 {
        return Err(CheckFailure::Length(code.chars().count()));
    }
    if let Some(bad) = code.chars().find(|c| !c.is_ascii() || USCC_VALUE[*c as usize] == NOT_USCC) {
        return Err(CheckFailure::Character(bad));
    }
    let expected = uscc_check_char(&bytes[..17]).expect("charset checked above");
    if bytes[17] as char != expected {
        return Err(CheckFailure::CheckCharacter { expected });
    }
    Ok(())
}

/// The check character (ISO 7064 MOD 11-2) for the first 17 digits of an ID.
pub fn id_check_char(first17: &[u8]) -> Option<char> {
    let mut sum = 0;
    for (i, &b) in first17.iter().take(17).enumerate() {
        if !b.is_ascii_digit() {
            return None;
        }
        sum += ID_WEIGHTS[i] * u32::from(b - b'0');
    }
    Some(ID_CHECK[(sum % 11) as usize] as char)
}

pub fn check_id_number(id: &str) -> Result<(), CheckFailure> {
    let bytes = id.as_bytes();
    if id.chars().count() != 18 {
        return Err(CheckFailure::Length(id.chars().count()));
    }
    if let Some(bad) = id.chars().take(17).find(|c| !c.is_ascii_digit()) {
        return Err(CheckFailure::Character(bad));
    }
    let expected = id_check_char(&bytes[..17]).expect("digits checked above");
    if (bytes[17] as char).to_ascii_uppercase() != expected {
        return Err(CheckFailure::CheckCharacter { expected });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_usccs_pass() {
        for code in ["914403001922038216", "91440300708461136T", "91110000710926094P"] {
            assert_eq!(check_uscc(code), Ok(()), "{code}");
        }
    }

    #[test]
    fn bad_usccs_say_why() {
        assert_eq!(check_uscc("914403001922038217"), Err(CheckFailure::CheckCharacter { expected: '6' }));
        assert_eq!(check_uscc("91440300192203821"), Err(CheckFailure::Length(17)));
        assert_eq!(check_uscc("9144030019220382I6"), Err(CheckFailure::Character('I')));
    }

    #[test]
    fn id_numbers() {
        assert_eq!(check_id_number("11010519491231002X"), Ok(()));
        assert_eq!(check_id_number("11010519491231002x"), Ok(()));
        assert_eq!(check_id_number("110105194912310021"), Err(CheckFailure::CheckCharacter { expected: 'X' }));
        assert_eq!(check_id_number("1101051949123100"), Err(CheckFailure::Length(16)));
        assert_eq!(check_id_number("11010519491231A02X"), Err(CheckFailure::Character('A')));
    }
}

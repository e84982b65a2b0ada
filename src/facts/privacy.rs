//! Masking of personal data (Art. 6: 不得侵犯个人隐私). ID numbers and phone
//! numbers never appear in full in any output unless `--show-personal` is
//! given. Depends on nothing.

/// `150203198001011234` → `150203********1234`.
pub fn mask_id_number(id: &str) -> String {
    mask(id, 6, 4)
}

/// `13812345678` → `138****5678`.
pub fn mask_phone(phone: &str) -> String {
    mask(phone, 3, 4)
}

/// Keeps `head` and `tail` characters and stars the rest; a value too short
/// to keep both and still hide something is starred completely.
fn mask(value: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() <= head + tail {
        return "*".repeat(chars.len());
    }
    let mut out: String = chars[..head].iter().collect();
    out.extend(std::iter::repeat_n('*', chars.len() - head - tail));
    out.extend(&chars[chars.len() - tail..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_like_the_issue_says() {
        assert_eq!(mask_id_number("15020319800101123X"), "150203********123X");
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("12345"), "*****");
        assert_eq!(mask_id_number(""), "");
    }
}

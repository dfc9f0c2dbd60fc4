//! Text search that finds the same rows on SQLite and PostgreSQL. Neither engine can be
//! trusted to fold case beyond ASCII (SQLite's `lower()` and `LIKE` never do; PostgreSQL's
//! depend on the database's collation), so searchable text is stored a second time in
//! [`search_key`] form, computed here, and the query is folded the same way.

use unicode_normalization::UnicodeNormalization as _;

/// The searchable form of a text: trimmed, Unicode lower case, composed (NFC), so "Élodie",
/// "ÉLODIE" and "E\u{301}lodie" are all "élodie".
pub fn search_key(text: &str) -> String {
    text.trim().to_lowercase().nfc().collect()
}

/// A `LIKE` pattern matching keys that contain `text` literally: folded like [`search_key`],
/// its `%`, `_` and `\` escaped for `ESCAPE '\'` (which every query states: SQLite has no
/// default escape character).
pub fn contains_pattern(text: &str) -> String {
    let escaped = search_key(text).replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_composition_fold_beyond_ascii() {
        assert_eq!(search_key(" Élodie "), "élodie");
        assert_eq!(search_key("ÉLODIE"), "élodie");
        assert_eq!(search_key("E\u{301}lodie"), "élodie", "decomposed input composes");
        assert_eq!(search_key("ĲSSEL Straße ΣΟΦΊΑ"), "ĳssel straße σοφία");
    }

    #[test]
    fn like_patterns_are_literal() {
        assert_eq!(contains_pattern(" Ada "), "%ada%");
        assert_eq!(contains_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
        assert_eq!(contains_pattern("ÉLO"), "%élo%");
    }
}

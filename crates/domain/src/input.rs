//! Parsing input into domain values with every field's error at once: a form is answered
//! with all its mistakes, not the first one.

use std::fmt::Display;

/// Per-field messages, keyed by the camelCase wire name of the field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<(&'static str, String)>);

impl FieldErrors {
    /// No errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// One error.
    pub fn one(field: &'static str, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }

    /// Records a message for a field.
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.push((field, message.into()));
    }

    /// Keeps a parsed value, or records why it failed.
    pub fn check<T, E: Display>(&mut self, field: &'static str, parsed: Result<T, E>) -> Option<T> {
        parsed.map_err(|err| self.add(field, err.to_string())).ok()
    }

    /// Like [`FieldErrors::check`] for optional input: absent stays absent.
    pub fn check_opt<T, E: Display>(&mut self, field: &'static str, parsed: Option<Result<T, E>>) -> Option<Option<T>> {
        match parsed {
            None => Some(None),
            Some(result) => self.check(field, result).map(Some),
        }
    }

    /// Keeps a value parsed by another `parse`, or takes over all of its messages.
    pub fn absorb<T>(&mut self, parsed: Result<T, FieldErrors>) -> Option<T> {
        parsed.map_err(|other| self.0.extend(other.0)).ok()
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when nothing was recorded (and the value is there), else every message.
    pub fn finish<T>(self, value: Option<T>) -> Result<T, Self> {
        match value {
            Some(value) if self.is_empty() => Ok(value),
            _ => Err(self),
        }
    }

    /// The recorded messages, in order.
    pub fn into_vec(self) -> Vec<(&'static str, String)> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_is_kept() {
        let mut errors = FieldErrors::new();
        let a: Option<i32> = errors.check("a", "x".parse::<i32>());
        let b = errors.check("b", "2".parse::<i32>());
        let c = errors.check_opt("c", Some("y".parse::<i32>()));
        assert_eq!((a, b, c), (None, Some(2), None));
        assert_eq!(errors.clone().into_vec().iter().map(|(f, _)| *f).collect::<Vec<_>>(), ["a", "c"]);
        assert!(errors.finish(Some(())).is_err());
        assert_eq!(FieldErrors::new().finish(Some(1)), Ok(1));
    }
}

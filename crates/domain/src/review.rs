//! Reviews: after a completed call its fan may review it once (a rating of 1 to 5 and a
//! comment of at most 2,000 characters); the creator may answer once; an admin may hide a
//! review, with a reason. A creator's rating is the average of their visible reviews: hidden
//! ones neither count nor show.

use crate::booking::BookingStatus;
use crate::input::FieldErrors;

/// A rating: 1 to 5 stars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rating(i32);

/// Why a review's field was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewRuleError {
    /// Not 1 to 5.
    #[error("must be a whole number from 1 to 5")]
    Rating,
    /// Too long.
    #[error("must be at most {0} characters")]
    TooLong(usize),
    /// Empty.
    #[error("must not be empty")]
    Empty,
}

impl Rating {
    /// Checks the bounds.
    pub fn new(stars: i32) -> Result<Self, ReviewRuleError> {
        if (1..=5).contains(&stars) { Ok(Self(stars)) } else { Err(ReviewRuleError::Rating) }
    }

    /// The stars.
    pub fn stars(self) -> i32 {
        self.0
    }
}

/// Longest comment or answer, in characters.
pub const MAX_TEXT_CHARS: usize = 2000;
/// Longest reason to hide a review.
pub const MAX_HIDE_REASON_CHARS: usize = 500;

fn bounded(input: &str, max: usize, required: bool) -> Result<String, ReviewRuleError> {
    let text = input.trim();
    if required && text.is_empty() {
        return Err(ReviewRuleError::Empty);
    }
    if text.chars().count() > max {
        return Err(ReviewRuleError::TooLong(max));
    }
    Ok(text.to_owned())
}

/// A new review, every field checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewDraft {
    /// Stars.
    pub rating: Rating,
    /// The fan's words (may be empty).
    pub comment: String,
}

impl ReviewDraft {
    /// Checks the rating and the comment; answers both errors at once.
    pub fn parse(rating: i32, comment: Option<&str>) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let rating = errors.check("rating", Rating::new(rating));
        let comment = errors.check("comment", bounded(comment.unwrap_or_default(), MAX_TEXT_CHARS, false));
        errors.finish(rating.zip(comment).map(|(rating, comment)| Self { rating, comment }))
    }
}

/// The creator's answer: 1 to 2,000 characters.
pub fn parse_answer(input: &str) -> Result<String, FieldErrors> {
    bounded(input, MAX_TEXT_CHARS, true).map_err(|err| FieldErrors::one("answer", err.to_string()))
}

/// Why an admin hides a review: 1 to 500 characters.
pub fn parse_hide_reason(input: &str) -> Result<String, FieldErrors> {
    bounded(input, MAX_HIDE_REASON_CHARS, true).map_err(|err| FieldErrors::one("reason", err.to_string()))
}

/// Why a review cannot be left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReviewRefusal {
    /// Only the booking's fan reviews it (its creator cannot).
    #[error("Only the fan of this call can review it.")]
    NotTheGuest,
    /// Only a call that took place is reviewed.
    #[error("Only a completed call can be reviewed.")]
    NotCompleted,
    /// Once per call.
    #[error("This call has already been reviewed.")]
    AlreadyReviewed,
}

/// Whether the reader may review a booking: its guest, once, after the call was completed.
pub fn check_reviewable(status: BookingStatus, is_guest: bool, reviewed: bool) -> Result<(), ReviewRefusal> {
    if !is_guest {
        Err(ReviewRefusal::NotTheGuest)
    } else if status != BookingStatus::Completed {
        Err(ReviewRefusal::NotCompleted)
    } else if reviewed {
        Err(ReviewRefusal::AlreadyReviewed)
    } else {
        Ok(())
    }
}

/// Whether the booking's guest may review it now (what the web app offers as an action).
pub fn can_review(status: BookingStatus, reviewed: bool) -> bool {
    check_reviewable(status, true, reviewed).is_ok()
}

/// A creator's rating from their visible reviews.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RatingSummary {
    /// Visible reviews.
    pub count: u64,
    /// Sum of their stars.
    pub stars: i64,
}

impl RatingSummary {
    /// The average, to two decimals (half away from zero); `None` without reviews.
    pub fn average(self) -> Option<f64> {
        if self.count == 0 {
            return None;
        }
        let hundredths = (self.stars * 200 + self.count as i64) / (self.count as i64 * 2);
        Some(hundredths as f64 / 100.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_are_one_to_five_and_comments_bounded() {
        assert!(Rating::new(0).is_err() && Rating::new(6).is_err());
        assert_eq!(Rating::new(5).unwrap().stars(), 5);
        let draft = ReviewDraft::parse(4, Some("  Great call  ")).unwrap();
        assert_eq!((draft.rating.stars(), draft.comment.as_str()), (4, "Great call"));
        assert_eq!(ReviewDraft::parse(3, None).unwrap().comment, "");
        assert!(ReviewDraft::parse(3, Some(&"é".repeat(2000))).is_ok(), "characters, not bytes");
        let errors = ReviewDraft::parse(9, Some(&"x".repeat(2001))).unwrap_err().into_vec();
        assert_eq!(errors.iter().map(|(f, _)| *f).collect::<Vec<_>>(), ["rating", "comment"]);
        assert_eq!(errors[1].1, "must be at most 2000 characters");
    }

    #[test]
    fn answers_and_hide_reasons_are_required_and_bounded() {
        assert_eq!(parse_answer(" Thanks! "), Ok("Thanks!".to_owned()));
        assert_eq!(parse_answer("  ").unwrap_err().into_vec()[0], ("answer", "must not be empty".to_owned()));
        assert!(parse_answer(&"x".repeat(2001)).is_err());
        assert!(parse_hide_reason("").is_err() && parse_hide_reason(&"x".repeat(501)).is_err());
        assert_eq!(parse_hide_reason("insults"), Ok("insults".to_owned()));
    }

    #[test]
    fn only_the_fan_of_a_completed_call_reviews_it_once() {
        use BookingStatus::*;
        assert_eq!(check_reviewable(Completed, true, false), Ok(()));
        assert_eq!(check_reviewable(Completed, false, false), Err(ReviewRefusal::NotTheGuest));
        assert_eq!(check_reviewable(Completed, true, true), Err(ReviewRefusal::AlreadyReviewed));
        for status in [Pending, Confirmed, Cancelled, NoShow] {
            assert_eq!(check_reviewable(status, true, false), Err(ReviewRefusal::NotCompleted), "{status}");
            assert!(!can_review(status, false));
        }
        assert!(can_review(Completed, false) && !can_review(Completed, true));
    }

    #[test]
    fn averages_round_to_two_decimals() {
        assert_eq!(RatingSummary::default().average(), None);
        assert_eq!(RatingSummary { count: 2, stars: 9 }.average(), Some(4.5));
        assert_eq!(RatingSummary { count: 3, stars: 13 }.average(), Some(4.33));
        assert_eq!(RatingSummary { count: 3, stars: 14 }.average(), Some(4.67));
        assert_eq!(RatingSummary { count: 1, stars: 5 }.average(), Some(5.0));
    }
}

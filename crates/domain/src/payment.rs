//! Payments as stored: where a payment stands, where the creator's share stands, and
//! Stripe's dispute statuses.

stored_enum! {
    /// Where a booking's payment stands.
    pub enum PaymentStatus {
        /// Paid in full.
        Succeeded = "succeeded",
        /// Part of it went back.
        PartiallyRefunded = "partially_refunded",
        /// All of it went back.
        Refunded = "refunded",
        /// The card holder disputes it.
        Disputed = "disputed",
    }
}

impl PaymentStatus {
    /// The status after `refunded` of `amount` (minor units) went back.
    pub fn after_refund(refunded: i64, amount: i64) -> Self {
        if refunded >= amount { Self::Refunded } else { Self::PartiallyRefunded }
    }
}

stored_enum! {
    /// Where the creator's share of a payment stands.
    pub enum PayoutHold {
        /// Inside the holding period.
        Held = "held",
        /// Payable.
        Available = "available",
        /// Paid out.
        Paid = "paid",
    }
}

stored_enum! {
    /// Stripe's status of a dispute.
    pub enum DisputeStatus {
        /// An inquiry that needs an answer.
        WarningNeedsResponse = "warning_needs_response",
        /// An inquiry under review.
        WarningUnderReview = "warning_under_review",
        /// An inquiry closed.
        WarningClosed = "warning_closed",
        /// Needs evidence.
        NeedsResponse = "needs_response",
        /// Evidence submitted.
        UnderReview = "under_review",
        /// Decided for the platform.
        Won = "won",
        /// Decided for the card holder.
        Lost = "lost",
        /// Prevented by an early-fraud-warning refund.
        Prevented = "prevented",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refunds_set_the_status() {
        assert_eq!(PaymentStatus::after_refund(500, 1000), PaymentStatus::PartiallyRefunded);
        assert_eq!(PaymentStatus::after_refund(1000, 1000), PaymentStatus::Refunded);
        assert_eq!("needs_response".parse::<DisputeStatus>(), Ok(DisputeStatus::NeedsResponse));
    }
}

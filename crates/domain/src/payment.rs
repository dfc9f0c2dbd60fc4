//! Payments as stored: where a payment stands, why and how its refunds go back (queued, sent
//! by the worker), Stripe's dispute statuses and the PaymentIntent statuses the
//! reconciliation reads.

use crate::Locale;

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
    /// Why money goes back to a fan. Decided by the flow that refunds, never read from text.
    pub enum RefundReason {
        /// The guest cancelled early enough for a full refund.
        GuestCancelled = "guest_cancelled",
        /// The host cancelled.
        HostCancelled = "host_cancelled",
        /// The payment arrived for a booking its guest or host had already cancelled.
        BookingCancelled = "booking_cancelled",
        /// The payment arrived after the hold expired, and someone else had booked the offer.
        LateOfferTaken = "late_offer_taken",
        /// The payment arrived after the hold expired, and the host was booked at that time.
        LateHostBusy = "late_host_busy",
        /// The payment arrived after the hold expired, and the call had already started.
        LateCallStarted = "late_call_started",
        /// The payment arrived after the hold expired, and the offer was withdrawn or changed.
        LateOfferChanged = "late_offer_changed",
        /// Refunded outside Callstar (the Stripe dashboard); recorded from Stripe's event.
        External = "external",
        /// The call was settled as a no-show the no-show policy refunds: the creator missed
        /// it, or the two never met in it ([`crate::no_show`]).
        NoShow = "no_show",
    }
}

impl RefundReason {
    /// Why, for the fan, in their language.
    pub fn explain(self, locale: Locale) -> &'static str {
        use RefundReason::*;
        match (self, locale) {
            (GuestCancelled, Locale::En) => "You cancelled the booking at least 24 hours before the call.",
            (GuestCancelled, Locale::Fr) => "Vous avez annulé la réservation au moins 24 heures avant l’appel.",
            (HostCancelled, Locale::En) => "The creator cancelled the call.",
            (HostCancelled, Locale::Fr) => "Le créateur a annulé l’appel.",
            (BookingCancelled, Locale::En) => "The payment arrived after the booking was cancelled.",
            (BookingCancelled, Locale::Fr) => "Le paiement est arrivé après l’annulation de la réservation.",
            (LateOfferTaken, Locale::En) => {
                "Your payment arrived after the booking’s time to pay ran out, and someone else booked the call meanwhile."
            }
            (LateOfferTaken, Locale::Fr) => {
                "Votre paiement est arrivé après le délai de paiement, et quelqu’un d’autre a réservé l’appel entre-temps."
            }
            (LateHostBusy, Locale::En) => {
                "Your payment arrived after the booking’s time to pay ran out, and the creator is now booked at that time."
            }
            (LateHostBusy, Locale::Fr) => {
                "Votre paiement est arrivé après le délai de paiement, et le créateur est désormais pris à cette heure-là."
            }
            (LateCallStarted, Locale::En) => {
                "Your payment arrived after the booking’s time to pay ran out, and the call has already started."
            }
            (LateCallStarted, Locale::Fr) => {
                "Votre paiement est arrivé après le délai de paiement, et l’appel a déjà commencé."
            }
            (LateOfferChanged, Locale::En) => {
                "Your payment arrived after the booking’s time to pay ran out, and the offer was withdrawn or changed."
            }
            (LateOfferChanged, Locale::Fr) => {
                "Votre paiement est arrivé après le délai de paiement, et l’offre a été retirée ou modifiée."
            }
            (External, Locale::En) => "Callstar’s team refunded the payment.",
            (External, Locale::Fr) => "L’équipe Callstar a remboursé le paiement.",
            (NoShow, Locale::En) => "The call did not take place: the creator did not join, or you never met in it.",
            (NoShow, Locale::Fr) => {
                "L’appel n’a pas eu lieu : le créateur ne l’a pas rejoint, ou vous ne vous y êtes jamais retrouvés."
            }
        }
    }
}

stored_enum! {
    /// Where a queued refund stands.
    pub enum RefundStatus {
        /// Decided, waiting for the worker (new, or waiting for a retry).
        Pending = "pending",
        /// Accepted by Stripe (or a test payment: nothing to send).
        Sent = "sent",
        /// Refused by Stripe, or out of attempts; admins were told and may retry.
        Failed = "failed",
    }
}

stored_enum! {
    /// A PaymentIntent's status, as Stripe reports it.
    pub enum IntentStatus {
        /// Waiting for a card (new, or after a failed attempt: the fan may retry).
        RequiresPaymentMethod = "requires_payment_method",
        /// Waiting for confirmation.
        RequiresConfirmation = "requires_confirmation",
        /// Waiting for the fan (3-D Secure).
        RequiresAction = "requires_action",
        /// Being processed by the bank.
        Processing = "processing",
        /// Authorized, not captured.
        RequiresCapture = "requires_capture",
        /// Cancelled.
        Canceled = "canceled",
        /// Paid.
        Succeeded = "succeeded",
    }
}

impl IntentStatus {
    /// Stripe has not settled it although nothing is left for the fan to do: a stuck payment.
    pub fn is_stuck(self) -> bool {
        matches!(self, Self::Processing | Self::RequiresCapture)
    }

    /// Nothing will change any more.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Succeeded | Self::Canceled)
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

    #[test]
    fn every_refund_reason_is_explained_in_both_languages() {
        for reason in RefundReason::ALL {
            let (en, fr) = (reason.explain(Locale::En), reason.explain(Locale::Fr));
            assert!(!en.is_empty() && !fr.is_empty() && en != fr, "{reason}");
        }
        assert!(IntentStatus::Processing.is_stuck() && !IntentStatus::RequiresAction.is_stuck());
        assert!(IntentStatus::Canceled.is_final() && !IntentStatus::Processing.is_final());
    }
}

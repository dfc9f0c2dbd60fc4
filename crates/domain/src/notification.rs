//! In-app notifications: the types of the Call a Star system, and their text in English
//! and French. Only the type and parameters are stored, so a notification always reads
//! in the reader's current language: amounts are stored as money ([`money`]) and written in
//! the reader's format, explanations in both languages ([`both`]).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::Locale;
use crate::booking::Refund;
use crate::call::Side;
use crate::localized;
use crate::money::{Currency, Money};
use crate::no_show::{self, Absent};

stored_enum! {
    /// What a notification is about.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
    pub enum NotificationType {
        /// A booking was confirmed (paid).
        BookingConfirmed = "BOOKING_CONFIRMED",
        /// A booking was cancelled.
        BookingCancelled = "BOOKING_CANCELLED",
        /// A fan asked for a call.
        CallRequest = "CALL_REQUEST",
        /// A review was left.
        ReviewReceived = "REVIEW_RECEIVED",
        /// A payout reached the bank.
        PayoutCompleted = "PAYOUT_COMPLETED",
        /// A message from the platform.
        System = "SYSTEM",
        /// A creator was paid for a booking.
        PaymentReceived = "PAYMENT_RECEIVED",
        /// A creator asked for a payout.
        PayoutRequest = "PAYOUT_REQUEST",
        /// A payout request was approved.
        PayoutApproved = "PAYOUT_APPROVED",
        /// A payout failed.
        PayoutFailed = "PAYOUT_FAILED",
        /// Money was refunded.
        RefundCreated = "REFUND_CREATED",
        /// A charge is disputed.
        DisputeCreated = "DISPUTE_CREATED",
        /// A debt was deducted from a payout.
        DebtDeducted = "DEBT_DEDUCTED",
        /// A transfer to a creator failed.
        TransferFailed = "TRANSFER_FAILED",
        /// A creator's debt is above the threshold.
        DebtThresholdExceeded = "DEBT_THRESHOLD_EXCEEDED",
        /// An appointment moved to another time.
        AppointmentRescheduled = "APPOINTMENT_RESCHEDULED",
        /// A payment attempt failed; the fan may try again while the booking holds the call.
        PaymentFailed = "PAYMENT_FAILED",
        /// An admin rejected a payout request.
        PayoutRejected = "PAYOUT_REJECTED",
        /// Nobody answered an instant call in time (to the callee).
        MissedCall = "MISSED_CALL",
        /// Someone invited the reader to join an organization.
        OrganizationInvitation = "ORGANIZATION_INVITATION",
        /// A creator accepted a fan's call request: the fan is told to pay.
        CallRequestAccepted = "CALL_REQUEST_ACCEPTED",
        /// A creator declined a fan's call request.
        CallRequestRejected = "CALL_REQUEST_REJECTED",
        /// A call was settled as a no-show: who was absent, and whether the fan is refunded
        /// (parameters `absent`: host, guest or both; `reader`: host or guest).
        CallNoShow = "CALL_NO_SHOW",
    }
}

/// A money parameter: written in the reader's format when rendered.
pub fn money(amount: Money) -> Value {
    json!({"minor": amount.minor(), "currency": amount.currency().code()})
}

/// A text parameter in both languages: the reader's is used.
pub fn both(en: &str, fr: &str) -> Value {
    json!({"en": en, "fr": fr})
}

/// A parameter as the reader reads it.
fn localize(value: &Value, locale: Locale) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        Value::Object(o) => {
            if let (Some(minor), Some(currency)) = (o.get("minor").and_then(Value::as_i64), o.get("currency")) {
                let currency = currency.as_str().and_then(|c| c.parse::<Currency>().ok())?;
                return Some(localized::money(minor, currency, locale));
            }
            o.get(locale.as_str()).and_then(Value::as_str).map(str::to_owned)
        }
        other => Some(other.to_string()),
    }
}

impl NotificationType {
    /// Title and message templates; `{name}` is replaced by the parameter `name`.
    fn templates(self, locale: Locale) -> (&'static str, &'static str) {
        use NotificationType::*;
        match (self, locale) {
            (BookingConfirmed, Locale::En) => {
                ("Booking confirmed", "Your call \u{201c}{title}\u{201d} with {with} is confirmed.")
            }
            (BookingConfirmed, Locale::Fr) => {
                ("Réservation confirmée", "Votre appel « {title} » avec {with} est confirmé.")
            }
            (BookingCancelled, Locale::En) => {
                ("Booking cancelled", "The call \u{201c}{title}\u{201d} was cancelled. {refund}")
            }
            (BookingCancelled, Locale::Fr) => ("Réservation annulée", "L’appel « {title} » a été annulé. {refund}"),
            (CallRequest, Locale::En) => ("New call request", "{with} would like a call with you."),
            (CallRequest, Locale::Fr) => ("Nouvelle demande d’appel", "{with} aimerait un appel avec vous."),
            (ReviewReceived, Locale::En) => ("New review", "{with} reviewed your call \u{201c}{title}\u{201d}."),
            (ReviewReceived, Locale::Fr) => ("Nouvel avis", "{with} a laissé un avis sur votre appel « {title} »."),
            (PayoutCompleted, Locale::En) => {
                ("Payout completed", "Your payout of {amount} was paid to your bank. {test}")
            }
            (PayoutCompleted, Locale::Fr) => {
                ("Virement effectué", "Votre virement de {amount} a été versé sur votre compte bancaire. {test}")
            }
            (System, Locale::En) => ("Callstar", "{message}"),
            (System, Locale::Fr) => ("Callstar", "{message}"),
            (PaymentReceived, Locale::En) => {
                ("Payment received", "{with} booked \u{201c}{title}\u{201d}. Your share: {amount}.")
            }
            (PaymentReceived, Locale::Fr) => ("Paiement reçu", "{with} a réservé « {title} ». Votre part : {amount}."),
            (PayoutRequest, Locale::En) => ("Payout requested", "{with} requested a payout of {amount}."),
            (PayoutRequest, Locale::Fr) => ("Demande de virement", "{with} a demandé un virement de {amount}."),
            (PayoutApproved, Locale::En) => ("Payout approved", "Your payout of {amount} was approved."),
            (PayoutApproved, Locale::Fr) => ("Virement approuvé", "Votre virement de {amount} a été approuvé."),
            (PayoutFailed, Locale::En) => ("Payout failed", "Your payout of {amount} failed: {reason}"),
            (PayoutFailed, Locale::Fr) => ("Échec du virement", "Votre virement de {amount} a échoué : {reason}"),
            (RefundCreated, Locale::En) => {
                ("Refund issued", "{amount} was refunded for \u{201c}{title}\u{201d}. {why}")
            }
            (RefundCreated, Locale::Fr) => {
                ("Remboursement effectué", "{amount} ont été remboursés pour « {title} ». {why}")
            }
            (DisputeCreated, Locale::En) => ("Payment disputed", "A payment of {amount} is disputed ({reason})."),
            (DisputeCreated, Locale::Fr) => ("Paiement contesté", "Un paiement de {amount} est contesté ({reason})."),
            (DebtDeducted, Locale::En) => ("Debt deducted", "{amount} was deducted from your payout."),
            (DebtDeducted, Locale::Fr) => ("Dette déduite", "{amount} ont été déduits de votre virement."),
            (TransferFailed, Locale::En) => ("Transfer failed", "A transfer of {amount} to your account failed."),
            (TransferFailed, Locale::Fr) => {
                ("Échec du transfert", "Un transfert de {amount} vers votre compte a échoué.")
            }
            (DebtThresholdExceeded, Locale::En) => {
                ("Debt above threshold", "Your balance owed is {amount}. Payouts are paused until it is settled.")
            }
            (DebtThresholdExceeded, Locale::Fr) => (
                "Dette au-dessus du seuil",
                "Votre solde dû est de {amount}. Les virements sont suspendus jusqu’à son règlement.",
            ),
            (PaymentFailed, Locale::En) => (
                "Payment failed",
                "The payment for \u{201c}{title}\u{201d} did not go through ({reason}). You can try again while the booking holds the call.",
            ),
            (PaymentFailed, Locale::Fr) => (
                "Échec du paiement",
                "Le paiement de « {title} » n’a pas abouti ({reason}). Vous pouvez réessayer tant que la réservation tient l’appel.",
            ),
            (PayoutRejected, Locale::En) => {
                ("Payout request rejected", "Your payout request of {amount} was rejected: {reason}")
            }
            (PayoutRejected, Locale::Fr) => {
                ("Demande de virement refusée", "Votre demande de virement de {amount} a été refusée : {reason}")
            }
            (AppointmentRescheduled, Locale::En) => {
                ("Appointment moved", "{with} moved \u{201c}{title}\u{201d} to {when}.")
            }
            (AppointmentRescheduled, Locale::Fr) => ("Rendez-vous déplacé", "{with} a déplacé « {title} » au {when}."),
            (MissedCall, Locale::En) => ("Missed call", "You missed a video call from {with}."),
            (MissedCall, Locale::Fr) => ("Appel manqué", "Vous avez manqué un appel vidéo de {with}."),
            (OrganizationInvitation, Locale::En) => {
                ("Invitation", "{with} invited you to join {organization} as {role}.")
            }
            (OrganizationInvitation, Locale::Fr) => {
                ("Invitation", "{with} vous invite à rejoindre {organization} ({role}).")
            }
            (CallRequestAccepted, Locale::En) => {
                ("Call request accepted", "{with} accepted your call request. Pay to confirm the call.")
            }
            (CallRequestAccepted, Locale::Fr) => {
                ("Demande d’appel acceptée", "{with} a accepté votre demande d’appel. Payez pour confirmer l’appel.")
            }
            (CallRequestRejected, Locale::En) => {
                ("Call request declined", "{with} declined your call request. {reason}")
            }
            (CallRequestRejected, Locale::Fr) => {
                ("Demande d’appel refusée", "{with} a refusé votre demande d’appel. {reason}")
            }
            (CallNoShow, Locale::En) => ("Missed call", "\u{201c}{title}\u{201d} did not take place."),
            (CallNoShow, Locale::Fr) => ("Appel manqué", "L’appel « {title} » n’a pas eu lieu."),
        }
    }

    /// The admins' version of a text, when they read about someone else (`with`).
    fn admin_templates(self, locale: Locale) -> Option<(&'static str, &'static str)> {
        match (self, locale) {
            (Self::DebtThresholdExceeded, Locale::En) => Some((
                "Debt above threshold",
                "{with} owes {amount}. Their payouts are paused until the debt is settled.",
            )),
            (Self::DebtThresholdExceeded, Locale::Fr) => Some((
                "Dette au-dessus du seuil",
                "{with} doit {amount}. Ses virements sont suspendus jusqu’au règlement.",
            )),
            _ => None,
        }
    }

    /// The title and message for a reader, with parameters filled in (money in the reader's
    /// format, explanations in their language). Missing parameters render as empty text
    /// rather than as placeholders.
    pub fn render(self, params: &Map<String, Value>, locale: Locale) -> (String, String) {
        let admin = params.contains_key("with").then(|| self.admin_templates(locale)).flatten();
        let (title, message) = admin.unwrap_or_else(|| self.templates(locale));
        let message = match NoShowNotice::from_params(params).filter(|_| self == Self::CallNoShow) {
            Some(notice) => notice.message(locale),
            None => message.to_owned(),
        };
        (fill(title, params, locale), fill(&message, params, locale).trim().to_owned())
    }
}

/// What a no-show notice ([`NotificationType::CallNoShow`]) says: who missed the call, to
/// which participant, and whether the call was paid (the no-show policy's refund is named only
/// when there was something to refund).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoShowNotice {
    /// Who was absent.
    pub absent: Absent,
    /// Who reads it.
    pub reader: Side,
    /// Whether the fan paid for the call.
    pub paid: bool,
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Host => "host",
        Side::Guest => "guest",
    }
}

impl NoShowNotice {
    /// The parameters stored with the notification (besides `title` and `with`).
    pub fn params(self) -> [(&'static str, String); 3] {
        [
            ("absent", self.absent.as_str().to_owned()),
            ("reader", side_name(self.reader).to_owned()),
            ("paid", self.paid.to_string()),
        ]
    }

    /// The notice stored in a notification's parameters.
    pub fn from_params(params: &Map<String, Value>) -> Option<Self> {
        let absent = params.get("absent")?.as_str()?.parse().ok()?;
        let reader = params.get("reader")?.as_str()?;
        let reader = [Side::Host, Side::Guest].into_iter().find(|side| side_name(*side) == reader)?;
        let paid = params.get("paid").and_then(Value::as_str) != Some("false");
        Some(Self { absent, reader, paid })
    }

    /// Who missed the call, then what the no-show policy does with the money.
    fn message(self, locale: Locale) -> String {
        let fr = locale == Locale::Fr;
        let missed = match (self.absent, self.absent.includes(self.reader), fr) {
            (Absent::Both, _, false) => "Nobody joined \u{201c}{title}\u{201d}.",
            (Absent::Both, _, true) => "Personne n’a rejoint « {title} ».",
            (_, true, false) => "You did not join \u{201c}{title}\u{201d}.",
            (_, true, true) => "Vous n’avez pas rejoint « {title} ».",
            (_, false, false) => "{with} did not join \u{201c}{title}\u{201d}.",
            (_, false, true) => "{with} n’a pas rejoint « {title} ».",
        };
        let money = match (no_show::refund(self.absent), self.reader, self.paid, fr) {
            (_, Side::Host, _, false) if self.absent == Absent::Guest => "The call counts as held.",
            (_, Side::Host, _, true) if self.absent == Absent::Guest => "L’appel est considéré comme tenu.",
            (_, _, false, _) => "",
            (Refund::Full, Side::Guest, true, false) => "You are refunded in full.",
            (Refund::Full, Side::Guest, true, true) => "Vous êtes remboursé intégralement.",
            (Refund::Full, Side::Host, true, false) => "{with} is refunded in full.",
            (Refund::Full, Side::Host, true, true) => "{with} est remboursé intégralement.",
            (Refund::None, _, true, false) => "A call missed by the fan is not refunded.",
            (Refund::None, _, true, true) => "Un appel manqué par le fan n’est pas remboursé.",
        };
        format!("{missed} {money}")
    }
}

fn fill(template: &str, params: &Map<String, Value>, locale: Locale) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        match rest[start..].find('}') {
            Some(len) => {
                let key = &rest[start + 1..start + len];
                if let Some(text) = params.get(key).and_then(|value| localize(value, locale)) {
                    out.push_str(&text);
                }
                rest = &rest[start + len + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn params(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap()
    }

    #[test]
    fn renders_in_both_languages() {
        let p = params(json!({"title": "Coaching", "with": "Camille"}));
        let (title, message) = NotificationType::BookingConfirmed.render(&p, Locale::En);
        assert_eq!(title, "Booking confirmed");
        assert_eq!(message, "Your call \u{201c}Coaching\u{201d} with Camille is confirmed.");
        let (title, message) = NotificationType::BookingConfirmed.render(&p, Locale::Fr);
        assert_eq!(title, "Réservation confirmée");
        assert_eq!(message, "Votre appel « Coaching » avec Camille est confirmé.");
    }

    #[test]
    fn every_type_round_trips_and_has_both_texts() {
        for t in NotificationType::ALL {
            assert_eq!(t.as_str().parse::<NotificationType>(), Ok(t));
            for locale in [Locale::En, Locale::Fr] {
                let (title, _) = t.render(&Map::new(), locale);
                assert!(!title.is_empty(), "{t} {locale:?}");
            }
            // SYSTEM carries the sender's own text; every other type is translated here.
            if t != NotificationType::System {
                assert_ne!(t.templates(Locale::En).1, t.templates(Locale::Fr).1, "{t} is translated");
            }
        }
    }

    #[test]
    fn money_is_written_in_the_readers_format_and_texts_in_their_language() {
        let mut p = params(json!({"title": "Coaching"}));
        p.insert("amount".into(), money(Money::from_minor(6800, Currency::Eur)));
        p.insert("why".into(), both("The creator cancelled the call.", "Le créateur a annulé l’appel."));
        let (_, en) = NotificationType::RefundCreated.render(&p, Locale::En);
        assert_eq!(en, "€68.00 was refunded for \u{201c}Coaching\u{201d}. The creator cancelled the call.");
        let (_, fr) = NotificationType::RefundCreated.render(&p, Locale::Fr);
        assert_eq!(fr, "68,00\u{a0}€ ont été remboursés pour « Coaching ». Le créateur a annulé l’appel.");
    }

    #[test]
    fn admins_read_about_someone_else() {
        let mut p = params(json!({"with": "Camille"}));
        p.insert("amount".into(), money(Money::from_minor(15_000, Currency::Chf)));
        let (_, admin) = NotificationType::DebtThresholdExceeded.render(&p, Locale::En);
        assert_eq!(admin, "Camille owes CHF 150.00. Their payouts are paused until the debt is settled.");
        p.remove("with");
        let (_, creator) = NotificationType::DebtThresholdExceeded.render(&p, Locale::Fr);
        assert!(creator.starts_with("Votre solde dû est de 150,00\u{a0}CHF."), "{creator}");
    }

    #[test]
    fn the_serde_spelling_is_the_stored_one() {
        for t in NotificationType::ALL {
            assert_eq!(serde_json::to_value(t).unwrap(), Value::String(t.as_str().to_owned()));
        }
    }

    fn notice(absent: Absent, reader: Side, paid: bool) -> (String, String) {
        let mut p = params(json!({"title": "Coaching", "with": "Camille"}));
        p.extend(NoShowNotice { absent, reader, paid }.params().map(|(k, v)| (k.to_owned(), Value::String(v))));
        assert_eq!(NoShowNotice::from_params(&p), Some(NoShowNotice { absent, reader, paid }));
        let en = NotificationType::CallNoShow.render(&p, Locale::En).1;
        let fr = NotificationType::CallNoShow.render(&p, Locale::Fr).1;
        (en, fr)
    }

    #[test]
    fn no_show_notices_depend_on_who_was_absent_who_reads_and_what_was_paid() {
        use Absent::{Both, Guest, Host};
        let cases = [
            (
                Host,
                Side::Guest,
                "Camille did not join \u{201c}Coaching\u{201d}. You are refunded in full.",
                "Camille n’a pas rejoint « Coaching ». Vous êtes remboursé intégralement.",
            ),
            (
                Host,
                Side::Host,
                "You did not join \u{201c}Coaching\u{201d}. Camille is refunded in full.",
                "Vous n’avez pas rejoint « Coaching ». Camille est remboursé intégralement.",
            ),
            (
                Both,
                Side::Guest,
                "Nobody joined \u{201c}Coaching\u{201d}. You are refunded in full.",
                "Personne n’a rejoint « Coaching ». Vous êtes remboursé intégralement.",
            ),
            (
                Both,
                Side::Host,
                "Nobody joined \u{201c}Coaching\u{201d}. Camille is refunded in full.",
                "Personne n’a rejoint « Coaching ». Camille est remboursé intégralement.",
            ),
            (
                Guest,
                Side::Guest,
                "You did not join \u{201c}Coaching\u{201d}. A call missed by the fan is not refunded.",
                "Vous n’avez pas rejoint « Coaching ». Un appel manqué par le fan n’est pas remboursé.",
            ),
            (
                Guest,
                Side::Host,
                "Camille did not join \u{201c}Coaching\u{201d}. The call counts as held.",
                "Camille n’a pas rejoint « Coaching ». L’appel est considéré comme tenu.",
            ),
        ];
        for (absent, reader, en, fr) in cases {
            assert_eq!(notice(absent, reader, true), (en.to_owned(), fr.to_owned()), "{absent} {reader:?}");
        }
        // A free call names no refund.
        assert_eq!(notice(Host, Side::Guest, false).0, "Camille did not join \u{201c}Coaching\u{201d}.");
        assert_eq!(notice(Guest, Side::Guest, false).1, "Vous n’avez pas rejoint « Coaching ».");
        assert_eq!(
            notice(Guest, Side::Host, false).0,
            "Camille did not join \u{201c}Coaching\u{201d}. The call counts as held."
        );
        let (title, _) = NotificationType::CallNoShow.render(&Map::new(), Locale::Fr);
        assert_eq!(title, "Appel manqué");
        // Without its parameters the notice still reads.
        let (_, plain) = NotificationType::CallNoShow.render(&params(json!({"title": "X"})), Locale::En);
        assert_eq!(plain, "\u{201c}X\u{201d} did not take place.");
    }

    #[test]
    fn missing_parameters_leave_no_braces() {
        let (_, message) = NotificationType::BookingCancelled.render(&params(json!({"title": "X"})), Locale::En);
        assert_eq!(message, "The call \u{201c}X\u{201d} was cancelled.");
        assert!(!message.contains('{'));
    }
}

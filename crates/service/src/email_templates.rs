//! E-mail content: each kind of e-mail is data; its words come from a string table per
//! language (`templates/email/strings.<lang>.json`, themselves small MiniJinja templates)
//! and the page from one HTML and one plain-text MiniJinja template, so HTML escaping is
//! the template engine's job, not string concatenation's.

use api_types::Route;
use domain::planning::MeetingType;
use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use domain::Locale;
use domain::localized;
use domain::money::{Currency, Money};
use domain::operations::ReminderKind;
use domain::organization::MemberRole;
use domain::payment::RefundReason;
use minijinja::value::{Serde, Value as JinjaValue};
use minijinja::{Environment, context};
use serde_json::Value;

use crate::ServiceError;

/// The words of each language, compiled into the binary. A broken table is an error at
/// the first render (logged, and caught by the unit tests), never an empty table.
static STRINGS_EN: LazyLock<Result<Value, String>> =
    LazyLock::new(|| parse_strings("en", include_str!("../templates/email/strings.en.json")));
static STRINGS_FR: LazyLock<Result<Value, String>> =
    LazyLock::new(|| parse_strings("fr", include_str!("../templates/email/strings.fr.json")));

fn parse_strings(lang: &str, source: &str) -> Result<Value, String> {
    serde_json::from_str(source).map_err(|err| format!("strings.{lang}.json is not valid JSON: {err}"))
}

static ENV: LazyLock<Result<Environment<'static>, String>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.add_template("email.html", include_str!("../templates/email/email.html")).map_err(|e| e.to_string())?;
    env.add_template("email.txt", include_str!("../templates/email/email.txt")).map_err(|e| e.to_string())?;
    Ok(env)
});

fn env() -> Result<&'static Environment<'static>, ServiceError> {
    ENV.as_ref().map_err(|err| ServiceError::corrupt(format!("e-mail layout: {err}")))
}

/// Who reads the e-mail, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Recipient {
    /// Address.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Language.
    pub locale: Locale,
    /// Time zone for dates.
    pub zone: Tz,
}

/// The facts of a call, as e-mails about it need them.
#[derive(Debug, Clone, PartialEq)]
pub struct CallFacts {
    /// The booking.
    pub booking_id: uuid::Uuid,
    /// Where the reader joins the call (a prospect's link carries their key).
    pub join_url: String,
    /// The offer's title.
    pub title: String,
    /// The other participant's name.
    pub with: String,
    /// Start.
    pub start: DateTime<Utc>,
    /// Minutes.
    pub minutes: i32,
    /// Price.
    pub price: Money,
    /// How it is held: a video call has a join button; a phone or in-person appointment
    /// shows its number or address instead.
    pub meeting: MeetingType,
    /// The phone number or address.
    pub place: Option<String>,
}

impl CallFacts {
    /// The join button of a video call; none for a phone or in-person appointment.
    fn join(&self, w: &Words<'_>) -> Result<Option<Row>, ServiceError> {
        match self.meeting {
            MeetingType::Video => Ok(Some((w.get("common", "join")?, self.join_url.clone()))),
            MeetingType::Phone | MeetingType::InPerson => Ok(None),
        }
    }

    /// The number to call or the address, as a detail row.
    fn place_row(&self, w: &Words<'_>) -> Result<Option<Row>, ServiceError> {
        let label = match self.meeting {
            MeetingType::Video => return Ok(None),
            MeetingType::Phone => w.get("common", "phone")?,
            MeetingType::InPerson => w.get("common", "address")?,
        };
        Ok(self.place.clone().map(|place| (label, place)))
    }
}

/// What an e-mail says.
#[derive(Debug, Clone, PartialEq)]
pub enum EmailContent {
    /// A booking was paid (to both participants; the .ics goes along).
    BookingConfirmation(CallFacts),
    /// A confirmed booking moved to another time (to the other participant; the .ics, with a
    /// higher SEQUENCE, goes along).
    Rescheduled(CallFacts),
    /// A call is near.
    Reminder(CallFacts, ReminderKind, DateTime<Utc>),
    /// A booking was cancelled; the refund (zero when nothing went back).
    Cancellation(CallFacts, Money),
    /// A payment failed; the offer to book again.
    PaymentFailed {
        /// The offer.
        offer_id: uuid::Uuid,
        /// Its title.
        title: String,
    },
    /// Yesterday's figures, for admins.
    DailySummary(DailyFigures),
    /// A payment is being refunded, and why.
    PaymentRefunded {
        /// The offer's title.
        title: String,
        /// What goes back.
        amount: Money,
        /// Why.
        why: RefundReason,
    },
    /// A MANUAL creator asked for a payout (to admins).
    PayoutRequested {
        /// The creator's name.
        creator: String,
        /// How much.
        amount: Money,
    },
    /// An admin approved the creator's payout request.
    PayoutApproved(Money),
    /// A payout reached the creator's bank (`true`: a test payout, no money moved).
    PayoutCompleted(Money, bool),
    /// A payout failed; the amount is available again.
    PayoutFailed {
        /// How much.
        amount: Money,
        /// Stripe's reason.
        reason: String,
    },
    /// Debt was deducted from a payout.
    DebtDeducted {
        /// Deducted.
        deducted: Money,
        /// Paid out now.
        paid: Money,
    },
    /// The creator's debt passed the threshold: payouts paused (to the creator, or to admins
    /// naming the creator).
    DebtThresholdExceeded {
        /// Owed.
        debt: Money,
        /// The threshold.
        threshold: Money,
        /// For admins: who owes it.
        creator: Option<String>,
    },
    /// An invitation to join an organization, with its single-use link.
    Invitation {
        /// The organization's name.
        organization: String,
        /// Who invites.
        inviter: String,
        /// As staff or client.
        role: MemberRole,
        /// The link (with its token).
        link: String,
        /// Until when the link works.
        expires_at: DateTime<Utc>,
    },
    /// A fan asked the reader (a creator) for a call.
    CallRequested(RequestFacts),
    /// The creator accepted the reader's call request: pay before the deadline.
    RequestAccepted(RequestFacts, DateTime<Utc>),
    /// The creator declined the reader's call request, maybe with a reason.
    RequestRejected(RequestFacts, Option<String>),
}

/// The facts of a call request, as e-mails about it need them.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestFacts {
    /// The other person's name (the fan for the creator, the creator for the fan).
    pub with: String,
    /// Proposed start.
    pub start: DateTime<Utc>,
    /// Minutes.
    pub minutes: i32,
    /// Proposed price.
    pub price: Money,
    /// The fan's words.
    pub message: String,
    /// Where the reader acts on it (the creator's requests, the booking to pay, the fan's requests).
    pub link: Route,
}

/// Yesterday's figures.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DailyFigures {
    /// The day (UTC).
    pub day: Option<NaiveDate>,
    /// Bookings created.
    pub created: u64,
    /// Bookings confirmed.
    pub confirmed: u64,
    /// Bookings cancelled.
    pub cancelled: u64,
    /// Revenue per currency, minor units.
    pub revenue: Vec<(Currency, i64)>,
    /// Failed job runs.
    pub failed_jobs: u64,
    /// Failed e-mails.
    pub failed_emails: u64,
    /// Payments stuck at Stripe now (processing an hour or more, no webhook).
    pub stuck_payments: u64,
}

impl EmailContent {
    /// The template name stored on the outbox row.
    pub fn template(&self) -> &'static str {
        match self {
            Self::BookingConfirmation(_) => "booking_confirmation",
            Self::Rescheduled(_) => "booking_rescheduled",
            Self::Reminder(..) => "reminder",
            Self::Cancellation(..) => "cancellation",
            Self::PaymentFailed { .. } => "payment_failed",
            Self::DailySummary(_) => "daily_summary",
            Self::PaymentRefunded { .. } => "payment_refunded",
            Self::PayoutRequested { .. } => "payout_requested",
            Self::PayoutApproved(_) => "payout_approved",
            Self::PayoutCompleted(..) => "payout_completed",
            Self::PayoutFailed { .. } => "payout_failed",
            Self::DebtDeducted { .. } => "debt_deducted",
            Self::DebtThresholdExceeded { creator: None, .. } => "debt_threshold",
            Self::DebtThresholdExceeded { creator: Some(_), .. } => "debt_threshold_admin",
            Self::Invitation { .. } => "invitation",
            Self::CallRequested(_) => "call_request",
            Self::RequestAccepted(..) => "call_request_accepted",
            Self::RequestRejected(..) => "call_request_rejected",
        }
    }
}

/// A rendered e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Template name.
    pub template: &'static str,
    /// Subject.
    pub subject: String,
    /// HTML.
    pub html: String,
    /// Plain text.
    pub text: String,
}

fn render_error(err: minijinja::Error) -> ServiceError {
    ServiceError::Internal(format!("e-mail template: {err}"))
}

struct Words<'a> {
    table: &'a Value,
    vars: JinjaValue,
}

impl Words<'_> {
    fn get(&self, section: &str, key: &str) -> Result<String, ServiceError> {
        let source = self
            .table
            .pointer(&format!("/{section}/{key}"))
            .and_then(Value::as_str)
            .ok_or_else(|| ServiceError::corrupt(format!("e-mail strings lack {section}.{key}")))?;
        env()?.render_str(source, self.vars.clone()).map_err(render_error)
    }
}

/// A label and its value (a detail row, or a button's text and link).
type Row = (String, String);

/// Renders an e-mail for its recipient; links start at `public_url`.
pub fn render(content: &EmailContent, to: &Recipient, public_url: &str) -> Result<Rendered, ServiceError> {
    let base = public_url.trim_end_matches('/');
    let locale = to.locale;
    let table = match locale {
        Locale::Fr => &*STRINGS_FR,
        Locale::En => &*STRINGS_EN,
    }
    .as_ref()
    .map_err(|err| ServiceError::corrupt(format!("e-mail strings: {err}")))?;
    let when = |facts: &CallFacts| localized::date_time(facts.start, to.zone, locale);
    let money = |amount: &Money| localized::money(amount.minor(), amount.currency(), locale);
    let earnings = Route::CreatorEarnings.url(base);
    let payouts_page = Route::AdminPayouts { creator: None, payout: None }.url(base);
    let call_vars = |facts: &CallFacts, extra: JinjaValue| {
        context! {
            name => to.name.clone(),
            title => facts.title.clone(),
            with => facts.with.clone(),
            minutes => facts.minutes,
            ..extra
        }
    };
    let section = content.template();
    let (vars, details, button, note): (JinjaValue, Vec<Row>, Option<Row>, Option<String>) = match content {
        EmailContent::BookingConfirmation(facts) | EmailContent::Rescheduled(facts) => {
            let vars = call_vars(facts, context! {});
            let w = Words { table, vars: vars.clone() };
            let mut details = vec![
                (w.get("common", "with")?, facts.with.clone()),
                (w.get("common", "when")?, when(facts)),
                (w.get("common", "duration")?, w.get("common", "duration_value")?),
            ];
            if facts.price.minor() > 0 {
                details.push((
                    w.get("common", "price")?,
                    localized::money(facts.price.minor(), facts.price.currency(), locale),
                ));
            }
            details.extend(facts.place_row(&w)?);
            (vars, details, facts.join(&w)?, Some(w.get("common", "calendar")?))
        }
        EmailContent::Reminder(facts, _, now) => {
            let until = localized::time_until(facts.start - *now, locale);
            let vars = call_vars(facts, context! { until => until });
            let w = Words { table, vars: vars.clone() };
            let mut details = vec![
                (w.get("common", "with")?, facts.with.clone()),
                (w.get("common", "when")?, when(facts)),
                (w.get("common", "duration")?, w.get("common", "duration_value")?),
            ];
            details.extend(facts.place_row(&w)?);
            (vars, details, facts.join(&w)?, None)
        }
        EmailContent::Cancellation(facts, refund) => {
            let amount = localized::money(refund.minor(), refund.currency(), locale);
            let vars = call_vars(facts, context! { amount => amount });
            let w = Words { table, vars: vars.clone() };
            let details = vec![(w.get("common", "when")?, when(facts))];
            let note = if refund.minor() > 0 { Some(w.get(section, "refund")?) } else { None };
            (vars, details, None, note)
        }
        EmailContent::PaymentFailed { offer_id, title } => {
            let vars = context! { name => to.name.clone(), title => title.clone() };
            let w = Words { table, vars: vars.clone() };
            let button = (w.get(section, "button")?, Route::Book(*offer_id).url(base));
            (vars, Vec::new(), Some(button), None)
        }
        EmailContent::DailySummary(figures) => {
            let day = figures.day.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
            let vars = context! { name => to.name.clone(), day => day };
            let w = Words { table, vars: vars.clone() };
            let revenue = if figures.revenue.is_empty() {
                localized::money(0, Currency::Eur, locale)
            } else {
                figures
                    .revenue
                    .iter()
                    .map(|(c, minor)| localized::money(*minor, *c, locale))
                    .collect::<Vec<_>>()
                    .join(" · ")
            };
            let details = vec![
                (w.get(section, "bookings")?, figures.created.to_string()),
                (w.get(section, "confirmed")?, figures.confirmed.to_string()),
                (w.get(section, "cancelled")?, figures.cancelled.to_string()),
                (w.get(section, "revenue")?, revenue),
                (w.get(section, "failed_jobs")?, figures.failed_jobs.to_string()),
                (w.get(section, "failed_emails")?, figures.failed_emails.to_string()),
                (w.get(section, "stuck_payments")?, figures.stuck_payments.to_string()),
            ];
            let button = (w.get(section, "button")?, Route::AdminJobs.url(base));
            (vars, details, Some(button), None)
        }
        EmailContent::PaymentRefunded { title, amount, why } => {
            let vars = context! { name => to.name.clone(), title => title.clone(), amount => money(amount) };
            let w = Words { table, vars: vars.clone() };
            let details = vec![
                (w.get(section, "amount")?, money(amount)),
                (w.get(section, "why")?, why.explain(locale).to_owned()),
            ];
            (vars, details, None, None)
        }
        EmailContent::PayoutRequested { creator, amount } => {
            let vars = context! { name => to.name.clone(), creator => creator.clone(), amount => money(amount) };
            let w = Words { table, vars: vars.clone() };
            let button = (w.get(section, "button")?, payouts_page.clone());
            (vars, Vec::new(), Some(button), None)
        }
        EmailContent::PayoutApproved(amount) => {
            let vars = context! { name => to.name.clone(), amount => money(amount) };
            let w = Words { table, vars: vars.clone() };
            (vars, Vec::new(), Some((w.get(section, "button")?, earnings.clone())), None)
        }
        EmailContent::PayoutCompleted(amount, test) => {
            let vars = context! { name => to.name.clone(), amount => money(amount) };
            let w = Words { table, vars: vars.clone() };
            let note = if *test { Some(w.get(section, "test")?) } else { None };
            (vars, Vec::new(), Some((w.get(section, "button")?, earnings.clone())), note)
        }
        EmailContent::PayoutFailed { amount, reason } => {
            let vars = context! { name => to.name.clone(), amount => money(amount) };
            let w = Words { table, vars: vars.clone() };
            let details = vec![(w.get(section, "reason")?, reason.clone())];
            let note = Some(w.get(section, "note")?);
            (vars, details, Some((w.get(section, "button")?, earnings.clone())), note)
        }
        EmailContent::DebtDeducted { deducted, paid } => {
            let vars = context! { name => to.name.clone(), amount => money(deducted) };
            let w = Words { table, vars: vars.clone() };
            let details = vec![(w.get(section, "deducted")?, money(deducted)), (w.get(section, "paid")?, money(paid))];
            (vars, details, Some((w.get(section, "button")?, earnings.clone())), None)
        }
        EmailContent::DebtThresholdExceeded { debt, threshold, creator } => {
            let vars = context! {
                name => to.name.clone(),
                amount => money(debt),
                threshold => money(threshold),
                creator => creator.clone(),
            };
            let w = Words { table, vars: vars.clone() };
            let link = if creator.is_some() { payouts_page.clone() } else { earnings.clone() };
            (vars, Vec::new(), Some((w.get(section, "button")?, link)), None)
        }
        EmailContent::Invitation { organization, inviter, role, link, expires_at } => {
            let until = localized::date_time(*expires_at, to.zone, locale);
            let base_vars = context! {
                name => to.name.clone(), organization => organization.clone(), inviter => inviter.clone(), until => until,
            };
            let role_key = match role {
                MemberRole::Staff => "role_staff",
                MemberRole::Client => "role_client",
            };
            let role_label = Words { table, vars: base_vars.clone() }.get(section, role_key)?;
            let vars = context! { role => role_label.clone(), ..base_vars };
            let w = Words { table, vars: vars.clone() };
            let details =
                vec![(w.get(section, "organization")?, organization.clone()), (w.get(section, "role")?, role_label)];
            let button = (w.get(section, "button")?, link.clone());
            (vars, details, Some(button), Some(w.get(section, "expires")?))
        }
        EmailContent::CallRequested(facts)
        | EmailContent::RequestAccepted(facts, _)
        | EmailContent::RequestRejected(facts, _) => {
            let deadline = match content {
                EmailContent::RequestAccepted(_, until) => localized::date_time(*until, to.zone, locale),
                _ => String::new(),
            };
            let reason = match content {
                EmailContent::RequestRejected(_, reason) => reason.clone(),
                _ => None,
            };
            let vars = context! {
                name => to.name.clone(),
                with => facts.with.clone(),
                minutes => facts.minutes,
                deadline => deadline,
                reason => reason.clone().unwrap_or_default(),
            };
            let w = Words { table, vars: vars.clone() };
            let mut details = vec![
                (w.get("common", "with")?, facts.with.clone()),
                (w.get("common", "when")?, localized::date_time(facts.start, to.zone, locale)),
                (w.get("common", "duration")?, w.get("common", "duration_value")?),
                (w.get("common", "price")?, localized::money(facts.price.minor(), facts.price.currency(), locale)),
            ];
            if matches!(content, EmailContent::CallRequested(_)) && !facts.message.is_empty() {
                details.push((w.get(section, "message")?, facts.message.clone()));
            }
            let note = if reason.is_some() { Some(w.get(section, "reason")?) } else { None };
            (vars, details, Some((w.get(section, "button")?, facts.link.url(base))), note)
        }
    };
    let intro = match content {
        EmailContent::BookingConfirmation(facts) if facts.price.minor() == 0 => "intro_free",
        _ => "intro",
    };
    let w = Words { table, vars };
    let subject = w.get(section, "subject")?;
    let page = context! {
        locale => locale.as_str(),
        subject => subject.clone(),
        heading => w.get(section, "heading")?,
        greeting => w.get("common", "greeting")?,
        paragraphs => vec![w.get(section, intro)?],
        details => Serde(details),
        button => button.map(|(label, url)| context! { label => label, url => url }),
        note => note,
        footer => w.get("common", "footer")?,
        support_label => w.get("common", "support")?,
        support_url => Route::Help.url(base),
    };
    let html = env()?.get_template("email.html").and_then(|t| t.render(page.clone())).map_err(render_error)?;
    let text = env()?.get_template("email.txt").and_then(|t| t.render(page)).map_err(render_error)?;
    Ok(Rendered { template: section, subject, html, text: text.trim().to_owned() + "\n" })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> CallFacts {
        CallFacts {
            booking_id: uuid::Uuid::nil(),
            join_url: "https://callstar.test/call/00000000-0000-0000-0000-000000000000".into(),
            title: "Portfolio <review>".into(),
            with: "Ana & Co".into(),
            start: "2026-11-21T13:30:00Z".parse().unwrap(),
            minutes: 30,
            price: Money::from_minor(2000, Currency::Eur),
            meeting: MeetingType::Video,
            place: None,
        }
    }

    fn request_facts() -> RequestFacts {
        RequestFacts {
            with: "Ana".into(),
            start: facts().start,
            minutes: 45,
            price: Money::from_minor(4000, Currency::Eur),
            message: "About my portfolio".into(),
            link: Route::CreatorRequests,
        }
    }

    #[test]
    fn call_requests_say_who_when_and_what_to_do() {
        let fr = render(&EmailContent::CallRequested(request_facts()), &reader(Locale::Fr), "https://callstar.test")
            .unwrap();
        assert_eq!(fr.subject, "Ana vous demande un appel");
        assert!(fr.text.contains("un appel de 45 minutes"), "{}", fr.text);
        assert!(fr.text.contains("40,00\u{a0}€") && fr.text.contains("About my portfolio"), "{}", fr.text);
        assert!(fr.text.contains("https://callstar.test/dashboard/creator/requests"), "{}", fr.text);
        let paying = RequestFacts { link: Route::Booking(uuid::Uuid::nil()), ..request_facts() };
        let en = render(&EmailContent::RequestAccepted(paying, facts().start), &reader(Locale::En), "x").unwrap();
        assert!(en.text.contains("Pay before Saturday 21 November 2026 at 14:30 (Europe/Paris)"), "{}", en.text);
        let declined =
            render(&EmailContent::RequestRejected(request_facts(), Some("Away".into())), &reader(Locale::Fr), "x")
                .unwrap();
        assert!(declined.text.contains("Sa raison : Away"), "{}", declined.text);
    }

    fn reader(locale: Locale) -> Recipient {
        Recipient { email: "fan@example.com".into(), name: "Léa".into(), locale, zone: chrono_tz::Europe::Paris }
    }

    #[test]
    fn a_confirmation_in_french_uses_the_readers_zone_money_and_words() {
        let r =
            render(&EmailContent::BookingConfirmation(facts()), &reader(Locale::Fr), "https://callstar.test/").unwrap();
        assert_eq!(r.template, "booking_confirmation");
        assert_eq!(r.subject, "Confirmé : Portfolio <review> avec Ana & Co");
        assert!(r.text.contains("Bonjour Léa,"), "{}", r.text);
        assert!(r.text.contains("samedi 21 novembre 2026 à 14:30 (Europe/Paris)"), "{}", r.text);
        assert!(r.text.contains("20,00\u{a0}€"), "{}", r.text);
        assert!(r.text.contains("https://callstar.test/call/00000000-0000-0000-0000-000000000000"), "{}", r.text);
        assert!(r.html.contains("<html lang=\"fr\">"));
        assert!(r.html.contains("Aide et support"));
    }

    #[test]
    fn html_is_escaped_by_the_template_engine() {
        let r =
            render(&EmailContent::BookingConfirmation(facts()), &reader(Locale::En), "https://callstar.test").unwrap();
        assert!(r.html.contains("Portfolio &lt;review&gt;"), "{}", r.html);
        assert!(r.html.contains("Ana &amp; Co"));
        assert!(!r.html.contains("<review>"));
        assert!(r.text.contains("Portfolio <review>"), "plain text is not escaped");
        assert!(r.text.contains("€20.00"));
    }

    #[test]
    fn reminders_say_how_long_until_the_call_in_the_readers_language() {
        let f = facts();
        let now = f.start - chrono::Duration::minutes(15);
        let en = render(&EmailContent::Reminder(f.clone(), ReminderKind::QuarterHour, now), &reader(Locale::En), "x")
            .unwrap();
        assert_eq!(en.subject, "Reminder: Portfolio <review> starts in 15 minutes");
        let now = f.start - chrono::Duration::hours(24);
        let fr = render(&EmailContent::Reminder(f, ReminderKind::DayBefore, now), &reader(Locale::Fr), "x").unwrap();
        assert_eq!(fr.subject, "Rappel : Portfolio <review> commence dans 24 heures");
    }

    #[test]
    fn every_kind_renders_in_both_languages() {
        let eur = |minor| Money::from_minor(minor, Currency::Eur);
        let kinds = [
            EmailContent::Rescheduled(facts()),
            EmailContent::PaymentRefunded { title: "T".into(), amount: eur(2000), why: RefundReason::LateOfferTaken },
            EmailContent::PayoutRequested { creator: "Camille".into(), amount: eur(6800) },
            EmailContent::PayoutApproved(eur(6800)),
            EmailContent::PayoutCompleted(eur(6800), true),
            EmailContent::PayoutFailed { amount: eur(6800), reason: "The bank account has been closed.".into() },
            EmailContent::DebtDeducted { deducted: eur(1000), paid: eur(5800) },
            EmailContent::DebtThresholdExceeded { debt: eur(15_000), threshold: eur(10_000), creator: None },
            EmailContent::DebtThresholdExceeded {
                debt: eur(15_000),
                threshold: eur(10_000),
                creator: Some("Camille".into()),
            },
            EmailContent::Cancellation(facts(), Money::from_minor(2000, Currency::Eur)),
            EmailContent::PaymentFailed { offer_id: uuid::Uuid::nil(), title: "T".into() },
            EmailContent::CallRequested(request_facts()),
            EmailContent::RequestAccepted(request_facts(), facts().start),
            EmailContent::RequestRejected(request_facts(), Some("Busy".into())),
            EmailContent::DailySummary(DailyFigures {
                created: 3,
                revenue: vec![(Currency::Eur, 4500)],
                ..DailyFigures::default()
            }),
            EmailContent::Invitation {
                organization: "Shore <Agents>".into(),
                inviter: "Sam".into(),
                role: MemberRole::Client,
                link: "https://callstar.test/invitations/x#token=t".into(),
                expires_at: "2026-11-28T13:30:00Z".parse().unwrap(),
            },
        ];
        for kind in kinds {
            for locale in [Locale::En, Locale::Fr] {
                let r = render(&kind, &reader(locale), "https://callstar.test").unwrap();
                assert!(!r.subject.is_empty() && !r.subject.contains("{{"), "{kind:?} {locale:?}");
                assert!(r.html.contains("Callstar") && !r.html.contains("{{"), "{kind:?} {locale:?}");
                assert!(!r.text.contains("{%"), "{kind:?} {locale:?}");
            }
        }
        let refund = render(
            &EmailContent::Cancellation(facts(), Money::from_minor(2000, Currency::Eur)),
            &reader(Locale::Fr),
            "x",
        )
        .unwrap();
        assert!(refund.text.contains("20,00\u{a0}€ vous seront remboursés"), "{}", refund.text);
    }

    #[test]
    fn a_free_appointment_is_confirmed_without_saying_it_was_paid() {
        let free = CallFacts { price: Money::zero(Currency::Eur), ..facts() };
        let en = render(&EmailContent::BookingConfirmation(free.clone()), &reader(Locale::En), "x").unwrap();
        assert!(en.text.contains("is booked.") && !en.text.contains("paid"), "{}", en.text);
        let fr = render(&EmailContent::BookingConfirmation(free), &reader(Locale::Fr), "x").unwrap();
        assert!(fr.text.contains("est réservé.") && !fr.text.contains("payé"), "{}", fr.text);
    }

    #[test]
    fn a_phone_appointment_shows_the_number_and_no_join_button() {
        let phone = CallFacts { meeting: MeetingType::Phone, place: Some("+33 6 12 34 56 78".into()), ..facts() };
        let fr = render(&EmailContent::BookingConfirmation(phone.clone()), &reader(Locale::Fr), "x").unwrap();
        assert!(fr.text.contains("Téléphone") && fr.text.contains("+33 6 12 34 56 78"), "{}", fr.text);
        assert!(!fr.text.contains("/call/"), "{}", fr.text);
        let there =
            CallFacts { meeting: MeetingType::InPerson, place: Some("1 rue de Rivoli, Paris".into()), ..facts() };
        let en =
            render(&EmailContent::Reminder(there, ReminderKind::DayBefore, facts().start), &reader(Locale::En), "x")
                .unwrap();
        assert!(en.text.contains("Address") && en.text.contains("1 rue de Rivoli, Paris"), "{}", en.text);
        assert!(!en.text.contains("/call/"), "{}", en.text);
    }

    #[test]
    fn money_emails_say_how_much_in_the_readers_format_and_why() {
        let amount = Money::from_minor(6800, Currency::Chf);
        let late = EmailContent::PaymentRefunded { title: "Coaching".into(), amount, why: RefundReason::LateHostBusy };
        let fr = render(&late, &reader(Locale::Fr), "https://callstar.test").unwrap();
        assert_eq!(fr.subject, "Remboursé : Coaching");
        assert!(fr.text.contains("68,00\u{a0}CHF vous seront remboursés"), "{}", fr.text);
        assert!(fr.text.contains("le créateur est désormais pris à cette heure-là"), "{}", fr.text);
        let failed = EmailContent::PayoutFailed { amount, reason: "The bank account has been closed.".into() };
        let en = render(&failed, &reader(Locale::En), "https://callstar.test").unwrap();
        assert_eq!(en.subject, "Payout failed: CHF 68.00");
        assert!(en.text.contains("Reason: The bank account has been closed."), "{}", en.text);
        assert!(en.text.contains("https://callstar.test/dashboard/creator/earnings"), "{}", en.text);
        let test = render(&EmailContent::PayoutCompleted(amount, true), &reader(Locale::Fr), "x").unwrap();
        assert!(test.text.contains("virement de test"), "{}", test.text);
        let paid = render(&EmailContent::PayoutCompleted(amount, false), &reader(Locale::En), "x").unwrap();
        assert!(!paid.text.contains("test payout"), "{}", paid.text);
        let admin = EmailContent::DebtThresholdExceeded {
            debt: amount,
            threshold: Money::from_minor(5000, Currency::Chf),
            creator: Some("Camille".into()),
        };
        let admin = render(&admin, &reader(Locale::En), "https://callstar.test").unwrap();
        assert_eq!(admin.template, "debt_threshold_admin");
        assert!(admin.text.contains("Camille owes CHF 68.00 (threshold CHF 50.00)"), "{}", admin.text);
    }

    #[test]
    fn an_invitation_carries_its_link_and_says_until_when_it_works() {
        let invitation = EmailContent::Invitation {
            organization: "Shore Agents".into(),
            inviter: "Sam Staff".into(),
            role: MemberRole::Client,
            link: "https://callstar.test/invitations/abc#token=secret".into(),
            expires_at: "2026-11-28T13:30:00Z".parse().unwrap(),
        };
        let en = render(&invitation, &reader(Locale::En), "https://callstar.test").unwrap();
        assert_eq!(en.subject, "Sam Staff invites you to Shore Agents on Callstar");
        assert!(en.text.contains("as a client"), "{}", en.text);
        assert!(en.text.contains("https://callstar.test/invitations/abc#token=secret"), "{}", en.text);
        assert!(en.text.contains("until Saturday 28 November 2026"), "{}", en.text);
        let fr = render(&invitation, &reader(Locale::Fr), "https://callstar.test").unwrap();
        assert!(fr.text.contains("en tant que client"), "{}", fr.text);
    }
}

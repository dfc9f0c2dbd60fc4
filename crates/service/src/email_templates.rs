//! E-mail content: each kind of e-mail is data; its words come from a string table per
//! language (`templates/email/strings.<lang>.json`, themselves small MiniJinja templates)
//! and the page from one HTML and one plain-text MiniJinja template, so HTML escaping is
//! the template engine's job, not string concatenation's.

use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use domain::Locale;
use domain::localized;
use domain::money::{Currency, Money};
use domain::operations::ReminderKind;
use domain::organization::MemberRole;
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
}

/// What an e-mail says.
#[derive(Debug, Clone, PartialEq)]
pub enum EmailContent {
    /// A booking was paid (to both participants; the .ics goes along).
    BookingConfirmation(CallFacts),
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
}

impl EmailContent {
    /// The template name stored on the outbox row.
    pub fn template(&self) -> &'static str {
        match self {
            Self::BookingConfirmation(_) => "booking_confirmation",
            Self::Reminder(..) => "reminder",
            Self::Cancellation(..) => "cancellation",
            Self::PaymentFailed { .. } => "payment_failed",
            Self::DailySummary(_) => "daily_summary",
            Self::Invitation { .. } => "invitation",
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
        EmailContent::BookingConfirmation(facts) => {
            let vars = call_vars(facts, context! {});
            let w = Words { table, vars: vars.clone() };
            let details = vec![
                (w.get("common", "with")?, facts.with.clone()),
                (w.get("common", "when")?, when(facts)),
                (w.get("common", "duration")?, w.get("common", "duration_value")?),
                (w.get("common", "price")?, localized::money(facts.price.minor(), facts.price.currency(), locale)),
            ];
            let button = (w.get("common", "join")?, format!("{base}/call/{}", facts.booking_id));
            (vars, details, Some(button), Some(w.get("common", "calendar")?))
        }
        EmailContent::Reminder(facts, _, now) => {
            let until = localized::time_until(facts.start - *now, locale);
            let vars = call_vars(facts, context! { until => until });
            let w = Words { table, vars: vars.clone() };
            let details = vec![
                (w.get("common", "with")?, facts.with.clone()),
                (w.get("common", "when")?, when(facts)),
                (w.get("common", "duration")?, w.get("common", "duration_value")?),
            ];
            let button = (w.get("common", "join")?, format!("{base}/call/{}", facts.booking_id));
            (vars, details, Some(button), None)
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
            let button = (w.get(section, "button")?, format!("{base}/book/{offer_id}"));
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
            ];
            let button = (w.get(section, "button")?, format!("{base}/admin/jobs"));
            (vars, details, Some(button), None)
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
    };
    let w = Words { table, vars };
    let subject = w.get(section, "subject")?;
    let page = context! {
        locale => locale.as_str(),
        subject => subject.clone(),
        heading => w.get(section, "heading")?,
        greeting => w.get("common", "greeting")?,
        paragraphs => vec![w.get(section, "intro")?],
        details => Serde(details),
        button => button.map(|(label, url)| context! { label => label, url => url }),
        note => note,
        footer => w.get("common", "footer")?,
        support_label => w.get("common", "support")?,
        support_url => format!("{base}/help"),
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
            title: "Portfolio <review>".into(),
            with: "Ana & Co".into(),
            start: "2026-11-21T13:30:00Z".parse().unwrap(),
            minutes: 30,
            price: Money::from_minor(2000, Currency::Eur),
        }
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
        let kinds = [
            EmailContent::Cancellation(facts(), Money::from_minor(2000, Currency::Eur)),
            EmailContent::PaymentFailed { offer_id: uuid::Uuid::nil(), title: "T".into() },
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

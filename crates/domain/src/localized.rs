//! Dates, amounts and durations written for a person in their language and time zone, as
//! e-mails need them (the web app formats through the browser's Intl instead).

use chrono::{DateTime, Datelike, Duration, Timelike, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;

use crate::Locale;
use crate::money::{Currency, from_minor_units};

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const DAYS_EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const DAYS_FR: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];

/// "Saturday 21 November 2026 at 14:30 (Europe/Paris)" / "samedi 21 novembre 2026 à 14:30 (Europe/Paris)".
pub fn date_time(at: DateTime<Utc>, zone: Tz, locale: Locale) -> String {
    let local = at.with_timezone(&zone);
    let day = local.weekday().num_days_from_monday() as usize;
    let month = local.month0() as usize;
    let (days, months, word) = match locale {
        Locale::En => (&DAYS_EN, &MONTHS_EN, "at"),
        Locale::Fr => (&DAYS_FR, &MONTHS_FR, "à"),
    };
    format!(
        "{} {} {} {} {word} {:02}:{:02} ({})",
        days[day],
        local.day(),
        months[month],
        local.year(),
        local.hour(),
        local.minute(),
        zone.name()
    )
}

/// "€20.00" / "20,00 €"; "CHF 15.00" / "15,00 CHF".
pub fn money(minor: i64, currency: Currency, locale: Locale) -> String {
    let amount = from_minor_units(minor, currency).round_dp(currency.decimals());
    let digits = format!("{:.*}", currency.decimals() as usize, amount.abs());
    let (units, cents) = digits.split_once('.').unwrap_or((digits.as_str(), ""));
    let separator = if locale == Locale::Fr { '\u{202f}' } else { ',' };
    let mut grouped = String::new();
    for (i, c) in units.chars().enumerate() {
        if i > 0 && (units.len() - i) % 3 == 0 {
            grouped.push(separator);
        }
        grouped.push(c);
    }
    let sign = if amount < Decimal::ZERO { "-" } else { "" };
    let symbol = match currency {
        Currency::Eur => "€",
        Currency::Usd => "$",
        Currency::Gbp => "£",
        Currency::Chf => "CHF",
    };
    match locale {
        Locale::En if currency == Currency::Chf => format!("{sign}CHF {grouped}.{cents}"),
        Locale::En => format!("{sign}{symbol}{grouped}.{cents}"),
        Locale::Fr => format!("{sign}{grouped},{cents}\u{a0}{symbol}"),
    }
}

/// "in 24 hours" / "dans 24 heures", "in 15 minutes" / "dans 15 minutes", rounded to the
/// nearest unit that reads naturally.
pub fn time_until(duration: Duration, locale: Locale) -> String {
    let minutes = (duration.num_seconds() + 30).div_euclid(60).max(0);
    let (count, unit_en, unit_fr) = if minutes >= 120 || (minutes >= 60 && minutes % 60 == 0) {
        let hours = (minutes + 30) / 60;
        (hours, if hours == 1 { "hour" } else { "hours" }, if hours == 1 { "heure" } else { "heures" })
    } else {
        (minutes, if minutes == 1 { "minute" } else { "minutes" }, if minutes == 1 { "minute" } else { "minutes" })
    };
    match locale {
        Locale::En => format!("in {count} {unit_en}"),
        Locale::Fr => format!("dans {count} {unit_fr}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime<Utc> {
        "2026-11-21T13:30:00Z".parse().unwrap()
    }

    #[test]
    fn dates_are_in_the_readers_zone_and_language() {
        assert_eq!(
            date_time(at(), chrono_tz::Europe::Paris, Locale::En),
            "Saturday 21 November 2026 at 14:30 (Europe/Paris)"
        );
        assert_eq!(
            date_time(at(), chrono_tz::Europe::Paris, Locale::Fr),
            "samedi 21 novembre 2026 à 14:30 (Europe/Paris)"
        );
        assert_eq!(
            date_time(at(), chrono_tz::America::New_York, Locale::En),
            "Saturday 21 November 2026 at 08:30 (America/New_York)"
        );
    }

    #[test]
    fn money_follows_the_locale() {
        assert_eq!(money(2000, Currency::Eur, Locale::En), "€20.00");
        assert_eq!(money(2000, Currency::Eur, Locale::Fr), "20,00\u{a0}€");
        assert_eq!(money(12_345_678, Currency::Usd, Locale::En), "$123,456.78");
        assert_eq!(money(12_345_678, Currency::Gbp, Locale::Fr), "123\u{202f}456,78\u{a0}£");
        assert_eq!(money(1500, Currency::Chf, Locale::En), "CHF 15.00");
    }

    #[test]
    fn time_until_reads_naturally() {
        assert_eq!(time_until(Duration::hours(24), Locale::En), "in 24 hours");
        assert_eq!(time_until(Duration::hours(24), Locale::Fr), "dans 24 heures");
        assert_eq!(time_until(Duration::minutes(15), Locale::En), "in 15 minutes");
        assert_eq!(time_until(Duration::minutes(14) + Duration::seconds(40), Locale::Fr), "dans 15 minutes");
        assert_eq!(time_until(Duration::minutes(60), Locale::En), "in 1 hour");
        assert_eq!(time_until(Duration::minutes(1), Locale::Fr), "dans 1 minute");
    }
}

//! `/dashboard/creator/earnings`: a creator's money. The balance as the server computes it
//! from the ledger (pending with its release dates, available, in flight, debt), what holds
//! payouts back, the payout settings (DAILY, WEEKLY on a weekday, or MANUAL, and a minimum),
//! a payout request for MANUAL creators, the payouts with their statuses, and the ledger.
//! Every amount is in the creator's payout currency, formatted for the reader.

mod balance;
mod history;
mod settings;

use api_types::{PageQuery, PayoutSettings, Route};
use callstar_web::api::Remote;
use callstar_web::contexts::session::Session;
use callstar_web::format;
use callstar_web::i18n::{t_string, use_i18n};
use callstar_web::nav::Link;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

use self::balance::{BalanceCards, RequestPayout};
use self::history::{Ledger, Payouts};
use self::settings::SettingsForm;

/// Page `page` of `per_page` rows.
fn page_query(page: u64, per_page: u64) -> PageQuery {
    PageQuery { page, per_page }
}

/// A date and time in the viewer's time zone and language.
fn when(instant: &DateTime<Utc>) -> String {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    format::date_time(instant, i18n.get_locale_untracked(), &session.time_zone())
}

/// Refetches every part of the page after a change (a request, new settings).
#[derive(Clone, Copy)]
struct Reload(Callback<()>);

/// The earnings page.
#[component]
pub fn CreatorEarningsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let balance = Remote::new(move || Some(session.api.payout_balance()));
    let settings = Remote::new(move || Some(session.api.payout_settings()));
    let payouts_page = RwSignal::new(1_u64);
    let ledger_page = RwSignal::new(1_u64);
    let payouts = Remote::new(move || {
        Some(session.api.my_payouts(&Default::default(), page_query(payouts_page.get(), history::PAYOUTS_PER_PAGE)))
    });
    let ledger = Remote::new(move || Some(session.api.ledger(page_query(ledger_page.get(), history::LEDGER_PER_PAGE))));
    provide_context(Reload(Callback::new(move |()| {
        balance.refetch();
        settings.refetch();
        payouts.refetch();
        ledger.refetch();
    })));
    view! {
        <div class="container stack earnings">
            <header class="page-header">
                <div>
                    <h1>{move || t_string!(i18n, earnings.title)}</h1>
                    <p class="muted">{move || t_string!(i18n, earnings.intro)}</p>
                </div>
                <nav class="links" aria-label=move || t_string!(i18n, earnings.studio_nav)>
                    <Link to=Route::CreatorDashboard attr:class="btn btn-secondary btn-sm">{move || t_string!(i18n, earnings.to_offers)}</Link>
                    <Link to=Route::CreatorProfile attr:class="btn btn-secondary btn-sm">{move || t_string!(i18n, earnings.to_profile)}</Link>
                </nav>
            </header>
            {balance.view(move |b| view! { <BalanceCards balance=b/> }.into_any())}
            {settings.view(move |s: PayoutSettings| view! {
                <Hold settings=s.clone()/>
                <RequestPayout settings=s.clone() balance=balance/>
                <SettingsForm current=s/>
            }.into_any())}
            <Payouts payouts=payouts page=payouts_page/>
            <Ledger ledger=ledger page=ledger_page/>
        </div>
    }
}

/// What holds the creator's payouts back, if anything: an admin's block (with its reason),
/// a debt above the threshold, or an account that cannot receive payouts yet.
#[component]
fn Hold(settings: PayoutSettings) -> impl IntoView {
    let i18n = use_i18n();
    let blocked = settings.blocked.then(|| {
        let reason = settings.block_reason.clone().unwrap_or_default();
        view! {
            <div class="alert alert-error" role="alert" data-testid="payouts-blocked">
                <p><strong>{move || t_string!(i18n, earnings.blocked)}</strong></p>
                <p>{reason}</p>
            </div>
        }
    });
    let skipped = settings.skip_reason.clone().filter(|_| !settings.blocked).map(|reason| {
        view! {
            <p class="alert alert-info" role="status" data-testid="payouts-skipped">
                {move || t_string!(i18n, earnings.skipped, reason = callstar_web::money::skip_reason(i18n, &reason))}
            </p>
        }
    });
    view! { {blocked} {skipped} }
}

//! The creator's payouts (with their statuses and why one failed or was rejected) and their
//! ledger (every entry, newest first), each a page at a time.

use api_types::{LedgerEntry, LedgerEntryKind, Page, Payout, PayoutOrigin, PayoutStatus, Route};
use callstar_web::api::Remote;
use callstar_web::components::table::paged_table;
use callstar_web::i18n::{t_string, use_i18n};
use callstar_web::money::{self, amount};
use callstar_web::nav::Link;
use leptos::prelude::*;
use rust_decimal::Decimal;

use super::when;

/// Payouts per page.
pub const PAYOUTS_PER_PAGE: u64 = 10;
/// Ledger entries per page.
pub const LEDGER_PER_PAGE: u64 = 20;

/// The payout history.
#[component]
pub fn Payouts(payouts: Remote<Page<Payout>>, page: RwSignal<u64>) -> impl IntoView {
    let i18n = use_i18n();
    let row = move |payout: Payout| {
        let status = payout.status;
        let (value, currency) = (payout.amount, payout.currency.clone());
        let ended = match status {
            PayoutStatus::Paid => payout.paid_at,
            PayoutStatus::Failed => payout.failed_at,
            PayoutStatus::Rejected => payout.rejected_at,
            PayoutStatus::Processing => payout.sent_at,
            PayoutStatus::Approved => payout.approved_at,
            PayoutStatus::Requested => None,
        };
        let why = payout.failure_reason.clone().or_else(|| payout.rejection_reason.clone());
        view! { <tr data-testid="payout-row" data-status=money::payout_status_code(status)>
            <td>{when(&payout.requested_at)}</td>
            <td class="num">{move || amount(value, &currency, i18n.get_locale())}</td>
            <td>
                <span class=money::payout_badge(status)>{move || money::payout_status(i18n, status)}</span>
                {payout.is_test.then(|| view! { " " <span class="badge badge-accent">{move || t_string!(i18n, money.test_badge)}</span> })}
            </td>
            <td>{move || match payout.origin {
                PayoutOrigin::Schedule => t_string!(i18n, money.origin_schedule),
                PayoutOrigin::Request => t_string!(i18n, money.origin_request),
            }}</td>
            <td>{ended.map_or_else(|| "—".to_owned(), |at| when(&at))}</td>
            <td class="wrap">{why.unwrap_or_default()}</td>
        </tr> }
        .into_any()
    };
    view! {
        <section class="stack-tight" data-testid="payouts">
            <h2>{move || t_string!(i18n, earnings.payouts_title)}</h2>
            {payouts.view(move |list| paged_table(
                "payouts",
                list,
                vec![
                    t_string!(i18n, earnings.col_requested).to_owned(),
                    t_string!(i18n, earnings.col_amount).to_owned(),
                    t_string!(i18n, earnings.col_status).to_owned(),
                    t_string!(i18n, earnings.col_origin).to_owned(),
                    t_string!(i18n, earnings.col_updated).to_owned(),
                    t_string!(i18n, earnings.col_reason).to_owned(),
                ],
                row,
                page,
                move |total| t_string!(i18n, earnings.payouts_total, count = total).to_string(),
                t_string!(i18n, earnings.no_payouts).to_owned(),
            ))}
        </section>
    }
}

/// The ledger.
#[component]
pub fn Ledger(ledger: Remote<Page<LedgerEntry>>, page: RwSignal<u64>) -> impl IntoView {
    let i18n = use_i18n();
    let row = move |entry: LedgerEntry| {
        let (value, currency) = (entry.amount, entry.currency.clone());
        let sign = if value > Decimal::ZERO {
            "num amount-in"
        } else if value < Decimal::ZERO {
            "num amount-out"
        } else {
            "num muted"
        };
        let kind = entry.kind;
        let release = (kind == LedgerEntryKind::Earning).then_some(entry.release_at).flatten();
        let about = match (entry.booking_id, entry.reason.clone()) {
            (_, Some(reason)) => view! { <span>{reason}</span> }.into_any(),
            (Some(booking), None) => view! {
                <Link to=Route::Booking(booking)>{move || t_string!(i18n, earnings.see_booking)}</Link>
            }
            .into_any(),
            (None, None) => ().into_any(),
        };
        view! { <tr data-testid="ledger-row" data-kind=format!("{kind:?}")>
            <td>{when(&entry.created_at)}</td>
            <td>{move || money::ledger_kind(i18n, kind)}</td>
            <td class=sign>{move || amount(value, &currency, i18n.get_locale())}</td>
            <td>{release.map_or_else(|| "—".to_owned(), |at| when(&at))}</td>
            <td class="wrap">{about}</td>
        </tr> }
        .into_any()
    };
    view! {
        <section class="stack-tight" data-testid="ledger">
            <h2>{move || t_string!(i18n, earnings.ledger_title)}</h2>
            <p class="muted small">{move || t_string!(i18n, earnings.ledger_intro)}</p>
            {ledger.view(move |list| paged_table(
                "ledger",
                list,
                vec![
                    t_string!(i18n, earnings.col_date).to_owned(),
                    t_string!(i18n, earnings.col_kind).to_owned(),
                    t_string!(i18n, earnings.col_amount).to_owned(),
                    t_string!(i18n, earnings.col_release).to_owned(),
                    t_string!(i18n, earnings.col_about).to_owned(),
                ],
                row,
                page,
                move |total| t_string!(i18n, earnings.ledger_total, count = total).to_string(),
                t_string!(i18n, earnings.no_entries).to_owned(),
            ))}
        </section>
    }
}

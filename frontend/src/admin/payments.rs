//! `/admin/payments?refund=…&dispute=…`: the money fans paid, for operators. Three lists —
//! payments (with the fee, the creator's share and what was refunded), refunds with their
//! state in the queue (a failed one can be queued again), and disputes — and, when the address
//! names one, that refund or dispute opened above them (a failed refund's and a dispute's
//! notifications link here).

use api_types::{AdminDispute, AdminPayment, AdminRefund, DisputeQuery, PaymentQuery, RefundQuery, Route};
use callstar_web::api::Remote;
use callstar_web::contexts::session::Session;
use callstar_web::contexts::toasts::{ToastKind, Toasts};
use callstar_web::errors::error_message;
use callstar_web::i18n::{Locale, t_string, use_i18n};
use callstar_web::money::amount;
use callstar_web::nav::{Link, use_route};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::I18nContext;
use uuid::Uuid;

use crate::widgets::{OpsHeader, badge_class, chosen, page_query, paged_table, when};

/// The three lists of the page.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Payments,
    Refunds,
    Disputes,
}

/// The page's address: the refund and the dispute it is opened on.
fn opened(route: Option<Route>) -> (Option<Uuid>, Option<Uuid>) {
    match route {
        Some(Route::AdminPayments { refund, dispute }) => (refund, dispute),
        _ => (None, None),
    }
}

/// Why money goes back to a fan.
fn refund_reason(i18n: I18nContext<Locale>, reason: &str) -> String {
    match reason {
        "guest_cancelled" => t_string!(i18n, payments.reason_guest_cancelled),
        "host_cancelled" => t_string!(i18n, payments.reason_host_cancelled),
        "booking_cancelled" => t_string!(i18n, payments.reason_booking_cancelled),
        "late_offer_taken" => t_string!(i18n, payments.reason_late_offer_taken),
        "late_host_busy" => t_string!(i18n, payments.reason_late_host_busy),
        "late_call_started" => t_string!(i18n, payments.reason_late_call_started),
        "late_offer_changed" => t_string!(i18n, payments.reason_late_offer_changed),
        "external" => t_string!(i18n, payments.reason_external),
        other => return other.to_owned(),
    }
    .to_owned()
}

/// A payment's, a refund's or a dispute's state, in words (Stripe's dispute states included).
fn state(i18n: I18nContext<Locale>, value: &str) -> String {
    match value {
        "succeeded" => t_string!(i18n, payments.state_succeeded),
        "partially_refunded" => t_string!(i18n, payments.state_partially_refunded),
        "refunded" => t_string!(i18n, payments.state_refunded),
        "disputed" => t_string!(i18n, payments.state_disputed),
        "pending" => t_string!(i18n, payments.state_pending),
        "sent" => t_string!(i18n, payments.state_sent),
        "failed" => t_string!(i18n, payments.state_failed),
        "needs_response" | "warning_needs_response" => t_string!(i18n, payments.state_needs_response),
        "under_review" | "warning_under_review" => t_string!(i18n, payments.state_under_review),
        "won" => t_string!(i18n, payments.state_won),
        "lost" => t_string!(i18n, payments.state_lost),
        other => return other.to_owned(),
    }
    .to_owned()
}

/// The badge class of a state: settled, waiting, or gone wrong.
fn state_badge(value: &str) -> &'static str {
    match value {
        "won" => "badge badge-success",
        "disputed" | "lost" | "needs_response" | "warning_needs_response" => "badge badge-danger",
        "partially_refunded" | "refunded" | "under_review" | "warning_under_review" => "badge badge-warning",
        other => badge_class(other),
    }
}

/// A short form of an id, for tables (the whole id is in the cell's title).
fn short(id: Uuid) -> String {
    id.to_string().chars().take(8).collect()
}

/// The payments page.
#[component]
pub fn AdminPaymentsPage() -> impl IntoView {
    let i18n = use_i18n();
    let route = use_route();
    let refund = Memo::new(move |_| opened(route.get()).0);
    let dispute = Memo::new(move |_| opened(route.get()).1);
    let tab = RwSignal::new(match (refund.get_untracked(), dispute.get_untracked()) {
        (_, Some(_)) => Tab::Disputes,
        (Some(_), None) => Tab::Refunds,
        (None, None) => Tab::Payments,
    });
    // Following a link to another refund or dispute shows its list.
    Effect::new(move |_| match (refund.get(), dispute.get()) {
        (_, Some(_)) => tab.set(Tab::Disputes),
        (Some(_), None) => tab.set(Tab::Refunds),
        (None, None) => {}
    });
    let tabs = [
        (Tab::Payments, "tab-payments"),
        (Tab::Refunds, "tab-refunds"),
        (Tab::Disputes, "tab-disputes"),
    ]
    .map(|(which, id)| {
        let label = move || match which {
            Tab::Payments => t_string!(i18n, payments.payments),
            Tab::Refunds => t_string!(i18n, payments.refunds),
            Tab::Disputes => t_string!(i18n, payments.disputes),
        };
        view! {
            <button type="button" role="tab" id=id class="tab" aria-selected=move || (tab.get() == which).to_string()
                aria-current=move || if tab.get() == which { "page" } else { "false" } on:click=move |_| tab.set(which)>{label}</button>
        }
    })
    .collect_view();
    view! {
        <div class="container stack-tight">
            <OpsHeader title=t_string!(i18n, payments.title).to_owned() current=Route::AdminPayments { refund: None, dispute: None }/>
            {move || dispute.get().map(|id| view! { <DisputePanel id=id/> })}
            {move || refund.get().map(|id| view! { <RefundPanel id=id/> })}
            <div class="tabs" role="tablist" aria-label=move || t_string!(i18n, payments.title)>{tabs}</div>
            {move || match tab.get() {
                Tab::Payments => view! { <Payments/> }.into_any(),
                Tab::Refunds => view! { <Refunds focus=refund/> }.into_any(),
                Tab::Disputes => view! { <Disputes focus=dispute/> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn Payments() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let status = RwSignal::new(String::new());
    let page = RwSignal::new(1_u64);
    let list = Remote::new(move || {
        Some(session.api.admin_payments(&PaymentQuery { status: chosen(status.get()) }, page_query(page.get())))
    });
    let row = move |p: AdminPayment| {
        let sum = move |value| {
            let currency = p.currency.clone();
            move || amount(value, &currency, i18n.get_locale())
        };
        let status = p.status.clone();
        view! { <tr data-testid="payment-row">
            <td>{when(&p.created_at)}</td>
            <td class="num">{sum(p.amount)}</td>
            <td class="num">{sum(p.platform_fee)}</td>
            <td class="num">{sum(p.creator_amount)}</td>
            <td class="num">{sum(p.refunded_amount)}</td>
            <td><span class=state_badge(&status)>{state(i18n, &status)}</span>
                {p.is_test.then(|| view! { " " <span class="badge badge-accent">{move || t_string!(i18n, money.test_badge)}</span> })}</td>
            <td>{when(&p.release_at)}</td>
            <td title=p.booking_id.to_string()><code class="small">{short(p.booking_id)}</code></td>
        </tr> }
        .into_any()
    };
    view! {
        <div class="toolbar">
            <StateFilter id="payment-status" options=&["succeeded", "partially_refunded", "refunded", "disputed"] into=status page=page/>
        </div>
        {list.view(move |list| paged_table(
            "payments",
            list,
            vec![
                t_string!(i18n, ops.col_created).to_owned(),
                t_string!(i18n, payments.col_amount).to_owned(),
                t_string!(i18n, payments.col_fee).to_owned(),
                t_string!(i18n, payments.col_share).to_owned(),
                t_string!(i18n, payments.col_refunded).to_owned(),
                t_string!(i18n, ops.col_status).to_owned(),
                t_string!(i18n, payments.col_release).to_owned(),
                t_string!(i18n, payments.col_booking).to_owned(),
            ],
            row,
            page,
            move |total| t_string!(i18n, ops.total, count = total).to_string(),
            t_string!(i18n, payments.no_payments).to_owned(),
        ))}
    }
}

/// A `<select>` of states (translated), "" for all, writing into `into` and back to page 1.
#[component]
fn StateFilter(
    id: &'static str,
    options: &'static [&'static str],
    into: RwSignal<String>,
    page: RwSignal<u64>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="visually-hidden" for=id>{move || t_string!(i18n, ops.col_status)}</label>
        <select id=id on:change=move |ev| { into.set(event_target_value(&ev)); page.set(1); }>
            <option value="">{move || format!("{}: {}", t_string!(i18n, ops.col_status), t_string!(i18n, ops.all))}</option>
            {options.iter().map(|o| view! { <option value=*o>{move || state(i18n, o)}</option> }).collect_view()}
        </select>
    }
}

#[component]
fn Refunds(focus: Memo<Option<Uuid>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let status = RwSignal::new(String::new());
    let page = RwSignal::new(1_u64);
    let list = Remote::new(move || {
        let filter = RefundQuery { status: chosen(status.get()), booking_id: None };
        Some(session.api.admin_refunds(&filter, page_query(page.get())))
    });
    let row = move |r: AdminRefund| {
        let id = r.id;
        let sum = move |value| {
            let currency = r.currency.clone();
            move || amount(value, &currency, i18n.get_locale())
        };
        let status = r.status.clone();
        let next = r.next_attempt_at.filter(|_| r.status == "pending").map(|at| when(&at));
        view! { <tr class:row-focus=move || focus.get() == Some(id) data-testid="refund-row">
            <td>{when(&r.created_at)}</td>
            <td class="num">{sum(r.amount)}</td>
            <td class="num">{sum(r.creator_share)}</td>
            <td class="wrap">{refund_reason(i18n, &r.reason)}</td>
            <td><span class=state_badge(&status)>{state(i18n, &status)}</span>
                {r.is_test.then(|| view! { " " <span class="badge badge-accent">{move || t_string!(i18n, money.test_badge)}</span> })}</td>
            <td>{r.attempts}{next.map(|next| view! { <div class="muted small">{move || t_string!(i18n, payments.next_attempt, date = next.clone())}</div> })}</td>
            <td class="wrap"><code class="small">{r.error.clone().unwrap_or_default()}</code></td>
            <td><Link to=Route::AdminPayments { refund: Some(id), dispute: None } attr:class="btn btn-secondary btn-sm">{move || t_string!(i18n, payments.open)}</Link></td>
        </tr> }
        .into_any()
    };
    view! {
        <div class="toolbar">
            <StateFilter id="refund-status" options=&["pending", "sent", "failed"] into=status page=page/>
        </div>
        {list.view(move |list| paged_table(
            "refunds",
            list,
            vec![
                t_string!(i18n, ops.col_created).to_owned(),
                t_string!(i18n, payments.col_amount).to_owned(),
                t_string!(i18n, payments.col_share).to_owned(),
                t_string!(i18n, payments.col_reason).to_owned(),
                t_string!(i18n, ops.col_status).to_owned(),
                t_string!(i18n, ops.col_attempts).to_owned(),
                t_string!(i18n, ops.col_error).to_owned(),
                String::new(),
            ],
            row,
            page,
            move |total| t_string!(i18n, ops.total, count = total).to_string(),
            t_string!(i18n, payments.no_refunds).to_owned(),
        ))}
    }
}

#[component]
fn Disputes(focus: Memo<Option<Uuid>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let status = RwSignal::new(String::new());
    let page = RwSignal::new(1_u64);
    let list = Remote::new(move || {
        Some(session.api.admin_disputes(&DisputeQuery { status: chosen(status.get()) }, page_query(page.get())))
    });
    let row = move |d: AdminDispute| {
        let id = d.id;
        let (value, currency) = (d.amount, d.currency.clone());
        let status = d.status.clone();
        view! { <tr class:row-focus=move || focus.get() == Some(id) data-testid="dispute-row">
            <td>{when(&d.created_at)}</td>
            <td><code class="small">{d.stripe_dispute_id.clone()}</code></td>
            <td class="num">{move || amount(value, &currency, i18n.get_locale())}</td>
            <td>{d.reason.clone().unwrap_or_default()}</td>
            <td><span class=state_badge(&status)>{state(i18n, &status)}</span></td>
            <td><Link to=Route::AdminPayments { refund: None, dispute: Some(id) } attr:class="btn btn-secondary btn-sm">{move || t_string!(i18n, payments.open)}</Link></td>
        </tr> }
        .into_any()
    };
    view! {
        <div class="toolbar">
            <StateFilter id="dispute-status" options=&["needs_response", "under_review", "won", "lost"] into=status page=page/>
        </div>
        {list.view(move |list| paged_table(
            "disputes",
            list,
            vec![
                t_string!(i18n, ops.col_created).to_owned(),
                "Stripe".to_owned(),
                t_string!(i18n, payments.col_amount).to_owned(),
                t_string!(i18n, payments.col_reason).to_owned(),
                t_string!(i18n, ops.col_status).to_owned(),
                String::new(),
            ],
            row,
            page,
            move |total| t_string!(i18n, ops.total, count = total).to_string(),
            t_string!(i18n, payments.no_disputes).to_owned(),
        ))}
    }
}

/// The refund the address names, with a retry when it failed.
#[component]
fn RefundPanel(id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let refund = Remote::new(move || Some(session.api.admin_refund(id)));
    let retry = move |_| {
        spawn_local(async move {
            match session.api.retry_refund(id).await {
                Ok(_) => {
                    toasts.push(ToastKind::Success, t_string!(i18n, payments.retried));
                    refund.refetch();
                }
                Err(err) => toasts.push(ToastKind::Error, error_message(i18n, &err)),
            }
        });
    };
    view! {
        <section class="card" data-testid="refund-panel">
            {refund.view(move |r| {
                let sum = {
                    let currency = r.currency.clone();
                    move || amount(r.amount, &currency, i18n.get_locale())
                };
                let share = {
                    let currency = r.currency.clone();
                    move || amount(r.creator_share, &currency, i18n.get_locale())
                };
                let failed = r.status == "failed";
                view! {
                    <header class="panel-head">
                        <h2>{move || t_string!(i18n, payments.refund_heading, amount = sum())}</h2>
                        <Link to=Route::AdminPayments { refund: None, dispute: None } attr:class="btn btn-ghost btn-sm">{move || t_string!(i18n, payouts.close)}</Link>
                    </header>
                    <p><span class=state_badge(&r.status)>{state(i18n, &r.status)}</span>
                        {r.is_test.then(|| view! { " " <span class="badge badge-accent">{move || t_string!(i18n, money.test_badge)}</span> })}</p>
                    <dl class="facts">
                        <dt>{move || t_string!(i18n, payments.col_reason)}</dt><dd>{refund_reason(i18n, &r.reason)}</dd>
                        <dt>{move || t_string!(i18n, payments.col_share)}</dt><dd>{share}</dd>
                        <dt>{move || t_string!(i18n, payments.col_booking)}</dt><dd><code class="small">{r.booking_id.to_string()}</code></dd>
                        <dt>{move || t_string!(i18n, ops.col_created)}</dt><dd>{when(&r.created_at)}</dd>
                        {r.sent_at.map(|at| view! { <dt>{move || t_string!(i18n, payments.sent_at)}</dt><dd>{when(&at)}</dd> })}
                        <dt>{move || t_string!(i18n, ops.col_attempts)}</dt><dd>{r.attempts}</dd>
                        {r.next_attempt_at.filter(|_| r.status == "pending").map(|at| view! { <dt>{move || t_string!(i18n, payments.next_attempt_label)}</dt><dd>{when(&at)}</dd> })}
                        {r.stripe_refund_id.clone().map(|re| view! { <dt>"Stripe"</dt><dd><code>{re}</code></dd> })}
                        {r.error.clone().map(|err| view! { <dt>{move || t_string!(i18n, ops.col_error)}</dt><dd><code class="small">{err}</code></dd> })}
                    </dl>
                    {failed.then(|| view! { <button type="button" class="btn btn-primary" on:click=retry>{move || t_string!(i18n, payments.retry)}</button> })}
                }
                .into_any()
            })}
        </section>
    }
}

/// The dispute the address names (the dispute notification's link).
#[component]
fn DisputePanel(id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let dispute = Remote::new(move || Some(session.api.admin_dispute(id)));
    view! {
        <section class="card" data-testid="dispute-panel">
            {dispute.view(move |d| {
                let sum = {
                    let currency = d.currency.clone();
                    move || amount(d.amount, &currency, i18n.get_locale())
                };
                view! {
                    <header class="panel-head">
                        <h2>{move || t_string!(i18n, payments.dispute_heading, amount = sum())}</h2>
                        <Link to=Route::AdminPayments { refund: None, dispute: None } attr:class="btn btn-ghost btn-sm">{move || t_string!(i18n, payouts.close)}</Link>
                    </header>
                    <p><span class=state_badge(&d.status)>{state(i18n, &d.status)}</span></p>
                    <dl class="facts">
                        <dt>"Stripe"</dt><dd><code>{d.stripe_dispute_id.clone()}</code></dd>
                        <dt>{move || t_string!(i18n, payments.col_reason)}</dt><dd>{d.reason.clone().unwrap_or_default()}</dd>
                        <dt>{move || t_string!(i18n, payments.col_payment)}</dt>
                        <dd><code class="small">{d.payment_id.map(|p| p.to_string()).unwrap_or_else(|| "—".to_owned())}</code></dd>
                        <dt>{move || t_string!(i18n, ops.col_created)}</dt><dd>{when(&d.created_at)}</dd>
                    </dl>
                    <p class="muted small">{move || t_string!(i18n, payments.dispute_hint)}</p>
                }
                .into_any()
            })}
        </section>
    }
}

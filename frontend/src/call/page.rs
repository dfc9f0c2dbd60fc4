//! `/call/:booking_id`: the call page, the same for fan and creator, in four phases that
//! follow the clock (read every second) and the server's times for the booking: a countdown
//! until the call opens (`joinOpensAt`), the device test, the call itself (Daily, through
//! `daily`), and a short "call ended" transition to the summary. Every step is reported to the
//! server (`report`); `?debug=1` or localStorage `callstar.debug` also prints the events.

use api_types::{Booking, BookingStatus, CallTokenResponse, Route};
use callstar_web::api::Remote;
use callstar_web::contexts::session::Session;
use callstar_web::i18n::{t_string, use_i18n};
use callstar_web::nav::{Link, current_route};
use callstar_web::{clock, format, storage};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::countdown::Countdown;
use crate::device_test::DeviceTest;
use crate::guest::ClaimAccount;
use crate::in_call::InCall;
use crate::report::Reporter;
use crate::transition::Ended;

/// Where the page stands; before joining, the clock picks the countdown or the device test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Waiting or testing devices.
    Before,
    /// In the call.
    InCall,
    /// The call just ended.
    Ended,
}

/// The call page.
#[component]
pub fn CallPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let id = match current_route() {
        Some(Route::Call(id)) => Some(id),
        _ => None,
    };
    let booking = Remote::new(move || id.map(|id| session.api.booking(id)));
    view! {
        <div class="container call-page">
            {booking.view(|b| view! { <Phases booking=b/> }.into_any())}
        </div>
    }
}

#[component]
fn Phases(booking: Booking) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    // A developer switch, not a link target: read from the address as it is.
    let debug = use_query_map().with_untracked(|q| q.get("debug").as_deref() == Some("1")) || storage::debug_enabled();
    let reporter = Reporter { api: session.api, booking_id: Some(booking.id), debug };
    let now = clock::ticking();
    let (start, opens, end) = (booking.starts_at, booking.join_opens_at, booking.ends_at);
    let early = Memo::new(move |_| now.get() < opens);
    let over = Memo::new(move |_| now.get() >= end);
    let stage = RwSignal::new(Stage::Before);
    let access = StoredValue::new(None::<CallTokenResponse>);
    let note = RwSignal::new(None::<String>);
    let guest = session.user.with_untracked(|u| u.as_ref().is_some_and(|u| u.id == booking.user.id));
    let other = if guest { booking.creator.name.clone() } else { booking.user.name.clone() };
    let confirmed = booking.status == BookingStatus::Confirmed;
    let finished = matches!(booking.status, BookingStatus::Completed | BookingStatus::NoShow);
    let id = booking.id;
    let title = booking.call_offer.title.clone();
    let zone = session.time_zone();
    let minutes = booking.call_offer.duration;
    let on_join = Callback::new(move |token: CallTokenResponse| {
        access.set_value(Some(token));
        stage.set(Stage::InCall);
    });

    move || match stage.get() {
        Stage::InCall => match access.get_value() {
            Some(token) => {
                view! { <InCall reporter=reporter token=token other=other.clone() stage=stage note=note now=now/> }
                    .into_any()
            }
            None => ().into_any(),
        },
        Stage::Ended => view! { <Ended summary=Route::CallSummary(id) note=note.get_untracked()/> }.into_any(),
        Stage::Before => {
            let (other, zone) = (other.clone(), zone.clone());
            let when = move || format::date_time(&start, i18n.get_locale(), &zone);
            view! {
                <header class="page-header">
                    <div>
                        <h1>{title.clone()}</h1>
                        <p class="muted">{move || t_string!(i18n, book.with, name = other.clone())} " · " {when} " · "
                            {move || t_string!(i18n, creators.minutes, count = minutes)}</p>
                    </div>
                </header>
                {move || {
                    if finished || !confirmed || over.get() {
                        let ended = finished || confirmed;
                        let to = if ended { Route::CallSummary(id) } else { Route::Booking(id) };
                        view! {
                            <div class="card" data-testid="call-closed">
                                <p>{move || if ended { t_string!(i18n, call.over) } else { t_string!(i18n, call.not_confirmed) }}</p>
                                <Link to=to attr:class="btn btn-primary">
                                    {move || if ended { t_string!(i18n, call.see_summary) } else { t_string!(i18n, call.see_booking) }}
                                </Link>
                            </div>
                        }.into_any()
                    } else if early.get() {
                        view! { <Countdown opens=opens now=now/> }.into_any()
                    } else {
                        view! { <DeviceTest reporter=reporter booking_id=id on_join=on_join/> }.into_any()
                    }
                }}
                <Tips/>
                <ClaimAccount/>
            }
            .into_any()
        }
    }
}

/// Preparation tips, in phases 1 and 2.
#[component]
fn Tips() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card tips">
            <h2>{move || t_string!(i18n, call.tips_title)}</h2>
            <ul>
                <li>{move || t_string!(i18n, call.tip_place)}</li>
                <li>{move || t_string!(i18n, call.tip_network)}</li>
                <li>{move || t_string!(i18n, call.tip_headset)}</li>
                <li>{move || t_string!(i18n, call.tip_browser)}</li>
            </ul>
        </section>
    }
}

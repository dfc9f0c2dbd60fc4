//! `/dashboard/user`: a fan's home, with their upcoming bookings.

use api_types::{Booking, BookingQuery, BookingStatus, PageQuery, Role, Route, User};
use leptos::prelude::*;

use callstar_web::api::Remote;
use callstar_web::components::status::Empty;
use callstar_web::contexts::session::Session;
use callstar_web::format;
use callstar_web::i18n::{t_string, use_i18n};
use callstar_web::labels;
use callstar_web::nav::Link;

/// The fan's dashboard: upcoming bookings.
#[component]
pub fn UserDashboard() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let bookings = Remote::new(move || {
        let upcoming = BookingQuery { when: Some("upcoming".to_owned()), ..Default::default() };
        Some(session.api.bookings(&upcoming, PageQuery { page: 1, per_page: 50 }))
    });
    let active = |b: &Booking| matches!(b.status, BookingStatus::Pending | BookingStatus::Confirmed);
    view! {
        <Dashboard>
            <section class="card">
                <h2>{move || t_string!(i18n, dashboard.upcoming_title)}</h2>
                {bookings.view(move |page| if !page.items.iter().any(active) {
                    view! {
                        <Empty
                            title=Signal::derive(move || t_string!(i18n, dashboard.upcoming_empty).to_owned())
                            hint=Signal::derive(move || t_string!(i18n, dashboard.upcoming_empty_hint).to_owned())
                        />
                    }.into_any()
                } else {
                    view! {
                        <ul class="offer-list">
                            {page.items.into_iter().filter(active).map(|b| view! { <BookingRow booking=b/> }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </section>
        </Dashboard>
    }
}

#[component]
fn BookingRow(booking: Booking) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let zone = session.time_zone();
    let at = booking.starts_at;
    let when = move || format::date_time(&at, i18n.get_locale(), &zone);
    let status = booking.status;
    view! {
        <li class="offer-row" data-testid="booking-row">
            <div>
                <p class="offer-title">{booking.call_offer.title.clone()}</p>
                <p class="muted small">{booking.creator.name.clone()} " · " {when}</p>
            </div>
            <div class="offer-actions">
                <span class="badge" class:badge-success=status == BookingStatus::Confirmed>{move || labels::booking_status(i18n, status)}</span>
                {booking.is_test_booking.then(|| view! { <span class="badge badge-accent">{move || t_string!(i18n, book.test_badge)}</span> })}
                <Link to=Route::Booking(booking.id) attr:class="btn btn-ghost btn-sm">{move || t_string!(i18n, booking.view)}</Link>
                {(status == BookingStatus::Confirmed).then(|| view! {
                    <Link to=Route::Call(booking.id) attr:class="btn btn-primary btn-sm" attr:data-testid="join">{move || t_string!(i18n, calls.join)}</Link>
                })}
            </div>
        </li>
    }
}

/// The greeting of a dashboard, above its own sections.
#[component]
fn Dashboard(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let user = move || session.user.get();
    let greeting = move || user().map(|u| t_string!(i18n, dashboard.greeting, name = u.name)).unwrap_or_default();
    let since = move || {
        user().map(|u: User| {
            let date = format::date(&u.created_at, i18n.get_locale(), &u.timezone);
            t_string!(i18n, dashboard.member_since, date = date)
        })
    };
    let zone = move || user().map(|u| t_string!(i18n, dashboard.time_zone, zone = u.timezone)).unwrap_or_default();
    let role = move || labels::role(i18n, user().map_or(Role::User, |u| u.role));
    view! {
        <div class="container">
            <header class="page-header">
                <div>
                    <h1 data-testid="greeting">{greeting}</h1>
                    <p class="muted" data-testid="member-since">{since}</p>
                </div>
                <span class="badge badge-accent">{role}</span>
            </header>
            <div class="stack">{children()}</div>
            <p class="muted small">{zone}</p>
        </div>
    }
}

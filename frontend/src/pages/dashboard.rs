//! `/dashboard/user` and `/dashboard/creator`: the signed-in person's home.

use api_types::{Booking, BookingStatus, Page, Role, User};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::Remote;
use crate::components::status::Empty;
use crate::contexts::session::Session;
use crate::format;
use crate::i18n::{t_string, use_i18n};

/// The fan's dashboard: upcoming bookings.
#[component]
pub fn UserDashboard() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let bookings =
        Remote::<Page<Booking>>::new(session.api, || Some("/api/bookings?when=upcoming&perPage=50".to_owned()));
    view! {
        <Dashboard>
            <section class="card">
                <h2>{move || t_string!(i18n, dashboard.upcoming_title)}</h2>
                {bookings.view(move |page| if page.items.iter().all(|b| !matches!(b.status, BookingStatus::Pending | BookingStatus::Confirmed)) {
                    view! {
                        <Empty
                            title=Signal::derive(move || t_string!(i18n, dashboard.upcoming_empty).to_owned())
                            hint=Signal::derive(move || t_string!(i18n, dashboard.upcoming_empty_hint).to_owned())
                        />
                    }.into_any()
                } else {
                    view! {
                        <ul class="offer-list">
                            {page.items.into_iter()
                                .filter(|b| matches!(b.status, BookingStatus::Pending | BookingStatus::Confirmed))
                                .map(|b| view! { <BookingRow booking=b/> }).collect_view()}
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
    let zone = crate::pages::creators::viewer_zone(session);
    let at = booking.call_offer.date_time;
    let when = move || format::date_time(&at, i18n.get_locale(), &zone);
    let status = booking.status;
    let href = format!("/bookings/{}", booking.id);
    view! {
        <li class="offer-row" data-testid="booking-row">
            <div>
                <p class="offer-title">{booking.call_offer.title.clone()}</p>
                <p class="muted small">{booking.creator.name.clone()} " · " {when}</p>
            </div>
            <div class="offer-actions">
                <span class="badge" class:badge-success=status == BookingStatus::Confirmed>{move || status_label(i18n, status)}</span>
                {booking.is_test_booking.then(|| view! { <span class="badge badge-accent">{move || t_string!(i18n, book.test_badge)}</span> })}
                <A href=href attr:class="btn btn-ghost btn-sm">{move || t_string!(i18n, booking.view)}</A>
                {(status == BookingStatus::Confirmed).then(|| view! {
                    <A href=format!("/call/{}", booking.id) attr:class="btn btn-primary btn-sm" attr:data-testid="join">{move || t_string!(i18n, calls.join)}</A>
                })}
            </div>
        </li>
    }
}

/// A booking status in the reader's language.
pub fn status_label(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>, status: BookingStatus) -> &'static str {
    match status {
        BookingStatus::Pending => t_string!(i18n, booking.status_pending),
        BookingStatus::Confirmed => t_string!(i18n, booking.status_confirmed),
        BookingStatus::Completed => t_string!(i18n, booking.status_completed),
        BookingStatus::Cancelled => t_string!(i18n, booking.status_cancelled),
        BookingStatus::NoShow => t_string!(i18n, booking.status_no_show),
    }
}

/// The greeting shared by every dashboard, above its own sections.
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
    let role = move || match user().map(|u| u.role) {
        Some(Role::Creator) => t_string!(i18n, dashboard.role_creator),
        Some(Role::Admin) => t_string!(i18n, dashboard.role_admin),
        _ => t_string!(i18n, dashboard.role_user),
    };
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

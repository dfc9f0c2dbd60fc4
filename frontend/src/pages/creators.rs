//! `/creators` and `/creators/:id`: find a creator, see their open slots, book an appointment
//! with them (the studio bundle's booking page).

use api_types::{CallOffer, CreatorProfile, CreatorQuery, PageQuery, Route};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::Remote;
use crate::components::status::{Empty, loaded};
use crate::contexts::session::Session;
use crate::format;
use crate::i18n::{t_string, use_i18n};
use crate::nav::{Link, use_route};

const PER_PAGE: PageQuery = PageQuery { page: 1, per_page: 50 };

/// The creator directory with search.
#[component]
pub fn CreatorsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let search = RwSignal::new(String::new());
    let creators = Remote::new(move || {
        let filter = CreatorQuery { q: Some(search.get()).filter(|q| !q.is_empty()), sort: None };
        Some(session.api.creators(&filter, PER_PAGE))
    });
    view! {
        <div class="container">
            <header class="page-header"><h1>{move || t_string!(i18n, creators.title)}</h1></header>
            <div class="toolbar">
                <label class="visually-hidden" for="creator-search">{move || t_string!(i18n, creators.search)}</label>
                <input id="creator-search" type="search" placeholder=move || t_string!(i18n, creators.search)
                    on:change=move |ev| search.set(event_target_value(&ev))/>
            </div>
            {creators.view(move |page| if page.items.is_empty() {
                view! {
                    <Empty title=Signal::derive(move || t_string!(i18n, creators.empty).to_owned())
                        hint=Signal::derive(move || t_string!(i18n, creators.empty_hint).to_owned())/>
                }.into_any()
            } else {
                view! {
                    <div class="grid">
                        {page.items.into_iter().map(|c| view! { <CreatorCard creator=c/> }).collect_view()}
                    </div>
                }.into_any()
            })}
        </div>
    }
}

#[component]
fn CreatorCard(creator: CreatorProfile) -> impl IntoView {
    let i18n = use_i18n();
    let count = creator.available_offers;
    view! {
        <article class="card creator-card" data-testid="creator-card">
            <div class="avatar" aria-hidden="true">{creator.name.chars().next().unwrap_or('?').to_string()}</div>
            <h2>{creator.name.clone()}</h2>
            <p class="muted">{creator.expertise.clone().unwrap_or_default()}</p>
            <span class="badge">{move || t_string!(i18n, creators.offers_count, count = count)}</span>
            <Link to=Route::Creator(creator.id) attr:class="btn btn-secondary btn-sm">{move || t_string!(i18n, creators.view)}</Link>
        </article>
    }
}

/// One creator and their open slots.
#[component]
pub fn CreatorPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let route = use_route();
    let id = move || match route.get() {
        Some(Route::Creator(id)) => Some(id),
        _ => None,
    };
    let creator = Remote::new(move || id().map(|id: Uuid| session.api.creator(id)));
    let offers = Remote::new(move || id().map(|id| session.api.creator_offers(id)));
    let data = move || match (creator.get()?, offers.get()?) {
        (Ok(creator), Ok(offers)) => Some(Ok((creator, offers.items))),
        (Err(err), _) | (_, Err(err)) => Some(Err(err)),
    };
    view! {
        <div class="container">
            <Link to=Route::Creators attr:class="back-link">{move || t_string!(i18n, creators.back)}</Link>
            {loaded(Box::new(move || data().map(|result| result.map(|(creator, offers)| view! {
                        <header class="page-header">
                            <div>
                                <h1>{creator.name.clone()}</h1>
                                <p class="muted">{creator.expertise.clone().unwrap_or_default()}</p>
                                <p>{creator.bio.clone().unwrap_or_default()}</p>
                                <p><Link to=Route::BookAppointment(creator.user_id) attr:class="btn btn-secondary">{move || t_string!(i18n, creators.book_appointment)}</Link></p>
                                <p class="links">
                                    {creator.social_links.iter().map(|(network, url)| view! {
                                        <a href=url.clone() rel="noopener noreferrer" target="_blank">{network.clone()}</a>
                                    }).collect_view()}
                                </p>
                            </div>
                        </header>
                        <section class="card">
                            <h2>{move || t_string!(i18n, creators.offers_title)}</h2>
                            <OfferList offers=offers/>
                        </section>
                    }.into_any()))), Callback::new(move |()| { creator.refetch(); offers.refetch(); }))}
        </div>
    }
}

#[component]
fn OfferList(offers: Vec<CallOffer>) -> impl IntoView {
    let i18n = use_i18n();
    if offers.is_empty() {
        return view! {
            <Empty title=Signal::derive(move || t_string!(i18n, creators.no_offers).to_owned())
                hint=Signal::derive(move || t_string!(i18n, creators.no_offers_hint).to_owned())/>
        }
        .into_any();
    }
    view! {
        <ul class="offer-list">
            {offers.into_iter().map(|offer| view! { <OfferRow offer=offer/> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn OfferRow(offer: CallOffer) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let when = {
        let at = offer.date_time;
        move || format::date_time(&at, i18n.get_locale(), &session.time_zone())
    };
    let price = {
        let (amount, currency) = (offer.price.to_string(), offer.currency.clone());
        move || format::money(&amount, &currency, i18n.get_locale())
    };
    let minutes = offer.duration;
    view! {
        <li class="offer-row" data-testid="offer-row">
            <div>
                <p class="offer-title">{offer.title.clone()}</p>
                <p class="muted small">{when} " · " {move || t_string!(i18n, creators.minutes, count = minutes)}</p>
            </div>
            <div class="offer-actions">
                <span class="price">{price}</span>
                <Link to=Route::Book(offer.id) attr:class="btn btn-primary btn-sm">{move || t_string!(i18n, creators.book)}</Link>
            </div>
        </li>
    }
}

//! `/planning/settings`: what a host offers, in three tabs — appointment types, reasons, and
//! availability (weekly hours in their time zone, and dates with other hours).

mod hours;
mod reasons;
mod types;

use api_types::Route;
use callstar_web::i18n::{t_string, use_i18n};
use callstar_web::nav::Link;
use leptos::prelude::*;

/// The settings' tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Types,
    Reasons,
    Hours,
}

/// The planning settings page.
#[component]
pub fn PlanningSettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let tab = RwSignal::new(Tab::Types);
    let button = move |which: Tab, id: &'static str, label: Signal<String>| {
        view! {
            <button type="button" role="tab" class="tab" id=id aria-selected=move || (tab.get() == which).to_string()
                aria-controls="settings-panel" on:click=move |_| tab.set(which)>{label}</button>
        }
    };
    view! {
        <div class="container stack">
            <Link to=Route::Planning attr:class="back-link">{move || t_string!(i18n, planning.back)}</Link>
            <header class="page-header"><h1>{move || t_string!(i18n, settings.title)}</h1></header>
            <div class="tabs" role="tablist" aria-label=move || t_string!(i18n, settings.title)>
                {button(Tab::Types, "tab-types", Signal::derive(move || t_string!(i18n, settings.types).to_owned()))}
                {button(Tab::Reasons, "tab-reasons", Signal::derive(move || t_string!(i18n, settings.reasons).to_owned()))}
                {button(Tab::Hours, "tab-hours", Signal::derive(move || t_string!(i18n, settings.hours).to_owned()))}
            </div>
            <div id="settings-panel" role="tabpanel" class="stack">
                {move || match tab.get() {
                    Tab::Types => view! { <types::TypesTab/> }.into_any(),
                    Tab::Reasons => view! { <reasons::ReasonsTab/> }.into_any(),
                    Tab::Hours => view! { <hours::HoursTab/> }.into_any(),
                }}
            </div>
        </div>
    }
}

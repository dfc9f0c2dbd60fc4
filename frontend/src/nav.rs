//! Links and navigation between the app's pages, all built from [`Route`]: within the bundle
//! that is running through the router, to a page of another bundle (or one the server renders)
//! by a normal page load.

use std::sync::Arc;

use api_types::{Bundle, Route};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_location, use_navigate};

use crate::contexts::toasts::Toasts;

/// The bundle that is running.
#[derive(Clone, Copy)]
struct Here(Bundle);

/// Records which bundle is running; called once by the shell.
pub fn provide_bundle(bundle: Bundle) {
    provide_context(Here(bundle));
}

fn here() -> Bundle {
    use_context::<Here>().map_or(Bundle::Main, |Here(bundle)| bundle)
}

/// Whether `route` is rendered by the running bundle (so the router can show it).
pub fn is_here(route: &Route) -> bool {
    route.bundle() == here()
}

/// The page at the current address, with its parameters (reactive: a page reused for another
/// address follows it).
pub fn use_route() -> Memo<Option<Route>> {
    let location = use_location();
    Memo::new(move |_| Route::parse(&address(&location.pathname.get(), &location.search.get())))
}

/// The page at the current address, read once.
pub fn current_route() -> Option<Route> {
    Route::parse(&current_address())
}

/// The current address within the site: path and query string.
pub fn current_address() -> String {
    let location = use_location();
    address(&location.pathname.get_untracked(), &location.search.get_untracked())
}

/// A path and the router's query string (which comes without its `?`).
fn address(path: &str, search: &str) -> String {
    if search.is_empty() { path.to_owned() } else { format!("{path}?{search}") }
}

/// A link to a page. Links to another bundle's pages are marked `rel="external"`, which tells
/// the router to let the browser load that page.
#[component]
pub fn Link(
    /// Where it goes.
    #[prop(into)]
    to: Signal<Route>,
    children: Children,
) -> impl IntoView {
    let bundle = here();
    let href = move || to.with(Route::href);
    let rel = move || to.with(|route| (route.bundle() != bundle).then_some("external"));
    view! { <a href=href rel=rel>{children()}</a> }
}

/// Goes to pages from event handlers and effects. Get one with [`use_navigator`] while a
/// component is created.
#[derive(Clone)]
pub struct Navigator {
    bundle: Bundle,
    navigate: Navigate,
    toasts: Option<Toasts>,
}

/// The router's navigation function.
type Navigate = Arc<dyn Fn(&str, NavigateOptions) + Send + Sync>;

/// A [`Navigator`] for the current router.
pub fn use_navigator() -> Navigator {
    Navigator { bundle: here(), navigate: Arc::new(use_navigate()), toasts: use_context::<Toasts>() }
}

impl Navigator {
    /// Opens `route`, adding it to the history.
    pub fn go(&self, route: &Route) {
        self.open(route, false);
    }

    /// Opens `route` in place of the current page in the history.
    pub fn replace(&self, route: &Route) {
        self.open(route, true);
    }

    fn open(&self, route: &Route, replace: bool) {
        if route.bundle() == self.bundle {
            (self.navigate)(&route.href(), NavigateOptions { replace, ..Default::default() });
        } else {
            // The toast that announced what brought us here stays readable on the next page.
            if let Some(toasts) = self.toasts {
                toasts.keep_for_next_page();
            }
            load(route, replace);
        }
    }
}

/// Sends the visitor to `route` at once, in place of the current page (for guards).
#[component]
pub fn RedirectTo(to: Route) -> impl IntoView {
    if is_here(&to) {
        view! { <Redirect path=to.href()/> }.into_any()
    } else {
        load(&to, true);
        ().into_any()
    }
}

/// A normal page load of `route` (another bundle, or a page the server renders).
fn load(route: &Route, replace: bool) {
    if let Some(window) = web_sys::window() {
        let location = window.location();
        let href = route.href();
        let _ = if replace { location.replace(&href) } else { location.assign(&href) };
    }
}

//! An organization's pages: `/organization` (its members; its owner removes members and
//! invites by e-mail), `/invitations` (the invitations sent to my e-mail) and
//! `/invitations/:id` (an e-mailed link: its single-use token is in the fragment,
//! `#token=…`, which the server never sees).

use api_types::{
    AcceptInvitationRequest, CreateInvitationRequest, ErrorCode, Invitation, Member, MemberRole, Organization,
    PageQuery, Route,
};
use callstar_web::api::Remote;
use callstar_web::components::field::TextField;
use callstar_web::components::instant_call::Avatar;
use callstar_web::components::status::Empty;
use callstar_web::contexts::session::{Session, Status};
use callstar_web::contexts::toasts::{ToastKind, Toasts};
use callstar_web::errors::error_message;
use callstar_web::format;
use callstar_web::i18n::{Locale, t_string, use_i18n};
use callstar_web::nav::{Link, current_route, use_navigator};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::I18nContext;
use uuid::Uuid;

/// `/organization`.
#[component]
pub fn OrganizationPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let org = Remote::new(move || Some(session.api.my_organization()));
    view! {
        <div class="container narrow">
            {move || match org.get() {
                // Not a member: say so rather than show an error.
                Some(Err(err)) if matches!(err.code(), Some(ErrorCode::NotInOrganization | ErrorCode::NotFound)) => view! {
                    <Empty title=Signal::derive(move || t_string!(i18n, organization.none).to_owned())
                        hint=Signal::derive(move || t_string!(i18n, organization.none_hint).to_owned())/>
                    <Link to=Route::Invitations attr:class="btn btn-secondary">{move || t_string!(i18n, organization.invitations)}</Link>
                }.into_any(),
                _ => org.view(|org| view! { <Members org=org/> }.into_any()).into_any(),
            }}
        </div>
    }
}

#[component]
fn Members(org: Organization) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let id = org.id;
    let owner = org.is_owner;
    let members = Remote::new(move || Some(session.api.members(id, PageQuery { page: 1, per_page: 100 })));
    let remove = Callback::new(move |member: Member| {
        spawn_local(async move {
            match session.api.remove_member(id, member.user_id).await {
                Ok(()) => {
                    toasts.push(ToastKind::Success, t_string!(i18n, organization.removed, name = member.name));
                    members.refetch();
                }
                Err(err) => toasts.push(ToastKind::Error, error_message(i18n, &err)),
            }
        });
    });
    let (staff, clients) = (org.staff_count, org.client_count);
    view! {
        <header class="page-header">
            <div>
                <h1>{org.name.clone()}</h1>
                <p class="muted">{move || t_string!(i18n, organization.counts, staff = staff, clients = clients)}</p>
            </div>
        </header>
        {owner.then(|| view! { <Invite organization=id/> })}
        <h2>{move || t_string!(i18n, organization.members)}</h2>
        {members.view(move |page| view! {
            <ul class="people">
                {page.items.into_iter().map(|member| {
                    let removable = owner && !member.is_owner;
                    let gone = member.clone();
                    view! {
                        <li class="card person" data-testid="member">
                            <Avatar name=member.name.clone() picture=None/>
                            <div class="person-text">
                                <strong>{member.name.clone()}</strong>
                                <span class="muted small">{member.email.clone()} {member.company.clone().map(|c| format!(" · {c}"))}</span>
                            </div>
                            <span class="badge">{move || role_label(i18n, member.role)}</span>
                            {member.is_owner.then(|| view! { <span class="badge badge-accent">{move || t_string!(i18n, organization.owner)}</span> })}
                            {removable.then(|| view! {
                                <button type="button" class="btn btn-ghost btn-sm" on:click=move |_| remove.run(gone.clone())>
                                    {move || t_string!(i18n, organization.remove)}
                                </button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }.into_any())}
    }
}

/// The owner's invitation form.
#[component]
fn Invite(organization: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let email = RwSignal::new(String::new());
    let company = RwSignal::new(String::new());
    let role = RwSignal::new("client".to_owned());
    let error = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = CreateInvitationRequest {
            email: email.get_untracked().trim().to_owned(),
            role: role.get_untracked(),
            company: Some(company.get_untracked().trim().to_owned()).filter(|c| !c.is_empty()),
        };
        sending.set(true);
        spawn_local(async move {
            match session.api.invite(organization, &body).await {
                Ok(sent) => {
                    error.set(None);
                    email.set(String::new());
                    company.set(String::new());
                    toasts.push(ToastKind::Success, t_string!(i18n, organization.invited, email = sent.email));
                }
                Err(err) => error.set(Some(error_message(i18n, &err))),
            }
            sending.set(false);
        });
    };
    view! {
        <section class="card">
            <h2>{move || t_string!(i18n, organization.invite_title)}</h2>
            <form on:submit=submit novalidate data-testid="invite-form">
                <TextField id="invite-email" kind="email" label=Signal::derive(move || t_string!(i18n, auth.email).to_owned()) value=email error=error/>
                <div class="field">
                    <label for="invite-role">{move || t_string!(i18n, organization.role)}</label>
                    <select id="invite-role" on:change=move |ev| role.set(event_target_value(&ev))>
                        <option value="client">{move || t_string!(i18n, organization.role_client)}</option>
                        <option value="staff">{move || t_string!(i18n, organization.role_staff)}</option>
                    </select>
                </div>
                <TextField id="invite-company" label=Signal::derive(move || t_string!(i18n, organization.company).to_owned()) value=company error=Signal::derive(|| None::<String>)/>
                <button type="submit" class="btn btn-primary" disabled=sending>{move || t_string!(i18n, organization.send)}</button>
            </form>
        </section>
    }
}

/// `/invitations`: the invitations sent to my e-mail.
#[component]
pub fn InvitationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let list = Remote::new(move || Some(session.api.my_invitations()));
    view! {
        <div class="container narrow">
            <header class="page-header"><h1>{move || t_string!(i18n, organization.invitations)}</h1></header>
            {list.view(move |list| if list.invitations.is_empty() {
                view! {
                    <Empty title=Signal::derive(move || t_string!(i18n, organization.no_invitations).to_owned())
                        hint=Signal::derive(move || t_string!(i18n, organization.no_invitations_hint).to_owned())/>
                }.into_any()
            } else {
                list.invitations.into_iter().map(|invitation| view! { <Offer invitation=invitation token=None/> }).collect_view().into_any()
            })}
        </div>
    }
}

/// `/invitations/:id#token=…`: accept with my account, or (signed out) join with a new one.
#[component]
pub fn InvitationPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let id = match current_route() {
        Some(Route::Invitation(id)) => Some(id),
        _ => None,
    };
    let token = fragment_token();
    view! {
        <div class="container narrow">
            {move || match (session.status.get(), id) {
                (_, None) => view! { <p class="alert alert-error">{move || t_string!(i18n, errors.not_found)}</p> }.into_any(),
                (Status::Checking, _) => ().into_any(),
                (Status::SignedIn, Some(id)) => view! { <AcceptMine id=id token=token.clone()/> }.into_any(),
                (Status::SignedOut, Some(id)) => view! { <JoinWithNewAccount id=id token=token.clone()/> }.into_any(),
            }}
        </div>
    }
}

/// The signed-in side of an e-mailed link: the invitation if it is addressed to me, else a
/// plain accept button (the token proves the link).
#[component]
fn AcceptMine(id: Uuid, token: Option<String>) -> impl IntoView {
    let session = expect_context::<Session>();
    let list = Remote::new(move || Some(session.api.my_invitations()));
    list.view(move |list| match list.invitations.into_iter().find(|i| i.id == id) {
        Some(invitation) => view! { <Offer invitation=invitation token=token.clone()/> }.into_any(),
        None => view! { <AcceptButton id=id token=token.clone()/> }.into_any(),
    })
}

/// One invitation and its accept button.
#[component]
fn Offer(invitation: Invitation, token: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let zone = session.time_zone();
    let until = invitation.expires_at;
    let (who, org, role) = (invitation.invited_by.clone(), invitation.organization_name.clone(), invitation.role);
    view! {
        <section class="card" data-testid="invitation">
            <p>{move || t_string!(i18n, organization.invited_by, name = who.clone(), organization = org.clone(), role = role_label(i18n, role))}</p>
            <p class="muted small">{move || t_string!(i18n, organization.valid_until, date = format::date_time(&until, i18n.get_locale(), &zone))}</p>
            <AcceptButton id=invitation.id token=token/>
        </section>
    }
}

#[component]
fn AcceptButton(id: Uuid, token: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let busy = RwSignal::new(false);
    let accept = move |_| {
        busy.set(true);
        let body = AcceptInvitationRequest { token: token.clone(), ..Default::default() };
        spawn_local(async move {
            match session.api.accept_invitation(id, &body).await {
                Ok(joined) => {
                    toasts.push(
                        ToastKind::Success,
                        t_string!(i18n, organization.joined, organization = joined.organization.name),
                    );
                    // A page load, so the shell learns the membership (the call button, the ringing).
                    if let Some(window) = web_sys::window() {
                        let _ = window.location().assign(&Route::Organization.href());
                    }
                }
                Err(err) => {
                    toasts.push(ToastKind::Error, error_message(i18n, &err));
                    busy.set(false);
                }
            }
        });
    };
    view! {
        <button type="button" class="btn btn-primary" disabled=busy on:click=accept>{move || t_string!(i18n, organization.accept)}</button>
    }
}

/// Signed out: the invited e-mail gets a new account, then logs in.
#[component]
fn JoinWithNewAccount(id: Uuid, token: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let navigator = use_navigator();
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = AcceptInvitationRequest {
            token: token.clone(),
            name: Some(name.get_untracked()),
            password: Some(password.get_untracked()),
        };
        spawn_local(async move {
            match session.api.accept_invitation(id, &body).await {
                Ok(_) => done.set(true),
                Err(err) => error.set(Some(error_message(i18n, &err))),
            }
        });
    };
    let to_login = move |_| navigator.go(&Route::Login { next: Some(Route::Organization.href()) });
    view! {
        <section class="card form-card">
            <h1>{move || t_string!(i18n, organization.join_title)}</h1>
            <Show when=move || !done.get() fallback=move || view! {
                <p class="alert alert-success">{move || t_string!(i18n, organization.account_ready)}</p>
                <button type="button" class="btn btn-primary" on:click=to_login.clone()>{move || t_string!(i18n, nav.login)}</button>
            }>
                <p class="muted">{move || t_string!(i18n, organization.join_hint)}</p>
                <form on:submit=submit.clone() novalidate>
                    <div class="alert alert-error" role="alert" hidden=move || error.with(Option::is_none)>{move || error.get().unwrap_or_default()}</div>
                    <TextField id="name" autocomplete="name" label=Signal::derive(move || t_string!(i18n, auth.name).to_owned()) value=name error=Signal::derive(|| None::<String>)/>
                    <TextField id="password" kind="password" autocomplete="new-password" label=Signal::derive(move || t_string!(i18n, auth.password).to_owned()) value=password error=Signal::derive(|| None::<String>)/>
                    <button type="submit" class="btn btn-primary btn-block">{move || t_string!(i18n, organization.join)}</button>
                </form>
                <p class="form-footer">
                    {move || t_string!(i18n, organization.have_account)} " "
                    <Link to=Route::Login { next: None }>{move || t_string!(i18n, nav.login)}</Link>
                </p>
            </Show>
        </section>
    }
}

/// The token of an e-mailed link, from the address's fragment (`#token=…`).
fn fragment_token() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let token = hash.strip_prefix("#token=")?;
    (!token.is_empty()).then(|| token.to_owned())
}

fn role_label(i18n: I18nContext<Locale>, role: MemberRole) -> &'static str {
    match role {
        MemberRole::Staff => t_string!(i18n, organization.role_staff),
        MemberRole::Client => t_string!(i18n, organization.role_client),
    }
}

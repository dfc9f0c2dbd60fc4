//! The service's read models as the API's wire types (`api-types`). Conversions only: every
//! value was decided by the service and the domain; nothing here derives a rule.

mod fans;
mod planning;

pub(crate) use fans::*;
pub(crate) use planning::*;

use api_types as wire;
use domain::booking::{BookingStatus, CancelledBy, OfferStatus};
use domain::instant_call::{CallCounts, CallStatus, InitiatedBy};
use domain::ledger::{EntryKind, PayoutActor, PayoutOrigin, PayoutSchedule, PayoutStatus, PayoutWeekday};
use domain::organization::{InvitationStatus, MemberRole};
use domain::{Locale, Role};
use service::accounts::Account;
use service::bookings::{Booking, Party};
use service::call_logs::CallLog;
use service::calls::{Call, Changed, Person, Placed};
use service::creators::Creator;
use service::events::Message;
use service::jobs::{Job, JobRun};
use service::notifications::Notification;
use service::offers::Offer;
use service::organizations::{Accepted, Contact, Invitation, Member, Organization};
use service::outbox::Email;
use service::realtime::Ticket;
use service::system_logs::LogEntry;

/// A page of a list, as every list answers it.
pub(crate) fn page<T, U>(items: Vec<T>, page: domain::PageRequest, total: u64, f: impl FnMut(T) -> U) -> wire::Page<U> {
    wire::Page { items: items.into_iter().map(f).collect(), page: page.page(), per_page: page.per_page(), total }
}

pub(crate) fn role(role: Role) -> wire::Role {
    match role {
        Role::User => wire::Role::User,
        Role::Creator => wire::Role::Creator,
        Role::Admin => wire::Role::Admin,
    }
}

pub(crate) fn locale(locale: Locale) -> wire::Locale {
    match locale {
        Locale::En => wire::Locale::En,
        Locale::Fr => wire::Locale::Fr,
    }
}

pub(crate) fn user(account: Account) -> wire::User {
    wire::User {
        id: account.id,
        email: account.email,
        name: account.name,
        role: role(account.role),
        locale: locale(account.locale),
        timezone: account.timezone.name().to_owned(),
        created_at: account.created_at,
        has_password: account.has_password,
    }
}

fn offer_status(status: OfferStatus) -> wire::OfferStatus {
    match status {
        OfferStatus::Available => wire::OfferStatus::Available,
        OfferStatus::Booked => wire::OfferStatus::Booked,
        OfferStatus::Completed => wire::OfferStatus::Completed,
        OfferStatus::Cancelled => wire::OfferStatus::Cancelled,
    }
}

fn booking_status(status: BookingStatus) -> wire::BookingStatus {
    match status {
        BookingStatus::Pending => wire::BookingStatus::Pending,
        BookingStatus::Confirmed => wire::BookingStatus::Confirmed,
        BookingStatus::Completed => wire::BookingStatus::Completed,
        BookingStatus::Cancelled => wire::BookingStatus::Cancelled,
        BookingStatus::NoShow => wire::BookingStatus::NoShow,
    }
}

fn cancelled_by(by: CancelledBy) -> wire::CancelledBy {
    match by {
        CancelledBy::Guest => wire::CancelledBy::Guest,
        CancelledBy::Host => wire::CancelledBy::Host,
        CancelledBy::System => wire::CancelledBy::System,
        CancelledBy::Payment => wire::CancelledBy::Payment,
    }
}

pub(crate) fn offer(offer: Offer) -> wire::CallOffer {
    wire::CallOffer {
        id: offer.id,
        creator_id: offer.creator_id,
        ends_at: offer.ends_at(),
        creator_name: offer.host_name,
        title: offer.title,
        description: offer.description,
        price: offer.price.amount(),
        currency: offer.price.currency().code().to_owned(),
        date_time: offer.starts_at,
        duration: offer.duration.as_minutes(),
        status: offer_status(offer.status),
    }
}

fn participant(id: uuid::Uuid, party: &Party) -> wire::Participant {
    wire::Participant { id, name: party.name.clone() }
}

pub(crate) fn booking(booking: Booking) -> wire::Booking {
    wire::Booking {
        id: booking.id,
        status: booking_status(booking.status),
        user: participant(booking.guest.user_id, &booking.guest),
        creator: participant(booking.offer.creator_id, &booking.host),
        total_price: booking.price.amount(),
        currency: booking.price.currency().code().to_owned(),
        hold_expires_at: booking.hold_expires_at(),
        starts_at: booking.starts_at,
        ends_at: booking.ends_at,
        join_opens_at: booking.times().opens_at(),
        can_cancel: booking.can_cancel,
        is_test_booking: booking.is_test,
        created_at: booking.created_at,
        confirmed_at: booking.confirmed_at,
        cancelled_at: booking.cancelled_at,
        // A pending booking past its hold is cancelled by the system, swept or not.
        cancelled_by: (booking.status == BookingStatus::Cancelled)
            .then(|| cancelled_by(booking.state.cancelled_by.unwrap_or(CancelledBy::System))),
        cancel_reason: booking.cancel_reason,
        reviewed: booking.reviewed,
        can_review: booking.can_review,
        call_offer: offer(booking.offer),
    }
}

pub(crate) fn creator(creator: Creator, with_stripe: bool, test_mode: bool) -> wire::CreatorProfile {
    let stripe = creator.stripe;
    wire::CreatorProfile {
        id: creator.id,
        user_id: creator.user_id,
        name: creator.name,
        bio: creator.bio,
        expertise: creator.expertise,
        profile_image: creator.profile_image,
        social_links: creator.social_links,
        currency: creator.currency.code().to_owned(),
        timezone: creator.timezone.name().to_owned(),
        available_offers: creator.available_offers,
        average_rating: creator.rating.average(),
        review_count: creator.rating.count,
        stripe: with_stripe.then_some(wire::StripeAccountStatus {
            connected: stripe.connected,
            charges_enabled: stripe.charges_enabled,
            payouts_enabled: stripe.payouts_enabled,
            details_submitted: stripe.details_submitted,
            default_currency: stripe.default_currency,
            test_mode,
        }),
    }
}

pub(crate) fn notification(n: Notification) -> wire::Notification {
    wire::Notification {
        id: n.id,
        notification_type: n.notification_type.as_str().to_owned(),
        title: n.title,
        message: n.message,
        link: n.link,
        read: n.read,
        created_at: n.created_at,
    }
}

pub(crate) fn call_log(log: CallLog) -> wire::CallLog {
    wire::CallLog {
        id: log.id,
        booking_id: log.booking_id,
        log_type: format!("CALL_{}", log.event),
        actor: log.actor.as_str().to_owned(),
        actor_id: log.actor_id,
        message: log.message,
        metadata: log.metadata,
        created_at: log.occurred_at,
    }
}

pub(crate) fn job_run(run: JobRun) -> wire::JobRun {
    wire::JobRun {
        id: run.id,
        job: run.job,
        trigger: run.trigger.as_str().to_owned(),
        runner: run.runner,
        started_at: run.started_at,
        finished_at: run.finished_at,
        outcome: run.outcome.as_str().to_owned(),
        counts: run.counts,
        error: run.error,
    }
}

pub(crate) fn job(job: &dyn Job, last_run: Option<JobRun>) -> wire::JobInfo {
    wire::JobInfo {
        name: job.name().to_owned(),
        description: job.description().to_owned(),
        every_seconds: job.every().num_seconds(),
        last_run: last_run.map(job_run),
    }
}

pub(crate) fn email_summary(email: &Email) -> wire::EmailSummary {
    wire::EmailSummary {
        id: email.id,
        to: email.to.clone(),
        subject: email.subject.clone(),
        template: email.template.clone(),
        locale: email.locale.as_str().to_owned(),
        status: email.status.as_str().to_owned(),
        attempts: email.attempts,
        next_attempt_at: email.next_attempt_at,
        provider_id: email.provider_id.clone(),
        error: email.error.clone(),
        created_at: email.created_at,
        sent_at: email.sent_at,
    }
}

pub(crate) fn email_detail(email: Email) -> wire::EmailDetail {
    wire::EmailDetail {
        summary: email_summary(&email),
        has_calendar: email.has_calendar,
        html: email.html,
        text: email.text,
        metadata: email.metadata,
    }
}

pub(crate) fn log_entry(entry: LogEntry) -> wire::SystemLogEntry {
    wire::SystemLogEntry {
        id: entry.id,
        level: entry.level.as_str().to_owned(),
        log_type: entry.log_type,
        actor: entry.actor.as_str().to_owned(),
        actor_id: entry.actor_id,
        message: entry.message,
        metadata: entry.metadata,
        created_at: entry.created_at,
    }
}

pub(crate) fn call_access(access: service::video::CallAccess) -> wire::CallTokenResponse {
    wire::CallTokenResponse {
        video_enabled: access.token.is_some(),
        token: access.token,
        room_url: access.room_url,
        expires_at: access.expires_at,
        is_owner: access.is_owner,
        starts_at: access.times.start,
        ends_at: access.times.end,
    }
}

pub(crate) fn intent(intent: service::payments::Intent) -> wire::CreateIntentResponse {
    wire::CreateIntentResponse {
        client_secret: intent.client_secret,
        publishable_key: intent.publishable_key,
        amount: intent.amount.amount(),
        currency: intent.amount.currency().code().to_owned(),
        is_test_booking: intent.is_test_booking,
        booking: booking(intent.booking),
    }
}

pub(crate) fn payment_config(config: service::payments::PaymentConfig) -> wire::PaymentConfig {
    wire::PaymentConfig {
        test_mode: config.test_mode,
        publishable_key: config.publishable_key,
        platform_fee_percent: config.platform_fee_percent,
        booking_hold_minutes: config.booking_hold_minutes,
    }
}

fn amount(minor: i64, currency: domain::money::Currency) -> rust_decimal::Decimal {
    domain::money::Money::from_minor(minor, currency).amount()
}

pub(crate) fn payout_balance(balance: service::ledger::CreatorBalance) -> wire::PayoutBalance {
    let currency = balance.currency;
    let b = balance.balance;
    wire::PayoutBalance {
        currency: currency.code().to_owned(),
        pending: amount(b.pending, currency),
        available: amount(b.available, currency),
        in_flight: amount(b.in_flight, currency),
        debt: amount(b.debt, currency),
        releases: b
            .releases
            .into_iter()
            .map(|(release_at, minor)| wire::Release { amount: amount(minor, currency), release_at })
            .collect(),
    }
}

fn entry_kind(kind: EntryKind) -> wire::LedgerEntryKind {
    match kind {
        EntryKind::Earning => wire::LedgerEntryKind::Earning,
        EntryKind::Refund => wire::LedgerEntryKind::Refund,
        EntryKind::DisputeOpened => wire::LedgerEntryKind::DisputeOpened,
        EntryKind::DisputeWon => wire::LedgerEntryKind::DisputeWon,
        EntryKind::DisputeLost => wire::LedgerEntryKind::DisputeLost,
        EntryKind::Payout => wire::LedgerEntryKind::Payout,
        EntryKind::PayoutPaid => wire::LedgerEntryKind::PayoutPaid,
        EntryKind::PayoutFailed => wire::LedgerEntryKind::PayoutFailed,
        EntryKind::PayoutRejected => wire::LedgerEntryKind::PayoutRejected,
        EntryKind::DebtDeduction => wire::LedgerEntryKind::DebtDeduction,
        EntryKind::Adjustment => wire::LedgerEntryKind::Adjustment,
    }
}

pub(crate) fn ledger_entry(entry: service::ledger::LedgerEntry) -> wire::LedgerEntry {
    wire::LedgerEntry {
        id: entry.id,
        kind: entry_kind(entry.kind),
        amount: entry.amount.amount(),
        currency: entry.amount.currency().code().to_owned(),
        booking_id: entry.booking_id,
        payout_id: entry.payout_id,
        release_at: entry.release_at,
        reason: entry.reason,
        created_at: entry.created_at,
    }
}

fn weekday(day: PayoutWeekday) -> wire::Weekday {
    match day {
        PayoutWeekday::Monday => wire::Weekday::Monday,
        PayoutWeekday::Tuesday => wire::Weekday::Tuesday,
        PayoutWeekday::Wednesday => wire::Weekday::Wednesday,
        PayoutWeekday::Thursday => wire::Weekday::Thursday,
        PayoutWeekday::Friday => wire::Weekday::Friday,
        PayoutWeekday::Saturday => wire::Weekday::Saturday,
        PayoutWeekday::Sunday => wire::Weekday::Sunday,
    }
}

pub(crate) fn payout_settings(view: service::payouts::SettingsView) -> wire::PayoutSettings {
    wire::PayoutSettings {
        schedule: match view.settings.schedule {
            PayoutSchedule::Daily => wire::PayoutSchedule::Daily,
            PayoutSchedule::Weekly => wire::PayoutSchedule::Weekly,
            PayoutSchedule::Manual => wire::PayoutSchedule::Manual,
        },
        minimum: amount(view.settings.minimum_minor, view.currency),
        weekly_day: weekday(view.settings.weekday),
        currency: view.currency.code().to_owned(),
        next_payout_at: view.next_payout_at,
        blocked: view.block.is_some(),
        block_reason: view.block_reason,
        skip_reason: view.skip_reason.map(|r| r.as_str().to_owned()),
    }
}

fn payout_status(status: PayoutStatus) -> wire::PayoutStatus {
    match status {
        PayoutStatus::Requested => wire::PayoutStatus::Requested,
        PayoutStatus::Approved => wire::PayoutStatus::Approved,
        PayoutStatus::Processing => wire::PayoutStatus::Processing,
        PayoutStatus::Paid => wire::PayoutStatus::Paid,
        PayoutStatus::Failed => wire::PayoutStatus::Failed,
        PayoutStatus::Rejected => wire::PayoutStatus::Rejected,
    }
}

pub(crate) fn payout(p: service::payouts::Payout) -> wire::Payout {
    wire::Payout {
        id: p.id,
        amount: p.amount.amount(),
        currency: p.amount.currency().code().to_owned(),
        status: payout_status(p.status),
        origin: match p.origin {
            PayoutOrigin::Schedule => wire::PayoutOrigin::Schedule,
            PayoutOrigin::Request => wire::PayoutOrigin::Request,
        },
        is_test: p.is_test,
        requested_at: p.requested_at,
        approved_at: p.approved_at,
        sent_at: p.sent_at,
        paid_at: p.paid_at,
        failed_at: p.failed_at,
        rejected_at: p.rejected_at,
        failure_reason: p.failure_reason,
        rejection_reason: p.rejection_reason,
    }
}

pub(crate) fn admin_payout(p: service::payouts::Payout) -> wire::AdminPayout {
    wire::AdminPayout {
        creator_id: p.creator_id,
        creator_name: p.creator_name.clone(),
        stripe_payout_id: p.stripe_payout_id.clone(),
        skip_reason: p.skip_reason.map(|r| r.as_str().to_owned()),
        attempts: p.attempts,
        last_error: p.last_error.clone(),
        payout: payout(p),
    }
}

pub(crate) fn payout_audit(entry: service::payouts::AuditEntry) -> wire::PayoutAuditEntry {
    wire::PayoutAuditEntry {
        id: entry.id,
        actor: match entry.actor {
            PayoutActor::Creator => wire::PayoutActor::Creator,
            PayoutActor::Admin => wire::PayoutActor::Admin,
            PayoutActor::System => wire::PayoutActor::System,
            PayoutActor::Stripe => wire::PayoutActor::Stripe,
        },
        actor_id: entry.actor_id,
        actor_name: entry.actor_name,
        from: entry.from.map(payout_status),
        to: payout_status(entry.to),
        reason: entry.reason,
        at: entry.at,
    }
}

pub(crate) fn admin_payment(p: service::payments::admin::Payment) -> wire::AdminPayment {
    wire::AdminPayment {
        id: p.id,
        booking_id: p.booking_id,
        amount: p.amount.amount(),
        currency: p.amount.currency().code().to_owned(),
        platform_fee: p.platform_fee.amount(),
        creator_amount: p.creator_amount.amount(),
        refunded_amount: p.refunded.amount(),
        status: p.status.as_str().to_owned(),
        is_test: p.is_test,
        payment_intent_id: p.payment_intent_id,
        release_at: p.release_at,
        created_at: p.created_at,
    }
}

pub(crate) fn admin_refund(r: service::refunds::Refund) -> wire::AdminRefund {
    wire::AdminRefund {
        id: r.id,
        payment_id: r.payment_id,
        booking_id: r.booking_id,
        amount: r.amount.amount(),
        currency: r.amount.currency().code().to_owned(),
        creator_share: r.creator_share.amount(),
        reason: r.reason.as_str().to_owned(),
        status: r.status.as_str().to_owned(),
        is_test: r.is_test,
        attempts: r.attempts,
        next_attempt_at: r.next_attempt_at,
        stripe_refund_id: r.stripe_refund_id,
        error: r.error,
        created_at: r.created_at,
        sent_at: r.sent_at,
    }
}

pub(crate) fn admin_dispute(d: service::payments::admin::Dispute) -> wire::AdminDispute {
    wire::AdminDispute {
        id: d.id,
        payment_id: d.payment_id,
        stripe_dispute_id: d.stripe_dispute_id,
        amount: d.amount.amount(),
        currency: d.amount.currency().code().to_owned(),
        reason: d.reason,
        status: d.status.as_str().to_owned(),
        created_at: d.created_at,
    }
}

pub(crate) fn member_role(role: MemberRole) -> wire::MemberRole {
    match role {
        MemberRole::Staff => wire::MemberRole::Staff,
        MemberRole::Client => wire::MemberRole::Client,
    }
}

/// An organization as `viewer` sees it.
pub(crate) fn organization(org: Organization, viewer: uuid::Uuid) -> wire::Organization {
    wire::Organization {
        id: org.id,
        is_owner: org.owner_id == viewer,
        owner_id: org.owner_id,
        name: org.name,
        my_role: member_role(org.my_role),
        staff_count: org.staff_count,
        client_count: org.client_count,
        created_at: org.created_at,
    }
}

pub(crate) fn member(member: Member) -> wire::Member {
    wire::Member {
        user_id: member.user_id,
        name: member.name,
        email: member.email,
        role: member_role(member.role),
        company: member.company,
        is_owner: member.is_owner,
        joined_at: member.joined_at,
    }
}

pub(crate) fn invitation(invitation: Invitation) -> wire::Invitation {
    wire::Invitation {
        id: invitation.id,
        organization_id: invitation.organization_id,
        organization_name: invitation.organization_name,
        email: invitation.email,
        role: member_role(invitation.role),
        company: invitation.company,
        invited_by: invitation.invited_by,
        status: match invitation.status {
            InvitationStatus::Pending => wire::InvitationStatus::Pending,
            InvitationStatus::Accepted => wire::InvitationStatus::Accepted,
            InvitationStatus::Expired => wire::InvitationStatus::Expired,
        },
        created_at: invitation.created_at,
        expires_at: invitation.expires_at,
    }
}

pub(crate) fn accepted(accepted: Accepted) -> wire::AcceptedInvitation {
    wire::AcceptedInvitation {
        organization: organization(accepted.organization, accepted.account.id),
        account_created: accepted.account_created,
        user: user(accepted.account),
    }
}

pub(crate) fn contact(contact: Contact) -> wire::Contact {
    wire::Contact {
        id: contact.id,
        name: contact.name,
        email: contact.email,
        avatar: contact.avatar,
        company: wire::Company { company_name: contact.company },
        busy: contact.busy,
    }
}

fn call_status(status: CallStatus) -> wire::CallStatus {
    match status {
        CallStatus::Initiated => wire::CallStatus::Initiated,
        CallStatus::Ringing => wire::CallStatus::Ringing,
        CallStatus::Answered => wire::CallStatus::Answered,
        CallStatus::Ended => wire::CallStatus::Ended,
        CallStatus::Missed => wire::CallStatus::Missed,
        CallStatus::Declined => wire::CallStatus::Declined,
    }
}

fn initiated_by(side: InitiatedBy) -> wire::InitiatedBy {
    match side {
        InitiatedBy::Client => wire::InitiatedBy::Client,
        InitiatedBy::Staff => wire::InitiatedBy::Staff,
    }
}

fn call_party(person: &Person) -> wire::CallParty {
    wire::CallParty { id: person.id, name: person.name.clone(), avatar: person.avatar.clone() }
}

pub(crate) fn video_call(call: &Call) -> wire::VideoCall {
    wire::VideoCall {
        id: call.id,
        room_name: call.room_name.clone(),
        room_url: call.room_url.clone(),
        status: call_status(call.status),
        initiated_by: initiated_by(call.initiated_by),
        started_at: call.started_at,
        ringing_at: call.ringing_at,
        rings_until: call.rings_until,
        answered_at: call.answered_at,
        ended_at: call.ended_at,
        duration: call.duration,
        recording_url: call.recording_url.clone(),
        staff: call_party(&call.staff),
        client: call_party(&call.client),
    }
}

/// The seed's answer of `POST /api/daily/create-room`.
pub(crate) fn created_room(placed: Placed) -> wire::CreateRoomResponse {
    let call = placed.call;
    wire::CreateRoomResponse {
        success: true,
        video_enabled: call.room_url.is_some(),
        expires_at: call.expires_at().timestamp(),
        room_url: call.room_url,
        room_name: call.room_name,
        call_id: call.id,
        staff_name: call.staff.name,
        client_name: call.client.name,
        token: placed.token,
    }
}

pub(crate) fn created_call(placed: Placed) -> wire::CreatedCall {
    wire::CreatedCall { call: video_call(&placed.call), token: placed.token }
}

pub(crate) fn updated_call(changed: Changed) -> wire::UpdatedCall {
    wire::UpdatedCall { success: true, call: video_call(&changed.call), token: changed.token }
}

pub(crate) fn call_page(calls: Vec<Call>, page: domain::PageRequest, total: u64) -> wire::VideoCallPage {
    wire::VideoCallPage {
        calls: calls.iter().map(video_call).collect(),
        page: page.page(),
        per_page: page.per_page(),
        total,
    }
}

pub(crate) fn call_stats(counts: CallCounts) -> wire::CallStats {
    wire::CallStats {
        total: counts.total,
        answered: counts.answered,
        missed: counts.missed,
        declined: counts.declined,
        cancelled: counts.cancelled,
        answer_rate: counts.answer_rate(),
        average_duration: counts.average_duration(),
    }
}

pub(crate) fn recording_link(link: providers::daily::RecordingLink) -> wire::RecordingLink {
    wire::RecordingLink { download_link: link.download_link, expires_at: link.expires_at }
}

pub(crate) fn ws_ticket(ticket: Ticket) -> wire::WsTicket {
    wire::WsTicket { ticket: ticket.ticket, expires_in: ticket.expires_in }
}

/// A real-time event as its WebSocket message.
pub(crate) fn server_message(message: &Message) -> wire::ServerMessage {
    match message {
        Message::IncomingCall(call) => {
            let caller = call.caller();
            wire::ServerMessage::IncomingCall(wire::IncomingCall {
                call_id: call.id,
                caller_id: caller.id,
                caller_name: caller.name.clone(),
                caller_avatar: caller.avatar.clone(),
                room_url: call.room_url.clone(),
                room_name: call.room_name.clone(),
                initiated_by: initiated_by(call.initiated_by),
                rings_until: call.rings_until.unwrap_or(call.started_at),
            })
        }
        Message::CallStatus(call) => wire::ServerMessage::CallStatus(video_call(call)),
        Message::Notification(n) => wire::ServerMessage::Notification(notification(n.clone())),
        Message::BookingUpdated(change) => wire::ServerMessage::BookingUpdated(wire::BookingUpdated {
            booking_id: change.booking_id,
            status: booking_status(change.status),
        }),
    }
}

//! Fans' and creators' read models as wire types: call requests, reviews, dashboards, the
//! no-show outcome of a call and the call metrics.

use api_types as wire;
use domain::booking::Refund;
use domain::call::CallMetrics;
use domain::call_request::CallRequestStatus;
use domain::money::Money;
use domain::no_show::Absent;
use service::call_logs::NoShowOutcome;
use service::call_requests::{CallRequest, Counts};
use service::dashboards::{CreatorDashboard, FanDashboard};
use service::reviews::Review;

use super::booking;

fn request_status(status: CallRequestStatus) -> wire::CallRequestStatus {
    match status {
        CallRequestStatus::Pending => wire::CallRequestStatus::Pending,
        CallRequestStatus::Accepted => wire::CallRequestStatus::Accepted,
        CallRequestStatus::Rejected => wire::CallRequestStatus::Rejected,
        CallRequestStatus::Expired => wire::CallRequestStatus::Expired,
        CallRequestStatus::Withdrawn => wire::CallRequestStatus::Withdrawn,
    }
}

pub(crate) fn call_request(request: CallRequest) -> wire::CallRequest {
    wire::CallRequest {
        id: request.id,
        creator_id: request.creator_id,
        ends_at: request.ends_at(),
        creator_name: request.creator_name,
        fan: wire::Participant { id: request.fan_id, name: request.fan_name },
        proposed_date_time: request.starts_at,
        duration: request.duration.as_minutes(),
        proposed_price: request.price.amount(),
        currency: request.price.currency().code().to_owned(),
        message: request.message,
        status: request_status(request.status),
        rejection_reason: request.rejection_reason,
        booking_id: request.booking_id,
        call_offer_id: request.offer_id,
        created_at: request.created_at,
        responded_at: request.responded_at,
    }
}

pub(crate) fn request_page(
    items: Vec<CallRequest>,
    page: domain::PageRequest,
    total: u64,
    counts: Counts,
) -> wire::CallRequestPage {
    wire::CallRequestPage {
        items: items.into_iter().map(call_request).collect(),
        page: page.page(),
        per_page: page.per_page(),
        total,
        counts: wire::CallRequestCounts {
            pending: counts.pending,
            accepted: counts.accepted,
            rejected: counts.rejected,
            expired: counts.expired,
            withdrawn: counts.withdrawn,
        },
    }
}

pub(crate) fn review(review: Review) -> wire::Review {
    wire::Review {
        id: review.id,
        booking_id: review.booking_id,
        creator_id: review.creator_id,
        author_name: review.author_name,
        call_title: review.call_title,
        rating: review.rating,
        comment: review.comment,
        created_at: review.created_at,
        answer: review.answer,
        answered_at: review.answered_at,
        hidden_at: review.hidden_at,
        hidden_reason: review.hidden_reason,
    }
}

pub(crate) fn fan_dashboard(dashboard: FanDashboard) -> wire::FanDashboard {
    wire::FanDashboard {
        upcoming_calls: dashboard.upcoming_calls,
        past_calls: dashboard.past_calls,
        pending_requests: dashboard.pending_requests,
        unread_notifications: dashboard.unread_notifications,
        next_call: dashboard.next_call.map(booking),
    }
}

fn amount(money: Money) -> wire::Amount {
    wire::Amount { amount: money.amount(), currency: money.currency().code().to_owned() }
}

pub(crate) fn creator_dashboard(dashboard: CreatorDashboard) -> wire::CreatorDashboard {
    wire::CreatorDashboard {
        upcoming_calls: dashboard.upcoming_calls,
        next_calls: dashboard.next_calls.into_iter().map(booking).collect(),
        pending_requests: dashboard.pending_requests,
        month: wire::MonthFigures {
            from: dashboard.month.from,
            to: dashboard.month.to,
            bookings: dashboard.month.bookings,
            revenue: dashboard.month.revenue.into_iter().map(amount).collect(),
        },
        average_rating: dashboard.rating.average(),
        review_count: dashboard.rating.count,
    }
}

pub(crate) fn no_show(outcome: NoShowOutcome) -> wire::NoShow {
    wire::NoShow {
        absent: match outcome.absent {
            Absent::Host => wire::Absent::Host,
            Absent::Guest => wire::Absent::Guest,
            Absent::Both => wire::Absent::Both,
        },
        refund: match outcome.refund {
            Refund::Full => wire::NoShowRefund::Full,
            Refund::None => wire::NoShowRefund::None,
        },
        refunded_amount: outcome.refunded.amount(),
        currency: outcome.refunded.currency().code().to_owned(),
        settled: outcome.settled,
    }
}

pub(crate) fn call_metrics(
    from: chrono::DateTime<chrono::Utc>,
    to: chrono::DateTime<chrono::Utc>,
    metrics: CallMetrics,
) -> wire::CallMetrics {
    wire::CallMetrics {
        from,
        to,
        calls: metrics.calls,
        completion_rate: metrics.completion_rate,
        no_show_rate: metrics.no_show_rate,
        average_duration_seconds: metrics.average_duration_seconds,
        average_pre_call_seconds: metrics.average_pre_call_seconds,
    }
}

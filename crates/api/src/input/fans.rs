//! Fans' and creators' requests read into domain values: call requests and their answers,
//! reviews, answers and moderation, the creators list's order, and the admins' call-log
//! search and metrics period.

use api_types as wire;
use chrono::{Duration, Utc};
use domain::call::{CallEvent, LogActor};
use domain::call_request::{CallRequestStatus, RequestDraft, RequestFields, rejection_reason};
use domain::input::FieldErrors;
use domain::review::{ReviewDraft, parse_answer, parse_hide_reason};
use service::call_logs::LogSearch;
use service::call_requests::{NewRequest, Perspective, RequestFilter};
use service::creators::CreatorSort;

use super::{Parse, invalid};
use crate::ApiError;

/// The metrics period when none is given: the last 30 days.
const DEFAULT_METRICS_DAYS: i64 = 30;

fn request_status(status: wire::CallRequestStatus) -> CallRequestStatus {
    match status {
        wire::CallRequestStatus::Pending => CallRequestStatus::Pending,
        wire::CallRequestStatus::Accepted => CallRequestStatus::Accepted,
        wire::CallRequestStatus::Rejected => CallRequestStatus::Rejected,
        wire::CallRequestStatus::Expired => CallRequestStatus::Expired,
        wire::CallRequestStatus::Withdrawn => CallRequestStatus::Withdrawn,
    }
}

impl Parse for wire::NewCallRequest {
    type Output = NewRequest;

    fn parse(self) -> Result<NewRequest, ApiError> {
        let fields = RequestFields {
            starts_at: self.proposed_date_time,
            duration: self.duration,
            price: self.proposed_price,
            currency: self.currency.as_deref().filter(|c| !c.trim().is_empty()),
            message: &self.message,
        };
        let draft = RequestDraft::parse(fields, Utc::now()).map_err(invalid)?;
        Ok(NewRequest { creator_id: self.creator_id, draft })
    }
}

impl Parse for wire::CallRequestQuery {
    type Output = RequestFilter;

    fn parse(self) -> Result<RequestFilter, ApiError> {
        let perspective = match self.perspective.as_deref() {
            None | Some("user" | "fan") => Perspective::Fan,
            Some("creator") => Perspective::Creator,
            Some(_) => return Err(invalid(FieldErrors::one("as", "must be user or creator"))),
        };
        Ok(RequestFilter { perspective, status: self.status.map(request_status) })
    }
}

impl Parse for wire::RejectCallRequest {
    type Output = Option<String>;

    fn parse(self) -> Result<Option<String>, ApiError> {
        rejection_reason(self.reason.as_deref()).map_err(|err| invalid(FieldErrors::one("reason", err.to_string())))
    }
}

impl Parse for wire::CreateReviewRequest {
    type Output = ReviewDraft;

    fn parse(self) -> Result<ReviewDraft, ApiError> {
        ReviewDraft::parse(self.rating, self.comment.as_deref()).map_err(invalid)
    }
}

impl Parse for wire::AnswerReviewRequest {
    type Output = String;

    fn parse(self) -> Result<String, ApiError> {
        parse_answer(&self.answer).map_err(invalid)
    }
}

impl Parse for wire::HideReviewRequest {
    type Output = String;

    fn parse(self) -> Result<String, ApiError> {
        parse_hide_reason(&self.reason).map_err(invalid)
    }
}

impl Parse for wire::CreatorQuery {
    type Output = (Option<String>, CreatorSort);

    fn parse(self) -> Result<Self::Output, ApiError> {
        let sort = match self.sort.as_deref().map(str::trim) {
            None | Some("" | "name") => CreatorSort::Name,
            Some("rating") => CreatorSort::Rating,
            Some(_) => return Err(invalid(FieldErrors::one("sort", "must be name or rating"))),
        };
        Ok((self.q, sort))
    }
}

impl Parse for wire::AdminCallLogQuery {
    type Output = LogSearch;

    fn parse(self) -> Result<LogSearch, ApiError> {
        let mut errors = FieldErrors::new();
        let given = |v: Option<String>| v.map(|v| v.trim().to_ascii_uppercase()).filter(|v| !v.is_empty());
        // The log's type is `CALL_<EVENT>` (`CALL_CALL_STARTED`); the event alone is accepted too.
        let event = given(self.event).map(|e| {
            let bare = e.strip_prefix("CALL_").filter(|rest| rest.parse::<CallEvent>().is_ok()).unwrap_or(&e);
            bare.parse::<CallEvent>()
        });
        let event = errors.check_opt("type", event);
        let actor = errors.check_opt("actor", given(self.actor).map(|a| a.parse::<LogActor>()));
        if let (Some(from), Some(to)) = (self.from, self.to)
            && from >= to
        {
            errors.add("to", "must be after from");
        }
        let search = event.zip(actor).map(|(event, actor)| LogSearch {
            event,
            booking_id: self.booking_id,
            actor,
            from: self.from,
            to: self.to,
        });
        errors.finish(search).map_err(invalid)
    }
}

impl Parse for wire::CallMetricsQuery {
    type Output = (chrono::DateTime<Utc>, chrono::DateTime<Utc>);

    fn parse(self) -> Result<Self::Output, ApiError> {
        let to = self.to.unwrap_or_else(Utc::now);
        let from = self.from.unwrap_or(to - Duration::days(DEFAULT_METRICS_DAYS));
        if from >= to {
            return Err(invalid(FieldErrors::one("to", "must be after from")));
        }
        Ok((from, to))
    }
}

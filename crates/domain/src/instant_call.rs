//! Instant calls between the staff and the clients of one organization (seeds 003 and 004):
//! their statuses, the one status machine (who may change a call, from which status, to
//! which), the ring deadline the server enforces, and the figures of a call history.
//!
//! The service applies every change as a [`CallTransition`] with [`CallTransition::sources`]
//! in the UPDATE's `WHERE`, so of two concurrent changes (an accept and a decline) exactly
//! one wins.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::input::FieldErrors;
use crate::organization::MemberRole;

stored_enum! {
    /// Where an instant call stands (the seeds' `CallStatus`).
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
    pub enum CallStatus {
        /// Recorded; the ring has not gone out yet.
        Initiated = "INITIATED",
        /// The callee is being told (their incoming-call event went out).
        Ringing = "RINGING",
        /// The callee accepted; both are (or may be) in the room.
        Answered = "ANSWERED",
        /// Over: hung up after an answer, or cancelled by the caller before one.
        Ended = "ENDED",
        /// Nobody answered within the ring timeout.
        Missed = "MISSED",
        /// The callee declined.
        Declined = "DECLINED",
    }
}

impl CallStatus {
    /// Whether the call still occupies both participants (a new call to either is refused).
    pub fn is_open(self) -> bool {
        matches!(self, Self::Initiated | Self::Ringing | Self::Answered)
    }
}

stored_enum! {
    /// Which side placed the call (the seeds' `initiatedBy`).
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum InitiatedBy {
        /// A client called a staff member.
        Client = "client",
        /// A staff member called a client.
        Staff = "staff",
    }
}

impl InitiatedBy {
    /// The side of a caller with this member role.
    pub fn of(role: MemberRole) -> Self {
        match role {
            MemberRole::Staff => Self::Staff,
            MemberRole::Client => Self::Client,
        }
    }

    /// The member role of the caller.
    pub fn caller_role(self) -> MemberRole {
        match self {
            Self::Staff => MemberRole::Staff,
            Self::Client => MemberRole::Client,
        }
    }
}

/// Who a request to place a call names (the seeds' `staffId` or `clientId`, and
/// `initiatedBy`), checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallTarget {
    /// The caller's side.
    pub initiated_by: InitiatedBy,
    /// The person called (a staff member when a client calls, a client when staff call).
    pub callee: Uuid,
}

impl CallTarget {
    /// Exactly one of `staff_id` (a client calls) and `client_id` (staff call); `initiated_by`,
    /// when given, must agree with it (`client` when calling staff, `staff` when calling a client).
    pub fn parse(
        staff_id: Option<Uuid>,
        client_id: Option<Uuid>,
        initiated_by: Option<&str>,
    ) -> Result<Self, FieldErrors> {
        let (implied, callee) = match (staff_id, client_id) {
            (Some(staff), None) => (InitiatedBy::Client, staff),
            (None, Some(client)) => (InitiatedBy::Staff, client),
            (Some(_), Some(_)) => {
                return Err(FieldErrors::one("staffId", "give either staffId (to call staff) or clientId, not both"));
            }
            (None, None) => {
                return Err(FieldErrors::one("staffId", "give staffId (to call staff) or clientId (to call a client)"));
            }
        };
        let given = initiated_by.map(str::trim).filter(|s| !s.is_empty());
        match given.map(str::parse::<InitiatedBy>) {
            None => Ok(Self { initiated_by: implied, callee }),
            Some(Ok(side)) if side == implied => Ok(Self { initiated_by: implied, callee }),
            Some(Ok(_)) => Err(FieldErrors::one(
                "initiatedBy",
                format!(
                    "must be {implied} when calling {}",
                    if implied == InitiatedBy::Client { "staff (staffId)" } else { "a client (clientId)" }
                ),
            )),
            Some(Err(_)) => Err(FieldErrors::one("initiatedBy", "must be client or staff")),
        }
    }
}

/// How long a call rings before the server marks it missed.
pub const RING_TIMEOUT: Duration = Duration::seconds(30);

/// How long a call's Daily room lives (seed 003: one hour).
pub const ROOM_LIFETIME: Duration = Duration::hours(1);

/// Who changes a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum By {
    /// The participant who placed the call.
    Caller,
    /// The participant being called.
    Callee,
    /// Callstar itself (ringing, the ring deadline).
    Server,
}

/// A change of a call's status: the only way a status changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallTransition {
    /// The incoming-call event went out: INITIATED → RINGING.
    Ring,
    /// The callee accepts: RINGING → ANSWERED.
    Answer,
    /// The callee declines: RINGING → DECLINED.
    Decline,
    /// Nobody answered in time: RINGING → MISSED (and INITIATED → MISSED when the server
    /// stopped before the ring went out).
    Miss,
    /// The caller gives up before an answer: INITIATED or RINGING → ENDED.
    Cancel,
    /// Either participant hangs up: ANSWERED → ENDED.
    End,
}

/// Why a change of a call was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CallRefusal {
    /// The call is not in a status the change starts from.
    #[error("This call is {from} and cannot be {verb}.", verb = .transition.verb())]
    InvalidTransition {
        /// The call's status.
        from: CallStatus,
        /// What was attempted.
        transition: CallTransition,
    },
    /// The change is the other participant's (or the server's) to make.
    #[error("{}", .0.only_by())]
    WrongParty(CallTransition),
    /// A participant asked for MISSED before the ring deadline.
    #[error("The server marks a call missed {secs} seconds after it starts ringing; it is still ringing.", secs = RING_TIMEOUT.num_seconds())]
    StillRinging,
    /// INITIATED and RINGING are set by the server when it places the call.
    #[error("A call rings when it is created; its status cannot be set to {0}.")]
    ServerOnly(CallStatus),
}

impl CallTransition {
    /// Every transition, for exhaustive tests.
    pub const ALL: [Self; 6] = [Self::Ring, Self::Answer, Self::Decline, Self::Miss, Self::Cancel, Self::End];

    /// The status it leads to.
    pub fn target(self) -> CallStatus {
        match self {
            Self::Ring => CallStatus::Ringing,
            Self::Answer => CallStatus::Answered,
            Self::Decline => CallStatus::Declined,
            Self::Miss => CallStatus::Missed,
            Self::Cancel | Self::End => CallStatus::Ended,
        }
    }

    /// The statuses it may start from (the UPDATE's `WHERE status IN (…)`).
    pub fn sources(self) -> &'static [CallStatus] {
        match self {
            Self::Ring => &[CallStatus::Initiated],
            Self::Answer | Self::Decline => &[CallStatus::Ringing],
            Self::Miss | Self::Cancel => &[CallStatus::Initiated, CallStatus::Ringing],
            Self::End => &[CallStatus::Answered],
        }
    }

    /// Who may make it.
    pub fn permits(self, by: By) -> bool {
        match self {
            Self::Ring | Self::Miss => by == By::Server,
            Self::Answer | Self::Decline => by == By::Callee,
            Self::Cancel => by == By::Caller,
            Self::End => matches!(by, By::Caller | By::Callee),
        }
    }

    /// Applies it to a call in status `from`, made by `by`: the new status, or why not.
    pub fn apply(self, from: CallStatus, by: By) -> Result<CallStatus, CallRefusal> {
        if !self.permits(by) {
            return Err(CallRefusal::WrongParty(self));
        }
        if self.sources().contains(&from) {
            Ok(self.target())
        } else {
            Err(CallRefusal::InvalidTransition { from, transition: self })
        }
    }

    /// The change a participant asks for by setting `status` (the seeds'
    /// `PATCH /api/video-calls/{callId}/status`) on a call now in `from`, checked.
    ///
    /// ENDED means "hang up" after an answer and "cancel" before one. MISSED is the
    /// server's decision: a participant's MISSED is applied (as the server's) only once the
    /// ring deadline has passed (`ring_over`), so a browser's own 30-second timer agrees
    /// with the server instead of deciding for it.
    pub fn requested(
        status: CallStatus,
        from: CallStatus,
        by: By,
        ring_over: bool,
    ) -> Result<(Self, CallStatus), CallRefusal> {
        let (transition, acting) = match status {
            CallStatus::Initiated | CallStatus::Ringing => return Err(CallRefusal::ServerOnly(status)),
            CallStatus::Answered => (Self::Answer, by),
            CallStatus::Declined => (Self::Decline, by),
            CallStatus::Ended if from == CallStatus::Answered => (Self::End, by),
            CallStatus::Ended => (Self::Cancel, by),
            CallStatus::Missed if !ring_over && Self::Miss.sources().contains(&from) => {
                return Err(CallRefusal::StillRinging);
            }
            CallStatus::Missed => (Self::Miss, By::Server),
        };
        transition.apply(from, acting).map(|to| (transition, to))
    }

    fn verb(self) -> &'static str {
        match self {
            Self::Ring => "rung",
            Self::Answer => "answered",
            Self::Decline => "declined",
            Self::Miss => "marked missed",
            Self::Cancel => "cancelled",
            Self::End => "ended",
        }
    }

    fn only_by(self) -> &'static str {
        match self {
            Self::Answer => "Only the person called can answer.",
            Self::Decline => "Only the person called can decline.",
            Self::Cancel => "Only the caller can cancel a call that was not answered.",
            Self::End => "Only the two participants can end a call.",
            Self::Ring | Self::Miss => "Only the server rings a call or marks it missed.",
        }
    }
}

/// When an unanswered call becomes missed: `timeout` after it started ringing (or after it
/// was recorded, for a call whose ring never went out).
pub fn missed_at(started_at: DateTime<Utc>, ringing_at: Option<DateTime<Utc>>, timeout: Duration) -> DateTime<Utc> {
    ringing_at.unwrap_or(started_at) + timeout
}

/// Seconds of conversation: from the answer to the end (the seeds' `duration`), never negative.
pub fn talk_seconds(answered_at: DateTime<Utc>, ended_at: DateTime<Utc>) -> i32 {
    i32::try_from((ended_at - answered_at).num_seconds().max(0)).unwrap_or(i32::MAX)
}

/// The counts behind a call history's figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallCounts {
    /// Calls in all.
    pub total: u64,
    /// Calls that were answered (whether or not they have ended).
    pub answered: u64,
    /// Calls nobody answered in time.
    pub missed: u64,
    /// Calls the callee declined.
    pub declined: u64,
    /// Calls the caller cancelled before an answer.
    pub cancelled: u64,
    /// Calls that ended after an answer (those with a duration).
    pub timed: u64,
    /// Their seconds of conversation, summed.
    pub talk_seconds: i64,
}

impl CallCounts {
    /// Answered calls as a percentage of all calls, to one decimal (0 without calls).
    pub fn answer_rate(&self) -> f64 {
        if self.total == 0 {
            return 0.0;
        }
        let per_mille = (self.answered * 1000 + self.total / 2) / self.total;
        #[expect(clippy::cast_precision_loss, reason = "a per-mille value is at most 1000")]
        let rate = per_mille as f64 / 10.0;
        rate
    }

    /// The average conversation of the calls that ended after an answer, in whole seconds
    /// (rounded half up; 0 without such calls).
    pub fn average_duration(&self) -> i64 {
        let timed = i64::try_from(self.timed).unwrap_or(i64::MAX);
        if timed == 0 { 0 } else { (self.talk_seconds + timed / 2) / timed }
    }
}

/// A period of a call history, counted back from now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// The last 24 hours.
    Day,
    /// The last 7 days.
    Week,
    /// The last 30 days.
    Month,
    /// The last 365 days.
    Year,
}

/// The period is not one of the known names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be day, week, month or year")]
pub struct UnknownPeriod;

impl Period {
    /// Reads `day`, `week`, `month` or `year`.
    pub fn parse(input: &str) -> Result<Self, UnknownPeriod> {
        match input.trim() {
            "day" => Ok(Self::Day),
            "week" => Ok(Self::Week),
            "month" => Ok(Self::Month),
            "year" => Ok(Self::Year),
            _ => Err(UnknownPeriod),
        }
    }

    /// Its first instant, seen at `now`.
    pub fn since(self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - match self {
            Self::Day => Duration::days(1),
            Self::Week => Duration::days(7),
            Self::Month => Duration::days(30),
            Self::Year => Duration::days(365),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CallStatus::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_800_000_000 + seconds, 0).unwrap()
    }

    /// Every transition, by everyone, from every status: the table of what is allowed,
    /// written once.
    #[test]
    fn every_allowed_and_forbidden_transition() {
        use CallTransition::*;
        let allowed: &[(CallStatus, CallTransition, By)] = &[
            (Initiated, Ring, By::Server),
            (Ringing, Answer, By::Callee),
            (Ringing, Decline, By::Callee),
            (Initiated, Miss, By::Server),
            (Ringing, Miss, By::Server),
            (Initiated, Cancel, By::Caller),
            (Ringing, Cancel, By::Caller),
            (Answered, End, By::Caller),
            (Answered, End, By::Callee),
        ];
        for from in CallStatus::ALL {
            for transition in CallTransition::ALL {
                for by in [By::Caller, By::Callee, By::Server] {
                    let result = transition.apply(from, by);
                    if allowed.contains(&(from, transition, by)) {
                        assert_eq!(result, Ok(transition.target()), "{from} {transition:?} by {by:?}");
                    } else {
                        assert!(result.is_err(), "{from} {transition:?} by {by:?} must be refused");
                    }
                }
            }
        }
        for status in [Ended, Missed, Declined] {
            assert!(!status.is_open());
            assert!(CallTransition::ALL.iter().all(|t| !t.sources().contains(&status)), "{status} is final");
        }
    }

    #[test]
    fn the_wrong_party_and_the_wrong_status_are_told_apart() {
        assert_eq!(
            CallTransition::Answer.apply(Ringing, By::Caller),
            Err(CallRefusal::WrongParty(CallTransition::Answer))
        );
        let late = CallTransition::Answer.apply(Declined, By::Callee).unwrap_err();
        assert_eq!(late.to_string(), "This call is DECLINED and cannot be answered.");
        assert_eq!(CallRefusal::WrongParty(CallTransition::Answer).to_string(), "Only the person called can answer.");
    }

    #[test]
    fn a_patched_status_becomes_the_right_transition() {
        let ask = |status, from, by, over| CallTransition::requested(status, from, by, over);
        assert_eq!(ask(Answered, Ringing, By::Callee, false), Ok((CallTransition::Answer, Answered)));
        assert_eq!(ask(Declined, Ringing, By::Callee, false), Ok((CallTransition::Decline, Declined)));
        assert_eq!(ask(Ended, Answered, By::Callee, false), Ok((CallTransition::End, Ended)), "hang up");
        assert_eq!(ask(Ended, Ringing, By::Caller, false), Ok((CallTransition::Cancel, Ended)), "cancel");
        assert_eq!(ask(Ended, Ringing, By::Callee, false), Err(CallRefusal::WrongParty(CallTransition::Cancel)));
        assert_eq!(ask(Answered, Ringing, By::Caller, false), Err(CallRefusal::WrongParty(CallTransition::Answer)));
        // MISSED is the server's: before the deadline it is refused, after it applied.
        assert_eq!(ask(Missed, Ringing, By::Callee, false), Err(CallRefusal::StillRinging));
        assert_eq!(ask(Missed, Ringing, By::Callee, true), Ok((CallTransition::Miss, Missed)));
        assert!(matches!(ask(Missed, Missed, By::Callee, true), Err(CallRefusal::InvalidTransition { .. })));
        assert!(matches!(ask(Missed, Answered, By::Caller, false), Err(CallRefusal::InvalidTransition { .. })));
        assert_eq!(ask(Ringing, Initiated, By::Caller, false), Err(CallRefusal::ServerOnly(Ringing)));
        assert_eq!(ask(Initiated, Ringing, By::Caller, false), Err(CallRefusal::ServerOnly(Initiated)));
        assert!(matches!(ask(Answered, Ended, By::Callee, false), Err(CallRefusal::InvalidTransition { .. })));
    }

    #[test]
    fn sides_and_roles() {
        assert_eq!(InitiatedBy::of(MemberRole::Staff), InitiatedBy::Staff);
        assert_eq!(InitiatedBy::Client.caller_role(), MemberRole::Client);
        for status in CallStatus::ALL {
            assert_eq!(status.as_str().parse::<CallStatus>(), Ok(status));
        }
        assert!("ringing".parse::<CallStatus>().is_err());
    }

    #[test]
    fn the_ring_deadline_and_the_talk_time() {
        assert_eq!(missed_at(at(0), Some(at(2)), RING_TIMEOUT), at(32));
        assert_eq!(missed_at(at(0), None, RING_TIMEOUT), at(30), "never rang: counted from the start");
        // The seed's example: answered at 10:00:05, ended at 10:15:30.
        assert_eq!(talk_seconds(at(5), at(930)), 925);
        assert_eq!(talk_seconds(at(10), at(5)), 0);
    }

    #[test]
    fn history_figures() {
        let counts =
            CallCounts { total: 3, answered: 2, missed: 1, declined: 0, cancelled: 0, timed: 2, talk_seconds: 61 };
        assert_eq!(counts.answer_rate(), 66.7);
        assert_eq!(counts.average_duration(), 31, "30.5 rounds up");
        assert_eq!(CallCounts::default().answer_rate(), 0.0);
        assert_eq!(CallCounts::default().average_duration(), 0);
        assert_eq!(CallCounts { total: 8, answered: 1, ..CallCounts::default() }.answer_rate(), 12.5);
    }

    #[test]
    fn a_call_names_exactly_one_callee_and_a_consistent_side() {
        let (staff, client) = (Uuid::from_u128(1), Uuid::from_u128(2));
        assert_eq!(
            CallTarget::parse(Some(staff), None, None),
            Ok(CallTarget { initiated_by: InitiatedBy::Client, callee: staff })
        );
        assert_eq!(
            CallTarget::parse(None, Some(client), Some("staff")),
            Ok(CallTarget { initiated_by: InitiatedBy::Staff, callee: client })
        );
        let field = |r: Result<CallTarget, FieldErrors>| r.unwrap_err().into_vec()[0].0;
        assert_eq!(field(CallTarget::parse(None, None, None)), "staffId");
        assert_eq!(field(CallTarget::parse(Some(staff), Some(client), None)), "staffId");
        // The seeds' default is "client": calling a client that way is a contradiction.
        let wrong = CallTarget::parse(None, Some(client), Some("client")).unwrap_err().into_vec();
        assert_eq!(wrong, [("initiatedBy", "must be staff when calling a client (clientId)".to_owned())]);
        assert_eq!(field(CallTarget::parse(Some(staff), None, Some("boss"))), "initiatedBy");
    }

    #[test]
    fn periods() {
        assert_eq!(Period::parse("week"), Ok(Period::Week));
        assert_eq!(Period::parse("fortnight"), Err(UnknownPeriod));
        assert_eq!(Period::Day.since(at(86_400)), at(0));
    }
}

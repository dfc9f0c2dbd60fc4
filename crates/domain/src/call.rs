//! Calls: the events participants (and Daily's webhooks) report, and the summary computed
//! from them: when both were actually together, for how long, and how the call ended.

use chrono::{DateTime, Duration, Utc};

stored_enum! {
    /// The events of seed 000's call log.
    pub enum CallEvent {
        /// Opened the pre-call page.
        PreCallEntered = "PRE_CALL_ENTERED",
        /// Joined the call (the reporter themselves).
        CallJoined = "CALL_JOINED",
        /// The call started (both present, seen by the reporter).
        CallStarted = "CALL_STARTED",
        /// The reporter left or the call ended for them.
        CallEnded = "CALL_ENDED",
        /// A fatal error ended the call for the reporter.
        CallError = "CALL_ERROR",
        /// The other participant joined (seen by the reporter).
        ParticipantJoined = "PARTICIPANT_JOINED",
        /// The other participant left (seen by the reporter).
        ParticipantLeft = "PARTICIPANT_LEFT",
        /// Camera switched.
        CameraToggled = "CAMERA_TOGGLED",
        /// Microphone switched.
        MicToggled = "MIC_TOGGLED",
    }
}

stored_enum! {
    /// Who recorded a call event: one of the participants, or Daily's webhook.
    pub enum LogActor {
        /// The guest.
        User = "USER",
        /// The host.
        Creator = "CREATOR",
        /// Daily (server-side truth).
        System = "SYSTEM",
    }
}

impl LogActor {
    /// The participant's actor.
    pub fn of(side: Side) -> Self {
        match side {
            Side::Guest => Self::User,
            Side::Host => Self::Creator,
        }
    }
}

/// One of the two people in a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// The guest (fan): actor `USER`.
    Guest,
    /// The host (creator): actor `CREATOR`.
    Host,
}

impl Side {
    /// The other participant.
    pub fn other(self) -> Self {
        match self {
            Self::Guest => Self::Host,
            Self::Host => Self::Guest,
        }
    }
}

/// Who reported an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reporter {
    /// A participant's browser.
    Participant(Side),
    /// The server, from Daily's webhooks: `about` is the participant the event concerns
    /// (`None` for meeting-wide events).
    System {
        /// The participant concerned.
        about: Option<Side>,
    },
}

/// A logged event, as the summary sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoggedEvent {
    /// When it happened (the reporter's timestamp when given, else when it was received).
    pub at: DateTime<Utc>,
    /// What happened.
    pub event: CallEvent,
    /// Who reported it.
    pub reporter: Reporter,
}

stored_enum! {
    /// How a call went.
    pub enum CallOutcome {
        /// Both joined, and the call lasted until its scheduled end (or ended normally after it).
        Completed = "completed",
        /// Both joined, but it ended before the scheduled end (an error, or someone left for good).
        Interrupted = "interrupted",
        /// The other participant never joined (or nobody did).
        NoShow = "no_show",
    }
}

/// The computed summary of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallSummary {
    /// The first moment both were in the call.
    pub actual_start: Option<DateTime<Utc>>,
    /// The last moment both were in the call.
    pub actual_end: Option<DateTime<Utc>>,
    /// Time both were together, in seconds (re-joins after a drop add up).
    pub actual_duration_secs: i64,
    /// How it went.
    pub outcome: CallOutcome,
    /// Whether the host was ever in the call (by their own report, the guest's, or Daily's).
    pub host_joined: bool,
    /// Whether the guest was ever in the call.
    pub guest_joined: bool,
}

/// How early a call may end and still count as completed.
pub const END_TOLERANCE: Duration = Duration::minutes(1);

/// Computes the summary of a call scheduled at `start` for `duration`, from its events in
/// any order. Presence that never closed ends at the scheduled end (Daily ejects then) or
/// `now`, whichever is first.
pub fn summarize(events: &[LoggedEvent], start: DateTime<Utc>, duration: Duration, now: DateTime<Utc>) -> CallSummary {
    let scheduled_end = start + duration;
    let mut sorted: Vec<&LoggedEvent> = events.iter().collect();
    sorted.sort_by_key(|e| (e.at, order(e.event)));

    let mut present = [None::<DateTime<Utc>>; 2];
    let mut intervals: [Vec<(DateTime<Utc>, DateTime<Utc>)>; 2] = [Vec::new(), Vec::new()];
    let mut last_leave: [Option<(DateTime<Utc>, bool)>; 2] = [None, None];
    let mut joined_ever = [false; 2];
    let index = |side: Side| match side {
        Side::Guest => 0,
        Side::Host => 1,
    };
    for e in sorted {
        // (whose presence, joined?, ended by an error?)
        let change = match (e.reporter, e.event) {
            (Reporter::Participant(side), CallEvent::CallJoined | CallEvent::CallStarted) => Some((side, true, false)),
            (Reporter::Participant(side), CallEvent::CallEnded) => Some((side, false, false)),
            (Reporter::Participant(side), CallEvent::CallError) => Some((side, false, true)),
            (Reporter::Participant(side), CallEvent::ParticipantJoined) => Some((side.other(), true, false)),
            (Reporter::Participant(side), CallEvent::ParticipantLeft) => Some((side.other(), false, false)),
            (Reporter::System { about: Some(side) }, CallEvent::ParticipantJoined | CallEvent::CallJoined) => {
                Some((side, true, false))
            }
            (Reporter::System { about: Some(side) }, CallEvent::ParticipantLeft | CallEvent::CallEnded) => {
                Some((side, false, false))
            }
            _ => None,
        };
        let Some((side, joined, error)) = change else { continue };
        let i = index(side);
        if joined {
            joined_ever[i] = true;
            if present[i].is_none() {
                present[i] = Some(e.at);
            }
        } else if let Some(since) = present[i].take() {
            intervals[i].push((since, e.at));
            last_leave[i] = Some((e.at, error));
        } else if error {
            last_leave[i] = Some((e.at, true));
        }
    }
    let cutoff = scheduled_end.min(now);
    for i in 0..2 {
        if let Some(since) = present[i].take()
            && cutoff > since
        {
            intervals[i].push((since, cutoff));
        }
    }

    // Overlaps of the two presences.
    let mut overlaps = Vec::new();
    for &(a0, a1) in &intervals[0] {
        for &(b0, b1) in &intervals[1] {
            let (from, to) = (a0.max(b0), a1.min(b1));
            if to > from {
                overlaps.push((from, to));
            }
        }
    }
    overlaps.sort();
    let actual_start = overlaps.first().map(|o| o.0);
    let actual_end = overlaps.iter().map(|o| o.1).max();
    let actual_duration_secs = overlaps.iter().map(|(from, to)| (*to - *from).num_seconds()).sum();

    let outcome = match actual_end {
        None => CallOutcome::NoShow,
        Some(end) if end >= scheduled_end - END_TOLERANCE => CallOutcome::Completed,
        Some(_) => {
            let error = last_leave.iter().flatten().any(|(_, error)| *error);
            let left_for_good = last_leave.iter().flatten().any(|(at, _)| *at <= scheduled_end);
            if error || left_for_good { CallOutcome::Interrupted } else { CallOutcome::Completed }
        }
    };
    CallSummary {
        actual_start,
        actual_end,
        actual_duration_secs,
        outcome,
        guest_joined: joined_ever[index(Side::Guest)],
        host_joined: joined_ever[index(Side::Host)],
    }
}

/// The time participants spent in the pre-call phase (seed 000's "temps moyen en pré-appel"):
/// for each participant who reported entering it and later joining the call, the seconds from
/// their first `PRE_CALL_ENTERED` to their first `CALL_JOINED` after it; the average over those
/// participants, rounded down, or `None` when nobody did both.
pub fn pre_call_seconds(events: &[LoggedEvent]) -> Option<i64> {
    let mut spent = Vec::new();
    for side in [Side::Guest, Side::Host] {
        let own = |kind: CallEvent| {
            events.iter().filter(move |e| e.event == kind && e.reporter == Reporter::Participant(side)).map(|e| e.at)
        };
        let Some(entered) = own(CallEvent::PreCallEntered).min() else { continue };
        if let Some(joined) = own(CallEvent::CallJoined).filter(|at| *at >= entered).min() {
            spent.push((joined - entered).num_seconds());
        }
    }
    let count = i64::try_from(spent.len()).ok().filter(|n| *n > 0)?;
    Some(spent.iter().sum::<i64>() / count)
}

/// The totals of settled calls over a period, as the database sums them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallTotals {
    /// Settled video calls.
    pub calls: u64,
    /// Of which completed normally.
    pub completed: u64,
    /// Of which interrupted.
    pub interrupted: u64,
    /// Of which no-shows.
    pub no_shows: u64,
    /// Seconds both participants were together, summed over the calls that took place
    /// (completed or interrupted).
    pub duration_secs: i64,
    /// Calls with a measured pre-call time.
    pub with_pre_call: u64,
    /// Their pre-call seconds, summed.
    pub pre_call_secs: i64,
}

/// Call metrics of a period (seed 000's "métriques à suivre").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CallMetrics {
    /// Settled video calls.
    pub calls: u64,
    /// Completed normally / calls.
    pub completion_rate: Option<f64>,
    /// No-shows / calls.
    pub no_show_rate: Option<f64>,
    /// Average seconds together over the calls that took place.
    pub average_duration_seconds: Option<f64>,
    /// Average pre-call seconds over the calls where it was measured.
    pub average_pre_call_seconds: Option<f64>,
}

impl CallTotals {
    /// Rates to four decimals and averages to one; `None` where there is nothing to divide.
    pub fn metrics(self) -> CallMetrics {
        let ratio = |part: i64, whole: u64, places: i32| {
            let whole = i64::try_from(whole).ok().filter(|w| *w > 0)?;
            let scale = 10_f64.powi(places);
            Some((part as f64 / whole as f64 * scale).round() / scale)
        };
        let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        CallMetrics {
            calls: self.calls,
            completion_rate: ratio(count(self.completed), self.calls, 4),
            no_show_rate: ratio(count(self.no_shows), self.calls, 4),
            average_duration_seconds: ratio(self.duration_secs, self.completed + self.interrupted, 1),
            average_pre_call_seconds: ratio(self.pre_call_secs, self.with_pre_call, 1),
        }
    }
}

/// At equal times, joins come before leaves, so a drop and re-join at the same second
/// does not open a gap.
fn order(event: CallEvent) -> u8 {
    match event {
        CallEvent::CallJoined | CallEvent::CallStarted | CallEvent::ParticipantJoined => 0,
        _ => 1,
    }
}

/// How much one call's log may hold: participants report events from their browsers, so a
/// script could otherwise write rows without end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogLimits;

/// Why a reported call event is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LogLimitError {
    /// The booking's log holds [`LogLimits::MAX_EVENTS_PER_BOOKING`] participant events.
    #[error("this call's log is full ({max} events)", max = LogLimits::MAX_EVENTS_PER_BOOKING)]
    Full,
    /// The reporter sent [`LogLimits::MAX_EVENTS_PER_MINUTE`] events in the last minute.
    #[error("too many events in a minute (at most {max})", max = LogLimits::MAX_EVENTS_PER_MINUTE)]
    TooFast,
    /// The metadata is larger than [`LogLimits::MAX_METADATA_BYTES`] as JSON.
    #[error("must be at most {max} bytes of JSON", max = LogLimits::MAX_METADATA_BYTES)]
    MetadataTooLarge,
}

impl LogLimits {
    /// Participant events one booking's log may hold: a long call with many camera and
    /// microphone toggles and reconnections stays far below.
    pub const MAX_EVENTS_PER_BOOKING: u64 = 1_000;
    /// Events one participant may report about one booking per minute.
    pub const MAX_EVENTS_PER_MINUTE: u64 = 60;
    /// Size of an event's metadata, serialized.
    pub const MAX_METADATA_BYTES: usize = 4_096;

    /// Whether one more event fits, given the booking's participant events so far and the
    /// reporter's events of the last minute.
    pub fn admit(total: u64, reporter_last_minute: u64) -> Result<(), LogLimitError> {
        if total >= Self::MAX_EVENTS_PER_BOOKING {
            Err(LogLimitError::Full)
        } else if reporter_last_minute >= Self::MAX_EVENTS_PER_MINUTE {
            Err(LogLimitError::TooFast)
        } else {
            Ok(())
        }
    }

    /// Whether metadata of this serialized size is accepted.
    pub fn metadata(serialized_len: usize) -> Result<(), LogLimitError> {
        if serialized_len > Self::MAX_METADATA_BYTES { Err(LogLimitError::MetadataTooLarge) } else { Ok(()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUEST: Reporter = Reporter::Participant(Side::Guest);
    const HOST: Reporter = Reporter::Participant(Side::Host);

    fn start() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap()
    }

    fn at(minutes: i64, seconds: i64) -> DateTime<Utc> {
        start() + Duration::minutes(minutes) + Duration::seconds(seconds)
    }

    fn ev(minutes: i64, seconds: i64, event: CallEvent, reporter: Reporter) -> LoggedEvent {
        LoggedEvent { at: at(minutes, seconds), event, reporter }
    }

    fn summary(events: &[LoggedEvent]) -> CallSummary {
        summarize(events, start(), Duration::minutes(30), at(120, 0))
    }

    #[test]
    fn completed_call() {
        let s = summary(&[
            ev(-2, 0, CallEvent::PreCallEntered, GUEST),
            ev(0, 10, CallEvent::CallJoined, HOST),
            ev(0, 40, CallEvent::CallJoined, GUEST),
            ev(10, 0, CallEvent::CameraToggled, GUEST),
            ev(30, 0, CallEvent::CallEnded, GUEST),
            ev(30, 0, CallEvent::CallEnded, HOST),
        ]);
        assert_eq!(s.outcome, CallOutcome::Completed);
        assert_eq!(s.actual_start, Some(at(0, 40)), "both present from the second join");
        assert_eq!(s.actual_end, Some(at(30, 0)));
        assert_eq!(s.actual_duration_secs, 29 * 60 + 20);
    }

    #[test]
    fn interrupted_when_someone_leaves_for_good_early() {
        let s = summary(&[
            ev(0, 0, CallEvent::CallJoined, HOST),
            ev(0, 0, CallEvent::CallJoined, GUEST),
            ev(12, 0, CallEvent::CallEnded, GUEST),
            ev(12, 1, CallEvent::ParticipantLeft, HOST),
            ev(30, 0, CallEvent::CallEnded, HOST),
        ]);
        assert_eq!(s.outcome, CallOutcome::Interrupted);
        assert_eq!(s.actual_duration_secs, 12 * 60);
        assert_eq!(s.actual_end, Some(at(12, 0)));
    }

    #[test]
    fn interrupted_by_an_error() {
        let s = summary(&[
            ev(0, 0, CallEvent::CallJoined, HOST),
            ev(1, 0, CallEvent::CallJoined, GUEST),
            ev(20, 0, CallEvent::CallError, GUEST),
        ]);
        assert_eq!(s.outcome, CallOutcome::Interrupted);
        assert_eq!(s.actual_duration_secs, 19 * 60);
    }

    #[test]
    fn no_show_when_the_other_never_joins() {
        let s = summary(&[
            ev(-5, 0, CallEvent::PreCallEntered, HOST),
            ev(0, 0, CallEvent::CallJoined, HOST),
            ev(30, 0, CallEvent::CallEnded, HOST),
        ]);
        assert_eq!(s.outcome, CallOutcome::NoShow);
        assert_eq!((s.actual_start, s.actual_end, s.actual_duration_secs), (None, None, 0));
        assert_eq!(summary(&[]).outcome, CallOutcome::NoShow);
    }

    #[test]
    fn a_rejoin_after_a_drop_adds_up_and_completes() {
        let s = summary(&[
            ev(0, 0, CallEvent::CallJoined, HOST),
            ev(0, 0, CallEvent::CallJoined, GUEST),
            ev(8, 0, CallEvent::CallError, GUEST),
            ev(8, 30, CallEvent::CallJoined, GUEST),
            ev(30, 0, CallEvent::CallEnded, GUEST),
            ev(30, 0, CallEvent::CallEnded, HOST),
        ]);
        assert_eq!(s.outcome, CallOutcome::Completed, "the drop was not for good");
        assert_eq!(s.actual_duration_secs, 30 * 60 - 30);
        assert_eq!((s.actual_start, s.actual_end), (Some(at(0, 0)), Some(at(30, 0))));
    }

    #[test]
    fn events_out_of_order_give_the_same_summary() {
        let mut events = vec![
            ev(0, 10, CallEvent::CallJoined, HOST),
            ev(0, 40, CallEvent::CallJoined, GUEST),
            ev(15, 0, CallEvent::ParticipantLeft, HOST),
            ev(15, 20, CallEvent::ParticipantJoined, HOST),
            ev(30, 0, CallEvent::CallEnded, GUEST),
            ev(30, 0, CallEvent::CallEnded, HOST),
        ];
        let in_order = summary(&events);
        events.reverse();
        events.swap(1, 4);
        assert_eq!(summary(&events), in_order);
        assert_eq!(in_order.actual_duration_secs, 29 * 60 + 20 - 20);
    }

    #[test]
    fn server_side_daily_events_count_and_open_presence_ends_at_the_schedule() {
        let system = |side| Reporter::System { about: Some(side) };
        let s = summary(&[
            ev(0, 0, CallEvent::ParticipantJoined, system(Side::Host)),
            ev(2, 0, CallEvent::ParticipantJoined, system(Side::Guest)),
        ]);
        assert_eq!(s.outcome, CallOutcome::Completed, "nobody left before the end");
        assert_eq!(s.actual_end, Some(at(30, 0)));
        assert_eq!(s.actual_duration_secs, 28 * 60);
    }

    #[test]
    fn who_joined_is_kept_for_no_show_decisions() {
        let s = summary(&[ev(0, 0, CallEvent::CallJoined, HOST), ev(30, 0, CallEvent::CallEnded, HOST)]);
        assert_eq!((s.outcome, s.host_joined, s.guest_joined), (CallOutcome::NoShow, true, false));
        // The host reports the guest joining: the guest was there.
        let s = summary(&[ev(1, 0, CallEvent::ParticipantJoined, HOST)]);
        assert_eq!((s.host_joined, s.guest_joined), (false, true));
        let nobody = summary(&[ev(-3, 0, CallEvent::PreCallEntered, GUEST)]);
        assert_eq!((nobody.host_joined, nobody.guest_joined), (false, false), "the pre-call page is not the call");
    }

    #[test]
    fn pre_call_time_is_averaged_over_participants_who_entered_and_joined() {
        let events = [
            ev(-5, 0, CallEvent::PreCallEntered, GUEST),
            ev(-4, 0, CallEvent::PreCallEntered, GUEST),
            ev(0, 0, CallEvent::CallJoined, GUEST),
            ev(-1, 0, CallEvent::PreCallEntered, HOST),
            ev(0, 30, CallEvent::CallJoined, HOST),
            ev(-2, 0, CallEvent::CallJoined, Reporter::System { about: Some(Side::Guest) }),
        ];
        // Guest: 5 min from the first entry; host: 90 s. Average 195 s.
        assert_eq!(pre_call_seconds(&events), Some(195));
        assert_eq!(pre_call_seconds(&events[..3]), Some(300));
        assert_eq!(pre_call_seconds(&[ev(0, 0, CallEvent::CallJoined, GUEST)]), None);
        assert_eq!(
            pre_call_seconds(&[ev(1, 0, CallEvent::PreCallEntered, GUEST), ev(0, 0, CallEvent::CallJoined, GUEST)]),
            None
        );
    }

    #[test]
    fn metrics_divide_only_what_can_be_divided() {
        let none = CallTotals::default().metrics();
        assert_eq!((none.calls, none.completion_rate, none.average_duration_seconds), (0, None, None));
        let totals = CallTotals {
            calls: 3,
            completed: 1,
            interrupted: 1,
            no_shows: 1,
            duration_secs: 1800 + 601,
            with_pre_call: 2,
            pre_call_secs: 100,
        };
        let m = totals.metrics();
        assert_eq!(m.completion_rate, Some(0.3333));
        assert_eq!(m.no_show_rate, Some(0.3333));
        assert_eq!(m.average_duration_seconds, Some(1200.5), "over the two calls that took place");
        assert_eq!(m.average_pre_call_seconds, Some(50.0));
    }

    #[test]
    fn event_names_round_trip() {
        for e in CallEvent::ALL {
            assert_eq!(e.as_str().parse::<CallEvent>(), Ok(e));
        }
        assert!("CALL_PAUSED".parse::<CallEvent>().is_err());
    }

    #[test]
    fn a_log_is_bounded_in_size_rate_and_metadata() {
        assert_eq!(LogLimits::admit(0, 0), Ok(()));
        assert_eq!(LogLimits::admit(999, 59), Ok(()));
        assert_eq!(LogLimits::admit(1_000, 0), Err(LogLimitError::Full));
        assert_eq!(LogLimits::admit(10, 60), Err(LogLimitError::TooFast));
        assert_eq!(LogLimits::admit(1_000, 60), Err(LogLimitError::Full), "a full log is full, whatever the pace");
        assert_eq!(LogLimits::metadata(4_096), Ok(()));
        assert_eq!(LogLimits::metadata(4_097), Err(LogLimitError::MetadataTooLarge));
    }
}

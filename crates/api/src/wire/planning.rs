//! Coach planning's read models as wire types.

use api_types as wire;
use domain::planning::{DayOverride, MeetingType, SlotDay, TimeRange, Weekly};
use service::planning::appointments::{Appointment, Client, Stats};
use service::planning::availability::{HostAvailability, Override};
use service::planning::reasons::Reason;
use service::planning::types::AppointmentType;

pub(crate) fn meeting_type(t: MeetingType) -> wire::MeetingType {
    match t {
        MeetingType::Video => wire::MeetingType::Video,
        MeetingType::Phone => wire::MeetingType::Phone,
        MeetingType::InPerson => wire::MeetingType::InPerson,
    }
}

pub(crate) fn appointment_type(t: AppointmentType) -> wire::AppointmentType {
    wire::AppointmentType {
        id: t.id,
        host_id: t.host_id,
        name: t.name,
        duration: t.duration_minutes,
        color: t.color,
        description: t.description,
        meeting_types: t.meeting_types.into_iter().map(meeting_type).collect(),
        buffer_before: t.buffer_before_minutes,
        buffer_after: t.buffer_after_minutes,
        minimum_notice: t.min_notice_minutes,
        price: t.price.map(|p| p.amount()),
        currency: t.price.map(|p| p.currency().code().to_owned()),
        active: t.active,
    }
}

pub(crate) fn reason(r: Reason) -> wire::AppointmentReason {
    wire::AppointmentReason { id: r.id, label: r.label, position: r.position }
}

fn ranges(ranges: &[TimeRange]) -> Vec<wire::TimeRange> {
    ranges.iter().map(|r| wire::TimeRange { start: r.start_text(), end: r.end_text() }).collect()
}

fn weekly(week: &Weekly) -> Vec<wire::WeekdayHours> {
    (1u32..).zip(week.0.iter()).map(|(weekday, day)| wire::WeekdayHours { weekday, ranges: ranges(day) }).collect()
}

pub(crate) fn availability(hours: HostAvailability) -> wire::Availability {
    wire::Availability { timezone: hours.timezone.name().to_owned(), weekly: weekly(&hours.weekly) }
}

pub(crate) fn availability_override(o: Override) -> wire::AvailabilityOverride {
    let (unavailable, ranges) = match &o.day {
        DayOverride::Unavailable => (true, Vec::new()),
        DayOverride::Ranges(r) => (false, ranges(r)),
    };
    wire::AvailabilityOverride { id: o.id, date: o.date, unavailable, ranges, note: o.note }
}

pub(crate) fn slots(days: Vec<SlotDay>) -> wire::Slots {
    let slots = |slots: Vec<domain::planning::Slot>| {
        slots.into_iter().map(|s| wire::Slot { starts_at: s.starts_at, ends_at: s.ends_at }).collect()
    };
    wire::Slots {
        days: days
            .into_iter()
            .filter_map(|day| {
                Some(wire::SlotDay {
                    date: day.date?,
                    morning: slots(day.morning),
                    afternoon: slots(day.afternoon),
                    evening: slots(day.evening),
                })
            })
            .collect(),
    }
}

pub(crate) fn appointment(a: Appointment) -> wire::Appointment {
    let b = &a.booking;
    wire::Appointment {
        id: b.id,
        host_id: b.host.user_id,
        client_id: b.guest.user_id,
        client_email: a.guest_email,
        client_is_prospect: b.guest.prospect,
        appointment_type: a.kind.map(|k| wire::AppointmentTypeRef { id: k.id, name: k.name, color: k.color }),
        meeting_type: meeting_type(b.meeting_type),
        reason_id: b.reason_id,
        reason: a.reason,
        message: b.message.clone(),
        phone: b.phone.clone(),
        address: b.address.clone(),
        booking: super::booking(a.booking),
    }
}

pub(crate) fn stats(s: Stats) -> wire::AppointmentStats {
    wire::AppointmentStats { total: s.total, upcoming: s.upcoming, completed: s.completed, cancelled: s.cancelled }
}

pub(crate) fn client(c: Client) -> wire::Client {
    wire::Client { id: c.id, name: c.name, email: c.email, is_prospect: c.prospect }
}

pub(crate) fn appointment_list(
    (items, total, counts): (Vec<Appointment>, u64, Stats),
    page: domain::PageRequest,
) -> wire::AppointmentList {
    wire::AppointmentList {
        items: items.into_iter().map(appointment).collect(),
        page: page.page(),
        per_page: page.per_page(),
        total,
        stats: stats(counts),
    }
}

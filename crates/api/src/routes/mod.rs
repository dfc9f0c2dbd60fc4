//! The route tree, built in one place. One module per resource; handlers are named
//! `<verb>_<resource>`.

pub mod admin_payments;
pub mod admin_payouts;
pub mod admin_users;
pub mod appointment_types;
pub mod appointments;
pub mod auth;
pub mod availability;
pub mod bookings;
pub mod call_requests;
pub mod calls;
pub mod contacts;
pub mod creators;
pub mod health;
pub mod me;
pub mod notifications;
pub mod offers;
pub mod operations;
pub mod organizations;
pub mod payments;
pub mod payouts;
pub mod realtime;
pub mod reviews;
pub mod video;
pub mod video_calls;

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every documented route.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::get_healthz).service(health::get_readyz).service(health::get_metrics).service(
        scope("/api")
            .service(auth::register)
            .service(auth::login)
            .service(auth::refresh)
            .service(auth::logout)
            .service(auth::guest_login)
            .service(me::get_me)
            .service(me::update_me)
            .service(me::set_my_password)
            .service(me::get_my_dashboard)
            .service(admin_users::list_users)
            .service(admin_users::get_user)
            // `/creators/me…` before `/creators/{id}`, so "me" is never taken for an id.
            .service(creators::get_my_creator)
            .service(creators::update_my_creator)
            .service(creators::create_onboarding_link)
            .service(creators::refresh_stripe_status)
            .service(creators::list_my_offers)
            .service(creators::get_my_creator_dashboard)
            .service(creators::list_creators)
            .service(creators::get_creator)
            .service(creators::list_creator_offers)
            .service(reviews::list_creator_reviews)
            .service(offers::create_offer)
            .service(offers::get_offer)
            .service(offers::update_offer)
            .service(offers::delete_offer)
            .service(bookings::create_booking)
            .service(bookings::list_bookings)
            .service(bookings::get_booking)
            .service(bookings::get_booking_ics)
            .service(bookings::cancel_booking)
            .service(reviews::create_review)
            .service(reviews::answer_review)
            .service(reviews::hide_review)
            .service(call_requests::create_call_request)
            .service(call_requests::list_call_requests)
            .service(call_requests::get_call_request)
            .service(call_requests::accept_call_request)
            .service(call_requests::reject_call_request)
            .service(call_requests::withdraw_call_request)
            .service(payments::get_payment_config)
            .service(payments::create_intent)
            .service(payments::stripe_webhook)
            .service(payments::stripe_connect_webhook)
            // `/payouts/balance`, `/ledger` and `/settings` before `/payouts/{id}`.
            .service(payouts::get_payout_balance)
            .service(payouts::list_ledger_entries)
            .service(payouts::get_payout_settings)
            .service(payouts::update_payout_settings)
            .service(payouts::list_payouts)
            .service(payouts::request_payout)
            .service(payouts::get_payout)
            .service(admin_payouts::admin_list_payouts)
            .service(admin_payouts::admin_get_payout)
            .service(admin_payouts::approve_payout)
            .service(admin_payouts::reject_payout)
            .service(admin_payouts::release_payout)
            .service(admin_payouts::get_payout_audit)
            .service(admin_payouts::get_creator_payout_settings)
            .service(admin_payouts::set_payout_block)
            .service(admin_payouts::create_ledger_adjustment)
            .service(admin_payments::list_payments)
            .service(admin_payments::list_refunds)
            .service(admin_payments::get_refund)
            .service(admin_payments::retry_refund)
            .service(admin_payments::list_disputes)
            .service(admin_payments::get_dispute)
            .service(notifications::list_notifications)
            .service(notifications::mark_all_notifications_read)
            .service(notifications::mark_notification_read)
            .service(calls::create_call_log)
            .service(calls::list_call_logs)
            .service(calls::get_call_summary)
            .service(calls::search_call_logs)
            .service(calls::get_call_metrics)
            .service(video::create_call_token)
            .service(video::receive_daily_webhook)
            .service(organizations::create_organization)
            .service(organizations::get_my_organization)
            .service(organizations::list_members)
            .service(organizations::remove_member)
            .service(organizations::create_invitation)
            .service(organizations::list_my_invitations)
            .service(organizations::accept_invitation)
            .service(contacts::list_staff_clients)
            .service(contacts::list_client_staff)
            .service(video_calls::create_room)
            .service(video_calls::create_video_call)
            .service(video_calls::list_video_calls)
            .service(video_calls::get_call_stats)
            .service(video_calls::update_call_status)
            .service(video_calls::get_call_recording)
            .service(realtime::create_ws_ticket)
            .service(realtime::open_ws)
            .service(operations::run_cron_job)
            .service(operations::list_jobs)
            .service(operations::run_job_now)
            .service(operations::list_job_runs)
            .service(operations::list_emails)
            .service(operations::get_email)
            .service(operations::retry_email)
            .service(operations::list_system_logs)
            .service(appointment_types::list_appointment_types)
            .service(appointment_types::create_appointment_type)
            .service(appointment_types::update_appointment_type)
            .service(appointment_types::delete_appointment_type)
            .service(appointment_types::list_appointment_reasons)
            .service(appointment_types::create_appointment_reason)
            // `/appointment-reasons/order` (PUT) never meets `/{id}` (PATCH, DELETE).
            .service(appointment_types::reorder_appointment_reasons)
            .service(appointment_types::update_appointment_reason)
            .service(appointment_types::delete_appointment_reason)
            .service(availability::get_availability)
            .service(availability::put_availability)
            .service(availability::list_availability_overrides)
            .service(availability::put_availability_override)
            .service(availability::delete_availability_override)
            // `/hosts/me/clients` before `/hosts/{id}/…`.
            .service(appointments::list_my_clients)
            .service(availability::list_host_slots)
            .service(appointments::create_appointment)
            .service(appointments::list_appointments)
            .service(appointments::get_appointment)
            .service(appointments::update_appointment)
            .service(appointments::cancel_appointment)
            .service(appointments::complete_appointment)
            .service(appointments::mark_appointment_no_show),
    );
}

//! The typed client's methods for money: a creator's earnings (balance, ledger, payout settings,
//! payouts, a payout request) and the admins' payouts, payments, refunds and disputes. They are
//! methods of the one [`Api`] client, kept in their own file so the pages of other features and
//! these grow apart.

use api_types::{
    AdminDispute, AdminPayment, AdminPayout, AdminPayoutQuery, AdminRefund, DisputeQuery, LedgerAdjustmentRequest,
    LedgerEntry, Page, PageQuery, PaymentQuery, Payout, PayoutAuditEntry, PayoutBalance, PayoutBlockRequest,
    PayoutQuery, PayoutSettings, RefundQuery, RejectPayoutRequest, RequestPayoutRequest, UpdatePayoutSettingsRequest,
};
use gloo_net::http::Method;
use rust_decimal::Decimal;
use uuid::Uuid;

use super::{Api, ApiError, Auth, Fetch, Query, wire};

impl Api {
    // ---- a creator's earnings --------------------------------------------------------

    /// `GET /api/payouts/balance`: pending (with release dates), available, in flight, debt.
    pub fn payout_balance(self) -> Fetch<PayoutBalance> {
        self.get("/api/payouts/balance".to_owned())
    }

    /// `GET /api/payouts/ledger`: the signed-in creator's ledger, newest first.
    pub fn ledger(self, page: PageQuery) -> Fetch<Page<LedgerEntry>> {
        self.get(Query::page(page).to("/api/payouts/ledger"))
    }

    /// `GET /api/payouts/settings`.
    pub fn payout_settings(self) -> Fetch<PayoutSettings> {
        self.get("/api/payouts/settings".to_owned())
    }

    /// `PUT /api/payouts/settings`.
    pub async fn update_payout_settings(&self, body: &UpdatePayoutSettingsRequest) -> Result<PayoutSettings, ApiError> {
        self.send(Method::PUT, "/api/payouts/settings", Some(body), Auth::Retry).await
    }

    /// `GET /api/payouts`: the signed-in creator's payouts, newest first.
    pub fn my_payouts(self, filter: &PayoutQuery, page: PageQuery) -> Fetch<Page<Payout>> {
        self.get(Query::page(page).opt("status", filter.status.map(wire).as_ref()).to("/api/payouts"))
    }

    /// `POST /api/payouts`: a MANUAL creator asks for a payout of at most the available balance.
    pub async fn request_payout(&self, amount: Decimal) -> Result<Payout, ApiError> {
        self.send(Method::POST, "/api/payouts", Some(&RequestPayoutRequest { amount }), Auth::Retry).await
    }

    // ---- payouts (admins) ------------------------------------------------------------

    /// `GET /api/admin/payouts`: every payout, newest first.
    pub fn admin_payouts(self, filter: &AdminPayoutQuery, page: PageQuery) -> Fetch<Page<AdminPayout>> {
        let query = Query::page(page)
            .opt("status", filter.status.map(wire).as_ref())
            .opt("creatorId", filter.creator_id.as_ref());
        self.get(query.to("/api/admin/payouts"))
    }

    /// `GET /api/admin/payouts/{id}`.
    pub fn admin_payout(self, id: Uuid) -> Fetch<AdminPayout> {
        self.get(format!("/api/admin/payouts/{id}"))
    }

    /// `GET /api/admin/payouts/{id}/audit`: every change of a payout, oldest first.
    pub fn payout_audit(self, id: Uuid) -> Fetch<Vec<PayoutAuditEntry>> {
        self.get(format!("/api/admin/payouts/{id}/audit"))
    }

    /// `POST /api/admin/payouts/{id}/approve`.
    pub async fn approve_payout(&self, id: Uuid) -> Result<AdminPayout, ApiError> {
        self.send::<(), _>(Method::POST, &format!("/api/admin/payouts/{id}/approve"), None, Auth::Retry).await
    }

    /// `POST /api/admin/payouts/{id}/reject`, with the reason shown to the creator.
    pub async fn reject_payout(&self, id: Uuid, reason: String) -> Result<AdminPayout, ApiError> {
        let body = RejectPayoutRequest { reason };
        self.send(Method::POST, &format!("/api/admin/payouts/{id}/reject"), Some(&body), Auth::Retry).await
    }

    /// `POST /api/admin/payouts/{id}/release`: sends again a payout held back past Stripe's
    /// idempotency window.
    pub async fn release_payout(&self, id: Uuid) -> Result<AdminPayout, ApiError> {
        self.send::<(), _>(Method::POST, &format!("/api/admin/payouts/{id}/release"), None, Auth::Retry).await
    }

    /// `GET /api/admin/creators/{id}/payout-settings`: a creator's settings and block.
    pub fn creator_payout_settings(self, creator: Uuid) -> Fetch<PayoutSettings> {
        self.get(format!("/api/admin/creators/{creator}/payout-settings"))
    }

    /// `PUT /api/admin/creators/{id}/payout-block`.
    pub async fn set_payout_block(&self, creator: Uuid, body: &PayoutBlockRequest) -> Result<PayoutSettings, ApiError> {
        self.send(Method::PUT, &format!("/api/admin/creators/{creator}/payout-block"), Some(body), Auth::Retry).await
    }

    /// `POST /api/admin/creators/{id}/ledger-adjustments`.
    pub async fn adjust_ledger(&self, creator: Uuid, body: &LedgerAdjustmentRequest) -> Result<LedgerEntry, ApiError> {
        let path = format!("/api/admin/creators/{creator}/ledger-adjustments");
        self.send(Method::POST, &path, Some(body), Auth::Retry).await
    }

    // ---- payments, refunds and disputes (admins) -------------------------------------

    /// `GET /api/admin/payments`.
    pub fn admin_payments(self, filter: &PaymentQuery, page: PageQuery) -> Fetch<Page<AdminPayment>> {
        self.get(Query::page(page).opt("status", filter.status.as_ref()).to("/api/admin/payments"))
    }

    /// `GET /api/admin/refunds`: refunds with their queue state.
    pub fn admin_refunds(self, filter: &RefundQuery, page: PageQuery) -> Fetch<Page<AdminRefund>> {
        let query =
            Query::page(page).opt("status", filter.status.as_ref()).opt("bookingId", filter.booking_id.as_ref());
        self.get(query.to("/api/admin/refunds"))
    }

    /// `GET /api/admin/refunds/{id}`.
    pub fn admin_refund(self, id: Uuid) -> Fetch<AdminRefund> {
        self.get(format!("/api/admin/refunds/{id}"))
    }

    /// `POST /api/admin/refunds/{id}/retry`: queues a failed refund again.
    pub async fn retry_refund(&self, id: Uuid) -> Result<AdminRefund, ApiError> {
        self.send::<(), _>(Method::POST, &format!("/api/admin/refunds/{id}/retry"), None, Auth::Retry).await
    }

    /// `GET /api/admin/disputes`.
    pub fn admin_disputes(self, filter: &DisputeQuery, page: PageQuery) -> Fetch<Page<AdminDispute>> {
        self.get(Query::page(page).opt("status", filter.status.as_ref()).to("/api/admin/disputes"))
    }

    /// `GET /api/admin/disputes/{id}`.
    pub fn admin_dispute(self, id: Uuid) -> Fetch<AdminDispute> {
        self.get(format!("/api/admin/disputes/{id}"))
    }
}

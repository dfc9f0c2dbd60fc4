//! Payments: the gateway trait, and the test-mode stand-in used when no Stripe key is set.
//! Connected accounts pay out on a manual schedule: a creator's share reaches their bank
//! only when Callstar creates the payout.

use std::collections::BTreeMap;

use async_trait::async_trait;

use crate::ProviderError;

/// A destination charge to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentIntentRequest {
    /// Total, minor units.
    pub amount_minor: i64,
    /// Lower-case ISO currency (`eur`).
    pub currency: String,
    /// The creator's connected account (`transfer_data[destination]`).
    pub destination: String,
    /// The platform fee (`application_fee_amount`), minor units.
    pub application_fee_minor: i64,
    /// Metadata (booking id…).
    pub metadata: BTreeMap<String, String>,
    /// Shown on the receipt.
    pub description: String,
    /// Stripe's Idempotency-Key: one per booking, so retries never charge twice.
    pub idempotency_key: String,
}

/// A created PaymentIntent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedIntent {
    /// `pi_…`.
    pub id: String,
    /// For Stripe.js.
    pub client_secret: String,
}

/// The capabilities of a connected account.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AccountStatus {
    /// Can take charges.
    pub charges_enabled: bool,
    /// Can receive payouts.
    pub payouts_enabled: bool,
    /// Onboarding submitted.
    pub details_submitted: bool,
    /// Default currency (upper case), if known.
    pub default_currency: Option<String>,
    /// The account's payout interval (`manual`, `daily`…), when Stripe says.
    pub payout_interval: Option<String>,
}

/// A payout to create from a connected account's balance to its bank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayoutRequest {
    /// The connected account (`Stripe-Account` header).
    pub account_id: String,
    /// Minor units.
    pub amount_minor: i64,
    /// Lower-case ISO currency (`eur`).
    pub currency: String,
    /// Callstar's payout id (metadata `callstar_payout_id`, so a payout is findable at Stripe).
    pub payout_id: String,
    /// Stripe's Idempotency-Key: one per payout, the same on every attempt.
    pub idempotency_key: String,
}

/// A payout Stripe created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedPayout {
    /// `po_…`.
    pub id: String,
    /// Stripe's status (`pending`, `in_transit`, `paid`…).
    pub status: String,
}

/// A PaymentIntent as Stripe reports it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntentState {
    /// What the payment events would carry.
    pub intent: crate::stripe_events::PaymentIntent,
    /// Stripe's status (`succeeded`, `processing`…).
    pub status: String,
}

/// What the payment provider does for Callstar.
#[async_trait]
pub trait PaymentGateway: Send + Sync + std::fmt::Debug {
    /// The publishable key for Stripe.js, or `None` in test mode.
    fn publishable_key(&self) -> Option<String>;

    /// Whether payments are simulated (no Stripe key configured).
    fn is_test_mode(&self) -> bool {
        self.publishable_key().is_none()
    }

    /// Whether the key is a live one (`sk_live_…`): events of the other mode are not ours.
    /// `None` in test mode.
    fn livemode(&self) -> Option<bool> {
        None
    }

    /// Creates a destination-charge PaymentIntent.
    async fn create_payment_intent(&self, request: &PaymentIntentRequest) -> Result<CreatedIntent, ProviderError>;

    /// Refunds (part of) a PaymentIntent, reversing the transfer and the fee; returns the refund id.
    async fn refund(
        &self,
        payment_intent_id: &str,
        amount_minor: i64,
        idempotency_key: &str,
    ) -> Result<String, ProviderError>;

    /// Creates an Express connected account with a manual payout schedule; returns its id.
    async fn create_account(&self, email: &str) -> Result<String, ProviderError>;

    /// Puts an existing connected account on the manual payout schedule.
    async fn set_manual_payouts(&self, account_id: &str) -> Result<(), ProviderError>;

    /// Creates a payout on a connected account (`Stripe-Account` header, idempotency key).
    async fn create_payout(&self, request: &PayoutRequest) -> Result<CreatedPayout, ProviderError>;

    /// A PaymentIntent as Stripe sees it now (reconciliation of lost webhooks).
    async fn retrieve_payment_intent(&self, payment_intent_id: &str) -> Result<IntentState, ProviderError>;

    /// An onboarding link for a connected account.
    async fn account_link(
        &self,
        account_id: &str,
        refresh_url: &str,
        return_url: &str,
    ) -> Result<String, ProviderError>;

    /// The account's capabilities.
    async fn account_status(&self, account_id: &str) -> Result<AccountStatus, ProviderError>;
}

/// Test mode: payments confirm at once (the service does that), nothing leaves the
/// machine. Onboarding links lead back to the app and accounts are ready immediately;
/// payouts are "paid" at once (`po_test_…`).
#[derive(Debug, Default, Clone)]
pub struct TestGateway;

#[async_trait]
impl PaymentGateway for TestGateway {
    fn publishable_key(&self) -> Option<String> {
        None
    }

    async fn create_payment_intent(&self, _request: &PaymentIntentRequest) -> Result<CreatedIntent, ProviderError> {
        Err(ProviderError::NotConfigured("Stripe"))
    }

    async fn refund(&self, payment_intent_id: &str, _amount: i64, _key: &str) -> Result<String, ProviderError> {
        Ok(format!("re_test_{payment_intent_id}"))
    }

    async fn create_account(&self, _email: &str) -> Result<String, ProviderError> {
        Ok(format!("acct_test_{}", chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()))
    }

    async fn set_manual_payouts(&self, _account_id: &str) -> Result<(), ProviderError> {
        Ok(())
    }

    async fn create_payout(&self, request: &PayoutRequest) -> Result<CreatedPayout, ProviderError> {
        Ok(CreatedPayout { id: format!("po_test_{}", request.payout_id.replace('-', "")), status: "paid".to_owned() })
    }

    async fn retrieve_payment_intent(&self, _payment_intent_id: &str) -> Result<IntentState, ProviderError> {
        Err(ProviderError::NotConfigured("Stripe"))
    }

    async fn account_link(
        &self,
        _account_id: &str,
        _refresh_url: &str,
        return_url: &str,
    ) -> Result<String, ProviderError> {
        Ok(format!("{return_url}?stripe=test"))
    }

    async fn account_status(&self, _account_id: &str) -> Result<AccountStatus, ProviderError> {
        Ok(AccountStatus {
            charges_enabled: true,
            payouts_enabled: true,
            details_submitted: true,
            default_currency: None,
            payout_interval: Some("manual".to_owned()),
        })
    }
}

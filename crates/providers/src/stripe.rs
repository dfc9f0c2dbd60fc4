//! The real payment gateway: Stripe through async-stripe (Connect destination charges,
//! Express accounts on a manual payout schedule, payouts on connected accounts, refunds,
//! PaymentIntents read back). Every POST carries an Idempotency-Key.

use std::collections::HashMap;

use async_trait::async_trait;
use stripe::{AccountId, Client, ClientBuilder, IdempotencyKey, RequestStrategy, StripeError, StripeRequest};
use stripe_connect::account::{
    CreateAccount, CreateAccountCapabilities, CreateAccountCapabilitiesCardPayments,
    CreateAccountCapabilitiesTransfers, CreateAccountSettings, CreateAccountSettingsPayouts,
    CreateAccountSettingsPayoutsSchedule, CreateAccountSettingsPayoutsScheduleInterval, CreateAccountType,
    RetrieveAccount, UpdateAccount, UpdateAccountSettings, UpdateAccountSettingsPayouts,
    UpdateAccountSettingsPayoutsSchedule, UpdateAccountSettingsPayoutsScheduleInterval,
};
use stripe_connect::account_link::{CreateAccountLink, CreateAccountLinkType};
use stripe_core::payment_intent::{
    CreatePaymentIntent, CreatePaymentIntentAutomaticPaymentMethods, CreatePaymentIntentTransferData,
    RetrievePaymentIntent,
};
use stripe_core::payout::CreatePayout;
use stripe_core::refund::CreateRefund;
use stripe_types::Currency;

use crate::ProviderError;
use crate::payments::{
    AccountStatus, CreatedIntent, CreatedPayout, IntentState, PaymentGateway, PaymentIntentRequest, PayoutRequest,
};
use crate::stripe_events::PaymentIntent;

/// Stripe's API.
#[derive(Clone)]
pub struct StripeGateway {
    client: Client,
    publishable_key: String,
    livemode: bool,
}

impl std::fmt::Debug for StripeGateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StripeGateway").finish_non_exhaustive()
    }
}

impl StripeGateway {
    /// A client for `secret_key`, against `api_base` (`https://api.stripe.com` or a fake).
    pub fn new(secret_key: &str, publishable_key: &str, api_base: &str) -> Result<Self, ProviderError> {
        // async-stripe builds its TLS connector eagerly from the process-wide provider.
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
        let client = ClientBuilder::new(secret_key)
            .url(api_base.trim_end_matches('/'))
            .build()
            .map_err(|err| ProviderError::Unavailable { provider: "Stripe", message: err.to_string() })?;
        Ok(Self { client, publishable_key: publishable_key.to_owned(), livemode: secret_key.contains("_live_") })
    }
}

fn key(value: &str) -> Result<RequestStrategy, ProviderError> {
    IdempotencyKey::new(value).map(RequestStrategy::Idempotent).map_err(|err| ProviderError::Refused {
        provider: "Stripe",
        status: 0,
        code: None,
        message: format!("{err:?}"),
    })
}

fn error(err: StripeError) -> ProviderError {
    match err {
        StripeError::Stripe(api, status) if (400..500).contains(&status) && status != 429 => ProviderError::Refused {
            provider: "Stripe",
            status,
            code: api.code.as_ref().map(|c| c.as_str().to_owned()),
            message: api.message.clone().unwrap_or_else(|| api.type_.as_str().to_owned()),
        },
        other => ProviderError::Unavailable { provider: "Stripe", message: other.to_string() },
    }
}

fn currency(code: &str) -> Result<Currency, ProviderError> {
    code.to_ascii_lowercase().parse::<Currency>().map_err(|_| ProviderError::Refused {
        provider: "Stripe",
        status: 0,
        code: None,
        message: format!("unsupported currency {code}"),
    })
}

#[async_trait]
impl PaymentGateway for StripeGateway {
    fn publishable_key(&self) -> Option<String> {
        Some(self.publishable_key.clone())
    }

    fn livemode(&self) -> Option<bool> {
        Some(self.livemode)
    }

    async fn create_payment_intent(&self, request: &PaymentIntentRequest) -> Result<CreatedIntent, ProviderError> {
        let metadata: HashMap<String, String> = request.metadata.clone().into_iter().collect();
        let intent = CreatePaymentIntent::new(request.amount_minor, currency(&request.currency)?)
            .automatic_payment_methods(CreatePaymentIntentAutomaticPaymentMethods::new(true))
            .transfer_data(CreatePaymentIntentTransferData::new(request.destination.as_str()))
            .application_fee_amount(request.application_fee_minor)
            .metadata(metadata)
            .description(request.description.as_str())
            .customize()
            .request_strategy(key(&request.idempotency_key)?)
            .send(&self.client)
            .await
            .map_err(error)?;
        let client_secret = intent.client_secret.ok_or_else(|| ProviderError::Unavailable {
            provider: "Stripe",
            message: "the PaymentIntent has no client_secret".to_owned(),
        })?;
        Ok(CreatedIntent { id: intent.id.as_str().to_owned(), client_secret })
    }

    async fn refund(
        &self,
        payment_intent_id: &str,
        amount_minor: i64,
        idempotency_key: &str,
    ) -> Result<String, ProviderError> {
        let refund = CreateRefund::new()
            .payment_intent(payment_intent_id)
            .amount(amount_minor)
            .reverse_transfer(true)
            .refund_application_fee(true)
            .customize()
            .request_strategy(key(idempotency_key)?)
            .send(&self.client)
            .await
            .map_err(error)?;
        Ok(refund.id.as_str().to_owned())
    }

    async fn create_account(&self, email: &str) -> Result<String, ProviderError> {
        let mut capabilities = CreateAccountCapabilities::new();
        capabilities.card_payments = Some(CreateAccountCapabilitiesCardPayments { requested: Some(true) });
        capabilities.transfers = Some(CreateAccountCapabilitiesTransfers { requested: Some(true) });
        // Manual payouts: the share stays on the account's Stripe balance until Callstar pays it out.
        let mut schedule = CreateAccountSettingsPayoutsSchedule::new();
        schedule.interval = Some(CreateAccountSettingsPayoutsScheduleInterval::Manual);
        let mut payouts = CreateAccountSettingsPayouts::new();
        payouts.schedule = Some(schedule);
        let mut settings = CreateAccountSettings::new();
        settings.payouts = Some(payouts);
        let account = CreateAccount::new()
            .type_(CreateAccountType::Express)
            .email(email)
            .capabilities(capabilities)
            .settings(settings)
            .customize()
            .request_strategy(key(&format!("callstar-account-{email}"))?)
            .send(&self.client)
            .await
            .map_err(error)?;
        Ok(account.id.as_str().to_owned())
    }

    async fn set_manual_payouts(&self, account_id: &str) -> Result<(), ProviderError> {
        let mut schedule = UpdateAccountSettingsPayoutsSchedule::new();
        schedule.interval = Some(UpdateAccountSettingsPayoutsScheduleInterval::Manual);
        let mut payouts = UpdateAccountSettingsPayouts::new();
        payouts.schedule = Some(schedule);
        let mut settings = UpdateAccountSettings::new();
        settings.payouts = Some(payouts);
        UpdateAccount::new(account_id)
            .settings(settings)
            .customize()
            .request_strategy(key(&format!("callstar-manual-payouts-{account_id}"))?)
            .send(&self.client)
            .await
            .map_err(error)?;
        Ok(())
    }

    async fn create_payout(&self, request: &PayoutRequest) -> Result<CreatedPayout, ProviderError> {
        let metadata = HashMap::from([("callstar_payout_id".to_owned(), request.payout_id.clone())]);
        let payout = CreatePayout::new(request.amount_minor, currency(&request.currency)?)
            .metadata(metadata)
            .description("Callstar earnings")
            .customize()
            .account_id(AccountId::from(request.account_id.as_str()))
            .request_strategy(key(&request.idempotency_key)?)
            .send(&self.client)
            .await
            .map_err(error)?;
        Ok(CreatedPayout { id: payout.id.as_str().to_owned(), status: payout.status })
    }

    async fn retrieve_payment_intent(&self, payment_intent_id: &str) -> Result<IntentState, ProviderError> {
        let intent = RetrievePaymentIntent::new(payment_intent_id).send(&self.client).await.map_err(error)?;
        let booking_id = intent.metadata.get("booking_id").cloned();
        let latest_charge = intent.latest_charge.as_ref().map(|charge| charge.id().as_str().to_owned());
        Ok(IntentState {
            status: intent.status.as_str().to_owned(),
            intent: PaymentIntent {
                id: intent.id.as_str().to_owned(),
                amount_received: intent.amount_received,
                latest_charge,
                booking_id,
            },
        })
    }

    async fn account_link(
        &self,
        account_id: &str,
        refresh_url: &str,
        return_url: &str,
    ) -> Result<String, ProviderError> {
        let link = CreateAccountLink::new(account_id, CreateAccountLinkType::AccountOnboarding)
            .refresh_url(refresh_url)
            .return_url(return_url)
            .send(&self.client)
            .await
            .map_err(error)?;
        Ok(link.url)
    }

    async fn account_status(&self, account_id: &str) -> Result<AccountStatus, ProviderError> {
        let account = RetrieveAccount::new(account_id).send(&self.client).await.map_err(error)?;
        Ok(AccountStatus {
            charges_enabled: account.charges_enabled.unwrap_or(false),
            payouts_enabled: account.payouts_enabled.unwrap_or(false),
            details_submitted: account.details_submitted.unwrap_or(false),
            default_currency: account.default_currency.map(|c| c.to_string().to_ascii_uppercase()),
            payout_interval: account.settings.and_then(|s| s.payouts).map(|p| p.schedule.interval),
        })
    }
}

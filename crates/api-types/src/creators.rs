//! Creators: public profiles, the signed-in creator's own profile and Stripe Connect state.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A creator's public profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreatorProfile {
    /// Creator id.
    pub id: Uuid,
    /// The creator's account id.
    pub user_id: Uuid,
    /// Display name.
    pub name: String,
    /// About.
    pub bio: Option<String>,
    /// Topics.
    pub expertise: Option<String>,
    /// Picture URL.
    pub profile_image: Option<String>,
    /// Links by network (`instagram`, `tiktok`, `twitter`, `website`…).
    pub social_links: BTreeMap<String, String>,
    /// Payout currency: EUR, CHF, USD or GBP.
    pub currency: String,
    /// IANA time zone.
    pub timezone: String,
    /// Upcoming offers open for booking.
    pub available_offers: u64,
    /// Average rating over the creator's visible reviews (two decimals), or null without reviews.
    pub average_rating: Option<f64>,
    /// Visible reviews.
    pub review_count: u64,
    /// Stripe Connect state; only shown to the creator themselves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stripe: Option<StripeAccountStatus>,
}

/// The Stripe Connect state of a creator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StripeAccountStatus {
    /// A connected account exists.
    pub connected: bool,
    /// It can take charges.
    pub charges_enabled: bool,
    /// It can receive payouts.
    pub payouts_enabled: bool,
    /// Onboarding was submitted.
    pub details_submitted: bool,
    /// Its default currency.
    pub default_currency: Option<String>,
    /// Payments are simulated on this server (no Stripe key configured).
    pub test_mode: bool,
}

/// `PUT /api/creators/me`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateCreatorRequest {
    /// About (up to 5,000 characters).
    #[serde(default)]
    pub bio: Option<String>,
    /// Topics (up to 200 characters).
    #[serde(default)]
    pub expertise: Option<String>,
    /// An http(s) picture URL.
    #[serde(default)]
    pub profile_image: Option<String>,
    /// Links by network; each an http(s) URL.
    #[serde(default)]
    pub social_links: BTreeMap<String, String>,
    /// EUR, CHF, USD or GBP.
    pub currency: String,
    /// IANA time zone.
    pub timezone: String,
}

/// Filters of `GET /api/creators`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct CreatorQuery {
    /// Name or expertise contains this (case-insensitive).
    #[serde(default)]
    pub q: Option<String>,
    /// `name` (the default: by name) or `rating` (best average first, then most reviews;
    /// creators without reviews last).
    #[serde(default)]
    pub sort: Option<String>,
}

/// An onboarding link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OnboardingLink {
    /// Where to send the creator.
    pub url: String,
}

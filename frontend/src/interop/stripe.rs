//! Stripe.js through `js/stripe-bridge.js`: mount the Payment Element, confirm the payment.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/stripe-bridge.js")]
extern "C" {
    #[wasm_bindgen(js_name = mountPayment, catch)]
    async fn mount_payment_js(publishable_key: &str, client_secret: &str, selector: &str) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = confirmPayment, catch)]
    async fn confirm_payment_js(return_url: &str) -> Result<JsValue, JsValue>;
}

fn message(err: &JsValue) -> String {
    js_sys::Reflect::get(err, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "Stripe failed".to_owned())
}

/// Loads Stripe.js (once) and mounts the Payment Element into `selector`.
pub async fn mount_payment(publishable_key: &str, client_secret: &str, selector: &str) -> Result<(), String> {
    mount_payment_js(publishable_key, client_secret, selector).await.map(|_| ()).map_err(|e| message(&e))
}

/// Confirms the mounted payment; Stripe may redirect to `return_url` for 3-D Secure.
pub async fn confirm_payment(return_url: &str) -> Result<(), String> {
    confirm_payment_js(return_url).await.map(|_| ()).map_err(|e| message(&e))
}

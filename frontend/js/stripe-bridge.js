// The Stripe.js bridge: the only JavaScript that touches Stripe. Stripe.js is loaded from
// Stripe (as Stripe requires) only when the server has a publishable key, then the
// Payment Element is mounted and confirmed. Used by src/interop/stripe.rs.
let stripe = null;
let elements = null;

function loadStripeJs() {
  if (window.Stripe) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = 'https://js.stripe.com/v3/';
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('Stripe.js could not be loaded'));
    document.head.appendChild(script);
  });
}

export async function mountPayment(publishableKey, clientSecret, selector) {
  await loadStripeJs();
  stripe = window.Stripe(publishableKey);
  elements = stripe.elements({ clientSecret });
  elements.create('payment').mount(selector);
}

export async function confirmPayment(returnUrl) {
  if (!stripe || !elements) throw new Error('the payment form is not ready');
  const { error } = await stripe.confirmPayment({ elements, confirmParams: { return_url: returnUrl }, redirect: 'if_required' });
  if (error) throw new Error(error.message || 'payment failed');
}

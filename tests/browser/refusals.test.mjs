// The booking page in a real browser when the server refuses a booking: each refusal code has
// its own words. Data is set up through the API with a fresh creator and two fresh fans, so no
// other test's bookings overlap: someone took the slot (already_booked), the creator has
// another call then (host_busy), the call has started (offer_past).
import assert from 'node:assert/strict';
import { test, BASE_URL, uniqueEmail, PASSWORD } from './harness.mjs';

async function api(path, { token, body } = {}) {
  const response = await fetch(`${BASE_URL}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  assert.ok(response.ok, `${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** A fresh account; answers its e-mail and an access token. */
async function account(prefix, role = 'user', locale = 'en') {
  const email = uniqueEmail(prefix);
  await api('/api/auth/register', { body: { email, password: PASSWORD, name: `${prefix} ${Date.now()}`, role, locale } });
  const { accessToken } = await api('/api/auth/login', { body: { email, password: PASSWORD } });
  return { email, token: accessToken };
}

/** An offer of `creator` starting at `start` (a Date), `duration` minutes long. */
async function offer(creator, title, start, duration = 30) {
  return api('/api/call-offers', {
    token: creator.token,
    body: { title, description: 'A refusal test.', price: '20.00', currency: 'EUR', dateTime: start.toISOString(), duration },
  });
}

/** Opens the booking page of `offerId` signed in as `fan` (the session comes from the cookie). */
async function openBooking(page, context, fan, offerId) {
  const login = await context.request.post('/api/auth/login', { data: { email: fan.email, password: PASSWORD } });
  assert.equal(login.status(), 200);
  await page.goto(`/book/${offerId}`);
  await page.getByRole('button', { name: 'Confirm test booking' }).waitFor();
}

/** Confirms, and answers the refusal panel that appears with its code. */
async function refusalAfterConfirming(page) {
  await page.getByRole('button', { name: 'Confirm test booking' }).click();
  const refusal = page.getByTestId('refusal');
  await refusal.waitFor();
  return { code: await refusal.getAttribute('data-code'), text: (await refusal.innerText()).replace(/\s+/g, ' ') };
}

test('the booking page says why a booking was refused: taken, creator busy, or already started', async (page, context) => {
  const creator = await account('refusal-creator', 'creator');
  const rival = await account('refusal-rival');
  const fan = await account('refusal-fan');
  const day = new Date(Date.now() + 4 * 86400_000);
  day.setUTCHours(9, 0, 0, 0);
  const texts = {};

  // host_busy: two overlapping offers of one creator; the rival holds the first (an unpaid
  // booking holds its slot), so the creator is busy when the fan confirms the second.
  const first = await offer(creator, 'Morning hour', day, 60);
  const second = await offer(creator, 'Half past nine', new Date(day.getTime() + 30 * 60_000), 30);
  await api('/api/bookings', { token: rival.token, body: { callOfferId: first.id } });
  await openBooking(page, context, fan, second.id);
  let refused = await refusalAfterConfirming(page);
  assert.equal(refused.code, 'host_busy');
  assert.match(refused.text, /The creator is busy at that time/);
  assert.match(refused.text, /already has another call booked at that time/);
  texts.host_busy = refused.text;

  // already_booked: the rival takes the slot while the fan's page still shows it free. The
  // page's clock is paused so its 5-second availability check cannot notice first: the refusal
  // comes from the server's answer to the fan's booking.
  const taken = await offer(creator, 'Afternoon', new Date(day.getTime() + 6 * 3600_000), 30);
  await page.clock.install();
  await openBooking(page, context, fan, taken.id);
  await page.clock.pauseAt(Date.now() + 1000);
  await api('/api/bookings', { token: rival.token, body: { callOfferId: taken.id } });
  refused = await refusalAfterConfirming(page);
  assert.equal(refused.code, 'already_booked');
  assert.match(refused.text, /This call has just been booked/);
  texts.already_booked = refused.text;
  await page.clock.resume();

  // offer_past: an offer starting in two seconds, confirmed just after it started. The
  // expire-offers job (every 5 minutes) may withdraw it in between, which the page reports as
  // offer_unavailable: then try once more with a new offer.
  for (let attempt = 1; ; attempt += 1) {
    const start = new Date(Date.now() + 2000);
    const soon = await offer(creator, `Starting now ${attempt}`, start, 15);
    await openBooking(page, context, fan, soon.id);
    const wait = start.getTime() + 300 - Date.now();
    if (wait > 0) await new Promise((resolve) => { setTimeout(resolve, wait); });
    refused = await refusalAfterConfirming(page);
    if (refused.code === 'offer_unavailable' && attempt < 3) continue;
    break;
  }
  assert.equal(refused.code, 'offer_past');
  assert.match(refused.text, /This call has already started/);
  texts.offer_past = refused.text;

  // Three different messages, each with the way back to the creator's other slots.
  assert.equal(new Set(Object.values(texts)).size, 3, JSON.stringify(texts));
  const back = page.getByTestId('refusal').getByRole('link', { name: 'See other slots' });
  await back.click();
  await page.waitForURL(`**/creators/${second.creatorId}`);
  await page.getByRole('heading', { name: second.creatorName }).waitFor();
});

test('the refusals are translated', { locale: 'fr-FR' }, async (page, context) => {
  const creator = await account('refus-createur', 'creator');
  const rival = await account('refus-rival');
  const fan = await account('refus-fan', 'user', 'fr');
  const day = new Date(Date.now() + 5 * 86400_000);
  day.setUTCHours(14, 0, 0, 0);
  const first = await offer(creator, 'Une heure', day, 60);
  const second = await offer(creator, 'Chevauche', new Date(day.getTime() + 15 * 60_000), 30);
  await api('/api/bookings', { token: rival.token, body: { callOfferId: first.id } });

  const login = await context.request.post('/api/auth/login', { data: { email: fan.email, password: PASSWORD } });
  assert.equal(login.status(), 200);
  await page.goto(`/book/${second.id}`);
  await page.getByRole('button', { name: 'Confirmer la réservation de test' }).click();
  const refusal = page.getByTestId('refusal');
  await refusal.filter({ hasText: 'Le créateur est occupé à cette heure-là' }).waitFor();
  assert.equal(await refusal.getAttribute('data-code'), 'host_busy');
  await refusal.getByRole('link', { name: 'Voir les autres créneaux' }).waitFor();
});

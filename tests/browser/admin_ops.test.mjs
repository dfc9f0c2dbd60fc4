// Operations pages in a real browser: after a test-mode booking by a guest whose language is
// French, an admin finds the captured confirmation e-mail, opens it, and it is in French;
// the admin also runs a job by hand and reads the system log.
import assert from 'node:assert/strict';
import { test, BASE_URL, logInThroughUi } from './harness.mjs';

const DEMO_PASSWORD = 'callstar-demo-1';

async function api(path, { token, body, method } = {}) {
  const response = await fetch(`${BASE_URL}${path}`, {
    method: method ?? (body ? 'POST' : 'GET'),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  assert.ok(response.ok, `${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function signIn(email) {
  return (await api('/api/auth/login', { body: { email, password: DEMO_PASSWORD } })).accessToken;
}

test('an admin reads the captured confirmation of a French guest, in French', async (page) => {
  const creator = await signIn('creator@callstar.test');
  const title = `Cours de chant ${Date.now()}`;
  const offer = await api('/api/call-offers', {
    token: creator,
    body: { title, description: 'Trente minutes', price: '30.00', currency: 'EUR', dateTime: new Date(Date.now() + 3 * 86400_000).toISOString(), duration: 30 },
  });
  const guest = await signIn('fan.fr@callstar.test');
  const booking = await api('/api/bookings', { token: guest, body: { callOfferId: offer.id } });
  const paid = await api('/api/payments/create-intent', { token: guest, body: { bookingId: booking.id } });
  assert.equal(paid.isTestBooking, true);

  await page.goto('/login');
  await logInThroughUi(page, 'admin@callstar.test', DEMO_PASSWORD);
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await page.goto('/admin/emails');
  await page.getByLabel('Recipient').fill('fan.fr@callstar.test');
  await page.getByLabel('Recipient').press('Enter');
  await page.getByLabel('Status').selectOption('captured');
  // The guest's row: until the filters apply, the creator's confirmation (same title) is listed too.
  const row = page.locator('#emails tbody tr').filter({ hasText: title }).filter({ hasText: 'fan.fr@callstar.test' });
  await row.waitFor({ timeout: 10_000 });
  assert.match(await row.innerText(), /captured/);
  await row.getByRole('link', { name: new RegExp(`^Confirmé : ${title}`) }).click();

  const email = page.locator('#email');
  await email.getByRole('heading', { name: new RegExp(`^Confirmé : ${title} avec `) }).waitFor();
  assert.match(await email.innerText(), /booking_confirmation · fr/);
  await email.getByText('A calendar file (.ics) is attached.').waitFor();
  const frame = page.frameLocator('iframe.email-frame');
  await frame.getByText('Votre appel est confirmé').waitFor();
  await frame.getByText(/Bonjour /).waitFor();
  await frame.getByText('30,00 €').waitFor();
  await email.getByText('Plain-text version').click();
  assert.match(await email.locator('pre').innerText(), /Ouvrir la page de l’appel: http/);

  // Run a job by hand, then find the booking in the system log.
  await page.getByRole('link', { name: 'Jobs' }).click();
  await page.locator('#jobs tbody tr').filter({ hasText: 'cleanup-logs' }).getByRole('button', { name: 'Run now' }).click();
  await page.getByTestId('toast').filter({ hasText: 'cleanup-logs: succeeded' }).waitFor();
  await page.getByRole('link', { name: 'System log' }).click();
  await page.getByLabel('Type').fill('BOOKING_CONFIRMED');
  await page.getByLabel('Type').press('Enter');
  const rows = page.locator('#logs tbody tr').filter({ hasText: booking.id });
  await rows.filter({ hasText: 'BOOKING_CONFIRMED' }).waitFor();
  await rows.filter({ hasText: 'BOOKING_CREATED' }).waitFor({ state: 'detached' });
  assert.equal(await rows.count(), 1, 'only the filtered type is listed');
});

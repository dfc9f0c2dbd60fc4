// Earnings and payouts in a real browser, with test-mode payments. run.sh starts the server
// with PAYOUT_HOLDING_SECONDS=30, so a paid call's share is pending for 30 seconds instead of a
// week. A creator with a paid booking sees it pending with its release date, switches to
// payouts on request (nothing to request yet); once the clock is past the holding period the
// share is available; they are refused a payout above it (in the words of its code) and
// request one; an admin finds the request on the Payouts page, approves it, and its audit trail
// shows every step once the payout job has paid it; the creator sees it paid and is told. The
// admin also blocks and unblocks the creator's payouts. After a cancellation, a French creator
// reads the refund in their ledger and an admin opens it on the Payments page.
import assert from 'node:assert/strict';
import { test, BASE_URL, logInThroughUi, uniqueEmail, PASSWORD } from './harness.mjs';

const DEMO_PASSWORD = 'callstar-demo-1';

async function api(path, { token, body, method, ok = true } = {}) {
  const response = await fetch(`${BASE_URL}${path}`, {
    method: method ?? (body ? 'POST' : 'GET'),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (ok) assert.ok(response.ok, `${path}: ${response.status} ${text}`);
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

async function signIn(email, password = PASSWORD) {
  return (await api('/api/auth/login', { body: { email, password } })).json.accessToken;
}

async function account(prefix, name, role, locale = 'en') {
  const email = uniqueEmail(prefix);
  await api('/api/auth/register', { body: { email, password: PASSWORD, name, role, locale, timezone: 'Europe/Paris' } });
  return { email, name, token: await signIn(email) };
}

/** A creator with one paid test booking of `price` EUR, `days` ahead; answers the booking. */
async function paidBooking(creator, fan, price, days, title) {
  const offer = (await api('/api/call-offers', {
    token: creator.token,
    body: { title, description: 'Forty minutes', price, currency: 'EUR', dateTime: new Date(Date.now() + days * 86400_000).toISOString(), duration: 40 },
  })).json;
  const booking = (await api('/api/bookings', { token: fan.token, body: { callOfferId: offer.id } })).json;
  const paid = (await api('/api/payments/create-intent', { token: fan.token, body: { bookingId: booking.id } })).json;
  assert.equal(paid.isTestBooking, true);
  return booking;
}

/** Runs a job now as an admin (again if the job happens to be running already). */
async function runJob(adminToken, job) {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const run = await api(`/api/admin/jobs/${job}/run`, { token: adminToken, method: 'POST', ok: false });
    if (run.status === 200) return run.json;
    assert.equal(run.status, 409, JSON.stringify(run.json));
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${job} stayed busy`);
}

async function adminPage(context) {
  const admin = await (await context.browser().newContext({ baseURL: BASE_URL, timezoneId: 'Europe/Paris' })).newPage();
  await admin.goto('/login');
  await logInThroughUi(admin, 'admin@callstar.test', DEMO_PASSWORD);
  await admin.waitForURL((url) => !url.pathname.startsWith('/login'));
  return admin;
}

test('a creator requests a payout, an admin approves it, and it is paid', async (page, context) => {
  const creator = await account('earner', `Noor ${Date.now()}`, 'creator');
  const fan = await account('payer', 'Paying Fan', 'user');
  await paidBooking(creator, fan, '80.00', 3, 'Portfolio review');

  // The creator opens their earnings from the dashboard: 68.00 of the 80.00 (15 % fee), pending
  // until its release date.
  await page.goto('/login');
  await logInThroughUi(page, creator.email);
  await page.getByTestId('to-earnings').click();
  await page.waitForURL('**/dashboard/creator/earnings');
  const pending = page.getByTestId('balance-pending');
  await pending.locator('li').filter({ hasText: /^€68\.00 on / }).waitFor();
  assert.match(await pending.innerText(), /Pending\s+€68\.00/i);
  assert.match(await page.getByTestId('balance-available').innerText(), /€0\.00/);
  assert.match(await page.getByTestId('balance-in-flight').innerText(), /€0\.00/);
  assert.match(await page.getByTestId('balance-debt').innerText(), /€0\.00/);
  const earning = page.getByTestId('ledger-row').filter({ hasText: 'Earning' });
  await earning.waitFor();
  assert.match(await earning.innerText(), /€68\.00/);
  await earning.getByRole('link', { name: 'See the booking' }).waitFor();
  await page.getByText('No payout yet.').waitFor();
  const { releaseAt } = (await api('/api/payouts/balance', { token: creator.token })).json.releases[0];

  // New creators are paid weekly: they switch to payouts on request.
  const settings = page.getByTestId('payout-settings');
  await page.getByTestId('next-payout').filter({ hasText: 'Every week' }).waitFor();
  await settings.getByText('On request').click();
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await page.getByTestId('toast').filter({ hasText: 'Your payout settings are saved.' }).waitFor();
  const request = page.getByTestId('request-payout');
  await request.getByText('Nothing is available yet.').waitFor();
  assert.equal(await request.getByRole('button', { name: 'Request payout' }).isDisabled(), true);

  // The clock passes the release date: the share is available, nothing is pending any more.
  const wait = Date.parse(releaseAt) + 1000 - Date.now();
  assert.ok(wait < 30_000, `released in ${wait} ms`);
  await new Promise((resolve) => setTimeout(resolve, Math.max(wait, 0)));
  await page.reload();
  await page.getByTestId('balance-available').filter({ hasText: '€68.00' }).waitFor();
  assert.match(await pending.innerText(), /Pending\s+€0\.00/i);
  await request.getByText('At most €68.00, your available balance.').waitFor();

  // More than the balance: the server refuses, and the page says why.
  await request.getByLabel('Amount (EUR)').fill('100');
  await request.getByRole('button', { name: 'Request payout' }).click();
  const refusal = page.getByTestId('payout-refusal');
  await refusal.filter({ hasText: 'This is more than your available balance.' }).waitFor();
  assert.equal(await refusal.getAttribute('data-code'), 'payout_above_available');

  await request.getByLabel('Amount (EUR)').fill('50');
  await request.getByRole('button', { name: 'Request payout' }).click();
  await page.getByTestId('toast').filter({ hasText: 'Your payout of €50.00 is requested.' }).waitFor();
  await page.getByTestId('balance-available').filter({ hasText: '€18.00' }).waitFor();
  assert.match(await page.getByTestId('balance-in-flight').innerText(), /€50\.00/);
  await page.locator('[data-testid="payout-row"][data-status="REQUESTED"]').filter({ hasText: '€50.00' }).waitFor();

  // An admin finds the request among those waiting for a decision and approves it.
  const admin = await adminPage(context);
  await admin.getByRole('link', { name: 'Operations' }).click();
  await admin.getByRole('link', { name: 'Payouts' }).click();
  await admin.waitForURL('**/admin/payouts');
  await admin.getByRole('heading', { name: 'Requests waiting for a decision' }).waitFor();
  const row = admin.getByTestId('admin-payout-row').filter({ hasText: creator.name });
  await row.waitFor();
  assert.match(await row.innerText(), /€50\.00[\s\S]*Requested/);
  await row.getByRole('link', { name: 'Open' }).click();
  await admin.waitForURL(/\/admin\/payouts\?id=/);
  const panel = admin.getByTestId('payout-panel');
  await panel.getByRole('heading', { name: `€50.00 to ${creator.name}` }).waitFor();
  await panel.getByRole('button', { name: 'Approve' }).click();
  await admin.getByTestId('toast').filter({ hasText: 'The payout is approved; it is sent now.' }).waitFor();
  await row.waitFor({ state: 'detached' });

  // The approval wakes the payout job, which pays a test payout at once; the test runs it as
  // well, then reads the audit trail: requested by the creator, approved by the admin, sent and
  // paid by Callstar.
  const adminToken = await signIn('admin@callstar.test', DEMO_PASSWORD);
  await runJob(adminToken, 'process-payouts');
  await admin.reload();
  await panel.getByTestId('payout-status').filter({ hasText: 'Paid' }).waitFor();
  const steps = panel.getByTestId('audit-step');
  await steps.nth(3).waitFor();
  assert.deepEqual(
    await steps.evaluateAll((items) => items.map((item) => item.dataset.to)),
    ['REQUESTED', 'APPROVED', 'PROCESSING', 'PAID'],
  );
  assert.match(await steps.nth(0).innerText(), new RegExp(`creator \\(${creator.name}\\)`));
  assert.match(await steps.nth(1).innerText(), /Requested → Approved[\s\S]*admin \(Ada Admin\)/);
  assert.match(await steps.nth(3).innerText(), /On its way → Paid[\s\S]*Callstar/);

  // The creator sees it paid, and is told.
  await page.reload();
  await page.locator('[data-testid="payout-row"][data-status="PAID"]').filter({ hasText: '€50.00' }).waitFor();
  assert.match(await page.getByTestId('balance-in-flight').innerText(), /€0\.00/);
  assert.match(await page.getByTestId('balance-available').innerText(), /€18\.00/);
  const kinds = await page.getByTestId('ledger-row').evaluateAll((rows) => rows.map((r) => r.dataset.kind));
  assert.deepEqual(kinds, ['PayoutPaid', 'Payout', 'Earning']);
  await page.getByTestId('bell').click();
  await page.getByTestId('notification').filter({ hasText: 'Your payout of €50.00 was paid to your bank.' }).waitFor();

  // The admin blocks the creator's payouts with a reason; the creator sees it; then unblocks.
  await panel.getByRole('link', { name: creator.name }).click();
  const creatorPanel = admin.getByTestId('creator-panel');
  await creatorPanel.getByText('On request').waitFor();
  await creatorPanel.getByLabel('Reason for blocking').fill('Identity check');
  await creatorPanel.getByRole('button', { name: 'Block payouts' }).click();
  await admin.getByTestId('toast').filter({ hasText: "The creator's payouts are blocked." }).waitFor();
  await creatorPanel.getByTestId('creator-block').filter({ hasText: 'Identity check' }).waitFor();
  await page.goto('/dashboard/creator/earnings');
  await page.getByTestId('payouts-blocked').filter({ hasText: 'Identity check' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Request payout' }).isDisabled(), true);
  await creatorPanel.getByRole('button', { name: 'Unblock payouts' }).click();
  await admin.getByTestId('toast').filter({ hasText: "The creator's payouts are unblocked." }).waitFor();
  await creatorPanel.getByTestId('creator-block').filter({ hasText: 'Open' }).waitFor();
  await admin.context().close();
});

test('a refund after cancellation: the French creator’s ledger, and the admin’s Payments page', async (page, context) => {
  const creator = await account('refunded', `Inès ${Date.now()}`, 'creator', 'fr');
  const fan = await account('canceller', 'Cancelling Fan', 'user');
  const booking = await paidBooking(creator, fan, '40.00', 4, 'Cours de dessin');
  // Days ahead the fan cancels: everything goes back, through the refund queue.
  const cancelled = (await api(`/api/bookings/${booking.id}/cancel`, { token: fan.token, body: {} })).json;
  assert.equal(cancelled.refundedAmount, '40.00');

  // The creator reads it in French, amounts in the French style.
  await page.goto('/login');
  await logInThroughUi(page, creator.email);
  // Signing in loads the studio bundle; wait for its page rather than for the navigation event,
  // which a clean CI run once saw aborted (the page still arrived).
  await page.getByTestId('to-earnings').waitFor();
  await page.goto('/dashboard/creator/earnings');
  await page.getByRole('heading', { name: 'Revenus', level: 1 }).waitFor();
  await page.getByTestId('balance-available').filter({ hasText: /Disponible\s*0,00\s€/i }).waitFor();
  const refund = page.getByTestId('ledger-row').filter({ hasText: 'Remboursement' });
  await refund.waitFor();
  assert.match(await refund.innerText(), /-34,00\s€/);
  assert.match(await page.getByTestId('ledger-row').filter({ hasText: 'Revenu' }).innerText(), /34,00\s€/);
  await page.getByText('Aucun virement pour l’instant.').waitFor();

  // An admin finds the refund with its queue state and opens it.
  const admin = await adminPage(context);
  await admin.goto('/admin/payments');
  await admin.getByRole('heading', { name: 'Payments', level: 1 }).waitFor();
  await admin.getByTestId('payment-row').first().waitFor();
  await admin.getByRole('tab', { name: 'Refunds' }).click();
  const row = admin.getByTestId('refund-row').filter({ hasText: 'The fan cancelled at least 24 hours before the call' }).filter({ hasText: '€40.00' }).first();
  await row.waitFor();
  assert.match(await row.innerText(), /(Queued|Sent)/);
  await row.getByRole('link', { name: 'Open' }).click();
  await admin.waitForURL(/\/admin\/payments\?refund=/);
  const panel = admin.getByTestId('refund-panel');
  await panel.getByRole('heading', { name: 'Refund of €40.00' }).waitFor();
  assert.match(await panel.innerText(), /Creator's share\s+€34\.00/);
  assert.match(await panel.innerText(), new RegExp(booking.id));
  await admin.context().close();
});

// Coach planning in a real browser (issue 12): a host sets weekly hours and an appointment type
// in the settings; a client books a free slot from the host's public page; the host sees it on
// the calendar, books a prospect through the four-step wizard, and the dashboard's "Today's
// appointments" turns green with both. A client books a priced type by phone and pays it like
// an offer (test mode). A prospect's e-mail link opens the call page without an account and
// offers to set a password.
//
// "Today" must have free slots left whenever the suite runs, including near midnight: the host
// and the client live in a time zone where it is now daytime (picked below among zones spread
// around the clock), the hours cover every day from 00:00 to midnight, and the type needs no
// notice. So slots remain today for hours, and the test never skips the "today" assertions.
import assert from 'node:assert/strict';
import { test, BASE_URL, registerThroughUi, uniqueEmail, PASSWORD } from './harness.mjs';

const DEMO_PASSWORD = 'callstar-demo-1';

/** The hour (0–23) now in `zone`. */
function hourIn(zone) {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: 'numeric', hourCycle: 'h23' }).format(new Date()));
}

/** A zone where it is now between 06:00 and 16:59: with these offsets (−10 to +14 hours, no gap
 * over 5 hours) one always is, so at least seven hours of 30-minute slots are still ahead. */
function daytimeZone() {
  const zones = ['Europe/Paris', 'America/New_York', 'America/Los_Angeles', 'Pacific/Honolulu',
    'Asia/Dubai', 'Asia/Tokyo', 'Australia/Sydney', 'Pacific/Kiritimati', 'Europe/London'];
  const zone = zones.find((z) => hourIn(z) >= 6 && hourIn(z) < 17);
  assert.ok(zone, 'some zone is in its daytime');
  return zone;
}

/** Today's date (YYYY-MM-DD) in `zone`. */
function todayIn(zone) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

async function api(path, { token, method, body } = {}) {
  const response = await fetch(`${BASE_URL}${path}`, {
    method: method ?? (body ? 'POST' : 'GET'),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  assert.ok(response.ok, `${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

// Picked as the file loads, a moment before the test runs; the host's browser runs in it.
const ZONE = daytimeZone();

test('a host sets hours and a type, a client books, the host sees it, books a prospect, and today turns green', { timezoneId: ZONE }, async (host, context) => {
  const zone = ZONE;
  const today = todayIn(zone);
  const clientContext = await context.browser().newContext({ baseURL: BASE_URL, timezoneId: zone, locale: 'en-US' });
  try {
    const errors = [];
    const hostName = `Coach ${Date.now()}`;
    await registerThroughUi(host, { name: hostName, email: uniqueEmail('coach'), role: 'creator' });

    // The dashboard's widget is grey: nothing today yet.
    const widget = host.getByTestId('today-widget');
    await widget.waitFor();
    await host.getByTestId('today-count').filter({ hasText: '0' }).waitFor();
    assert.equal(await widget.getAttribute('data-state'), 'off');

    // Settings → Availability: every day from 00:00 to midnight, in the host's zone.
    await host.getByRole('link', { name: 'Planning', exact: true }).click();
    await host.waitForURL('**/planning');
    await host.getByRole('link', { name: 'Planning settings' }).click();
    await host.getByRole('tab', { name: 'Availability' }).click();
    await host.getByLabel('Time zone').selectOption(zone);
    const monday = host.locator('fieldset[data-weekday="1"]');
    // The defaults (9–12 and 14–18) give way to one range.
    while (await monday.getByRole('button', { name: 'Remove this range' }).count() > 0) {
      await monday.getByRole('button', { name: 'Remove this range' }).first().click();
    }
    await monday.getByText('Not available').waitFor();
    await monday.getByRole('button', { name: 'Add a range' }).click();
    await monday.getByLabel('From').fill('00:00');
    await monday.getByLabel('To').fill('00:00');
    await monday.getByRole('button', { name: 'Copy to every day' }).click();
    await host.locator('fieldset[data-weekday="7"]').getByTestId('range').waitFor();
    await host.getByRole('button', { name: 'Save the hours' }).click();
    await host.getByTestId('toast').filter({ hasText: 'Your hours are saved.' }).waitFor();

    // Settings → Types: a 30-minute video type that needs no notice.
    await host.getByRole('tab', { name: 'Types' }).click();
    const form = host.getByTestId('type-form').last();
    await form.getByLabel('Name').fill('Quick chat');
    await form.getByLabel('Length (minutes)').fill('30');
    await form.getByLabel('Minimum notice (minutes)').fill('0');
    await form.getByRole('button', { name: 'Create the type' }).click();
    await host.getByTestId('toast').filter({ hasText: 'The type is saved.' }).waitFor();
    await host.getByTestId('type-row').filter({ hasText: 'Quick chat' }).filter({ hasText: 'Offered' }).waitFor();

    // A client finds the host and books a free slot.
    const client = await clientContext.newPage();
    client.on('pageerror', (err) => errors.push(err));
    await registerThroughUi(client, { name: 'Clara Client', email: uniqueEmail('client') });
    await client.getByRole('link', { name: 'Creators' }).click();
    await client.locator('#creator-search').fill(hostName);
    await client.locator('#creator-search').press('Enter');
    await client.getByTestId('creator-card').filter({ hasText: hostName }).getByRole('link').first().click();
    await client.getByRole('link', { name: 'Book an appointment' }).click();
    await client.waitForURL('**/hosts/*/book');
    await client.getByRole('radio', { name: /Quick chat/ }).check();
    // The picker opens on the first day with a free slot: today, in the client's zone.
    const clientPicker = client.getByTestId('slot-picker');
    await clientPicker.locator(`.cal-day[data-date="${today}"][aria-pressed="true"]`).waitFor();
    await clientPicker.getByTestId('slot').nth(2).click();
    const clientSlot = await clientPicker.getByTestId('slot').nth(2).getAttribute('data-starts-at');
    await client.getByLabel('Message to the host (optional)').fill('About my project');
    await client.getByRole('button', { name: 'Book', exact: true }).click();
    await client.waitForURL('**/appointments/*');
    const booked = client.getByTestId('appointment');
    await booked.filter({ hasText: 'Quick chat' }).filter({ hasText: 'Confirmed' }).waitFor();
    assert.match(await booked.innerText(), /About my project/);

    // The client's appointments list has it.
    await client.getByRole('link', { name: 'Back to my appointments' }).click();
    await client.getByTestId('appointment-row').filter({ hasText: 'Quick chat' }).filter({ hasText: hostName }).waitFor();

    // The host sees it on today's square of the calendar, and in the day's list.
    await host.goto('/planning');
    const day = host.locator(`.cal-day[data-date="${today}"]`);
    await day.filter({ hasText: 'Quick chat' }).waitFor();
    await host.getByTestId('day-appointments').getByTestId('appointment-row').filter({ hasText: 'Clara Client' }).waitFor();
    await host.getByTestId('stat-total').filter({ hasText: '1' }).waitFor();

    // The host books a prospect through the wizard.
    await host.getByRole('link', { name: 'New appointment' }).click();
    await host.waitForURL('**/planning/new');
    await host.getByRole('radio', { name: 'A prospect' }).check();
    await host.getByLabel('Their name').fill('Paul Prospect');
    const prospectEmail = uniqueEmail('prospect');
    await host.getByLabel('Their e-mail').fill(prospectEmail);
    await host.getByRole('button', { name: 'Next', exact: true }).click();
    await host.getByRole('radio', { name: /Quick chat/ }).check();
    await host.getByRole('button', { name: 'Next', exact: true }).click();
    const hostPicker = host.getByTestId('slot-picker');
    await hostPicker.locator(`.cal-day[data-date="${today}"][aria-pressed="true"]`).waitFor();
    // The client's slot is taken: it is no longer offered.
    await hostPicker.getByTestId('slot').first().waitFor();
    assert.equal(await hostPicker.locator(`[data-starts-at="${clientSlot}"]`).count(), 0, 'a booked slot is not free');
    await hostPicker.getByTestId('slot').nth(4).click();
    await host.getByRole('button', { name: 'Next', exact: true }).click();
    await host.getByRole('radio', { name: 'Video call' }).waitFor();
    await host.getByLabel('Title (optional)').fill('First talk with Paul');
    await host.getByRole('button', { name: 'Create the appointment' }).click();
    const created = host.getByTestId('appointment-created');
    await created.filter({ hasText: 'First talk with Paul' }).waitFor();
    await created.getByRole('link', { name: 'See the appointment' }).click();
    await host.getByTestId('appointment').filter({ hasText: 'Paul Prospect' }).filter({ hasText: prospectEmail }).waitFor();

    // Both are on today's square.
    await host.getByRole('link', { name: 'Back to the planning' }).click();
    await host.locator(`.cal-day[data-date="${today}"]`).filter({ hasText: 'First talk with Paul' }).waitFor();
    await host.getByTestId('stat-total').filter({ hasText: '2' }).waitFor();

    // The dashboard's widget is green with both, and unfolds into them.
    await host.getByRole('link', { name: 'Dashboard' }).click();
    await host.waitForURL('**/dashboard/creator');
    await host.getByTestId('today-count').filter({ hasText: '2' }).waitFor();
    assert.equal(await widget.getAttribute('data-state'), 'on');
    const toggle = widget.getByRole('button', { name: /Today's appointments/ });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    await widget.getByTestId('appointment-row').filter({ hasText: 'Clara Client' }).waitFor();
    await widget.getByTestId('appointment-row').filter({ hasText: 'Paul Prospect' }).waitFor();
    await widget.getByRole('link', { name: 'Open the planning' }).waitFor();
    if (errors.length) throw new Error(`uncaught page errors: ${errors.map(String).join('; ')}`);
  } finally {
    await clientContext.close();
  }
});

test('a client books a priced type by phone and pays in test mode, as for an offer', { timezoneId: ZONE }, async (page) => {
  // A host with every hour open and one priced type (so the booking page preselects it).
  const email = uniqueEmail('paid-host');
  await api('/api/auth/register', { body: { email, password: PASSWORD, name: `Paid Host ${Date.now()}`, role: 'creator' } });
  const { accessToken: host, user } = await api('/api/auth/login', { body: { email, password: PASSWORD } });
  const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, ranges: [{ start: '00:00', end: '24:00' }] }));
  await api('/api/availability', { token: host, method: 'PUT', body: { timezone: 'UTC', weekly } });
  await api('/api/appointment-types', {
    token: host,
    body: { name: 'Paid session', duration: 45, color: '#db2777', meetingTypes: ['video', 'phone'], minimumNotice: 0, price: '25.00', currency: 'EUR' },
  });

  await registerThroughUi(page, { name: 'Petra Payer', email: uniqueEmail('payer') });
  await page.goto(`/hosts/${user.id}/book`);
  const kind = page.getByRole('radio', { name: /Paid session/ });
  await kind.waitFor();
  assert.ok(await kind.isChecked(), 'the only type is chosen already');
  assert.match(await page.locator('.type-choice').innerText(), /€25\.00/);
  await page.getByRole('radio', { name: 'Phone' }).check();
  await page.getByLabel('Phone number').fill('+33 6 12 34 56 78');
  await page.getByTestId('slot').nth(1).click();
  await page.getByRole('button', { name: 'Book and pay' }).click();
  // Held, then paid through create-intent: without Stripe keys, the labelled test-mode confirmation.
  await page.getByTestId('test-mode').waitFor();
  await page.getByRole('button', { name: 'Confirm test booking' }).click();
  await page.waitForURL('**/appointments/*');
  const paid = page.getByTestId('appointment');
  await paid.filter({ hasText: 'Confirmed' }).filter({ hasText: '+33 6 12 34 56 78' }).waitFor();
  assert.match(await paid.innerText(), /€25\.00/);
  await page.getByTestId('toast').filter({ hasText: 'Your appointment is booked.' }).waitFor();
});

test('a prospect opens the call page from their e-mail link and sets a password', async (page) => {
  // A host with every hour open and a type, set up through the API.
  const email = uniqueEmail('link-host');
  await api('/api/auth/register', { body: { email, password: PASSWORD, name: 'Link Host', role: 'creator' } });
  const { accessToken: host, user } = await api('/api/auth/login', { body: { email, password: PASSWORD } });
  const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, ranges: [{ start: '00:00', end: '24:00' }] }));
  await api('/api/availability', { token: host, method: 'PUT', body: { timezone: 'UTC', weekly } });
  const kind = await api('/api/appointment-types', {
    token: host,
    body: { name: 'Intro', duration: 30, color: '#0ea5e9', meetingTypes: ['video'], minimumNotice: 60 },
  });
  const { days } = await api(`/api/hosts/${user.id}/slots?typeId=${kind.id}&tz=UTC`);
  const slot = days[0].morning[0] ?? days[0].afternoon[0] ?? days[0].evening[0];
  const prospect = uniqueEmail('paul');
  const appointment = await api('/api/appointments', {
    token: host,
    body: { appointmentTypeId: kind.id, startsAt: slot.startsAt, meetingType: 'video', prospect: { name: 'Paul Prospect', email: prospect }, title: 'Intro with Paul' },
  });

  // The link is in the prospect's confirmation e-mail (read as an operator).
  const { accessToken: admin } = await api('/api/auth/login', { body: { email: 'admin@callstar.test', password: DEMO_PASSWORD } });
  const outbox = await api(`/api/admin/emails?to=${encodeURIComponent(prospect)}`, { token: admin });
  const mail = outbox.items.find((item) => item.template === 'booking_confirmation');
  assert.ok(mail, `a confirmation to the prospect: ${JSON.stringify(outbox.items.map((i) => i.template))}`);
  const { text } = await api(`/api/admin/emails/${mail.id}`, { token: admin });
  const link = text.match(new RegExp(`/call/${appointment.id}\\?key=[^\\s"<>]+`));
  assert.ok(link, 'the e-mail links to the call with a key');

  // A fresh browser (no session) opens the link: signed in as the prospect, on the call page.
  await page.goto(link[0]);
  await page.waitForURL((url) => url.pathname === `/call/${appointment.id}` && !url.search.includes('key'));
  await page.getByRole('heading', { name: 'Intro with Paul' }).waitFor();
  await page.getByTestId('nav-user').filter({ hasText: 'Paul Prospect' }).waitFor();

  // No password yet: the page offers one; once set, the offer goes and the login works.
  const claim = page.getByTestId('claim-account');
  await claim.getByLabel('Password').fill('short');
  await claim.getByRole('button', { name: 'Set my password' }).click();
  await claim.getByRole('alert').filter({ hasText: 'Use at least 10 characters' }).waitFor();
  await claim.getByLabel('Password').fill(PASSWORD);
  await claim.getByRole('button', { name: 'Set my password' }).click();
  await page.getByTestId('toast').filter({ hasText: 'Your account is ready' }).waitFor();
  await claim.waitFor({ state: 'detached' });
  await api('/api/auth/login', { body: { email: prospect, password: PASSWORD } });

  // A key that does not match is refused in words, with a way to sign in.
  await page.context().clearCookies();
  await page.goto(`/call/${appointment.id}?key=not-the-key`);
  await page.getByTestId('guest-link-failed').filter({ hasText: 'This link is invalid or has expired' }).waitFor();
});

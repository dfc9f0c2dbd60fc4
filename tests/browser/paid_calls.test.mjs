// Paid calls in a real browser: a creator publishes an offer, a fan books and pays in test
// mode, a second fan watching the same booking page sees "already booked", and the first
// fan's bell shows the confirmation.
import assert from 'node:assert/strict';
import { test, registerThroughUi, uniqueEmail, PASSWORD } from './harness.mjs';

test('publish, book and pay in test mode; a second fan sees "already booked"; the bell rings', async (page, context) => {
  // The creator publishes an offer through the form.
  const creatorName = `Camille ${Date.now()}`;
  await registerThroughUi(page, { name: creatorName, email: uniqueEmail('creator'), role: 'creator' });
  await page.getByRole('heading', { name: 'Publish a new offer' }).waitFor();
  await page.getByLabel('Title').fill('Piano coaching');
  await page.getByLabel('Description').fill('Thirty minutes on your repertoire.');
  await page.getByLabel('Price').fill('45.50');
  await page.getByLabel('Duration (minutes)').fill('30');
  const inTwoDays = new Date(Date.now() + 2 * 24 * 3600 * 1000);
  const local = new Date(inTwoDays.getTime() - inTwoDays.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  await page.getByLabel('Date and time').fill(local);
  await page.getByRole('button', { name: 'Publish offer' }).click();
  await page.getByTestId('toast').filter({ hasText: 'Your offer is published.' }).waitFor();
  await page.getByTestId('my-offer').filter({ hasText: 'Piano coaching' }).filter({ hasText: 'Available' }).waitFor();

  // The creator edits the price.
  await page.getByTestId('my-offer').filter({ hasText: 'Piano coaching' }).getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByTestId('edit-offer');
  await edit.getByLabel('Price').fill('46');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await page.getByTestId('toast').filter({ hasText: 'The offer was updated.' }).waitFor();
  await page.getByTestId('my-offer').filter({ hasText: 'Piano coaching' }).filter({ hasText: '€46.00' }).waitFor();

  // Two fans, each in their own browser context.
  const browser = context.browser();
  const fanOne = await (await browser.newContext({ baseURL: process.env.BASE_URL, timezoneId: 'Europe/Paris' })).newPage();
  const fanTwo = await (await browser.newContext({ baseURL: process.env.BASE_URL, timezoneId: 'Europe/Paris' })).newPage();
  await registerThroughUi(fanOne, { name: 'Fan One', email: uniqueEmail('fan1') });
  await registerThroughUi(fanTwo, { name: 'Fan Two', email: uniqueEmail('fan2') });

  // Fan one finds the creator and the offer.
  await fanOne.getByRole('link', { name: 'Creators' }).click();
  await fanOne.getByTestId('creator-card').filter({ hasText: creatorName }).getByRole('link', { name: 'See the offers' }).click();
  const row = fanOne.getByTestId('offer-row').filter({ hasText: 'Piano coaching' });
  await row.waitFor();
  assert.match(await row.innerText(), /€46\.00/, 'the edited price, formatted for English');
  await row.getByRole('link', { name: 'Book this call' }).click();
  await fanOne.getByTestId('test-mode').waitFor();
  const bookUrl = fanOne.url();

  // Fan two opens the same booking page before fan one pays.
  await fanTwo.goto(bookUrl);
  await fanTwo.getByRole('button', { name: 'Confirm test booking' }).waitFor();

  await fanOne.getByRole('button', { name: 'Confirm test booking' }).click();
  await fanOne.getByTestId('booking-success').waitFor();
  await fanOne.getByRole('heading', { name: 'Your call is booked!' }).waitFor();

  // Within 10 s fan two's page says the slot is gone and offers a way back.
  const refusal = fanTwo.getByTestId('refusal').filter({ hasText: 'This call has just been booked' });
  await refusal.waitFor({ timeout: 10_000 });
  assert.equal(await refusal.getAttribute('data-code'), 'already_booked');
  await refusal.getByRole('link', { name: 'See other slots' }).waitFor();

  // Fan one's bell shows the confirmation.
  await fanOne.getByTestId('bell-count').filter({ hasText: '1' }).waitFor({ timeout: 10_000 });
  await fanOne.getByTestId('bell').click();
  const note = fanOne.getByTestId('notification').first();
  await note.filter({ hasText: 'Booking confirmed' }).waitFor();
  assert.match(await note.innerText(), /Piano coaching/);
  await note.getByRole('button', { name: 'Mark as read' }).click();
  await fanOne.getByTestId('bell-count').waitFor({ state: 'detached' });

  // The booking is on fan one's dashboard, labelled as a test booking.
  await fanOne.getByRole('link', { name: 'Dashboard' }).click();
  const booked = fanOne.getByTestId('booking-row').filter({ hasText: 'Piano coaching' });
  await booked.filter({ hasText: 'Confirmed' }).filter({ hasText: 'Test booking' }).waitFor();

  // And the creator's list shows the offer as booked.
  await page.reload();
  await page.getByTestId('my-offer').filter({ hasText: 'Piano coaching' }).filter({ hasText: 'Booked' }).waitFor();
});

test('prices and dates are formatted for French readers', { locale: 'fr-FR' }, async (page) => {
  // A creator and an offer, set up through the API.
  const email = uniqueEmail('fr-creator');
  const name = `Créatrice ${Date.now()}`;
  let response = await page.request.post('/api/auth/register', { data: { email, password: PASSWORD, name, role: 'creator' } });
  assert.equal(response.status(), 201);
  response = await page.request.post('/api/auth/login', { data: { email, password: PASSWORD } });
  const { accessToken } = await response.json();
  const dateTime = new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString();
  response = await page.request.post('/api/call-offers', {
    headers: { authorization: `Bearer ${accessToken}` },
    data: { title: 'Cours de chant', description: '', price: '45.50', currency: 'EUR', dateTime, duration: 45 },
  });
  assert.equal(response.status(), 201);
  await page.context().clearCookies();

  await page.goto('/creators');
  await page.getByRole('heading', { name: 'Réservez un appel avec un créateur' }).waitFor();
  await page.getByTestId('creator-card').filter({ hasText: name }).getByRole('link', { name: 'Voir les offres' }).click();
  const row = page.getByTestId('offer-row').filter({ hasText: 'Cours de chant' });
  await row.waitFor();
  const text = (await row.innerText()).replace(/\s/g, ' ');
  assert.match(text, /45,50 €/, `French money format in: ${text}`);
  assert.match(text, /45 min/);
  assert.match(text, /\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}/, `French date in: ${text}`);
});

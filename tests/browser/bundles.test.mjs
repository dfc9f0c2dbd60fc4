// The web app's bundles in a real browser: a visitor's first load fetches the main bundle only
// (not the call, studio or admin wasm); a fan's own pages are the call bundle's; an admin's
// login lands in the admin bundle, whose
// pages switch without a page load, and its links to the main bundle load that one.
import assert from 'node:assert/strict';
import { test, logInThroughUi } from './harness.mjs';

const DEMO_PASSWORD = 'callstar-demo-1';
const OTHER_BUNDLES = ['/call/', '/studio/', '/admin/'];

/** Paths of the scripts and wasm the page fetched so far. */
function fetchedCode(requests) {
  return requests.map((url) => new URL(url).pathname).filter((path) => /\.(wasm|js)$/.test(path));
}

test('a visitor\'s first load fetches the main bundle only; signed in, a fan\'s pages are the call bundle\'s', async (page) => {
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto('/');
  await page.getByRole('heading', { name: 'Talk one-to-one with the people who inspire you' }).waitFor();
  let code = fetchedCode(requests);
  assert.ok(code.some((path) => /^\/callstar-frontend-[0-9a-f]+_bg\.wasm$/.test(path)), `the main wasm: ${code}`);
  assert.deepEqual(code.filter((path) => OTHER_BUNDLES.some((prefix) => path.startsWith(prefix))), [], 'no other bundle');
  assert.ok(!code.some((path) => path.includes('daily-bridge')), 'no Daily bridge before a call');

  // Signed in, the fan lands on their dashboard: the call bundle, by a page load.
  await page.getByRole('link', { name: 'Log in' }).click();
  await logInThroughUi(page, 'fan@callstar.test', DEMO_PASSWORD);
  await page.waitForURL('**/dashboard/user');
  await page.getByRole('heading').first().waitFor();
  code = fetchedCode(requests);
  assert.ok(code.some((path) => /^\/call\/callstar-call-[0-9a-f]+_bg\.wasm$/.test(path)), `the call wasm: ${code}`);
  assert.deepEqual(code.filter((path) => ['/studio/', '/admin/'].some((prefix) => path.startsWith(prefix))), [], `no studio or admin bundle: ${code}`);

  // Within the call bundle the fan's pages switch without a page load.
  await page.evaluate(() => { window.__samePage = true; });
  for (const [link, heading] of [['My calls', 'My calls'], ['Profile', 'Your profile']]) {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: link, exact: true }).click();
    await page.getByRole('heading', { name: heading }).waitFor();
  }
  await page.getByTestId('bell').click();
  await page.getByRole('heading', { name: 'Notifications' }).waitFor();
  assert.equal(await page.evaluate(() => window.__samePage), true, 'no page load inside the call bundle');

  // The creators directory is the main bundle's again: a page load, still signed in.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Creators', exact: true }).click();
  await page.waitForURL('**/creators');
  await page.getByRole('heading', { name: 'Book a call with a creator' }).waitFor();
  assert.equal(await page.evaluate(() => window.__samePage), undefined, 'a page load into the main bundle');
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'My calls', exact: true }).waitFor();
});

test('an admin lands in the admin bundle, moves within it, and back to the main bundle by a page load', async (page) => {
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto('/login');
  await logInThroughUi(page, 'admin@callstar.test', DEMO_PASSWORD);
  await page.waitForURL('**/admin/users');
  await page.getByRole('heading', { name: 'Accounts' }).waitFor();
  await page.getByRole('cell', { name: 'creator@callstar.test' }).waitFor();
  assert.ok(fetchedCode(requests).some((path) => /^\/admin\/callstar-admin-[0-9a-f]+_bg\.wasm$/.test(path)), 'the admin wasm');

  // Within the bundle the router moves: the page is not reloaded.
  await page.evaluate(() => { window.__samePage = true; });
  await page.getByRole('link', { name: 'Operations' }).click();
  await page.getByRole('heading', { name: 'Scheduled jobs' }).waitFor();
  await page.getByRole('link', { name: 'System log' }).click();
  await page.waitForURL('**/admin/logs');
  assert.equal(await page.evaluate(() => window.__samePage), true, 'no page load inside the admin bundle');

  // The creators directory belongs to the main bundle: a page load, still signed in.
  await page.getByRole('link', { name: 'Creators', exact: true }).click();
  await page.waitForURL('**/creators');
  await page.getByRole('heading', { name: 'Book a call with a creator' }).waitFor();
  assert.equal(await page.evaluate(() => window.__samePage), undefined, 'a new page');
  await page.getByTestId('nav-user').waitFor();
  assert.ok(fetchedCode(requests).some((path) => /^\/callstar-frontend-[0-9a-f]+_bg\.wasm$/.test(path)), 'the main wasm');
});

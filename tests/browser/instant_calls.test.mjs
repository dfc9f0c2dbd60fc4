// Instant calls in a real browser, two people of the demo organization side by side: Sarah
// (staff) calls Stephen (client) from the floating call button; Stephen's incoming-call modal
// rings within 2 s wherever he is, over the WebSocket; accepting takes both into the call (a
// fake Daily call object injected into the bridge, as in call.test.mjs), and hanging up
// records ENDED on both screens. Then a declined call, and an unanswered one that the server
// marks MISSED at 30 s (its own timer: the server has no test clock, so this test waits the
// real 30 seconds), which both screens show, with the missed-call notification on the bell.
import assert from 'node:assert/strict';
import { test, BASE_URL } from './harness.mjs';

const DEMO_PASSWORD = 'callstar-demo-1';
const STAFF = { email: 'staff@callstar.test', name: 'Sarah Staff' };
const CLIENT = { email: 'client@callstar.test', name: 'Stephen Client' };

// The smallest fake of Daily's call object the bridge needs (see call.test.mjs for the full one).
function installFakeDaily() {
  window.__callstarDailyFactory = () => {
    const handlers = {};
    const fire = (name, event = {}) => (handlers[name] || []).slice().forEach((fn) => fn({ action: name, ...event }));
    const local = () => ({ local: true, session_id: 'local', user_name: '', tracks: { video: { state: 'off' }, audio: { state: 'off' } } });
    const call = {
      async join(options) { fake.joinOptions = options; fire('joined-meeting', { participants: call.participants() }); },
      async leave() { fake.left = true; fire('left-meeting'); },
      async destroy() {},
      on(name, fn) { (handlers[name] = handlers[name] || []).push(fn); return call; },
      off(name, fn) { handlers[name] = (handlers[name] || []).filter((f) => f !== fn); return call; },
      setLocalVideo() { return call; },
      setLocalAudio() { return call; },
      localVideo: () => false,
      localAudio: () => false,
      participants: () => ({ local: local() }),
      sendAppMessage() { return call; },
      async startCamera() { return {}; },
    };
    const fake = { call, joinOptions: null, left: false };
    window.__fakeDaily = fake;
    return call;
  };
}

/** Signs `who` in (the refresh cookie) and opens `path`, once the page's socket is up. */
async function openAs(context, who, path) {
  await context.addInitScript(installFakeDaily);
  const login = await context.request.post('/api/auth/login', { data: { email: who.email, password: DEMO_PASSWORD } });
  assert.equal(login.status(), 200);
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => { if (message.type() === 'error') console.error(`[${who.email}] ${message.text()}`); });
  const socket = page.waitForEvent('websocket', (ws) => ws.url().includes('/api/ws?ticket='));
  await page.goto(path);
  await socket;
  await page.getByTestId('call-fab').waitFor();
  return page;
}

/** Sarah calls Stephen through the floating button and the picker; answers the call's id. */
async function call(staff) {
  await staff.getByTestId('call-fab').click();
  await staff.getByTestId('call-picker').waitFor();
  await staff.getByTestId('call-search').fill('StepTen');
  const person = staff.getByTestId('person').filter({ hasText: CLIENT.name });
  await person.filter({ hasText: 'StepTen' }).waitFor();
  const placed = staff.waitForResponse((r) => r.url().endsWith('/api/daily/create-room'));
  await person.getByRole('button', { name: `Call ${CLIENT.name}` }).click();
  const room = await (await placed).json();
  await staff.getByTestId('calling').filter({ hasText: `Calling ${CLIENT.name}…` }).waitFor();
  return room.callId;
}

/** The call as the server has it (Sarah's history, read through the API outside the browser). */
async function apiCall(id) {
  const login = await fetch(`${BASE_URL}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: STAFF.email, password: DEMO_PASSWORD }),
  });
  const { accessToken } = await login.json();
  const response = await fetch(`${BASE_URL}/api/video-calls?perPage=10`, { headers: { authorization: `Bearer ${accessToken}` } });
  assert.equal(response.status, 200);
  return (await response.json()).calls.find((c) => c.id === id);
}

async function pair(context) {
  const clientContext = await context.browser().newContext({ baseURL: BASE_URL, timezoneId: 'Europe/Paris' });
  const staff = await openAs(context, STAFF, '/creators');
  const client = await openAs(clientContext, CLIENT, '/notifications');
  return { staff, client, clientContext };
}

test('staff call a client: it rings within 2 s, the client accepts, both are in the call, hanging up ends it on both sides', async (page, context) => {
  const { staff, client, clientContext } = await pair(context);
  try {
    const id = await call(staff);
    const placedAt = Date.now();
    const modal = client.getByTestId('incoming-call');
    await modal.waitFor({ timeout: 2000 });
    assert.ok(Date.now() - placedAt < 2000, 'rang within 2 s');
    await modal.getByText(`${STAFF.name} is calling you`).waitFor();
    assert.equal(await modal.locator('.avatar').innerText(), 'SS', 'initials without a picture');
    assert.equal(await modal.getAttribute('data-ring'), 'on', 'the Web Audio ringtone started');
    const seconds = Number((await client.getByTestId('ring-countdown').innerText()).match(/\d+/)[0]);
    assert.ok(seconds > 25 && seconds <= 30, `counting down from 30: ${seconds}`);

    await modal.getByRole('button', { name: 'Accept' }).click();
    for (const side of [client, staff]) {
      await side.waitForURL(`**/video-calls/${id}`);
      await side.getByTestId('in-call').waitFor();
      const joined = await side.evaluate(() => window.__fakeDaily.joinOptions);
      assert.match(joined.url, /^https:\/\/callstar-test\.daily\.co\/.+/);
      assert.equal(joined.token.split('.').length, 3, 'a meeting token of its own');
    }
    assert.equal(await client.getByTestId('incoming-call').count(), 0);
    assert.equal((await apiCall(id)).status, 'ANSWERED');

    // Sarah hangs up; the server's call-status ends Stephen's side too. "Call ended…" shows
    // for 1.5 s on both, then the history with the call ENDED.
    await staff.getByTestId('hang-up').click();
    await Promise.all([staff, client].map(async (side) => {
      await side.getByTestId('call-ended').waitFor();
      await side.waitForURL('**/video-calls');
      await side.locator('[data-testid="call-row"][data-status="ENDED"]').first().waitFor();
    }));
    const ended = await apiCall(id);
    assert.equal(ended.status, 'ENDED');
    assert.ok(Number.isInteger(ended.duration), 'the server set the duration');
  } catch (err) {
    await client.screenshot({ path: new URL(`../../test-results/client-${Date.now()}.png`, import.meta.url).pathname, fullPage: true }).catch(() => {});
    throw err;
  } finally {
    await clientContext.close();
  }
});

test('a declined call closes both modals and tells the caller', async (page, context) => {
  const { staff, client, clientContext } = await pair(context);
  try {
    const id = await call(staff);
    const modal = client.getByTestId('incoming-call');
    await modal.waitFor({ timeout: 2000 });
    await modal.getByRole('button', { name: 'Decline' }).click();
    await modal.waitFor({ state: 'detached' });
    await staff.getByTestId('toast').filter({ hasText: `${CLIENT.name} declined the call.` }).waitFor();
    assert.equal(await staff.getByTestId('calling').count(), 0);
    assert.equal((await apiCall(id)).status, 'DECLINED');
  } catch (err) {
    await client.screenshot({ path: new URL(`../../test-results/client-${Date.now()}.png`, import.meta.url).pathname, fullPage: true }).catch(() => {});
    throw err;
  } finally {
    await clientContext.close();
  }
});

test('an unanswered call becomes MISSED at 30 s, decided by the server, and both screens show it', async (page, context) => {
  const { staff, client, clientContext } = await pair(context);
  try {
    const bell = async () => Number((await client.getByTestId('bell-count').count()) ? await client.getByTestId('bell-count').innerText() : 0);
    const unreadBefore = await bell();
    const id = await call(staff);
    const placedAt = Date.now();
    const modal = client.getByTestId('incoming-call');
    await modal.waitFor({ timeout: 2000 });
    // Still ringing a few seconds before the deadline, counting down.
    await client.waitForTimeout(Math.max(0, 25_000 - (Date.now() - placedAt)));
    assert.equal(await modal.count(), 1, 'still ringing at 25 s');
    const left = Number((await client.getByTestId('ring-countdown').innerText()).match(/\d+/)[0]);
    assert.ok(left <= 6, `about 5 s left: ${left}`);
    assert.equal((await apiCall(id)).status, 'RINGING');
    // At 30 s the server marks it missed and tells both sides.
    await modal.waitFor({ state: 'detached', timeout: 10_000 });
    const closedAfter = Date.now() - placedAt;
    assert.ok(closedAfter >= 29_000 && closedAfter < 34_000, `closed at ${closedAfter} ms`);
    await client.getByTestId('toast').filter({ hasText: `You missed a call from ${STAFF.name}.` }).waitFor();
    await staff.getByTestId('toast').filter({ hasText: `${CLIENT.name} did not answer.` }).waitFor();
    assert.equal(await staff.getByTestId('calling').count(), 0);
    assert.equal((await apiCall(id)).status, 'MISSED');
    // The missed-call notification reached the bell without a reload or a poll.
    await client.waitForFunction((before) => {
      const count = document.querySelector('[data-testid="bell-count"]');
      return count && Number(count.textContent) > before;
    }, unreadBefore);
    // The history shows it, with the figures.
    await staff.goto('/video-calls');
    await staff.locator('[data-testid="call-row"][data-status="MISSED"]').first().waitFor();
    assert.ok(Number(await staff.getByTestId('stat-missed').innerText()) >= 1);
  } catch (err) {
    await client.screenshot({ path: new URL(`../../test-results/client-${Date.now()}.png`, import.meta.url).pathname, fullPage: true }).catch(() => {});
    throw err;
  } finally {
    await clientContext.close();
  }
});

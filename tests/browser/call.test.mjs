// The call page in a real browser, fan and creator side by side: the device test with
// Chromium's fake camera and microphone, the call through a fake Daily call object injected
// into the bridge (daily-js itself needs Daily's servers), camera toggle, hang-up relayed to
// the other side, both summaries; the .ics download; and the countdown switching to the
// device test at T-15 under a controlled clock. The server talks to fake-daily.mjs.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test, BASE_URL } from './harness.mjs';

const DEMO_PASSWORD = 'callstar-demo-1';
const FAKE_DAILY_URL = process.env.FAKE_DAILY_URL;

async function api(path, { token, method = 'GET', body } = {}) {
  const response = await fetch(`${BASE_URL}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function accessToken(email) {
  const session = await api('/api/auth/login', { method: 'POST', body: { email, password: DEMO_PASSWORD } });
  return session.accessToken;
}

/** A confirmed (test-mode) booking of a fresh offer of the demo creator, starting in `minutes`. */
async function confirmedCall(minutes, title) {
  const creator = await accessToken('creator@callstar.test');
  const fan = await accessToken('fan@callstar.test');
  const dateTime = new Date(Date.now() + minutes * 60_000).toISOString();
  const offer = await api('/api/call-offers', {
    method: 'POST',
    token: creator,
    body: { title, description: 'A browser test call.', price: '10.00', currency: 'EUR', dateTime, duration: 5 },
  });
  const booking = await api('/api/bookings', { method: 'POST', token: fan, body: { callOfferId: offer.id } });
  const intent = await api('/api/payments/create-intent', { method: 'POST', token: fan, body: { bookingId: booking.id } });
  assert.equal(intent.isTestBooking, true, 'the suite runs without Stripe keys: test mode confirms at once');
  return { bookingId: booking.id, creator, fan };
}

// Runs in the page before the app: a fake of Daily's call object with the methods the
// bridge uses. `window.__fakeDaily` lets the test play the network: the other participant
// arriving, app messages received.
function installFakeDaily() {
  window.__callstarDailyFactory = (options) => {
    const handlers = {};
    const state = { video: true, audio: true, stream: null, remotes: {} };
    const fire = (name, event = {}) => (handlers[name] || []).slice().forEach((fn) => fn({ action: name, ...event }));
    const track = (kind, on) => {
      const found = state.stream && state.stream.getTracks().find((t) => t.kind === kind);
      return found && on ? { state: 'playable', track: found, persistentTrack: found } : { state: 'off' };
    };
    const local = () => ({
      local: true,
      session_id: 'local-session',
      user_name: '',
      tracks: { video: track('video', state.video), audio: track('audio', state.audio) },
    });
    const call = {
      async join(joinOptions) {
        fake.joinOptions = joinOptions;
        state.stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
        fire('joined-meeting', { participants: call.participants() });
      },
      async leave() {
        if (state.stream) state.stream.getTracks().forEach((t) => t.stop());
        fake.left = true;
        fire('left-meeting');
      },
      async destroy() { fake.destroyed = true; },
      on(name, fn) { (handlers[name] = handlers[name] || []).push(fn); return call; },
      off(name, fn) { handlers[name] = (handlers[name] || []).filter((f) => f !== fn); return call; },
      setLocalVideo(on) { state.video = on; fire('participant-updated', { participant: local() }); return call; },
      setLocalAudio(on) { state.audio = on; fire('participant-updated', { participant: local() }); return call; },
      localVideo: () => state.video,
      localAudio: () => state.audio,
      participants: () => ({ local: local(), ...state.remotes }),
      sendAppMessage(data, to) { fake.sent.push({ data, to }); return call; },
      async startCamera() { return {}; },
    };
    const fake = {
      options,
      call,
      sent: [],
      left: false,
      destroyed: false,
      joinOptions: null,
      addRemote(participant) {
        state.remotes[participant.session_id] = participant;
        fire('participant-joined', { participant });
      },
      receive(data, fromId) { fire('app-message', { data, fromId }); },
    };
    window.__fakeDaily = fake;
    return call;
  };
}

async function openAs(context, email, path) {
  await context.addInitScript(installFakeDaily);
  const login = await context.request.post('/api/auth/login', { data: { email, password: DEMO_PASSWORD } });
  assert.equal(login.status(), 200);
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => { if (message.type() === 'error') console.error(`[${email}] ${message.text()}`); });
  await page.goto(path);
  return page;
}

async function passDeviceTest(page) {
  await page.getByTestId('device-test').waitFor();
  // The live preview plays the fake camera.
  await page.waitForFunction(() => {
    const video = document.querySelector('#preview-video');
    return video && video.srcObject && video.videoWidth > 0;
  });
  // The pickers list the (fake) devices.
  await page.waitForFunction(() => document.querySelectorAll('#camera-select option').length > 0
    && document.querySelectorAll('#mic-select option').length > 0);
  // The level meter moves with the fake microphone's tone once the page has been touched.
  await page.locator('#preview-video').click();
  await page.waitForFunction(() => Number(document.querySelector('#mic-meter').getAttribute('aria-valuenow')) > 0, null, { timeout: 10_000 });
  await page.getByRole('button', { name: /^(Join the call|Rejoindre l'appel)$/ }).click();
  await page.getByTestId('in-call').waitFor();
  await page.getByTestId('tile-local').waitFor();
  // The preview's tracks were released when leaving the device test.
  assert.equal(await page.locator('#preview-video').count(), 0);
}

test('fan and creator pass the device test, join, see each other, toggle, hang up and read the summary', async (page, context) => {
  const { bookingId, creator } = await confirmedCall(2, `Call test ${Date.now()}`);
  const browser = context.browser();
  const creatorContext = await browser.newContext({ baseURL: BASE_URL, timezoneId: 'Europe/Paris' });
  try {
    // The fan finds the call in the upcoming calls, downloads the .ics, and joins.
    const fanPage = await openAs(context, 'fan@callstar.test', '/calls');
    const row = fanPage.getByTestId('call-row').filter({ has: fanPage.locator(`a[href="/call/${bookingId}"]`) });
    await row.waitFor();
    // The calls page is the call bundle's; daily-js (vendored with it) is served, but only
    // fetched when a call starts.
    const loaded = () => fanPage.evaluate(() => performance.getEntriesByType('resource').some((e) => new URL(e.name).pathname === '/call/vendor/daily-esm.js'));
    assert.equal(await loaded(), false);
    assert.equal(await fanPage.evaluate(async () => typeof (await import('/call/vendor/daily-esm.js')).default.createCallObject), 'function');
    const [download] = await Promise.all([fanPage.waitForEvent('download'), row.getByTestId('ics').click()]);
    assert.match(download.suggestedFilename(), /\.ics$/);
    assert.match(await readFile(await download.path(), 'utf8'), /BEGIN:VCALENDAR/);
    await row.getByRole('link', { name: 'Join' }).click();
    await fanPage.waitForURL(`**/call/${bookingId}`);

    const creatorPage = await openAs(creatorContext, 'creator@callstar.test', `/call/${bookingId}`);
    await passDeviceTest(fanPage);
    await passDeviceTest(creatorPage);

    // Both joined Daily's room with their own token.
    for (const side of [fanPage, creatorPage]) {
      const joined = await side.evaluate(() => window.__fakeDaily.joinOptions);
      assert.match(joined.url, /^https:\/\/callstar-test\.daily\.co\/.+/);
      assert.ok(joined.token.split('.').length === 3, 'a JWT-looking meeting token');
    }
    const daily = await (await fetch(`${FAKE_DAILY_URL}/__requests`)).json();
    const tokens = daily.filter((r) => r.path === '/v1/meeting-tokens');
    assert.ok(tokens.some((r) => r.body.properties.is_owner === true), 'the creator owns the room');
    assert.ok(tokens.some((r) => r.body.properties.is_owner === false), 'the fan does not');

    // Each side sees the other arrive.
    await fanPage.getByTestId('waiting').waitFor();
    await fanPage.evaluate(() => window.__fakeDaily.addRemote({
      session_id: 'creator-session', user_name: 'Camille', local: false, tracks: { video: { state: 'off' }, audio: { state: 'off' } },
    }));
    await creatorPage.evaluate(() => window.__fakeDaily.addRemote({
      session_id: 'fan-session', user_name: 'Fan', local: false, tracks: { video: { state: 'off' }, audio: { state: 'off' } },
    }));
    for (const side of [fanPage, creatorPage]) {
      await side.getByTestId('tile-remote').waitFor();
      await side.getByTestId('waiting').waitFor({ state: 'hidden' });
      assert.match(await side.getByTestId('remaining').innerText(), /^\d{1,2}:\d{2}(:\d{2})?$/);
      assert.match(await side.getByTestId('elapsed').innerText(), /^\d{2}:\d{2}$/);
    }

    // The fan turns the camera off: the button says so, the call object too.
    const camera = fanPage.getByTestId('toggle-camera');
    assert.equal(await camera.getAttribute('aria-pressed'), 'true');
    await camera.click();
    assert.equal(await camera.getAttribute('aria-pressed'), 'false');
    assert.equal(await fanPage.evaluate(() => window.__fakeDaily.call.localVideo()), false);
    await fanPage.locator('[data-testid="tile-local"].tile-off').waitFor();
    await fanPage.waitForTimeout(2500); // some time together

    // The creator hangs up; the hang-up message reaches the fan, whose call ends too.
    await creatorPage.getByTestId('hang-up').click();
    await creatorPage.getByTestId('call-ended').waitFor();
    const sent = await creatorPage.evaluate(() => window.__fakeDaily.sent);
    assert.deepEqual(sent.map((m) => m.data), [{ type: 'callstar:hangup' }]);
    await fanPage.evaluate(() => window.__fakeDaily.receive({ type: 'callstar:hangup' }, 'creator-session'));
    await fanPage.getByTestId('call-ended').waitFor();

    // Both read the summary, each in their own language (the demo creator reads French).
    const expectations = [
      [fanPage, { status: 'Interrupted', started: 'Call started', dashboard: 'Go to my dashboard', history: 'See my call history' }],
      [creatorPage, { status: 'Interrompu', started: "Début de l'appel", dashboard: 'Aller à mon tableau de bord', history: "Voir l'historique des appels" }],
    ];
    for (const [side, text] of expectations) {
      await side.waitForURL(`**/call/${bookingId}/summary`);
      assert.deepEqual(await side.evaluate(() => [window.__fakeDaily.left, window.__fakeDaily.destroyed]), [true, true]);
      await side.getByTestId('call-summary').waitFor();
      assert.equal(await side.getByTestId('call-status').innerText(), text.status);
      const duration = await side.getByTestId('call-duration').innerText();
      assert.match(duration, /^\d+ min \d{2} s$/);
      assert.notEqual(duration, '0 min 00 s');
      await side.getByTestId('timeline-item').filter({ hasText: text.started }).first().waitFor();
      await side.getByRole('link', { name: text.dashboard }).waitFor();
      await side.getByRole('link', { name: text.history }).waitFor();
    }

    // What the server recorded, from both sides.
    const { logs } = await api(`/api/call-logs?bookingId=${bookingId}`, { token: creator });
    const events = logs.map((l) => `${l.actor} ${l.type}`);
    for (const expected of [
      'USER CALL_PRE_CALL_ENTERED', 'CREATOR CALL_PRE_CALL_ENTERED',
      'USER CALL_CALL_JOINED', 'CREATOR CALL_CALL_JOINED',
      'USER CALL_PARTICIPANT_JOINED', 'CREATOR CALL_PARTICIPANT_JOINED',
      'USER CALL_CALL_STARTED', 'USER CALL_CAMERA_TOGGLED',
      'USER CALL_CALL_ENDED', 'CREATOR CALL_CALL_ENDED',
    ]) {
      assert.ok(events.includes(expected), `${expected} in ${events.join(', ')}`);
    }
    const ended = (actor) => logs.find((l) => l.actor === actor && l.type === 'CALL_CALL_ENDED').metadata.reason;
    assert.equal(ended('CREATOR'), 'hangup');
    assert.equal(ended('USER'), 'remote_hangup');
    assert.equal(logs.find((l) => l.type === 'CALL_CAMERA_TOGGLED').metadata.enabled, false);
    assert.ok(logs.every((l) => l.actor === 'SYSTEM' || typeof l.metadata.timestamp === 'string'));
  } finally {
    await creatorContext.close();
  }
});

test('a call 20 minutes away counts down, then opens the device test at T-15, which explains device failures', { viewport: { width: 375, height: 740 } }, async (page, context) => {
  const { bookingId } = await confirmedCall(20, `Countdown test ${Date.now()}`);
  await page.clock.install({ time: new Date() });
  // getUserMedia fails with the DOMException named in window.__mediaError, when set.
  await context.addInitScript(() => {
    const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = (constraints) => (window.__mediaError
      ? Promise.reject(new DOMException('refused by the test', window.__mediaError))
      : real(constraints));
  });
  await openAs(context, 'fan@callstar.test', `/call/${bookingId}`);

  const countdown = page.getByTestId('countdown-value');
  await countdown.waitFor();
  const first = await countdown.innerText();
  assert.match(first, /^0[45]:\d{2}$/, `about five minutes until the call opens: ${first}`);
  await page.getByRole('heading', { name: 'Before the call' }).waitFor();
  await page.clock.runFor(3000);
  assert.notEqual(await countdown.innerText(), first, 'the countdown ticks');
  assert.equal(await page.getByTestId('device-test').count(), 0);
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok((await overflow()) <= 0, 'no horizontal scrolling at 375 px (countdown)');

  // Five minutes later the page moves on by itself; the camera is refused at first.
  await page.evaluate(() => { window.__mediaError = 'NotAllowedError'; });
  await page.clock.fastForward('05:00');
  await page.clock.runFor(2000);
  await page.getByTestId('device-test').waitFor();
  await page.getByRole('button', { name: 'Join the call' }).waitFor();
  assert.equal(await page.getByTestId('countdown').count(), 0);
  const problem = page.getByTestId('device-error');
  await problem.filter({ hasText: 'Access to the camera and microphone was refused' }).waitFor();
  assert.ok((await overflow()) <= 0, 'no horizontal scrolling at 375 px (device test)');
  for (const [name, message] of [
    ['NotFoundError', 'No camera or microphone was found'],
    ['NotReadableError', 'in use by another application'],
  ]) {
    await page.evaluate((n) => { window.__mediaError = n; }, name);
    await problem.getByRole('button', { name: 'Try again' }).click();
    await problem.filter({ hasText: message }).waitFor();
  }
  // Once the devices work, the preview plays and the message goes away.
  await page.evaluate(() => { window.__mediaError = null; });
  await problem.getByRole('button', { name: 'Try again' }).click();
  await problem.waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.querySelector('#preview-video').videoWidth > 0);
});

test('without Daily credentials the call shows the own camera only, and ends by itself at the scheduled end', async (page, context) => {
  const { bookingId, fan } = await confirmedCall(10, `Local call test ${Date.now()}`);
  // The answer a server without DAILY_API_KEY gives: no token, no room, video disabled.
  await page.route('**/api/daily/get-token', async (route) => {
    const answer = await (await route.fetch()).json();
    await route.fulfill({ json: { ...answer, token: null, roomUrl: null, videoEnabled: false } });
  });
  const debug = [];
  page.on('console', (message) => { if (message.text().startsWith('[callstar]')) debug.push(message.text()); });
  await page.clock.install({ time: new Date() });
  await openAs(context, 'fan@callstar.test', `/call/${bookingId}?debug=1`);
  await passDeviceTest(page);

  await page.getByTestId('no-video').filter({ hasText: 'DAILY_API_KEY' }).waitFor();
  assert.equal(await page.getByTestId('waiting').count(), 0, 'nobody to wait for');
  assert.equal(await page.evaluate(() => window.__fakeDaily), undefined, 'daily-js (or its fake) is not used');
  const localTrack = (kind) => page.evaluate((k) => {
    const video = document.querySelector('[data-testid="tile-local"] video');
    return video.srcObject.getTracks().filter((t) => t.kind === k).map((t) => t.enabled);
  }, kind);
  assert.deepEqual(await localTrack('video'), [true]);

  // The toggles act on the local tracks.
  await page.getByTestId('toggle-camera').click();
  await page.locator('[data-testid="tile-local"].tile-off').waitFor();
  await page.getByTestId('toggle-mic').click();
  assert.equal(await page.getByTestId('toggle-mic').getAttribute('aria-pressed'), 'false');
  await page.getByTestId('toggle-camera').click();
  await page.locator('[data-testid="tile-local"]:not(.tile-off)').waitFor();
  assert.deepEqual(await localTrack('video'), [true]);

  // At the scheduled end (start + 5 min) the call ends by itself and the summary follows.
  // ("Call ended…" shows for 1.5 s of the controlled clock, then the summary.)
  await page.clock.fastForward('15:30');
  for (let i = 0; i < 60 && !page.url().endsWith('/summary'); i += 1) {
    await page.clock.runFor(500);
    await new Promise((resolve) => { setTimeout(resolve, 100); });
  }
  await page.waitForURL(`**/call/${bookingId}/summary`);
  await page.getByTestId('call-status').filter({ hasText: 'No-show' }).waitFor();

  const { logs } = await api(`/api/call-logs?bookingId=${bookingId}`, { token: fan });
  const joined = logs.find((l) => l.type === 'CALL_CALL_JOINED');
  assert.equal(joined.metadata.videoEnabled, false);
  assert.equal(logs.find((l) => l.type === 'CALL_CALL_ENDED').metadata.reason, 'time_over');
  assert.equal(logs.filter((l) => l.type === 'CALL_MIC_TOGGLED').length, 1);
  assert.equal(logs.filter((l) => l.type === 'CALL_CAMERA_TOGGLED').length, 2);
  // ?debug=1 printed every event to the console.
  for (const event of ['PRE_CALL_ENTERED', 'CALL_JOINED', 'CAMERA_TOGGLED', 'MIC_TOGGLED', 'CALL_ENDED']) {
    assert.ok(debug.some((line) => line.includes(`"event":"${event}"`)), `${event} printed in debug mode`);
  }
});

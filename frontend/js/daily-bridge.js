// The call bridge: the only JavaScript that touches the camera, the microphone and daily-js.
// Used by src/interop/daily.rs. Two parts:
// - the device test: a camera preview, a microphone level meter (WebAudio), device lists;
// - the call, in Daily's call-object mode, with the video tiles rendered here from the
//   participants' tracks. daily-js (dist/call/vendor/daily-esm.js) is imported only when a call
//   starts. Tests inject a fake call object with `window.__callstarDailyFactory`; without
//   Daily credentials a local stand-in shows the own camera only.
// Events go to Rust as (name, JSON detail): joined, participant-joined, participant-left,
// hangup, error, camera-error, left.

const HANGUP = 'callstar:hangup';
let chosen = { camera: '', mic: '' };
let preview = null;
let generation = 0;
let call = null;
let calls = 0;
let tiles = null;
let labels = { you: '', other: '' };
let emit = () => {};
const remotes = new Set();

const nameOf = (err) => (err && err.name) || 'Error';

function media(camera, mic) {
  if (!navigator.mediaDevices) return Promise.reject(Object.assign(new Error('no media devices'), { name: 'NotFoundError' }));
  return navigator.mediaDevices.getUserMedia({
    video: camera ? { deviceId: { exact: camera } } : true,
    audio: mic ? { deviceId: { exact: mic } } : true,
  });
}

async function element(selector) {
  for (let i = 0; i < 20; i += 1) {
    const found = document.querySelector(selector);
    if (found) return found;
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  return null;
}

function stopStream(stream) {
  if (stream) stream.getTracks().forEach((track) => track.stop());
}

// ---- device test ------------------------------------------------------------------

function fillPicker(select, devices, kind, current) {
  if (!select) return;
  const options = devices
    .filter((d) => d.kind === kind && d.deviceId)
    .map((d, n) => new Option(d.label || `${n + 1} (${d.deviceId.slice(0, 8)})`, d.deviceId, false, d.deviceId === current));
  select.replaceChildren(...options);
  select.value = current;
}

/** Starts the preview in the <video> at `videoSelector`, the level meter at `meterSelector`
 *  (its `--level` CSS variable and `aria-valuenow`), and fills the device pickers. The
 *  pickers' current values choose the devices, so calling it again after a change switches
 *  (re-acquires) them. Rejects with an Error whose message is the DOMException name
 *  (NotAllowedError, NotFoundError, NotReadableError…). */
export async function startPreview(videoSelector, meterSelector, cameraSelector, micSelector) {
  const cameraPicker = document.querySelector(cameraSelector);
  const micPicker = document.querySelector(micSelector);
  const camera = (cameraPicker && cameraPicker.value) || chosen.camera;
  const mic = (micPicker && micPicker.value) || chosen.mic;
  stopPreview();
  const mine = ++generation;
  let stream;
  try {
    stream = await media(camera, mic);
  } catch (err) {
    throw new Error(nameOf(err));
  }
  if (mine !== generation) {
    stopStream(stream);
    return;
  }
  const state = { stream, frame: 0, audio: null };
  preview = state;
  const [videoTrack] = stream.getVideoTracks();
  const [audioTrack] = stream.getAudioTracks();
  chosen = {
    camera: (videoTrack && videoTrack.getSettings().deviceId) || camera,
    mic: (audioTrack && audioTrack.getSettings().deviceId) || mic,
  };
  const video = await element(videoSelector);
  if (video && preview === state) {
    video.muted = true;
    video.srcObject = stream;
    video.play().catch(() => {});
  }
  const meter = await element(meterSelector);
  if (meter && audioTrack && preview === state && window.AudioContext) {
    const audio = new AudioContext();
    state.audio = audio;
    const analyser = audio.createAnalyser();
    analyser.fftSize = 512;
    audio.createMediaStreamSource(stream).connect(analyser);
    const samples = new Uint8Array(analyser.fftSize);
    // Browsers start an AudioContext suspended until the person interacts with the page.
    const resume = () => audio.resume().catch(() => {});
    resume();
    document.addEventListener('pointerdown', resume, { once: true });
    const tick = () => {
      analyser.getByteTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += (s - 128) * (s - 128);
      const level = Math.min(100, Math.round(Math.sqrt(sum / samples.length) * 4));
      meter.style.setProperty('--level', `${level}%`);
      meter.setAttribute('aria-valuenow', String(level));
      state.frame = requestAnimationFrame(tick);
    };
    tick();
  }
  const devices = await navigator.mediaDevices.enumerateDevices();
  if (preview !== state) return;
  fillPicker(cameraPicker, devices, 'videoinput', chosen.camera);
  fillPicker(micPicker, devices, 'audioinput', chosen.mic);
}

/** Stops the preview and releases its tracks. */
export function stopPreview() {
  generation += 1;
  const state = preview;
  preview = null;
  if (!state) return;
  cancelAnimationFrame(state.frame);
  if (state.audio) state.audio.close().catch(() => {});
  stopStream(state.stream);
}

// ---- the call -----------------------------------------------------------------------

// Stands in for Daily's call object when the server has no Daily credentials: the own
// camera only, with the same methods and events.
function localCall() {
  const handlers = {};
  const fire = (name, event) => (handlers[name] || []).forEach((fn) => fn({ action: name, ...event }));
  let stream = null;
  let video = true;
  let audio = true;
  const track = (list, on) => (list[0] ? { state: on ? 'playable' : 'off', track: list[0] } : { state: 'off' });
  const local = () => ({
    local: true,
    session_id: 'local',
    user_name: '',
    tracks: {
      video: track(stream ? stream.getVideoTracks() : [], video),
      audio: track(stream ? stream.getAudioTracks() : [], audio),
    },
  });
  const self = {
    on(name, fn) { (handlers[name] = handlers[name] || []).push(fn); return self; },
    off(name, fn) { handlers[name] = (handlers[name] || []).filter((f) => f !== fn); return self; },
    async join() {
      try {
        stream = await media(chosen.camera, chosen.mic);
      } catch (err) {
        fire('camera-error', { errorMsg: { errorMsg: String(err && err.message) }, error: { type: nameOf(err) } });
      }
      fire('joined-meeting', { participants: { local: local() } });
    },
    async leave() { stopStream(stream); stream = null; fire('left-meeting', {}); },
    async destroy() {},
    setLocalVideo(on) { video = on; if (stream) stream.getVideoTracks().forEach((t) => { t.enabled = on; }); fire('participant-updated', { participant: local() }); return self; },
    setLocalAudio(on) { audio = on; if (stream) stream.getAudioTracks().forEach((t) => { t.enabled = on; }); fire('participant-updated', { participant: local() }); return self; },
    localVideo: () => video,
    localAudio: () => audio,
    participants: () => ({ local: local() }),
    sendAppMessage() { return self; },
  };
  return self;
}

function playable(info) {
  if (!info || info.state !== 'playable') return null;
  return info.persistentTrack || info.track || null;
}

function render() {
  if (!call || !tiles) return;
  const participants = call.participants() || {};
  const present = new Set();
  for (const key of Object.keys(participants)) {
    const p = participants[key];
    const id = p.local ? 'local' : String(p.session_id || key);
    present.add(id);
    let tile = [...tiles.children].find((t) => t.dataset.session === id);
    if (!tile) {
      tile = document.createElement('figure');
      tile.className = p.local ? 'tile tile-local' : 'tile';
      tile.dataset.session = id;
      tile.dataset.testid = p.local ? 'tile-local' : 'tile-remote';
      const video = document.createElement('video');
      video.autoplay = true;
      video.playsInline = true;
      video.muted = Boolean(p.local);
      tile.append(video, document.createElement('figcaption'));
      if (p.local) tiles.append(tile); else tiles.prepend(tile);
    }
    tile.querySelector('figcaption').textContent = p.local ? labels.you : p.user_name || labels.other;
    const videoTrack = playable(p.tracks && p.tracks.video);
    const tracks = [videoTrack, p.local ? null : playable(p.tracks && p.tracks.audio)].filter(Boolean);
    const video = tile.querySelector('video');
    const ids = tracks.map((t) => t.id).join(',');
    if (video.dataset.tracks !== ids) {
      video.dataset.tracks = ids;
      video.srcObject = tracks.length ? new MediaStream(tracks) : null;
      if (tracks.length) video.play().catch(() => {});
    }
    tile.classList.toggle('tile-off', !videoTrack);
  }
  [...tiles.children].forEach((tile) => { if (!present.has(tile.dataset.session)) tile.remove(); });
}

function seeRemote(p) {
  if (!p || p.local) return;
  const id = String(p.session_id);
  if (remotes.has(id)) return;
  remotes.add(id);
  emit('participant-joined', { id, name: p.user_name || '' });
}

async function createCall(video) {
  if (!video) return localCall();
  const options = { dailyConfig: { avoidEval: true } };
  if (typeof window.__callstarDailyFactory === 'function') return window.__callstarDailyFactory(options);
  const { default: Daily } = await import('/call/vendor/daily-esm.js');
  return Daily.createCallObject(options);
}

/** Joins the call. `video` false: the local stand-in (no Daily credentials). Events go to
 *  `onEvent(name, detailJson)` until `leave` is called. */
export async function join(url, token, video, tilesSelector, you, other, onEvent) {
  await leave(false);
  const mine = calls;
  const send = (name, detail) => { if (mine === calls) onEvent(name, JSON.stringify(detail || {})); };
  try {
    const container = await element(tilesSelector);
    const current = await createCall(video);
    if (mine !== calls) {
      // Left while daily-js was loading.
      await current.destroy();
      return;
    }
    call = current;
    tiles = container;
    labels = { you, other };
    remotes.clear();
    emit = send;
    const on = (name, fn) => current.on(name, (event) => { if (call === current) fn(event || {}); });
    on('joined-meeting', () => {
      emit('joined');
      Object.values(current.participants() || {}).forEach(seeRemote);
      render();
    });
    on('participant-joined', (e) => { seeRemote(e.participant); render(); });
    on('participant-updated', render);
    on('track-started', render);
    on('track-stopped', render);
    on('participant-left', (e) => {
      const p = e.participant || {};
      if (!p.local) {
        remotes.delete(String(p.session_id));
        emit('participant-left', { id: String(p.session_id), name: p.user_name || '' });
      }
      render();
    });
    on('app-message', (e) => { if (e.data && e.data.type === HANGUP) emit('hangup', { from: e.fromId || '' }); });
    on('camera-error', (e) => emit('camera-error', { type: (e.error && e.error.type) || '', message: (e.errorMsg && e.errorMsg.errorMsg) || '' }));
    on('error', (e) => emit('error', { type: (e.error && e.error.type) || '', message: e.errorMsg || '' }));
    on('left-meeting', () => emit('left'));
    const options = { url, token };
    if (chosen.camera) options.videoSource = chosen.camera;
    if (chosen.mic) options.audioSource = chosen.mic;
    await current.join(video ? options : {});
  } catch (err) {
    send('error', { type: nameOf(err), message: String(err && err.message) });
  }
}

/** Turns the own camera on or off. */
export function setCamera(on) {
  if (call) call.setLocalVideo(on);
}

/** Turns the own microphone on or off. */
export function setMic(on) {
  if (call) call.setLocalAudio(on);
}

/** Leaves the call cleanly: no more events; with `notify`, tells the other side to hang up
 *  too (a Daily app message); then leave() and destroy(). */
export async function leave(notify) {
  const current = call;
  call = null;
  calls += 1;
  emit = () => {};
  if (!current) return;
  if (notify) {
    try {
      current.sendAppMessage({ type: HANGUP }, '*');
      await new Promise((resolve) => setTimeout(resolve, 300));
    } catch (_) { /* the other side ends at the scheduled time anyway */ }
  }
  try { await current.leave(); } catch (_) { /* already left */ }
  try { await current.destroy(); } catch (_) { /* already destroyed */ }
  if (tiles) tiles.replaceChildren();
  tiles = null;
}

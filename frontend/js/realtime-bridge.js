// The real-time channel's browser side (used by src/interop/realtime.rs): one WebSocket, and
// the ringtone of an incoming call, made with the Web Audio API (no audio file to download).

export function openSocket(url, onOpen, onMessage, onClose) {
  const socket = new WebSocket(url);
  socket.onopen = () => onOpen();
  socket.onmessage = (event) => { if (typeof event.data === 'string') onMessage(event.data); };
  // A refused ticket, a lost network or a server that went away all end here.
  socket.onclose = () => onClose();
  return socket;
}

// Closes on purpose: the handlers go first, so no reconnection follows.
export function closeSocket(socket) {
  socket.onopen = socket.onmessage = socket.onclose = null;
  socket.close(1000);
}

// A phone's double ring (two 0.4 s bursts of 440 + 480 Hz, then 2 s of silence), scheduled
// for `seconds`; returns the audio context to give to stopRing, or null without Web Audio.
export function startRing(seconds) {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) return null;
  const audio = new Context();
  const gain = audio.createGain();
  gain.gain.value = 0;
  gain.connect(audio.destination);
  for (const frequency of [440, 480]) {
    const tone = audio.createOscillator();
    tone.frequency.value = frequency;
    tone.connect(gain);
    tone.start();
  }
  const start = audio.currentTime;
  for (let at = 0; at < seconds; at += 3) {
    for (const burst of [0, 0.6]) {
      gain.gain.setValueAtTime(0.1, start + at + burst);
      gain.gain.setValueAtTime(0, start + at + burst + 0.4);
    }
  }
  // Browsers may start it suspended until the page has been used; resuming is allowed then.
  audio.resume().catch(() => {});
  return audio;
}

export function stopRing(audio) {
  if (audio && audio.state !== 'closed') audio.close().catch(() => {});
}

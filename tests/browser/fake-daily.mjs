// A stand-in for Daily's REST API (https://api.daily.co/v1) for the browser suite, speaking
// Daily's wire format: rooms (create, list, get, update, delete) and meeting tokens, behind
// `Authorization: Bearer <key>`, errors as `{error, info}`. Everything lives in memory.
// Run: PORT=... DAILY_KEY=... DAILY_DOMAIN=... node fake-daily.mjs. GET /__requests lists the
// requests received (for assertions); GET /__health answers 200.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';

const KEY = process.env.DAILY_KEY ?? 'test-key';
const DOMAIN = process.env.DAILY_DOMAIN ?? 'callstar-test.daily.co';
const rooms = new Map();
const requests = [];

const base64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

function reply(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const fail = (res, status, error, info) => reply(res, status, { error, info });

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function randomName() {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return Array.from({ length: 20 }, () => letters[Math.floor(Math.random() * letters.length)]).join('');
}

function makeRoom(name, body) {
  return {
    id: randomUUID(),
    name,
    api_created: true,
    privacy: body.privacy ?? 'public',
    url: `https://${DOMAIN}/${name}`,
    created_at: new Date().toISOString(),
    config: { ...(body.properties ?? {}) },
  };
}

async function handle(req, res) {
  const url = new URL(req.url, 'http://fake-daily');
  const text = await readBody(req);
  if (url.pathname === '/__health') return reply(res, 200, { ok: true });
  if (url.pathname === '/__requests') return reply(res, 200, requests);

  let body = {};
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      return fail(res, 400, 'json-parsing-error', 'the request body is not valid JSON');
    }
  }
  requests.push({ method: req.method, path: url.pathname, body });

  const auth = req.headers.authorization ?? '';
  if (!auth.startsWith('Bearer ')) return fail(res, 400, 'authorization-header-error', 'missing or malformed Authorization header');
  if (auth.slice('Bearer '.length) !== KEY) return fail(res, 401, 'authentication-error', 'the API key is invalid');

  const roomPath = url.pathname.match(/^\/v1\/rooms\/([^/]+)$/);
  if (url.pathname === '/v1/rooms' && req.method === 'POST') {
    const name = body.name ?? randomName();
    if (typeof name !== 'string' || /[^A-Za-z0-9_-]/.test(name) || name.length > 128) {
      return fail(res, 400, 'invalid-request-error', `invalid room name: ${name}`);
    }
    if (rooms.has(name)) return fail(res, 400, 'invalid-request-error', `a room named ${name} already exists`);
    const room = makeRoom(name, body);
    rooms.set(name, room);
    return reply(res, 200, room);
  }
  if (url.pathname === '/v1/rooms' && req.method === 'GET') {
    const data = [...rooms.values()].reverse();
    return reply(res, 200, { total_count: data.length, data });
  }
  if (roomPath) {
    const name = decodeURIComponent(roomPath[1]);
    const room = rooms.get(name);
    if (!room) return fail(res, 404, 'not-found', `room ${name} not found`);
    if (req.method === 'GET') return reply(res, 200, room);
    if (req.method === 'POST') {
      if (body.privacy) room.privacy = body.privacy;
      if (body.properties) Object.assign(room.config, body.properties);
      return reply(res, 200, room);
    }
    if (req.method === 'DELETE') {
      rooms.delete(name);
      return reply(res, 200, { deleted: true, name });
    }
  }
  if (url.pathname === '/v1/meeting-tokens' && req.method === 'POST') {
    const properties = body.properties ?? {};
    const token = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(properties)}.${Buffer.from(randomUUID()).toString('base64url')}`;
    return reply(res, 200, { token });
  }
  return fail(res, 404, 'not-found', `no route for ${req.method} ${url.pathname}`);
}

const server = createServer((req, res) => {
  handle(req, res).catch((err) => fail(res, 500, 'server-error', String(err)));
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`fake Daily API on http://127.0.0.1:${server.address().port}/v1`);
});

// Test harness: one headless Chromium (Debian's) per run, a fresh browser context per
// test, helpers that read like a person using the app, and a screenshot of the page
// whenever a test fails (kept under test-results/).
import { after, before, test as nodeTest } from 'node:test';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8080';
const RESULTS = new URL('../../test-results/', import.meta.url).pathname;
let browser;

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    ],
  });
});

after(async () => {
  await browser?.close();
});

/** A test with its own browser context and page; screenshots the page if it fails. */
export function test(name, options, body) {
  if (typeof options === 'function') { body = options; options = {}; }
  nodeTest(name, async () => {
    const context = await browser.newContext({
      baseURL: BASE_URL,
      locale: options.locale ?? 'en-US',
      timezoneId: options.timezoneId ?? 'Europe/Paris',
      viewport: options.viewport ?? { width: 1280, height: 800 },
    });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(err));
    try {
      await body(page, context);
      if (errors.length) throw new Error(`uncaught page errors: ${errors.map(String).join('; ')}`);
    } catch (err) {
      mkdirSync(RESULTS, { recursive: true });
      const file = `${RESULTS}${name.replace(/[^a-z0-9]+/gi, '-')}.png`;
      await page.screenshot({ path: file, fullPage: true }).catch(() => {});
      console.error(`screenshot of the failing page: ${file}`);
      throw err;
    } finally {
      await context.close();
    }
  });
}

let counter = 0;
/** A unique e-mail for this run. */
export function uniqueEmail(prefix) {
  counter += 1;
  return `${prefix}.${Date.now()}.${counter}@example.com`;
}

export const PASSWORD = 'correct horse 1';

/** Registers through the form and waits for the dashboard. */
export async function registerThroughUi(page, { name, email, role = 'user' }) {
  await page.goto(role === 'creator' ? '/register?role=creator' : '/register');
  await page.getByLabel(/^(Your name|Votre nom)$/).fill(name);
  await page.getByLabel(/^(E-mail|Adresse e-mail)$/).fill(email);
  await page.getByLabel(/^(Password|Mot de passe)$/).fill(PASSWORD);
  await page.getByRole('button', { name: /Create my account|Créer mon compte/ }).click();
  await page.waitForURL(role === 'creator' ? '**/dashboard/creator' : '**/dashboard/user');
}

/** Logs in through the form. */
export async function logInThroughUi(page, email, password = PASSWORD) {
  await page.getByLabel(/^(E-mail|Adresse e-mail)$/).fill(email);
  await page.getByLabel(/^(Password|Mot de passe)$/).fill(password);
  await page.getByRole('button', { name: /^(Log in|Se connecter)$/ }).click();
}

// One person using Quire in stock Firefox (Debian's firefox-esr), driven over WebDriver BiDi by puppeteer-core:
// Playwright cannot drive stock Firefox. Started by the server's FirefoxEditingTest, which plays the other person
// in Chromium. With auth on, it signs in on the sign-in page with a pasted token, opens the document from the list,
// types its text at the end and waits until the other person's text has arrived and its own is acknowledged.
//
//   node firefox-user.mjs '{"base": "http://127.0.0.1:PORT", "token": "qt_…", "documentId": "…",
//                           "type": "text to type", "expect": "text to wait for", "firefox": "/usr/bin/firefox-esr"}'
//
// Prints one JSON line {"text": "<the editor's text at the end>"} and exits 0; on failure, why on stderr and exit 1.
import puppeteer from 'puppeteer-core';

const TIMEOUT_MS = 90_000;
const config = JSON.parse(process.argv[2] ?? '{}');
for (const key of ['base', 'token', 'documentId', 'type', 'expect']) {
  if (typeof config[key] !== 'string' || !config[key]) fail(`missing "${key}" in the configuration`);
}

function fail(message) {
  process.stderr.write(`firefox-user: ${message}\n`);
  process.exit(1);
}

function log(message) {
  process.stderr.write(`firefox-user: ${message}\n`);
}

const browser = await puppeteer.launch({
  browser: 'firefox',
  executablePath: config.firefox ?? '/usr/bin/firefox-esr',
  headless: true,
  protocolTimeout: TIMEOUT_MS,
});
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  page.on('console', (m) => { if (m.type() === 'error') log(`[console] ${m.text()}`); });
  page.on('pageerror', (e) => log(`[uncaught] ${e.message}`));
  log(`running ${await browser.version()}`);

  await page.goto(new URL('/', config.base).href);
  await page.waitForSelector('#sign-in-token');
  await page.type('#sign-in-token', config.token);
  await Promise.all([page.waitForNavigation(), page.click('#sign-in-submit')]);

  const link = `a.doc-title[href="/d/${encodeURIComponent(config.documentId)}"]`;
  await page.waitForSelector(link);
  await Promise.all([page.waitForNavigation(), page.click(link)]);
  await page.waitForSelector('.ql-editor[contenteditable="true"]');
  await page.waitForFunction(() => window.__quire?.session.joined && window.__quire.session.settled);

  await page.evaluate(() => {
    const quill = window.__quire.quill;
    quill.focus();
    quill.setSelection(quill.getLength() - 1, 0, 'user');
  });
  await page.keyboard.type(config.type);
  await page.waitForFunction(
    (expected, typed) => {
      const quire = window.__quire;
      const text = quire.quill.getText();
      return quire.session.settled && text.includes(expected) && text.includes(typed);
    },
    { polling: 100 },
    config.expect,
    config.type,
  );
  const text = await page.evaluate(() => window.__quire.quill.getText());
  process.stdout.write(`${JSON.stringify({ text })}\n`);
} catch (e) {
  log(e?.stack ?? String(e));
  process.exitCode = 1; // not exit(): Firefox is closed first
} finally {
  await browser.close();
}

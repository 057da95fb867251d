// Browser tests of the preview: the real task pane against the in-memory workbook, in
// Debian's Chromium through playwright-core. Run: node test/e2e/run.mjs (npm run test:e2e);
// it loads tsx itself, to import the engine and compare the pane with what it computes.
// E2E_SKIP_BUILD=1 reuses dist/; CHROMIUM=/path overrides /usr/bin/chromium; E2E_ONLY=regex
// runs only the tests whose names match.
//
// 1. builds the pages with webpack (production, to dist/);
// 2. serves dist/ on a free localhost port;
// 3. drives the pane at 320 px: Fördela, Villkor, Granska, Regler, errors, language, theme;
// 4. saves screenshots to test/e2e/screenshots/ (gitignored) — look at them.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

// The engine is TypeScript: without tsx's loader, run this file again with it, so
// `node test/e2e/run.mjs` (npm run test:e2e) works as well as `node --import tsx …`.
if (!process.execArgv.some((a) => a.includes('tsx')) && !process.env.E2E_UNDER_TSX) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, E2E_UNDER_TSX: '1' },
  });
  process.exit(r.status ?? 1);
}

const { builtinCatalog, allocate, evaluate, indicatorsFromGrid } = await import('../../addin/api.ts');
const { MemoryWorkbook } = await import('../../addin/workbook/memory.ts');
const { createFakeExcel } = await import('../fake-host/index.ts');
const { OfficeWorkbook } = await import('../../addin/workbook/office.ts');
const { FLAG_FILLS } = await import('../../addin/workbook/port.ts');
const { buildDemo, DEMO_JAMTLAND_SHEET, DEMO_BENCH_SHEET } = await import('../../taskpane/preview/demo.ts');
const { auditWorkbook, findingsSheet } = await import('../../addin/api.ts');
const { jamtlandWorkbook, REPORT } = await import('../../addin/engine/audit/demo.ts');
const { SEED_000_TEXT } = await import('../../taskpane/preview/seeds/seed000.ts');
const { watchOfficeTheme } = await import('../../taskpane/theme.ts');

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = join(root, 'dist');
const shots = join(root, 'test/e2e/screenshots');
const PANE_WIDTH = 320;
const NBSP = '\u00A0';

// ---------------------------------------------------------------- build + serve
if (!process.env.E2E_SKIP_BUILD) {
  console.log('building with webpack (production) …');
  const r = spawnSync(join(root, 'node_modules/.bin/webpack'), ['--mode', 'production'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) {
    console.error('webpack failed');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}
statSync(join(dist, 'index.html'));
// The preview bundles the Jämtland decision (rules/sources/) as a generated module;
// the module must be what the generator makes of it.
{
  const r = spawnSync(process.execPath, [join(root, 'taskpane/preview/seeds/make.mjs'), '--check'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}
rmSync(shots, { recursive: true, force: true });
mkdirSync(shots, { recursive: true });

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.xml': 'application/xml', '.map': 'application/json' };
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  let path = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
  if (path.endsWith('/')) path += 'index.html';
  const file = join(dist, path);
  if (!file.startsWith(dist)) return void res.writeHead(403).end();
  try {
    const body = readFileSync(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;

// ---------------------------------------------------------------- browser
const userDataDir = mkdtempSync(join(tmpdir(), 'e2e-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 860 },
  deviceScaleFactor: 1,
  locale: 'sv-SE',
});

let passed = 0;
let failed = 0;
const problems = []; // console errors, page errors, CSP violations

async function test(name, fn, { consoleErrorsExpected = false } = {}) {
  // E2E_ONLY=regex runs only the matching tests (while working on them; the full run is the test).
  if (process.env.E2E_ONLY && !new RegExp(process.env.E2E_ONLY).test(name)) return;
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`${name}: page error: ${e.message}`));
  page.on('console', (m) => {
    // The pane logs the errors it shows; a test that provokes one expects that.
    if (m.type() === 'error' && !(consoleErrorsExpected && /WorkbookError|RichApi|injected/.test(m.text())))
      problems.push(`${name}: console error: ${m.text()}`);
  });
  const t0 = Date.now();
  try {
    await fn(page);
    passed++;
    console.log(`✓ ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    console.log(`✗ ${name}\n  ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n  ')}`);
    await page.screenshot({ path: join(shots, `failed-${name.replace(/\W+/g, '-')}.png`) }).catch(() => {});
  } finally {
    await page.close();
  }
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
function eq(actual, expected, msg) {
  if (actual !== expected) throw new Error(`${msg}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
/** "42 569 204" / "42 569 204 kr" / "-1 234" → 42569204 (null if not a number). */
function parseShown(text) {
  const t = text.replace(/kr$/, '').replace(/[\s\u00A0]/g, '').replace('−', '-');
  return /^-?\d+$/.test(t) ? Number(t) : null;
}

async function open(page, query = '') {
  await page.goto(`${base}/${query}`);
  await page.getByTestId('app').waitFor();
  await page.getByTestId('grid').waitFor();
}

/** Choose an option in one of the pane's dropdowns. */
async function choose(page, testId, optionText) {
  await page.getByTestId(testId).click();
  await page.getByRole('option').filter({ hasText: optionText }).first().click();
}

/** The rendered cells of the grid's current sheet: rows of { a1, text, fill, note }. */
async function gridRows(page) {
  return page.$$eval('[data-testid=grid] tbody tr', (trs) =>
    trs.map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => ({
        a1: td.dataset.cell,
        text: td.textContent ?? '',
        fill: td.dataset.fill ?? null,
        note: td.dataset.note ?? null,
      })),
    ),
  );
}

async function showSheet(page, sheet) {
  await page.locator(`[data-testid=sheet-tab][data-sheet="${sheet}"]`).click();
  await page.locator(`[data-testid=grid][data-sheet="${sheet}"]`).waitFor();
}

/** The pane at its full height (the pane column scrolls; this shows all of it). */
async function paneShot(page, file) {
  const size = page.viewportSize();
  // tall enough for the whole pane below the preview's bar, scrolled to its top: the shot shows all of it
  const { h, top } = await page.getByTestId('pane').evaluate((el) => ({ h: el.querySelector('[data-testid=app]').scrollHeight, top: el.getBoundingClientRect().top }));
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, Math.ceil(h + top + 20)) });
  await page.getByTestId('pane').evaluate((el) => el.scrollTo(0, 0));
  await page.getByTestId('pane').screenshot({ path: join(shots, file) });
  await page.setViewportSize(size);
}

/** Nothing in the pane is wider than the pane: no horizontal scroll, nothing cut off. */
async function assertFits(page) {
  const r = await page.evaluate(() => {
    const pane = document.querySelector('[data-testid=pane]');
    const box = pane.getBoundingClientRect();
    const over = [];
    for (const el of pane.querySelectorAll('*')) {
      const b = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      // Tabster's 1 px focus-trap helpers are position: fixed and invisible by design.
      if (b.width === 0 || cs.visibility === 'hidden' || cs.position === 'fixed' || el.hasAttribute('data-tabster-dummy')) continue;
      if (b.right > box.right + 0.5 || b.left < box.left - 0.5) over.push(`${el.tagName.toLowerCase()}.${el.className}`.slice(0, 80));
    }
    const cs = getComputedStyle(pane);
    const inner = box.width - parseFloat(cs.borderLeftWidth) - parseFloat(cs.borderRightWidth);
    return { width: inner, scrollWidth: pane.scrollWidth, clientWidth: pane.clientWidth, over: over.slice(0, 5) };
  });
  eq(Math.round(r.width), PANE_WIDTH, 'pane width');
  assert(r.scrollWidth <= r.clientWidth, `pane scrolls horizontally (${r.scrollWidth} > ${r.clientWidth})`);
  assert(r.over.length === 0, `elements stick out of the pane: ${r.over.join(', ')}`);
}

// ---------------------------------------------------------------- what the engine says
const catalog = builtinCatalog();
const regionNames = new Set(catalog.reference.regions.map((r) => r.name));
const demo = new MemoryWorkbook();
const demoPort = new OfficeWorkbook(createFakeExcel(demo));
await buildDemo(demo, demoPort, catalog);
const indicatorGrid = await demoPort.readSheet('Indikatorer 2026');
const parsedIndicators = indicatorsFromGrid(indicatorGrid, catalog, '2026');
/** What the engine computes for the demo indicators (evaluated in node, not in the browser). */
async function engineExpectations() {
  if (!parsedIndicators.ok) throw new Error(`the demo indicator sheet does not parse in the engine: ${parsedIndicators.errors.slice(0, 3).map((e) => e.message.en).join(' | ')}`);
  const rows = parsedIndicators.rows;
  return {
    redistribute: await evaluate(catalog, { agreement: '2026', indicators: rows, unclaimed: 'redistribute' }),
    forfeit: await evaluate(catalog, { agreement: '2026', indicators: rows, unclaimed: 'forfeit' }),
    gavleborg: rows.find((r) => r.region === 'Region Gävleborg'),
    halland: rows.find((r) => r.region === 'Region Halland'),
  };
}

// ---------------------------------------------------------------- scenarios
await test('Fördela: equal and single-recipient pots hide the population controls', async (page) => {
  await open(page);
  await choose(page, 'alloc-agreement', 'Överenskommelsen 2026');
  const pots = catalog.agreements.find((a) => a.id === '2026').pots;
  await choose(page, 'alloc-pot', pots.find((p) => p.id === 'barncancer').title.sv);
  await page.getByTestId('no-population').filter({ hasText: 'delas lika' }).waitFor();
  eq(await page.getByRole('radio', { name: 'Använd markerat område' }).count(), 0, 'no population choice for an equal split');
  await choose(page, 'alloc-pot', pots.find((p) => p.id === 'screening').title.sv);
  await page.getByTestId('no-population').filter({ hasText: 'en enda mottagare' }).waitFor();
  await choose(page, 'alloc-pot', pots.find((p) => p.id === 'svf-payment-1').title.sv);
  await page.getByRole('radio', { name: 'Använd markerat område' }).waitFor();
  eq(await page.getByTestId('no-population').count(), 0, 'population controls back for a population split');
  await assertFits(page);
});

await test('Fördela: 2026 svf-payment-1 → 21 region rows summing to 250 000 000', async (page) => {
  await open(page);
  eq(await page.evaluate(() => window.__preview.host), 'direct', 'the preview runs on the direct port by default');
  await choose(page, 'alloc-agreement', 'Överenskommelsen 2026');
  const pot = catalog.agreements.find((a) => a.id === '2026').pots.find((p) => p.id === 'svf-payment-1');
  await choose(page, 'alloc-pot', pot.title.sv);
  await page.getByTestId('pot-card').filter({ hasText: `250${NBSP}000${NBSP}000${NBSP}kr` }).waitFor();
  await page.getByRole('button', { name: 'Skapa fördelningstabell' }).click();
  const written = page.getByTestId('written-sheet');
  await written.waitFor();
  const sheet = await written.getAttribute('data-sheet');
  await page.locator(`[data-testid=grid][data-sheet="${sheet}"]`).waitFor();
  const rows = await gridRows(page);
  const header = rows.findIndex((r) => r.some((c) => c.text === 'Belopp (kr)'));
  assert(header >= 0, 'no "Belopp (kr)" header in the grid');
  const col = rows[header].findIndex((c) => c.text === 'Belopp (kr)');
  const regionRows = rows.slice(header + 1).filter((r) => regionNames.has(r[0]?.text));
  eq(regionRows.length, 21, 'region rows');
  const amounts = regionRows.map((r) => parseShown(r[col].text));
  assert(amounts.every((a) => Number.isInteger(a)), `amounts not all numbers: ${regionRows.map((r) => r[col].text).join(' | ')}`);
  eq(amounts.reduce((a, b) => a + b, 0), 250_000_000, 'sum of the amounts');
  assert(regionRows[0][col].text.includes(NBSP), 'amounts are grouped with a no-break space');
  // each row is what the engine allocates (largest remainder, default population)
  const a = allocate(catalog, { agreement: '2026', pot: 'svf-payment-1' });
  for (const r of regionRows) {
    const row = a.rows.find((x) => x.recipient === r[0].text);
    eq(parseShown(r[col].text), Number(row.amount.toString()), `amount of ${r[0].text}`);
  }
  const sumRow = rows.slice(header + 1).find((r) => r[0]?.text === 'Summa');
  eq(parseShown(sumRow[col].text), 250_000_000, 'Summa row');
  await assertFits(page);
  await page.screenshot({ path: join(shots, 'fordela.png') });
  await paneShot(page, 'fordela-pane.png');
});

await test('Fördela: "Alla potter" writes one overview sheet with the agreement total', async (page) => {
  await open(page);
  await page.getByRole('button', { name: 'Alla potter' }).click();
  const written = page.getByTestId('written-sheet');
  await written.waitFor();
  const sheet = await written.getAttribute('data-sheet');
  await page.locator(`[data-testid=grid][data-sheet="${sheet}"]`).waitFor();
  const cells = (await gridRows(page)).flat();
  assert(cells.some((c) => c.text === `1${NBSP}005${NBSP}000${NBSP}000`), 'the total 1 005 000 000 is in the sheet');
  assert(cells.some((c) => c.text === 'Region Stockholm'), 'regions are recipients');
});

await test('Fördela: a pot whose split the text does not give explains why', async (page) => {
  await open(page);
  await choose(page, 'alloc-agreement', 'Överenskommelsen 2021');
  const pot = catalog.agreements.find((a) => a.id === '2021').pots.find((p) => p.split.by === 'unspecified');
  await choose(page, 'alloc-pot', pot.title.sv);
  const warn = page.getByTestId('pot-blocked');
  await warn.waitFor();
  assert((await warn.textContent()).includes(pot.split.note.sv.slice(0, 30)), 'the engine’s reason is shown');
  assert(await page.getByRole('button', { name: 'Skapa fördelningstabell' }).isDisabled(), 'button disabled');
  await assertFits(page);
  await paneShot(page, 'fordela-blocked-pane.png');
});

await test('Fördela: "Använd markerat område" reads seed 004’s table from the grid', async (page) => {
  await open(page);
  await showSheet(page, 'Fördelning 2021');
  await page.locator('[data-testid=grid] td[data-cell=A1]').click();
  await page.locator('[data-testid=grid] td[data-cell=B22]').click({ modifiers: ['Shift'] });
  eq(await page.getByTestId('name-box').textContent(), 'A1:B22', 'selection');
  await choose(page, 'alloc-agreement', 'Överenskommelsen 2021');
  await choose(page, 'alloc-pot', catalog.agreements.find((a) => a.id === '2021').pots.find((p) => p.id === 'svf-payment-1').title.sv);
  await page.getByRole('radio', { name: 'Använd markerat område' }).check();
  await page.getByRole('button', { name: 'Läs markeringen' }).click();
  const summary = page.getByTestId('selection-summary');
  await summary.waitFor();
  assert((await summary.textContent()).includes(`10${NBSP}319${NBSP}473`), `summary: ${await summary.textContent()}`);
  await page.getByRole('button', { name: 'Skapa fördelningstabell' }).click();
  await page.getByTestId('written-sheet').waitFor();
  const rows = await gridRows(page);
  const header = rows.findIndex((r) => r.some((c) => c.text === 'Belopp (kr)'));
  const col = rows[header].findIndex((c) => c.text === 'Belopp (kr)');
  const regionRows = rows.slice(header + 1).filter((r) => regionNames.has(r[0]?.text));
  eq(regionRows.length, 21, 'region rows');
  const total = regionRows.reduce((s, r) => s + parseShown(r[col].text), 0);
  const potAmount = Number(catalog.agreements.find((a) => a.id === '2021').pots.find((p) => p.id === 'svf-payment-1').amount);
  eq(total, potAmount, 'sum equals the pot');
  // the sheet records which figures it used and when
  const source = rows.flat().find((c) => c.text.startsWith('Befolkning: egen befolkningstabell'));
  assert(source && source.text.includes("'Fördelning 2021'!A1:B22") && /läst \d{1,2} [a-z]+ \d{4}/.test(source.text), `population source line: ${source?.text}`);
  await paneShot(page, 'fordela-selection-pane.png');
});

await test('Fördela: a selection that is not a population table shows errors against cells', async (page) => {
  await open(page);
  await showSheet(page, 'Fördelning 2021');
  await page.locator('[data-testid=grid] td[data-cell=C1]').click();
  await page.locator('[data-testid=grid] td[data-cell=D5]').click({ modifiers: ['Shift'] });
  await page.getByRole('radio', { name: 'Använd markerat område' }).check();
  await page.getByRole('button', { name: 'Läs markeringen' }).click();
  const errors = page.getByTestId('cell-errors');
  await errors.waitFor();
  assert(/[A-Z]+\d+/.test(await errors.textContent()), 'errors name cells');
  // a long list shows ten, with a link to the rest
  const shownErrors = await page.getByTestId('cell-error').count();
  assert(shownErrors >= 1 && shownErrors <= 10, `at most ten errors at first (${shownErrors})`);
  if (await page.getByTestId('show-all-errors').count()) {
    await page.getByTestId('show-all-errors').click();
    assert((await page.getByTestId('cell-error').count()) > 10, 'all errors after "Visa alla"');
  }
  await assertFits(page);
  await paneShot(page, 'fordela-errors-pane.png');
});

/** Select a range in the grid by clicking its corners. */
async function selectRange(page, from, to) {
  await page.locator(`[data-testid=grid] td[data-cell=${from}]`).click();
  if (to) await page.locator(`[data-testid=grid] td[data-cell=${to}]`).click({ modifiers: ['Shift'] });
}

await test('Fördela: a failed read disables "Skapa fördelningstabell" with the reason beside it, until the selection changes', async (page) => {
  await open(page);
  await showSheet(page, 'Fördelning 2021');
  await selectRange(page, 'C1', 'D5');
  await page.getByRole('radio', { name: 'Använd markerat område' }).check();
  const create = page.getByTestId('create-allocation');
  await create.click();
  await page.getByTestId('cell-errors').waitFor();
  assert(await create.isDisabled(), 'Skapa is disabled after a failed read');
  const reason = page.getByTestId('create-blocked-reason');
  assert(/Markera ett annat område/.test(await reason.textContent()), `reason: ${await reason.textContent()}`);
  eq(await create.getAttribute('aria-describedby'), 'create-blocked-reason', 'the button is described by its reason');
  await assertFits(page);
  await paneShot(page, 'fordela-read-failed-pane.png');
  // another selection: the button is back, the reason gone, and the table is made from it
  await selectRange(page, 'A1', 'B22');
  await page.waitForFunction(() => !document.querySelector('[data-testid=create-allocation]').disabled);
  eq(await reason.count(), 0, 'no reason once the selection changed');
  await create.click();
  await page.getByTestId('written-sheet').waitFor();
});

await test('Fördela: without selection events (?selectionEvents=0) a failed read says to read the selection again; a good read re-enables', async (page) => {
  await open(page, '?selectionEvents=0');
  await showSheet(page, 'Fördelning 2021');
  await selectRange(page, 'C1', 'D5');
  await page.getByRole('radio', { name: 'Använd markerat område' }).check();
  const create = page.getByTestId('create-allocation');
  await page.getByRole('button', { name: 'Läs markeringen' }).click();
  await page.getByTestId('cell-errors').waitFor();
  assert(await create.isDisabled(), 'Skapa is disabled after a failed read');
  const reason = page.getByTestId('create-blocked-reason');
  assert(/klicka på ”Läs markeringen”/.test(await reason.textContent()), `reason: ${await reason.textContent()}`);
  await selectRange(page, 'A1', 'B22');
  await page.waitForTimeout(200);
  assert(await create.isDisabled(), 'still disabled: this host has no selection event');
  // the built-in table is not blocked by a failed read of the selection
  await page.getByRole('radio', { name: 'Inbyggd tabell' }).check();
  assert(!(await create.isDisabled()), 'the built-in table can be used');
  await page.getByRole('radio', { name: 'Använd markerat område' }).check();
  await page.getByRole('button', { name: 'Läs markeringen' }).click();
  await page.getByTestId('selection-summary').waitFor();
  assert(!(await create.isDisabled()), 'enabled after a good read');
  eq(await reason.count(), 0, 'no reason after a good read');
});

await test('An Office error is shown with its code and leaves the workbook as it was', async (page) => {
  await open(page, '?failAtSync=2');
  eq(await page.evaluate(() => window.__preview.host), 'fake', '?failAtSync runs the Office.js adapter over the fake host');
  const before = await page.getByTestId('sheet-tab').allTextContents();
  await page.getByRole('button', { name: 'Skapa fördelningstabell' }).click();
  const error = page.getByTestId('error');
  await error.waitFor();
  const code = await page.getByTestId('error-code').textContent();
  assert(/Felkod: \w+/.test(code), `error code shown: ${code}`);
  const shownError = await page.getByTestId('error').textContent();
  assert(!/\b(writeSheet|readSheet|flag|clearFlags|readSelection)\b/.test(shownError), `no internal function names: ${shownError}`);
  eq((await page.getByTestId('sheet-tab').allTextContents()).join('|'), before.join('|'), 'no sheet added');
  const stats = await page.evaluate(() => window.__preview.stats.toJSON());
  assert(stats.failedSyncs >= 1, 'the injected failure happened');
  await assertFits(page);
  await paneShot(page, 'error-pane.png');
}, { consoleErrorsExpected: true });

await test('An older Excel (ExcelApi 1.10) is told what it lacks', async (page) => {
  await open(page, '?api=1.10');
  await page.getByText('Den här Excel-versionen saknar några funktioner').waitFor();
  const missing = await page.getByTestId('host-missing').locator('li').allTextContents();
  assert(missing.some((m) => m.startsWith('Anteckningar (ExcelApi 1.18): markeringar får kommentarer')), `notes → comments, in Swedish: ${missing.join(' | ')}`);
  assert(missing.every((m) => !/\b(flags|sheet|without)\b/.test(m)), `no English sentences: ${missing.join(' | ')}`);
  await page.getByTestId('lang-en').click();
  await page.getByText('This version of Excel lacks some features').waitFor();
  const missingEn = await page.getByTestId('host-missing').locator('li').allTextContents();
  assert(missingEn.some((m) => m.startsWith('Notes (ExcelApi 1.18): flags use comments instead')), `in English: ${missingEn.join(' | ')}`);
  await assertFits(page);
});

await test('Villkor: Beräkna on the demo indicators flags failing cells; total paid = engine', async (page) => {
  await open(page);
  await showSheet(page, 'Indikatorer 2026');
  await page.getByTestId('tab-conditions').click();
  await choose(page, 'cond-agreement', 'Överenskommelsen 2026');
  await page.getByRole('button', { name: 'Beräkna' }).click();
  const total = page.getByTestId('total-paid');
  await total.or(page.getByTestId('cell-errors')).or(page.getByTestId('error')).first().waitFor();
  if (!(await total.isVisible())) {
    // keep a picture of what the user sees before failing
    await page.screenshot({ path: join(shots, 'villkor.png') });
    await paneShot(page, 'villkor-pane.png');
    const shown = (await page.getByTestId('cell-errors').or(page.getByTestId('error')).first().textContent()).slice(0, 300);
    throw new Error(`Beräkna did not produce a result; the pane shows: ${shown}`);
  }
  const { redistribute, forfeit, gavleborg, halland } = await engineExpectations();
  const expected = { redistribute, forfeit };
  const want = expected.redistribute.total;
  eq(await total.getAttribute('data-value'), want.toFixed(0), 'total paid (value)');
  eq(parseShown(await total.textContent()), Number(want.toFixed(0)), 'total paid (as shown)');
  const regions = await page.getByTestId('region-result').count();
  eq(regions, 21, 'regions listed');
  // the list starts with the regions that do not qualify; the filter shows only them
  const failingShown = await page.locator('[data-testid=region-result]:has([data-testid=failed-conditions])').count();
  assert(failingShown > 0, 'some demo regions fail');
  for (let i = 0; i < failingShown; i++) {
    assert((await page.getByTestId('region-result').nth(i).getByTestId('failed-conditions').count()) === 1, `region ${i + 1} of the list is a failing one`);
  }
  await page.getByTestId('only-failing').click();
  eq(await page.getByTestId('region-result').count(), failingShown, 'only the failing regions with the filter on');
  await page.getByTestId('only-failing').click();
  eq(await page.getByTestId('region-result').count(), 21, 'all again with the filter off');
  const gav = page.locator('[data-testid=region-result][data-region="Region Gävleborg"]');
  assert((await gav.textContent()).includes('§ 5.3'), 'failed condition cites its section');
  // the failing input cells are flagged in the grid
  await showSheet(page, 'Indikatorer 2026');
  for (const [row, fact] of [[gavleborg, 'inclusion'], [halland, 'prem']]) {
    const a1 = row.cells[fact];
    const td = page.locator(`[data-testid=grid] td[data-cell=${a1}]`);
    eq(await td.getAttribute('data-fill'), FLAG_FILLS.error, `fill of ${row.region} ${fact} (${a1})`);
    assert((await td.getAttribute('data-note'))?.length > 10, `note on ${a1}`);
  }
  // a passing cell is not flagged
  const ok = page.locator(`[data-testid=grid] td[data-cell=${gavleborg.cells.prem}]`);
  eq(await ok.getAttribute('data-fill'), null, 'passing cell has no fill');
  await assertFits(page);
  await page.screenshot({ path: join(shots, 'villkor.png') });
  await paneShot(page, 'villkor-pane.png');

  // forfeit: the switch off, Beräkna again on the indicator sheet
  await page.getByRole('switch', { name: 'Omfördela medel som inte betalas ut' }).uncheck();
  await page.getByRole('button', { name: 'Beräkna' }).click();
  await page.locator(`[data-testid=total-paid][data-value="${expected.forfeit.total.toFixed(0)}"]`).waitFor();

  // clear flags restores the cells
  await page.getByRole('button', { name: 'Rensa markeringar' }).click();
  await page.getByTestId('success').filter({ hasText: 'återställdes' }).waitFor();
  await showSheet(page, 'Indikatorer 2026');
  eq(await page.locator(`[data-testid=grid] td[data-cell=${gavleborg.cells.inclusion}]`).getAttribute('data-fill'), null, 'fill cleared');
  eq(await page.locator(`[data-testid=grid] td[data-cell=${gavleborg.cells.inclusion}]`).getAttribute('data-note'), null, 'note cleared');
});

await test('Villkor: Beräkna on a sheet that is not an indicator sheet says "Välj indikatorbladet" with a link', async (page) => {
  await open(page);
  await showSheet(page, 'Fördelning 2021');
  await page.getByTestId('tab-conditions').click();
  await choose(page, 'cond-agreement', 'Överenskommelsen 2026');
  await page.getByRole('button', { name: 'Beräkna' }).click();
  const bar = page.getByTestId('choose-indicator-sheet');
  await bar.waitFor();
  assert((await bar.textContent()).includes('Välj indikatorbladet'), 'one line naming what to do');
  eq(await page.getByTestId('cell-errors').count(), 0, 'no list of cell errors');
  await assertFits(page);
  await page.getByTestId('open-indicator-sheet').click();
  await page.locator('[data-testid=grid][data-sheet="Indikatorer 2026"]').waitFor();
  await page.getByRole('button', { name: 'Beräkna' }).click();
  await page.getByTestId('total-paid').waitFor();
  eq(await page.getByTestId('choose-indicator-sheet').count(), 0, 'the previous message is gone');
});

await test('Villkor: "Skapa indikatorblad" writes a new input sheet, never over the old one', async (page) => {
  await open(page);
  await page.getByTestId('tab-conditions').click();
  await page.getByRole('button', { name: 'Skapa indikatorblad' }).click();
  const written = page.getByTestId('written-sheet');
  await written.waitFor();
  const sheet = await written.getAttribute('data-sheet');
  assert(sheet !== 'Indikatorer 2026', `a free name, not the demo sheet's (${sheet})`);
  await page.locator(`[data-testid=grid][data-sheet="${sheet}"]`).waitFor();
  const rows = await gridRows(page);
  eq(rows.filter((r) => regionNames.has(r[0]?.text)).length, 21, 'one row per region');
  assert(rows.some((r) => r.some((c) => c.text === 'PREM används')), 'Swedish headers');
  // Beräkna on the new, empty sheet: one line, not an error per empty cell
  await page.getByRole('button', { name: 'Beräkna' }).click();
  const empty = page.getByTestId('indicators-empty');
  await empty.waitFor();
  assert((await empty.textContent()).includes('Indikatorbladet är inte ifyllt'), 'says the sheet is not filled in');
  eq(await page.getByTestId('cell-errors').count(), 0, 'no list of errors for the empty cells');
  await assertFits(page);
});

await test('Preview grid: paste, type, F2, Delete and copy like a spreadsheet; Villkor runs on the typed values', async (page) => {
  await open(page);
  await page.getByTestId('tab-conditions').click();
  await choose(page, 'cond-agreement', 'Överenskommelsen 2026');
  await page.getByRole('button', { name: 'Skapa indikatorblad' }).click();
  const sheet = await page.getByTestId('written-sheet').getAttribute('data-sheet');
  await page.locator(`[data-testid=grid][data-sheet="${sheet}"]`).waitFor();
  const rows = await gridRows(page);
  const header = rows.findIndex((r) => r.some((c) => c.text === 'Inklusion alla SVF'));
  assert(header >= 0, 'indicator header row');
  const heads = rows[header].map((c) => c.text);
  const first = heads.indexOf('Inklusion alla SVF');
  const regionRows = rows.slice(header + 1).filter((r) => regionNames.has(r[0]?.text));
  eq(regionRows.length, 21, 'region rows');
  // Values every region passes with, as tab-separated text (what Excel puts on the clipboard).
  const pass = { 'PREM används': 'ja', 'Redovisning inlämnad': '2026-09-15' };
  const line = heads.slice(first).filter((h) => h).map((h) => pass[h] ?? (h.startsWith('Inom ledtid') ? '65 %' : '75,5 %'));
  const tsv = regionRows.map(() => line.join('\t')).join('\r\n') + '\r\n';
  const topLeft = regionRows[0][first].a1;
  await page.locator(`[data-testid=grid] td[data-cell=${topLeft}]`).click();
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', text);
    document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, tsv);
  await page.locator(`[data-testid=grid] td[data-cell=${topLeft}]`).filter({ hasText: '75,5' }).waitFor();
  eq(await page.locator(`[data-testid=grid] td[data-cell=${topLeft}]`).getAttribute('data-format'), '0.0%', 'a pasted "75,5 %" is a percentage');
  eq(await page.getByTestId('formula-bar').textContent(), '75,5 %', 'the formula bar shows the value the Swedish way');

  // Type into Gävleborg's inclusion: "69,9 %" and Enter (moves down)
  const gav = regionRows.find((r) => r[0].text === 'Region Gävleborg')[first].a1;
  const hal = regionRows.find((r) => r[0].text === 'Region Halland')[first].a1;
  await page.locator(`[data-testid=grid] td[data-cell=${gav}]`).click();
  await page.keyboard.type('69,9 %');
  await page.keyboard.press('Enter');
  await page.locator(`[data-testid=grid] td[data-cell=${gav}]`).filter({ hasText: '69,9' }).waitFor();
  // "hög" in Halland's inclusion: Beräkna names the cell
  await page.locator(`[data-testid=grid] td[data-cell=${hal}]`).click();
  await page.keyboard.type('hög');
  await page.keyboard.press('Tab');
  await page.getByRole('button', { name: 'Beräkna' }).click();
  const errors = page.getByTestId('cell-errors');
  await errors.waitFor();
  const errText = await errors.textContent();
  assert(errText.includes(hal) && errText.includes('hög'), `the error names ${hal} and "hög": ${errText.slice(0, 200)}`);
  // F2 edits the cell's content; Escape cancels an edit
  await page.locator(`[data-testid=grid] td[data-cell=${hal}]`).click();
  await page.keyboard.press('F2');
  eq(await page.getByTestId('cell-editor').inputValue(), 'hög', 'F2 opens the cell text');
  await page.keyboard.press('Escape');
  eq(await page.getByTestId('cell-editor').count(), 0, 'Escape closes the editor');
  await page.locator(`[data-testid=grid] td[data-cell=${hal}]`).filter({ hasText: 'hög' }).waitFor();
  // Delete clears, then double-click and type a value
  await page.keyboard.press('Delete');
  eq((await page.locator(`[data-testid=grid] td[data-cell=${hal}]`).textContent()).trim(), '', 'Delete clears the cell');
  await page.locator(`[data-testid=grid] td[data-cell=${hal}]`).dblclick();
  await page.keyboard.type('72,5 %');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Beräkna' }).click();
  await page.getByTestId('total-paid').waitFor();
  const g = page.locator('[data-testid=region-result][data-region="Region Gävleborg"]');
  assert((await g.getByTestId('failed-conditions').textContent()).includes('69,9'), 'Gävleborg fails on the typed 69,9 %');
  eq(await page.locator('[data-testid=region-result]:has([data-testid=failed-conditions])').count(), 1, 'only Gävleborg fails');
  // Copy a block: tab-separated, values the Swedish way
  await showSheet(page, sheet);
  await page.locator(`[data-testid=grid] td[data-cell=${gav}]`).click();
  await page.keyboard.press('Shift+ArrowRight');
  const copied = await page.evaluate(() => {
    const dt = new DataTransfer();
    document.dispatchEvent(new ClipboardEvent('copy', { clipboardData: dt, bubbles: true, cancelable: true }));
    return dt.getData('text/plain');
  });
  eq(copied, '69,9 %\tja', 'copied block');
  await assertFits(page);
  await page.screenshot({ path: join(shots, 'grid-edit.png') });
});

await test('Preview grid: a finding’s cell scrolls into view; a column can be resized', async (page) => {
  await open(page, '?bench=2000');
  const big = await page.evaluate(() => {
    const wb = window.__preview.workbook;
    return wb.sheetNames().find((n) => Number((wb.usedRange(n) ?? 'A1').split(':').pop().replace(/[A-Z]+/, '')) >= 1000);
  });
  assert(big, 'the ?bench sheet is there');
  await showSheet(page, big);
  await page.evaluate((name) => window.__preview.workbook.setSelection(name, 'C900'), big);
  const td = page.locator('[data-testid=grid] td[data-cell=C900]');
  await td.waitFor();
  await page.waitForTimeout(100);
  const box = await td.boundingBox();
  const grid = await page.getByTestId('grid').boundingBox();
  assert(box && grid && box.y >= grid.y && box.y + box.height <= grid.y + grid.height + 1, `the selected cell is inside the visible grid (${box?.y} in ${grid?.y}…${grid?.y + grid?.height})`);
  const resizer = page.locator('[data-testid=col-resizer][data-col=B]');
  const before = (await page.locator('[data-testid=grid] td[data-cell=B1]').boundingBox()).width;
  const rb = await resizer.boundingBox();
  const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.dataset?.testid ?? document.elementFromPoint(x, y)?.tagName, [rb.x + 1, rb.y + rb.height / 2]);
  eq(hit, 'col-resizer', 'the column edge is there to grab');
  await page.mouse.move(rb.x + 1, rb.y + rb.height / 2);
  await page.mouse.down();
  await page.mouse.move(rb.x + 60, rb.y + rb.height / 2, { steps: 4 });
  await page.mouse.up();
  const after = (await page.locator('[data-testid=grid] td[data-cell=B1]').boundingBox()).width;
  assert(after > before + 40, `column B wider after dragging its edge (${before} → ${after})`);
});

await test('Villkor: 2021 has no conditions and says so', async (page) => {
  await open(page);
  await page.getByTestId('tab-conditions').click();
  await choose(page, 'cond-agreement', 'Överenskommelsen 2021');
  await page.getByTestId('no-conditions').waitFor();
});

await test('Regler: 2026 shows pots with citations, errata and gaps', async (page) => {
  await open(page);
  await page.getByTestId('tab-rules').click();
  const pane = page.getByTestId('pane-rules');
  await pane.waitFor();
  const text = await pane.textContent();
  assert(text.includes(`1${NBSP}005${NBSP}000${NBSP}000${NBSP}kr`), 'total 1 005 000 000 kr');
  assert(text.includes('senast den 30 september 2025'), 'the erratum is quoted');
  assert(text.includes('avsnitt 5.3'), 'sections cited');
  await assertFits(page);
  await paneShot(page, 'regler-pane.png');
});

await test('Dark theme (Villkor after Beräkna)', async (page) => {
  await open(page);
  await page.getByTestId('dark').click();
  await showSheet(page, 'Indikatorer 2026');
  await page.getByTestId('tab-conditions').click();
  await page.getByRole('button', { name: 'Beräkna' }).click();
  await page.getByTestId('total-paid').or(page.getByTestId('cell-errors')).first().waitFor();
  await showSheet(page, 'Indikatorer 2026');
  await page.screenshot({ path: join(shots, 'dark.png') });
  await paneShot(page, 'dark-pane.png');
  assert(await page.getByTestId('total-paid').isVisible(), 'Beräkna gave a result');
  const bg = await page.getByTestId('app').evaluate((el) => getComputedStyle(el).backgroundColor);
  const [r, g, b] = bg.match(/\d+/g).map(Number);
  assert(r + g + b < 3 * 80, `dark background, got ${bg}`);
  await assertFits(page);
});

await test('English (Allocate after creating a table)', async (page) => {
  await open(page);
  await page.getByTestId('lang-en').click();
  await page.getByRole('tab', { name: 'Allocate' }).waitFor();
  await choose(page, 'alloc-agreement', 'Agreement 2026');
  await page.getByRole('radio', { name: 'Plain rounding' }).check();
  await page.getByRole('button', { name: 'Create allocation table' }).click();
  const done = page.getByTestId('success');
  await done.waitFor();
  assert((await done.textContent()).includes('Difference from the pot'), 'half-up reports its drift');
  const rows = await gridRows(page);
  assert(rows.some((r) => r.some((c) => c.text === 'Amount (kr)')), 'English headers in the sheet');
  await assertFits(page);
  await page.screenshot({ path: join(shots, 'english.png') });
  await paneShot(page, 'english-pane.png');
});

await test('Keyboard: tabs and the main button are reachable and show focus', async (page) => {
  await open(page);
  await page.getByTestId('tab-allocate').focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await page.getByTestId('pane-conditions').waitFor({ state: 'visible' });
  const evaluateButton = page.getByRole('button', { name: 'Beräkna' });
  await evaluateButton.focus();
  const focused = await page.evaluate(() => document.activeElement?.textContent);
  eq(focused, 'Beräkna', 'focus on Beräkna');
});

// ---------------------------------------------------------------- Granska
const jamtland = jamtlandWorkbook(SEED_000_TEXT);
/** Where the sheet says "375 miljoner" (the error), "ca 4,6 miljoner" and "Ca 2,3 mkr" (the warnings). */
const J = { sheet: DEMO_JAMTLAND_SHEET, error: jamtland.where['375'], warn46: jamtland.where['4,6'], warn23: jamtland.where['2,3'] };
/** What the engine finds on the Jämtland sheet of the node-side demo workbook (not flagged). */
const jamtlandAudit = await auditWorkbook(demoPort, catalog, { scope: 'sheet', sheet: J.sheet, lang: 'sv', flag: false });

/** A grid cell, as the preview shows it. */
function cellAt(page, a1) {
  return page.locator(`[data-testid=grid] td[data-cell=${a1}]`);
}

async function runAudit(page) {
  await page.getByTestId('audit-run').click();
  await page.getByTestId('audit-result').or(page.getByTestId('error')).first().waitFor();
  if (!(await page.getByTestId('audit-result').isVisible())) {
    await paneShot(page, 'granska-failed-pane.png');
    throw new Error(`Granska gave no result; the pane shows: ${(await page.getByTestId('error').textContent()).slice(0, 300)}`);
  }
}

/** Fills and notes of every workbook cell, from the preview's store: "Sheet!A1" → "fill|note". */
async function marks(page) {
  return page.evaluate(() => {
    const out = {};
    for (const sheet of window.__preview.workbook.sheets)
      for (const { row, col, cell } of sheet.entries()) if (cell.fill || cell.note) out[`${sheet.name}!${row},${col}`] = `${cell.fill}|${cell.note}`;
    return out;
  });
}

await test('Granska: Jämtland’s "375 miljoner" is an error, flagged; clicking it selects the cell; Rensa restores it', async (page) => {
  await open(page);
  await showSheet(page, J.sheet);
  const before = await gridRows(page);
  const cell375 = before.flat().find((c) => c.a1 === J.error);
  assert(cell375?.text.includes('375 miljoner'), `${J.error} shows "375 miljoner": ${cell375?.text}`);
  await cellAt(page, 'B2').click();
  eq(await page.getByTestId('name-box').textContent(), 'B2', 'selection before');

  await page.getByTestId('tab-audit').click();
  await page.getByTestId('pane-audit').waitFor({ state: 'visible' });
  eq(await page.getByRole('radio', { name: 'Aktivt blad' }).isChecked(), true, 'scope defaults to the active sheet');
  eq(await page.getByTestId('audit-agreement').textContent(), 'Automatiskt (årtal i bladet)', 'agreement defaults to automatic');
  await runAudit(page);

  // which agreement, and why
  const summary = page.getByTestId('audit-summary');
  eq(await summary.getAttribute('data-agreement'), '2026', 'agreement used');
  eq(await summary.getAttribute('data-from'), 'year-in-text', 'why');
  const summaryText = await summary.textContent();
  assert(summaryText.includes('Granskat mot Överenskommelsen 2026') && summaryText.includes('Varför: årtalet 2026 står i bladet.'), `summary: ${summaryText}`);

  // the findings are the engine's, grouped by severity with counts
  const shown = await page.getByTestId('finding').evaluateAll((els) => els.map((e) => `${e.dataset.severity} ${e.dataset.cell} ${e.dataset.rule}`));
  const want = jamtlandAudit.findings.map((f) => `${f.severity} ${f.cell} ${f.rule}`);
  eq([...shown].sort().join('\n'), [...want].sort().join('\n'), 'findings listed = the engine’s findings');
  for (const sev of ['error', 'warning', 'note']) {
    const n = jamtlandAudit.findings.filter((f) => f.severity === sev).length;
    eq(Number(await page.locator(`[data-testid=audit-counts] [data-severity=${sev}]`).getAttribute('data-count')), n, `${sev} count`);
  }
  const groupHeads = await page.getByTestId('finding-group').evaluateAll((els) => els.map((e) => e.dataset.severity));
  eq(groupHeads.join(','), ['error', 'warning', 'note'].filter((sev) => jamtlandAudit.findings.some((f) => f.severity === sev)).join(','), 'groups in order Fel, Varningar, Noteringar');

  const err = page.locator(`[data-testid=finding][data-cell=${J.error}][data-severity=error][data-rule="facts.pot-total"]`);
  await err.waitFor();
  const errText = await err.getByTestId('finding-message').textContent();
  assert(errText.includes('375 miljoner') && errText.includes(`500${NBSP}000${NBSP}000`), `error message: ${errText}`);
  const cite = err.getByTestId('finding-cite');
  assert((await cite.textContent()).startsWith('Överenskommelse om en jämlik och effektiv cancervård med kortare väntetider 2026 (Socialdepartementet och SKR, 12 februari 2026), avsnitt 5.3: ”'), `citation: ${await cite.textContent()}`);
  const full = await cite.locator('[title]').getAttribute('title');
  assert(full.includes('avsätts 500 000 000 kronor'), `the full quotation is in the tooltip: ${full}`);
  for (const a1 of [J.warn46, J.warn23]) {
    const w = page.locator(`[data-testid=finding][data-cell=${a1}][data-severity=warning]`).first();
    assert(/ca\s\d,\d\sMkr/.test(await w.textContent()), `warning on ${a1} gives the computed figure`);
  }

  // flagged in the grid: the error's fill and a note with the message and the citation
  const td = cellAt(page, J.error);
  eq(await td.getAttribute('data-fill'), FLAG_FILLS.error, `fill of ${J.error}`);
  const note = await td.getAttribute('data-note');
  assert(note?.includes('375 miljoner') && note.includes('§ 5.3'), `note on ${J.error}: ${note}`);
  eq(await cellAt(page, J.warn46).getAttribute('data-fill'), FLAG_FILLS.warning, `fill of ${J.warn46}`);

  // clicking the finding selects its cell
  await err.getByTestId('finding-cell').click();
  await page.waitForFunction((a1) => document.querySelector('[data-testid=name-box]')?.textContent === a1, J.error);
  eq(await page.locator('[data-testid=grid]').getAttribute('data-sheet'), J.sheet, 'sheet stays');
  assert((await td.getAttribute('aria-selected')) === 'true', `${J.error} is selected in the grid`);
  // … and so does the keyboard
  await page.locator(`[data-testid=finding][data-cell=${J.warn46}] [data-testid=finding-cell]`).first().focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((a1) => document.querySelector('[data-testid=name-box]')?.textContent === a1, J.warn46);

  await assertFits(page);
  await page.screenshot({ path: join(shots, 'granska.png') });
  await paneShot(page, 'granska-pane.png');

  // Rensa markeringar: every cell as before the audit (values, fills, notes)
  await page.getByTestId('audit-clear').click();
  const cleared = page.getByTestId('flags-cleared');
  await cleared.waitFor();
  const n = Number(await cleared.getAttribute('data-cells'));
  eq(n, new Set(jamtlandAudit.findings.map((f) => f.cell)).size, 'cells restored');
  assert((await cleared.textContent()).includes(`${n} celler återställdes på bladet ”${J.sheet}”`), `says how many: ${await cleared.textContent()}`);
  await showSheet(page, J.sheet);
  const after = await gridRows(page);
  eq(JSON.stringify(after), JSON.stringify(before), 'the grid after Rensa is the grid before Granska');
  await paneShot(page, 'granska-cleared-pane.png');
});

await test('Granska: the adapter’s warnings after Rensa are shown collapsed with a count, in Swedish', async (page) => {
  await open(page);
  await showSheet(page, J.sheet);
  await page.getByTestId('tab-audit').click();
  await runAudit(page);
  eq(await page.getByTestId('port-warnings').count(), 0, 'no warnings after a clean flag');
  // a user recolours a flagged cell: Rensa leaves it alone, and the adapter says so
  await page.evaluate((cell) => window.__preview.workbook.setCell(window.__preview.workbook.activeSheet, cell, { fill: '#00B050' }), J.error);
  await page.getByTestId('audit-clear').click();
  await page.getByTestId('flags-cleared').waitFor();
  const box = page.getByTestId('port-warnings');
  await box.waitFor();
  eq(await box.getAttribute('data-count'), '1', 'one warning');
  assert((await box.textContent()).includes('Varningar om markeringarna'), `title: ${await box.textContent()}`);
  assert(!(await page.getByTestId('port-warning').isVisible()), 'collapsed at first');
  await box.getByRole('button').first().click();
  const text = await page.getByTestId('port-warning').textContent();
  eq(text, 'En markerad cell visade inte längre sin markering (flyttad av en infogad rad eller kolumn, eller ändrad sedan dess): dess fyllning och anteckning lämnades som de är.', 'the warning in Swedish');
  await assertFits(page);
  await paneShot(page, 'granska-port-warnings-pane.png');
  // the next action starts without the old warnings
  await runAudit(page);
  eq(await page.getByTestId('port-warnings').count(), 0, 'a new audit clears the old warnings');
});

await test('Granska: the whole workbook, then Exportera → a new sheet with one row per finding', async (page) => {
  await open(page);
  await page.getByTestId('tab-audit').click();
  await page.getByRole('radio', { name: 'Hela arbetsboken' }).check();
  await runAudit(page);
  const engine = await auditWorkbook(demoPort, catalog, { scope: 'workbook', lang: 'sv', flag: false });
  const total = ['error', 'warning', 'note'].reduce(async (acc, sev) => (await acc) + Number(await page.locator(`[data-testid=audit-counts] [data-severity=${sev}]`).getAttribute('data-count')), Promise.resolve(0));
  eq(await total, engine.findings.length, 'findings counted = the engine’s');
  // several sheets: the links name the sheet too
  const report = page.locator(`[data-testid=finding][data-sheet="${REPORT.sheet}"]`).first();
  assert((await report.getByTestId('finding-cell').textContent()).startsWith(`${REPORT.sheet}!`), 'links name their sheet');
  const sheetsBefore = await page.getByTestId('sheet-tab').allTextContents();

  await page.getByTestId('audit-export').click();
  const written = page.getByTestId('written-sheet');
  await written.waitFor();
  const sheet = await written.getAttribute('data-sheet');
  assert(!sheetsBefore.includes(sheet), `a new sheet (${sheet})`);
  eq(await page.locator('[data-testid=grid]').getAttribute('data-sheet'), sheetsBefore[0], 'the active sheet stays');
  await page.getByTestId('open-export').click();
  await page.locator(`[data-testid=grid][data-sheet="${sheet}"]`).waitFor();
  const spec = findingsSheet(engine.findings, 'sv');
  const cells = await page.evaluate((name) => {
    const s = window.__preview.workbook.getSheet(name);
    const rows = [];
    for (const { row, col, cell } of s.entries()) (rows[row] ??= [])[col] = cell.value;
    // empty cells the writer formatted (a blank row, a merged line's other cells) are not content
    return Array.from(rows, (r) => {
      const row = Array.from(r ?? [], (v) => (v === undefined ? null : v));
      while (row.length && (row[row.length - 1] === null || row[row.length - 1] === '')) row.pop();
      return row;
    });
  }, sheet);
  eq(cells.length, engine.findings.length + 3, 'header + one row per finding + a blank row + the checksum line');
  assert(/^Granskningsresultat från tillägget, kontrollsumma [0-9a-f]{16}\./.test(cells[cells.length - 1][0]), 'the checksum line');
  eq(cells[0].join('|'), 'Blad|Cell|Allvarlighet|Regel|Meddelande|Källa', 'header');
  eq(JSON.stringify(cells), JSON.stringify(spec.cells), 'rows = findingsSheet(findings)');
  assert((await written.textContent()).includes(`${engine.findings.length} fynd skrevs till det nya bladet ”${sheet}”`), 'says where');

  // again: another new sheet; the first is left as it was
  await page.getByTestId('audit-export').click();
  await page.getByTestId('written-sheet').filter({ hasNotText: `”${sheet}”` }).waitFor();
  const second = await page.getByTestId('written-sheet').getAttribute('data-sheet');
  assert(second !== sheet && !sheetsBefore.includes(second), `the second export is a new sheet (${second})`);
  await assertFits(page);
  await paneShot(page, 'granska-workbook-pane.png');

  // Rensa on the whole workbook: nothing flagged is left
  await page.getByTestId('audit-clear').click();
  await page.getByTestId('flags-cleared').waitFor();
  eq(Object.keys(await marks(page)).length, 0, 'no fills or notes left in the workbook');
});

await test('Granska: Avbryt during a long audit (50 000 rows × 10) flags nothing and says so', async (page) => {
  await open(page, '?bench=50000');
  await showSheet(page, DEMO_BENCH_SHEET);
  const before = await marks(page);
  await page.getByTestId('tab-audit').click();
  // The pane is busy most of the time (the fake host's reads and the checks do not yield), so
  // Playwright's actionability checks would wait past the audit's end. A watcher in the page
  // clicks "Avbryt" as a user would, the moment the progress bar shows the sheet was read.
  const clicked = page.evaluate(
    () =>
      new Promise((resolve) => {
        const obs = new MutationObserver(() => {
          const bar = document.querySelector('[data-testid=audit-progress]');
          const m = /Steg (\d+) av (\d+)/.exec(bar?.textContent ?? '');
          if (m && Number(m[1]) >= 1) {
            obs.disconnect();
            // Laid out inside the 320 px pane (layout is computed even while the pane cannot paint).
            const pane = document.querySelector('[data-testid=pane]').getBoundingClientRect();
            const inside = [bar, ...bar.querySelectorAll('*')].every((el) => {
              const b = el.getBoundingClientRect();
              return b.width === 0 || (b.left >= pane.left - 0.5 && b.right <= pane.right + 0.5);
            });
            const text = bar.textContent;
            bar.querySelector('[data-testid=audit-cancel]').click();
            resolve({ text, inside, hasBar: !!bar.querySelector('[role=progressbar]') });
          }
        });
        obs.observe(document.body, { subtree: true, childList: true, characterData: true });
      }),
  );
  await page.getByTestId('audit-run').click();
  const { text: progressText, inside, hasBar } = await clicked;
  assert(hasBar && inside, `a progress bar inside the pane (bar: ${hasBar}, inside: ${inside})`);
  const step = /Granskar …Steg (\d+) av (\d+)/.exec(progressText);
  assert(step && Number(step[1]) < Number(step[2]), `the progress bar counts steps, and the audit was not done: ${progressText}`);
  await page.getByTestId('pane').screenshot({ path: join(shots, 'granska-cancelling-pane.png') }).catch(() => {});
  const cancelled = page.getByTestId('audit-cancelled');
  await cancelled.or(page.getByTestId('audit-result')).first().waitFor({ timeout: 60_000 });
  assert(await cancelled.isVisible(), 'the audit finished before Avbryt reached it (make the generated sheet larger)');
  assert((await cancelled.textContent()).includes('Inga celler markerades'), 'says nothing was flagged');
  eq(await page.getByTestId('audit-progress').count(), 0, 'progress bar gone');
  eq(JSON.stringify(await marks(page)), JSON.stringify(before), 'no cell flagged or changed');
  // the pane works again afterwards
  await showSheet(page, J.sheet);
  await runAudit(page);
  await page.locator(`[data-testid=finding][data-cell=${J.error}][data-severity=error]`).waitFor();
});

await test('Granska: the selected range only; Rensa then restores the sheet', async (page) => {
  await open(page);
  await showSheet(page, J.sheet);
  await cellAt(page, 'A27').click();
  await cellAt(page, 'B31').click({ modifiers: ['Shift'] });
  eq(await page.getByTestId('name-box').textContent(), 'A27:B31', 'selection');
  await page.getByTestId('tab-audit').click();
  await page.getByRole('radio', { name: 'Markerat område' }).check();
  await runAudit(page);
  const cells = await page.getByTestId('finding').evaluateAll((els) => [...new Set(els.map((e) => e.dataset.cell))]);
  assert(cells.includes(J.error), `the error on ${J.error} is found in the selection: ${cells.join(', ')}`);
  assert(cells.every((a1) => /^[AB](2[7-9]|3[01])$/.test(a1)), `findings only inside A27:B31: ${cells.join(', ')}`);
  eq(await cellAt(page, J.error).getAttribute('data-fill'), FLAG_FILLS.error, 'flagged');
  await page.getByTestId('audit-clear').click();
  await page.getByTestId('flags-cleared').waitFor();
  eq(await cellAt(page, J.error).getAttribute('data-fill'), null, 'restored');
  await assertFits(page);
});

await test('Granska: an Office error while reading is shown with its code, and nothing is flagged', async (page) => {
  await open(page, '?failAtSync=2');
  await showSheet(page, J.sheet);
  const before = await marks(page);
  await page.getByTestId('tab-audit').click();
  await page.getByTestId('audit-run').click();
  await page.getByTestId('error').waitFor();
  assert(/Felkod: \w+/.test(await page.getByTestId('error-code').textContent()), 'error code shown');
  eq(await page.getByTestId('audit-result').count(), 0, 'no result');
  eq(await page.getByTestId('audit-progress').count(), 0, 'progress bar gone');
  eq(JSON.stringify(await marks(page)), JSON.stringify(before), 'nothing flagged');
  await assertFits(page);
  await paneShot(page, 'granska-error-pane.png');
}, { consoleErrorsExpected: true });

await test('Granska in English and dark: messages, citations and the agreement chosen by hand', async (page) => {
  await open(page, '?lang=en&theme=dark');
  await showSheet(page, J.sheet);
  await page.getByRole('tab', { name: 'Audit' }).click();
  await choose(page, 'audit-agreement', 'Agreement 2026');
  await runAudit(page);
  const summary = page.getByTestId('audit-summary');
  eq(await summary.getAttribute('data-from'), 'option', 'why');
  assert((await summary.textContent()).includes('you chose it'), 'says the user chose it');
  const err = page.locator(`[data-testid=finding][data-cell=${J.error}][data-severity=error]`);
  const text = await err.textContent();
  assert(text.includes('The sheet') || /\bsheet\b/.test(text), `English message: ${text}`);
  assert(text.includes('section 5.3'), 'English citation');
  assert((await page.getByTestId('finding-group').first().textContent()).startsWith('Errors'), 'English group heading');
  await page.getByTestId('audit-clear').click();
  assert((await page.getByTestId('flags-cleared').textContent()).includes('cells were restored'), 'English clear message');
  const bg = await page.getByTestId('app').evaluate((el) => getComputedStyle(el).backgroundColor);
  const [r, g, b] = bg.match(/\d+/g).map(Number);
  assert(r + g + b < 3 * 80, `dark background, got ${bg}`);
  await assertFits(page);
  await runAudit(page);
  await page.screenshot({ path: join(shots, 'granska-dark-en.png') });
  await paneShot(page, 'granska-dark-en-pane.png');
});

await test('Granska: each table shows its reading; another reading can be picked and the table is audited again on it', async (page) => {
  await open(page);
  // A table the product writes: read as what it is, and clean.
  await choose(page, 'alloc-agreement', 'Överenskommelsen 2026');
  const pot = catalog.agreements.find((a) => a.id === '2026').pots.find((p) => p.id === 'svf-payment-1');
  await choose(page, 'alloc-pot', pot.title.sv);
  await page.getByRole('button', { name: 'Skapa fördelningstabell' }).click();
  await page.getByTestId('written-sheet').waitFor();
  await page.getByTestId('tab-audit').click();
  await page.getByTestId('pane-audit').waitFor({ state: 'visible' });
  await runAudit(page);
  const item = page.getByTestId('table-reading').first();
  await item.waitFor();
  const label = await item.getByTestId('table-reading-label').textContent();
  assert(/läst som: 2026, utbetalning 1, 21 regioner, befolkning 31 december 2024/.test(label), `reading shown: ${label}`);
  eq(await item.getAttribute('data-reading'), '2026|svf-payment-1||all|2024-12-31|largest-remainder', 'reading id');
  for (const sev of ['error', 'warning']) eq(Number(await page.locator(`[data-testid=audit-counts] [data-severity=${sev}]`).getAttribute('data-count')), 0, `${sev}s on the product's own table`);
  await assertFits(page);
  await paneShot(page, 'granska-readings-pane.png');
  // Pick another reading (payment 2): the table is audited again on it, and its findings say so.
  await page.getByTestId('table-reading-pick').click();
  await page.getByRole('option').filter({ hasText: 'utbetalning 2' }).first().click();
  await page.waitForFunction(() => document.querySelector('[data-testid=table-reading]')?.dataset.reading?.includes('svf-payment-2'));
  const again = page.getByTestId('table-reading').first();
  assert((await again.textContent()).includes('vald av dig'), 'says the reading was chosen by the user');
  const errors = Number(await page.locator('[data-testid=audit-counts] [data-severity=error]').getAttribute('data-count'));
  assert(errors > 0, `payment 2's split differs from payment 1's by a krona or two on some rows: ${errors} errors`);
  await assertFits(page);
  await paneShot(page, 'granska-reading-picked-pane.png');
});

await test('Granska in English: the reading per table', async (page) => {
  await open(page, '?lang=en');
  await showSheet(page, 'Barncancer 2026');
  await page.getByRole('tab', { name: 'Audit' }).click();
  await runAudit(page);
  const label = await page.getByTestId('table-reading-label').first().textContent();
  assert(/read as: 2026, .*6 RCC, equal shares/.test(label), `English reading: ${label}`);
  await assertFits(page);
});

await test('Regler: "Läs in regelfil" lists a broken file’s errors by JSON path; a good one joins every tab', async (page) => {
  await open(page);
  await page.getByTestId('tab-rules').click();
  const input = page.getByTestId('rule-file-input');
  // broken: not JSON
  await input.setInputFiles({ name: 'trasig.json', mimeType: 'application/json', buffer: Buffer.from('{ "id": ') });
  await page.getByTestId('rule-file-errors').waitFor();
  // in Swedish, with line and column (#13.2)
  const notJson = await page.getByTestId('rule-file-errors').textContent();
  assert(notJson.includes('inte giltig JSON på rad 1, kolumn 9: filen tar slut innan JSON-värdet är avslutat'), `says it is not JSON, where: ${notJson}`);
  // broken: schema errors, each with its path
  const base = JSON.parse(readFileSync(join(root, 'rules/agreements/2026.json'), 'utf8'));
  const bad = { ...base, id: 'utkast 2026!', year: 1999 };
  await input.setInputFiles({ name: 'fel.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  await page.getByTestId('rule-file-errors').filter({ hasText: 'fel.json' }).waitFor();
  const paths = await page.getByTestId('rule-file-error').evaluateAll((els) => els.map((e) => e.dataset.path));
  assert(paths.includes('/id') && paths.includes('/year'), `errors at /id and /year: ${paths.join(', ')}`);
  const yearText = await page.locator('[data-testid=rule-file-error][data-path="/year"]').textContent();
  eq(yearText, '/year: ska vara minst 2000', 'the schema error in Swedish');
  await assertFits(page);
  await page.getByTestId('pane').screenshot({ path: join(shots, 'regler-file-errors.png') });
  // too large: refused before reading
  await input.setInputFiles({ name: 'stor.json', mimeType: 'application/json', buffer: Buffer.alloc(1_000_001, 32) });
  await page.getByTestId('rule-file-errors').filter({ hasText: 'stor.json' }).waitFor();
  assert((await page.getByTestId('rule-file-errors').textContent()).includes(`högst 1${NBSP}000${NBSP}000 byte`), `says the limit: ${await page.getByTestId('rule-file-errors').textContent()}`);
  // good: a draft agreement with its own id and a different total for SVF
  const draft = { ...base, id: '2026-utkast', title: 'Utkast till överenskommelse 2026' };
  await input.setInputFiles({ name: 'utkast.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(draft)) });
  const loaded = page.getByTestId('rule-file-loaded');
  await loaded.waitFor();
  eq(await loaded.getAttribute('data-agreement'), '2026-utkast', 'loaded id');
  await page.getByTestId('pane-rules').getByText('Utkast till överenskommelse 2026').waitFor();
  assert((await page.getByTestId('loaded-from').textContent()).includes('utkast.json'), 'says where it came from');
  await page.getByTestId('pane').screenshot({ path: join(shots, 'regler-file-loaded.png') });
  // … and Granska can audit against it
  await showSheet(page, J.sheet);
  await page.getByTestId('tab-audit').click();
  await choose(page, 'audit-agreement', 'Överenskommelsen 2026 (2026-utkast)');
  await runAudit(page);
  eq(await page.getByTestId('audit-summary').getAttribute('data-agreement'), '2026-utkast', 'audited against the loaded agreement');
  // … and Fördela lists it
  await page.getByTestId('tab-allocate').click();
  await page.getByTestId('alloc-agreement').click();
  await page.getByRole('option').filter({ hasText: '2026-utkast' }).first().waitFor();
  await page.keyboard.press('Escape');
  // a file with a built-in id never replaces the built-in agreement: it is loaded as "2026-egen", marked
  await page.getByTestId('tab-rules').click();
  await input.setInputFiles({ name: 'min-2026.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(base)) });
  await page.getByTestId('rule-file-loaded').filter({ hasText: 'min-2026.json' }).waitFor();
  eq(await page.getByTestId('rule-file-loaded').getAttribute('data-agreement'), '2026-egen', 'loaded under its own id');
  assert((await page.getByTestId('rule-file-renamed').textContent()).includes('inbyggd'), 'says the built-in is unchanged');
  await page.getByTestId('tab-allocate').click();
  await page.getByTestId('alloc-agreement').click();
  await page.getByRole('option').filter({ hasText: 'egen regelfil min-2026.json' }).first().waitFor();
  await page.getByRole('option').filter({ hasText: /^Överenskommelsen 2026/ }).first().waitFor();
  await page.keyboard.press('Escape');
});

await test('Theme: the pane follows Office’s theme (event where the host has one, else on focus)', async () => {
  const target = () => {
    const l = new Map();
    return { addEventListener: (e, f) => l.set(e, f), removeEventListener: (e) => l.delete(e), fire: (e) => l.get(e)?.(), l };
  };
  // a host with OfficeThemeChanged
  let handler = null;
  let removed = false;
  const office = {
    EventType: { OfficeThemeChanged: 'officeThemeChanged' },
    context: {
      officeTheme: { bodyBackgroundColor: '#ffffff' },
      document: { addHandlerAsync: (_t, h) => (handler = h), removeHandlerAsync: () => (removed = true) },
    },
  };
  const seen = [];
  const win = target();
  const doc = target();
  const stop = watchOfficeTheme(office, { window: win, document: doc }, (d) => seen.push(d));
  handler({ officeTheme: { bodyBackgroundColor: '#1f1f1f' } });
  handler({ officeTheme: { bodyBackgroundColor: '#262626' } });
  office.context.officeTheme.bodyBackgroundColor = '#FFFFFF';
  win.fire('focus');
  eq(seen.join(','), 'true,false', 'dark on the event, light again on focus, no repeats');
  stop();
  assert(removed && win.l.size === 0 && doc.l.size === 0, 'stops watching');
  // a host without the event, and one whose addHandlerAsync throws: focus and visibility still work
  for (const document of [undefined, { addHandlerAsync: () => { throw new Error('unsupported'); } }]) {
    const o = { EventType: document ? { OfficeThemeChanged: 'x' } : {}, context: { officeTheme: { bodyBackgroundColor: '#fff' }, document } };
    const got = [];
    const d = target();
    watchOfficeTheme(o, { window: null, document: d }, (x) => got.push(x));
    o.context.officeTheme.bodyBackgroundColor = '#000000';
    d.fire('visibilitychange');
    eq(got.join(','), 'true', 'dark after visibilitychange');
  }
  // no Office at all
  watchOfficeTheme(undefined, {}, () => {})();
});

// ---------------------------------------------------------------- formulas (issue 11)
const EXAMPLE = 'Exempel budget 2026';
/** The 0-based row of the first cell in column `col` of a sheet whose text matches. */
async function rowOf(page, sheet, text, col = 0) {
  return page.evaluate(({ sheet, text, col }) => {
    const s = window.__preview.workbook.sheet(sheet);
    const hit = s.entries().find((e) => e.col === col && new RegExp(text).test(String(e.cell.value)));
    return hit ? hit.row : -1;
  }, { sheet, text, col });
}
const value = (page, sheet, a1) => page.evaluate(({ sheet, a1 }) => window.__preview.workbook.getCell(sheet, a1).value, { sheet, a1 });
/** The values of a one-column range, top to bottom (Range.values; Range.formulas would give formulas). */
const columnValues = (page, sheet, col, from, to) =>
  page.evaluate(({ sheet, col, from, to }) => Array.from({ length: to - from + 1 }, (_, i) => window.__preview.workbook.getCell(sheet, `${col}${from + i}`).value), { sheet, col, from, to });
async function typeInto(page, a1, text) {
  await page.locator(`[data-testid=grid] td[data-cell=${a1}]`).click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}
async function cellText(page, a1, expected) {
  const td = page.locator(`[data-testid=grid] td[data-cell=${a1}]`);
  await td.filter({ hasText: expected }).waitFor({ timeout: 10_000 }).catch(async () => {
    throw new Error(`${a1} shows ${JSON.stringify(await td.textContent())}, not ${JSON.stringify(expected)}`);
  });
}

await test('Formulas: typed =AVTAL.FÖRDELA(…) shows 1 439 664, =AVTAL.TABELL(…) spills 21 rows summing to 250 000 000; errors name the argument', async (page) => {
  await open(page);
  await showSheet(page, EXAMPLE);
  const own = (await rowOf(page, EXAMPLE, '^Egen rad')) + 1;
  assert(own > 1, 'the example has its own line');
  // Swedish entry: ";" between arguments; the pot by title and by id
  await typeInto(page, `B${own}`, '=AVTAL.FÖRDELA("2026";"Utbetalning 1";"Region Gotland")');
  await cellText(page, `B${own}`, `1${NBSP}439${NBSP}664`);
  await page.locator(`[data-testid=grid] td[data-cell=B${own}]`).click();
  eq(await page.getByTestId('formula-bar').textContent(), '=AVTAL.FÖRDELA("2026";"Utbetalning 1";"Region Gotland")', 'the formula bar shows the formula the Swedish way');
  eq(await page.evaluate(({ s, a }) => window.__preview.workbook.getCell(s, a).formula, { s: EXAMPLE, a: `B${own}` }), '=AVTAL.ALLOCATE("2026","Utbetalning 1","Region Gotland")', 'stored in the invariant form (Range.formulas)');
  await page.keyboard.press('F2');
  eq(await page.getByTestId('cell-editor').inputValue(), '=AVTAL.FÖRDELA("2026";"Utbetalning 1";"Region Gotland")', 'F2 edits the formula');
  await page.keyboard.press('Escape');
  // TABELL by the pot's id: a header and 21 rows spill from M7
  await typeInto(page, 'M7', '=AVTAL.TABELL("2026";"svf-payment-1")');
  await cellText(page, 'M28', 'Region Norrbotten');
  await cellText(page, 'M7', 'Region');
  const amounts = await columnValues(page, EXAMPLE, 'Q', 8, 28);
  eq(amounts.length, 21, 'rows');
  eq(amounts.reduce((a, b) => a + b, 0), 250_000_000, 'the spilled amounts sum to the pot');
  eq(await value(page, EXAMPLE, 'M29'), null, 'nothing under the spill');
  eq(await page.evaluate((s) => window.__preview.workbook.getCell(s, 'Q8').formula, EXAMPLE), undefined, 'spilled cells hold values, not formulas');
  // and a SUM over the spill, typed the Swedish way
  await typeInto(page, 'S7', '=SUMMA(Q8:Q28)-AVTAL.POTT("2026";"Utbetalning 1")');
  await cellText(page, 'S7', '0');
  // a bad pot: #VALUE! with the argument and why
  await typeInto(page, 'S8', '=AVTAL.POTT("2026";"Utbetalning 9")');
  await cellText(page, 'S8', '#VALUE!');
  const why = await page.locator('[data-testid=grid] td[data-cell=S8]').getAttribute('data-error');
  assert(/^pott: okänd pott ”Utbetalning 9”/.test(why ?? ''), `the message names the argument: ${why}`);
  await page.locator('[data-testid=grid] td[data-cell=M7]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'formulas-spill.png') });
});

await test('Formulas: editing a population cell in the range given to FÖRDELA changes the amounts, still summing to the pot', async (page) => {
  await open(page);
  await showSheet(page, EXAMPLE);
  const svf = (await rowOf(page, EXAMPLE, '^SVF utbetalning 1$')) + 1;
  const gotland = (await rowOf(page, EXAMPLE, '^Region Gotland$', 5)) + 1;
  const sum = (await rowOf(page, EXAMPLE, '^Summa$', 5)) + 1;
  await cellText(page, `B${svf}`, `1${NBSP}439${NBSP}664`);
  await cellText(page, `H${sum}`, `250${NBSP}000${NBSP}000`);
  await typeInto(page, `G${gotland}`, '120 000');
  await page.waitForFunction(({ s, a }) => window.__preview.workbook.getCell(s, a).value !== 1439664, { s: EXAMPLE, a: `B${svf}` });
  const now = await value(page, EXAMPLE, `B${svf}`);
  assert(now > 2 * 1_439_664 - 100_000, `Gotland's amount follows its population: ${now}`);
  eq(await value(page, EXAMPLE, `H${gotland}`), now, 'the per-region column agrees');
  await cellText(page, `H${sum}`, `250${NBSP}000${NBSP}000`);
  const col = await columnValues(page, EXAMPLE, 'H', sum - 21, sum - 1);
  eq(col.reduce((a, b) => a + b, 0), 250_000_000, 'the 21 amounts still sum to the pot');
  // payment 2 follows an indicator: Gotland's inclusion to exactly 70 % reaches the target
  const p2 = (await rowOf(page, EXAMPLE, '^SVF Utbetalning 2 inklusion')) + 1;
  eq(await value(page, EXAMPLE, `B${p2}`), 0, 'Gotland below the inclusion target gets no inclusion part');
  const ind = (await rowOf(page, EXAMPLE, '^Region Gotland$', 0)) + 1;
  await typeInto(page, `C${ind}`, '70 %');
  await page.waitForFunction(({ s, a }) => window.__preview.workbook.getCell(s, a).value > 0, { s: EXAMPLE, a: `B${p2}` });
  await page.screenshot({ path: join(shots, 'formulas-population.png') });
});

await test('Infoga exempel: the pane writes the example on a new sheet (never over one), and it calculates', async (page) => {
  await open(page);
  const before = await page.getByTestId('sheet-tab').allTextContents();
  await page.getByTestId('insert-example').click();
  const done = page.getByTestId('example-sheet');
  await done.waitFor();
  const sheet = await done.getAttribute('data-sheet');
  eq(sheet, `${EXAMPLE} (2)`, 'a free name next to the demo\'s own example');
  eq((await page.getByTestId('sheet-tab').allTextContents()).length, before.length + 1, 'one sheet added');
  eq(await value(page, EXAMPLE, 'B7'), 1_439_664, 'the existing example is unchanged');
  await page.locator(`[data-testid=grid][data-sheet="${sheet}"]`).waitFor();
  await cellText(page, 'B7', `1${NBSP}439${NBSP}664`);
  await assertFits(page);
  await paneShot(page, 'infoga-exempel.png');
});

await test('Functions notice: said where the host has no custom functions (?functions=0), not otherwise', async (page) => {
  await open(page);
  eq(await page.getByTestId('functions-unsupported').count(), 0, 'no notice where functions run');
  await open(page, '?functions=0');
  await page.getByTestId('functions-unsupported').waitFor();
  assert((await page.getByTestId('functions-unsupported').textContent()).includes('AVTAL.FÖRDELA'), 'names the functions');
  await assertFits(page);
});

/**
 * Nothing cut off at 320 px: the pane root and every visible descendant that is not meant to
 * scroll sideways has scrollWidth ≤ clientWidth + 1 (an element whose content is wider than
 * its box either sticks out or is clipped). Returns what overflows, with its text.
 */
async function overflowing(page) {
  return page.evaluate(() => {
    const root = document.querySelector('[data-testid=pane]');
    const out = [];
    const name = (el) => {
      const id = el.dataset?.testid ? `[data-testid=${el.dataset.testid}]` : '';
      const cls = typeof el.className === 'string' ? `.${el.className.split(/\s+/).filter((c) => /^(fui-|r[a-z0-9]{5,})/.test(c))[0] ?? ''}` : '';
      return `${el.tagName.toLowerCase()}${id}${cls}`;
    };
    const visit = (el, isRoot) => {
      const cs = getComputedStyle(el);
      if (cs.display === 'none' || cs.visibility === 'hidden' || el.hasAttribute('data-tabster-dummy')) return;
      // visually hidden text for screen readers (1 px, clipped) is meant to be clipped
      const srOnly = (cs.position === 'absolute' || cs.position === 'fixed') && el.clientWidth <= 1;
      const scrolls = /(auto|scroll)/.test(cs.overflowX);
      if (!srOnly && (isRoot || !scrolls) && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1)
        out.push(`${name(el)} ${el.scrollWidth} > ${el.clientWidth}: ${JSON.stringify((el.textContent ?? '').trim().slice(0, 60))}`);
      for (const c of el.children) visit(c, false);
    };
    visit(root, true);
    return out;
  });
}

for (const lang of ['sv', 'en']) {
  for (const theme of ['light', 'dark']) {
    await test(`320 px, ${lang}, ${theme}: every tab, before and after its action, with nothing cut off`, async (page) => {
      await page.setViewportSize({ width: 1280, height: 860 });
      await open(page, `?lang=${lang}${theme === 'dark' ? '&theme=dark' : ''}`);
      const found = [];
      const check = async (what) => {
        const pane = page.getByTestId('pane');
        eq(Math.round((await pane.boundingBox()).width) - 1, PANE_WIDTH, 'pane width (plus its 1 px border)');
        // the tab indicator slides from the last tab: measure once it has arrived
        await page.waitForFunction(() => document.getAnimations().every((x) => x.playState !== 'running'), null, { timeout: 5000 }).catch(() => {});
        for (const o of await overflowing(page)) found.push(`${what}: ${o}`);
        await paneShot(page, `w320-${lang}-${theme}-${what}.png`);
      };
      // the tabs fit one row (five since Blanketter: at most two), each whole within the pane
      const tabs = await page.getByTestId('pane').locator('[role=tab]').evaluateAll((els) => {
        const box = document.querySelector('[data-testid=pane]').getBoundingClientRect();
        return els.map((e) => { const b = e.getBoundingClientRect(); return { top: Math.round(b.top), inside: b.left >= box.left - 0.5 && b.right <= box.right + 0.5 }; });
      });
      const rows = new Set(tabs.map((x) => x.top)).size;
      console.log(`  ${lang}: ${tabs.length} tabs on ${rows} row(s)`);
      assert(rows <= (tabs.length > 4 ? 2 : 1), `the tabs are on ${rows} rows (tops ${tabs.map((x) => x.top).join(', ')})`);
      assert(tabs.every((x) => x.inside), 'every tab is whole within the pane');
      // Fördela: the form, then a written table
      await check('fordela');
      await page.getByTestId('create-allocation').click();
      await page.getByTestId('written-sheet').waitFor();
      await check('fordela-done');
      // … and a failed read of a selection
      await showSheet(page, 'Fördelning 2021');
      await page.locator('[data-testid=grid] td[data-cell=C1]').click();
      await page.locator('[data-testid=grid] td[data-cell=D5]').click({ modifiers: ['Shift'] });
      await page.getByRole('radio').nth(1).check();
      await page.getByTestId('create-allocation').click();
      await page.getByTestId('cell-errors').waitFor();
      await check('fordela-errors');
      // Villkor: the form, then the result of Beräkna on the demo indicators
      await showSheet(page, 'Indikatorer 2026');
      await page.getByTestId('tab-conditions').click();
      await check('villkor');
      await page.getByTestId('evaluate').click();
      await page.getByTestId('total-paid').waitFor();
      await check('villkor-done');
      // Granska: the Jämtland decision, with findings open
      await showSheet(page, J.sheet);
      await page.getByTestId('tab-audit').click();
      await check('granska');
      await runAudit(page);
      await check('granska-done');
      // Regler: the newest agreement, then a broken rule file's errors
      await page.getByTestId('tab-rules').click();
      await check('regler');
      const base = JSON.parse(readFileSync(join(root, 'rules/agreements/2026.json'), 'utf8'));
      base.pots[4].amount = '12,5';
      await page.getByTestId('rule-file-input').setInputFiles({ name: 'en-mycket-lang-regelfil-med-ett-namn-utan-mellanslag-2026-utkast.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(base)) });
      await page.getByTestId('rule-file-errors').waitFor();
      await check('regler-errors');
      // Blanketter: the form, then a written requisition
      await page.getByTestId('tab-forms').click();
      await check('blanketter');
      await choose(page, 'forms-recipient', 'Region Gotland');
      await page.getByTestId('forms-requisition').click();
      await page.getByTestId('pane-forms').getByTestId('written-sheet').waitFor();
      await check('blanketter-done');
      assert(found.length === 0, `cut off at 320 px:\n  ${found.join('\n  ')}`);
    });
  }
}

await test('Villkor: failing regions first and open; a region that meets every condition is one line until opened', async (page) => {
  await open(page);
  await showSheet(page, 'Indikatorer 2026');
  await page.getByTestId('tab-conditions').click();
  await page.getByTestId('evaluate').click();
  await page.getByTestId('total-paid').waitFor();
  const first = page.getByTestId('region-result').first();
  eq(await first.getAttribute('data-open'), 'true', 'the first region (a failing one) is open');
  assert((await first.getByTestId('failed-conditions').count()) === 1, 'the first region lists its failed conditions');
  const ok = page.locator('[data-testid=region-result][data-open=false]');
  const closed = await ok.count();
  assert(closed >= 15, `the regions that meet every condition are closed (${closed})`);
  eq(await page.locator('[data-testid=region-result][data-open=false] [data-testid=region-part]').count(), 0, 'no parts shown for a closed region');
  const sthlm = page.locator('[data-testid=region-result][data-region="Region Stockholm"]');
  const toggle = sthlm.getByTestId('region-parts-toggle');
  eq(await toggle.textContent(), 'Uppfyller alla villkor: visa de 4 delarna', 'the toggle says what is inside');
  await toggle.click();
  eq(await sthlm.getByTestId('region-part').count(), 4, 'four parts once opened');
  eq(await toggle.textContent(), 'Dölj delarna', 'and it closes again');
  await assertFits(page);
});

await test('Fördela: a new action clears the previous action’s messages', async (page) => {
  await open(page);
  await showSheet(page, 'Fördelning 2021');
  await page.locator('[data-testid=grid] td[data-cell=C1]').click();
  await page.locator('[data-testid=grid] td[data-cell=D5]').click({ modifiers: ['Shift'] });
  await page.getByRole('radio', { name: 'Använd markerat område' }).check();
  await page.getByRole('button', { name: 'Läs markeringen' }).click();
  await page.getByTestId('cell-errors').waitFor();
  await page.getByTestId('all-pots').click();
  await page.getByTestId('success').waitFor();
  eq(await page.getByTestId('cell-errors').count(), 0, 'the failed read’s errors are gone after "Alla potter"');
  await showSheet(page, 'Fördelning 2021');
  await page.locator('[data-testid=grid] td[data-cell=C1]').click();
  await page.locator('[data-testid=grid] td[data-cell=D5]').click({ modifiers: ['Shift'] });
  await page.getByRole('button', { name: 'Läs markeringen' }).click();
  await page.getByTestId('cell-errors').waitFor();
  eq(await page.getByTestId('success').count(), 0, 'the success message is gone after the next action');
});

await test('Regler: a long list of rule-file errors shows ten, with "Visa alla"', async (page) => {
  await open(page);
  await page.getByTestId('tab-rules').click();
  const base = JSON.parse(readFileSync(join(root, 'rules/agreements/2026.json'), 'utf8'));
  for (const p of base.pots) delete p.cite;
  await page.getByTestId('rule-file-input').setInputFiles({ name: 'utan-citat.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(base)) });
  await page.getByTestId('rule-file-errors').waitFor();
  eq(await page.getByTestId('rule-file-error').count(), 10, 'ten at first');
  const all = page.getByTestId('show-all-rule-errors');
  eq(await all.textContent(), `Visa alla ${base.pots.length} fel`, 'the link says how many');
  await all.click();
  eq(await page.getByTestId('rule-file-error').count(), base.pots.length, 'all after "Visa alla"');
  eq(await page.getByTestId('rule-file-error').first().textContent(), '/pots/0: egenskapen "cite" saknas', 'in Swedish with its path');
});

// ---------------------------------------------------------------- Blanketter (issue 12)
const { requisitionSheet: formsRequisition, reportSheet: formsReport } = await import('../../addin/api.ts');
const { INPUT_FILL } = await import('../../addin/workbook/port.ts');

/** The value (column B) of the row labelled `label` (column A) in the grid's rows. */
function rowValue(rows, label) {
  const r = rows.find((x) => x[0]?.text === label);
  assert(r, `no row "${label}" in the written sheet`);
  return r[1];
}

await test('Blanketter: Region Gotland 2026 → a new requisition sheet with 1 439 664 kr and the deadline 1 december 2026', async (page) => {
  await open(page);
  const sheetsBefore = await page.getByTestId('sheet-tab').evaluateAll((els) => els.map((e) => e.dataset.sheet));
  await page.getByTestId('tab-forms').click();
  const pane = page.getByTestId('pane-forms');
  await pane.waitFor({ state: 'visible' });
  await choose(page, 'forms-agreement', 'Överenskommelsen 2026');
  await choose(page, 'forms-recipient', 'Region Gotland');
  await pane.getByTestId('forms-amount').filter({ hasText: `1${NBSP}439${NBSP}664${NBSP}kr` }).waitFor();
  assert((await pane.getByTestId('forms-deadline').textContent()).includes('1 december 2026'), 'the card gives the deadline');
  eq(await pane.getByTestId('forms-pot').textContent(), catalog.agreements.find((a) => a.id === '2026').pots.find((p) => p.id === 'svf-payment-1').title.sv, 'the pot a region requisitions');
  await pane.getByRole('button', { name: 'Skapa rekvisition' }).click();
  const written = pane.getByTestId('written-sheet');
  await written.waitFor();
  const sheet = await written.getAttribute('data-sheet');
  eq(sheet, 'Rekvisition 2026 Gotland', 'sheet name');
  assert((await pane.getByTestId('success').textContent()).includes(`Region Gotland: 1${NBSP}439${NBSP}664${NBSP}kr`), 'the pane says the amount');
  await page.locator(`[data-testid=grid][data-sheet="${sheet}"]`).waitFor();
  const rows = await gridRows(page);
  eq(parseShown(rowValue(rows, 'Belopp som rekvireras').text), 1_439_664, 'Belopp som rekvireras');
  eq(rowValue(rows, 'Rekvisitionen ska ha inkommit till Kammarkollegiet senast').text, '1 december 2026', 'deadline');
  eq(rowValue(rows, 'Rekvisitionen avser perioden').text, '1 januari 2026 – 31 december 2026', 'period');
  eq(rowValue(rows, 'Bidragsmottagare').text, 'Region Gotland', 'recipient');
  for (const label of ['Organisationsnummer', 'Regeringskansliets diarienummer för bakomliggande överenskommelse', 'Bankgiro/Plusgiro', 'Datum']) {
    const c = rowValue(rows, label);
    eq(c.text, '', `${label} is empty`);
    eq(c.fill, INPUT_FILL, `${label} is an input cell`);
  }
  // the grid is the engine's sheet, label by label
  const spec = formsRequisition(catalog, '2026', 'Region Gotland', undefined, 'sv');
  eq(rows.filter((r) => r[0]?.text).length, spec.cells.filter((r) => r[0]).length, 'rows with a label');
  // a new sheet, the others untouched; a second click writes another new sheet, never over the first
  const sheetsAfter = await page.getByTestId('sheet-tab').evaluateAll((els) => els.map((e) => e.dataset.sheet));
  eq(JSON.stringify(sheetsAfter), JSON.stringify([...sheetsBefore, sheet]), 'one sheet added');
  await pane.getByRole('button', { name: 'Skapa rekvisition' }).click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=sheet-tab]').length === n, sheetsBefore.length + 2);
  const second = await pane.getByTestId('written-sheet').getAttribute('data-sheet');
  assert(second !== sheet && !sheetsBefore.includes(second), `the second requisition has its own sheet: ${second}`);
  await assertFits(page);
  await page.screenshot({ path: join(shots, 'blanketter.png') });
  await paneShot(page, 'blanketter-pane.png');
});

await test('Blanketter: SKR chooses its pots; the economic report in English has the grant received and the repayment date', async (page) => {
  await open(page, '?lang=en');
  await page.getByTestId('tab-forms').click();
  const pane = page.getByTestId('pane-forms');
  await choose(page, 'forms-recipient', 'Swedish Association of Local Authorities and Regions (SKR)');
  await pane.getByTestId('forms-amount').filter({ hasText: `505,000,000${NBSP}kr` }).or(pane.getByTestId('forms-amount').filter({ hasText: '505,000,000 kr' })).first().waitFor();
  eq(await pane.locator('[data-testid=forms-pots] input[type=checkbox]').count(), 11, 'SKR requisitions eleven pots');
  // untick barncancer (80 000 000): 425 000 000 left
  await pane.locator('[data-testid=forms-pots] [data-pot=barncancer]').uncheck();
  await pane.getByTestId('forms-amount').filter({ hasText: '425,000,000' }).waitFor();
  await pane.locator('[data-testid=forms-pots] [data-pot=barncancer]').check();
  await choose(page, 'forms-recipient', 'Region Gotland');
  eq(await pane.getByTestId('forms-pots').count(), 0, 'a region requisitions one pot: no pot list');
  await pane.getByRole('button', { name: 'Create economic report' }).click();
  const written = pane.getByTestId('written-sheet');
  await written.waitFor();
  const sheet = await written.getAttribute('data-sheet');
  await page.locator(`[data-testid=grid][data-sheet="${sheet}"]`).waitFor();
  const rows = await gridRows(page);
  eq(parseShown(rowValue(rows, 'Grant received from the Government/Government Offices').text.replace(/,/g, '')), 1_439_664, 'grant received');
  eq(rowValue(rows, 'Unused money is repaid to Kammarkollegiet by').text, '31 March 2027', 'repayment date');
  const spec = formsReport(catalog, '2026', 'Region Gotland', undefined, 'en');
  eq(spec.name, sheet, 'sheet name is the engine’s');
  await assertFits(page);
  await paneShot(page, 'blanketter-report-en-pane.png');
});

await test('Blanketter → Granska: a wrong organisationsnummer typed into the written requisition is found at its cell', async (page) => {
  await open(page);
  await page.getByTestId('tab-forms').click();
  const pane = page.getByTestId('pane-forms');
  await choose(page, 'forms-recipient', 'Region Gotland');
  await pane.getByRole('button', { name: 'Skapa rekvisition' }).click();
  const sheet = await pane.getByTestId('written-sheet').getAttribute('data-sheet');
  await page.locator(`[data-testid=grid][data-sheet="${sheet}"]`).waitFor();
  const rows = await gridRows(page);
  const org = rowValue(rows, 'Organisationsnummer').a1;
  await cellAt(page, org).click();
  await page.keyboard.type("'212000-0804");
  await page.keyboard.press('Enter');
  await cellAt(page, org).filter({ hasText: '212000-0804' }).waitFor();
  await page.getByTestId('tab-audit').click();
  await runAudit(page);
  const f = page.locator(`[data-testid=finding][data-cell=${org}][data-rule="forms.orgnr"]`);
  await f.waitFor();
  assert((await f.getByTestId('finding-message').textContent()).includes('den sista vara 3'), 'the message gives the right check digit');
  eq(await page.getByTestId('finding').count(), 1, 'the one finding');
});

await test('No console errors, page errors or CSP violations', async () => {
  assert(problems.length === 0, problems.slice(0, 5).join('\n'));
});

// ---------------------------------------------------------------- done
await context.close();
server.close();
rmSync(userDataDir, { recursive: true, force: true });
console.log(`screenshots: ${shots}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

// Open a report written by `polsim report` in headless Chromium and check it
// the way a reader would meet it: the page loads offline with no console
// error and no network request, every chart drew (ECharts instance with data,
// and the series' colours on its canvas), the save-as-image button gives a
// PNG, the differences toggle redraws, and the target table holds the
// expected numbers.  Saves a full-page screenshot.
//
// Usage: node tests/report/render.mjs REPORT.html --screenshot OUT.png
//          [--charts N] [--gap VAR,PERIOD,SCENARIO,VALUE]... [--tol X] [--verbose]
//          [--prob VAR,PERIOD,SCENARIO,P,TOL]... [--prob-range VAR,PERIOD,SCENARIO,P]...
//          [--fans N]
// --prob: the probability-of-target cell (Monte Carlo) holds P within TOL;
// --prob-range: the cell brackets P (data-low <= P <= data-high);
// --fans: N fan charts drew.
// Prints each failed check (every check with --verbose) and "N passed, M
// failed"; exits 1 on a failure.
// Needs playwright-core and Chromium: tools/deps-report.sh installs both.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const SETUP = 'run tools/deps-report.sh (installs chromium and the npm packages)';

function parseArgs(argv) {
  const a = { gaps: [], tol: 1e-9, charts: -1, probs: [], ranges: [], fans: -1 };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--screenshot') a.screenshot = argv[++i];
    else if (k === '--charts') a.charts = Number(argv[++i]);
    else if (k === '--tol') a.tol = Number(argv[++i]);
    else if (k === '--verbose') verbose = true;
    else if (k === '--fans') a.fans = Number(argv[++i]);
    else if (k === '--prob' || k === '--prob-range') {
      const [variable, period, scenario, value, tol] = argv[++i].split(',');
      (k === '--prob' ? a.probs : a.ranges).push({ variable, period, scenario, value: Number(value), tol: Number(tol) });
    }
    else if (k === '--gap') {
      const [variable, period, scenario, value] = argv[++i].split(',');
      a.gaps.push({ variable, period, scenario, value: Number(value) });
    } else if (!a.report) a.report = k;
    else throw new Error(`unknown argument '${k}'`);
  }
  if (!a.report || !a.screenshot) throw new Error('usage: render.mjs REPORT.html --screenshot OUT.png ...');
  return a;
}

let passed = 0, failed = 0, verbose = false;
function check(name, ok, detail) {
  if (ok) passed++;
  else failed++;
  if (!ok || verbose) console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ': ' + detail : ''}`);
}

// In the page: for each chart, its data and how many canvas pixels have the
// colour of one of its line series (so an axis and a title alone do not pass).
function inspectCharts() {
  function hex(c) {
    return [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
  }
  return window.polsimReport.charts.map((c) => {
    const opt = c.chart.getOption();
    // Lines, and the bars of waterfall and tornado charts (a bar series
    // without a colour of its own, such as a waterfall's invisible lift, is
    // not drawn ink).
    const series = opt.series.filter((s) => s.type === 'line' ||
      (s.type === 'bar' && typeof s.color === 'string' && /^#[0-9a-f]{6}$/i.test(s.color)));
    const finite = series.some((s) => s.data.some((x) => typeof x === 'number' && isFinite(x)));
    const canvas = document.getElementById(c.id).querySelector('canvas');
    const ctx = canvas.getContext('2d');
    const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let best = 0;
    for (const s of series) {
      const [r, g, b] = hex(s.color);
      let n = 0;
      for (let i = 0; i < px.length; i += 4)
        if (px[i + 3] > 200 && Math.abs(px[i] - r) + Math.abs(px[i + 1] - g) + Math.abs(px[i + 2] - b) < 40) n++;
      best = Math.max(best, n);
    }
    const png = c.chart.getDataURL({ type: 'png', backgroundColor: '#fff' });
    const save = opt.toolbox && opt.toolbox[0].feature.saveAsImage;
    // A waterfall's steps must lead from its first bar to its last.
    let steps = null;
    if (c.kind === 'waterfall') {
      const val = (name, i) => { const x = opt.series.find((s) => s.name === name).data[i]; return typeof x === 'number' ? x : 0; };
      const n = opt.xAxis[0].data.length;
      let sum = 0;
      for (let i = 1; i < n - 1; i++) sum += val('increase', i) - val('decrease', i);
      steps = { start: val('base / alternative', 0), end: val('base / alternative', n - 1), sum };
    }
    return { id: c.id, kind: c.kind, nseries: series.length, finite, pixels: best, steps,
             png: png.slice(0, 22), pngLength: png.length, save: !!save,
             yName: opt.yAxis[0].name };
  });
}

// The centre of the rightmost icon in the top strip of a chart's canvas (in
// CSS pixels from the chart's corner): the toolbox puts "save" last.
function findSaveIcon(el) {
  const cv = el.querySelector('canvas');
  const w = cv.width, h = Math.min(cv.height, 60);
  const d = cv.getContext('2d').getImageData(0, 0, w, h).data;
  const ink = (x, y) => { const i = (y * w + x) * 4; return d[i + 3] > 100 && d[i] < 200; };
  let right = -1, top = h, bottom = -1;
  for (let x = w - 1; x >= w - 80 && right < 0; x--)
    for (let y = 0; y < h; y++) if (ink(x, y)) { right = x; break; }
  if (right < 0) return null;
  for (let x = right; x > right - 16; x--)
    for (let y = 0; y < h; y++) if (ink(x, y)) { top = Math.min(top, y); bottom = Math.max(bottom, y); }
  const r = cv.width / el.clientWidth;
  return { x: (right - 7 * r) / r, y: (top + bottom) / 2 / r };
}

function readGap(g) {
  const row = document.querySelector(`tr[data-variable="${g.variable}"][data-period="${g.period}"]`);
  const cell = row && row.querySelector(`[data-measure="gap"][data-scenario="${g.scenario}"]`);
  return cell ? { value: Number(cell.dataset.value), text: cell.textContent } : null;
}

function readProb(g) {
  const row = document.querySelector(`tr[data-mc-variable="${g.variable}"][data-period="${g.period}"]`);
  const cell = row && row.querySelector(`td[data-scenario="${g.scenario}"]`);
  if (!cell) return null;
  const d = cell.dataset;
  return { value: d.value === undefined ? null : Number(d.value), low: d.low === undefined ? null : Number(d.low),
           high: d.high === undefined ? null : Number(d.high), text: cell.textContent };
}

async function main() {
  const a = parseArgs(process.argv.slice(2));
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    throw new Error(`cannot load playwright-core (${e.message}): ${SETUP}`);
  }
  const exe = process.env.POLSIM_CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(exe)) throw new Error(`no Chromium at ${exe}: ${SETUP}, or set POLSIM_CHROMIUM`);
  // The flags keep Chromium off the network: the page must need none.
  const browser = await chromium.launch({
    executablePath: exe, headless: true, timeout: 0, // no time limit: see setDefaultTimeout
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    // Playwright's 30 s default would make the test depend on the machine's
    // speed (a loaded machine, a sanitizer build); ctest's limit bounds it.
    page.setDefaultTimeout(0);
    const problems = [], requests = [];
    const url = pathToFileURL(resolve(a.report)).href;
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => { if (r.url() !== url) requests.push(r.url()); });
    await page.goto(url, { waitUntil: 'load' });
    const errors = await page.evaluate(() => window.polsimReport ? window.polsimReport.errors : ['no window.polsimReport']);
    problems.push(...errors);
    check('no console or page errors', problems.length === 0, problems.join(' | '));
    check('no network request', requests.length === 0, requests.join(' '));

    const charts = await page.evaluate(inspectCharts);
    const boxes = await page.$$eval('.chart', (els) => els.length);
    check('every chart box has a chart', charts.length === boxes && boxes > 0, `${charts.length} charts, ${boxes} boxes`);
    if (a.charts >= 0) check(`${a.charts} charts`, charts.length === a.charts, `${charts.length}`);
    for (const c of charts) {
      check(`chart ${c.id} has data`, c.nseries > 0 && c.finite, `${c.nseries} line series`);
      check(`chart ${c.id} drew its lines`, c.pixels >= 30, `${c.pixels} pixels of a series colour`);
      if (c.steps) check(`waterfall ${c.id} adds up`, Math.abs(c.steps.start + c.steps.sum - c.steps.end) <= 1e-9 * Math.max(1, Math.abs(c.steps.end)),
                         `${c.steps.start} + ${c.steps.sum} vs ${c.steps.end}`);
      check(`chart ${c.id} saves as PNG`, c.save && c.png === 'data:image/png;base64,' && c.pngLength > 2000,
            `${c.png}... ${c.pngLength} chars`);
    }

    // The save button itself (the rightmost toolbox icon of the first chart,
    // found on its canvas) downloads a PNG.
    const first = await page.$('.chart');
    await first.scrollIntoViewIfNeeded();
    const box = await first.boundingBox();
    const icon = await first.evaluate(findSaveIcon);
    // No time limit of its own (a busy machine can take seconds): without the
    // icon nothing is awaited; a click that never downloads fails by ctest's.
    const [download] = await Promise.all([
      icon ? page.waitForEvent('download', { timeout: 0 }) : null,
      icon ? page.mouse.click(box.x + icon.x, box.y + icon.y) : null,
    ]);
    check('the save-as-image button downloads a PNG', download && /\.png$/.test(download.suggestedFilename()),
          download ? download.suggestedFilename() : `no download (icon at ${JSON.stringify(icon)})`);

    // The differences toggle redraws the difference charts in percent.
    const radio = await page.$('input[name=diffmode][value=pct]');
    if (radio) {
      await radio.check();
      const names = await page.evaluate(() => window.polsimReport.charts
        .filter((c) => c.kind === 'diff').map((c) => c.chart.getOption().yAxis[0].name));
      check('percent toggle redraws the difference charts', names.length > 0 && names.every((n) => n === '%'), names.join(','));
      await page.$eval('input[name=diffmode][value=diff]', (el) => el.click());
    }

    for (const g of a.gaps) {
      const got = await page.evaluate(readGap, g);
      check(`gap ${g.variable} ${g.period} ${g.scenario} = ${g.value}`,
            got && Math.abs(got.value - g.value) <= a.tol, got ? `${got.value} (shown ${got.text})` : 'no such cell');
    }
    for (const g of a.probs) {
      const got = await page.evaluate(readProb, g);
      check(`P(${g.variable} ${g.period} meets its target) under ${g.scenario} = ${g.value} +- ${g.tol}`,
            got && got.value !== null && Math.abs(got.value - g.value) <= g.tol, got ? `${got.value} (shown ${got.text})` : 'no such cell');
    }
    for (const g of a.ranges) {
      const got = await page.evaluate(readProb, g);
      check(`P(${g.variable} ${g.period} meets its target) under ${g.scenario} bracketed around ${g.value}`,
            got && got.low !== null && got.low <= g.value && g.value <= got.high,
            got ? `[${got.low}, ${got.high}] (shown ${got.text})` : 'no such cell');
    }
    if (a.fans >= 0) {
      const fans = charts.filter((c) => /^fan-/.test(c.kind)).length;
      check(`${a.fans} fan charts`, fans === a.fans, `${fans}`);
    }
    await page.screenshot({ path: a.screenshot, fullPage: true });
    check('screenshot saved', existsSync(a.screenshot), a.screenshot);
  } finally {
    await browser.close();
  }
}

main().then(() => {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}, (e) => {
  console.log(`FAIL ${e.message}`);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});

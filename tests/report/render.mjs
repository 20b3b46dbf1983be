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
//          [--fans N] [--cjk]
// --prob: the probability-of-target cell (Monte Carlo) holds P within TOL;
// --prob-range: the cell brackets P (data-low <= P <= data-high);
// --fans: N fan charts drew.
// --cjk: a Chinese page (html lang zh-CN) whose Chinese text has no tofu: the
// Han characters of its headings, table cells and footer are drawn by fonts
// the element's own font-family stack names (Chromium's DevTools protocol
// reports the platform fonts used and their glyph counts, so a fallback chosen
// by the system, e.g. a Japanese CJK face, fails; Latin text may come from
// the generic families), and Han characters drawn on a canvas with the charts' fonts
// differ from each other and from the .notdef box of a private-use character.
// Both checks are first run on a control that must fail them (a stack naming
// no CJK font; two private-use characters), so they cannot pass vacuously.
// Prints each failed check (every check with --verbose) and "N passed, M
// failed"; exits 1 on a failure.
// Needs playwright-core and Chromium: tools/deps-report.sh installs both.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const SETUP = 'run tools/deps-report.sh (installs chromium and the npm packages)';

function parseArgs(argv) {
  const a = { gaps: [], tol: 1e-9, charts: -1, probs: [], ranges: [], fans: -1, cjk: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--screenshot') a.screenshot = argv[++i];
    else if (k === '--charts') a.charts = Number(argv[++i]);
    else if (k === '--tol') a.tol = Number(argv[++i]);
    else if (k === '--verbose') verbose = true;
    else if (k === '--fans') a.fans = Number(argv[++i]);
    else if (k === '--cjk') a.cjk = true;
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
      // By position (lift, increase, decrease, base / alternative), not by
      // name: a Chinese page names them in Chinese.
      const val = (k, i) => { const x = opt.series[k].data[i]; return typeof x === 'number' ? x : 0; };
      const n = opt.xAxis[0].data.length;
      let sum = 0;
      for (let i = 1; i < n - 1; i++) sum += val(1, i) - val(2, i);
      steps = { start: val(3, 0), end: val(3, n - 1), sum };
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

// Han characters (CJK Unified Ideographs) of a text.
const HAN = /[\u4e00-\u9fff]/;

// The family names a computed font-family stack lists, lower case.
function families(stack) {
  return stack.split(',').map((f) => f.trim().replace(/^["']|["']$/g, '').toLowerCase());
}

// For elements matching `selector` (at most `max` with Han text): the platform
// fonts Chromium used for their text and whether each is named in the stack.
async function fontsOf(client, rootId, selector, max) {
  const { nodeIds } = await client.send('DOM.querySelectorAll', { nodeId: rootId, selector });
  const out = [];
  for (const nodeId of nodeIds) {
    if (out.length >= max) break;
    const { outerHTML } = await client.send('DOM.getOuterHTML', { nodeId });
    const text = outerHTML.replace(/<[^>]*>/g, '');
    if (!HAN.test(text)) continue;
    const { fonts } = await client.send('CSS.getPlatformFontsForNode', { nodeId });
    const { computedStyle } = await client.send('CSS.getComputedStyleForNode', { nodeId });
    const stack = computedStyle.find((p) => p.name === 'font-family').value;
    const named = families(stack);
    const own = fonts.filter((f) => named.includes(f.familyName.toLowerCase()))
      .reduce((n, f) => n + f.glyphCount, 0);
    const han = [...text].filter((ch) => HAN.test(ch)).length;
    out.push({ selector, text: text.slice(0, 40), fonts: fonts.map((f) => `${f.familyName}:${f.glyphCount}`),
               han, own, ok: own >= han });
  }
  return out;
}

// In the page: bitmaps of single characters drawn with `font`; returns, for
// each pair of Han characters, whether they differ, and whether each differs
// from the .notdef box (a private-use character no font has).
function glyphsDiffer(args) {
  const { chars, font } = args;
  function draw(ch) {
    const c = document.createElement('canvas');
    c.width = 40; c.height = 40;
    const g = c.getContext('2d');
    g.fillStyle = '#fff'; g.fillRect(0, 0, 40, 40);
    g.fillStyle = '#000'; g.font = '28px ' + font; g.textBaseline = 'top';
    g.fillText(ch, 4, 4);
    const d = g.getImageData(0, 0, 40, 40).data;
    let bits = '', ink = 0;
    for (let i = 0; i < d.length; i += 4) { const on = d[i] < 128 ? 1 : 0; bits += on; ink += on; }
    return { bits, ink };
  }
  const tofu = draw('\ue000');
  const maps = chars.map(draw);
  let samePairs = 0, likeTofu = 0, blank = 0;
  for (let i = 0; i < maps.length; i++) {
    if (maps[i].ink < 10) blank++;
    if (maps[i].bits === tofu.bits) likeTofu++;
    for (let j = i + 1; j < maps.length; j++) if (maps[i].bits === maps[j].bits) samePairs++;
  }
  const control = draw('\ue001').bits === tofu.bits;  // two tofu boxes look alike
  return { n: maps.length, samePairs, likeTofu, blank, control };
}

async function checkCjk(page) {
  const lang = await page.evaluate(() => document.documentElement.lang);
  check('the page is Chinese (html lang zh-CN)', lang === 'zh-CN', lang);
  const client = await page.context().newCDPSession(page);
  await client.send('DOM.enable');
  await client.send('CSS.enable');
  // The control: Chinese text under a stack that names no CJK font must be
  // found drawn by a font outside its stack.
  await page.evaluate(() => {
    const p = document.createElement('p');
    p.id = 'cjk-control';
    p.style.fontFamily = '"DejaVu Sans", "Noto Sans"';
    p.textContent = '地区生产总值';
    document.body.appendChild(p);
  });
  let { root } = await client.send('DOM.getDocument', { depth: -1 });
  const control = await fontsOf(client, root.nodeId, '#cjk-control', 1);
  check('control: a stack without a CJK font is caught', control.length === 1 && !control[0].ok,
        JSON.stringify(control));
  await page.evaluate(() => document.getElementById('cjk-control').remove());
  ({ root } = await client.send('DOM.getDocument', { depth: -1 }));
  const seen = [];
  for (const sel of ['h1', 'nav a', 'h2', '#scenarios th', '#targets td', '.var h3', 'footer'])
    seen.push(...await fontsOf(client, root.nodeId, sel, 3));
  check('Chinese text found in headings, tables and footer', seen.length >= 10, `${seen.length} elements`);
  for (const e of seen)
    check(`"${e.text}" (${e.selector}): its ${e.han} Han characters drawn by the page's own fonts`, e.ok,
          `used ${e.fonts.join(', ')}: ${e.own} glyphs from fonts the stack names`);
  // The charts' canvas text: the titles use the page's stack (report.fonts).
  const info = await page.evaluate(() => {
    const c = window.polsimReport.charts[0].chart.getOption();
    return { font: c.textStyle && c.textStyle[0] ? c.textStyle[0].fontFamily : (c.textStyle || {}).fontFamily,
             stack: window.polsimReport.fonts, title: c.title[0].text + ' ' + (c.title[0].subtext || '') };
  });
  check('charts draw with the page\'s fonts', info.font === info.stack && families(info.stack).includes('noto sans cjk sc'),
        `${info.font} / ${info.stack}`);
  const chars = [...new Set([...info.title].filter((ch) => HAN.test(ch)))].slice(0, 8);
  const g = await page.evaluate(glyphsDiffer, { chars, font: info.stack });
  check('control: two .notdef boxes look alike', g.control);
  check(`chart title "${info.title}": Han characters drawn as distinct glyphs, none a .notdef box`,
        g.n >= 2 && g.samePairs === 0 && g.likeTofu === 0 && g.blank === 0, JSON.stringify(g));
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
    if (a.cjk) await checkCjk(page);
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

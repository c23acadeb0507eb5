// The tour as `npm start` runs it (scripts/tour.mjs on the built package, in a fresh folder): every
// example runs, every figure it promises is there and well formed and holds the marks its example
// draws, and out/index.html shows them all in a real browser with no console errors, its animations
// playing. The browser part is skipped, saying why, where Chromium or playwright-core is missing.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import * as torch from '../../src/index.js';
import { allText, byClass, items, parseSVG } from '../plot/svg-tree.js';
import { browserSkipReason, collectErrors, launchChromium, serveStatic } from '../browser/harness.js';

const repoRoot = resolve(import.meta.dirname, '..', '..');

/** Everything the tour writes, by the example that writes it. */
export const TOUR_OUTPUTS: Record<string, string[]> = {
  '02-activation': ['activation.svg'],
  '03-regression': ['regression.svg', 'regression.html'],
  '05-save-reload': ['net.pt', 'net_params.pt'],
  '07-optimizers': ['optimizers.svg'],
  '08-classification': ['classification.svg', 'classification.html'],
  '09-cnn': ['cnn-loss.svg', 'cnn-predictions.png'],
};
const FIGURES = Object.values(TOUR_OUTPUTS).flat().filter((f) => /\.(svg|png)$/.test(f));
const ANIMATIONS = Object.values(TOUR_OUTPUTS).flat().filter((f) => f.endsWith('.html'));

let cwd = '';
let out = '';
let log = '';
let status: number | null = null;

before(async () => {
  assert.ok(existsSync(join(repoRoot, 'dist/index.js')), 'dist/ is missing: run `npm run build` first (npm test does)');
  cwd = mkdtempSync(join(tmpdir(), 'torchlet-tour-test-'));
  out = join(cwd, 'out');
  const child = spawn(process.execPath, [join(repoRoot, 'scripts/tour.mjs')], { cwd, env: { ...process.env, NODE_OPTIONS: '' } });
  child.stdout.setEncoding('utf8').on('data', (d: string) => (log += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (log += d));
  status = await new Promise((r) => child.on('close', (code) => r(code)));
});

const svgOf = (name: string) => parseSVG(readFileSync(join(out, name), 'utf8'));

test('every example runs and reports in order, and every promised file is written', () => {
  assert.equal(status, 0, log);
  const names = [...log.matchAll(/^━━ \[(\d+)\/(\d+)\] (\S+) ━━/gm)].map((m) => m[3]);
  assert.deepEqual(names, ['01-tensor-basics', '02-activation', '03-regression', '04-quick-build', '05-save-reload',
    '06-batch-train', '07-optimizers', '08-classification', '09-cnn']);
  assert.match(log, /Tour finished in [\d.]+s .*: 9\/9 examples ran; open out\/index\.html/);
  for (const f of [...Object.values(TOUR_OUTPUTS).flat(), 'index.html']) assert.ok(existsSync(join(out, f)), `out/${f} is missing`);
});

test('the activation figure has four panels, each with its labelled line', () => {
  const svg = svgOf('activation.svg');
  assert.equal(byClass(svg, /^panel-\d$/).length, 4);
  assert.equal(byClass(svg, /^p\d-m0-line$/).length, 4);
  const labels = byClass(svg, /^p\d-legend-labels$/).flatMap((g) => items(g).map((t) => t.text));
  assert.deepEqual(labels, ['relu', 'sigmoid', 'tanh', 'softplus']);
});

test('the regression figure has its 100 points, the fitted line and the loss', () => {
  const svg = svgOf('regression.svg');
  const [points] = byClass(svg, /^p0-m\d-scatter$/);
  assert.equal(items(points!).length, 100);
  const [line] = byClass(svg, /^p0-m\d-line$/);
  assert.match(items(line!)[0]!.attrs.d!, /^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){99}$/);
  assert.ok(allText(svg).some((t) => /^Loss=0\.\d{4}$/.test(t)));
});

test('the optimizer figure has five lines, labelled in the legend', () => {
  const svg = svgOf('optimizers.svg');
  assert.equal(byClass(svg, /^p0-m\d-line$/).length, 5);
  const [labels] = byClass(svg, /^p0-legend-labels$/);
  assert.deepEqual(items(labels!).map((t) => t.text), ['SGD', 'Momentum', 'AdaGrad', 'RMSprop', 'Adam']);
  assert.ok(allText(svg).includes('Steps') && allText(svg).includes('Loss'));
});

test('the classification figure colours all 200 points by predicted class', () => {
  const svg = svgOf('classification.svg');
  const scatters = byClass(svg, /^p0-m\d-scatter$/);
  assert.equal(scatters.reduce((n, g) => n + items(g).length, 0), 200);
  assert.ok(allText(svg).includes('Accuracy=1.00'));
});

test('the CNN figures: a loss curve, and a decodable PNG grid of ten predictions', () => {
  const svg = svgOf('cnn-loss.svg');
  const [line] = byClass(svg, /^p0-m0-line$/);
  assert.match(items(line!)[0]!.attrs.d!, /^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){99}$/, '100 training steps');
  const png = PNG.sync.read(readFileSync(join(out, 'cnn-predictions.png')));
  assert.ok(png.width >= 900 && png.height >= 420, `${png.width}x${png.height}`);
  let green = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i + 1]! > 120 && png.data[i]! < 100 && png.data[i + 2]! < 100) green++;
  assert.ok(green > 1000, `the digits are drawn in green where predicted right (${green} green pixels)`);
});

test('the saved network loads back as the Sequential it was', () => {
  const net = torch.load(join(out, 'net.pt')) as torch.nn.Module;
  assert.match(String(net), /^Sequential\(\n {2}\(0\): Linear\(in_features=1, out_features=10, bias=True\)/);
  assert.deepEqual(Object.keys(torch.load(join(out, 'net_params.pt')) as object), ['0.weight', '0.bias', '2.weight', '2.bias']);
});

test('out/index.html has a section per example with its output, figures and animations', () => {
  const html = readFileSync(join(out, 'index.html'), 'utf8');
  assert.equal((html.match(/<section id=/g) ?? []).length, 9);
  assert.doesNotMatch(html, /class="failed"/);
  for (const f of FIGURES) assert.ok(html.includes(`<img src="${f}"`), `${f} is shown`);
  for (const f of ANIMATIONS) assert.ok(html.includes(`<iframe src="${f}"`), `${f} is embedded`);
  assert.ok(html.includes('Adam final loss 0.0176'), 'printed output is included');
});

test('the README picture is a PNG of the regression figure', () => {
  const png = PNG.sync.read(readFileSync(join(repoRoot, 'docs/regression.png')));
  assert.equal(png.width, 640);
  assert.equal(png.height, 480);
});

const skip = browserSkipReason();
test('in Chromium, out/index.html shows every figure without console errors and the animations play', { skip: skip ?? false }, async () => {
  const server = await serveStatic(out);
  const browser = await launchChromium();
  try {
    // The browser asks every page for /favicon.ico on its own; a static host without one answers 404,
    // which is not the page's doing.
    const context = await browser.newContext();
    await context.route('**/favicon.ico', (r) => r.fulfill({ status: 204, body: '' }));
    const page = await context.newPage();
    const errors = collectErrors(page);
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
    await page.goto(`${server.url}index.html`, { waitUntil: 'load' });
    const shown = await page.evaluate(() =>
      Array.from(document.images).map((img) => ({ src: img.getAttribute('src'), ok: img.complete && img.naturalWidth > 0 })),
    );
    assert.deepEqual(shown.map((s) => s.src).sort(), [...FIGURES].sort());
    for (const s of shown) assert.ok(s.ok, `${s.src} did not render`);
    for (const f of ANIMATIONS) {
      await page.locator(`iframe[src="${f}"]`).scrollIntoViewIfNeeded(); // embedded lazily: loads when seen
      await page.frameLocator(`iframe[src="${f}"]`).locator('#counter').waitFor();
    }
    // Each animation page plays on its own: the frame counter moves on.
    for (const f of ANIMATIONS) {
      const anim = await context.newPage();
      const animErrors = collectErrors(anim);
      await anim.goto(`${server.url}${f}`, { waitUntil: 'load' });
      const first = await anim.locator('#counter').textContent();
      await anim.waitForFunction((was) => document.getElementById('counter')!.textContent !== was, first, { timeout: 10_000 });
      const later = await anim.locator('#counter').textContent();
      assert.match(later!, /^\d+ \/ \d+$/);
      assert.notEqual(later, first, `${f} does not play`);
      assert.deepEqual(animErrors, [], `${f}: ${animErrors.join('; ')}`);
      await anim.close();
    }
    assert.deepEqual(errors, [], errors.join('\n'));
    assert.deepEqual(failed, [], `failed requests: ${failed.join(', ')}`);
  } finally {
    await browser.close();
    await server.close();
  }
});
if (skip) test(`browser check skipped: ${skip}`, () => {});

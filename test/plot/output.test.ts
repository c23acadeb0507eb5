import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { PNG } from 'pngjs';
import { figure, type Figure } from '../../src/plot/index.js';
import { byClass, items, parseSVG } from './svg-tree.js';

const dir = mkdtempSync(join(tmpdir(), 'torchlet-plot-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const xs = Array.from({ length: 20 }, (_, i) => -1 + i / 10);

function regressionLike(frames: number): Figure {
  const fig = figure({ width: 320, height: 240 });
  for (let f = 0; f < frames; f++) {
    fig.clear();
    fig.scatter(xs, xs.map((v) => v * v));
    fig.line(xs, xs.map((v) => (v * v * f) / frames), { color: 'red', width: 5 });
    fig.text(0.5, 0, `Loss=${(1 / (f + 1)).toFixed(4)}`, { color: 'red' });
    fig.frame();
  }
  return fig;
}

test('save writes SVG into folders it creates', () => {
  const path = join(dir, 'nested', 'deeper', 'plot.svg');
  const fig = figure().line([1, 2, 3]);
  assert.equal(fig.save(path), fig);
  const svg = parseSVG(readFileSync(path, 'utf8'));
  assert.equal(byClass(svg, /^p0-m0-line$/).length, 1);
});

test('save writes a PNG of the figure size (times scale) that decodes', () => {
  const fig = figure({ width: 300, height: 200 }).line([0, 1, 0]).xlabel('x').ylabel('y').title('t');
  const path = join(dir, 'plot.png');
  fig.save(path);
  const bytes = readFileSync(path);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(bytes.toString('latin1', 12, 16), 'IHDR');
  assert.equal(bytes.readUInt32BE(16), 300);
  assert.equal(bytes.readUInt32BE(20), 200);
  const png = PNG.sync.read(bytes);
  assert.equal(png.width, 300);
  // Something was drawn: not every pixel is background white.
  let dark = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! < 128) dark++;
  assert.ok(dark > 100);
  fig.save(join(dir, 'plot2x.png'), { scale: 2 });
  const big = PNG.sync.read(readFileSync(join(dir, 'plot2x.png')));
  assert.deepEqual([big.width, big.height], [600, 400]);
});

test('labels, ticks and titles stay inside the canvas', () => {
  const fig = figure({ rows: 1, cols: 2, width: 500, height: 260, title: 'Wide tick labels' });
  fig.subplot(0).line([0, 1e6], [-123456.5, 654321.25]).xlabel('x label').ylabel('y label').title('left');
  fig.subplot(1).line([-1234.5, 1234.5], [0.00012, 0.00031]).xlabel('x label').ylabel('y label').title('right');
  const png = PNG.sync.read(Buffer.from(readPng(fig)));
  const { width, height, data } = png;
  const white = (x: number, y: number) => {
    const i = 4 * (y * width + x);
    return data[i]! > 250 && data[i + 1]! > 250 && data[i + 2]! > 250;
  };
  for (let x = 0; x < width; x++) for (const y of [0, 1, height - 2, height - 1]) assert.ok(white(x, y), `ink at (${x}, ${y})`);
  for (let y = 0; y < height; y++) for (const x of [0, 1, width - 2, width - 1]) assert.ok(white(x, y), `ink at (${x}, ${y})`);
});

function readPng(fig: Figure): Uint8Array {
  const path = join(dir, `edge-${Math.random().toString(36).slice(2)}.png`);
  fig.save(path);
  return readFileSync(path);
}

test('unknown extensions are refused by name, before anything is written', () => {
  const fig = figure().line([1, 2]);
  assert.throws(() => fig.save(join(dir, 'plot.jpg')), /unsupported file extension '\.jpg'.*\.svg or \.png/);
  assert.throws(() => fig.save(join(dir, 'plot')), /unsupported file extension '\(none\)'/);
  assert.throws(() => fig.save(join(dir, 'plot.html')), /use saveAnimation\(\) for \.html/);
  assert.throws(() => fig.saveAnimation(join(dir, 'anim.gif')), /unsupported file extension '\.gif'/);
  assert.equal(existsSync(join(dir, 'plot.jpg')), false);
  assert.throws(() => figure().saveAnimation(join(dir, 'empty.html')), /no frames recorded/);
});

test('saveAnimation writes one self-contained page with every frame', () => {
  const fig = regressionLike(6);
  assert.equal(fig.frameCount, 6);
  const path = join(dir, 'anim', 'regression.html');
  fig.saveAnimation(path);
  const html = readFileSync(path, 'utf8');
  assert.equal((html.match(/<div class="frame" /g) ?? []).length, 6);
  assert.equal((html.match(/<svg /g) ?? []).length, 6);
  assert.match(html, /<button id="play"/);
  assert.match(html, /<input id="slider" type="range" min="0" max="5"/);
  assert.match(html, /<span id="counter">1 \/ 6<\/span>/);
  assert.doesNotMatch(html, /<script[^>]+src=|<link |https?:\/\/(?!www\.w3\.org)/, 'nothing is fetched');
  // Each frame shows its own loss text.
  for (let f = 0; f < 6; f++) assert.ok(html.includes(`Loss=${(1 / (f + 1)).toFixed(4)}`));
  // Ids are unique across the inline SVGs.
  const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(new Set(ids).size, ids.length);
});

test('the player advances the frame counter while playing and stops on pause', () => {
  const html = regressionLikeHtml(4);
  const script = /<script>([\s\S]*)<\/script>/.exec(html)![1]!;
  const frames = Array.from({ length: 4 }, (_, i) => ({ hidden: i !== 0 }));
  const listeners = new Map<string, () => void>();
  const el = (id: string) => ({
    id,
    textContent: '',
    value: '0',
    dataset: { fps: '10', loop: 'true' },
    addEventListener: (type: string, fn: () => void) => listeners.set(`${id}:${type}`, fn),
  });
  const nodes = new Map(['play', 'slider', 'counter', 'player'].map((id) => [id, el(id)]));
  const timer: { fn: (() => void) | null } = { fn: null };
  const tick = () => timer.fn!();
  const document = {
    querySelectorAll: () => frames,
    getElementById: (id: string) => nodes.get(id),
    addEventListener: () => {},
  };
  runInNewContext(script, {
    document,
    setInterval: (fn: () => void) => {
      timer.fn = fn;
      return 1;
    },
    clearInterval: () => {
      timer.fn = null;
    },
  });
  const counter = nodes.get('counter')!;
  assert.ok(timer.fn, 'it starts playing');
  tick();
  assert.equal(counter.textContent, '2 / 4');
  tick();
  tick();
  assert.equal(counter.textContent, '4 / 4');
  assert.deepEqual(frames.map((f) => f.hidden), [true, true, true, false]);
  tick();
  assert.equal(counter.textContent, '1 / 4', 'it loops');
  listeners.get('play:click')!();
  assert.equal(timer.fn, null, 'pause stops the timer');
  assert.equal(nodes.get('play')!.textContent, 'Play');
  nodes.get('slider')!.value = '2';
  listeners.get('slider:input')!();
  assert.equal(counter.textContent, '3 / 4');
});

function regressionLikeHtml(frames: number): string {
  const path = join(dir, `player-${frames}.html`);
  regressionLike(frames).saveAnimation(path);
  return readFileSync(path, 'utf8');
}

test('frames keep their own data: later drawing does not change recorded frames', () => {
  const fig = figure();
  fig.line([0, 1]).frame();
  fig.clear();
  fig.line([5, 6, 7]).frame();
  const path = join(dir, 'two.html');
  fig.saveAnimation(path);
  const html = readFileSync(path, 'utf8');
  const frames = html.split('<div class="frame" ').slice(1).map((f) => parseSVG(/<svg[\s\S]*<\/svg>/.exec(f)![0]));
  const segments = frames.map((svg) => (items(byClass(svg, /^p0-m0-line$/)[0]!)[0]!.attrs.d!.match(/L/g) ?? []).length);
  assert.deepEqual(segments, [1, 2]);
});

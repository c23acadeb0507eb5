import { test } from 'node:test';
import assert from 'node:assert/strict';
import { figure, TAB10 } from '../../src/plot/index.js';
import { allText, byClass, items, parseSVG } from './svg-tree.js';
import { tensor } from './fake_tensor.js';

const lin = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));

test('a 2x2 figure has four panels, each with its line and a one-entry legend', () => {
  const xs = lin(-5, 5, 50);
  const x = tensor(xs, [50]);
  const fig = figure({ rows: 2, cols: 2, width: 800, height: 600 });
  const curves = { relu: xs.map((v) => Math.max(0, v)), sigmoid: xs.map((v) => 1 / (1 + Math.exp(-v))), tanh: xs.map(Math.tanh), softplus: xs.map((v) => Math.log1p(Math.exp(v))) };
  Object.entries(curves).forEach(([name, y], i) => {
    const ax = fig.subplot(i).line(x, tensor(y, [50]), { label: name, color: 'red' }).legend();
    assert.equal(ax, fig.axes[i]);
  });
  const svg = parseSVG(fig.toSVG());
  assert.equal(svg.attrs.width, '800');
  assert.equal(svg.attrs.height, '600');
  assert.equal(byClass(svg, /^panel-\d$/).length, 4);
  const lines = byClass(svg, /^p\d-m0-line$/);
  assert.equal(lines.length, 4);
  for (const l of lines) {
    const [path] = items(l);
    assert.equal(path!.attrs.stroke, 'red');
    assert.match(path!.attrs.d!, /^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){49}$/);
  }
  const legendLabels = byClass(svg, /^p\d-legend-labels$/).flatMap((g) => items(g).map((t) => t.text));
  assert.deepEqual(legendLabels, ['relu', 'sigmoid', 'tanh', 'softplus']);
});

test('five labelled lines get five legend entries in cycle colours, plus axis labels', () => {
  const fig = figure({ width: 800, height: 500 });
  const names = ['SGD', 'Momentum', 'AdaGrad', 'RMSprop', 'Adam'];
  names.forEach((n, i) => fig.line(lin(0.3, 0.02 * (i + 1), 40), { label: n }));
  const same = fig.legend().xlabel('Steps').ylabel('Loss').ylim(0, 0.2);
  assert.equal(same, fig);
  const svg = parseSVG(fig.toSVG());
  const [labels] = byClass(svg, /^p0-legend-labels$/);
  assert.deepEqual(items(labels!).map((t) => t.text), names);
  const [handles] = byClass(svg, /^p0-legend-lines$/);
  assert.deepEqual(items(handles!).map((h) => h.attrs.stroke), TAB10.slice(0, 5));
  const text = allText(svg);
  assert.ok(text.includes('Steps') && text.includes('Loss'));
  assert.ok(text.includes('0.200') && text.includes('0.000'), `y ticks follow ylim: ${text.join('|')}`);
});

test('scatter draws one marker per finite point; text sits in data coordinates', () => {
  const xs = tensor(lin(-1, 1, 100), [100, 1]);
  const ys = lin(-1, 1, 100).map((v, i) => (i === 3 ? NaN : v * v));
  const fig = figure();
  fig.scatter(xs, ys).line(xs, tensor(ys, [100, 1]), { color: 'red', width: 5 }).text(0.5, 0, 'Loss=0.1234', { color: 'red' });
  const svg = parseSVG(fig.toSVG());
  const [points] = byClass(svg, /^p0-m0-scatter$/);
  assert.equal(items(points!).length, 99);
  assert.equal(items(points!)[0]!.attrs.fill, TAB10[0]);
  const [line] = byClass(svg, /^p0-m1-line$/);
  const d = items(line!)[0]!.attrs.d!;
  assert.equal((d.match(/M/g) ?? []).length, 2, 'the NaN breaks the line in two');
  assert.equal(items(line!)[0]!.attrs['stroke-width'], '5');
  const [label] = byClass(svg, /^p0-m2-text$/);
  assert.equal(items(label!)[0]!.text, 'Loss=0.1234');
});

test('line(y) plots against 0..n-1 and typed arrays are accepted', () => {
  const fig = figure();
  fig.line(new Float32Array([3, 1, 2]));
  const text = allText(parseSVG(fig.toSVG()));
  assert.ok(text.includes('0.00') && text.includes('2.00') && text.includes('3.00'), text.join('|'));
});

test('titles, suptitle and limits show up; clear keeps them but drops the marks', () => {
  const fig = figure({ title: 'Overview' });
  fig.line([0, 1], [0, 1]).title('Panel').xlim(-2, 2);
  fig.clear();
  fig.scatter([0], [0]);
  const svg = parseSVG(fig.toSVG());
  const text = allText(svg);
  assert.ok(text.includes('Overview') && text.includes('Panel'));
  assert.ok(text.includes('\u22122.0') && text.includes('2.0'), text.join('|'));
  assert.equal(byClass(svg, /-line$/).length, 0);
  assert.equal(byClass(svg, /-scatter$/).length, 1);
});

test('bad input fails with messages naming the problem', () => {
  const fig = figure();
  assert.throws(() => fig.line([1, 2, 3], [1, 2]), /x and y must have the same length, but have lengths 3 and 2/);
  assert.throws(() => fig.line(tensor(new Array(12).fill(1), [3, 4])), /must be 1-D .*\[3, 4\]/);
  assert.throws(() => fig.scatter([1, 2], [NaN, NaN]), /y is all NaN/);
  assert.throws(() => fig.line([1, 2], { colour: 'red' } as never), /unknown option 'colour'/);
  assert.throws(() => fig.line([1, 2], { color: 'notacolor' }), /'notacolor' is not a valid color/);
  assert.throws(() => fig.line([1, 2], { width: -1 }), /width must be a positive number/);
  assert.throws(() => fig.line([1, 2], { opacity: 2 }), /opacity must be between 0 and 1/);
  assert.throws(() => fig.line([1, 2], { dash: 'wavy' as never }), /unknown dash style 'wavy'/);
  assert.throws(() => fig.xlim(1, 1), /xlim: the lower and upper limits are both 1/);
  assert.throws(() => fig.ylim(0, NaN), /ylim: limits must be two finite numbers/);
  assert.throws(() => fig.legend('top' as never), /unknown location 'top'/);
  assert.throws(() => fig.subplot(1), /subplot: index 1 is out of range for a 1x1 figure \(0\.\.0\)/);
  assert.throws(() => figure({ rows: 0 }), /rows must be an integer/);
  assert.throws(() => figure({ width: 10 }), /width must be a number of px/);
  assert.throws(() => fig.text(NaN, 0, 'x'), /text: position must be two finite numbers/);
});

test('colours accept matplotlib spellings', () => {
  const fig = figure();
  fig.line([0, 1], { color: 'C1' }).line([1, 0], { color: 'tab:green' }).line([0, 0], { color: 'k', dash: '--' });
  const svg = parseSVG(fig.toSVG());
  const strokes = byClass(svg, /^p0-m\d-line$/).map((g) => items(g)[0]!.attrs.stroke);
  assert.deepEqual(strokes, [TAB10[1], TAB10[2], '#000000']);
  const dashed = items(byClass(svg, /^p0-m2-line$/)[0]!)[0]!;
  assert.ok(dashed.attrs['stroke-dasharray'], 'dashed line has a dash array');
});

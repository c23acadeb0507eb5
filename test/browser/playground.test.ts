// The playground end to end in headless Chromium: every seed section runs in the page and prints what
// the Node examples print (PyTorch's numbers), its charts carry the expected marks, edits change the
// result, bad programs show their error and line while the page keeps working, and weights go out as
// a .pt file torch.load reads (Node's, and Python's where PyTorch is installed) and come back in.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import * as torch from '../../src/index.js';
import {
  browserSkipReason,
  buildPlayground,
  collectErrors,
  launchChromium,
  outputText,
  repoRoot,
  runProgram,
  serveStatic,
  setProgram,
  type StaticServer,
} from './harness.js';

const skip = browserSkipReason();

function fixture(name: string): string {
  return readFileSync(join(repoRoot, 'test/fixtures', name), 'utf8');
}

function example(name: string): string {
  return readFileSync(join(repoRoot, 'examples', name), 'utf8');
}

function hasPythonTorch(): boolean {
  return spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

/** The program with line `line` (1-based) replaced, or with `insert` put before it. */
function editLine(source: string, line: number, edit: { replace?: string; insert?: string }): string {
  const lines = source.split('\n');
  if (edit.replace !== undefined) lines[line - 1] = edit.replace;
  if (edit.insert !== undefined) lines.splice(line - 1, 0, edit.insert);
  return lines.join('\n');
}

function lineOf(source: string, text: string): number {
  const i = source.split('\n').findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `no line contains ${text}`);
  return i + 1;
}

describe('playground in Chromium', { skip: skip ?? false }, () => {
  let dir = '';
  let server: StaticServer;
  let browser: Browser;
  const scratch = mkdtempSync(join(tmpdir(), 'torchlet-playground-test-'));

  before(async () => {
    dir = await buildPlayground();
    server = await serveStatic(dir);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  async function open(slug: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    const errors = collectErrors(page);
    await page.goto(`${server.url}#${slug}`);
    await page.waitForSelector('#code');
    return { page, errors };
  }

  async function runSection(slug: string): Promise<{ page: Page; errors: string[]; output: string }> {
    const { page, errors } = await open(slug);
    const status = await runProgram(page);
    const output = await outputText(page);
    assert.equal(status, 'done', `${slug} ended with status ${status}:\n${output}`);
    return { page, errors, output };
  }

  test('the page lists one section per example and shows its source', async () => {
    const { page, errors } = await open('regression');
    const slugs = await page.locator('nav a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).dataset.slug));
    for (const s of ['tensor-basics', 'activation', 'regression', 'quick-build', 'save-reload', 'batch-train', 'optimizers']) {
      assert.ok(slugs.includes(s), `section ${s} missing from ${slugs.join(', ')}`);
    }
    assert.equal(await page.inputValue('#code'), example('03-regression.ts'));
    assert.equal(await page.textContent('#title'), 'Regression');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('tensor basics prints what Node prints, PyTorch reprs included', async () => {
    const { page, errors, output } = await runSection('tensor-basics');
    assert.equal(output, fixture('examples/01-tensor-basics.txt'));
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('activation draws four panels, one labelled curve each', async () => {
    const { page, errors, output } = await runSection('activation');
    assert.match(output, /^relu\(-1, 0, 2\) = \[ 0, 0, 2 \]$/m);
    const fig = page.locator('.figure svg');
    assert.equal(await fig.count(), 1);
    for (let p = 0; p < 4; p++) {
      assert.equal(await fig.locator(`g.p${p}-m0-line path`).count(), 1, `panel ${p} line`);
    }
    const labels = await fig.locator('g[class*="legend-labels"] text').allTextContents();
    assert.deepEqual(labels.sort(), ['relu', 'sigmoid', 'softplus', 'tanh']);
    assert.deepEqual(await page.locator('#files li a').allTextContents(), ['out/activation.svg']);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('regression trains to PyTorch\'s loss and animates while it trains', async () => {
    const { page, errors, output } = await runSection('regression');
    assert.equal(output, fixture('examples/03-regression.txt'));
    const fig = page.locator('.figure svg');
    assert.equal(await fig.locator('g.p0-m0-scatter path').count(), 100);
    assert.equal(await fig.locator('g.p0-m1-line path').count(), 1);
    assert.equal(await fig.locator('g.p0-m2-text text').textContent(), 'Loss=0.0074');
    // The chart was sent again and again before the program ended, with more frames each time.
    const figures = await page.evaluate(() =>
      (window as unknown as { playground: { timeline: { type: string; frames?: number }[] } }).playground.timeline.filter((e) => e.type === 'figure'),
    );
    assert.ok(figures.length >= 3, `only ${figures.length} chart updates`);
    const frames = figures.map((f) => f.frames!);
    assert.deepEqual([...frames].sort((a, b) => a - b), frames);
    assert.equal(frames.at(-1), 41);
    assert.deepEqual(await page.locator('#files li a').allTextContents(), ['out/regression.svg', 'out/regression.html']);
    assert.equal(await page.inputValue('#model'), 'net');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('quick build prints both reprs and the state_dict keys', async () => {
    const { page, errors, output } = await runSection('quick-build');
    assert.equal(
      output,
      [
        'Net(',
        '  (hidden): Linear(in_features=1, out_features=10, bias=True)',
        '  (predict): Linear(in_features=10, out_features=1, bias=True)',
        ')',
        'Sequential(',
        '  (0): Linear(in_features=1, out_features=10, bias=True)',
        '  (1): ReLU()',
        '  (2): Linear(in_features=10, out_features=1, bias=True)',
        ')',
        "[ '0.weight', '0.bias', '2.weight', '2.bias' ]",
        '',
      ].join('\n'),
    );
    assert.deepEqual(await page.locator('#model option').allTextContents(), ['net1', 'net2']);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('save and reload restores the net from the page\'s files and names the unexpected keys', async () => {
    const { page, errors, output } = await runSection('save-reload');
    const lines = output.split('\n');
    assert.equal(lines[0], 'net2 == net1: true | net3 == net1: true');
    assert.match(output, /error: .*Unexpected key\(s\) in state_dict: "2\.weight", "2\.bias"/s);
    assert.deepEqual(await page.locator('#files li a').allTextContents(), ['out/net.pt', 'out/net_params.pt']);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('batch training prints exactly the batches PyTorch draws', async () => {
    const { page, errors, output } = await runSection('batch-train');
    assert.equal(output, fixture('examples/06-batch-train.txt'));
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('optimizers end at PyTorch\'s final losses and chart five labelled curves', async () => {
    const { page, errors, output } = await runSection('optimizers');
    assert.equal(output, fixture('examples/07-optimizers.txt'));
    const fig = page.locator('.figure svg');
    for (let m = 0; m < 5; m++) assert.equal(await fig.locator(`g.p0-m${m}-line path`).count(), 1, `curve ${m}`);
    const labels = await fig.locator('g[class*="legend-labels"] text').allTextContents();
    assert.deepEqual(labels, ['SGD', 'Momentum', 'AdaGrad', 'RMSprop', 'Adam']);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('editing the learning rate and running again changes the final loss', async () => {
    const { page, errors } = await open('regression');
    const source = example('03-regression.ts');
    assert.ok(source.includes('{ lr: 0.2 }'));
    await setProgram(page, source.replace('{ lr: 0.2 }', '{ lr: 0.02 }'));
    assert.equal(await runProgram(page), 'done');
    const loss = /^Loss=(\d+\.\d{4})$/m.exec(await outputText(page));
    assert.ok(loss, 'no final loss printed');
    assert.notEqual(loss[1], '0.0074');
    assert.ok(Number(loss[1]) > 0.0074, `a 10x smaller step should end higher, got ${loss[1]}`);
    assert.equal(await page.locator('.figure svg g.p0-m2-text text').textContent(), `Loss=${loss[1]}`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a syntax error shows its message and line, and the page keeps working', async () => {
    const { page, errors } = await open('regression');
    const source = example('03-regression.ts');
    const line = lineOf(source, 'console.log(String(net));');
    await setProgram(page, editLine(source, line, { replace: 'console.log(String(net);' }));
    assert.equal(await runProgram(page), 'error');
    const block = page.locator('#output .error-block');
    assert.equal(await block.getAttribute('data-kind'), 'syntax');
    assert.equal(await block.getAttribute('data-line'), String(line));
    assert.match((await block.textContent())!, new RegExp(`^SyntaxError: .+ \\(line ${line}\\)`));
    assert.equal(await page.textContent('.gutter .marked'), String(line));
    assert.match((await page.textContent('#status'))!, new RegExp(`Syntax error at line ${line}`));
    await page.click('#reset');
    assert.equal(await runProgram(page), 'done');
    assert.match(await outputText(page), /^Loss=0\.0074$/m);
    assert.equal(await page.locator('.gutter .marked').count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('an error thrown by the library or by the program shows its message and the program\'s line', async () => {
    const { page, errors } = await open('regression');
    const source = example('03-regression.ts');
    const shapes = lineOf(source, 'const net = new Net(1, 10, 1);');
    await setProgram(page, editLine(source, shapes, { insert: 'torch.mm(x, x);' }));
    assert.equal(await runProgram(page), 'error');
    let block = page.locator('#output .error-block');
    assert.equal(await block.getAttribute('data-kind'), 'runtime');
    assert.equal(await block.getAttribute('data-line'), String(shapes));
    assert.match((await block.textContent())!, /mat1 and mat2 shapes cannot be multiplied \(100x1 and 100x1\)/);

    const inForward = lineOf(source, 'return this.predict.forward(x);');
    await setProgram(page, editLine(source, inForward, { insert: "    if (this.training) throw new RangeError('boom');" }));
    assert.equal(await runProgram(page), 'error');
    block = page.locator('#output .error-block');
    assert.equal(await block.textContent(), `RangeError: boom (line ${inForward})\n`);
    // What the program printed before it failed stays.
    assert.match(await outputText(page), /^Net\(/);

    await setProgram(page, source);
    assert.equal(await runProgram(page), 'done');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a program that never ends can be stopped, and the next run works', async () => {
    const { page, errors } = await open('tensor-basics');
    await setProgram(page, "console.log('looping');\nwhile (true) {}\n");
    await page.click('#run');
    await page.waitForFunction(() => document.getElementById('output')!.textContent!.includes('looping'));
    // The page still answers while the worker spins.
    await page.click('#stop');
    assert.equal(await page.getAttribute('body', 'data-status'), 'stopped');
    await page.click('#reset');
    assert.equal(await runProgram(page), 'done');
    assert.equal(await outputText(page), fixture('examples/01-tensor-basics.txt'));
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('download weights gives a .pt file torch.load reads, with the page\'s trained weights', async () => {
    const { page, errors } = await open('regression');
    // The program also prints its weights, to compare with the file.
    const dump =
      '\nconsole.log(JSON.stringify(Object.fromEntries(Object.entries(net.stateDict()).map(([k, v]) => [k, v.flatten().toArray()]))));\n';
    await setProgram(page, example('03-regression.ts') + dump);
    assert.equal(await runProgram(page), 'done');
    const printed = JSON.parse((await outputText(page)).trim().split('\n').at(-1)!) as Record<string, number[]>;
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    assert.equal(download.suggestedFilename(), 'net.pt');
    const file = join(scratch, 'net.pt');
    await download.saveAs(file);

    const loaded = torch.load(file) as Record<string, torch.Tensor>;
    assert.deepEqual(Object.keys(loaded), ['hidden.weight', 'hidden.bias', 'predict.weight', 'predict.bias']);
    assert.deepEqual(loaded['hidden.weight']!.shape, [10, 1]);
    for (const [k, values] of Object.entries(printed)) {
      assert.deepEqual(Array.from(loaded[k]!.flatten().toArray() as number[]), values, k);
    }

    if (hasPythonTorch()) {
      const py = spawnSync(
        '/usr/bin/python3',
        ['-c', 'import json, sys, torch; sd = torch.load(sys.argv[1]); print(json.dumps({k: v.flatten().tolist() for k, v in sd.items()}))', file],
        { encoding: 'utf8' },
      );
      assert.equal(py.status, 0, py.stderr);
      const fromPython = JSON.parse(py.stdout) as Record<string, number[]>;
      assert.deepEqual(Object.keys(fromPython), Object.keys(printed));
      for (const [k, values] of Object.entries(printed)) {
        const f32 = Array.from(Float32Array.from(values));
        assert.deepEqual(fromPython[k], f32, `Python reads ${k}`);
      }
    } else {
      console.log('# /usr/bin/python3 has no torch: the Python side of the download test is skipped');
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('upload .pt loads PyTorch\'s weights into the example\'s model', async () => {
    const { page, errors } = await open('regression');
    assert.equal(await runProgram(page), 'done');
    await page.setInputFiles('#upload', join(repoRoot, 'test/fixtures/browser/regression_net.pt'));
    await page.waitForFunction(() => document.getElementById('output')!.textContent!.includes('regression_net.pt'));
    assert.match(await outputText(page), /Loaded regression_net\.pt into net: hidden\.weight \[10, 1\], hidden\.bias \[10\], predict\.weight \[1, 10\], predict\.bias \[1\]/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const file = join(scratch, 'uploaded-net.pt');
    await download.saveAs(file);
    const loaded = torch.load(file) as Record<string, torch.Tensor>;
    const expected = JSON.parse(fixture('browser/regression_net.json')) as Record<string, number[]>;
    for (const [k, values] of Object.entries(expected)) {
      assert.deepEqual(Array.from(loaded[k]!.flatten().toArray() as number[]), values, k);
    }

    // The upload stays: a later program reads it by name.
    await setProgram(page, "import * as torch from 'torchlet';\nconsole.log(Object.keys(torch.load('regression_net.pt')));\n");
    assert.equal(await runProgram(page), 'done');
    assert.equal(await outputText(page), "[ 'hidden.weight', 'hidden.bias', 'predict.weight', 'predict.bias' ]\n");
    await page.click('#reset');
    assert.equal(await runProgram(page), 'done');

    // A file that does not fit the model is refused with PyTorch's message, and nothing breaks.
    await page.setInputFiles('#upload', join(repoRoot, 'test/fixtures/serialization/sgd_sd.pt'));
    await page.waitForFunction(() => document.getElementById('output')!.textContent!.includes('Could not load sgd_sd.pt'));
    assert.equal(await runProgram(page), 'done');
    assert.deepEqual(errors, []);
    await page.close();
  });
});

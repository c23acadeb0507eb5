// `npx torchlet` (bin/torchlet.mjs) driven as a user would: lines typed on stdin, answers read from
// stdout. Tensors and modules echo in PyTorch's repr, values typed at the prompt are real arrays to
// torchlet, await works at the top level, and in terminal mode tab completes torch's names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join, resolve } from 'node:path';

const BIN = join(resolve(import.meta.dirname, '..', '..'), 'bin', 'torchlet.mjs');
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '');

class Session {
  readonly child: ChildProcessWithoutNullStreams;
  raw = '';
  constructor(terminal: boolean) {
    this.child = spawn(process.execPath, [BIN], {
      env: { ...process.env, NODE_OPTIONS: '', TORCHLET_REPL_TERMINAL: terminal ? '1' : '0', TORCHLET_REPL_HISTORY: '', NO_COLOR: '1' },
    });
    this.child.stdout.setEncoding('utf8').on('data', (d: string) => (this.raw += d));
    this.child.stderr.setEncoding('utf8').on('data', (d: string) => (this.raw += d));
  }
  get text(): string {
    return plain(this.raw);
  }
  write(s: string): void {
    this.child.stdin.write(s);
  }
  /** Resolves once the output matches `re`; fails with the output so far after `ms`. */
  async waitFor(re: RegExp, ms = 60_000): Promise<void> {
    const end = Date.now() + ms;
    while (!re.test(this.text)) {
      if (Date.now() > end || this.child.exitCode !== null) assert.fail(`expected ${re} in the REPL output:\n${this.text}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  /** Waits until the output has not changed for `quietMs` (the REPL has drawn its answer to a key). */
  async settle(quietMs = 300): Promise<void> {
    let last = -1;
    while (last !== this.raw.length) {
      last = this.raw.length;
      await new Promise((r) => setTimeout(r, quietMs));
    }
  }
  async close(): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    return new Promise((r) => {
      this.child.on('exit', (code) => r(code));
      this.child.stdin.end();
    });
  }
}

test('typed lines echo tensors and modules in PyTorch\'s format, with torch, nn, F and optim in scope', async () => {
  const s = new Session(false);
  try {
    await s.waitFor(/torch, nn, F and optim are in scope/);
    s.write(
      [
        'torch.tensor([[1, 2], [3, 4]])',
        'new nn.Linear(1, 2)',
        "console.log(new nn.Sequential(new nn.Linear(1, 10), new nn.ReLU()).toString() === String(new nn.Sequential(new nn.Linear(1, 10), new nn.ReLU())), 'same')",
        'console.log(new nn.Linear(3, 4))',
        'F.relu(torch.tensor([-1, 2]))',
        'torch.manualSeed(1); new nn.Linear(1, 2).weight',
        'optim.Adam.name',
        '.exit',
        '',
      ].join('\n'),
    );
    assert.equal(await s.close(), 0);
    const out = s.text;
    assert.ok(out.includes('>>> tensor([[1., 2.],\n        [3., 4.]])\n'), out);
    assert.ok(out.includes('>>> Linear(in_features=1, out_features=2, bias=True)\n'), out);
    assert.ok(out.includes('true same\n'), out);
    assert.ok(out.includes('>>> Linear(in_features=3, out_features=4, bias=True)\nundefined\n'), `console.log prints the repr:\n${out}`);
    assert.ok(out.includes('>>> tensor([0., 2.])\n'), out);
    assert.ok(out.includes('Parameter containing:\ntensor([[ 0.5153],\n        [-0.4414]], requires_grad=True)\n'), out);
    assert.ok(out.includes(">>> 'Adam'\n"), out);
    assert.doesNotMatch(out, /Uncaught/);
  } finally {
    s.child.kill();
  }
});

test('arrays, typed arrays and options objects typed at the prompt are understood, and await works', async () => {
  const s = new Session(false);
  try {
    await s.waitFor(/>>> $/);
    s.write('torch.sum(torch.tensor([[1, 2], [3, 4]]), 1, { keepdim: true })\n');
    await s.waitFor(/tensor\(\[\[3\.\],\n {8}\[7\.\]\]\)\n/);
    s.write('torch.from(new Float64Array([1, 2, 3]))\n');
    await s.waitFor(/tensor\(\[1\., 2\., 3\.\], dtype=torch\.float64\)\n/);
    s.write('const t = await new Promise((r) => setTimeout(() => r(torch.ones(2).mul(3)), 10)); t\n');
    await s.waitFor(/tensor\(\[3\., 3\.\]\)\n/);
    s.write('torch.config.show().split("\\n")[0]\n');
    await s.waitFor(/'torchlet built with:'\n/);
    s.write('.exit\n');
    assert.equal(await s.close(), 0);
    assert.doesNotMatch(s.text, /Uncaught/);
  } finally {
    s.child.kill();
  }
});

test('in terminal mode, tab completes a name and a second tab lists the candidates', async () => {
  const s = new Session(true);
  try {
    await s.waitFor(/>>> $/);
    s.write('torch.manualSe');
    await s.settle();
    s.write('\t'); // the only candidate is torch.manualSeed
    await s.settle();
    s.write('(3); torch.initialSeed()\r');
    await s.waitFor(/\n3\n/);
    s.write('torch.ma');
    await s.settle();
    s.write('\t');
    await s.settle();
    s.write('\t');
    await s.waitFor(/torch\.matmul\n/);
    for (const name of ['torch.manualSeed', 'torch.max', 'torch.maximum']) assert.match(s.text, new RegExp(`^${name.replace('.', '\\.')}$`, 'm'));
    s.write('\x15.exit\r'); // ctrl-U clears the half-typed line
    assert.equal(await s.close(), 0);
    assert.doesNotMatch(s.text, /Uncaught/);
  } finally {
    s.child.kill();
  }
});

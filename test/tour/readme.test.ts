// The README is true: its first lines are the two commands, its TypeScript blocks run against the
// built package and print what their comments say, its Python blocks read and write the same files
// in real PyTorch (where /usr/bin/python3 has torch), and every torchlet call in its API tables runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

interface Block {
  lang: string;
  code: string;
}

function blocks(): Block[] {
  return [...readme.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, code: m[2]! }));
}

/** The output a block promises: the `// ` comment lines right after each console.log call, in order. */
function promisedOutput(code: string): string[] {
  const lines = code.split('\n');
  const chunks: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/console\.log\(/.test(lines[i]!)) continue;
    const out: string[] = [];
    for (let j = i + 1; j < lines.length && /^\/\/ /.test(lines[j]!); j++) out.push(lines[j]!.slice(3));
    if (out.length > 0) chunks.push(out.join('\n'));
  }
  return chunks;
}

// 'torchlet' and 'torchlet/plot' are the built package, as for a user of it.
const selfPackage: Plugin = {
  name: 'torchlet-self',
  setup(b) {
    b.onResolve({ filter: /^torchlet(\/.*)?$/ }, (args) => ({ path: import.meta.resolve(args.path), external: true }));
  },
};

/** Runs TypeScript source as an ES module in `cwd`; returns what it printed. */
async function runTs(source: string, cwd: string, name: string): Promise<string> {
  const out = await build({
    stdin: { contents: source, loader: 'ts', resolveDir: cwd, sourcefile: `${name}.ts` },
    bundle: true,
    packages: 'external',
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
    plugins: [selfPackage],
  });
  const file = join(cwd, `${name}.mjs`);
  writeFileSync(file, out.outputFiles[0]!.text);
  const r = spawnSync(process.execPath, [file], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NODE_OPTIONS: '' } });
  assert.equal(r.status, 0, `${name} failed:\n${source}\n${r.stderr}`);
  return r.stdout;
}

test('the README opens with the two commands, exactly', () => {
  const lines = readme.split('\n');
  assert.equal(lines[0], '# torchlet');
  assert.equal(lines[2], '```bash');
  assert.match(lines[3]!, /^npm install && npm start +# /);
  assert.match(lines[4]!, /^npm test +# /);
  const scripts = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).scripts as Record<string, string>;
  assert.ok(scripts.start && scripts.test, 'package.json has start and test scripts');
});

test('the README\'s TypeScript and Python blocks run in order and print what they say', async (t) => {
  const cwd = mkdtempSync(join(tmpdir(), 'torchlet-readme-'));
  const all = blocks();
  assert.ok(all.filter((b) => b.lang === 'ts').length >= 4, 'the README has its TypeScript examples');
  for (const [i, b] of all.entries()) {
    if (b.lang === 'ts') {
      const printed = await runTs(b.code, cwd, `block-${i}`);
      let from = 0;
      for (const chunk of promisedOutput(b.code)) {
        const at = printed.indexOf(chunk, from);
        assert.ok(at >= 0, `block ${i} should print:\n${chunk}\nbut printed:\n${printed}`);
        from = at + chunk.length;
      }
    } else if (b.lang === 'python') {
      if (!hasTorch) {
        t.diagnostic(`PyTorch is not installed at ${PYTHON}: the Python block is not run; torchlet's own file stands in`);
        copyFileSync(join(cwd, 'net_params.pt'), join(cwd, 'from_python.pt'));
        continue;
      }
      const r = spawnSync(PYTHON, ['-c', b.code], { cwd, encoding: 'utf8', timeout: 120_000 });
      assert.equal(r.status, 0, `Python block ${i} failed:\n${r.stderr}`);
      assert.doesNotMatch(r.stdout, /False/, r.stdout);
    } else {
      assert.equal(b.lang, 'bash', `unexpected block language ${b.lang}`);
    }
  }
});

/** The torchlet column of every table under "The API": each code span, with the row's PyTorch text. */
function tableCalls(): { pytorch: string; code: string }[] {
  const section = readme.split(/^## /m).find((s) => s.startsWith('The API'));
  assert.ok(section, 'the README has its API section');
  const calls: { pytorch: string; code: string }[] = [];
  for (const line of section.split('\n')) {
    const cells = line.split(' | ');
    if (!line.startsWith('| `') || cells.length !== 2) continue;
    for (const m of cells[1]!.matchAll(/`([^`]+)`/g)) calls.push({ pytorch: cells[0]!.slice(2), code: m[1]! });
  }
  return calls;
}

test('every torchlet call in the API tables runs', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'torchlet-readme-api-'));
  const calls = tableCalls();
  assert.ok(calls.length > 30, `found ${calls.length} calls`);
  // What the tables' names stand for (the README says so above the tables), plus small MNIST files.
  const prelude = `
    import * as torch from 'torchlet';
    import { mkdirSync, writeFileSync } from 'node:fs';
    const { nn, optim } = torch;
    const F = nn.functional;
    const idx = (dims: number[], n: number) => {
      const head = new DataView(new ArrayBuffer(4 + 4 * dims.length));
      head.setUint8(2, 8);
      head.setUint8(3, dims.length);
      dims.forEach((d, i) => head.setUint32(4 + 4 * i, d));
      return Buffer.concat([Buffer.from(head.buffer), Buffer.alloc(n, 1)]);
    };
    mkdirSync('mnist', { recursive: true });
    writeFileSync('mnist/train-images-idx3-ubyte', idx([2, 28, 28], 2 * 784));
    writeFileSync('mnist/train-labels-idx1-ubyte', idx([2], 2));
    const failures: string[] = [];
  `;
  const body = calls
    .map(({ pytorch, code }, i) => {
      const statement = code.startsWith('import ') ? 'void 0' : code;
      return `
    try {
      torch.manualSeed(${i});
      const x = torch.randn(4, 3);
      const y = torch.tensor([0n, 1n, 0n, 1n]);
      const net = new nn.Sequential(new nn.Linear(3, 10), new nn.ReLU(), new nn.Linear(10, 2));
      const loader = new torch.utils.data.DataLoader(new torch.utils.data.TensorDataset(x, y), { batchSize: 2 });
      void x, y, net, loader;
      ${statement};
    } catch (e) {
      failures.push(${JSON.stringify(`${code}  (for ${pytorch})`)} + ': ' + (e as Error).message);
    }`;
    })
    .join('\n');
  const printed = await runTs(`${prelude}\n${body}\nconsole.log(JSON.stringify(failures));\nprocess.exit(0);`, cwd, 'api-tables');
  const failures = JSON.parse(printed.trim().split('\n').at(-1)!) as string[];
  assert.deepEqual(failures, [], failures.join('\n'));
});

#!/usr/bin/env node
// The tutorial tour (`npm start`, or `npx torchlet-tour [name]` for one example): runs the examples in
// order, each printing its section title and results and writing its figures to out/, then writes
// out/index.html showing every figure next to its section's text and printed output.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, mkdirSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2).filter((a) => a !== '--only');
const only = args[0] ?? null;
const outDir = join(process.cwd(), 'out');
const tsx = import.meta.resolve('tsx');

const examples = readdirSync(join(root, 'examples'))
  .filter((f) => f.endsWith('.ts'))
  .sort()
  .filter((f) => only === null || f.includes(only));
if (examples.length === 0) {
  console.error(`no example matches '${only}'; examples are: ${readdirSync(join(root, 'examples')).join(', ')}`);
  process.exit(1);
}
mkdirSync(outDir, { recursive: true });

/** The example's opening comment: its section title and what it shows. */
function describe(file) {
  const lines = readFileSync(join(root, 'examples', file), 'utf8').split('\n');
  const comment = [];
  for (const l of lines) {
    if (!l.startsWith('//')) break;
    comment.push(l.replace(/^\/\/\s?/, ''));
  }
  return comment.join(' ');
}

function figuresSince(startMs) {
  if (!existsSync(outDir)) return [];
  return readdirSync(outDir)
    .filter((f) => /\.(svg|png|html)$/.test(f) && f !== 'index.html')
    .filter((f) => statSync(join(outDir, f)).mtimeMs >= startMs - 5)
    .sort();
}

function run(file) {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, ['--import', tsx, join(root, 'examples', file)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      out += d;
      process.stderr.write(d);
    });
    child.on('close', (code) => resolveRun({ code, out }));
  });
}

const escape = (s) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]);
const sections = [];
let failed = 0;
const t0 = Date.now();
for (const [i, f] of examples.entries()) {
  const name = f.replace(/\.ts$/, '');
  const title = describe(f);
  console.log(`\n━━ [${i + 1}/${examples.length}] ${name} ━━ ${title}`);
  const start = Date.now();
  const { code, out } = await run(f);
  const secs = ((Date.now() - start) / 1000).toFixed(1);
  if (code !== 0) failed++;
  console.log(code === 0 ? `   ✓ ${name} done in ${secs}s` : `   ✗ ${name} failed (exit ${code})`);
  sections.push({ name, title, out, code, figures: figuresSince(start) });
}

const body = sections
  .map((s) => {
    const figs = s.figures
      .map((f) =>
        f.endsWith('.html')
          ? `<p><a href="${f}">${f}</a> (animation: open to play)</p>`
          : `<figure><img src="${f}" alt="${escape(s.name)}: ${f}"><figcaption>${f}</figcaption></figure>`,
      )
      .join('\n');
    return `<section id="${s.name}"><h2>${escape(s.name)}</h2><p>${escape(s.title)}</p>
<pre>${escape(s.out)}</pre>${s.code === 0 ? '' : '<p class="failed">this example failed</p>'}
${figs}</section>`;
  })
  .join('\n');
writeFileSync(
  join(outDir, 'index.html'),
  `<!doctype html><html><head><meta charset="utf-8"><title>torchlet tour</title><style>
body{font-family:system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}
pre{background:#f6f6f6;padding:.8em;overflow:auto;font-size:13px}img{max-width:100%;border:1px solid #ddd}
figure{margin:1em 0}figcaption{color:#666;font-size:12px}.failed{color:#b00}</style></head><body>
<h1>torchlet: the tutorial tour</h1><p>Each section ran as a program; its output and figures are below.</p>
${body}</body></html>\n`,
);
console.log(`\nTour finished in ${((Date.now() - t0) / 1000).toFixed(1)}s: ${examples.length - failed}/${examples.length} examples ran; open ${relative(process.cwd(), join(outDir, 'index.html'))}`);
process.exit(failed > 0 ? 1 : 0);

#!/usr/bin/env node
// The tutorial tour (`npm start`, or `npx torchlet-tour [name...]` for some examples): runs the examples
// in order, each printing its section title and results and writing its figures to out/, then writes
// out/index.html showing every figure next to its section's text and printed output.
//
// Speed: the examples are transpiled once, all together, with esbuild (which tsx brings), so each
// runs as plain JavaScript instead of paying for a TypeScript loader at start-up; and they run as
// separate processes, as many at a time as there are cores, while their output is still printed in
// order. Options: --jobs N (at most N at a time; --jobs 1 runs them one by one), --quiet (only the
// section lines and the summary, for CI logs), --build (first compile src/ into dist/ with esbuild:
// about a second where tsc takes half a minute; tsc still type-checks and writes the declarations in
// `npm run build`).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (name) => {
  const i = argv.indexOf(name);
  if (i < 0) return null;
  argv.splice(i, 1);
  return true;
};
const option = (name) => {
  const i = argv.indexOf(name);
  if (i < 0) return null;
  const [, value] = argv.splice(i, 2);
  return value;
};
flag('--only'); // `npm run example -- NAME` passes it; naming examples is enough
const quiet = flag('--quiet') === true;
const buildFirst = flag('--build') === true;
const jobsArg = option('--jobs');
const jobs = jobsArg === null ? Math.min(availableParallelism(), 4) : Number(jobsArg);
if (!Number.isInteger(jobs) || jobs < 1) {
  console.error(`--jobs expects a positive integer, but got '${jobsArg}'`);
  process.exit(2);
}
const wanted = argv;
const outDir = join(process.cwd(), 'out');

const allExamples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.ts')).sort();
const examples = allExamples.filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)));
if (examples.length === 0) {
  console.error(`no example matches '${wanted.join("', '")}'; examples are: ${allExamples.join(', ')}`);
  process.exit(1);
}
mkdirSync(outDir, { recursive: true });

/** The example's opening comment: its section title and what it shows. */
function describe(source) {
  const comment = [];
  for (const l of source.split('\n')) {
    if (!l.startsWith('//')) break;
    comment.push(l.replace(/^\/\/\s?/, ''));
  }
  return comment.join(' ');
}

/** The figures an example writes: the out/ paths its source names, as the examples spell them. */
function declaredFigures(source) {
  const names = [...source.matchAll(/['"`]out\/([\w.-]+\.(?:svg|png|html))['"`]/g)].map((m) => m[1]);
  return [...new Set(names)];
}

/** esbuild, which tsx depends on, or null where it cannot be loaded. */
function loadEsbuild() {
  try {
    return createRequire(import.meta.resolve('tsx'))('esbuild');
  } catch {
    return null;
  }
}

/** src/ compiled file by file into dist/, the layout tsc writes (so relative URLs such as the native library's hold). */
async function buildPackage() {
  const start = Date.now();
  const esbuild = loadEsbuild();
  if (esbuild === null) {
    const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
    return;
  }
  const sources = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : [],
    );
  await esbuild.build({
    entryPoints: sources(join(root, 'src')),
    outdir: join(root, 'dist'),
    outbase: join(root, 'src'),
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    sourcemap: true,
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'error',
  });
  console.log(`built dist/ from src/ in ${((Date.now() - start) / 1000).toFixed(1)}s (esbuild; \`npm run build\` type-checks)`);
}

/**
 * Each example transpiled to a JavaScript file in a scratch folder, or null when esbuild cannot be
 * loaded (the tour then runs the TypeScript through tsx). 'torchlet' and 'torchlet/plot' point at
 * this package's build, as they do for the TypeScript source inside the package.
 */
async function transpile() {
  const esbuild = loadEsbuild();
  if (esbuild === null) return null;
  const dir = mkdtempSync(join(tmpdir(), 'torchlet-tour-'));
  const self = {
    name: 'torchlet-self',
    setup(build) {
      build.onResolve({ filter: /^torchlet(\/.*)?$/ }, (args) => ({ path: import.meta.resolve(args.path), external: true }));
    },
  };
  await esbuild.build({
    entryPoints: examples.map((f) => join(root, 'examples', f)),
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    tsconfig: join(root, 'tsconfig.json'),
    plugins: [self],
    logLevel: 'error',
  });
  return dir;
}

function runExample(file, compiledDir, onData) {
  const args = compiledDir
    ? [join(compiledDir, file.replace(/\.ts$/, '.mjs'))]
    : ['--import', import.meta.resolve('tsx'), join(root, 'examples', file)];
  return new Promise((resolveRun) => {
    const start = Date.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const take = (stream) => (d) => {
      out += d;
      onData(stream, d);
    };
    child.stdout.on('data', take('stdout'));
    child.stderr.on('data', take('stderr'));
    child.on('error', (e) => take('stderr')(`${e.message}\n`));
    child.on('close', (code, signal) => resolveRun({ code: code ?? (signal ? 128 : 1), out, secs: (Date.now() - start) / 1000 }));
  });
}

const t0 = Date.now();
if (buildFirst) await buildPackage();
let compiledDir = null;
try {
  compiledDir = await transpile();
} catch (e) {
  // A syntax error shows up again, with its location, when tsx runs that example.
  console.error(`could not transpile the examples ahead (${e.message.split('\n')[0]}); running them through tsx`);
}

const sections = examples.map((f) => {
  const source = readFileSync(join(root, 'examples', f), 'utf8');
  return { file: f, name: f.replace(/\.ts$/, ''), title: describe(source), declared: declaredFigures(source) };
});

// Output is printed in example order: the earliest unfinished example streams live, the others are
// held back until their turn.
let head = 0;
const held = sections.map(() => []);
const done = sections.map(() => false);
const write = (stream, d) => (quiet && stream === 'stdout' ? undefined : process[stream].write(d));
function header(i) {
  console.log(`\n━━ [${i + 1}/${sections.length}] ${sections[i].name} ━━ ${sections[i].title}`);
}
function footer(i) {
  const s = sections[i];
  console.log(s.code === 0 ? `   ✓ ${s.name} done in ${s.secs.toFixed(1)}s` : `   ✗ ${s.name} failed (exit ${s.code})`);
}
function advance() {
  while (head < sections.length && done[head]) {
    footer(head);
    head++;
    if (head < sections.length) {
      header(head);
      for (const [stream, d] of held[head]) write(stream, d);
      held[head] = [];
    }
  }
}

header(0);
let next = 0;
async function worker() {
  while (next < sections.length) {
    const i = next++;
    const r = await runExample(sections[i].file, compiledDir, (stream, d) => (i === head ? write(stream, d) : held[i].push([stream, d])));
    Object.assign(sections[i], r);
    done[i] = true;
    advance();
  }
}
await Promise.all(Array.from({ length: Math.min(jobs, sections.length) }, worker));
if (compiledDir) rmSync(compiledDir, { recursive: true, force: true });

const escape = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** An animation page embedded at its own size (read from the page: the player's width, the first frame's height). */
function embedAnimation(f) {
  const html = readFileSync(join(outDir, f), 'utf8');
  const width = Number(/#player \{ width: (\d+)px/.exec(html)?.[1] ?? 640);
  const height = Number(/<svg[^>]*\bheight="(\d+(?:\.\d+)?)"/.exec(html)?.[1] ?? 480);
  return `<figure><iframe src="${f}" title="${f}" width="${width + 40}" height="${Math.ceil(height) + 90}" loading="lazy"></iframe>
<figcaption><a href="${f}">${f}</a> (animation)</figcaption></figure>`;
}

const body = sections
  .map((s) => {
    const figures = s.declared.filter((f) => existsSync(join(outDir, f)));
    const figs = figures
      .map((f) =>
        f.endsWith('.html')
          ? embedAnimation(f)
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
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>torchlet tour</title><link rel="icon" href="data:,"><style>
body{font-family:system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}
pre{background:#f6f6f6;padding:.8em;overflow:auto;font-size:13px}img{max-width:100%;border:1px solid #ddd}
iframe{max-width:100%;border:1px solid #ddd}figure{margin:1em 0}figcaption{color:#666;font-size:12px}.failed{color:#b00}</style></head><body>
<h1>torchlet: the tutorial tour</h1><p>Each section ran as a program; its output and figures are below.</p>
${body}</body></html>\n`,
);
const failed = sections.filter((s) => s.code !== 0).length;
console.log(
  `\nTour finished in ${((Date.now() - t0) / 1000).toFixed(1)}s (${jobs === 1 ? 'one at a time' : `up to ${jobs} at a time`}): ` +
    `${sections.length - failed}/${sections.length} examples ran; open ${relative(process.cwd(), join(outDir, 'index.html'))}`,
);
process.exit(failed > 0 ? 1 : 0);

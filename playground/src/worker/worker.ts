// The worker that runs one program: compiles it, gives it torchlet, torchlet/plot and a console
// that prints to the page, and afterwards keeps its models for "download weights" and "upload .pt".
import * as torch from 'torchlet';
import * as plot from 'torchlet/plot';
import type { FromWorker, ToWorker } from '../protocol.js';
import { formatLog } from './inspect.js';
import { figure, flushFigures, PageFigure, setFigureSink } from './page_figure.js';
import { PageFiles, pageTorch } from './page_torch.js';
import { compile, locate } from './transpile.js';
import { warmUp } from './warm_up.js';

const scope = self as unknown as {
  postMessage(msg: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  addEventListener(type: 'unhandledrejection', fn: (e: PromiseRejectionEvent) => void): void;
};

function post(msg: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(msg, transfer);
}

const files = new PageFiles((path, bytes, mime) => post({ type: 'file', path, bytes: bytes.slice(), mime }));
let started = performance.now();
const since = () => performance.now() - started;

setFigureSink({
  show: (id, svg, frames) => post({ type: 'figure', id, svg, frames, at: since() }),
  write: (path, contents, mime) => files.write(path, contents, mime),
});

function print(stream: 'out' | 'err', args: unknown[]): void {
  post({ type: 'print', stream, text: `${formatLog(args)}\n`, at: since() });
}

const timers = new Map<string, number>();
const counts = new Map<string, number>();
const pageConsole = {
  ...console,
  log: (...a: unknown[]) => print('out', a),
  info: (...a: unknown[]) => print('out', a),
  debug: (...a: unknown[]) => print('out', a),
  table: (...a: unknown[]) => print('out', a),
  dir: (v: unknown) => print('out', [v]),
  warn: (...a: unknown[]) => print('err', a),
  error: (...a: unknown[]) => print('err', a),
  trace: (...a: unknown[]) => print('err', ['Trace:', ...a]),
  assert: (ok: unknown, ...a: unknown[]) => {
    if (!ok) print('err', ['Assertion failed', ...a]);
  },
  time: (label = 'default') => void timers.set(label, performance.now()),
  timeEnd: (label = 'default') => {
    const t = timers.get(label);
    if (t !== undefined) print('out', [`${label}: ${(performance.now() - t).toFixed(3)}ms`]);
    timers.delete(label);
  },
  timeLog: (label = 'default', ...a: unknown[]) => {
    const t = timers.get(label);
    if (t !== undefined) print('out', [`${label}: ${(performance.now() - t).toFixed(3)}ms`, ...a]);
  },
  count: (label = 'default') => {
    const n = (counts.get(label) ?? 0) + 1;
    counts.set(label, n);
    print('out', [`${label}: ${n}`]);
  },
} as Console;
const workerConsole = globalThis.console;

const modules: Record<string, unknown> = {
  torchlet: pageTorch(files),
  'torchlet/plot': { ...plot, figure, Figure: PageFigure },
};

function requireModule(spec: string): unknown {
  const m = modules[spec];
  if (m === undefined) {
    throw new Error(`Cannot find module '${spec}': programs in the playground can import 'torchlet' and 'torchlet/plot'`);
  }
  return m;
}

// The program's top-level variables, read after it ran, for the models among them.
let exposed: Record<string, () => unknown> = {};

function models(): Map<string, torch.nn.Module> {
  const found = new Map<string, torch.nn.Module>();
  for (const [name, get] of Object.entries(exposed)) {
    const v = get();
    if (v instanceof torch.nn.Module) found.set(name, v);
    else if (Array.isArray(v)) v.forEach((m, i) => m instanceof torch.nn.Module && found.set(`${name}[${i}]`, m));
  }
  return found;
}

function reportModels(): void {
  try {
    post({ type: 'models', names: [...models().keys()] });
  } catch {
    post({ type: 'models', names: [] });
  }
}

let running = false;

async function run(source: string, filename: string): Promise<void> {
  running = true;
  started = performance.now();
  const compiled = compile(source, filename);
  if (!compiled.ok) {
    post({ type: 'error', error: compiled.error, ms: since() });
    running = false;
    return;
  }
  // While the program runs, library code that warns (console.warn) prints to the page as well.
  globalThis.console = pageConsole;
  try {
    const module = { exports: {} };
    const process = { argv: ['torchlet', filename], env: {}, platform: 'browser' };
    await compiled.run(requireModule, module.exports, module, pageConsole, process, {
      expose: (getters) => {
        exposed = getters;
      },
    });
    const ms = since();
    flushFigures();
    reportModels();
    post({ type: 'done', ms });
  } catch (e) {
    const ms = since();
    flushFigures();
    reportModels();
    post({ type: 'error', error: locate(e, filename), ms });
  } finally {
    globalThis.console = workerConsole;
    running = false;
  }
}

function download(name: string): void {
  const model = models().get(name);
  if (!model) throw new Error(`no model named ${name}`);
  const bytes = (modules.torchlet as { save(o: unknown): Uint8Array }).save(model.stateDict());
  post({ type: 'weights', model: name, bytes }, [bytes.buffer]);
}

function describe(value: unknown): string {
  if (value instanceof torch.Tensor) return `[${value.shape.join(', ')}]`;
  return typeof value;
}

function upload(name: string, bytes: Uint8Array, target: string | null): void {
  files.provide(name, bytes);
  if (target === null) {
    post({ type: 'uploaded', name, model: null, ok: true, message: `${name} is uploaded: torch.load('${name}') reads it` });
    return;
  }
  try {
    const model = models().get(target);
    if (!model) throw new Error(`no model named ${target}`);
    let loaded = (modules.torchlet as { load(b: Uint8Array): unknown }).load(bytes);
    // A whole pickled module: take its weights.
    if (loaded instanceof torch.nn.Module) loaded = loaded.stateDict();
    model.loadStateDict(loaded as Record<string, torch.Tensor>);
    const entries = Object.entries(loaded as Record<string, unknown>).map(([k, v]) => `${k} ${describe(v)}`);
    post({ type: 'uploaded', name, model: target, ok: true, message: `Loaded ${name} into ${target}: ${entries.join(', ')}` });
  } catch (e) {
    post({ type: 'uploaded', name, model: target, ok: false, message: `Could not load ${name} into ${target}: ${(e as Error).message}` });
  }
}

scope.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === 'run') {
    if (running) return;
    for (const u of msg.uploads) files.provide(u.name, new Uint8Array(u.bytes));
    void run(msg.source, msg.filename);
  } else if (msg.type === 'download') {
    try {
      download(msg.model);
    } catch (err) {
      post({ type: 'print', stream: 'err', text: `download failed: ${(err as Error).message}\n`, at: since() });
    }
  } else if (msg.type === 'upload') {
    upload(msg.name, new Uint8Array(msg.bytes), msg.model);
  }
};

// A promise the program dropped that rejects after it finished is still its error.
scope.addEventListener('unhandledrejection', (e) => {
  post({ type: 'print', stream: 'err', text: `Uncaught (in promise) ${formatLog([e.reason])}\n`, at: since() });
});

warmUp();
post({ type: 'ready' });

// The playground page: one section per seed program, its source in an editor, and what it prints,
// draws and writes beside it. Programs run in a worker (runner.ts), so the page answers clicks while
// they train.
import './style.css';
import { Editor } from './editor.js';
import type { FromWorker, ProgramError } from './protocol.js';
import { Runner } from './runner.js';
import { SECTIONS, type Section } from './sections.js';
import { showSVG } from './svg_patch.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const nav = $('sections');
const titleEl = $('title');
const summaryEl = $('summary');
const runButton = $<HTMLButtonElement>('run');
const stopButton = $<HTMLButtonElement>('stop');
const resetButton = $<HTMLButtonElement>('reset');
const statusEl = $('status');
const modelSelect = $<HTMLSelectElement>('model');
const downloadButton = $<HTMLButtonElement>('download');
const uploadInput = $<HTMLInputElement>('upload');
const figuresEl = $('figures');
const outputEl = $('output');
const filesBox = $('files-box');
const filesEl = $('files');

// Output beyond this many characters is dropped, so a runaway print loop cannot hang the page.
const OUTPUT_LIMIT = 1_000_000;

type Status = 'idle' | 'running' | 'done' | 'error' | 'stopped';

/** What the current run sent and when (ms since the program started), for tests and benchmarks. */
interface TimelineEntry {
  type: 'print' | 'figure' | 'done' | 'error';
  at: number;
  text?: string;
  frames?: number;
}
const timeline: TimelineEntry[] = [];
(window as unknown as { playground: { timeline: TimelineEntry[] } }).playground = { timeline };

let section: Section = SECTIONS[0]!;
const edits = new Map<string, string>();
let runStarted = 0;
let ticker: number | undefined;
let outputChars = 0;
let fileUrls: string[] = [];
// .pt files the user uploaded, by name: every later run can torch.load them.
const uploads = new Map<string, ArrayBuffer>();

const editor = new Editor(
  $('editor'),
  () => run(),
  () => edits.set(section.slug, editor.value),
);
const runner = new Runner(onMessage, (message) => {
  showError({ kind: 'runtime', name: 'Error', message, line: null, column: null, stack: '' });
  finish('error', 'The program\'s worker stopped');
});

function setStatus(status: Status, text: string): void {
  document.body.dataset.status = status;
  statusEl.textContent = text;
  const running = status === 'running';
  runButton.disabled = false;
  stopButton.disabled = !running;
}

// ---- output, batched to one DOM update per animation frame ----

let pending: Node[] = [];
let pendingFigures = new Map<number, { svg: string; frames: number }>();
let scheduled = false;

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(flush);
}

function flush(): void {
  scheduled = false;
  if (pending.length > 0) {
    const atBottom = outputEl.scrollHeight - outputEl.scrollTop - outputEl.clientHeight < 24;
    const frag = document.createDocumentFragment();
    frag.append(...pending);
    outputEl.append(frag);
    pending = [];
    if (atBottom) outputEl.scrollTop = outputEl.scrollHeight;
  }
  for (const [id, { svg, frames }] of pendingFigures) showFigure(id, svg, frames);
  pendingFigures = new Map();
}

function print(text: string, cls?: string): void {
  if (outputChars >= OUTPUT_LIMIT) return;
  outputChars += text.length;
  if (outputChars >= OUTPUT_LIMIT) text += '\n(output truncated)\n';
  if (cls) {
    const span = document.createElement('span');
    span.className = cls;
    span.textContent = text;
    pending.push(span);
  } else {
    pending.push(document.createTextNode(text));
  }
  schedule();
}

// Several inline SVGs share the page's id space, and Vega numbers its clip paths the same way in
// every figure: each figure's ids get its own prefix.
function isolateIds(svg: string, prefix: string): string {
  return svg.replace(/<[^>]+>/g, (tag) =>
    tag.replace(/(\bid="|url\(#|href="#)([^")]+)/g, (_, lead: string, id: string) => `${lead}${prefix}-${id}`),
  );
}

function showFigure(id: number, svg: string, frames: number): void {
  let box = figuresEl.querySelector<HTMLElement>(`[data-figure="${id}"]`);
  if (!box) {
    box = document.createElement('div');
    box.className = 'figure';
    box.dataset.figure = String(id);
    figuresEl.append(box);
  }
  box.dataset.frames = String(frames);
  showSVG(box, isolateIds(svg, `fig${id}`));
}

function showError(e: ProgramError): void {
  const block = document.createElement('span');
  block.className = 'error-block';
  block.dataset.kind = e.kind;
  const where = e.line !== null ? ` (line ${e.line})` : '';
  block.append(`${e.name}: ${e.message}`);
  if (e.line !== null) {
    const link = document.createElement('a');
    link.textContent = where;
    link.title = 'Show the line';
    const line = e.line;
    link.addEventListener('click', () => editor.goTo(line));
    block.append(link);
    block.dataset.line = String(e.line);
  }
  block.append('\n');
  pending.push(block);
  schedule();
  editor.mark(e.line);
}

// ---- files and downloads ----

function saveBytes(data: BlobPart, name: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([data], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function svgToPng(svg: Uint8Array): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg as BlobPart], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0);
    return await new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

function formatSize(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function addFile(path: string, bytes: Uint8Array, mime: string): void {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const existing = filesEl.querySelector<HTMLLIElement>(`li[data-path="${CSS.escape(path)}"]`);
  const li = existing ?? document.createElement('li');
  li.dataset.path = path;
  li.replaceChildren();
  const a = document.createElement('a');
  a.textContent = path;
  if (mime.endsWith(';as=png')) {
    a.href = '#';
    a.addEventListener('click', (e) => {
      e.preventDefault();
      void svgToPng(bytes).then((png) => saveBytes(png, name, 'image/png'));
    });
  } else {
    const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: mime }));
    fileUrls.push(url);
    a.href = url;
    a.download = name;
  }
  const size = document.createElement('span');
  size.className = 'size';
  size.textContent = formatSize(bytes.length);
  li.append(a, size);
  if (!existing) filesEl.append(li);
  filesBox.hidden = false;
}

function setModels(names: string[]): void {
  const keep = modelSelect.value;
  modelSelect.replaceChildren();
  for (const n of names) modelSelect.append(new Option(n, n));
  if (names.length === 0) modelSelect.append(new Option('none in this program', ''));
  if (names.includes(keep)) modelSelect.value = keep;
  modelSelect.disabled = names.length === 0;
  downloadButton.disabled = names.length === 0;
}

// ---- running ----

function clearResults(): void {
  timeline.length = 0;
  pending = [];
  pendingFigures = new Map();
  outputEl.replaceChildren();
  figuresEl.replaceChildren();
  filesEl.replaceChildren();
  filesBox.hidden = true;
  for (const u of fileUrls) URL.revokeObjectURL(u);
  fileUrls = [];
  outputChars = 0;
  editor.mark(null);
  setModels([]);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function run(): void {
  clearResults();
  runStarted = performance.now();
  statusEl.dataset.ms = '';
  setStatus('running', 'Running…');
  clearInterval(ticker);
  ticker = window.setInterval(() => {
    statusEl.textContent = `Running… ${seconds(performance.now() - runStarted)}`;
  }, 200);
  runner.run(
    editor.value,
    section.filename,
    [...uploads].map(([name, bytes]) => ({ name, bytes: bytes.slice(0) })),
  );
}

function finish(status: Status, text: string, ms?: number): void {
  clearInterval(ticker);
  flush();
  if (ms !== undefined) {
    statusEl.dataset.ms = ms.toFixed(1);
    statusEl.dataset.wallMs = (performance.now() - runStarted).toFixed(1);
  }
  setStatus(status, text);
  runner.warm();
}

function onMessage(msg: FromWorker): void {
  if (msg.type === 'print') timeline.push({ type: 'print', at: msg.at, text: msg.text });
  else if (msg.type === 'figure') timeline.push({ type: 'figure', at: msg.at, frames: msg.frames });
  else if (msg.type === 'done' || msg.type === 'error') timeline.push({ type: msg.type, at: msg.ms });
  switch (msg.type) {
    case 'ready':
      break;
    case 'print':
      print(msg.text, msg.stream === 'err' ? 'err' : undefined);
      break;
    case 'figure':
      pendingFigures.set(msg.id, { svg: msg.svg, frames: msg.frames });
      schedule();
      break;
    case 'file':
      addFile(msg.path, msg.bytes, msg.mime);
      break;
    case 'models':
      setModels(msg.names);
      break;
    case 'done':
      finish('done', `Done in ${seconds(msg.ms)}`, msg.ms);
      break;
    case 'error': {
      showError(msg.error);
      const where = msg.error.line !== null ? ` at line ${msg.error.line}` : '';
      finish('error', `${msg.error.kind === 'syntax' ? 'Syntax error' : 'Error'}${where}`, msg.ms);
      break;
    }
    case 'weights':
      saveBytes(msg.bytes as BlobPart, `${msg.model.replace(/[^\w.-]+/g, '_')}.pt`, 'application/octet-stream');
      print(`Saved the weights of ${msg.model} (${formatSize(msg.bytes.length)}): in Python, torch.load('${msg.model.replace(/[^\w.-]+/g, '_')}.pt')\n`, 'note');
      break;
    case 'uploaded':
      print(`${msg.message}\n`, msg.ok ? 'note' : 'err');
      break;
  }
}

runButton.addEventListener('click', () => run());
stopButton.addEventListener('click', () => {
  runner.stop();
  print('Stopped.\n', 'err');
  setModels([]);
  finish('stopped', 'Stopped');
});
resetButton.addEventListener('click', () => {
  edits.delete(section.slug);
  editor.value = section.source;
});
downloadButton.addEventListener('click', () => {
  if (modelSelect.value) runner.send({ type: 'download', model: modelSelect.value });
});
uploadInput.addEventListener('change', async () => {
  const file = uploadInput.files?.[0];
  uploadInput.value = '';
  if (!file) return;
  const bytes = await file.arrayBuffer();
  uploads.set(file.name, bytes.slice(0));
  const model = modelSelect.value || null;
  if (!runner.send({ type: 'upload', name: file.name, bytes, model }, [bytes])) {
    print(`${file.name} is uploaded: torch.load('${file.name}') reads it. Run the program to load it into its model.\n`, 'note');
  }
});

// ---- sections ----

function showSection(): void {
  const slug = location.hash.replace(/^#\/?/, '');
  const next = SECTIONS.find((s) => s.slug === slug) ?? SECTIONS[0]!;
  if (next === section && editor.value !== '') return;
  runner.stop();
  clearInterval(ticker);
  section = next;
  document.title = `${section.title} · torchlet playground`;
  titleEl.textContent = section.title;
  summaryEl.textContent = section.summary;
  for (const a of nav.querySelectorAll('a')) {
    if (a.dataset.slug === section.slug) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  editor.value = edits.get(section.slug) ?? section.source;
  clearResults();
  delete statusEl.dataset.ms;
  setStatus('idle', '');
}

for (const s of SECTIONS) {
  const a = document.createElement('a');
  a.href = `#${s.slug}`;
  a.textContent = s.title;
  a.dataset.slug = s.slug;
  nav.append(a);
}
window.addEventListener('hashchange', showSection);
showSection();
runner.warm();

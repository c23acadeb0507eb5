// console.log's formatting as Node prints it, for the page: the examples' expected output was
// produced by Node, so a program prints the same text here as in a terminal. Values that know how
// to print themselves for Node (tensors, modules: the 'nodejs.util.inspect.custom' symbol) are asked
// to, exactly as Node does.

const CUSTOM = Symbol.for('nodejs.util.inspect.custom');
const BREAK_LENGTH = 80;
const MAX_DEPTH = 2;
const MAX_ITEMS = 100;
const MAX_STRING = 10000;
// How many levels of nested objects may still share one line with their parent.
const COMPACT = 3;

interface Ctx {
  maxDepth: number;
  indent: number;
  // Depth of the deepest object entered so far on the current path (Node's "currentDepth").
  deepest: number;
  seen: object[];
  circular: Map<object, number>;
}

type Brackets = [open: string, close: string];

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function quote(s: string): string {
  const q = !s.includes("'") ? "'" : !s.includes('"') ? '"' : !s.includes('`') && !s.includes('${') ? '`' : "'";
  let out = '';
  for (const ch of s.length > MAX_STRING ? s.slice(0, MAX_STRING) : s) {
    const code = ch.charCodeAt(0);
    if (ch === q || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += ch;
  }
  const more = s.length > MAX_STRING ? `... ${s.length - MAX_STRING} more characters` : '';
  return `${q}${out}${q}${more}`;
}

function formatNumber(n: number): string {
  return Object.is(n, -0) ? '-0' : String(n);
}

function formatPrimitive(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return quote(v);
    case 'number':
      return formatNumber(v);
    case 'bigint':
      return `${v}n`;
    case 'boolean':
    case 'undefined':
      return String(v);
    case 'symbol':
      return v.toString();
    default:
      return v === null ? 'null' : undefined;
  }
}

function formatFunction(f: Function): string {
  const source = Function.prototype.toString.call(f);
  if (source.startsWith('class')) {
    const parent = Object.getPrototypeOf(f) as Function | null;
    const ext = parent && parent !== Function.prototype && parent.name ? ` extends ${parent.name}` : '';
    return `[class ${f.name || '(anonymous)'}${ext}]`;
  }
  const kind = source.startsWith('async') ? 'AsyncFunction' : /^function\s*\*/.test(source) ? 'GeneratorFunction' : 'Function';
  return f.name ? `[${kind}: ${f.name}]` : `[${kind} (anonymous)]`;
}

function formatKey(key: string | symbol): string {
  if (typeof key === 'symbol') return `[${key.toString()}]`;
  return IDENTIFIER.test(key) ? key : quote(key);
}

function constructorName(v: object): string | null {
  let proto = Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null;
  while (proto) {
    const name = Object.prototype.hasOwnProperty.call(proto, 'constructor') ? proto.constructor?.name : undefined;
    if (typeof name === 'string' && name !== '') return name;
    proto = Object.getPrototypeOf(proto) as typeof proto;
  }
  return null;
}

function isIndex(key: string, length: number): boolean {
  if (!/^(0|[1-9]\d*)$/.test(key)) return false;
  return Number(key) < length;
}

function ownEntries(v: object, ctx: Ctx, depth: number, skip: (key: string) => boolean): string[] {
  const out: string[] = [];
  const keys: (string | symbol)[] = [
    ...Object.keys(v),
    ...Object.getOwnPropertySymbols(v).filter((s) => Object.getOwnPropertyDescriptor(v, s)?.enumerable),
  ];
  for (const key of keys) {
    if (typeof key === 'string' && skip(key)) continue;
    const desc = Object.getOwnPropertyDescriptor(v, key)!;
    let text: string;
    if (desc.get || desc.set) text = desc.get && desc.set ? '[Getter/Setter]' : desc.get ? '[Getter]' : '[Setter]';
    else text = child(desc.value, ctx, depth);
    out.push(`${formatKey(key)}: ${text}`);
  }
  return out;
}

function child(v: unknown, ctx: Ctx, depth: number): string {
  ctx.indent += 2;
  try {
    return formatValue(v, ctx, depth + 1);
  } finally {
    ctx.indent -= 2;
  }
}

// Lays out many short array entries in aligned columns instead of one per line, as Node does: about
// as many rows as columns (a character counted 2.5 times as tall as wide), at most 15 columns, right
// aligned when every entry is a number.
function columns(entries: string[], shown: number, allNumeric: boolean, indent: number): string[] {
  const widths = entries.slice(0, shown).map((e) => e.length);
  const sum = widths.reduce((a, w) => a + w + 2, 0);
  const widest = Math.max(...widths);
  const cell = widest + 2;
  const fitsThree = cell * 3 + indent < BREAK_LENGTH;
  const evenEnough = sum / cell > 5 || widest <= 6;
  if (!fitsThree || !evenEnough) return entries;
  const bias = Math.sqrt(cell - sum / entries.length);
  const scaled = Math.max(cell - 3 - bias, 1);
  const cols = Math.min(
    Math.round(Math.sqrt(2.5 * scaled * shown) / scaled),
    Math.floor((BREAK_LENGTH - indent) / cell),
    COMPACT * 4,
    15,
  );
  if (cols <= 1) return entries;
  const colWidth: number[] = [];
  for (let c = 0; c < cols; c++) {
    let w = 0;
    for (let i = c; i < shown; i += cols) w = Math.max(w, widths[i]!);
    colWidth.push(w + 2);
  }
  const rows: string[] = [];
  for (let start = 0; start < shown; start += cols) {
    const end = Math.min(start + cols, shown);
    let row = '';
    for (let i = start; i < end; i++) {
      const last = i === end - 1;
      const cellText = last ? entries[i]! : `${entries[i]}, `;
      const width = colWidth[i - start]! - (last ? 2 : 0);
      row += allNumeric ? cellText.padStart(width) : last ? cellText : cellText.padEnd(width);
    }
    rows.push(row);
  }
  if (shown < entries.length) rows.push(entries[entries.length - 1]!);
  return rows;
}

function join(entries: string[], prefix: string, [open, close]: Brackets, ctx: Ctx, depth: number): string {
  const head = prefix ? `${prefix} ` : '';
  if (ctx.deepest - depth < COMPACT) {
    const start = entries.length + ctx.indent + open.length + prefix.length + 10;
    const total = entries.reduce((a, e) => a + e.length, start + entries.length);
    if (total <= BREAK_LENGTH && !prefix.includes('\n')) {
      const line = entries.join(', ');
      if (!line.includes('\n')) return `${head}${open} ${line} ${close}`;
    }
  }
  const pad = `\n${' '.repeat(ctx.indent)}`;
  return `${head}${open}${pad}  ${entries.join(`,${pad}  `)}${pad}${close}`;
}

function formatList(
  items: ArrayLike<unknown>,
  v: object,
  prefix: string,
  ctx: Ctx,
  depth: number,
  numeric: boolean,
): string {
  const entries: string[] = [];
  const shown = Math.min(items.length, MAX_ITEMS);
  let holes = 0;
  const flushHoles = () => {
    if (holes > 0) entries.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`);
    holes = 0;
  };
  for (let i = 0; i < shown; i++) {
    if (!numeric && !Object.prototype.hasOwnProperty.call(items, i)) {
      holes++;
      continue;
    }
    flushHoles();
    entries.push(numeric ? formatPrimitive(items[i])! : child(items[i], ctx, depth));
  }
  flushHoles();
  const listed = entries.length;
  if (items.length === 0 && Object.keys(v).length === 0) return prefix ? `${prefix} []` : '[]';
  if (items.length > shown) entries.push(`... ${items.length - shown} more item${items.length - shown > 1 ? 's' : ''}`);
  const extra = ownEntries(v, ctx, depth, (k) => isIndex(k, items.length));
  let laid = entries;
  if (entries.length > 6 && extra.length === 0) {
    const allNumeric = Array.from({ length: shown }, (_, i) => typeof items[i]).every((t) => t === 'number' || t === 'bigint');
    laid = columns(entries, listed, allNumeric, ctx.indent);
  }
  if (laid !== entries) {
    // Grouped rows always go one per line.
    const pad = `\n${' '.repeat(ctx.indent)}`;
    return `${prefix ? `${prefix} ` : ''}[${pad}  ${[...laid, ...extra].join(`,${pad}  `)}${pad}]`;
  }
  return join([...entries, ...extra], prefix, ['[', ']'], ctx, depth);
}

function formatError(e: Error): string {
  const head = `${e.name}: ${e.message}`;
  const stack = typeof e.stack === 'string' ? e.stack : '';
  if (stack === '') return `[${head}]`;
  return stack.startsWith(e.name) || stack.startsWith(head) ? stack : `${head}\n${stack}`;
}

function formatObject(v: object, ctx: Ctx, depth: number): string {
  const name = constructorName(v);
  if (v instanceof Error) return formatError(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  if (v instanceof RegExp) return String(v);
  if (v instanceof WeakMap || v instanceof WeakSet) return `${name} { <items unknown> }`;
  if (v instanceof Promise) return 'Promise { <unknown> }';

  const isArray = Array.isArray(v);
  const isTyped = ArrayBuffer.isView(v) && !(v instanceof DataView);
  const brief = isArray ? 'Array' : name ?? 'Object';
  // Empty arrays and objects print in full even below the depth limit.
  const plain = !isArray && !isTyped && !(v instanceof Map) && !(v instanceof Set) && !(v instanceof ArrayBuffer);
  const noKeys = Object.keys(v).length === 0 && Object.getOwnPropertySymbols(v).length === 0;
  if (isArray && v.length === 0 && noKeys) return name === 'Array' ? '[]' : `${name}(0) []`;
  if (plain && noKeys) return name === null ? '[Object: null prototype] {}' : name === 'Object' ? '{}' : `${name} {}`;
  if (depth > ctx.maxDepth) return `[${brief}]`;

  if (ctx.seen.includes(v)) {
    if (!ctx.circular.has(v)) ctx.circular.set(v, ctx.circular.size + 1);
    return `[Circular *${ctx.circular.get(v)}]`;
  }
  ctx.seen.push(v);
  ctx.deepest = depth;
  try {
    let out: string;
    if (isArray) {
      out = formatList(v, v, name === 'Array' ? '' : `${name}(${v.length})`, ctx, depth, false);
    } else if (isTyped) {
      const arr = v as unknown as ArrayLike<number | bigint>;
      out = formatList(arr, v, `${name}(${arr.length})`, ctx, depth, true);
    } else if (v instanceof Map) {
      const entries = [...v].map(([k, val]) => `${child(k, ctx, depth)} => ${child(val, ctx, depth)}`);
      out = entries.length === 0 ? `${name}(0) {}` : join(entries, `${name}(${v.size})`, ['{', '}'], ctx, depth);
    } else if (v instanceof Set) {
      const entries = [...v].map((k) => child(k, ctx, depth));
      out = entries.length === 0 ? `${name}(0) {}` : join(entries, `${name}(${v.size})`, ['{', '}'], ctx, depth);
    } else if (v instanceof ArrayBuffer) {
      const bytes = [...new Uint8Array(v, 0, Math.min(v.byteLength, 50))].map((b) => b.toString(16).padStart(2, '0'));
      const more = v.byteLength > 50 ? ` ... ${v.byteLength - 50} more bytes` : '';
      out = `ArrayBuffer { [Uint8Contents]: <${bytes.join(' ')}${more}>, byteLength: ${v.byteLength} }`;
    } else {
      const prefix = name === null ? '[Object: null prototype]' : name === 'Object' ? '' : name;
      const entries = ownEntries(v, ctx, depth, () => false);
      out = entries.length === 0 ? (prefix ? `${prefix} {}` : '{}') : join(entries, prefix, ['{', '}'], ctx, depth);
    }
    const ref = ctx.circular.get(v);
    return ref === undefined ? out : `<ref *${ref}> ${out}`;
  } finally {
    ctx.seen.pop();
  }
}

function formatValue(v: unknown, ctx: Ctx, depth: number): string {
  const prim = formatPrimitive(v);
  if (prim !== undefined) return prim;
  if (typeof v === 'function') return formatFunction(v);
  const obj = v as object & { [CUSTOM]?: unknown };
  const custom = obj[CUSTOM];
  if (typeof custom === 'function') {
    const r: unknown = custom.call(obj, ctx.maxDepth - depth, {}, inspect);
    if (r !== obj) {
      // A custom result that is itself a string prints as is, indented under its parent.
      return typeof r === 'string' ? r.replaceAll('\n', `\n${' '.repeat(ctx.indent)}`) : formatValue(r, ctx, depth);
    }
  }
  return formatObject(obj, ctx, depth);
}

/** One value as Node's util.inspect shows it (default options). */
export function inspect(v: unknown, maxDepth = MAX_DEPTH): string {
  return formatValue(v, { maxDepth, indent: 0, deepest: 0, seen: [], circular: new Map() }, 0);
}

// %s prints an object through its own toString when it has one (a class's, not Object's or Error's).
function hasOwnToString(v: object): boolean {
  let proto = Object.getPrototypeOf(v) as object | null;
  while (proto && proto !== Object.prototype && proto !== Error.prototype) {
    if (Object.prototype.hasOwnProperty.call(proto, 'toString')) return true;
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return false;
}

function specifier(kind: string, v: unknown): string {
  switch (kind) {
    case 's':
      if (typeof v === 'string') return v;
      if (typeof v === 'bigint') return `${v}n`;
      if (typeof v === 'number') return formatNumber(v);
      if (typeof v === 'object' && v !== null) return hasOwnToString(v) ? String(v) : inspect(v, 0);
      return String(v);
    case 'd':
      if (typeof v === 'bigint') return `${v}n`;
      if (typeof v === 'object' && v !== null) return 'NaN';
      return formatNumber(Number(v));
    case 'i':
      if (typeof v === 'bigint') return `${v}n`;
      if (typeof v === 'object' && v !== null) return 'NaN';
      return formatNumber(Number.parseInt(String(v), 10));
    case 'f':
      return typeof v === 'symbol' ? 'NaN' : formatNumber(Number.parseFloat(String(v)));
    case 'j':
      try {
        return JSON.stringify(v) ?? 'undefined';
      } catch {
        return '[Circular]';
      }
    case 'c':
      return '';
    default:
      return inspect(v);
  }
}

/** What console.log(...args) prints: printf-style specifiers in a leading string, the rest joined by spaces. */
export function formatLog(args: readonly unknown[]): string {
  let rest = args;
  let head = '';
  if (typeof args[0] === 'string' && args.length > 1 && args[0].includes('%')) {
    let next = 1;
    head = args[0].replace(/%([sdifjoOc%])/g, (m, kind: string) => {
      if (kind === '%') return '%';
      if (next >= args.length) return m;
      return specifier(kind, args[next++]);
    });
    rest = args.slice(next);
    return [head, ...rest.map((a) => (typeof a === 'string' ? a : inspect(a)))].join(' ');
  }
  return rest.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ');
}

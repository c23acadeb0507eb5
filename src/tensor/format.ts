// PyTorch's tensor repr, reproduced exactly: the same number formatting (fixed 4 decimals, integer
// mode with a trailing '.', scientific mode), column width, line wrapping at 80 characters,
// summarisation with '...' beyond 1000 elements, and the dtype / requires_grad / grad_fn suffixes.
import { bool, getDefaultDtype, int64 } from './dtype.js';
import { Tensor, setTensorFormatter } from './tensor.js';

export const printOptions = {
  precision: 4,
  threshold: 1000,
  edgeitems: 3,
  linewidth: 80,
  sciMode: null as boolean | null,
};

/** `torch.setPrintoptions({ precision, threshold, edgeitems, linewidth, sciMode, profile })`. */
export function setPrintoptions(o: {
  precision?: number;
  threshold?: number;
  edgeitems?: number;
  linewidth?: number;
  sciMode?: boolean | null;
  profile?: 'default' | 'short' | 'full';
}): void {
  if (o.profile === 'default') Object.assign(printOptions, { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 });
  if (o.profile === 'short') Object.assign(printOptions, { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 });
  if (o.profile === 'full') Object.assign(printOptions, { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 });
  for (const k of ['precision', 'threshold', 'edgeitems', 'linewidth'] as const) {
    if (o[k] !== undefined) printOptions[k] = o[k]!;
  }
  if (o.sciMode !== undefined) printOptions.sciMode = o.sciMode;
}

/** Python's '{:.Nf}': like toFixed, but exact ties round to even (toFixed rounds them away from zero). */
export function pyFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return x !== x ? 'nan' : x > 0 ? 'inf' : '-inf';
  const a = Math.abs(x);
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  let s = a.toFixed(digits);
  // A tie needs a binary fraction of at most digits+1 bits, whose decimal expansion is then exact.
  if (a < 1e21 && Number.isInteger(a * 2 ** (digits + 1))) {
    const longer = a.toFixed(digits + 1);
    if (longer.endsWith('5')) {
      let truncated = longer.slice(0, -1);
      if (truncated.endsWith('.')) truncated = truncated.slice(0, -1);
      if (Number(truncated[truncated.length - 1]) % 2 === 0) s = truncated;
    }
  }
  return sign + s;
}

/** Python's '{:.Ne}': mantissa with N decimals, exponent with a sign and at least two digits. */
export function pySci(x: number, digits: number): string {
  if (!Number.isFinite(x)) return x !== x ? 'nan' : x > 0 ? 'inf' : '-inf';
  const s = x.toExponential(digits);
  const [m, e] = s.split('e');
  const sign = e[0] === '-' ? '-' : '+';
  const digitsE = e.replace(/^[+-]/, '');
  return `${m}e${sign}${digitsE.padStart(2, '0')}`;
}

function pyRepr(x: number): string {
  // Python's str() of an int.
  return String(x);
}

class Formatter {
  floating: boolean;
  intMode = true;
  sciMode = false;
  maxWidth = 1;
  isBool: boolean;

  constructor(values: ArrayLike<number>, floating: boolean, isBool: boolean) {
    this.floating = floating;
    this.isBool = isBool;
    const p = printOptions.precision;
    if (!floating) {
      for (let i = 0; i < values.length; i++) {
        this.maxWidth = Math.max(this.maxWidth, this.intStr(values[i]).length);
      }
      return;
    }
    const finite: number[] = [];
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (Number.isFinite(v) && v !== 0) finite.push(v);
    }
    if (finite.length === 0) return;
    let min = Infinity;
    let max = 0;
    for (const v of finite) {
      const a = Math.abs(v);
      if (a < min) min = a;
      if (a > max) max = a;
    }
    for (const v of finite) {
      if (v !== Math.ceil(v)) {
        this.intMode = false;
        break;
      }
    }
    if (this.intMode) {
      if (max / min > 1000 || max > 1e8) {
        this.sciMode = true;
        for (const v of finite) this.maxWidth = Math.max(this.maxWidth, pySci(v, p).length);
      } else {
        for (const v of finite) this.maxWidth = Math.max(this.maxWidth, pyFixed(v, 0).length + 1);
      }
    } else if (max / min > 1000 || max > 1e8 || min < 1e-4) {
      this.sciMode = true;
      for (const v of finite) this.maxWidth = Math.max(this.maxWidth, pySci(v, p).length);
    } else {
      for (const v of finite) this.maxWidth = Math.max(this.maxWidth, pyFixed(v, p).length);
    }
    if (printOptions.sciMode !== null) this.sciMode = printOptions.sciMode;
  }

  intStr(v: number): string {
    return this.isBool ? (v !== 0 ? 'True' : 'False') : pyRepr(v);
  }

  format(v: number): string {
    let s: string;
    if (this.floating) {
      if (this.sciMode) s = pySci(v, printOptions.precision);
      else if (this.intMode) {
        s = pyFixed(v, 0);
        if (Number.isFinite(v)) s += '.';
      } else s = pyFixed(v, printOptions.precision);
    } else s = this.intStr(v);
    return s.length < this.maxWidth ? ' '.repeat(this.maxWidth - s.length) + s : s;
  }
}

/** The elements the formatter sizes its columns by: all of them, or the edges when summarising. */
function summarizedValues(t: Tensor, summarize: boolean): number[] {
  const out: number[] = [];
  const e = printOptions.edgeitems;
  const walk = (x: Tensor): void => {
    if (x.dim() === 0) {
      out.push(x._data[x._offset]);
      return;
    }
    const n = x._shape[0];
    const idx = summarize && n > 2 * e ? [...range(0, e), ...range(n - e, n)] : range(0, n);
    if (x.dim() === 1) {
      for (const i of idx) out.push(x._data[x._offset + i * x._strides[0]]);
      return;
    }
    for (const i of idx) walk(subTensor(x, i));
  };
  walk(t);
  return out;
}

function range(a: number, b: number): number[] {
  const r: number[] = [];
  for (let i = a; i < b; i++) r.push(i);
  return r;
}

/** x[i] without autograd or view bookkeeping: printing must not touch the graph. */
function subTensor(x: Tensor, i: number): Tensor {
  return new Tensor(x._data, x._shape.slice(1), x.dtype, x._strides.slice(1), x._offset + i * x._strides[0]);
}

function vectorStr(x: Tensor, indent: number, summarize: boolean, f: Formatter): string {
  const elementLength = f.maxWidth + 2;
  const perLine = Math.max(1, Math.floor((printOptions.linewidth - indent) / elementLength));
  const n = x._shape[0];
  const e = printOptions.edgeitems;
  const at = (i: number): string => f.format(x._data[x._offset + i * x._strides[0]]);
  let data: string[];
  if (summarize && n > 2 * e) data = [...range(0, e).map(at), ' ...', ...range(n - e, n).map(at)];
  else data = range(0, n).map(at);
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(', '));
  return '[' + lines.join(',\n' + ' '.repeat(indent + 1)) + ']';
}

function tensorStr(x: Tensor, indent: number, summarize: boolean, f: Formatter): string {
  const dim = x.dim();
  if (dim === 0) return f.format(x._data[x._offset]);
  if (dim === 1) return vectorStr(x, indent, summarize, f);
  const n = x._shape[0];
  const e = printOptions.edgeitems;
  let slices: string[];
  if (summarize && n > 2 * e) {
    slices = [
      ...range(0, e).map((i) => tensorStr(subTensor(x, i), indent + 1, summarize, f)),
      '...',
      ...range(n - e, n).map((i) => tensorStr(subTensor(x, i), indent + 1, summarize, f)),
    ];
  } else slices = range(0, n).map((i) => tensorStr(subTensor(x, i), indent + 1, summarize, f));
  return '[' + slices.join(',' + '\n'.repeat(dim - 1) + ' '.repeat(indent + 1)) + ']';
}

function addSuffixes(body: string, suffixes: string[], indent: number): string {
  const parts = [body];
  let lastLineLen = body.length - body.lastIndexOf('\n') + 1;
  for (const s of suffixes) {
    if (lastLineLen + s.length + 2 > printOptions.linewidth) {
      parts.push(',\n' + ' '.repeat(indent) + s);
      lastLineLen = indent + s.length;
    } else {
      parts.push(', ' + s);
      lastLineLen += s.length + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}

/** The body between `tensor(` and the suffixes, also used by Parameter's repr. */
export function formatTensor(t: Tensor, prefix = 'tensor('): string {
  t._refreshHistory();
  const indent = prefix.length;
  const suffixes: string[] = [];
  const hasDefaultDtype = t.dtype === getDefaultDtype() || t.dtype === int64 || t.dtype === bool;
  let body: string;
  if (t.numel() === 0) {
    if (t.dim() !== 1) suffixes.push(`size=(${t._shape.join(', ')}${t._shape.length === 1 ? ',' : ''})`);
    if (t.dtype !== getDefaultDtype()) suffixes.push(`dtype=${t.dtype}`);
    body = '[]';
  } else {
    if (!hasDefaultDtype) suffixes.push(`dtype=${t.dtype}`);
    const summarize = t.numel() > printOptions.threshold;
    const f = new Formatter(summarizedValues(t, summarize), t.dtype.isFloatingPoint, t.dtype === bool);
    body = tensorStr(t, indent, summarize, f);
  }
  if (t.gradFn !== null) suffixes.push(`grad_fn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) suffixes.push('requires_grad=True');
  return addSuffixes(prefix + body, suffixes, indent);
}

setTensorFormatter((t) => (t._isParameter ? 'Parameter containing:\n' + formatTensor(t) : formatTensor(t)));

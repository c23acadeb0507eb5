/**
 * `CSVDataset`: a table of numbers from CSV text, as a TensorDataset of a features tensor
 * [N, F] and, when target columns are chosen, a targets tensor: [N] for one target column
 * named on its own (`targetColumns: 'price'`), [N, K] for a list (`targetColumns: ['x', 'y']`),
 * like `df['price']` and `df[['x', 'y']]`. Samples are `[features]` or `[features, target]`.
 *
 * The parser follows RFC 4180: fields split on the delimiter, double-quoted fields may contain
 * delimiters, newlines and doubled quotes; CRLF or LF line ends; blank lines are skipped.
 * Every data row must have the header's number of fields and every used field must be a
 * number (or nan/inf); anything else is an error naming the line and the column.
 */
import { Tensor } from '../../tensor/tensor.js';
import { getDefaultDtype, toDType, type DType, type TypedArray } from '../../tensor/dtype.js';
import { TensorDataset } from './tensor_dataset.js';
import { readFileBytes } from './read_file.js';

export type ColumnRef = string | number;

export interface CSVDatasetOptions {
  /** Columns that form the target: one name/index (targets [N]) or a list (targets [N, K]). Default: none. */
  targetColumns?: ColumnRef | ColumnRef[];
  /** Columns that form the features. Default: every column that is not a target. */
  featureColumns?: ColumnRef[];
  /** The first row names the columns. Default true; without a header columns are named '0', '1', ... */
  header?: boolean;
  /** Field separator, one character. Default ','. */
  delimiter?: string;
  /** dtype of the features. Default: the default dtype (float32). */
  dtype?: DType | string;
  /** dtype of the targets (e.g. 'int64' for class labels). Default: the features' dtype. */
  targetDtype?: DType | string;
  /** Value that empty fields take; without it an empty field is an error. */
  naValue?: number;
}

/** A malformed CSV input, with the 1-based line it was found on. */
export class CSVParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CSVParseError';
  }
}

export class CSVDataset extends TensorDataset<Tensor[]> {
  /** Every column's name, in file order. */
  readonly columns: string[];
  readonly featureNames: string[];
  readonly targetNames: string[];

  constructor(text: string, options: CSVDatasetOptions = {}) {
    const parsed = parseTable(text, options);
    super(...parsed.tensors);
    this.columns = parsed.columns;
    this.featureNames = parsed.featureNames;
    this.targetNames = parsed.targetNames;
  }

  /** Reads a CSV file (Node). */
  static async fromFile(path: string | URL, options: CSVDatasetOptions = {}): Promise<CSVDataset> {
    const bytes = await readFileBytes(path);
    return new CSVDataset(new TextDecoder('utf-8').decode(bytes), options);
  }
}

interface ParsedTable {
  tensors: Tensor[];
  columns: string[];
  featureNames: string[];
  targetNames: string[];
}

function parseTable(text: string, options: CSVDatasetOptions): ParsedTable {
  if (typeof text !== 'string') throw new TypeError(`CSVDataset expects the CSV text as a string, but got ${typeof text}`);
  const delimiter = options.delimiter ?? ',';
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new RangeError(`CSV delimiter must be a single character other than a quote or a line break, but got ${JSON.stringify(delimiter)}`);
  }
  const hasHeader = options.header ?? true;
  const rows = splitRecords(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, delimiter);
  if (rows.length === 0) throw new CSVParseError('CSV input is empty', 1);
  const width = rows[0]!.fields.length;
  const columns = hasHeader ? rows[0]!.fields.map((f) => f.trim()) : Array.from({ length: width }, (_, i) => String(i));
  const dataRows = hasHeader ? rows.slice(1) : rows;
  if (dataRows.length === 0) throw new CSVParseError('CSV input has a header but no data rows', rows[0]!.line + 1);

  const single = options.targetColumns !== undefined && !Array.isArray(options.targetColumns);
  const targetRefs = options.targetColumns === undefined ? [] : Array.isArray(options.targetColumns) ? options.targetColumns : [options.targetColumns];
  const targets = targetRefs.map((r) => resolveColumn(r, columns, hasHeader));
  targets.forEach((c, i) => {
    if (targets.indexOf(c) !== i) throw new RangeError(`CSV target column '${columns[c]}' is listed twice`);
  });
  const features = options.featureColumns !== undefined
    ? options.featureColumns.map((r) => resolveColumn(r, columns, hasHeader))
    : columns.map((_, i) => i).filter((i) => !targets.includes(i));
  for (const c of features) {
    if (targets.includes(c)) throw new RangeError(`CSV column '${columns[c]}' cannot be both a feature and a target`);
  }
  if (features.length === 0 && targets.length === 0) throw new RangeError('CSVDataset: no columns selected');

  const featureDtype = options.dtype !== undefined ? toDType(options.dtype) : getDefaultDtype();
  const targetDtype = options.targetDtype !== undefined ? toDType(options.targetDtype) : featureDtype;
  const n = dataRows.length;
  const featureData = new (featureDtype.ArrayType)(n * features.length) as TypedArray;
  const targetData = new (targetDtype.ArrayType)(n * targets.length) as TypedArray;
  const naValue = options.naValue;

  dataRows.forEach((row, r) => {
    if (row.fields.length !== width) {
      throw new CSVParseError(
        `CSV line ${row.line}: expected ${width} fields${hasHeader ? ' (as in the header)' : ' (as in the first row)'} but found ${row.fields.length}`,
        row.line,
      );
    }
    const read = (c: number): number => parseNumber(row.fields[c]!, row.line, columns[c]!, naValue);
    for (let k = 0; k < features.length; k++) featureData[r * features.length + k] = castTo(read(features[k]!), featureDtype, row.line, columns[features[k]!]!);
    for (let k = 0; k < targets.length; k++) targetData[r * targets.length + k] = castTo(read(targets[k]!), targetDtype, row.line, columns[targets[k]!]!);
  });

  const tensors: Tensor[] = [];
  if (features.length > 0) tensors.push(new Tensor(featureData, [n, features.length], featureDtype));
  if (targets.length > 0) tensors.push(new Tensor(targetData, single ? [n] : [n, targets.length], targetDtype));
  return {
    tensors,
    columns,
    featureNames: features.map((c) => columns[c]!),
    targetNames: targets.map((c) => columns[c]!),
  };
}

function resolveColumn(ref: ColumnRef, columns: string[], hasHeader: boolean): number {
  if (typeof ref === 'number') {
    if (!Number.isInteger(ref) || ref < -columns.length || ref >= columns.length) {
      throw new RangeError(`CSV column index ${ref} is out of range for ${columns.length} columns`);
    }
    return ref < 0 ? ref + columns.length : ref;
  }
  if (typeof ref !== 'string') throw new TypeError(`a CSV column is named by a string or an index, but got ${typeof ref}`);
  const first = columns.indexOf(ref);
  if (first < 0) {
    const hint = hasHeader ? `; columns are: ${columns.join(', ')}` : ' (the CSV has no header: name columns by index)';
    throw new RangeError(`CSV column '${ref}' not found${hint}`);
  }
  if (columns.indexOf(ref, first + 1) >= 0) throw new RangeError(`CSV column name '${ref}' is ambiguous: the header has it more than once`);
  return first;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseNumber(field: string, line: number, column: string, naValue: number | undefined): number {
  const s = field.trim();
  if (s === '') {
    if (naValue !== undefined) return naValue;
    throw new CSVParseError(`CSV line ${line}, column '${column}': empty value (pass naValue to fill empty fields)`, line);
  }
  if (NUMBER.test(s)) return Number(s);
  const lower = s.toLowerCase();
  if (lower === 'nan' || lower === '+nan' || lower === '-nan') return NaN;
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  throw new CSVParseError(`CSV line ${line}, column '${column}': cannot parse '${field}' as a number`, line);
}

function castTo(v: number, dtype: DType, line: number, column: string): number {
  if (dtype.isFloatingPoint) return v;
  if (!Number.isInteger(v)) {
    throw new CSVParseError(`CSV line ${line}, column '${column}': ${v} is not a whole number, as dtype ${dtype} needs`, line);
  }
  return v;
}

interface RawRecord {
  fields: string[];
  /** 1-based line on which the record starts. */
  line: number;
}

/** RFC 4180 records; blank lines are dropped. */
function splitRecords(text: string, delimiter: string): RawRecord[] {
  const records: RawRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let atFieldStart = true;
  const endRecord = (): void => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0]!.trim() === '')) records.push({ fields, line: recordLine });
    fields = [];
    field = '';
    atFieldStart = true;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (atFieldStart && ch === '"') {
      const quoteLine = line;
      i++;
      let closed = false;
      while (i < text.length) {
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        if (c === '\n') line++;
        field += c;
        i++;
      }
      if (!closed) throw new CSVParseError(`CSV line ${quoteLine}: unterminated quoted field`, quoteLine);
      atFieldStart = false;
      const next = text[i];
      if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') {
        throw new CSVParseError(`CSV line ${line}: unexpected character '${next}' after a closing quote`, line);
      }
      continue;
    }
    if (ch === delimiter) {
      fields.push(field);
      field = '';
      atFieldStart = true;
      i++;
    } else if (ch === '\n' || ch === '\r') {
      endRecord();
      if (ch === '\r' && text[i + 1] === '\n') i++;
      i++;
      line++;
      recordLine = line;
    } else {
      field += ch;
      atFieldStart = false;
      i++;
    }
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

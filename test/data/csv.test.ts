// CSVDataset: header handling, chosen target columns, quoting, dtypes and malformed input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as torch from '../../src/index.js';

const { CSVDataset, CSVParseError, DataLoader } = torch.utils.data;

const HOUSES = 'area,rooms,age,price\n50,2,10,150.5\n80,3,5,260\n120,4,30,310.25\n';

test('features and a single target column', () => {
  const ds = new CSVDataset(HOUSES, { targetColumns: 'price' });
  assert.equal(ds.length, 3);
  assert.deepEqual(ds.columns, ['area', 'rooms', 'age', 'price']);
  assert.deepEqual(ds.featureNames, ['area', 'rooms', 'age']);
  assert.deepEqual(ds.targetNames, ['price']);
  const [x, y] = ds.getItem(1);
  assert.deepEqual(x!.toArray(), [80, 3, 5]);
  assert.equal(x!.dtype, torch.float32);
  assert.deepEqual(y!.shape, []);
  assert.equal(y!.item(), 260);
  const [[bx, by]] = new DataLoader(ds, { batchSize: 3 });
  assert.deepEqual(bx!.shape, [3, 3]);
  assert.deepEqual(by!.toArray(), [150.5, 260, 310.25]);
});

test('a list of target columns, chosen features, indices and dtypes', () => {
  const ds = new CSVDataset(HOUSES, { targetColumns: ['price', 0], featureColumns: ['age'], dtype: 'float64', targetDtype: torch.float64 });
  const [x, y] = ds.getItem(2);
  assert.deepEqual(x!.toArray(), [30]);
  assert.deepEqual(y!.toArray(), [310.25, 120]);
  assert.equal(y!.dtype, torch.float64);
  const labels = new CSVDataset('a,label\n0.5,1\n0.25,0\n', { targetColumns: 'label', targetDtype: 'int64' });
  assert.equal(labels.getItem(0)[1]!.dtype, torch.int64);
  const only = new CSVDataset(HOUSES);
  assert.equal(only.getItem(0).length, 1);
  assert.deepEqual(only.getItem(0)[0]!.toArray(), [50, 2, 10, 150.5]);
});

test('no header, quoting, CRLF, blank lines, BOM, nan and inf', () => {
  const text = '\uFEFF1,"2",3\r\n\r\n"4",5,"6"\r\n7,-inf,NaN\n\n';
  const ds = new CSVDataset(text, { header: false, targetColumns: -1, dtype: 'float64' });
  assert.deepEqual(ds.columns, ['0', '1', '2']);
  assert.equal(ds.length, 3);
  assert.deepEqual(ds.getItem(2)[0]!.toArray(), [7, -Infinity]);
  assert.ok(Number.isNaN(ds.getItem(2)[1]!.item()));
  const semi = new CSVDataset('x;"y ""quoted"""\n1;2\n', { delimiter: ';', targetColumns: 'y "quoted"' });
  assert.equal(semi.getItem(0)[1]!.item(), 2);
  const filled = new CSVDataset('a,b\n1,\n,4\n', { naValue: -1 });
  assert.deepEqual([...filled].map(([t]) => t!.toArray()), [[1, -1], [-1, 4]]);
});

test('malformed rows are errors that name the line and column', () => {
  assert.throws(() => new CSVDataset('a,b\n1,2\n3\n'), (e: Error) => {
    assert.ok(e instanceof CSVParseError);
    assert.equal(e.message, 'CSV line 3: expected 2 fields (as in the header) but found 1');
    assert.equal((e as InstanceType<typeof CSVParseError>).line, 3);
    return true;
  });
  assert.throws(() => new CSVDataset('a,b\n1,2\n3,abc\n'), { message: "CSV line 3, column 'b': cannot parse 'abc' as a number" });
  assert.throws(() => new CSVDataset('a,b\n1,\n'), /CSV line 2, column 'b': empty value/);
  assert.throws(() => new CSVDataset('a,b\n1,"2\n'), { message: 'CSV line 2: unterminated quoted field' });
  assert.throws(() => new CSVDataset('a,b\n"1"x,2\n'), /unexpected character 'x' after a closing quote/);
  assert.throws(() => new CSVDataset('a,b\n1,2.5\n', { targetColumns: 'b', targetDtype: 'int64' }), /2.5 is not a whole number/);
  assert.throws(() => new CSVDataset(''), { message: 'CSV input is empty' });
  assert.throws(() => new CSVDataset('a,b\n'), /has a header but no data rows/);
});

test('bad column choices are refused', () => {
  assert.throws(() => new CSVDataset(HOUSES, { targetColumns: 'cost' }), { message: "CSV column 'cost' not found; columns are: area, rooms, age, price" });
  assert.throws(() => new CSVDataset(HOUSES, { targetColumns: 7 }), { message: 'CSV column index 7 is out of range for 4 columns' });
  assert.throws(() => new CSVDataset('a,a\n1,2\n', { targetColumns: 'a' }), /ambiguous/);
  assert.throws(() => new CSVDataset(HOUSES, { targetColumns: 'age', featureColumns: ['age'] }), /both a feature and a target/);
  assert.throws(() => new CSVDataset(HOUSES, { targetColumns: ['age', 'age'] }), /listed twice/);
  assert.throws(() => new CSVDataset(HOUSES, { delimiter: '""' }), /delimiter must be a single character/);
});

test('fromFile reads a CSV file from disk', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'torchlet-csv-'));
  const path = join(dir, 'houses.csv');
  writeFileSync(path, HOUSES);
  const ds = await CSVDataset.fromFile(path, { targetColumns: 'price' });
  assert.equal(ds.length, 3);
  await assert.rejects(CSVDataset.fromFile(join(dir, 'missing.csv')), /ENOENT/);
});

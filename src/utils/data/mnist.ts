/**
 * `MNIST`: the handwritten digits from their IDX files (torchvision.datasets.MNIST's data).
 *
 * `data` holds the images as uint8 [N, 28, 28] and `targets` the labels as int64 [N], as in
 * torchvision. A sample is `[image, label]`: by default the image is what
 * `transforms.ToTensor()` makes of it, float32 [1, 28, 28] scaled to [0, 1]; a `transform`
 * receives the uint8 [28, 28] image instead. Labels are plain numbers, which the default
 * collate turns into an int64 batch, as torchvision's Python ints are.
 */
import { Tensor } from '../../tensor/tensor.js';
import { float32, int64, uint8 } from '../../tensor/dtype.js';
import { select } from '../../ops/view.js';
import { Dataset } from './dataset.js';
import { readIdx } from './idx.js';
import { readFileBytes } from './read_file.js';
import { batchFastPath } from './batch_fast_path.js';
import { gatherRows } from './tensor_dataset.js';
import { BUILTIN_WORKER_MODULE, shareTensor } from './worker_spec_helpers.js';
import type { WorkerDatasetSpec } from './worker_spec.js';

export interface MNISTOptions<X> {
  /** Applied to each uint8 [28, 28] image; the default scales it to float32 [1, 28, 28] in [0, 1]. */
  transform?: (image: Tensor) => X;
}

const IMAGES_MAGIC = 0x00000803;
const LABELS_MAGIC = 0x00000801;

export class MNIST<X = Tensor> extends Dataset<[X, number]> {
  /** Images, uint8 [N, rows, cols]. */
  readonly data: Tensor;
  /** Labels, int64 [N]. */
  readonly targets: Tensor;
  readonly transform: ((image: Tensor) => X) | null;

  constructor(data: Tensor, targets: Tensor, options: MNISTOptions<X> = {}) {
    super();
    if (!(data instanceof Tensor) || data.dim() !== 3) {
      throw new RangeError(`MNIST images must be a 3-D tensor [N, rows, cols], but got ${describeShape(data)}`);
    }
    if (!(targets instanceof Tensor) || targets.dim() !== 1) {
      throw new RangeError(`MNIST labels must be a 1-D tensor [N], but got ${describeShape(targets)}`);
    }
    if (data.size(0) !== targets.size(0)) {
      throw new RangeError(`MNIST: ${data.size(0)} images but ${targets.size(0)} labels`);
    }
    this.data = data.dtype === uint8 ? data : data.to(uint8);
    this.targets = targets.dtype === int64 ? targets : targets.to(int64);
    this.transform = options.transform ?? null;
  }

  /** From the bytes of an images file and a labels file (each gzipped or not). */
  static fromBytes<X = Tensor>(images: Uint8Array, labels: Uint8Array, options?: MNISTOptions<X>): MNIST<X> {
    const img = readIdx(images, 'MNIST images file');
    const magicOfImages = (img.typeCode << 8) | img.tensor.dim();
    if (magicOfImages !== IMAGES_MAGIC) {
      throw new Error(
        `MNIST images file has magic number ${hex(magicOfImages)}, expected ${hex(IMAGES_MAGIC)} (3-D unsigned bytes, images-idx3-ubyte)`,
      );
    }
    const lab = readIdx(labels, 'MNIST labels file');
    const magicOfLabels = (lab.typeCode << 8) | lab.tensor.dim();
    if (magicOfLabels !== LABELS_MAGIC) {
      throw new Error(
        `MNIST labels file has magic number ${hex(magicOfLabels)}, expected ${hex(LABELS_MAGIC)} (1-D unsigned bytes, labels-idx1-ubyte)`,
      );
    }
    return new MNIST<X>(img.tensor, lab.tensor, options);
  }

  /** From an images file and a labels file on disk (Node). */
  static async fromFiles<X = Tensor>(imagesPath: string | URL, labelsPath: string | URL, options?: MNISTOptions<X>): Promise<MNIST<X>> {
    const [images, labels] = await Promise.all([readFileBytes(imagesPath), readFileBytes(labelsPath)]);
    return MNIST.fromBytes<X>(images, labels, options);
  }

  get length(): number {
    return this.data.size(0);
  }

  getItem(index: number): [X, number] {
    const image = select(this.data, 0, index);
    const label = select(this.targets, 0, index).item();
    if (this.transform !== null) return [this.transform(image), label];
    return [toUnitFloat(image, [1, ...image._shape]) as X, label];
  }

  /** Default transform and collate: the images are scaled in one pass over the gathered rows. */
  [batchFastPath](indices: readonly number[]): [Tensor, Tensor] | undefined {
    if (this.transform !== null || this.getItem !== MNIST.prototype.getItem) return undefined;
    const n = this.length;
    const rows = indices.map((i) => {
      if (!Number.isInteger(i) || i < -n || i >= n) throw new RangeError(`index ${i} is out of bounds for dimension 0 with size ${n}`);
      return i < 0 ? i + n : i;
    });
    const raw = gatherRows(this.data, rows);
    return [toUnitFloat(raw, [rows.length, 1, ...this.data._shape.slice(1)]), gatherRows(this.targets, rows)];
  }

  /** Rebuilt in a worker thread from shared copies of the images and labels (default transform only). */
  workerSpec(): WorkerDatasetSpec {
    if (this.transform !== null) {
      throw new TypeError('an MNIST dataset with a transform cannot be rebuilt in a worker thread: pass the DataLoader a workerModule');
    }
    return { module: BUILTIN_WORKER_MODULE, exportName: 'mnist', args: { data: shareTensor(this.data), targets: shareTensor(this.targets) } };
  }
}

/** uint8 -> float32 / 255, as `transforms.ToTensor()` (float32 division, which fround of the double quotient matches). */
function toUnitFloat(t: Tensor, shape: number[]): Tensor {
  const v = t._values();
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! / 255;
  return new Tensor(out, shape, float32);
}

function hex(v: number): string {
  return `0x${(v >>> 0).toString(16).padStart(8, '0')}`;
}

function describeShape(t: unknown): string {
  return t instanceof Tensor ? `shape [${t.shape.join(', ')}]` : typeof t;
}

// The playground's sections: the seed programs in examples/, one page each, in their order.

const sources = import.meta.glob('../../examples/*.ts', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface Section {
  /** The URL fragment: 'regression' for examples/03-regression.ts. */
  slug: string;
  /** The file name the program has in error messages and stacks. */
  filename: string;
  title: string;
  summary: string;
  source: string;
}

const TITLES: Record<string, string> = {
  'tensor-basics': 'Tensor basics',
  activation: 'Activation functions',
  regression: 'Regression',
  'quick-build': 'Quick build',
  'save-reload': 'Save and reload',
  'batch-train': 'Batch training',
  optimizers: 'Optimizers',
  classification: 'Classification',
  cnn: 'Convolutional network',
};

// The program's opening comment, without the seed's section number.
function summaryOf(source: string): string {
  const first = /^\/\/\s*(.*)$/m.exec(source)?.[1] ?? '';
  const text = first.replace(/^Seed sections?\s+[^:]*:\s*/, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const SECTIONS: readonly Section[] = Object.entries(sources)
  .map(([path, source]) => {
    const filename = path.slice(path.lastIndexOf('/') + 1);
    const slug = filename.replace(/^\d+-/, '').replace(/\.ts$/, '');
    return { slug, filename, title: TITLES[slug] ?? slug, summary: summaryOf(source), source };
  })
  .sort((a, b) => a.filename.localeCompare(b.filename));

// The playground is a static site: `npm run playground` serves it, `npm run build:playground` writes
// it to dist-playground/. 'torchlet' and 'torchlet/plot' resolve to the library's sources.
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

// The backend names its Node addon with new URL('...node', import.meta.url) for Node's sake; a
// bundler would copy that binary into the site. Browsers never load it, so the site points it nowhere.
const noNativeAddon: Plugin = {
  name: 'torchlet-no-native-addon',
  enforce: 'pre',
  transform(code, id) {
    if (!id.endsWith('/src/backend/native.ts')) return null;
    return code.replace(/new URL\((['"])[^'"]*\.node\1,\s*import\.meta\.url\)/g, "new URL('about:blank')");
  },
};

// Class names stay: a module prints as Linear(...) only if its class is still called Linear.
const minify = { mangle: { keepNames: true }, compress: { keepNames: { function: true, class: true } } };

const here = fileURLToPath(new URL('.', import.meta.url));
const src = fileURLToPath(new URL('../src/', import.meta.url));

export default defineConfig({
  root: here,
  // Relative asset URLs: the built folder works from any path on any static host.
  base: './',
  plugins: [noNativeAddon],
  resolve: {
    alias: [
      { find: /^torchlet\/plot$/, replacement: `${src}plot/index.ts` },
      { find: /^torchlet$/, replacement: `${src}index.ts` },
    ],
  },
  // Module workers: the library splits Node-only code into chunks loaded on demand.
  worker: { format: 'es', plugins: () => [noNativeAddon], rolldownOptions: { output: { keepNames: true, minify } } },
  build: {
    outDir: fileURLToPath(new URL('../dist-playground/', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: { output: { keepNames: true, minify } },
    // Vega is most of the worker's size; it is one chunk on purpose.
    chunkSizeWarningLimit: 2500,
  },
  // The worker's packages are bundled for the dev server up front: found only when the first program
  // runs, they would make the dev server reload the page.
  optimizeDeps: { include: ['sucrase', 'vega', 'd3-color', 'fflate'] },
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
});

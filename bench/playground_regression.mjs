// The playground's regression section measured in headless Chromium, as a user meets it:
//   - the 200 training steps (program start to its final `Loss=` line, live chart updates included;
//     target under 2 s), and the whole program (with the saved animation);
//   - how long a click waits for its handler while the program trains (target under 100 ms): the
//     page's main thread only draws the chart, the training runs in a worker.
// Usage: node bench/playground_regression.mjs [--runs N] [--dist built-playground-folder] [--json]
// Needs Chromium (/usr/bin/chromium or CHROMIUM_PATH) and playwright-core; never run by the tests.
import { register } from 'tsx/esm/api';

register();
const harness = await import('../test/browser/harness.ts');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const RUNS = Number(option('--runs', 5));
const CLICK_EVERY_MS = 40;

const skip = harness.browserSkipReason();
if (skip) {
  console.error(skip.replace('browser tests skipped', 'cannot run the playground benchmark'));
  process.exit(1);
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

const dist = option('--dist', null) ?? (await harness.buildPlayground());
const server = await harness.serveStatic(dist);
const browser = await harness.launchChromium();
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
await page.goto(`${server.url}#regression`);
await page.waitForSelector('#code');

// Every click on the output panel records how long it waited: from the input event's time stamp to
// its handler running. Long main-thread tasks are recorded too.
await page.evaluate(() => {
  const w = window;
  w.clickWaits = [];
  w.longTasks = [];
  document.getElementById('output').addEventListener('click', (e) => {
    if (document.body.dataset.status === 'running') w.clickWaits.push(performance.now() - e.timeStamp);
  });
  new PerformanceObserver((list) => {
    for (const t of list.getEntries()) if (document.body.dataset.status === 'running') w.longTasks.push(t.duration);
  }).observe({ type: 'longtask', buffered: false });
});
const box = await page.locator('#output').boundingBox();

const steps = [];
const programs = [];
const walls = [];
const roundTrips = [];
for (let r = 0; r < RUNS; r++) {
  // Let the next run's worker start and warm up, as it does while a user reads the page.
  await page.waitForTimeout(1500);
  await page.click('#run');
  while ((await page.getAttribute('body', 'data-status')) === 'running') {
    const t0 = performance.now();
    await page.mouse.click(box.x + box.width / 2, box.y + 10);
    roundTrips.push(performance.now() - t0);
    await page.waitForTimeout(CLICK_EVERY_MS);
  }
  const status = await page.getAttribute('body', 'data-status');
  if (status !== 'done') throw new Error(`run ${r + 1} ended with status ${status}: ${await page.textContent('#output')}`);
  const timeline = await page.evaluate(() => window.playground.timeline);
  const lossLine = timeline.find((e) => e.type === 'print' && /^Loss=/.test(e.text));
  steps.push(lossLine.at);
  programs.push(Number(await page.getAttribute('#status', 'data-ms')));
  walls.push(Number(await page.getAttribute('#status', 'data-wall-ms')));
}
const clickWaits = await page.evaluate(() => window.clickWaits);
const longTasks = await page.evaluate(() => window.longTasks);
await browser.close();
await server.close();

const result = {
  runs: RUNS,
  steps200Ms: { median: median(steps), max: Math.max(...steps), targetMs: 2000 },
  programMs: { median: median(programs), max: Math.max(...programs) },
  runClickToDoneMs: { median: median(walls), max: Math.max(...walls) },
  clickHandlerWaitMs: {
    clicks: clickWaits.length,
    median: clickWaits.length ? median(clickWaits) : null,
    p95: clickWaits.length ? percentile(clickWaits, 95) : null,
    max: clickWaits.length ? Math.max(...clickWaits) : null,
    targetMs: 100,
  },
  clickRoundTripMs: { median: median(roundTrips), max: Math.max(...roundTrips) },
  longestMainThreadTaskMs: longTasks.length ? Math.max(...longTasks) : 0,
};

if (args.includes('--json')) {
  console.log(JSON.stringify(result));
} else {
  const f = (v) => (v === null ? '-' : v.toFixed(1));
  console.log(`playground regression section, ${RUNS} runs in headless Chromium`);
  console.log(`  200 training steps (start to final Loss line): median ${f(result.steps200Ms.median)} ms, max ${f(result.steps200Ms.max)} ms (target < 2000)`);
  console.log(`  whole program (with saved animation):          median ${f(result.programMs.median)} ms, max ${f(result.programMs.max)} ms`);
  console.log(`  Run click to done, page-side:                  median ${f(result.runClickToDoneMs.median)} ms`);
  const c = result.clickHandlerWaitMs;
  console.log(`  click -> handler while training (${c.clicks} clicks):  median ${f(c.median)} ms, p95 ${f(c.p95)} ms, max ${f(c.max)} ms (target < 100)`);
  console.log(`  longest main-thread task while training:       ${f(result.longestMainThreadTaskMs)} ms`);
}

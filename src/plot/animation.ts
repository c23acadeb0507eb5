// A self-contained HTML page that plays pre-rendered SVG frames: no script or style is fetched,
// so it opens offline and from a file:// URL.

export interface AnimationOptions {
  /** Frames per second while playing (default 10, the pace of plt.pause(0.1)). */
  fps?: number;
  /** Start again after the last frame (default true). */
  loop?: boolean;
  /** Page title (default: the figure title, or 'torchlet figure'). */
  title?: string;
}

function escapeHTML(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// Inline SVGs share one id space; Vega numbers its clip paths per render, so frames would point
// at each other's clips. Each frame gets its own prefix.
function isolateIds(svg: string, frame: number): string {
  const prefix = (tag: string) =>
    tag.replace(/(\bid="|url\(#|href="#)([^")]+)/g, (_, lead: string, id: string) => `${lead}f${frame}-${id}`);
  // Only inside tags: a text label that happens to read id="..." stays as written.
  return svg.replace(/<[^>]+>/g, prefix);
}

const PLAYER = `(() => {
  const frames = document.querySelectorAll('#frames > .frame');
  const button = document.getElementById('play');
  const slider = document.getElementById('slider');
  const counter = document.getElementById('counter');
  const config = document.getElementById('player').dataset;
  const fps = Number(config.fps);
  const loop = config.loop === 'true';
  let current = 0;
  let timer = null;
  function show(i) {
    frames[current].hidden = true;
    current = i;
    frames[current].hidden = false;
    slider.value = String(current);
    counter.textContent = (current + 1) + ' / ' + frames.length;
  }
  function pause() {
    if (timer !== null) clearInterval(timer);
    timer = null;
    button.textContent = 'Play';
  }
  function step() {
    if (current + 1 < frames.length) show(current + 1);
    else if (loop) show(0);
    else pause();
  }
  function play() {
    if (timer !== null) return;
    if (!loop && current === frames.length - 1) show(0);
    timer = setInterval(step, 1000 / fps);
    button.textContent = 'Pause';
  }
  button.addEventListener('click', () => (timer === null ? play() : pause()));
  slider.addEventListener('input', () => {
    pause();
    show(Number(slider.value));
  });
  document.addEventListener('keydown', (e) => {
    if (e.target === slider) return;
    if (e.key === ' ') {
      e.preventDefault();
      timer === null ? play() : pause();
    } else if (e.key === 'ArrowRight') {
      pause();
      show(Math.min(frames.length - 1, current + 1));
    } else if (e.key === 'ArrowLeft') {
      pause();
      show(Math.max(0, current - 1));
    }
  });
  if (frames.length > 1) play();
})();`;

/** The HTML page for `frames` (SVG strings, all `width` px wide). */
export function animationHTML(frames: readonly string[], width: number, opts: Required<AnimationOptions>): string {
  const n = frames.length;
  const body = frames
    .map((svg, i) => `<div class="frame" data-frame="${i}"${i === 0 ? '' : ' hidden'}>${isolateIds(svg, i)}</div>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHTML(opts.title)}</title>
<style>
body { margin: 16px; background: #fff; color: #222; font: 14px 'DejaVu Sans', Verdana, sans-serif; }
#player { width: ${width}px; }
.frame svg { display: block; }
.controls { display: flex; align-items: center; gap: 12px; margin-top: 8px; }
.controls input { flex: 1; }
.controls button { min-width: 5em; }
#counter { font-variant-numeric: tabular-nums; min-width: 6em; text-align: right; }
</style>
</head>
<body>
<div id="player" data-fps="${opts.fps}" data-loop="${opts.loop}">
<div id="frames">
${body}
</div>
<div class="controls">
<button id="play" type="button">Play</button>
<input id="slider" type="range" min="0" max="${n - 1}" step="1" value="0" aria-label="Frame">
<span id="counter">1 / ${n}</span>
</div>
</div>
<script>
${PLAYER}
</script>
</body>
</html>
`;
}

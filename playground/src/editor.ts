// A plain-text code editor: a textarea with a line-number gutter that can mark the line an error
// came from. Tab indents, Ctrl/Cmd+Enter runs.

export class Editor {
  readonly #area: HTMLTextAreaElement;
  readonly #gutter: HTMLElement;
  #marked: number | null = null;
  #lines = 0;

  constructor(root: HTMLElement, onRun: () => void, onChange: () => void) {
    this.#gutter = root.querySelector('.gutter')!;
    this.#area = root.querySelector('textarea')!;
    this.#area.addEventListener('input', () => {
      this.#renumber();
      onChange();
    });
    this.#area.addEventListener('scroll', () => {
      this.#gutter.scrollTop = this.#area.scrollTop;
    });
    this.#area.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        onRun();
      } else if (e.key === 'Tab' && !e.shiftKey) {
        e.preventDefault();
        this.#area.setRangeText('  ', this.#area.selectionStart, this.#area.selectionEnd, 'end');
        this.#renumber();
        onChange();
      }
    });
  }

  get value(): string {
    return this.#area.value;
  }

  set value(text: string) {
    this.#area.value = text;
    this.#area.scrollTop = 0;
    this.mark(null);
    this.#renumber();
  }

  /** Marks line `line` (1-based) as where an error is, or clears the mark. */
  mark(line: number | null): void {
    this.#marked = line;
    this.#renumber(true);
  }

  /** Puts the caret at the start of `line` and scrolls it into view. */
  goTo(line: number): void {
    const lines = this.#area.value.split('\n');
    const at = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    this.#area.focus();
    this.#area.setSelectionRange(at, at + (lines[line - 1]?.length ?? 0));
    const lineHeight = parseFloat(getComputedStyle(this.#area).lineHeight) || 18;
    this.#area.scrollTop = Math.max(0, (line - 4) * lineHeight);
  }

  #renumber(force = false): void {
    const n = this.#area.value.split('\n').length;
    if (n === this.#lines && !force) return;
    this.#lines = n;
    const parts: string[] = [];
    for (let i = 1; i <= n; i++) parts.push(i === this.#marked ? `<span class="marked" title="error here">${i}</span>` : String(i));
    this.#gutter.innerHTML = parts.join('\n');
    this.#gutter.scrollTop = this.#area.scrollTop;
  }
}

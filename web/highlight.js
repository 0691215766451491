// Risky words marked in place. The person types in an ordinary textarea (or input) with a
// transparent background; behind it, a backdrop draws the same text, invisible, with the flagged
// ranges marked. Both layers share every font and box metric (see `.hl-*` in app.css), so the
// marks sit exactly under the words. The field stays a native control: the keyboard, selection,
// spell-checking and screen readers work as usual, and the backdrop is hidden from assistive
// technology (the findings list says the same in words).

import { el } from "./common.js";

const RANK = { note: 1, advice: 2, warning: 3, serious: 4 };

/**
 * Move `ranges` (UTF-16 offsets into `before`) to where the same text is in `after`: ranges
 * before the edit stay, ranges after it shift, ranges the edit touched are dropped. This keeps
 * the marks on their words while the next answer is on its way, without a flicker.
 */
export function shiftRanges(ranges, before, after) {
  if (before === after) return ranges;
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < max - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  const editEnd = before.length - suffix;
  const delta = after.length - before.length;
  const out = [];
  for (const r of ranges) {
    if (r.end <= prefix) out.push(r);
    else if (r.start >= editEnd) out.push({ ...r, start: r.start + delta, end: r.end + delta });
  }
  return out;
}

/** A field with its flagged ranges marked behind the text. */
export class Highlighter {
  /** `wrapper` is a `.hl` element holding one `.hl-field`. */
  constructor(wrapper) {
    this.wrapper = wrapper;
    this.field = wrapper.querySelector(".hl-field");
    this.single = this.field.tagName === "INPUT";
    if (this.single) wrapper.classList.add("hl-single");
    this.content = el("div", { class: "hl-content" });
    this.backdrop = el("div", { class: "hl-backdrop", "aria-hidden": "true" }, this.content);
    wrapper.prepend(this.backdrop);
    this.text = this.field.value;
    this.ranges = [];
    this.active = null;

    this.field.addEventListener("input", () => this.#edited());
    this.field.addEventListener("scroll", () => this.#syncScroll());
    if (this.single) {
      // An input scrolls sideways as the caret moves, not always with a scroll event.
      for (const type of ["keyup", "click", "select", "focus", "blur"]) {
        this.field.addEventListener(type, () => this.#syncScroll());
      }
    }
    window.addEventListener("resize", () => this.#fit());
    this.#fit();
    this.#render();
  }

  /**
   * Show `ranges` ({start, end, severity, key}, UTF-16 offsets) found in `text`. If the field has
   * changed since `text` was sent, the ranges are moved to match it.
   */
  setRanges(text, ranges) {
    const shown = ranges.filter((r) => r.end > r.start);
    this.ranges = shiftRanges(shown, text, this.field.value);
    this.text = this.field.value;
    this.#render();
  }

  /** Emphasise the marks of one finding (by key), or none. */
  setActive(key) {
    if (this.active === key) return;
    this.active = key;
    for (const mark of this.content.querySelectorAll("mark")) {
      mark.classList.toggle("active", key !== null && mark.dataset.keys.split(" ").includes(key));
    }
  }

  /** Select a range in the field and bring it into view. */
  select(start, end) {
    this.field.focus();
    this.field.setSelectionRange(start, end);
    this.#syncScroll();
    this.wrapper.scrollIntoView({ block: "nearest" });
  }

  #edited() {
    this.ranges = shiftRanges(this.ranges, this.text, this.field.value);
    this.text = this.field.value;
    this.#fit();
    this.#render();
  }

  /** Grow a textarea to its content, so it never scrolls inside and the layers stay aligned. */
  #fit() {
    if (this.single) return;
    const field = this.field;
    field.style.height = "auto";
    field.style.height = field.scrollHeight + field.offsetHeight - field.clientHeight + "px";
  }

  #syncScroll() {
    const x = this.field.scrollLeft;
    const y = this.field.scrollTop;
    this.content.style.transform = x || y ? `translate(${-x}px, ${-y}px)` : "";
  }

  #render() {
    const text = this.text;
    const bounds = new Set([0, text.length]);
    for (const r of this.ranges) {
      bounds.add(Math.max(0, Math.min(r.start, text.length)));
      bounds.add(Math.max(0, Math.min(r.end, text.length)));
    }
    const points = [...bounds].sort((a, b) => a - b);
    const nodes = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const [a, b] = [points[i], points[i + 1]];
      const piece = text.slice(a, b);
      const covering = this.ranges.filter((r) => r.start <= a && r.end >= b);
      if (covering.length === 0) {
        nodes.push(document.createTextNode(piece));
        continue;
      }
      const top = covering.reduce((x, y) => (RANK[y.severity] > RANK[x.severity] ? y : x));
      const keys = covering.map((r) => r.key);
      const mark = el("mark", { class: top.severity, "data-keys": keys.join(" ") }, piece);
      if (this.active !== null && keys.includes(this.active)) mark.classList.add("active");
      nodes.push(mark);
    }
    // A final line break needs something after it to take up its line.
    nodes.push(document.createTextNode("\u200b"));
    this.content.replaceChildren(...nodes);
    this.#syncScroll();
  }
}

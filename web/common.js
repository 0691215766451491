// What every page shares: talking to the local API, building DOM safely (text only, never
// HTML from data), and live checking with a debounce that drops stale answers.

/** A failure the API reported, with its code and its message for the person. */
export class ApiProblem extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

const UNREACHABLE =
  "Forethought's local server is not answering. Is it still running? Start it again with " +
  "`forethought serve`.";

/** GET or POST JSON to the local API; throws an ApiProblem on any failure. */
export async function api(path, { body, signal } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method: body === undefined ? "GET" : "POST",
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      cache: "no-store",
      credentials: "omit",
    });
  } catch (e) {
    if (e.name === "AbortError") throw e;
    throw new ApiProblem("unreachable", UNREACHABLE);
  }
  let json = null;
  try {
    json = await response.json();
  } catch {
    // Handled below: a body that is not JSON is a failure whatever the status.
  }
  if (!response.ok || json === null) {
    const error = json && json.error;
    throw new ApiProblem(
      (error && error.code) || "http_" + response.status,
      (error && error.message) || "Forethought could not answer (status " + response.status + ").",
    );
  }
  return json;
}

let packPromise = null;

/** The pack in use (`/api/v1/pack`), fetched once per page. */
export function loadPack() {
  packPromise ??= api("/api/v1/pack");
  return packPromise;
}

/**
 * Make an element: `el("p", { class: "x" }, "text", child)`. Attributes are set as attributes
 * (`hidden: true` sets a boolean one; `null` and `false` leave it out); children are nodes or
 * strings, added as text; arrays of them are flattened.
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Text broken into paragraphs at blank lines, the pack's own line wrapping undone. */
export function paragraphs(text) {
  return String(text || "")
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, " ").trim())
    .filter((p) => p.length > 0);
}

/** `url` if it is a web address (http or https), else null: only those become links. */
export function webUrl(url) {
  return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
}

const SEVERITY_WORDS = { note: "Note", advice: "Advice", warning: "Warning", serious: "Serious" };

/** A severity in words, capitalised. */
export function severityWord(severity) {
  return SEVERITY_WORDS[severity] || severity;
}

/** Fill the page's mentions of the pack: the lede and the footer. */
export function showPackName(pack) {
  for (const node of document.querySelectorAll("[data-pack-name]")) {
    node.textContent = pack.organisation ? pack.organisation + "'s guidance" : "the guidance";
  }
  for (const node of document.querySelectorAll("[data-pack-line]")) {
    node.textContent = "Guidance: " + pack.name + " (version " + pack.version + ").";
  }
}

/**
 * Live checking. `schedule()` after each edit waits `delay` ms of quiet, then sends the request
 * that `build()` makes (or skips it when `build()` returns null). An answer is used only if no
 * newer request was started: older ones are aborted, and a late answer to one is dropped.
 * `onResult(json, request)` renders; the time from sending to having rendered is recorded as the
 * performance measure `forethought-check`.
 */
export function createChecker({ path, build, onResult, onEmpty, onError, onBusy, delay = 150 }) {
  let timer = null;
  let latest = 0;
  let controller = null;

  async function run() {
    timer = null;
    const sequence = ++latest;
    controller?.abort();
    controller = null;
    const request = build();
    if (request === null) {
      onBusy?.(false);
      onEmpty?.();
      return;
    }
    const mine = new AbortController();
    controller = mine;
    onBusy?.(true);
    const started = performance.now();
    try {
      const json = await api(path, { body: request, signal: mine.signal });
      if (sequence !== latest) return;
      onResult(json, request);
      performance.measure("forethought-check", { start: started, end: performance.now() });
    } catch (e) {
      if (e.name === "AbortError" || sequence !== latest) return;
      onError(e);
    } finally {
      if (sequence === latest) {
        controller = null;
        onBusy?.(false);
      }
    }
  }

  return {
    /** Check after a pause in typing. */
    schedule() {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(run, delay);
    },
    /** Check now (the context changed). */
    now() {
      if (timer !== null) clearTimeout(timer);
      run();
    },
  };
}

/**
 * Announce `message` in the page's polite live region, only if it differs from the last
 * announcement: a screen reader hears when the findings change, not on every keystroke.
 */
export function createAnnouncer(region) {
  let last = "";
  return (message) => {
    if (message === last) return;
    last = message;
    region.textContent = message;
  };
}

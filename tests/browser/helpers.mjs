// Shared by the browser tests: Debian's Chromium through playwright-core, a fresh profile for
// every browser, and the server that scripts/browser-test started (FT_URL).

import { mkdtempSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** The app's address, with its trailing slash. */
export const BASE = (() => {
  const url = process.env.FT_URL;
  if (!url) throw new Error("FT_URL is not set: run the tests with scripts/browser-test");
  return url.endsWith("/") ? url : url + "/";
})();

export const SCREENSHOTS = path.join(here, "screenshots");
export const RESULTS = path.join(here, "results");

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * A browser with a fresh profile (`--user-data-dir` in a new temporary directory), removed on
 * close. Returns `{ context, page, close }`.
 */
export async function openBrowser({ width = 1280, height = 900, reducedMotion = "reduce" } = {}) {
  const profile = mkdtempSync(path.join(tmpdir(), "forethought-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ARGS,
    viewport: { width, height },
    reducedMotion,
    locale: "en-GB",
    timezoneId: "Europe/London",
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(10_000);
  const problems = watch(page);
  return {
    context,
    page,
    problems,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Record what must never happen on a page: a script error, a console error (a CSP violation is
 * one), a failed request, or a request to anywhere but the app.
 */
function watch(page) {
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  page.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith(BASE) && !url.startsWith("data:") && !url.startsWith("about:")) {
      problems.push(`request elsewhere: ${url}`);
    }
  });
  page.on("requestfailed", (r) => {
    const reason = r.failure()?.errorText ?? "";
    // Live checking aborts a request when a newer one starts: that is by design.
    if (!reason.includes("ERR_ABORTED")) problems.push(`request failed: ${r.url()} ${reason}`);
  });
  return problems;
}

/** Open a page of the app and wait until its script has set it up. */
export async function visit(page, pathname) {
  await page.goto(BASE + pathname.replace(/^\//, ""));
  await page.waitForSelector("body[data-ready='true']");
}

/** Save a screenshot as screenshots/NAME.png. */
export async function screenshot(page, name, { fullPage = true } = {}) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });
}

/** The app's JSON API, from Node. */
export async function apiGet(pathname) {
  const response = await fetch(BASE + pathname.replace(/^\//, ""));
  if (!response.ok) throw new Error(`${pathname}: ${response.status}`);
  return response.json();
}

const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/**
 * Run axe-core in the page (WCAG 2.0, 2.1 and 2.2 A and AA, and best practices) and return its
 * violations, each as "rule: target (summary)". Evaluated through the DevTools protocol, so the
 * page's own Content-Security-Policy stays in force.
 */
export async function axeViolations(page) {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: {
        type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
      },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary}`),
    }));
  });
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.join("\n  ")}`);
}

/** Clear what this app stored in the browser (the remembered context). */
export async function forget(page) {
  await page.evaluate(() => localStorage.clear());
}

/** Type like a person: one key at a time. */
export async function typeInto(page, selector, text, delay = 15) {
  await page.focus(selector);
  await page.keyboard.type(text, { delay });
}

/** What has the focus: its tag, id or text, and whether its focus can be seen. */
export function focused(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    const style = getComputedStyle(e);
    return {
      tag: e.tagName.toLowerCase(),
      id: e.id,
      text: (e.innerText || e.value || "").trim().slice(0, 40),
      outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    };
  });
}

/** Press Tab until `matches(focused)`; every stop on the way, or a failure after `limit`. */
export async function tabUntil(page, matches, limit = 40, key = "Tab") {
  const seen = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(key);
    const f = await focused(page);
    seen.push(f);
    if (matches(f)) return seen;
  }
  throw new Error(
    `never reached the element; focus went: ${JSON.stringify(seen.map((f) => f.id || f.text))}`,
  );
}

// Measures, reported but never pass or fail: the time from sending a 280-character draft to
// having its findings on screen (the debounce excluded), from the page's own performance
// measure `forethought-check`.

import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { RESULTS, forget, openBrowser, visit } from "./helpers.mjs";

const BASE_DRAFT =
  "Proud to vote Labour tomorrow! What an idiot the referee was. Ring me on 07700 900123 or " +
  "email jo.bloggs@example.com. Lovely lunch with the team at the office today, and a long walk " +
  "by the river after. Can't wait for the weekend: the match, the garden, and far too much cake. ";

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

let browser;
let page;

before(async () => {
  browser = await openBrowser();
  page = browser.page;
  await visit(page, "/");
  await forget(page);
  await visit(page, "/");
});

after(async () => {
  await browser.close();
});

test("latency from keystroke to updated findings, 280 characters", async (t) => {
  const draft = BASE_DRAFT.padEnd(279, "x").slice(0, 279);
  await page.fill("#draft", draft);
  await page.locator("[data-findings] li").first().waitFor();
  await page.focus("#draft");
  await page.keyboard.press("End");
  const samples = [];
  for (let i = 0; i < 60; i++) {
    const before = await page.evaluate(
      () => performance.getEntriesByName("forethought-check").length,
    );
    // Alternate between 280 and 279 characters.
    await page.keyboard.press(i % 2 === 0 ? "y" : "Backspace");
    await page.waitForFunction(
      (n) => performance.getEntriesByName("forethought-check").length > n,
      before,
    );
    const duration = await page.evaluate(
      () => performance.getEntriesByName("forethought-check").at(-1).duration,
    );
    samples.push(duration);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const result = {
    draft_characters: 280,
    samples: samples.length,
    median_ms: Number(percentile(sorted, 50).toFixed(2)),
    p95_ms: Number(percentile(sorted, 95).toFixed(2)),
    max_ms: Number(sorted.at(-1).toFixed(2)),
    note: "from sending the request to having rendered the findings; the 150 ms debounce excluded",
  };
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(path.join(RESULTS, "latency.json"), JSON.stringify(result, null, 2) + "\n");
  t.diagnostic(
    `keystroke to findings (debounce excluded): median ${result.median_ms} ms, ` +
      `p95 ${result.p95_ms} ms, max ${result.max_ms} ms over ${result.samples} checks`,
  );
});

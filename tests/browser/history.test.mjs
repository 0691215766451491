// The History page in real Chromium: an archive uploaded and audited with its progress shown, the
// report (summary, timeline, across posts, profile, what worked), filters, decisions kept after a
// reload, the links to delete, axe with no violations, empty and with results, at 1280 and 320
// pixels, and the whole audit done from the keyboard.
//
// scripts/browser-test generates the archive (a synthetic X archive, FT_ARCHIVE) and starts the
// server with a new, empty audit store; the accessibility tests, which run first, leave it empty.

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import {
  apiGet,
  axeViolations,
  focused,
  forget,
  openBrowser,
  screenshot,
  tabUntil,
  visit,
} from "./helpers.mjs";

const ARCHIVE = process.env.FT_ARCHIVE;
if (!ARCHIVE || !existsSync(ARCHIVE)) {
  throw new Error("FT_ARCHIVE is not an archive: run the tests with scripts/browser-test");
}

const RANK = { note: 1, advice: 2, warning: 3, serious: 4 };

/** The ids of the posts listed, in order. */
function listedIds(page) {
  return page
    .locator("[data-posts] > li")
    .evaluateAll((items) => items.map((i) => i.dataset.postId));
}

/** Wait until the list of posts has settled after a change. */
async function settled(page) {
  await page.waitForFunction(
    () => document.querySelector("[data-posts]")?.getAttribute("aria-busy") === "false",
  );
}

describe("History", () => {
  let browser;
  let page;

  before(async () => {
    browser = await openBrowser();
    page = browser.page;
    await visit(page, "/history");
    await forget(page);
    await visit(page, "/history");
  });

  after(async () => {
    await browser.close();
  });

  test("before any audit, the page says what to do and has no violations", async () => {
    assert.equal(await page.locator("[data-report-empty]").isVisible(), true);
    assert.match(await page.locator("[data-report-empty]").innerText(), /^No audit yet\./);
    assert.equal(await page.locator("[data-no-store]").isVisible(), false);
    assert.equal(await page.locator("[data-progress]").isVisible(), false);
    assert.equal(await page.locator("#ctx-platform").count(), 0, "an audit has no platform picker");
    const current = await page.locator(".site-nav a[aria-current='page']").innerText();
    assert.equal(current, "History");
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], violations.join("\n"));
    await screenshot(page, "history-empty");
  });

  test("an audit shows its progress, then the report", async () => {
    await page.selectOption("#ctx-account", "professional");
    await page.check("#ctx-role-politically-restricted");
    // Record what the progress line says along the way.
    await page.evaluate(() => {
      window.__progress = [];
      const text = document.querySelector("[data-progress-text]");
      new MutationObserver(() => window.__progress.push(text.textContent)).observe(text, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    await page.setInputFiles("#archive", ARCHIVE);
    await page.click("[data-start]");
    await page.locator("[data-posts] > li").first().waitFor({ timeout: 60_000 });
    await page.waitForFunction(
      () => document.querySelector("#report")?.getAttribute("aria-busy") === "false",
    );

    const progress = await page.evaluate(() => window.__progress);
    assert.ok(
      progress.some((t) => t.startsWith("Sending the archive")),
      JSON.stringify(progress),
    );
    assert.ok(
      progress.some((t) => /^(Reading the archive|Checked [\d,]+ posts)/.test(t)),
      JSON.stringify(progress),
    );
    const bar = page.locator("progress#audit-progress");
    assert.equal(await bar.getAttribute("value"), "100");
    assert.match(
      await page.locator("[data-progress-text]").innerText(),
      /^Done: checked [\d,]+ posts/,
    );
    // The live region said when the results were ready.
    assert.match(
      await page.locator("[data-announcer]").innerText(),
      /^Audit finished: [\d,]+ posts checked, [\d,]+ with something to look at\. The results are below\.$/,
    );
    assert.equal(await page.locator("[data-start]").getAttribute("aria-disabled"), "false");

    // The report: who and how, the summary, the timeline with its table, the principles.
    const history = await apiGet("/api/v1/history");
    const summary = history.summary;
    assert.ok(summary, "the full summary was kept");
    const meta = await page.locator(".report-meta").innerText();
    assert.match(meta, /@alex_example on X/i);
    assert.match(meta, /Professional account · Politically restricted/);
    const cards = await page.locator("#report .cards").innerText();
    assert.match(cards, new RegExp(`Posts checked\\s+${summary.posts.toLocaleString("en-GB")}`));
    assert.match(cards, /Still to decide on\s+[\d,]+/);
    const years = summary.by_year.map((y) => String(y.year));
    assert.ok(years.length >= 2, `the archive spans years: ${years}`);
    assert.deepEqual(await page.locator("svg.timeline text.year").allTextContents(), years);
    assert.ok((await page.locator("svg.timeline rect.bar").count()) >= years.length);
    assert.equal(await page.locator("svg.timeline").getAttribute("role"), "img");
    await page.click(".chart-table summary");
    const yearRows = await page.locator(".chart-table tbody th").allInnerTexts();
    assert.deepEqual(yearRows, years);
    const principles = await page
      .locator(".report-part:has(#report-principles) tbody th")
      .allInnerTexts();
    assert.deepEqual(
      principles,
      summary.by_principle.map((p) => p.title),
    );
    // Across posts, the profile and what worked.
    assert.equal(await page.locator("#report-across").innerText(), "Across your posts");
    const profile = await page.locator(".report-part:has(#report-profile)").innerText();
    assert.match(profile, /Bio: “/);
    const worked = await page.locator(".report-part:has(#report-worked) tbody").innerText();
    assert.match(worked, /Posts with no findings/);

    // The posts: most serious first, each with its marked words and its findings.
    const severities = await page
      .locator("[data-posts] > li")
      .evaluateAll((items) => items.map((i) => i.className.replace("post ", "")));
    for (let i = 1; i < severities.length; i++) {
      assert.ok(RANK[severities[i - 1]] >= RANK[severities[i]], severities.join(","));
    }
    const first = page.locator("[data-posts] > li").first();
    assert.ok((await first.locator(".post-text mark").count()) >= 1);
    assert.ok((await first.locator(".post-findings li").count()) >= 1);
    assert.match(
      await page.locator("[data-posts-count]").innerText(),
      new RegExp(
        `^${history.open_posts.toLocaleString("en-GB")} posts still to decide on; showing 20\\.$`,
      ),
    );
    await screenshot(page, "history-report");
  });

  test("filters narrow the posts by severity, principle and year", async () => {
    const all = await page.locator("[data-posts-count]").innerText();

    await page.selectOption("#filter-severity", "warning");
    await settled(page);
    const severities = await page
      .locator("[data-posts] > li")
      .evaluateAll((items) => items.map((i) => i.className.replace("post ", "")));
    assert.ok(severities.length > 0);
    for (const s of severities) assert.ok(RANK[s] >= RANK.warning, s);
    assert.match(await page.locator("[data-posts-count]").innerText(), /that match these choices/);
    assert.match(await page.locator("[data-announcer]").innerText(), /that match these choices/);
    await page.selectOption("#filter-severity", "");

    const principle = await page.locator("#filter-principle option").nth(1);
    const [id, title] = [await principle.getAttribute("value"), await principle.innerText()];
    await page.selectOption("#filter-principle", id);
    await settled(page);
    const posts = await page.locator("[data-posts] > li").count();
    assert.ok(posts > 0);
    for (let i = 0; i < posts; i++) {
      const findings = await page
        .locator("[data-posts] > li")
        .nth(i)
        .locator(".post-findings")
        .innerText();
      assert.ok(findings.includes(title), `${title} in ${findings}`);
    }
    await page.selectOption("#filter-principle", "");

    const year = await page.locator("#filter-year option").nth(1).getAttribute("value");
    await page.selectOption("#filter-year", year);
    await settled(page);
    const headings = await page.locator("[data-posts] > li h4").allInnerTexts();
    assert.ok(headings.length > 0);
    for (const h of headings) assert.match(h, new RegExp(`${year}$`));
    await page.selectOption("#filter-year", "");
    await settled(page);
    assert.equal(await page.locator("[data-posts-count]").innerText(), all);

    // More posts, a page at a time.
    await page.click("[data-more]");
    await page.waitForFunction(() => document.querySelectorAll("[data-posts] > li").length > 20);
    assert.match(await page.locator("[data-posts-count]").innerText(), /showing 40\.$/);
  });

  test("decisions are kept after a reload, and the posts to delete are listed", async () => {
    const [kept, deleting] = (await listedIds(page)).slice(0, 2);
    const keptItem = page.locator(`[data-posts] > li[data-post-id="${kept}"]`);
    const keptTitle = await keptItem.locator("h4").evaluate((h) => h.lastChild.textContent);
    await keptItem.getByRole("button", { name: "Keep it" }).click();
    await keptItem.waitFor({ state: "detached" });
    assert.match(
      await page.locator("[data-announcer]").innerText(),
      new RegExp(`^Kept: ${keptTitle}\\. [\\d,]+ posts still to decide on\\.$`),
    );
    // The focus moves on to the next post, not to the top of the page.
    const next = await focused(page);
    assert.equal(next.tag, "h4");

    const deletingItem = page.locator(`[data-posts] > li[data-post-id="${deleting}"]`);
    await deletingItem.getByRole("button", { name: "Will delete" }).click();
    await deletingItem.waitFor({ state: "detached" });
    await page.locator("[data-links] li a").first().waitFor();
    const link = page.locator("[data-links] li a").first();
    assert.match(await link.getAttribute("href"), /^https:\/\//);
    assert.equal(await link.getAttribute("target"), "_blank");

    // After a reload: both gone from the list to decide on, both under "Decided", with their
    // decisions; the link is still there; the summary counts them.
    await visit(page, "/history");
    await page.locator("[data-posts] > li").first().waitFor();
    const open = await listedIds(page);
    assert.ok(!open.includes(kept) && !open.includes(deleting));
    assert.equal(await page.locator("[data-links] li").count(), 1);
    assert.match(await page.locator("#report .cards").innerText(), /Decided\s+2/);
    await page.selectOption("#filter-decided", "decided");
    await settled(page);
    assert.deepEqual((await listedIds(page)).sort(), [kept, deleting].sort());
    const keptNow = page.locator(`[data-posts] > li[data-post-id="${kept}"]`);
    assert.equal(
      await keptNow.getByRole("button", { name: "Keep it" }).getAttribute("aria-pressed"),
      "true",
    );
    assert.equal(
      await keptNow.getByRole("button", { name: "Will delete" }).getAttribute("aria-pressed"),
      "false",
    );
    assert.match(
      await keptNow.locator("[data-decision-now]").innerText(),
      /^Your decision: Kept on /,
    );
    await screenshot(page, "history-decided");

    // A changed mind: deleted now, so it leaves the list of links.
    const deletingNow = page.locator(`[data-posts] > li[data-post-id="${deleting}"]`);
    await deletingNow.getByRole("button", { name: "I deleted it" }).click();
    await page.waitForFunction(() => document.querySelectorAll("[data-links] li").length === 0);
    assert.equal(
      await deletingNow.getByRole("button", { name: "I deleted it" }).getAttribute("aria-pressed"),
      "true",
    );
    await page.selectOption("#filter-decided", "open");
    await settled(page);
  });

  for (const width of [1280, 320]) {
    test(`with results, no violations at ${width} pixels`, async () => {
      await page.setViewportSize({ width, height: width === 320 ? 640 : 900 });
      await visit(page, "/history");
      await page.locator("[data-posts] > li").first().waitFor();
      await page.click(".chart-table summary");
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], violations.join("\n"));
      if (width === 320) {
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - window.innerWidth,
        );
        assert.ok(overflow <= 0, `the page is ${overflow}px wider than the window`);
        await screenshot(page, "history-report-320");
      }
      await page.setViewportSize({ width: 1280, height: 900 });
    });
  }

  test("no errors, no CSP violations, no requests elsewhere", () => {
    assert.deepEqual(browser.problems, []);
  });
});

describe("History by keyboard only", () => {
  let browser;
  let page;

  before(async () => {
    browser = await openBrowser();
    page = browser.page;
    await visit(page, "/history");
    await forget(page);
    await visit(page, "/history");
  });

  after(async () => {
    await browser.close();
  });

  test("choose the archive, audit it and decide about a post, focus always visible", async () => {
    await page.keyboard.press("Tab");
    assert.equal((await focused(page)).text, "Skip to your history");
    await page.keyboard.press("Enter");
    assert.equal((await focused(page)).id, "main");

    const toFile = await tabUntil(page, (x) => x.id === "archive");
    const [chooser] = await Promise.all([
      page.waitForEvent("filechooser"),
      page.keyboard.press("Space"),
    ]);
    await chooser.setFiles(ARCHIVE);
    const toStart = await tabUntil(page, (x) => x.tag === "button" && x.text === "Audit my posts");
    for (const stop of [...toFile, ...toStart]) {
      assert.ok(stop.outline, `focus is visible on ${stop.id || stop.tag + " " + stop.text}`);
    }
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      () =>
        document.querySelector("[data-start]")?.getAttribute("aria-disabled") === "false" &&
        document.querySelector("#report")?.getAttribute("aria-busy") === "false" &&
        document.querySelectorAll("[data-posts] > li").length > 0,
      null,
      { timeout: 60_000 },
    );
    assert.match(await page.locator("[data-announcer]").innerText(), /^Audit finished/);

    // On into the report: the filters, then the first post's decisions.
    const toFilter = await tabUntil(page, (x) => x.id === "filter-severity", 80);
    const first = await page.locator("[data-posts] > li").first().getAttribute("data-post-id");
    const toKeep = await tabUntil(page, (x) => x.tag === "button" && x.text === "Keep it");
    for (const stop of [...toFilter, ...toKeep]) {
      assert.ok(stop.outline, `focus is visible on ${stop.id || stop.tag + " " + stop.text}`);
    }
    await screenshot(page, "history-keyboard-focus", { fullPage: false });
    await page.keyboard.press("Enter");
    await page.locator(`[data-posts] > li[data-post-id="${first}"]`).waitFor({ state: "detached" });
    const f = await focused(page);
    assert.equal(f.tag, "h4", "the focus moves to the next post");
    // And straight on to that post's buttons.
    const again = await tabUntil(page, (x) => x.tag === "button" && x.text === "Keep it", 10);
    assert.ok(again.at(-1).outline);
  });

  test("no errors, no CSP violations, no requests elsewhere", () => {
    assert.deepEqual(browser.problems, []);
  });
});

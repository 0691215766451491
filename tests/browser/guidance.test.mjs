// The Guidance page in real Chromium: the pack as a handbook, from the same API as the checks.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { apiGet, openBrowser, screenshot, visit } from "./helpers.mjs";

describe("Guidance", () => {
  let browser;
  let page;

  before(async () => {
    browser = await openBrowser();
    page = browser.page;
    await visit(page, "/guidance");
  });

  after(async () => {
    await browser.close();
  });

  test("every rule of the pack is in the handbook, under its principle", async () => {
    const { rules } = await apiGet("/api/v1/rules");
    const pack = await apiGet("/api/v1/pack");
    assert.equal(await page.locator("h1").innerText(), pack.name);
    const shown = await page.locator("article.rule .rule-id").allInnerTexts();
    assert.deepEqual([...shown].sort(), rules.map((r) => r.id).sort());
    const principles = new Set(rules.map((r) => r.principle.title));
    const headings = await page.locator("section.principle > h2").allInnerTexts();
    assert.deepEqual(new Set(headings), principles);
  });

  test("a rule reads as advice with its reasons and examples", async () => {
    const rule = page.locator("article.rule:has(.rule-id:text-is('party-political-support'))");
    const text = await rule.innerText();
    assert.match(text, /Instead:/);
    assert.match(text, /How much it matters/);
    assert.match(text, /Politically restricted/);
    assert.match(text, /Examples/);
    assert.ok((await rule.locator(".examples li").count()) > 0);
    await rule.scrollIntoViewIfNeeded();
    await screenshot(page, "guidance-rule", { fullPage: false });
  });

  test("the contents link to each principle", async () => {
    const first = page.locator(".toc a").first();
    const target = await first.getAttribute("href");
    await first.click();
    assert.equal(await page.evaluate(() => location.hash), target);
    assert.ok(await page.locator(target).isVisible());
  });

  test("the Markdown download is the same handbook", async () => {
    const href = await page.locator("a[download]").getAttribute("href");
    assert.equal(href, "/api/v1/handbook?format=markdown");
  });

  test("no errors, no CSP violations, no requests elsewhere", async () => {
    await visit(page, "/guidance");
    await screenshot(page, "guidance", { fullPage: false });
    assert.deepEqual(browser.problems, []);
  });
});

// The Write page in real Chromium: live checking, marks in place, findings in words, context that
// changes the advice and is remembered, stale answers dropped, the character counter.

import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { forget, openBrowser, screenshot, typeInto, visit } from "./helpers.mjs";

const RISKY = "Proud to vote Labour tomorrow!";

describe("Write", () => {
  let browser;
  let page;

  before(async () => {
    browser = await openBrowser();
    page = browser.page;
  });

  after(async () => {
    await browser.close();
  });

  beforeEach(async () => {
    await visit(page, "/");
    await forget(page);
    await visit(page, "/");
  });

  test("typing a risky draft marks the words and explains them", async () => {
    await typeInto(page, "#draft", RISKY + " What an idiot.");
    const finding = page.locator("[data-findings] li[data-rule='party-political-support']");
    await finding.waitFor();

    // The mark sits under the word, inside the field.
    const mark = page.locator(".hl-backdrop mark", { hasText: "Labour" });
    await mark.waitFor();
    const markBox = await mark.boundingBox();
    const fieldBox = await page.locator("#draft").boundingBox();
    assert.ok(markBox && fieldBox);
    assert.ok(markBox.x >= fieldBox.x && markBox.x + markBox.width <= fieldBox.x + fieldBox.width);
    assert.ok(
      markBox.y >= fieldBox.y && markBox.y + markBox.height <= fieldBox.y + fieldBox.height,
    );
    assert.equal(await page.locator(".hl-backdrop").getAttribute("aria-hidden"), "true");

    // The finding in plain words: what, why, instead, whom to ask, and the clause.
    const text = await finding.innerText();
    assert.match(text, /taking a side in party politics: Labour/);
    assert.match(text, /Why it matters/);
    assert.match(text, /What to do instead/);
    assert.match(text, /Whom to ask/);
    assert.match(text, /Civil Service Code/);
    const source = finding.locator("a[target='_blank']");
    assert.match(await source.getAttribute("href"), /^https:\/\//);
    assert.equal(await source.getAttribute("rel"), "noopener noreferrer");
    await page.locator("[data-findings] li[data-rule='abusive-language']").waitFor();

    // A calm verdict, and the live region says what changed.
    const phrase = await page.locator("[data-verdict-phrase]").innerText();
    assert.ok(["Worth a second look", "Think again"].includes(phrase), phrase);
    const announced = await page.locator("[data-announcer]").innerText();
    assert.match(announced, new RegExp(`^${phrase}\\. \\d+ findings\\.`));
    assert.match(announced, /party politics/);
    await screenshot(page, "write-findings");
  });

  test("a clear draft looks fine", async () => {
    await typeInto(page, "#draft", "Lovely lunch in the sun with the team.");
    await page.locator(".verdict[data-verdict='clear']").waitFor();
    assert.equal(await page.locator("[data-verdict-phrase]").innerText(), "Looks fine");
    assert.equal(await page.locator("[data-findings] li").count(), 0);
    assert.equal(await page.locator(".hl-backdrop mark").count(), 0);
    assert.equal(
      await page.locator("[data-announcer]").innerText(),
      "Looks fine. Nothing to flag.",
    );
    await screenshot(page, "write-clear");
  });

  test("the role changes the advice", async () => {
    await typeInto(page, "#draft", RISKY);
    const severity = () =>
      page.locator("[data-findings] li[data-rule='party-political-support'] .badge").innerText();
    await page.locator("[data-findings] li[data-rule='party-political-support']").waitFor();

    await page.check("#ctx-role-politically-restricted");
    await page.waitForFunction(() =>
      document
        .querySelector("[data-findings] li[data-rule='party-political-support']")
        ?.classList.contains("warning"),
    );
    assert.equal(await severity(), "Warning");
    assert.equal(await page.locator("[data-verdict-phrase]").innerText(), "Think again");
    await screenshot(page, "write-politically-restricted");

    await page.uncheck("#ctx-role-politically-restricted");
    await page.check("#ctx-role-politically-free");
    await page.waitForFunction(() =>
      document
        .querySelector("[data-findings] li[data-rule='party-political-support']")
        ?.classList.contains("note"),
    );
    assert.equal(await severity(), "Note");
    assert.equal(await page.locator("[data-verdict-phrase]").innerText(), "Worth a second look");
    assert.match(
      await page.locator("[data-context-summary]").innerText(),
      /Personal account · Politically free/,
    );
    await screenshot(page, "write-politically-free");
  });

  test("the context is remembered on this machine, the draft is not", async () => {
    await page.selectOption("#ctx-account", "official");
    await page.selectOption("#ctx-platform", "bluesky");
    await page.check("#ctx-role-civil-servant");
    await typeInto(page, "#draft", "Hello");
    await visit(page, "/");
    assert.equal(await page.inputValue("#ctx-account"), "official");
    assert.equal(await page.inputValue("#ctx-platform"), "bluesky");
    assert.ok(await page.isChecked("#ctx-role-civil-servant"));
    assert.equal(await page.inputValue("#draft"), "");
    // After the first visit the panel stays closed; its summary says what is chosen.
    assert.equal(await page.locator("#context").getAttribute("open"), null);
    assert.match(
      await page.locator("#context summary").innerText(),
      /Official account · Civil servant · on Bluesky/,
    );
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    assert.ok(!stored.includes("Hello"), stored);
    // The profile page shares the choices.
    await visit(page, "/profile");
    assert.equal(await page.inputValue("#ctx-account"), "official");
  });

  test("marks follow the text while the next answer is on its way, no flicker", async () => {
    await typeInto(page, "#draft", RISKY);
    await page.locator("[data-findings] li").first().waitFor();
    // Record whether the findings list is ever emptied or the mark lost while typing on.
    await page.evaluate(() => {
      window.__flicker = 0;
      const list = document.querySelector("[data-findings]");
      const backdrop = document.querySelector(".hl-backdrop");
      new MutationObserver(() => {
        if (list.children.length === 0) window.__flicker++;
      }).observe(list, { childList: true });
      new MutationObserver(() => {
        if (!backdrop.querySelector("mark")) window.__flicker++;
      }).observe(backdrop, { childList: true, subtree: true });
    });
    // Typing before the flagged word shifts it; the mark must follow at once.
    await page.focus("#draft");
    await page.keyboard.press("Home");
    await page.keyboard.type("Honestly! ", { delay: 5 });
    const marked = await page.locator(".hl-backdrop mark").first().innerText();
    assert.equal(marked, "Labour");
    await page.keyboard.press("End");
    await page.keyboard.type(" See you at the count.", { delay: 5 });
    await page.waitForFunction(
      () => document.querySelector(".results")?.getAttribute("aria-busy") === "false",
    );
    assert.equal(await page.evaluate(() => window.__flicker), 0);
    assert.equal(await page.locator(".hl-backdrop mark").first().innerText(), "Labour");
  });

  test("a late answer to an older draft is dropped", async () => {
    // Hold back the answer about the insult until after the person has replaced it.
    let held = 0;
    await page.route("**/api/v1/check", async (route) => {
      const body = route.request().postData() ?? "";
      if (body.includes("idiot")) {
        held++;
        await new Promise((r) => setTimeout(r, 700));
      }
      await route.continue().catch(() => {});
    });
    await page.fill("#draft", "What an idiot");
    await page.waitForTimeout(250);
    await page.fill("#draft", "What a lovely day");
    await page.locator(".verdict[data-verdict='clear']").waitFor();
    await page.waitForTimeout(900);
    assert.ok(held >= 1);
    assert.equal(await page.locator(".verdict").getAttribute("data-verdict"), "clear");
    assert.equal(await page.locator("[data-findings] li").count(), 0);
    await page.unroute("**/api/v1/check");
  });

  test("the counter counts as the platform does", async () => {
    await page.selectOption("#ctx-platform", "x");
    await page.fill("#draft", "a".repeat(270) + " https://example.com/a/long/link");
    const counter = page.locator("[data-counter]");
    await page.waitForFunction(() =>
      document.querySelector("[data-counter]")?.textContent.includes("over"),
    );
    // 270 + 1 + a link counted as 23 = 294 of X's 280.
    assert.match(await counter.innerText(), /^294 of 280 for X .*14 over the limit$/);
    assert.ok(await counter.evaluate((n) => n.classList.contains("over")));
    // The engine agrees: its over-length finding is there.
    await page.locator("[data-findings] li[data-rule='over-platform-limit']").waitFor();
    await page.selectOption("#ctx-platform", "");
    assert.equal(await counter.innerText(), "302 characters");
  });

  test("a finding's button selects its words in the draft", async () => {
    await typeInto(page, "#draft", "Café 😀 " + RISKY);
    const button = page.locator("[data-findings] li[data-rule='party-political-support'] button");
    await button.click();
    const selection = await page.evaluate(() => {
      const d = document.getElementById("draft");
      return [document.activeElement === d, d.value.slice(d.selectionStart, d.selectionEnd)];
    });
    assert.deepEqual(selection, [true, "Labour"]);
  });

  test("no errors, no CSP violations, no requests elsewhere", async () => {
    await typeInto(page, "#draft", RISKY);
    await page.locator("[data-findings] li").first().waitFor();
    assert.deepEqual(browser.problems, []);
  });
});

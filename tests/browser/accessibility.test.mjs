// Accessibility in real Chromium: axe-core finds no violations (WCAG 2.2 A and AA and best
// practice) on every page, in its empty and its busy states, at 1280 and at 320 pixels wide;
// nothing needs sideways scrolling at 320; and the pages work from the keyboard alone, with a
// visible focus indicator.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  axeViolations,
  focused,
  forget,
  openBrowser,
  screenshot,
  tabUntil,
  typeInto,
  visit,
} from "./helpers.mjs";

const RISKY = "Proud to vote Labour tomorrow! What an idiot. Ring me on 07700 900123";

async function fillProfile(page) {
  await typeInto(page, "#field-name", "Home Office Press Office", 0);
  await typeInto(page, "#field-bio", "Civil servant, dad of two", 0);
  await typeInto(page, "#field-location", "London SW1A 1AA", 0);
  await page.locator("[data-field-results] li").first().waitFor();
  await page.waitForFunction(
    () => document.querySelector(".results")?.getAttribute("aria-busy") === "false",
  );
}

async function fillDraft(page) {
  await typeInto(page, "#draft", RISKY, 0);
  await page.locator("[data-findings] li[data-rule='abusive-language']").waitFor();
  await page.waitForFunction(
    () => document.querySelector(".results")?.getAttribute("aria-busy") === "false",
  );
}

for (const width of [1280, 320]) {
  describe(`axe at ${width} pixels`, () => {
    let browser;
    let page;

    before(async () => {
      browser = await openBrowser({ width, height: width === 320 ? 640 : 900 });
      page = browser.page;
      await visit(page, "/");
      await forget(page);
    });

    after(async () => {
      await browser.close();
    });

    const states = [
      ["write-empty", "/", null],
      ["write-findings", "/", fillDraft],
      ["profile-empty", "/profile", null],
      ["profile-findings", "/profile", fillProfile],
      ["guidance", "/guidance", null],
      // Empty before the History tests run an audit (they check it with results).
      ["history", "/history", null],
    ];
    for (const [name, path, fill] of states) {
      test(`${name} has no violations`, async () => {
        await visit(page, path);
        if (fill) await fill(page);
        const violations = await axeViolations(page);
        assert.deepEqual(violations, [], violations.join("\n"));
        if (width === 320) {
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - window.innerWidth,
          );
          assert.ok(overflow <= 0, `${name} is ${overflow}px wider than the window`);
          await screenshot(page, `${name}-320`, { fullPage: name !== "guidance" });
        }
      });
    }

    test("the context panel closed, on a later visit, has no violations", async () => {
      await visit(page, "/");
      await page.selectOption("#ctx-account", "professional");
      await visit(page, "/");
      assert.equal(await page.locator("#context").getAttribute("open"), null);
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], violations.join("\n"));
      await forget(page);
    });

    test("no errors, no CSP violations, no requests elsewhere", () => {
      assert.deepEqual(browser.problems, []);
    });
  });
}

describe("keyboard only", () => {
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

  test("skip link, context, draft, findings and back by keyboard, focus visible", async () => {
    await page.keyboard.press("Tab");
    let f = await focused(page);
    assert.equal(f.text, "Skip to the draft");
    assert.ok(f.outline, "the skip link's focus is visible");
    const box = await page.locator(".skip-link").boundingBox();
    assert.ok(box && box.y >= 0, "the skip link shows when focused");
    await page.keyboard.press("Enter");
    assert.equal((await focused(page)).id, "main");

    // Through the context: every stop shows its focus.
    const path = await tabUntil(page, (x) => x.id === "ctx-account");
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.inputValue("#ctx-account"), "professional");
    const toRole = await tabUntil(page, (x) => x.id === "ctx-role-politically-restricted");
    await page.keyboard.press("Space");
    assert.ok(await page.isChecked("#ctx-role-politically-restricted"));
    const toDraft = await tabUntil(page, (x) => x.id === "draft");
    for (const stop of [...path, ...toRole, ...toDraft]) {
      assert.ok(stop.outline, `focus is visible on ${stop.id || stop.tag + " " + stop.text}`);
    }

    // Write, then move on to the findings and back to the words.
    await page.keyboard.type("Proud to vote Labour tomorrow!");
    await page.locator("[data-findings] li[data-rule='party-political-support']").waitFor();
    await page.waitForFunction(
      () => document.querySelector(".results")?.getAttribute("aria-busy") === "false",
    );
    f = await tabUntil(page, (x) => x.tag === "button" && x.text === "“Labour”");
    assert.ok(f.at(-1).outline);
    await screenshot(page, "write-keyboard-focus", { fullPage: false });
    await page.keyboard.press("Enter");
    const selection = await page.evaluate(() => {
      const d = document.activeElement;
      return [d.id, d.value.slice(d.selectionStart, d.selectionEnd)];
    });
    assert.deepEqual(selection, ["draft", "Labour"]);
  });

  test("the pages are reached from the navigation by keyboard", async () => {
    await visit(page, "/");
    await page.keyboard.press("Tab");
    await tabUntil(page, (x) => x.tag === "a" && x.text === "Guidance");
    await Promise.all([page.waitForURL("**/guidance"), page.keyboard.press("Enter")]);
    await page.waitForSelector("body[data-ready='true']");
    await page.keyboard.press("Tab");
    await tabUntil(page, (x) => x.tag === "a" && x.text === "Profile");
    await Promise.all([page.waitForURL("**/profile"), page.keyboard.press("Enter")]);
    await page.waitForSelector("body[data-ready='true']");
    await tabUntil(page, (x) => x.id === "field-name");
    await page.keyboard.type("Official Press Office");
    await tabUntil(page, (x) => x.id === "field-bio");
    await page.keyboard.type("Civil servant");
    await page.locator("[data-group='bio'] li").waitFor();
    const current = await page.locator(".site-nav a[aria-current='page']").innerText();
    assert.equal(current, "Profile");
  });

  test("no errors, no CSP violations, no requests elsewhere", () => {
    assert.deepEqual(browser.problems, []);
  });
});

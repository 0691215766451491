// The Profile page in real Chromium: each field checked as typed, marks in the field, findings
// grouped by field.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { forget, openBrowser, screenshot, typeInto, visit } from "./helpers.mjs";

describe("Profile", () => {
  let browser;
  let page;

  before(async () => {
    browser = await openBrowser();
    page = browser.page;
    await visit(page, "/profile");
    await forget(page);
    await visit(page, "/profile");
  });

  after(async () => {
    await browser.close();
  });

  test("checking a profile explains each field's findings", async () => {
    await typeInto(page, "#field-name", "Home Office Press Office");
    await typeInto(page, "#field-handle", "@jo");
    await typeInto(page, "#field-bio", "Civil servant, dad of two");
    await typeInto(page, "#field-location", "12 Acacia Avenue, London SW1A 1AA");
    await typeInto(page, "#field-website", "http://intranet/hr");

    const group = (field) => page.locator(`[data-group='${field}']`);
    await group("website").locator("li[data-rule='internal-link-shared']").waitFor();
    await group("name").locator("li[data-rule='official-looking-name']").waitFor();
    await group("bio").locator("li[data-rule='bio-names-workplace']").waitFor();
    await group("location").locator("li[data-rule='home-address-postcode']").waitFor();
    assert.match(await group("bio").locator("h3").innerText(), /^Bio: Worth a second look$/);
    assert.match(
      await page.locator("[data-field-results]").innerText(),
      /Nothing to flag in: Handle\./,
    );
    assert.equal(await page.locator("[data-verdict-phrase]").innerText(), "Think again");

    // Each field's words are marked in that field.
    const markIn = (id) => page.locator(`.hl:has(#${id}) .hl-backdrop mark`);
    assert.equal(await markIn("field-bio").first().innerText(), "Civil servant");
    assert.equal(await markIn("field-name").first().innerText(), "Press Office");
    assert.equal(await markIn("field-website").first().innerText(), "http://intranet/hr");
    assert.equal(await markIn("field-handle").count(), 0);

    // The button selects the words in their own field.
    await group("location").locator("li[data-rule='home-address-postcode'] button").click();
    const selected = await page.evaluate(() => {
      const f = document.activeElement;
      return [f.id, f.value.slice(f.selectionStart, f.selectionEnd)];
    });
    assert.deepEqual(selected, ["field-location", "SW1A 1AA"]);

    assert.match(
      await page.locator("[data-announcer]").innerText(),
      /^Think again\. \d+ findings\./,
    );
    await screenshot(page, "profile-findings");
  });

  test("emptying every field clears the results", async () => {
    for (const id of [
      "field-name",
      "field-handle",
      "field-bio",
      "field-location",
      "field-website",
    ]) {
      await page.fill(`#${id}`, "");
    }
    await page.locator(".verdict[data-verdict='empty']").waitFor();
    assert.equal(await page.locator("[data-field-results] li").count(), 0);
    assert.equal(await page.locator(".hl-backdrop mark").count(), 0);
  });

  test("no errors, no CSP violations, no requests elsewhere", () => {
    assert.deepEqual(browser.problems, []);
  });
});

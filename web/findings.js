// Findings in plain words: what might read badly, why, what to do instead, whom to ask, and the
// clause of the guidance it comes from; and the calm overall verdict.

import { el, paragraphs, severityWord, webUrl } from "./common.js";

const PHRASES = { clear: "Looks fine", note: "Worth a second look", advice: "Worth a second look" };

/** The verdict in words, from the pack's own phrases ("Looks fine", "Think again"). */
export function verdictPhrase(pack, verdict) {
  return (pack.verdicts && pack.verdicts[verdict]) || PHRASES[verdict] || "Think again";
}

function plural(n, one, many) {
  return n === 1 ? `1 ${one}` : `${n} ${many}`;
}

/** "1 warning, 2 advice": the findings counted by severity, highest first. */
export function countBySeverity(findings) {
  const order = ["serious", "warning", "advice", "note"];
  const parts = [];
  for (const s of order) {
    const n = findings.filter((f) => f.severity === s).length;
    if (n > 0) parts.push(`${n} ${s}`);
  }
  return parts.join(", ");
}

/** Show the verdict for `findings` in the page's verdict box. */
export function showVerdict(box, pack, verdict, findings, emptyText) {
  box.dataset.verdict = verdict;
  const phrase = box.querySelector("[data-verdict-phrase]");
  const detail = box.querySelector("[data-verdict-detail]");
  if (verdict === "clear") {
    phrase.textContent = verdictPhrase(pack, "clear");
    detail.textContent = emptyText;
  } else {
    phrase.textContent = verdictPhrase(pack, verdict);
    detail.textContent =
      plural(findings.length, "thing", "things") +
      " to look at: " +
      countBySeverity(findings) +
      ".";
  }
}

/** Show a failure in the verdict box (the server's message, which says what to do). */
export function showProblem(box, message) {
  box.dataset.verdict = "error";
  box.querySelector("[data-verdict-phrase]").textContent = "Could not check";
  box.querySelector("[data-verdict-detail]").textContent = message;
}

/** What the live region says about a result. */
export function announcement(pack, verdict, findings) {
  const phrase = verdictPhrase(pack, verdict);
  if (findings.length === 0) return `${phrase}. Nothing to flag.`;
  const first = findings.slice(0, 3).map((f) => `${severityWord(f.severity)}: ${f.message}`);
  const more = findings.length > 3 ? ` And ${findings.length - 3} more.` : "";
  return `${phrase}. ${plural(findings.length, "finding", "findings")}. ${first.join(" ")}${more}`;
}

function sourceLine(f) {
  const label = [f.source.title, f.source.clause].filter(Boolean).join(", ");
  const principle = el("span", {}, f.principle.title, ". ");
  const url = webUrl(f.source.url);
  if (!url) return [principle, label];
  return [
    principle,
    el(
      "a",
      { href: url, target: "_blank", rel: "noopener noreferrer" },
      label,
      el("span", { class: "visually-hidden" }, " (opens in a new tab)"),
    ),
  ];
}

function askLine(f) {
  return f.ask.map((a, i) => [i > 0 ? "; " : "", a.name, a.reach ? ` (${a.reach})` : ""]).flat();
}

/**
 * One finding as a list item. `key` names it for the highlighter; `show(f)` selects its words in
 * the field; `activate(key|null)` emphasises its marks while it has the pointer or focus.
 */
export function renderFinding(f, { key, headingId, show, activate, headingLevel = 3 }) {
  const where =
    f.matched === ""
      ? el("p", { class: "where" }, "About the whole post.")
      : el(
          "p",
          { class: "where" },
          "Flagged: ",
          el(
            "button",
            {
              type: "button",
              class: "link-button",
              "aria-label": `“${f.matched}”: select it in the text`,
            },
            `“${f.matched}”`,
          ),
        );
  const button = where.querySelector("button");
  if (button) button.addEventListener("click", () => show(f));

  const facts = el("dl", {});
  const fact = (term, ...content) => facts.append(el("dt", {}, term), el("dd", {}, ...content));
  fact("Why it matters", ...paragraphs(f.why).map((p) => el("p", {}, p)));
  if (f.suggestion) fact("What to do instead", f.suggestion);
  if (f.ask.length > 0) fact("Whom to ask", ...askLine(f));
  fact("Guidance", ...sourceLine(f));

  const item = el(
    "li",
    { class: `finding ${f.severity}`, "data-rule": f.rule, "data-key": key },
    el(
      "article",
      { "aria-labelledby": headingId },
      el(
        `h${headingLevel}`,
        { id: headingId },
        el("span", { class: `badge ${f.severity}` }, severityWord(f.severity)),
        f.message,
      ),
      where,
      facts,
    ),
  );
  const on = () => {
    item.classList.add("active");
    activate(key);
  };
  const off = () => {
    item.classList.remove("active");
    activate(null);
  };
  item.addEventListener("mouseenter", on);
  item.addEventListener("mouseleave", off);
  item.addEventListener("focusin", on);
  item.addEventListener("focusout", off);
  return item;
}

/** The highlighter's ranges for `findings`, keyed as `renderFinding` keys them. */
export function rangesOf(findings, prefix) {
  return findings.map((f, i) => ({
    start: f.utf16_start,
    end: f.utf16_end,
    severity: f.severity,
    key: `${prefix}${i}`,
  }));
}

// The Write page: a draft checked as the person types, its risky words marked in place, each
// finding explained beside it, and a calm verdict.

import { createAnnouncer, createChecker, loadPack, showPackName } from "./common.js";
import { setupContext } from "./context.js";
import { announcement, rangesOf, renderFinding, showProblem, showVerdict } from "./findings.js";
import { Highlighter } from "./highlight.js";
import { describeLength } from "./length.js";

const draft = document.getElementById("draft");
const results = document.getElementById("results");
const verdictBox = results.querySelector(".verdict");
const list = results.querySelector("[data-findings]");
const counter = document.querySelector("[data-counter]");
const jump = document.querySelector("[data-jump]");
const announce = createAnnouncer(document.querySelector("[data-announcer]"));
const highlighter = new Highlighter(document.querySelector("[data-highlight]"));

function showEmpty() {
  verdictBox.dataset.verdict = "empty";
  verdictBox.querySelector("[data-verdict-phrase]").textContent = "Nothing to check yet";
  verdictBox.querySelector("[data-verdict-detail]").textContent =
    "Start typing and the advice appears here.";
  list.replaceChildren();
  jump.hidden = true;
  highlighter.setRanges(draft.value, []);
  announce("");
}

async function start() {
  let pack;
  try {
    pack = await loadPack();
  } catch (e) {
    showProblem(verdictBox, e.message);
    return;
  }
  showPackName(pack);

  let context = null;
  const updateCounter = () => {
    const { text, over } = describeLength(draft.value, context ? context.platform() : null);
    counter.textContent = text;
    counter.classList.toggle("over", over);
  };

  const render = (report, request) => {
    const findings = report.findings;
    showVerdict(
      verdictBox,
      pack,
      report.verdict,
      findings,
      "Nothing here goes against the guidance, as far as Forethought can tell.",
    );
    list.replaceChildren(
      ...findings.map((f, i) =>
        renderFinding(f, {
          key: `f${i}`,
          headingId: `finding-${i}`,
          show: (finding) => highlighter.select(finding.utf16_start, finding.utf16_end),
          activate: (key) => highlighter.setActive(key),
        }),
      ),
    );
    highlighter.setActive(null);
    highlighter.setRanges(request.text, rangesOf(findings, "f"));
    jump.hidden = findings.length === 0;
    jump.textContent =
      findings.length === 1 ? "1 thing to look at" : `${findings.length} things to look at`;
    announce(announcement(pack, report.verdict, findings));
  };

  const checker = createChecker({
    path: "/api/v1/check",
    build: () =>
      draft.value.trim() === "" ? null : { text: draft.value, context: context.request() },
    onResult: render,
    onEmpty: showEmpty,
    onError: (e) => {
      showProblem(verdictBox, e.message);
      announce("Could not check: " + e.message);
    },
    onBusy: (busy) => results.setAttribute("aria-busy", busy ? "true" : "false"),
  });

  context = setupContext(pack, {
    withTime: true,
    onChange: () => {
      updateCounter();
      checker.now();
    },
  });
  draft.addEventListener("input", () => {
    updateCounter();
    checker.schedule();
  });
  updateCounter();
  document.body.dataset.ready = "true";
  if (draft.value.trim() !== "") checker.now();
}

start();

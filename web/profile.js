// The Profile page: display name, handle, bio, location and website, each checked as the person
// types, with the risky words marked in place and the findings grouped by field.

import { createAnnouncer, createChecker, el, loadPack, showPackName } from "./common.js";
import { setupContext } from "./context.js";
import {
  announcement,
  rangesOf,
  renderFinding,
  showProblem,
  showVerdict,
  verdictPhrase,
} from "./findings.js";
import { Highlighter } from "./highlight.js";

const FIELDS = [
  ["name", "Display name"],
  ["handle", "Handle"],
  ["bio", "Bio"],
  ["location", "Location"],
  ["website", "Website"],
];

const results = document.getElementById("results");
const verdictBox = results.querySelector(".verdict");
const groups = results.querySelector("[data-field-results]");
const announce = createAnnouncer(document.querySelector("[data-announcer]"));

const fields = new Map(
  FIELDS.map(([name, label]) => {
    const input = document.querySelector(`[data-field="${name}"]`);
    const highlighter = new Highlighter(input.closest("[data-highlight]"));
    return [name, { name, label, input, highlighter }];
  }),
);

function showEmpty() {
  verdictBox.dataset.verdict = "empty";
  verdictBox.querySelector("[data-verdict-phrase]").textContent = "Nothing to check yet";
  verdictBox.querySelector("[data-verdict-detail]").textContent =
    "Fill in a field and the advice appears here.";
  groups.replaceChildren();
  for (const f of fields.values()) f.highlighter.setRanges(f.input.value, []);
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

  const render = (report, request) => {
    const all = report.fields.flatMap((f) => f.findings);
    showVerdict(
      verdictBox,
      pack,
      report.verdict,
      all,
      "Nothing in your profile goes against the guidance, as far as Forethought can tell.",
    );
    const nodes = [];
    const clear = [];
    const checked = new Set();
    for (const result of report.fields) {
      const field = fields.get(result.field);
      if (!field) continue;
      checked.add(result.field);
      const prefix = `${result.field}-`;
      field.highlighter.setActive(null);
      field.highlighter.setRanges(request[result.field] ?? "", rangesOf(result.findings, prefix));
      if (result.findings.length === 0) {
        clear.push(field.label);
        continue;
      }
      const headingId = `group-${result.field}`;
      nodes.push(
        el(
          "section",
          { class: "field-group", "aria-labelledby": headingId, "data-group": result.field },
          el("h3", { id: headingId }, `${field.label}: ${verdictPhrase(pack, result.verdict)}`),
          el(
            "ol",
            { class: "findings" },
            result.findings.map((f, i) =>
              renderFinding(f, {
                key: `${prefix}${i}`,
                headingId: `finding-${result.field}-${i}`,
                headingLevel: 4,
                show: (finding) => field.highlighter.select(finding.utf16_start, finding.utf16_end),
                activate: (key) => field.highlighter.setActive(key),
              }),
            ),
          ),
        ),
      );
    }
    for (const field of fields.values()) {
      if (!checked.has(field.name)) field.highlighter.setRanges(field.input.value, []);
    }
    if (clear.length > 0) {
      nodes.push(
        el(
          "p",
          { class: "empty-state field-group" },
          "Nothing to flag in: " + clear.join(", ") + ".",
        ),
      );
    }
    groups.replaceChildren(...nodes);
    announce(announcement(pack, report.verdict, all));
  };

  let context = null;
  const checker = createChecker({
    path: "/api/v1/check-profile",
    build: () => {
      const request = {};
      let any = false;
      for (const f of fields.values()) {
        request[f.name] = f.input.value;
        if (f.input.value.trim() !== "") any = true;
      }
      if (!any) return null;
      request.context = context.request();
      return request;
    },
    onResult: render,
    onEmpty: showEmpty,
    onError: (e) => {
      showProblem(verdictBox, e.message);
      announce("Could not check: " + e.message);
    },
    onBusy: (busy) => results.setAttribute("aria-busy", busy ? "true" : "false"),
  });

  context = setupContext(pack, { onChange: () => checker.now() });
  for (const f of fields.values()) {
    f.input.addEventListener("input", () => checker.schedule());
  }
  document.body.dataset.ready = "true";
  if ([...fields.values()].some((f) => f.input.value.trim() !== "")) checker.now();
}

start();

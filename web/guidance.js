// The Guidance page: the pack in use as a handbook (principles, rules, examples), rendered from
// `/api/v1/handbook`, the same compiled pack the checks use, so the two never disagree.

import { api, el, loadPack, severityWord, showPackName, webUrl } from "./common.js";

const root = document.querySelector("[data-handbook]");

function sourceOf(source) {
  const label = [source.title, source.clause].filter(Boolean).join(", ");
  const url = webUrl(source.url);
  const link = url
    ? el(
        "a",
        { href: url, target: "_blank", rel: "noopener noreferrer" },
        label,
        el("span", { class: "visually-hidden" }, " (opens in a new tab)"),
      )
    : label;
  return el("p", { class: "source" }, "Source: ", link);
}

function slug(prefix, id) {
  return `${prefix}-${String(id).replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}

function severityLine(rule) {
  const usual = [
    el("span", { class: `badge ${rule.severity}` }, severityWord(rule.severity)),
    "usually",
  ];
  if (rule.severity_when.length === 0) return usual;
  return [
    usual,
    el(
      "ul",
      { class: "severity-when" },
      rule.severity_when.map((sw) =>
        el(
          "li",
          {},
          el("span", { class: `badge ${sw.severity}` }, severityWord(sw.severity)),
          sw.when,
        ),
      ),
    ),
  ];
}

function example(e) {
  const context = e.context.length > 0 ? ` (${e.context.join(", ")})` : "";
  if (e.flags.length === 0) {
    return el(
      "li",
      {},
      el("span", { class: "example-label" }, "Fine" + context + ": "),
      `“${e.text}”`,
    );
  }
  const flagged = e.flags.map((f) => (f === "" ? "the whole post" : `“${f}”`)).join(", ");
  const severity = e.severity ? `, ${e.severity}` : "";
  return el(
    "li",
    {},
    el("span", { class: "example-label" }, `Flags ${flagged}${context}${severity}: `),
    `“${e.text}”`,
  );
}

function rule(r) {
  const headingId = slug("rule", r.id);
  const facts = el("dl", { class: "rule-facts" });
  const fact = (term, ...content) => facts.append(el("dt", {}, term), el("dd", {}, ...content));
  fact("How much it matters", ...severityLine(r));
  if (r.applies !== "always") fact("Applies", r.applies);
  const reads = r.reads.length === 1 && r.reads[0] === "post" ? null : r.reads.join(", ");
  if (reads) fact("Reads", reads);
  if (r.ask.length > 0) fact("Whom to ask", r.ask.join("; "));
  if (r.tags.length > 0) fact("About", r.tags.join(", "));
  return el(
    "article",
    { class: "rule", "aria-labelledby": headingId },
    el("h3", { id: headingId }, r.title, " ", el("code", { class: "rule-id" }, r.id)),
    r.why.map((p) => el("p", {}, p)),
    r.suggestion ? el("p", {}, el("strong", {}, "Instead: "), r.suggestion) : null,
    facts,
    r.examples.length > 0
      ? [
          el("p", { class: "example-label" }, "Examples"),
          el("ul", { class: "examples" }, r.examples.map(example)),
        ]
      : null,
  );
}

function whoAndWhen(h) {
  if (h.roles.length + h.professions.length + h.periods.length === 0) return null;
  const list = el("dl", { class: "who-when" });
  const entry = (term, description) => list.append(el("dt", {}, term), el("dd", {}, description));
  for (const r of h.roles) {
    const also =
      r.includes.length > 0 ? ` Also covers what applies to: ${r.includes.join(", ")}.` : "";
    entry(`Role: ${r.title}`, (r.description || "") + also);
  }
  for (const p of h.professions) entry(`Profession: ${p.title}`, p.description || "");
  for (const p of h.periods) {
    entry(`Period: ${p.title}`, `${p.description || ""} (${p.windows.join("; ")})`);
  }
  return el(
    "section",
    { "aria-labelledby": "who-when" },
    el("h2", { id: "who-when" }, "Who and when"),
    el(
      "p",
      {},
      "Choose these in “Your context” on the Write and Profile pages: the same post can " +
        "matter more for one role than another.",
    ),
    list,
  );
}

function contacts(h) {
  if (h.contacts.length === 0) return null;
  return el(
    "section",
    { "aria-labelledby": "whom-to-ask" },
    el("h2", { id: "whom-to-ask" }, "Whom to ask"),
    el(
      "ul",
      {},
      h.contacts.map((c) => el("li", {}, c.name, c.reach ? ` (${c.reach})` : "")),
    ),
  );
}

function render(h) {
  const toc = el(
    "nav",
    { class: "toc", "aria-labelledby": "toc-heading" },
    el("h2", { id: "toc-heading" }, "Contents"),
    el(
      "ol",
      {},
      h.principles.map((p) =>
        el(
          "li",
          {},
          el("a", { href: "#" + slug("principle", p.id) }, p.title),
          ` (${p.rules.length} ${p.rules.length === 1 ? "rule" : "rules"})`,
        ),
      ),
    ),
  );
  const principles = h.principles.map((p) => {
    const id = slug("principle", p.id);
    return el(
      "section",
      { class: "principle", "aria-labelledby": id },
      el("h2", { id, tabindex: "-1" }, p.title),
      p.summary.map((s) => el("p", {}, s)),
      sourceOf(p.source),
      p.rules.map(rule),
    );
  });
  const parts = [
    el("h1", {}, h.pack.name),
    h.pack.description.map((p) => el("p", { class: "lede" }, p)),
    h.pack.extends.length > 0
      ? el("p", {}, `Builds on: ${h.pack.extends.join(", ")}. Their rules are listed here too.`)
      : null,
    el(
      "p",
      { class: "notice" },
      "This is advice, not a rulebook: Forethought points out what might read badly and why; " +
        "you decide. How much something matters runs from note, through advice and warning, " +
        "to serious.",
    ),
    el(
      "p",
      {},
      el(
        "a",
        { href: "/api/v1/handbook?format=markdown", download: `${h.pack.id}-handbook.md` },
        "Download this guidance as Markdown",
      ),
      ` (version ${h.pack.version}).`,
    ),
    toc,
    whoAndWhen(h),
    contacts(h),
    principles,
  ];
  root.replaceChildren(...parts.flat(Infinity).filter(Boolean));
  root.setAttribute("aria-busy", "false");
}

async function start() {
  try {
    const [handbook, pack] = await Promise.all([api("/api/v1/handbook"), loadPack()]);
    showPackName(pack);
    render(handbook);
    document.title = `Guidance: ${handbook.pack.name} · Forethought`;
    document.body.dataset.ready = "true";
  } catch (e) {
    root.replaceChildren(
      el("h1", {}, "Guidance"),
      el("p", { class: "error-box", role: "alert" }, e.message),
    );
    root.setAttribute("aria-busy", "false");
  }
}

start();

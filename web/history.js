// The History page: an archive of the person's posts audited on this computer (uploaded to the
// local server, its progress followed as server-sent events), then the report: the summary, a
// timeline, what only shows across posts, the profile, what worked, and the flagged posts to work
// through one by one, each decision kept in the person's own audit store.

import {
  api,
  createAnnouncer,
  el,
  loadPack,
  severityWord,
  showPackName,
  webUrl,
} from "./common.js";
import { setupContext } from "./context.js";
import { scrollable, timeline } from "./timeline.js";

const SEVERITIES = ["serious", "warning", "advice", "note"];
const KINDS = {
  post: "Post",
  reply: "Reply",
  repost: "Repost",
  quote: "Quote",
  like: "Like",
  comment: "Comment",
};
const PLATFORMS = {
  x: "X",
  mastodon: "Mastodon",
  bluesky: "Bluesky",
  linkedin: "LinkedIn",
  facebook: "Facebook",
  other: "a file of posts",
};
/** The decisions offered on each post: what the button says, and what is said once it is made. */
const DECISIONS = [
  { id: "keep", label: "Keep it", done: "Kept" },
  { id: "will-delete", label: "Will delete", done: "On the list to delete" },
  { id: "deleted", label: "I deleted it", done: "Deleted" },
  { id: "edited", label: "I edited it", done: "Edited" },
  { id: "make-private", label: "I made it private", done: "Made private" },
];
const BACK = { id: "reviewed", label: "Put it back on the list", done: "Back on the list" };
const PAGE = 20;
const UNREACHABLE =
  "Forethought's local server is not answering. Is it still running? Start it again with " +
  "`forethought serve`.";

const form = document.querySelector("[data-audit-form]");
const fileInput = document.getElementById("archive");
const formatSelect = document.getElementById("archive-format");
const archiveError = document.querySelector("[data-archive-error]");
const drop = document.querySelector("[data-drop]");
const startButton = document.querySelector("[data-start]");
const progressBox = document.querySelector("[data-progress]");
const progressBar = document.getElementById("audit-progress");
const progressText = document.querySelector("[data-progress-text]");
const auditError = document.querySelector("[data-audit-error]");
const noStore = document.querySelector("[data-no-store]");
const report = document.getElementById("report");
const reportEmpty = document.querySelector("[data-report-empty]");
const reportBody = document.querySelector("[data-report-body]");
const announce = createAnnouncer(document.querySelector("[data-announcer]"));

let pack = null;
let context = null;
let running = false;

const number = (n) => Number(n || 0).toLocaleString("en-GB");
const plural = (n, one, many) => `${number(n)} ${n === 1 ? one : many}`;

/** `2019-05-03T21:30:00+01:00` as "3 May 2019", in the post's own offset; null if undated. */
function postDate(createdAt) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(createdAt || "");
  if (!m) return null;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}

/** A time the store wrote (UTC) as a day on this computer. */
function day(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
}

function slug(id) {
  return String(id).replace(/[^a-zA-Z0-9_-]/g, "-");
}

// ---------------------------------------------------------------------------------------------
// Auditing an archive

function showArchiveError(message) {
  archiveError.textContent = message;
  archiveError.hidden = !message;
  fileInput.setAttribute(
    "aria-describedby",
    message ? "archive-hint archive-error" : "archive-hint",
  );
  if (message) fileInput.setAttribute("aria-invalid", "true");
  else fileInput.removeAttribute("aria-invalid");
}

function setRunning(on) {
  running = on;
  startButton.setAttribute("aria-disabled", on ? "true" : "false");
  startButton.textContent = on ? "Auditing…" : "Audit my posts";
}

let lastStep = 0;

/** Show how far the upload (`phase: "upload"`) or the audit (`"audit"`) has got. */
function showProgress(phase, fraction, posts = 0) {
  progressBox.hidden = false;
  const percent = Math.max(0, Math.min(100, Math.floor(fraction * 100)));
  progressBar.value = percent;
  progressBar.textContent = `${percent}%`;
  if (phase === "upload") {
    progressText.textContent = `Sending the archive to Forethought on this computer: ${percent}%.`;
    return;
  }
  progressText.textContent =
    posts > 0
      ? `Checked ${plural(posts, "post", "posts")}; ${percent}% of the archive read.`
      : `Reading the archive: ${percent}%.`;
  // The live region hears every quarter, not every tick.
  const step = Math.floor(percent / 25) * 25;
  if (step > lastStep && step < 100) {
    lastStep = step;
    announce(`Auditing: ${step}% of the archive read, ${plural(posts, "post", "posts")} checked.`);
  }
}

function fail(message) {
  setRunning(false);
  progressBox.hidden = true;
  auditError.replaceChildren(el("p", {}, el("strong", {}, "The audit did not finish. "), message));
  auditError.hidden = false;
  announce(`The audit did not finish. ${message}`);
}

async function finish(summary) {
  progressBar.value = 100;
  progressBar.textContent = "100%";
  progressText.textContent =
    `Done: checked ${plural(summary.posts, "post", "posts")}; ` +
    `${number(summary.posts_with_findings)} with something to look at.`;
  setRunning(false);
  await loadReport();
  announce(
    `Audit finished: ${plural(summary.posts, "post", "posts")} checked, ` +
      `${number(summary.posts_with_findings)} with something to look at. The results are below.`,
  );
}

/** Follow audit `id` to its end through its server-sent events. */
function follow(id) {
  setRunning(true);
  lastStep = 0;
  showProgress("audit", 0);
  const source = new EventSource(`/api/v1/audits/${encodeURIComponent(id)}/events`);
  source.addEventListener("progress", (event) => {
    const p = JSON.parse(event.data);
    showProgress("audit", p.bytes_total > 0 ? p.bytes_read / p.bytes_total : 0, p.posts);
  });
  source.addEventListener("done", (event) => {
    source.close();
    finish(JSON.parse(event.data));
  });
  source.addEventListener("failed", (event) => {
    source.close();
    fail(JSON.parse(event.data).error);
  });
  source.addEventListener("error", () => {
    // The browser reconnects by itself; the server then says where the audit stands.
    if (source.readyState === EventSource.CLOSED) fail(UNREACHABLE);
    else progressText.textContent = "Lost touch with the audit; reconnecting…";
  });
}

function startAudit() {
  if (running) return;
  const file = fileInput.files[0];
  if (!file) {
    const message = "Choose the archive of your posts first.";
    showArchiveError(message);
    fileInput.focus();
    announce(message);
    return;
  }
  showArchiveError("");
  auditError.hidden = true;
  const params = new URLSearchParams();
  params.set("filename", file.name);
  if (formatSelect.value) params.set("format", formatSelect.value);
  const request = context.request();
  params.set("account", request.account);
  for (const role of request.role) params.append("role", role);
  for (const profession of request.profession) params.append("profession", profession);

  setRunning(true);
  showProgress("upload", 0);
  announce("Audit started. Sending the archive to Forethought on this computer.");
  // XMLHttpRequest rather than fetch: it reports the upload's progress.
  const xhr = new XMLHttpRequest();
  xhr.open("POST", "/api/v1/audits?" + params.toString());
  xhr.setRequestHeader("Content-Type", "application/octet-stream");
  xhr.responseType = "json";
  xhr.upload.addEventListener("progress", (event) => {
    if (event.lengthComputable) showProgress("upload", event.loaded / event.total);
  });
  xhr.addEventListener("load", () => {
    const body = xhr.response;
    if (xhr.status === 202 && body && body.id) {
      follow(body.id);
    } else {
      fail(
        (body && body.error && body.error.message) ||
          `Forethought could not start the audit (status ${xhr.status}).`,
      );
    }
  });
  xhr.addEventListener("error", () => fail(UNREACHABLE));
  xhr.send(file);
}

function setupForm() {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    startAudit();
  });
  fileInput.addEventListener("change", () => {
    if (fileInput.files.length > 0) showArchiveError("");
  });
  drop.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("dragging");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("dragging"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("dragging");
    if (event.dataTransfer && event.dataTransfer.files.length > 0) {
      fileInput.files = event.dataTransfer.files;
      showArchiveError("");
      announce(`Chosen: ${fileInput.files[0].name}.`);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The report

/** The numbers that change as the person decides, kept to update in place. */
const live = { open: null, decided: null };

/** A part of the report, under its heading (not a landmark: the headings structure it). */
function section(id, title, ...children) {
  return el(
    "section",
    { class: "report-part" },
    el("h3", { id, tabindex: "-1" }, title),
    ...children,
  );
}

function describeContext(text) {
  const parts = [];
  for (const piece of String(text || "").split("; ")) {
    const [key, value = ""] = piece.split("=");
    if (key === "account") {
      const kind = pack.account_kinds.find((k) => k.id === value);
      parts.push((kind ? kind.title : value) + " account");
    } else if (key === "roles" || key === "professions") {
      const list = key === "roles" ? pack.roles : pack.professions;
      for (const id of value.split(",")) {
        const found = list.find((x) => x.id === id);
        parts.push(found ? found.title : id);
      }
    }
  }
  return parts.join(" · ");
}

function metaLine(history) {
  const { source, run } = history;
  const platform = PLATFORMS[source.platform] || source.platform;
  // Mastodon handles carry their own @ (user@server); the others get one.
  const handle = source.handle.includes("@") ? source.handle : "@" + source.handle;
  const who = source.platform === "other" ? platform : `${handle} on ${platform}`;
  const parts = [who];
  if (run.finished_at) parts.push(`audited ${day(run.finished_at)}`);
  const guidance = pack.id === run.pack_id ? pack.name : run.pack_id;
  parts.push(`against ${guidance} (version ${run.pack_version})`);
  const as = describeContext(run.context);
  if (as) parts.push(`as: ${as}`);
  return el("p", { class: "report-meta" }, parts.join(" · "));
}

function card(label, value, cls) {
  const dd = el("dd", {}, value);
  return [el("div", { class: `card ${cls || ""}`.trim() }, el("dt", {}, label), dd), dd];
}

function summaryPart(history) {
  const s = history.summary;
  const bySeverity = {};
  if (s) {
    for (const sev of SEVERITIES) bySeverity[sev] = s.posts_by_severity[sev];
  } else {
    for (const t of history.counts.by_severity) bySeverity[t.severity] = t.posts;
  }
  // Without the audit's own summary (one the command line ran), the store knows only the posts
  // it keeps: the flagged ones.
  const cards = s
    ? [
        card("Posts checked", number(s.posts))[0],
        card("With something to look at", number(s.posts_with_findings))[0],
      ]
    : [card("Flagged posts", number(history.run.posts_with_findings))[0]];
  for (const sev of SEVERITIES) {
    cards.push(card(severityWord(sev), number(bySeverity[sev] || 0), sev)[0]);
  }
  const [openCard, openValue] = card("Still to decide on", number(history.open_posts), "todo");
  const [decidedCard, decidedValue] = card("Decided", number(history.decided_posts), "todo");
  live.open = openValue;
  live.decided = decidedValue;
  cards.push(openCard, decidedCard);
  const notes = [];
  notes.push(
    el(
      "p",
      { class: "hint" },
      "Posts are counted by their most serious finding. Likes and reposts count as posts: " +
        "what you shared says something too.",
    ),
  );
  if (s && s.skipped > 0) {
    notes.push(
      el(
        "p",
        { class: "hint" },
        `${plural(s.skipped, "record", "records")} of the archive could not be read and ` +
          `${s.skipped === 1 ? "was" : "were"} skipped.`,
      ),
    );
  }
  if (s && s.store && s.store.compared_with_previous) {
    notes.push(
      el(
        "p",
        {},
        `${plural(s.store.new_findings, "finding is", "findings are")} new since your previous ` +
          "audit of this account; your decisions are kept.",
      ),
    );
  }
  return section("report-summary", "Summary", el("dl", { class: "cards" }, cards), notes);
}

function principlePart(history) {
  const rows = history.summary ? history.summary.by_principle : history.counts.by_principle;
  if (rows.length === 0) {
    return section(
      "report-principles",
      "By principle",
      el("p", { class: "empty-state" }, "No findings."),
    );
  }
  const table = el(
    "table",
    { class: "numbers" },
    el("caption", { class: "visually-hidden" }, "Findings by principle, most first"),
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        el("th", { scope: "col" }, "Principle"),
        el("th", { scope: "col", class: "n" }, "Posts"),
        el("th", { scope: "col", class: "n" }, "Findings"),
      ),
    ),
    el(
      "tbody",
      {},
      rows.map((p) =>
        el(
          "tr",
          {},
          el("th", { scope: "row" }, p.title),
          el("td", { class: "n" }, number(p.posts)),
          el("td", { class: "n" }, number(p.findings)),
        ),
      ),
    ),
  );
  return section("report-principles", "By principle", scrollable(table, "Findings by principle"));
}

function timelinePart(history) {
  const s = history.summary;
  const rows = s ? s.by_year : history.counts.by_year;
  if (rows.length === 0) {
    return section(
      "report-timeline",
      "Findings by year",
      el("p", { class: "empty-state" }, "The archive gives no dates."),
    );
  }
  const chart = s
    ? timeline(rows, SEVERITIES, "timeline")
    : timeline(rows, ["findings"], "timeline");
  return section("report-timeline", "Findings by year", chart);
}

function findingItem(f) {
  return el(
    "li",
    { class: `finding ${f.severity}` },
    el(
      "p",
      { class: "finding-title" },
      el("span", { class: `badge ${f.severity}` }, severityWord(f.severity)),
      f.message,
    ),
    f.why ? el("p", {}, f.why.replace(/\s+/g, " ")) : null,
    f.suggestion ? el("p", {}, el("strong", {}, "What to do: "), f.suggestion) : null,
  );
}

function acrossPart(summary) {
  const findings = summary.across_posts;
  return section(
    "report-across",
    "Across your posts",
    findings.length === 0
      ? el(
          "p",
          { class: "empty-state" },
          "Nothing that only shows when your posts are read together.",
        )
      : [
          el(
            "p",
            { class: "hint" },
            "Things no single post says, but your posts say together, as anyone reading your " +
              "account would see them.",
          ),
          el("ul", { class: "findings" }, findings.map(findingItem)),
        ],
  );
}

const FIELD_NAMES = {
  name: "Display name",
  handle: "Handle",
  bio: "Bio",
  location: "Location",
  website: "Website",
};

function profilePart(summary) {
  const profile = summary.profile;
  if (!profile) {
    return section(
      "report-profile",
      "Your profile",
      el("p", { class: "empty-state" }, "The archive has no profile."),
    );
  }
  const flagged = profile.fields.filter((f) => f.findings.length > 0);
  if (flagged.length === 0) {
    return section(
      "report-profile",
      "Your profile",
      el("p", { class: "empty-state" }, "Nothing to flag in your profile as the archive has it."),
    );
  }
  return section(
    "report-profile",
    "Your profile",
    el("p", { class: "hint" }, "As the archive has it; the Profile page checks it as it is now."),
    flagged.map((field) =>
      el(
        "div",
        { class: "field-group" },
        el("h4", {}, `${FIELD_NAMES[field.field] || field.field}: “${field.text}”`),
        el("ul", { class: "findings" }, field.findings.map(findingItem)),
      ),
    ),
  );
}

function workedPart(summary) {
  const rows = summary.what_worked.rows;
  if (rows.length === 0) {
    return section(
      "report-worked",
      "What worked",
      el("p", { class: "empty-state" }, "The archive has no counts of likes or reposts."),
    );
  }
  const table = el(
    "table",
    { class: "numbers" },
    el("caption", { class: "visually-hidden" }, "Engagement by what the posts contain"),
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        el("th", { scope: "col" }, "What they contain"),
        el("th", { scope: "col", class: "n" }, "Posts"),
        el("th", { scope: "col", class: "n" }, "Likes"),
        el("th", { scope: "col", class: "n" }, "Reposts"),
      ),
    ),
    el(
      "tbody",
      {},
      rows
        .slice(0, 10)
        .map((r) =>
          el(
            "tr",
            {},
            el(
              "th",
              { scope: "row" },
              r.category.startsWith("tag:") ? `Tagged “${r.label}”` : r.label,
            ),
            el("td", { class: "n" }, number(r.posts)),
            el("td", { class: "n" }, r.average_likes.toLocaleString("en-GB")),
            el("td", { class: "n" }, r.average_reposts.toLocaleString("en-GB")),
          ),
        ),
    ),
  );
  return section(
    "report-worked",
    "What worked",
    el(
      "p",
      { class: "hint" },
      "Average likes and reposts of your own posts (not reposts or likes), by what Forethought " +
        "found in them. The posts people valued are rarely the risky ones.",
    ),
    scrollable(table, "Engagement by what the posts contain"),
  );
}

// ---------------------------------------------------------------------------------------------
// The flagged posts

const filters = { decided: false, severity: "", principle: "", year: "" };
const posts = {
  list: null,
  count: null,
  more: null,
  heading: null,
  total: 0,
  sequence: 0,
};

function selectField(id, label, options, onChange) {
  const control = el("select", { id, name: id });
  for (const [value, text] of options) control.append(el("option", { value }, text));
  control.addEventListener("change", () => onChange(control.value));
  return el("div", {}, el("label", { class: "field-label", for: id }, label), control);
}

function postsPart(history) {
  const s = history.summary;
  const principles = s ? s.by_principle : history.counts.by_principle;
  const years = (s ? s.by_year : history.counts.by_year)
    .filter((y) => (s ? SEVERITIES.some((sev) => y[sev] > 0) : y.findings > 0))
    .map((y) => y.year);
  const refresh = (key) => (value) => {
    filters[key] = key === "decided" ? value === "decided" : value;
    loadPosts(true);
  };
  const filterBox = el(
    "fieldset",
    { class: "filters" },
    el("legend", {}, "Which posts"),
    selectField(
      "filter-decided",
      "Show",
      [
        ["open", "Still to decide on"],
        ["decided", "Decided"],
      ],
      refresh("decided"),
    ),
    selectField(
      "filter-severity",
      "Severity",
      [
        ["", "Any"],
        ["serious", "Serious"],
        ["warning", "Warning or serious"],
        ["advice", "Advice or more"],
      ],
      refresh("severity"),
    ),
    selectField(
      "filter-principle",
      "Principle",
      [["", "Any"]].concat(principles.map((p) => [p.id, p.title])),
      refresh("principle"),
    ),
    selectField(
      "filter-year",
      "Year",
      [["", "Any"]].concat(years.map((y) => [String(y), String(y)])),
      refresh("year"),
    ),
  );
  posts.count = el("p", { class: "posts-count", "data-posts-count": "" });
  posts.list = el("ol", { class: "posts", "data-posts": "" });
  posts.more = el(
    "button",
    { type: "button", class: "button", hidden: true, "data-more": "" },
    "Show more posts",
  );
  posts.more.addEventListener("click", () => loadPosts(false));
  const part = section(
    "report-posts",
    "Posts to work through",
    el(
      "p",
      { class: "hint" },
      "Most serious first. Decide what to do about each: your decision is kept on this computer, " +
        "and you can change it later under “Show: Decided”.",
    ),
    filterBox,
    posts.count,
    posts.list,
    posts.more,
  );
  posts.heading = part.querySelector("h3");
  for (const [key, id] of [
    ["decided", "filter-decided"],
    ["severity", "filter-severity"],
    ["principle", "filter-principle"],
    ["year", "filter-year"],
  ]) {
    const control = part.querySelector(`#${id}`);
    control.value = key === "decided" ? (filters.decided ? "decided" : "open") : filters[key];
    if (control.selectedIndex < 0) {
      control.value = "";
      filters[key] = "";
    }
  }
  return part;
}

function filtered() {
  return Boolean(filters.severity || filters.principle || filters.year);
}

function showCount() {
  const { total } = posts;
  const shown = posts.list.children.length;
  let text;
  if (filters.decided) {
    text = total === 0 ? "No decided posts" : `${plural(total, "post", "posts")} decided`;
  } else {
    text =
      total === 0
        ? filtered()
          ? "No posts still to decide on match these choices"
          : "No posts left to decide on: you have worked through them all"
        : `${plural(total, "post", "posts")} still to decide on`;
  }
  if (total > 0 && filtered()) text += " that match these choices";
  if (shown < total) text += `; showing ${number(shown)}`;
  posts.count.textContent = text + ".";
  posts.more.hidden = shown >= total;
  return text + ".";
}

/** The post's text, with its flagged words marked (by UTF-16 offsets). */
function markedText(text, findings) {
  const ranges = findings
    .filter((f) => f.utf16_end > f.utf16_start)
    .map((f) => [f.utf16_start, f.utf16_end, f.severity]);
  const rank = (s) => 4 - SEVERITIES.indexOf(s);
  const bounds = new Set([0, text.length]);
  for (const [a, b] of ranges) {
    bounds.add(Math.min(a, text.length));
    bounds.add(Math.min(b, text.length));
  }
  const points = [...bounds].sort((x, y) => x - y);
  const nodes = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const covering = ranges.filter(([s, e]) => s <= a && e >= b);
    const piece = text.slice(a, b);
    if (covering.length === 0) {
      nodes.push(piece);
      continue;
    }
    const top = covering.reduce((x, y) => (rank(y[2]) > rank(x[2]) ? y : x));
    nodes.push(el("mark", { class: top[2] }, piece));
  }
  return nodes;
}

function decisionText(decision) {
  if (!decision) return "";
  const known = DECISIONS.concat([{ id: "reviewed", done: "Looked at, not decided" }]).find(
    (d) => d.id === decision.decision,
  );
  const when = decision.decided_at ? ` on ${day(decision.decided_at)}` : "";
  return `Your decision: ${known ? known.done : decision.decision}${when}.`;
}

function renderPost(post) {
  const id = `post-${slug(post.id)}`;
  const date = postDate(post.created_at);
  const kind = KINDS[post.kind] || post.kind;
  const title = `${kind}, ${date || "undated"}`;
  const facts = [];
  if (post.likes !== null) facts.push(plural(post.likes, "like", "likes"));
  if (post.reposts !== null) facts.push(plural(post.reposts, "repost", "reposts"));
  if (post.deleted) facts.push("marked deleted in the archive");
  const url = webUrl(post.url);
  const meta = el(
    "p",
    { class: "post-meta" },
    facts.join(" · "),
    facts.length > 0 && url ? " · " : "",
    url
      ? el(
          "a",
          { href: url, target: "_blank", rel: "noopener noreferrer" },
          "Open the original",
          el("span", { class: "visually-hidden" }, ` (${title.toLowerCase()}, opens in a new tab)`),
        )
      : null,
  );
  const status = el(
    "p",
    { class: "decision-now", "data-decision-now": "" },
    decisionText(post.decision),
  );
  const item = el("li", { class: `post ${post.severity}`, "data-post-id": post.id });
  const choices = filters.decided ? DECISIONS.concat([BACK]) : DECISIONS;
  const current = post.decision ? post.decision.decision : null;
  const buttons = choices.map((d) => {
    const button = el(
      "button",
      {
        type: "button",
        class: "button small",
        "data-decision": d.id,
        "aria-pressed": d === BACK ? null : current === d.id ? "true" : "false",
      },
      d.label,
    );
    button.addEventListener("click", () => decide(post, d, title, item));
    return button;
  });
  item.append(
    el(
      "article",
      { "aria-labelledby": id },
      el(
        "h4",
        { id, tabindex: "-1" },
        el("span", { class: `badge ${post.severity}` }, severityWord(post.severity)),
        el("span", { class: "visually-hidden" }, ": "),
        title,
      ),
      meta,
      el("blockquote", { class: "post-text" }, markedText(post.text, post.findings)),
      el(
        "ul",
        { class: "post-findings" },
        post.findings.map((f) =>
          el(
            "li",
            {},
            el("span", { class: `badge ${f.severity}` }, severityWord(f.severity)),
            f.message,
            el("span", { class: "finding-principle" }, ` ${f.principle.title}.`),
          ),
        ),
      ),
      el(
        "div",
        { class: "decision", role: "group", "aria-labelledby": `${id} ${id}-decide` },
        el("p", { class: "decision-label", id: `${id}-decide` }, "What will you do?"),
        el("div", { class: "decision-buttons" }, buttons),
      ),
      status,
    ),
  );
  return item;
}

/** Load the first page of posts (`reset`) or the next one; `quiet` says nothing about it. */
async function loadPosts(reset, { quiet = false } = {}) {
  const sequence = ++posts.sequence;
  const offset = reset ? 0 : posts.list.children.length;
  const params = new URLSearchParams({ offset: String(offset), limit: String(PAGE) });
  if (filters.decided) params.set("decided", "true");
  for (const key of ["severity", "principle", "year"]) {
    if (filters[key]) params.set(key, filters[key]);
  }
  posts.list.setAttribute("aria-busy", "true");
  let page;
  try {
    page = await api("/api/v1/history/posts?" + params.toString());
  } catch (e) {
    if (sequence !== posts.sequence) return;
    posts.count.textContent = "Could not load the posts: " + e.message;
    announce("Could not load the posts: " + e.message);
    posts.list.setAttribute("aria-busy", "false");
    return;
  }
  if (sequence !== posts.sequence) return;
  const items = page.posts.map(renderPost);
  if (reset) posts.list.replaceChildren(...items);
  else posts.list.append(...items);
  posts.total = page.total;
  posts.list.setAttribute("aria-busy", "false");
  const said = showCount();
  if (quiet) return;
  if (reset) {
    announce(said);
  } else {
    announce(`Showing ${number(posts.list.children.length)} of ${number(posts.total)}.`);
    items[0]?.querySelector("h4")?.focus();
  }
}

async function decide(post, decision, title, item) {
  let recorded;
  try {
    recorded = await api("/api/v1/history/decisions", {
      body: { post_id: post.id, decision: decision.id },
    });
  } catch (e) {
    item.querySelector("[data-decision-now]").textContent = "Could not record it: " + e.message;
    announce("Could not record the decision: " + e.message);
    return;
  }
  const leaves = filters.decided ? decision.id === "reviewed" : decision.id !== "reviewed";
  if (leaves) {
    const next = item.nextElementSibling || item.previousElementSibling;
    item.remove();
    posts.total = Math.max(0, posts.total - 1);
    showCount();
    (next ? next.querySelector("h4") : posts.heading).focus();
  } else {
    for (const button of item.querySelectorAll("[data-decision]")) {
      if (button.hasAttribute("aria-pressed")) {
        button.setAttribute(
          "aria-pressed",
          button.dataset.decision === decision.id ? "true" : "false",
        );
      }
    }
    item.querySelector("[data-decision-now]").textContent = decisionText(recorded);
  }
  announce(
    `${decision.done}: ${title}. ` +
      `${plural(recorded.open_posts, "post", "posts")} still to decide on.`,
  );
  refreshCounts();
}

/** After a decision: the numbers in the summary and the list of links to delete. */
async function refreshCounts() {
  try {
    const history = await api("/api/v1/history");
    if (live.open) live.open.textContent = number(history.open_posts);
    if (live.decided) live.decided.textContent = number(history.decided_posts);
  } catch {
    // The numbers stay as they were; the next load corrects them.
  }
  loadLinks();
}

// ---------------------------------------------------------------------------------------------
// The posts to delete

const links = { list: null, empty: null, copy: null, urls: [] };

function deletePart() {
  links.list = el("ul", { class: "links", "data-links": "" });
  links.empty = el(
    "p",
    { class: "empty-state" },
    "None yet. When you choose “Will delete” for a post, its link appears here, so you can " +
      "open it and delete it on the platform.",
  );
  links.copy = el("button", { type: "button", class: "button", hidden: true }, "Copy the links");
  links.copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(links.urls.join("\n") + "\n");
      announce(`Copied ${plural(links.urls.length, "link", "links")}.`);
    } catch {
      announce("Could not copy the links; select them in the list instead.");
    }
  });
  return section(
    "report-delete",
    "Posts to delete",
    el(
      "p",
      { class: "hint" },
      "Open each and delete it on the platform, then choose “I deleted it” for it under " +
        "“Show: Decided”.",
    ),
    links.empty,
    links.list,
    links.copy,
  );
}

async function loadLinks() {
  let answer;
  try {
    answer = await api("/api/v1/history/will-delete");
  } catch {
    return;
  }
  links.urls = answer.links.map((l) => webUrl(l.url)).filter(Boolean);
  links.list.replaceChildren(
    ...answer.links.map((l) => {
      const date = postDate(l.created_at) || "undated";
      const url = webUrl(l.url);
      return el(
        "li",
        {},
        url
          ? el(
              "a",
              { href: url, target: "_blank", rel: "noopener noreferrer" },
              `Post of ${date}`,
              el("span", { class: "visually-hidden" }, " (opens in a new tab)"),
            )
          : `Post of ${date} (the archive has no link; its id is ${l.post_id})`,
        url ? el("span", { class: "link-url" }, url) : null,
      );
    }),
  );
  links.empty.hidden = answer.links.length > 0;
  links.copy.hidden = links.urls.length === 0;
}

// ---------------------------------------------------------------------------------------------

function showEmpty() {
  reportEmpty.hidden = false;
  reportBody.replaceChildren();
  report.setAttribute("aria-busy", "false");
}

async function loadReport() {
  report.setAttribute("aria-busy", "true");
  let history;
  try {
    history = await api("/api/v1/history");
  } catch (e) {
    if (e.code === "no_audit") {
      showEmpty();
    } else {
      reportEmpty.hidden = true;
      reportBody.replaceChildren(el("p", { class: "error-box" }, e.message));
      report.setAttribute("aria-busy", "false");
    }
    return;
  }
  reportEmpty.hidden = true;
  const parts = [
    metaLine(history),
    summaryPart(history),
    timelinePart(history),
    principlePart(history),
  ];
  if (history.summary) {
    parts.push(
      acrossPart(history.summary),
      profilePart(history.summary),
      workedPart(history.summary),
    );
  }
  parts.push(postsPart(history), deletePart());
  reportBody.replaceChildren(...parts);
  await Promise.all([loadPosts(true, { quiet: true }), loadLinks()]);
  report.setAttribute("aria-busy", "false");
}

async function start() {
  setupForm();
  try {
    pack = await loadPack();
  } catch (e) {
    auditError.replaceChildren(el("p", {}, e.message));
    auditError.hidden = false;
    return;
  }
  showPackName(pack);
  context = setupContext(pack, { withPlatform: false, onChange: () => {} });
  let state;
  try {
    state = await api("/api/v1/audits");
  } catch (e) {
    auditError.replaceChildren(el("p", {}, e.message));
    auditError.hidden = false;
    return;
  }
  if (!state.store) {
    noStore.hidden = false;
    form.hidden = true;
  }
  const under = state.audits.find((a) => a.status === "running");
  if (under) follow(under.id);
  if (state.history) await loadReport();
  else showEmpty();
  document.body.dataset.ready = "true";
}

start();

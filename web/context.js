// The context pickers: account kind, platform, roles, professions and (on the Write page) the
// time of posting. Their choices come from the pack (`/api/v1/pack`) and are remembered on this
// computer only (localStorage), per pack. The draft itself is never stored.

import { el } from "./common.js";

const STORAGE_PREFIX = "forethought.context.v1.";

function load(packId) {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_PREFIX + packId) || "{}") || {};
  } catch {
    return {};
  }
}

function save(packId, value) {
  try {
    localStorage.setItem(STORAGE_PREFIX + packId, JSON.stringify(value));
  } catch {
    // Storage may be off or full; the pickers still work for this visit.
  }
}

/** `2026-05-07T23:30` (a datetime-local value, in this computer's time zone) as RFC 3339. */
export function localToRfc3339(value) {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const abs = Math.abs(offset);
  const pad = (n) => String(n).padStart(2, "0");
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:00` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** The first sentence of a description: enough to choose by; the Guidance page has the rest. */
function firstSentence(text) {
  const match = /^.*?[.!?](?=\s|$)/s.exec(text);
  return match ? match[0] : text;
}

function checkboxGroup(name, legend, items, chosen, idPrefix) {
  const fieldset = el("fieldset", {}, el("legend", {}, legend));
  for (const item of items) {
    const id = `${idPrefix}-${item.id}`;
    const hintId = item.description ? id + "-hint" : null;
    const box = el("input", {
      type: "checkbox",
      id,
      name,
      value: item.id,
      "aria-describedby": hintId,
    });
    box.checked = chosen.includes(item.id);
    fieldset.append(
      el(
        "div",
        { class: "choice" },
        box,
        el("label", { for: id }, item.title),
        hintId ? el("span", { class: "hint", id: hintId }, firstSentence(item.description)) : null,
      ),
    );
  }
  return fieldset;
}

function select(id, label, options, chosen, hint) {
  const control = el("select", { id, name: id, "aria-describedby": hint ? id + "-hint" : null });
  for (const o of options) {
    const option = el("option", { value: o.value }, o.label);
    option.selected = o.value === chosen;
    control.append(option);
  }
  return {
    control,
    node: el(
      "div",
      {},
      el("label", { class: "field-label", for: id }, label),
      control,
      hint ? el("span", { class: "hint", id: id + "-hint" }, hint) : null,
    ),
  };
}

/**
 * Build the pickers in the page's `.context` panel. `onChange()` is called after every change.
 * `withPlatform: false` leaves the platform out (an audit takes it from the archive). Returns
 * `{ request(), platform() }`: the `context` object of an API request, and the chosen platform's
 * entry from the pack (or null).
 */
export function setupContext(pack, { withTime = false, withPlatform = true, onChange }) {
  const body = document.querySelector("[data-context-body]");
  const panel = body.closest("details");
  const summary = document.querySelector("[data-context-summary]");
  const stored = load(pack.id);
  // Open on a first visit, so the person sees the choices; afterwards the summary line says
  // what is chosen and the panel stays out of the way.
  if (panel && Object.keys(stored).length > 0) panel.open = false;
  const known = (list, ids) =>
    Array.isArray(ids) ? ids.filter((id) => list.some((x) => x.id === id)) : [];
  const state = {
    account: pack.account_kinds.some((k) => k.id === stored.account)
      ? stored.account
      : pack.defaults.account,
    platform: pack.platforms.some((p) => p.id === stored.platform) ? stored.platform : "",
    roles: known(pack.roles, stored.roles),
    professions: known(pack.professions, stored.professions),
    at: "",
  };

  const account = select(
    "ctx-account",
    "Account",
    pack.account_kinds.map((k) => ({ value: k.id, label: k.title })),
    state.account,
    " ",
  );
  const accountHint = account.node.querySelector(".hint");
  const showAccountHint = () => {
    const kind = pack.account_kinds.find((k) => k.id === state.account);
    accountHint.textContent = kind ? kind.description : "";
  };
  showAccountHint();

  const platform = select(
    "ctx-platform",
    "Platform",
    [{ value: "", label: "Not set" }].concat(
      pack.platforms.map((p) => ({ value: p.id, label: p.name })),
    ),
    state.platform,
    "For its length limit and conventions.",
  );

  const nodes = withPlatform ? [account.node, platform.node] : [account.node];
  nodes.push(
    pack.roles.length > 0
      ? checkboxGroup("role", "Your roles", pack.roles, state.roles, "ctx-role")
      : el(
          "div",
          {},
          el("p", { class: "field-label" }, "Your roles"),
          el("p", { class: "none-here" }, "This guidance has no roles to choose from."),
        ),
  );
  if (pack.professions.length > 0) {
    nodes.push(
      checkboxGroup(
        "profession",
        "Your profession",
        pack.professions,
        state.professions,
        "ctx-profession",
      ),
    );
  }
  let timeInput = null;
  if (withTime) {
    timeInput = el("input", {
      type: "datetime-local",
      id: "ctx-at",
      name: "ctx-at",
      "aria-describedby": "ctx-at-hint",
    });
    nodes.push(
      el(
        "div",
        {},
        el("label", { class: "field-label", for: "ctx-at" }, "When it goes out"),
        timeInput,
        el(
          "span",
          { class: "hint", id: "ctx-at-hint" },
          "Leave empty for now. Some advice depends on the hour or on dated periods.",
        ),
      ),
    );
  }
  body.replaceChildren(...nodes);

  const describe = () => {
    const parts = [];
    const kind = pack.account_kinds.find((k) => k.id === state.account);
    parts.push((kind ? kind.title : state.account) + " account");
    for (const id of state.roles) parts.push(pack.roles.find((r) => r.id === id).title);
    for (const id of state.professions) {
      parts.push(pack.professions.find((p) => p.id === id).title);
    }
    const p = pack.platforms.find((x) => x.id === state.platform);
    if (p && withPlatform) parts.push("on " + p.name);
    if (state.at) parts.push("at " + state.at.replace("T", " "));
    summary.textContent = ": " + parts.join(" · ");
  };
  describe();

  body.addEventListener("change", (event) => {
    const target = event.target;
    if (target === account.control) {
      state.account = target.value;
      showAccountHint();
    } else if (target === platform.control) {
      state.platform = target.value;
    } else if (target.name === "role" || target.name === "profession") {
      const key = target.name === "role" ? "roles" : "professions";
      const boxes = body.querySelectorAll(`input[name="${target.name}"]:checked`);
      state[key] = [...boxes].map((b) => b.value);
    } else if (target === timeInput) {
      state.at = target.value;
    } else {
      return;
    }
    save(pack.id, {
      account: state.account,
      platform: state.platform,
      roles: state.roles,
      professions: state.professions,
    });
    describe();
    onChange();
  });

  return {
    request() {
      const context = {
        account: state.account,
        role: state.roles,
        profession: state.professions,
      };
      if (state.platform && withPlatform) context.platform = state.platform;
      const at = state.at ? localToRfc3339(state.at) : null;
      if (at) context.at = at;
      return context;
    },
    platform() {
      return pack.platforms.find((p) => p.id === state.platform) || null;
    },
  };
}

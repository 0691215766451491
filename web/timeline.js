// The timeline of an audit: findings by year as stacked bars (SVG, drawn from the data, styled by
// app.css), with the same numbers as a table for anyone who does not see the chart.

import { el, severityWord } from "./common.js";

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  for (const child of children) {
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const number = (n) => Number(n || 0).toLocaleString("en-GB");

/**
 * A table in a box that scrolls sideways when the window is too narrow for it (a keyboard can
 * scroll it too: the box takes the focus).
 */
export function scrollable(table, label) {
  return el(
    "div",
    { class: "table-wrap", role: "region", "aria-label": label, tabindex: "0" },
    table,
  );
}

/**
 * The chart, its legend and its table. `rows` are `{year, posts?, …series}`; `series` the keys to
 * stack, bottom up (`["serious", "warning", "advice", "note"]`, or `["findings"]` when only totals
 * are known). `id` prefixes the ids it needs.
 */
export function timeline(rows, series, id) {
  const total = (row) => series.reduce((sum, s) => sum + (row[s] || 0), 0);
  const totals = rows.map(total);
  const max = Math.max(1, ...totals);
  const bar = 28;
  const gap = 14;
  const left = 8;
  const top = 22;
  const height = 150;
  const bottom = 26;
  const width = Math.max(240, left * 2 + rows.length * (bar + gap));
  const busiest = rows.reduce((best, row, i) => (totals[i] > total(best) ? row : best), rows[0]);
  const span =
    rows.length === 0
      ? "no dated posts"
      : rows.length === 1
        ? String(rows[0].year)
        : `${rows[0].year} to ${rows[rows.length - 1].year}`;

  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const chart = svg(
    "svg",
    {
      class: "timeline",
      width,
      height: top + height + bottom,
      viewBox: `0 0 ${width} ${top + height + bottom}`,
      role: "img",
      "aria-labelledby": `${titleId} ${descId}`,
    },
    svg("title", { id: titleId }, `Findings by year, ${span}`),
    svg(
      "desc",
      { id: descId },
      busiest && total(busiest) > 0
        ? `The most were in ${busiest.year}: ${number(total(busiest))}. ` +
            "The table below has every number."
        : "No findings in any year.",
    ),
    svg("line", {
      class: "axis",
      x1: 0,
      x2: width,
      y1: top + height + 0.5,
      y2: top + height + 0.5,
    }),
  );
  rows.forEach((row, i) => {
    const x = left + gap / 2 + i * (bar + gap);
    let y = top + height;
    for (const s of series) {
      const value = row[s] || 0;
      if (value === 0) continue;
      const h = Math.max(1, (value / max) * height);
      y -= h;
      chart.append(svg("rect", { class: `bar ${s}`, x, y, width: bar, height: h }));
    }
    if (totals[i] > 0) {
      chart.append(
        svg(
          "text",
          { class: "value", x: x + bar / 2, y: y - 5, "text-anchor": "middle" },
          number(totals[i]),
        ),
      );
    }
    chart.append(
      svg(
        "text",
        { class: "year", x: x + bar / 2, y: top + height + 17, "text-anchor": "middle" },
        String(row.year),
      ),
    );
  });

  const legend =
    series.length > 1
      ? el(
          "ul",
          { class: "legend", "aria-hidden": "true" },
          series.map((s) => el("li", {}, el("span", { class: `swatch ${s}` }), severityWord(s))),
        )
      : null;

  const head = ["Year"];
  const withPosts = rows.some((r) => r.posts !== undefined);
  if (withPosts) head.push("Posts");
  head.push(...(series.length > 1 ? series.map(severityWord) : ["Findings"]));
  const table = el(
    "table",
    { class: "numbers" },
    el("caption", { class: "visually-hidden" }, `Findings by year, ${span}`),
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        head.map((h, i) => el("th", { scope: "col", class: i > 0 ? "n" : null }, h)),
      ),
    ),
    el(
      "tbody",
      {},
      rows.map((row) =>
        el(
          "tr",
          {},
          el("th", { scope: "row" }, String(row.year)),
          withPosts ? el("td", { class: "n" }, number(row.posts)) : null,
          series.map((s) => el("td", { class: "n" }, number(row[s]))),
        ),
      ),
    ),
  );

  return el(
    "div",
    { class: "chart" },
    el("div", { class: "chart-frame" }, chart),
    legend,
    el(
      "details",
      { class: "chart-table" },
      el("summary", {}, "The timeline as a table"),
      scrollable(table, `Findings by year, ${span}`),
    ),
  );
}

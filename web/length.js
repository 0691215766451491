// A draft's length as each platform counts it: the same four units as the engine's
// `over-length` metric (crates/engine/src/metrics.rs), so the counter and the finding agree.

const LINK = /\bhttps?:\/\/\S+/giu;

function characters(text) {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function graphemes(text) {
  if (typeof Intl !== "undefined" && Intl.Segmenter) {
    let n = 0;
    for (const _ of new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text)) n++;
    return n;
  }
  return characters(text);
}

/** X: Latin and common punctuation count 1, other characters 2; a link counts 23. */
function isLight(cp) {
  return (
    cp <= 4351 ||
    (cp >= 8192 && cp <= 8205) ||
    (cp >= 8208 && cp <= 8223) ||
    (cp >= 8242 && cp <= 8247)
  );
}

function weighted(text, xWeights) {
  let n = 0;
  let last = 0;
  const count = (part) => {
    for (const ch of part) n += !xWeights || isLight(ch.codePointAt(0)) ? 1 : 2;
  };
  for (const m of text.matchAll(LINK)) {
    count(text.slice(last, m.index));
    n += 23;
    last = m.index + m[0].length;
  }
  count(text.slice(last));
  return n;
}

/**
 * The length of `text` in `unit`: `characters`, `characters-links-23`, `graphemes` or
 * `x-weighted`.
 */
export function lengthIn(text, unit) {
  switch (unit) {
    case "x-weighted":
      return weighted(text, true);
    case "characters-links-23":
      return weighted(text, false);
    case "graphemes":
      return graphemes(text);
    default:
      return characters(text);
  }
}

const HOW = {
  "x-weighted": "X counts a link as 23 and most characters outside Latin scripts as 2",
  "characters-links-23": "Mastodon counts a link as 23",
  graphemes: "an emoji counts once",
  characters: "",
};

/**
 * The counter's text for `text` on `platform` (from `/api/v1/pack`, or null when none is
 * chosen): `{ text, over }`.
 */
export function describeLength(text, platform) {
  if (!platform) {
    const n = characters(text);
    return { text: n === 1 ? "1 character" : n + " characters", over: false };
  }
  const n = lengthIn(text, platform.unit);
  const over = n > platform.limit;
  const how = HOW[platform.unit] ? " (" + HOW[platform.unit] + ")" : "";
  const base = n + " of " + platform.limit + " for " + platform.name + how;
  return {
    text: over ? base + ": " + (n - platform.limit) + " over the limit" : base,
    over,
  };
}

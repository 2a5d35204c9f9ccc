// Generates cases.json: seeded random exit waterfalls with options, warrants and preferred
// classes, paid out by an independent engine, spillpoint (https://github.com/spillpoint/spillpoint,
// Apache-2.0, packages/engine). See README.md.
//
//   PEER=/path/to/rebuilt/spillpoint /path/to/rebuilt/spillpoint/node_modules/.bin/tsx generate.mjs
//
// PEER is a folder with the engine's src/*.ts (decimal.ts, errors.ts, dates.ts, dividends.ts,
// waterfall.ts, decisions.ts) and node_modules with decimal.js; tsx runs the TypeScript as is.
// Deterministic: the PRNG (mulberry32) and its seed are below; the same peer sources give the
// same file byte for byte.

import { writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// SEED, CASES and OUT may be overridden from the environment for a wider search (README.md);
// the committed cases.json is made with the defaults.
const SEED = process.env.SEED ? Number(process.env.SEED) : 0x5b111b0e;
const CASES = process.env.CASES ? Number(process.env.CASES) : 120; // random cases, after case 0 (the peer's own edge-07 case)
const HARD = process.env.HARD ? Number(process.env.HARD) : 40; // harder random cases after those
const PEER = process.env.PEER ?? "/work/peer-spillpoint";
const load = (f) => import(pathToFileURL(join(PEER, "src", f)).href);
const { D, toCents } = await load("decimal.ts");
const { prepare } = await load("waterfall.ts");
const { solve } = await load("decisions.ts");

// mulberry32: a small, well-known 32-bit PRNG.
function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(SEED);
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1)); // inclusive
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const logUniform = (lo, hi) => Math.exp(Math.log(lo) + rand() * (Math.log(hi) - Math.log(lo)));
const roundTo = (x, step) => Math.max(step, Math.round(x / step) * step);
// A money amount in cents from a float (generator only: every amount is then an exact string).
const cents = (x) => (Math.max(1, Math.round(x * 100)) / 100).toFixed(2);

// ---- a case, in a neutral form that both engines are given ----------------------------------
//
// holders: [{ name, kind: "common" | "option" | "warrant" | "preferred", shares, strike?, class? }]
// classes: [{ name, price (original issue price), preference (multiple), participation:
//            "non_participating" | "participating" | "participating_capped", cap (multiple of the
//            price, capped only), seniority (whole number, higher paid first) }]
// pool: unissued pool shares (receive nothing)

// Case 0: the peer's own case edge-07-option-strikes (cases/edge-07-option-strikes/inputs.json),
// common plus options at $0.25, $1 and $3, at its listed exit values.
const EDGE_07 = {
  source: "spillpoint cases/edge-07-option-strikes",
  holders: [
    { name: "Founder A", kind: "common", shares: "6000000" },
    { name: "Founder B", kind: "common", shares: "2000000" },
    { name: "Employee C ($0.25)", kind: "option", shares: "400000", strike: "0.25" },
    { name: "Employee C ($3)", kind: "option", shares: "200000", strike: "3" },
    { name: "Employee D", kind: "option", shares: "600000", strike: "1" },
    { name: "Employee E", kind: "option", shares: "800000", strike: "3" },
  ],
  classes: [],
  pool: "0",
  exits: ["1000000", "2000000", "5000000", "8300000", "10000000", "26300000", "30000000", "50000000"].map((v) => `${v}.00`),
};

const STRIKES = ["0.01", "0.05", "0.10", "0.25", "0.50", "0.75", "1.00", "1.25", "1.50", "2.00", "3.00", "4.50"];

function randomCase(i) {
  const holders = [];
  const classes = [];
  const founders = int(1, 3);
  for (let f = 1; f <= founders; f++) holders.push({ name: `Founder ${f}`, kind: "common", shares: String(roundTo(logUniform(2e5, 8e6), 1000)) });
  // Options: 0-4 grants at 1-3 distinct strikes; 1 in 6 cases have none (and no warrant either).
  const plain = i % 6 === 5;
  const nOptions = plain ? 0 : int(0, 4);
  const strikes = [pick(STRIKES), pick(STRIKES), pick(STRIKES)];
  for (let o = 1; o <= nOptions; o++) {
    holders.push({ name: `Employee ${o}`, kind: "option", shares: String(roundTo(logUniform(2e4, 1.5e6), 1000)), strike: pick(strikes) });
  }
  const nWarrants = plain ? 0 : nOptions === 0 ? int(1, 2) : int(0, 2);
  for (let w = 1; w <= nWarrants; w++) {
    holders.push({ name: `Lender ${w}`, kind: "warrant", shares: String(roundTo(logUniform(1e4, 8e5), 1000)), strike: pick(STRIKES) });
  }
  // Preferred: 0-3 classes, one or two holders each, at rising prices.
  const nClasses = int(0, 3);
  let price = logUniform(0.1, 2);
  for (let c = 0; c < nClasses; c++) {
    const name = ["seed", "series_a", "series_b"][c];
    const r = rand();
    const participation = r < 0.5 ? "non_participating" : r < 0.75 ? "participating" : "participating_capped";
    const preference = pick(["1", "1", "2"]);
    const cls = {
      name,
      price: price.toFixed(2),
      preference,
      participation,
      cap: participation === "participating_capped" ? pick(["2", "2.5", "3", "4"]).replace(/^2$/, preference === "2" ? "3" : "2") : null,
      seniority: pick([0, 1, c, c, 2]),
    };
    classes.push(cls);
    const investors = int(1, 2);
    for (let k = 1; k <= investors; k++) {
      holders.push({ name: `Investor ${name} ${k}`, kind: "preferred", class: name, shares: String(roundTo(logUniform(3e5, 5e6), 1000)) });
    }
    price *= logUniform(1.2, 3.5);
  }
  const pool = rand() < 0.5 ? "0" : String(roundTo(logUniform(1e5, 2e6), 1000));
  return { source: `random ${i}`, holders, classes, pool, exits: [] };
}

// A harder case: strikes set where they meet the preferred terms (a class's price, its
// preference or its cap per share), a zero strike, two warrants at one strike, all classes at one
// seniority half the time, caps more often. The strike where common reaches a class's preference
// per share is where the class weighs converting, so exercise and conversion decide together.
function hardCase(i) {
  for (;;) {
    const c = randomCase(i);
    c.source = `hard ${i}`;
    if (c.classes.length === 0) continue;
    if (rand() < 0.5) for (const k of c.classes) k.seniority = 0;
    for (const k of c.classes) {
      if (k.participation === "non_participating" && rand() < 0.4) {
        k.participation = "participating_capped";
        k.cap = k.preference === "2" ? "3" : pick(["2", "3"]);
      }
    }
    const terms = c.classes.flatMap((k) => [k.price, (Number(k.price) * Number(k.preference)).toFixed(2), k.cap ? (Number(k.price) * Number(k.cap)).toFixed(2) : k.price]);
    const strikes = [...terms, "0", pick(STRIKES)];
    let first = null;
    for (const h of c.holders) {
      if (h.kind !== "option" && h.kind !== "warrant") continue;
      h.strike = h.kind === "warrant" && first !== null ? first : pick(strikes);
      if (h.kind === "warrant") first ??= h.strike;
    }
    if (!c.holders.some((h) => h.kind === "option" || h.kind === "warrant")) {
      c.holders.push({ name: "Employee 1", kind: "option", shares: String(roundTo(logUniform(2e4, 1.5e6), 1000)), strike: pick(strikes) });
    }
    return c;
  }
}

// ---- the peer's cap table for a case ---------------------------------------------------------

const id = (i) => `h${i}`;
const optionId = (strike) => `options_${strike}`;

function capTable(c) {
  const securities = [{ id: "common", name: "Common Stock", kind: "common" }];
  const positions = [];
  const strikes = [...new Set(c.holders.filter((h) => h.kind === "option").map((h) => h.strike))];
  for (const s of strikes) securities.push({ id: optionId(s), name: `Options ($${s})`, kind: "option", strike: new D(s) });
  for (const cls of c.classes) {
    securities.push({
      id: cls.name,
      name: cls.name,
      kind: "preferred",
      originalIssuePrice: new D(cls.price),
      conversionPrice: new D(cls.price),
      conversionRatio: new D(1),
      preferenceMultiple: new D(cls.preference),
      participation: cls.participation,
      capMultiple: cls.cap === null ? null : new D(cls.cap),
      antiDilution: "none",
      antiDilutionA: null,
      cumulativeDividend: null,
    });
  }
  c.holders.forEach((h, i) => {
    let security = "common";
    if (h.kind === "option") security = optionId(h.strike);
    if (h.kind === "preferred") security = h.class;
    if (h.kind === "warrant") {
      // Each warrant is its own security, for common, deciding for itself (the peer's E4).
      security = `warrant_${i}`;
      securities.push({ id: security, name: `Warrant (${h.name})`, kind: "warrant", strike: new D(h.strike), underlying: "common" });
    }
    positions.push({ holder: id(i), security, shares: new D(h.shares) });
  });
  // Tiers, most senior first: the classes grouped by seniority, highest number first.
  const levels = [...new Set(c.classes.map((k) => k.seniority))].sort((a, b) => b - a);
  const seniority = levels.map((l) => c.classes.filter((k) => k.seniority === l).map((k) => k.name));
  return {
    holders: c.holders.map((h, i) => ({ id: id(i), name: h.name })),
    securities,
    seniority,
    conversionGroups: [],
    positions,
    unissuedPool: new D(c.pool),
  };
}

// ---- the peer's answer at one exit value -----------------------------------------------------

function decisionsOf(answer) {
  const d = answer.decisions;
  return { converted: [...d.converted].sort(), exercised: [...d.exercised].sort() };
}

function run(c, pc, value) {
  const solution = solve(pc, new D(value));
  const answers = solution.answers.map((a) => {
    const holders = {};
    c.holders.forEach((h, i) => {
      const total = a.payout.holderTotals.get(id(i)) ?? new D(0);
      holders[h.name] = { payout: toCents(total), exact: total.toFixed(6) };
    });
    return { ...decisionsOf(a), common_price: a.payout.commonPrice.toFixed(6), holders };
  });
  return { value, complete: solution.complete, answers };
}

// A key for "what the peer decided" at an exit value, to find where it changes.
function regime(pc, x) {
  const a = solve(pc, new D(x)).answers[0];
  const d = decisionsOf(a);
  const tiers = a.payout.tiers.map((t) => (t.full ? "F" : "p")).join("");
  return `${d.converted.join(",")}|${d.exercised.join(",")}|${tiers}|${a.payout.atCap.join(",")}`;
}

// Exit values: where the peer's decisions change (bisected to the cent), each with the cent on
// either side; where each preference tier is covered; the exit where common first reaches each
// strike; and a few log-uniform values.
function exitValues(c, pc) {
  const out = new Set();
  const claims = c.classes.map((k) => {
    const shares = c.holders.filter((h) => h.class === k.name).reduce((s, h) => s + Number(h.shares), 0);
    return { seniority: k.seniority, claim: shares * Number(k.price) * Number(k.preference) };
  });
  const totalPref = claims.reduce((s, k) => s + k.claim, 0);
  const common = c.holders.filter((h) => h.kind === "common").reduce((s, h) => s + Number(h.shares), 0);
  const add = (x) => {
    if (x > 0.005) out.add(cents(x));
  };
  // Tiers covered.
  let covered = 0;
  for (const l of [...new Set(claims.map((k) => k.seniority))].sort((a, b) => b - a)) {
    covered += claims.filter((k) => k.seniority === l).reduce((s, k) => s + k.claim, 0);
    add(covered);
    add(covered + 0.01);
  }
  // Where the decisions change: scan a log grid, bisect each change to the cent.
  const lo = Math.max(1000, totalPref * 0.2, common * 0.005);
  const hi = Math.max(totalPref * 12, common * 15, lo * 100);
  const grid = [];
  for (let k = 0; k <= 24; k++) grid.push(Number(cents(lo * Math.pow(hi / lo, k / 24))));
  let changes = [];
  for (let k = 1; k < grid.length; k++) {
    let a = grid[k - 1];
    let b = grid[k];
    const ra = regime(pc, cents(a));
    if (ra === regime(pc, cents(b))) continue;
    while (b - a > 0.011) {
      const m = Number(cents((a + b) / 2));
      if (m <= a || m >= b) break;
      if (regime(pc, cents(m)) === ra) a = m;
      else b = m;
    }
    changes.push(b);
  }
  // At most 4 changes, spread over the range.
  if (changes.length > 4) changes = [0, 1, 2, 3].map((q) => changes[Math.round((q * (changes.length - 1)) / 3)]);
  for (const x of changes) {
    add(x - 0.01);
    add(x);
    add(x + 0.01);
  }
  for (let k = 0; k < 3; k++) add(logUniform(lo, hi));
  return [...out].sort((a, b) => Number(a) - Number(b));
}

// ---- the cases -------------------------------------------------------------------------------

const cases = [];
const all = [EDGE_07];
for (let i = 1; i <= CASES; i++) all.push(randomCase(i));
for (let i = CASES + 1; i <= CASES + HARD; i++) all.push(hardCase(i));
all.forEach((c, n) => {
  const pc = prepare(capTable(c));
  const exits = c.exits.length ? c.exits : exitValues(c, pc);
  const results = exits.map((v) => {
    try {
      return run(c, pc, v);
    } catch (e) {
      return { value: v, error: `${e.name}: ${e.message}` };
    }
  });
  cases.push({ id: n, source: c.source, holders: c.holders, classes: c.classes, pool: c.pool, exits: results });
});

const here = dirname(fileURLToPath(import.meta.url));
const out = {
  generator: "generate.mjs",
  peer: "spillpoint packages/engine (rebuilt from its src/*.ts, see README.md)",
  seed: `0x${SEED.toString(16)}`,
  cases,
};
// One case a line, as the 1984vc peer's file.
const lines = cases.map((c) => JSON.stringify(c));
writeFileSync(process.env.OUT ?? join(here, "cases.json"), `{"generator":${JSON.stringify(out.generator)},"peer":${JSON.stringify(out.peer)},"seed":"${out.seed}","cases":[\n${lines.join(",\n")}\n]}\n`);
const n = cases.reduce((s, c) => s + c.exits.length, 0);
const multi = cases.reduce((s, c) => s + c.exits.filter((e) => e.answers && e.answers.length > 1).length, 0);
const errors = cases.reduce((s, c) => s + c.exits.filter((e) => e.error).length, 0);
console.error(`${cases.length} cases, ${n} exit values, ${multi} with several stable answers, ${errors} peer errors`);

// Generates cases.json: seeded random priced rounds computed by an independent engine,
// 1984 Ventures' cap-table (https://github.com/1984vc/cap-table, MIT). See README.md.
//
//   PEER=/tmp/cap-table node generate.mjs      (PEER: a built checkout of the peer, with dist/)
//
// Deterministic: the PRNG (mulberry32) and its seed are below; the same peer commit gives the
// same file byte for byte.

import { writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const SEED = 0x1984c0de;
const CASES = 240; // random cases, after the two README cases
const PEER = process.env.PEER ?? "/tmp/cap-table";
const peer = await import(pathToFileURL(join(PEER, "dist", "index.js")).href);
const { fitConversion, buildPricedRoundCapTable, CapTableRowType, CommonRowType } = peer;

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

// ---- one case, in the peer's own input format (the CLI's JSON) -------------------------------

// The README's example, verbatim (case 0), and the same without its YC 7% SAFE (case 1).
const README = {
  preMoneyValuation: 25000000,
  common: [
    { name: "Founder A", shares: 4500000 },
    { name: "Founder B", shares: 4500000 },
    { name: "Issued Options", shares: 250000 },
    { name: "Available Option Pool", shares: 750000, commonType: "unusedOptions" },
  ],
  safes: [
    { name: "YC 7%", investment: 125000, conversionType: "yc7p" },
    { name: "YC MFN", investment: 375000, conversionType: "post", sideLetters: ["mfn"] },
    { name: "1984 Ventures", investment: 750000, cap: 10000000, conversionType: "post" },
    { name: "Benchmark", investment: 475000, cap: 10000000, conversionType: "post" },
    { name: "Follow-on SAFE", investment: 500000, cap: 13000000, conversionType: "post" },
  ],
  seriesInvestors: [{ name: "Series A Lead", investment: 4000000 }],
  targetOptionsPct: 0.1,
};
const README_NO_7P = { ...README, safes: README.safes.slice(1) };

function randomCase(withFixed) {
  for (;;) {
    const pre = roundTo(logUniform(1e6, 30e6), 1000);
    const common = [];
    const founders = int(1, 4);
    for (let i = 1; i <= founders; i++) {
      const s = rand() < 0.5 ? roundTo(logUniform(2e5, 8e6), 1000) : int(200000, 8000000);
      common.push({ name: `Founder ${i}`, shares: s });
    }
    if (rand() < 0.5) common.push({ name: "Issued Options", shares: int(10000, 1000000) });
    if (rand() < 0.75) {
      common.push({ name: "Available Pool", shares: int(20000, 2000000), commonType: "unusedOptions" });
    }
    const n = int(0, 5);
    const safes = [];
    let mfnSeen = false;
    for (let i = 1; i <= n; i++) {
      const investment = roundTo(logUniform(25000, 0.15 * pre), 1000);
      const r = rand();
      if (r < 0.15) {
        safes.push({ name: `SAFE ${i} (MFN)`, investment, cap: 0, discount: 0, conversionType: "post", sideLetters: ["mfn"] });
        mfnSeen = true;
        continue;
      }
      // Pre-money SAFEs only before any MFN SAFE: the peer refuses an MFN adopting one.
      const kind = r < 0.35 && !mfnSeen ? "pre" : "post";
      let cap = 0;
      let discount = 0;
      const hasCap = rand() < 0.85;
      if (hasCap) cap = Math.max(roundTo(pre * (0.3 + 1.3 * rand()), 100000), investment * 4);
      if (!hasCap || rand() < 0.4) discount = pick([0.1, 0.15, 0.2, 0.25]);
      safes.push({ name: `SAFE ${i} (${kind})`, investment, cap, discount, conversionType: kind });
    }
    if (withFixed) {
      const at = int(0, safes.length);
      safes.splice(at, 0, { name: "SAFE YC 7%", investment: roundTo(logUniform(50000, 500000), 1000), cap: 0, discount: 0, conversionType: "yc7p" });
    }
    const postOwnership = safes
      .filter((s) => s.conversionType === "post" && s.cap > 0)
      .reduce((t, s) => t + s.investment / s.cap, 0);
    if (postOwnership >= 0.6) continue;
    const money = roundTo(pre * (0.1 + 0.4 * rand()), 1000);
    const seriesInvestors =
      rand() < 0.6
        ? [{ name: "Investor 1", investment: money }]
        : (() => {
            const a = roundTo(money * (0.3 + 0.5 * rand()), 1000);
            return [
              { name: "Investor 1", investment: a },
              { name: "Investor 2", investment: Math.max(1000, money - a) },
            ];
          })();
    const targetOptionsPct = rand() < 0.4 ? 0 : pick([0.05, 0.075, 0.1, 0.12, 0.15, 0.2]);
    const total = seriesInvestors.reduce((t, s) => t + s.investment, 0);
    if (targetOptionsPct + total / (pre + total) >= 0.9) continue;
    return { preMoneyValuation: pre, common, safes, seriesInvestors, targetOptionsPct };
  }
}

// ---- running the peer ------------------------------------------------------------------------

// As the peer's CLI `priced-round` does (src/cli.ts, resolveConversionInput + cmdPricedRound).
function runPeer(input, roundingStrategy) {
  const common = input.common.map((r) => ({
    ...r,
    type: CapTableRowType.Common,
    commonType: r.commonType === "unusedOptions" ? CommonRowType.UnusedOptions : CommonRowType.Shareholder,
  }));
  const safes = input.safes.map((r) => ({ ...r, type: CapTableRowType.Safe, cap: r.cap ?? 0, discount: r.discount ?? 0 }));
  const series = input.seriesInvestors.map((r) => ({ ...r, type: CapTableRowType.Series }));
  const commonShares = common.filter((c) => c.commonType === CommonRowType.Shareholder).reduce((t, c) => t + c.shares, 0);
  const unused = common.filter((c) => c.commonType === CommonRowType.UnusedOptions).reduce((t, c) => t + c.shares, 0);
  try {
    const conversion = fitConversion(
      input.preMoneyValuation, commonShares, safes, unused, input.targetOptionsPct,
      series.map((s) => s.investment), roundingStrategy,
    );
    const table = buildPricedRoundCapTable(conversion, [...common, ...safes, ...series]);
    const shares = {};
    for (const row of [...table.common, ...table.safes, ...table.series]) shares[row.name] = String(row.shares);
    const sum = Object.values(shares).reduce((t, s) => t + Number(s), 0) + table.optionsPool.shares;
    if (sum !== table.total.shares) throw new Error(`rows sum to ${sum}, total ${table.total.shares}`);
    return {
      price_per_share: String(conversion.pps),
      shares,
      pool: String(table.optionsPool.shares),
      pool_increase: String(conversion.additionalOptions),
      total: String(table.total.shares),
      safe_terms: conversion.safeConversions.map((c) => ({
        name: safes[c.safeIndex].name,
        price: String(c.pps),
        controlling: c.controllingTerm,
        cap: String(c.effectiveTerms.cap),
        discount: String(c.effectiveTerms.discount),
        elected_from: c.electionSourceName ?? null,
      })),
    };
  } catch (e) {
    return { error: `${e.code ?? e.name}: ${e.message}` };
  }
}

const inputs = [README, README_NO_7P];
for (let i = 0; i < CASES; i++) inputs.push(randomCase(i % 12 === 11));

// Whether some MFN SAFE's elected package (the peer: one later SAFE's cap and discount together)
// differs from the lowest cap with the largest discount of all later SAFEs (captable's MFN).
function mfnMixDiffers(input, out) {
  if (out.error) return false;
  return input.safes.some((s, i) => {
    if (!s.sideLetters?.includes("mfn")) return false;
    const later = input.safes.slice(i + 1).filter((l) => !l.sideLetters?.includes("mfn") && l.conversionType !== "yc7p");
    if (later.length === 0) return false;
    const caps = later.map((l) => l.cap ?? 0).filter((c) => c > 0);
    const minCap = caps.length ? Math.min(...caps) : 0;
    const maxDiscount = Math.max(...later.map((l) => l.discount ?? 0));
    const t = out.safe_terms[i];
    return Number(t.cap) !== minCap || Number(t.discount) !== maxDiscount;
  });
}

const cases = inputs.map((input, id) => ({
  id,
  note: id === 0 ? "1984vc README example" : id === 1 ? "1984vc README example without the YC 7% SAFE" : undefined,
  fixed_percentage: input.safes.some((s) => s.conversionType === "yc7p"),
  input,
  // The peer's default: prices (the round's and each SAFE's) rounded UP to 5 decimals, shares floored.
  peer_pps_up_5: runPeer(input, { roundDownShares: true, roundPPSPlaces: 5 }),
  // The peer with roundPPSPlaces = -1: prices not rounded (f64), shares floored.
  peer_pps_exact: runPeer(input, { roundDownShares: true, roundPPSPlaces: -1 }),
})).map((c) => ({ ...c, mfn_package_differs_from_best_terms: mfnMixDiffers(c.input, c.peer_pps_up_5) }));

const here = dirname(fileURLToPath(import.meta.url));
// One case a line, so that a change to the peer shows as a readable diff.
const text = `{"seed": ${SEED}, "cases": [\n${cases.map((c) => JSON.stringify(c)).join(",\n")}\n]}\n`;
writeFileSync(join(here, "cases.json"), text);
const errors = cases.filter((c) => c.peer_pps_up_5.error || c.peer_pps_exact.error).length;
const mfn = cases.filter((c) => c.mfn_package_differs_from_best_terms).length;
console.log(`${mfn} cases where an MFN package is not the best cap with the best discount`);
console.log(`${cases.length} cases (${cases.filter((c) => c.fixed_percentage).length} with a YC 7% SAFE), ${errors} with a peer error`);

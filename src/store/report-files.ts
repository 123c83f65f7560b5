import { HedgelabError } from "../errors.js";
import { parseCsv, type CsvTable } from "../data/csv.js";
import { surfaceCellList } from "../evaluation/holding-surface.js";
import type { RegimeTimeline, ReportSurface, ReturnSamples } from "../report/report-data.js";

/**
 * The CSV files of a run folder that hold the report's figure data, written and read back by the same
 * module: `surfaces.csv` (Figure 4), `returns.csv` (Figure 1) and `regimes.csv` (Figure 2). Numbers
 * are written with full precision (`String(x)`), so that a report rebuilt from the folder equals the
 * one the run wrote.
 */

/** `surfaces.csv`: `hedge,strategy,source,maturity,m0,m1,holding,count`, one row per cell. */
export function formatSurfacesCsv(surfaces: readonly ReportSurface[]): string {
  const lines = ["hedge,strategy,source,maturity,m0,m1,holding,count"];
  for (const s of surfaces) {
    for (const c of surfaceCellList(s.surface)) {
      lines.push(
        `${s.hedge.join("+")},${s.strategy},${s.source ?? ""},${c.maturity},${c.lower},${c.upper},${c.holding},${c.count}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Reads `surfaces.csv` back (see {@link formatSurfacesCsv}). */
export function parseSurfacesCsv(text: string, file: string): ReportSurface[] {
  const table = parseCsv(text, file);
  const col = columns(table, ["hedge", "strategy", "source", "maturity", "m0", "m1", "holding", "count"]);
  const groups = new Map<
    string,
    { key: Omit<ReportSurface, "surface">; rows: (typeof table.rows)[number][] }
  >();
  for (const row of table.rows) {
    const f = row.fields;
    const id = `${f[col.hedge!]}|${f[col.strategy!]}|${f[col.source!]}`;
    let group = groups.get(id);
    if (!group) {
      const source = f[col.source!]!;
      group = {
        key: { hedge: f[col.hedge!]!.split("+"), strategy: f[col.strategy!]!, ...(source ? { source } : {}) },
        rows: [],
      };
      groups.set(id, group);
    }
    group.rows.push(row);
  }
  return [...groups.values()].map(({ key, rows }) => {
    const maturities = [...new Set(rows.map((r) => numberAt(table, r, col.maturity!)))];
    const bins = rows.length / maturities.length;
    if (!Number.isInteger(bins))
      throw new HedgelabError(`${file}: the cells of ${key.strategy} do not form a grid`);
    const edges = new Float64Array(bins + 1);
    rows.slice(0, bins).forEach((r, j) => {
      edges[j] = numberAt(table, r, col.m0!);
      edges[j + 1] = numberAt(table, r, col.m1!);
    });
    return {
      ...key,
      surface: {
        edges,
        maturities: Int32Array.from(maturities),
        holding: Float64Array.from(rows, (r) => numberAt(table, r, col.holding!)),
        count: Int32Array.from(rows, (r) => numberAt(table, r, col.count!)),
      },
    };
  });
}

/** `returns.csv`: `ticker,set,source,return` with set `training` (per source), `validation` or `test`. */
export function formatReturnsCsv(samples: ReturnSamples): string {
  const lines = ["ticker,set,source,return"];
  const add = (set: string, source: string, values: Float64Array): void => {
    for (const r of values) lines.push(`${samples.ticker},${set},${source},${r}`);
  };
  for (const [source, values] of Object.entries(samples.training)) add("training", source, values);
  add("validation", "market", samples.validation);
  add("test", "market", samples.test);
  return `${lines.join("\n")}\n`;
}

/** Reads `returns.csv` back (see {@link formatReturnsCsv}). */
export function parseReturnsCsv(text: string, file: string): ReturnSamples {
  const table = parseCsv(text, file);
  const col = columns(table, ["ticker", "set", "source", "return"]);
  const training: Record<string, number[]> = {};
  const validation: number[] = [];
  const test: number[] = [];
  let ticker = "";
  for (const row of table.rows) {
    const [set, source] = [row.fields[col.set!]!, row.fields[col.source!]!];
    ticker = row.fields[col.ticker!]!;
    const value = numberAt(table, row, col.return!);
    if (set === "training") (training[source] ??= []).push(value);
    else if (set === "validation") validation.push(value);
    else if (set === "test") test.push(value);
    else throw new HedgelabError(`${file} line ${row.line}: unknown set ${JSON.stringify(set)}`);
  }
  return {
    ticker,
    training: Object.fromEntries(Object.entries(training).map(([k, v]) => [k, Float64Array.from(v)])),
    validation: Float64Array.from(validation),
    test: Float64Array.from(test),
  };
}

/** `regimes.csv`: `date,<market>,regime,split`, then `correlation` when the timeline holds it. */
export function formatRegimesCsv(timeline: RegimeTimeline): string {
  const { correlation } = timeline;
  const lines = [`date,${timeline.market},regime,split${correlation ? ",correlation" : ""}`];
  timeline.dates.forEach((date, k) => {
    const extra = correlation ? `,${correlation[k]}` : "";
    lines.push(`${date},${timeline.values[k]},${timeline.regimes[k]},${timeline.split[k]}${extra}`);
  });
  return `${lines.join("\n")}\n`;
}

/** Reads `regimes.csv` back (see {@link formatRegimesCsv}); a file without `correlation` gives none. */
export function parseRegimesCsv(text: string, file: string): RegimeTimeline {
  const table = parseCsv(text, file);
  const withCorrelation = table.header.length === 5 && table.header[4] === "correlation";
  if (table.header.length !== 4 && !withCorrelation)
    throw new HedgelabError(`${file}: expected columns date,<market>,regime,split[,correlation]`);
  const split: RegimeTimeline["split"][number][] = [];
  for (const row of table.rows) {
    const s = row.fields[3]!;
    if (s !== "train" && s !== "validation" && s !== "test") {
      throw new HedgelabError(`${file} line ${row.line}: unknown split ${JSON.stringify(s)}`);
    }
    split.push(s);
  }
  return {
    market: table.header[1]!,
    dates: table.rows.map((r) => r.fields[0]!),
    values: Float64Array.from(table.rows, (r) => numberAt(table, r, 1)),
    regimes: Int32Array.from(table.rows, (r) => numberAt(table, r, 2)),
    split,
    ...(withCorrelation ? { correlation: Float64Array.from(table.rows, (r) => numberAt(table, r, 4)) } : {}),
  };
}

/** Index of each named column; one line naming the file and the missing column. */
export function columns(table: CsvTable, names: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of names) {
    const j = table.header.indexOf(name);
    if (j < 0) throw new HedgelabError(`${table.file}: missing column ${JSON.stringify(name)}`);
    out[name] = j;
  }
  return out;
}

/** The number in column `j` of `row`; one line naming the file and line when it is not one. */
export function numberAt(table: CsvTable, row: CsvTable["rows"][number], j: number): number {
  const text = row.fields[j]!;
  const value = text === "NaN" ? Number.NaN : Number(text);
  if (text.trim() === "" || (Number.isNaN(value) && text !== "NaN")) {
    throw new HedgelabError(
      `${table.file} line ${row.line}: ${JSON.stringify(text)} in column ${table.header[j]} is not a number`,
    );
  }
  return value;
}

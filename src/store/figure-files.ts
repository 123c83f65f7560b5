import { z } from "zod";
import { HedgelabError } from "../errors.js";
import type { ReportDifferenceSurface, ReportHedgePath } from "../report/report-data.js";

/**
 * The JSON files of a run folder that hold the data of the report's later figures, written and read
 * back by the same module: `paths.json` ("the hedge on a path") and `difference-surfaces.json` (the
 * difference-from-delta holding surfaces). Price and holding series are written to 6 significant
 * digits (what a chart draws), P&L in full; `run` builds its report from the files it wrote, so a
 * report rebuilt from the folder equals the one the run wrote.
 */

const round = (x: number): number | null => (Number.isFinite(x) ? Number(x.toPrecision(6)) : null);
const series = (values: ArrayLike<number>): (number | null)[] => Array.from(values, round);
const fromSeries = (values: readonly (number | null)[]): Float64Array =>
  Float64Array.from(values, (x) => (x === null ? Number.NaN : x));

const numbers = z.array(z.number().nullable());
const PathsSchema = z.object({
  windows: z.array(
    z.object({
      hedge: z.array(z.string()).min(1),
      strategy: z.string(),
      source: z.string().optional(),
      window: z.number().int().nonnegative(),
      rank: z.number().int().positive(),
      start: z.string(),
      pnl: z.number(),
      deltaPnl: z.number(),
      prices: numbers,
      holdings: z.array(numbers),
      deltaHoldings: numbers,
    }),
  ),
});

/**
 * `paths.json`: `{ "windows": [...] }`, one entry per learned strategy and window of {@link ReportHedgePath}
 * (prices [T + 1], holdings [H][T], delta's holdings [T]), one entry a line.
 */
export function formatPathsJson(paths: readonly ReportHedgePath[]): string {
  const lines = paths.map((p) =>
    JSON.stringify({
      hedge: p.hedge,
      strategy: p.strategy,
      ...(p.source ? { source: p.source } : {}),
      window: p.window,
      rank: p.rank,
      start: p.start,
      pnl: p.pnl,
      deltaPnl: p.deltaPnl,
      prices: series(p.prices),
      holdings: p.holdings.map(series),
      deltaHoldings: series(p.deltaHoldings),
    }),
  );
  return lines.length === 0 ? `{"windows": []}\n` : `{"windows": [\n${lines.join(",\n")}\n]}\n`;
}

/** Reads `paths.json` back (see {@link formatPathsJson}). */
export function parsePathsJson(text: string, file: string): ReportHedgePath[] {
  const parsed = PathsSchema.safeParse(parseJsonText(text, file));
  if (!parsed.success) throw invalid(file, parsed.error);
  return parsed.data.windows.map((w) => {
    if (w.holdings.length !== w.hedge.length)
      throw new HedgelabError(
        `${file}: ${w.strategy} on ${w.hedge.join("+")} has holdings of ${w.holdings.length} assets, expected ${w.hedge.length}`,
      );
    return {
      hedge: w.hedge,
      strategy: w.strategy,
      ...(w.source ? { source: w.source } : {}),
      window: w.window,
      rank: w.rank,
      start: w.start,
      pnl: w.pnl,
      deltaPnl: w.deltaPnl,
      prices: fromSeries(w.prices),
      holdings: w.holdings.map(fromSeries),
      deltaHoldings: fromSeries(w.deltaHoldings),
    };
  });
}

const SurfacesSchema = z.object({
  hedge: z.array(z.string()).min(1),
  edges: z.array(z.number()).min(2),
  maturities: z.array(z.number().int()),
  count: z.array(z.number().int()),
  surfaces: z.array(
    z.object({
      strategy: z.string(),
      source: z.string().optional(),
      asset: z.string(),
      difference: numbers,
    }),
  ),
});

/**
 * `difference-surfaces.json`: the difference-from-delta surfaces of one hedge set, which share one grid:
 * `{ hedge, edges [bins + 1], maturities [T], count [T × bins], surfaces: [{ strategy, source, asset,
 * difference [T × bins] }] }`, NaN (no pair in the cell) written as null.
 *
 * @throws Error when the surfaces are not of one hedge set on one grid.
 */
export function formatDifferenceSurfacesJson(surfaces: readonly ReportDifferenceSurface[]): string {
  const first = surfaces[0];
  if (!first) throw new Error("no difference surface to write");
  const hedge = first.hedge.join("+");
  const { edges, maturities, count } = first.surface;
  for (const s of surfaces) {
    const same =
      s.hedge.join("+") === hedge &&
      s.surface.edges.every((e, j) => e === edges[j]) &&
      s.surface.count.every((c, j) => c === count[j]);
    if (!same)
      throw new Error(`difference surfaces of ${s.strategy} on ${s.hedge.join("+")} are on another grid`);
  }
  const lines = surfaces.map((s) =>
    JSON.stringify({
      strategy: s.strategy,
      ...(s.source ? { source: s.source } : {}),
      asset: s.asset,
      difference: series(s.surface.holding),
    }),
  );
  return (
    `{"hedge": ${JSON.stringify(first.hedge)},\n"edges": ${JSON.stringify([...edges])},\n` +
    `"maturities": ${JSON.stringify([...maturities])},\n"count": ${JSON.stringify([...count])},\n` +
    `"surfaces": [\n${lines.join(",\n")}\n]}\n`
  );
}

/** Reads `difference-surfaces.json` back (see {@link formatDifferenceSurfacesJson}). */
export function parseDifferenceSurfacesJson(text: string, file: string): ReportDifferenceSurface[] {
  const parsed = SurfacesSchema.safeParse(parseJsonText(text, file));
  if (!parsed.success) throw invalid(file, parsed.error);
  const { hedge, edges, maturities, count, surfaces } = parsed.data;
  const cells = maturities.length * (edges.length - 1);
  if (count.length !== cells)
    throw new HedgelabError(`${file}: count has ${count.length} cells, expected ${cells}`);
  return surfaces.map((s) => {
    if (s.difference.length !== cells)
      throw new HedgelabError(
        `${file}: ${s.strategy} · ${s.asset} has ${s.difference.length} cells, expected ${cells}`,
      );
    return {
      hedge,
      strategy: s.strategy,
      ...(s.source ? { source: s.source } : {}),
      asset: s.asset,
      surface: {
        edges: Float64Array.from(edges),
        maturities: Int32Array.from(maturities),
        holding: fromSeries(s.difference),
        count: Int32Array.from(count),
      },
    };
  });
}

function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HedgelabError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

function invalid(file: string, error: z.ZodError): HedgelabError {
  const issue = error.issues[0]!;
  return new HedgelabError(`${file}: invalid ${issue.path.join(".") || "file"} (${issue.message})`);
}

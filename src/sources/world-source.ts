import { z } from "zod";
import type { PathBatch } from "../data/path-batch.js";
import { option } from "../schema/option-meta.js";
import { defineCell, type Cell } from "../graph/cell.js";
import { createRandom, type RandomSource } from "../random/random-source.js";
import { dailyLogReturns } from "../generators/daily-returns.js";
import { pathsCodec } from "./paths-codec.js";
import type { SourceCellsInput, SourceRunContext, TrainingPaths } from "./source-entry.js";
import { HedgelabError } from "../errors.js";

/** The parameters every world has: one name per asset and, for several, a correlation matrix. */
export interface WorldParameters {
  tickers: string[];
  correlation?: number[];
}

/** A world's training paths with the parameters that made them (saved beside the paths). */
export interface WorldTrainingPaths<P extends WorldParameters> extends TrainingPaths {
  parameters: P;
}

/** What a simulated world gives {@link worldPathsCell}. */
export interface WorldSpec<P extends WorldParameters> {
  /** The source's name (`heston`). */
  name: string;
  /** In words, for the description (`Heston paths (Andersen's QE scheme)`). */
  model: string;
  /** `training`: fitted on the training span's daily log-returns; `given`: {@link WorldSpec.given}. */
  fit: "training" | "given";
  /** Paths to generate. */
  paths: number;
  /** The configured parameters for the hedge set `tickers`. */
  given: (tickers: string[]) => P;
  /** The fit on the training span's daily log-returns, H series, with notes of what it had to do. */
  estimate: (returns: Float64Array[], tickers: string[]) => { parameters: P; notes: string[] };
  /** The paths, [N, T + 1, H]. */
  generate: (parameters: P, n: number, steps: number, random: RandomSource) => PathBatch;
  /** The symbol of each per-asset field in the description (`kappa: "κ"`), in order. */
  symbols: Readonly<Record<string, string>>;
}

/**
 * The `fit` field that every world's section starts with (`--<prefix>-fit`): `training`, fitted on
 * the training span as `help` says, or `given`, the section's values.
 */
export function worldFit(prefix: string, help: string) {
  return option(z.enum(["training", "given"]).default("training"), {
    flag: `--${prefix}-fit <method>`,
    help,
  });
}

/**
 * The maker of a world's given-parameter fields: `givenField("heston")(z.number().gt(0), 2, "kappa",
 * help)` is `--heston-kappa <x>`, default 2.
 */
export function givenField(prefix: string) {
  return (schema: z.ZodNumber, fallback: number, flag: string, help: string) =>
    option(schema.default(fallback), { flag: `--${prefix}-${flag} <x>`, read: "number", help });
}

/**
 * The fields every world's section ends with: μ, the drift per year (given); the correlation of every
 * pair of the assets' (price or diffusive) Brownian motions (given); and the paths to generate
 * (`--<flag>-paths`, default 10,000).
 */
export function worldFields(flag: string, model: string) {
  return {
    drift: z.number().default(0),
    correlation: z.number().gt(-1).lt(1).default(0),
    paths: option(z.number().int().min(1).max(10_000_000).default(10_000), {
      flag: `--${flag}-paths <n>`,
      read: "number",
      help: `${model} paths to generate`,
    }),
  };
}

/**
 * A world's given parameters for `tickers`: every asset with each of `values`, and for several assets
 * C with `correlation` off the diagonal (the `given` of a {@link WorldSpec}).
 */
export function givenWorld<F extends string>(
  tickers: string[],
  values: Record<F, number>,
  correlation: number,
): WorldParameters & Record<F, number[]> {
  const h = tickers.length;
  const fields = Object.fromEntries(
    Object.entries<number>(values).map(([key, x]) => [key, new Array<number>(h).fill(x)]),
  ) as Record<F, number[]>;
  return {
    tickers,
    ...fields,
    ...(h > 1
      ? { correlation: Array.from({ length: h * h }, (_, i) => (i % (h + 1) === 0 ? 1 : correlation)) }
      : {}),
  };
}

/** `AAPL κ 2.31 θ 0.0612 …; MSFT …; C [1, 0.52; 0.52, 1]`: a world's parameters in one line. */
export function describeWorld<P extends WorldParameters>(
  parameters: P,
  symbols: Readonly<Record<string, string>>,
): string {
  const fields = parameters as unknown as Record<string, number[]>;
  const assets = parameters.tickers.map(
    (ticker, a) =>
      `${ticker} ${Object.entries(symbols)
        .map(([key, symbol]) => `${symbol} ${Number(fields[key]![a]!.toPrecision(3))}`)
        .join(" ")}`,
  );
  const h = parameters.tickers.length;
  const c = parameters.correlation;
  const matrix = c
    ? `; C [${Array.from({ length: h }, (_, a) =>
        c
          .slice(a * h, (a + 1) * h)
          .map((x) => Number(x.toFixed(3)))
          .join(", "),
      ).join("; ")}]`
    : "";
  return `${assets.join("; ")}${matrix}`;
}

/**
 * The cell of a simulated world's training paths for one hedge set: the parameters (fitted on the
 * training span's daily log-returns of the hedge set, or given), then `paths` paths drawn with
 * `createRandom(seed).fork(1)`; the parameters are saved with the paths (`paths.json`) and written
 * in the description.
 */
export function worldPathsCell<P extends WorldParameters>(
  input: SourceCellsInput<unknown>,
  spec: WorldSpec<P>,
  identity: Record<string, unknown>,
): Cell<WorldTrainingPaths<P>, SourceRunContext> {
  const { market, hedge, seed, steps, folder } = input;
  if (folder !== undefined) {
    throw new HedgelabError(
      `--paths takes the paths of hedgelab generate, for --data regime-bs, not ${spec.name}`,
    );
  }
  return defineCell({
    kind: `${spec.name}-paths`,
    label: `${spec.name} paths of ${hedge.join("+")}`,
    identity: { hedge, steps, seed, options: identity },
    inputs: [market],
    codec: pathsCodec<WorldTrainingPaths<P>>(
      (value) => ({ source: value.source, parameters: value.parameters }),
      (paths, meta) => ({ paths, source: String(meta.source), parameters: meta.parameters as P }),
    ),
    run: ([data]) => {
      const tickers = [...hedge];
      const fitted =
        spec.fit === "training"
          ? spec.estimate(dailyLogReturns(data.table, tickers, data.split.train), tickers)
          : { parameters: spec.given(tickers), notes: [] };
      const paths = spec.generate(fitted.parameters, spec.paths, steps, createRandom(seed).fork(1));
      const how =
        spec.fit === "training"
          ? `fitted on the training span ${data.split.train.start}..${data.split.train.end}`
          : "given";
      const notes = fitted.notes.length > 0 ? ` (${fitted.notes.join("; ")})` : "";
      return {
        paths,
        parameters: fitted.parameters,
        source: `${paths.n} ${spec.model}, ${how}: ${describeWorld(fitted.parameters, spec.symbols)}${notes}`,
      };
    },
  });
}

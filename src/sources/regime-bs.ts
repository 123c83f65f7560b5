import { z } from "zod";
import { createRandom } from "../random/random-source.js";
import { defineCell } from "../graph/cell.js";
import { regimeTrainingPaths } from "../market/market-regimes.js";
import { withStudyPeriod } from "../market/market-data.js";
import { option, section } from "../schema/option-meta.js";
import { ticker } from "../schema/fields.js";
import { loadGeneratedPaths } from "./generated-paths.js";
import { trainingPathsCodec } from "./paths-codec.js";
import type { SourceEntry } from "./source-entry.js";

const schema = section(
  z
    .strictObject({
      /** The market portfolio of the regime features. */
      market: ticker.default("SPY"),
      /** Stocks of the correlation and dispersion features; default every non-ETF ticker with complete prices. */
      universe: z.array(ticker).min(2).optional(),
      /** Candidate numbers of regimes K, chosen by BIC. */
      components: option(z.array(z.number().int().min(1).max(20)).min(1).default([1, 2, 3, 4, 5, 6]), {
        flag: "--regimes <list>",
        read: "range",
        help: "candidate numbers of regimes, chosen by BIC: a list or a range 1..10 (at most 20)",
      }),
      /** Candidate covariance types of the mixture, chosen by BIC. */
      covariances: z
        .array(z.enum(["full", "diagonal", "tied", "spherical"]))
        .min(1)
        .default(["full", "diagonal", "tied", "spherical"]),
      /** Seeded EM restarts per candidate. */
      restarts: option(z.number().int().min(1).max(100).default(5), {
        flag: "--restarts <n>",
        read: "number",
        help: "seeded EM restarts per mixture",
      }),
      /** EM stops when the mean log-likelihood per day changes by less. */
      tolerance: z.number().gt(0).default(1e-4),
      /** M, paths per regime of the equal allocation (the paper's); K·M paths in all. */
      pathsPerRegime: option(z.number().int().min(1).default(1000), {
        flag: "--paths-per-regime <n>",
        read: "number",
        help: "regime-bs paths per regime",
      }),
      /**
       * How the paths' regimes are drawn (issue 23's `draw`): equal (the paper's) starts pathsPerRegime
       * paths in each regime; empirical (the issue's `frequency`) starts each of `paths` in a regime
       * drawn as often as the training days visit it.
       */
      allocation: option(z.enum(["equal", "empirical"]).default("equal"), {
        flag: "--allocation <kind>",
        help: "regime-bs draw of the regimes: equal (the paper's, M per regime) or empirical (as often as the training days visit them)",
      }),
      /** Total paths of the empirical allocation; default K·pathsPerRegime, the equal allocation's total. */
      paths: z.number().int().min(1).optional(),
      /** fixed: a path keeps its regime (paper); markov: the regime moves daily with the empirical transitions. */
      switching: option(z.enum(["fixed", "markov"]).default("fixed"), {
        flag: "--switching <kind>",
        help: "regime-bs regimes",
      }),
    })
    .prefault({}),
  { heading: "Regime-switching Black–Scholes source:", commands: ["run", "train", "generate"] },
);

/** The regime section's options, resolved. */
export type RegimeOptions = z.output<typeof schema>;

/** The mixture options of the regime model (what the regimes cell is fitted with). */
export function regimeFitOptions(regime: RegimeOptions): {
  market: string;
  components: number[];
  covariances: RegimeOptions["covariances"];
  restarts: number;
  tolerance: number;
  universe?: string[];
} {
  return {
    market: regime.market,
    components: regime.components,
    covariances: regime.covariances,
    restarts: regime.restarts,
    tolerance: regime.tolerance,
    ...(regime.universe ? { universe: regime.universe } : {}),
  };
}

/**
 * The regime-switching multivariate Black–Scholes generator (the paper's section 3.2, appendix 8.1):
 * per-regime drifts and covariances of the hedge set estimated on the training span's days of each
 * regime, paths drawn with `createRandom(seed).fork(1)`; stored in the study's store. With
 * `training.paths`, the paths of a `hedgelab generate` folder instead (checked against this run).
 */
export const REGIME_BS_SOURCE: SourceEntry<"regime-bs", "regime", typeof schema> = {
  name: "regime-bs",
  section: "regime",
  schema,
  description: "regime-switching Black–Scholes paths fitted on the training span",
  regimeLabels: true,
  generated: true,
  pathsCell: ({ regimes, hedge, seed, steps, options: regime, config, folder }) => {
    if (folder !== undefined) {
      return defineCell({
        kind: "generated-paths",
        label: `regime-bs paths of ${folder}`,
        identity: { folder, hedge },
        inputs: [regimes()],
        // The folder is compared with this run's configuration as it ran: its study period filled in.
        run: ([data]) =>
          loadGeneratedPaths(
            folder,
            withStudyPeriod({ ...config, data: { ...(config.data as object) } }, data),
            hedge,
            data,
          ),
      });
    }
    return defineCell({
      kind: "regime-bs-paths",
      label: `regime-bs paths of ${hedge.join("+")}`,
      identity: {
        hedge,
        steps,
        regime,
        seed,
        // The empirical allocation's default total was 1000·K before it became K·pathsPerRegime: the
        // marker gives those configurations a new id, so that no cell of the old total is read back.
        ...(regime.allocation === "empirical" && regime.paths === undefined
          ? { paths: "K·pathsPerRegime" }
          : {}),
      },
      inputs: [regimes()],
      codec: trainingPathsCodec(),
      run: ([data]) => {
        const { paths, dynamics } = regimeTrainingPaths(
          data,
          data.regimes!,
          hedge,
          {
            allocation: regime.allocation,
            pathsPerRegime: regime.pathsPerRegime,
            switching: regime.switching,
            steps,
            ...(regime.paths !== undefined ? { paths: regime.paths } : {}),
          },
          createRandom(seed).fork(1),
        );
        const repairs = dynamics.repairs.map((r, k) => (r ? ` (regime ${k}: ${r})` : "")).join("");
        return {
          paths,
          source: `${paths.n} regime-switching Black–Scholes paths, K = ${dynamics.regimes}, ${regime.switching} regimes, ${regime.allocation} allocation${repairs}`,
        };
      },
    });
  },
};

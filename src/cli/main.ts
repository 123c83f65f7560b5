import { Command, CommanderError } from "commander";
import { isHedgelabError } from "../errors.js";
import { formatComparisonTable } from "../evaluation/comparison-table.js";
import { resolveRunConfig } from "../experiments/run-config.js";
import { runExperiment, type RunResult } from "../experiments/run-experiment.js";
import { VERSION } from "../experiments/version.js";
import {
  assertRunFolderFree,
  formatRunFiles,
  freeRunName,
  writeRunFolder,
} from "../experiments/write-run.js";
import { buildRunConfigInput, FLAG_NAMES, type RunFlags } from "./run-options.js";

/** Where the CLI writes and what time it is: injected so that tests run it in-process. */
export interface CliIo {
  /** Receives standard output text. */
  stdout: (text: string) => void;
  /** Receives standard error text. */
  stderr: (text: string) => void;
  /** The clock used to name results folders; default `new Date()`. */
  now?: () => Date;
}

/** Exit codes: 0 success, 1 user error (one readable line), 2 internal error. */
export const EXIT = { ok: 0, userError: 1, internalError: 2 } as const;

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/**
 * Runs the hedgelab command line on `argv` (without the node and script paths).
 *
 * @returns the exit code.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command("hedgelab")
    .description("Deep hedging laboratory: hedge options on real market data and measure the risk left.")
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      // One line per error: commander puts its suggestion ("Did you mean …?") on a line of its own.
      outputError: (text, write) => write(`hedgelab: ${text.trim().replace(/\s*\n\s*/g, " ")}\n`),
    });

  program
    .command("run")
    .description("evaluate hedging strategies on the out-of-sample (test) market windows")
    .option(
      "--config <file>",
      "JSON configuration (sections: data, option, hedgeSets, strategies, delta, evaluation)",
    )
    .option(
      "--prices <file>",
      "price CSV, wide (date,TICKER,...) or long/Yahoo (Date,...,Adj Close); repeatable",
      collect,
    )
    .option("--implied-vol <file>", "implied-volatility CSV for --vol-source implied (default: embedded)")
    .option("--start <date>", "first date of the study period (default 2008-09-26)")
    .option("--end <date>", "last date of the study period (default 2024-12-31)")
    .option("--steps <n>", "trading days per window, T (default 30)")
    .option("--stride <n>", "days between window starts (default 1)")
    .option("--train <fraction>", "fraction of the dates for training (default 0.7)")
    .option("--validation <fraction>", "fraction of the remaining dates for validation (default 0.2)")
    .option("--kind <kind>", "option kind: call | put (default call)")
    .option("--strike <k>", "strike in rebased units, S0 = 100 (default 100)")
    .option(
      "--hedge <tickers>",
      "a hedge set, comma-separated, underlying first; repeatable (default 5 nested sets)",
      collect,
    )
    .option("--strategies <list>", "strategies to evaluate (default delta,no-hedge)")
    .option(
      "--vol-source <source>",
      "delta-hedge volatility: training | realized | implied (default training)",
    )
    .option("--realized-window <n>", "returns in the realised volatility (default 20)")
    .option("--rate <r>", "annualised rate in the Black–Scholes delta (default 0)")
    .option("--risk-aversion <lambda>", "λ of the entropic risk (default 1.3)")
    .option("--cost <c>", "proportional transaction cost (default 0)")
    .option("--premium <p0>", "premium received at t = 0 (default 0)")
    .option("--levels <list>", "VaR / expected-shortfall levels (default 0.95,0.99)")
    .option("--bootstrap <n>", "bootstrap resamples of the confidence intervals (default 1000)")
    .option("--block-length <n>", "block length of the bootstrap, or auto = T / stride (default auto)")
    .option("--seed <n>", "seed of every random draw (default 42)")
    .option("--name <name>", "results folder name under --out (default a UTC timestamp)")
    .option("--out <dir>", "directory of results folders", "runs")
    .action((flags: RunFlags) => {
      code = commandRun(flags, io);
    });

  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.userError;
    }
    return reportError(error, io);
  }
  return code;
}

function commandRun(flags: RunFlags, io: CliIo): number {
  try {
    const config = resolveRunConfig(buildRunConfigInput(flags), FLAG_NAMES);
    const out = typeof flags.out === "string" ? flags.out : "runs";
    const name = config.name ?? freeRunName(out, timestamp((io.now ?? (() => new Date()))()));
    assertRunFolderFree(out, name);
    const result = runExperiment({ ...config, name });
    io.stdout(`${describeRun(result)}\n\n${formatComparisonTable(result.evaluations)}\n\n`);
    const folder = writeRunFolder(formatRunFiles(result), out, name);
    io.stdout(`results: ${folder}\n`);
    return EXIT.ok;
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIo): number {
  if (isHedgelabError(error)) {
    io.stderr(`hedgelab: ${error.message}\n`);
    return EXIT.userError;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr(`hedgelab: internal error: ${message}\n`);
  return EXIT.internalError;
}

/** The lines printed above the table: data, split, instrument and notes. */
export function describeRun(result: RunResult): string {
  const { config, split, sources, notes } = result;
  const span = (s: RunResult["split"]["train"]): string =>
    `${s.start}..${s.end} (${s.dates} dates, ${s.windows} windows)`;
  return [
    `hedgelab ${result.version} · prices ${sources.join(", ")} · seed ${config.seed}`,
    `train ${span(split.train)} · validation ${span(split.validation)}`,
    `test ${span(split.test)}: every figure below is on these out-of-sample windows`,
    `short ${config.option.kind} on the first asset of each hedge set, strike ${config.option.strike} ` +
      `(rebased S0 = 100), T = ${config.data.steps} trading days, cost ${config.evaluation.cost}, ` +
      `premium ${config.evaluation.premium}; P&L in rebased units`,
    ...notes,
  ].join("\n");
}

function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}

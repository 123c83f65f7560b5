import { Command, CommanderError } from "commander";
import { isHedgelabError } from "../errors.js";
import { VERSION } from "../version.js";
import { describeBackend, kernelBackend } from "../tensor/kernels.js";
import { commandBacktest } from "./commands/backtest.js";
import { commandCacheClean, commandCacheList, DEFAULT_CACHE_DIR } from "./commands/cache.js";
import { commandCell } from "./commands/cell.js";
import { commandDoctor } from "./commands/doctor.js";
import { commandEvaluate } from "./commands/evaluate.js";
import { commandGenerate } from "./commands/generate.js";
import { commandGraph } from "./commands/graph.js";
import { commandReport } from "./commands/report.js";
import { commandRun } from "./commands/run.js";
import { commandSweep } from "./commands/sweep.js";
import { commandTrain } from "./commands/train.js";
import { commandWorker } from "./commands/worker.js";
import { EXIT, type CliIo } from "./io.js";
import { MODEL_NAMES } from "../models/registry.js";
import { addConfigOptions, flagNames, nameFlags, type CommandOption, type RunFlags } from "./run-options.js";

export { EXIT, type CliIo } from "./io.js";
export { describeRun } from "./commands/run.js";

/** `--workers N` of `run`, `backtest` and `sweep`. */
const WORKERS_OPTION: CommandOption = {
  flags: "--workers <n>",
  help: "compute up to n cells (trainings, generated paths) at once in child processes sharing the cache, each with its share of the kernel threads (default 1: one process)",
  group: "output",
};

/** `--queue URL` and `--insecure` of `run`, `backtest` and `sweep`. */
const QUEUE_OPTIONS: CommandOption[] = [
  {
    flags: "--queue <url>",
    help: "compute the cells as jobs on Redis (redis://[user:password@]HOST[:PORT][/DB], rediss:// for TLS) for `hedgelab worker` processes sharing the cache's filesystem",
    group: "output",
  },
  {
    flags: "--insecure",
    help: "with --queue, accept a Redis that is not on loopback and has no password",
    group: "output",
  },
];

/**
 * Runs the hedgelab command line on `argv` (without the node and script paths).
 *
 * @returns the exit code: 0 success, 1 user error (one line on standard error), 2 internal error.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code: number = EXIT.ok;
  const guarded =
    (command: (flags: RunFlags, io: CliIo) => void | Promise<void>) =>
    async (flags: RunFlags): Promise<void> => {
      try {
        await command(flags, { ...io, argv });
      } catch (error) {
        code = reportError(error, io, flagNames(flags));
      }
    };
  const program = new Command("hedgelab")
    .description("Deep hedging laboratory: hedge options on real market data and measure the risk left.")
    .option("-V, --version", "print the version and the kernel backend")
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      // One line per error: commander puts its suggestion ("Did you mean …?") on a line of its own.
      outputError: (text, write) => write(`hedgelab: ${text.trim().replace(/\s*\n\s*/g, " ")}\n`),
    });

  program.on("option:version", () => {
    io.stdout(`${VERSION} (kernels: ${describeBackend(kernelBackend())})\n`);
    throw new CommanderError(0, "commander.version", VERSION);
  });

  program
    .command("doctor")
    .description("print the version, the CPU and the kernel backend in use (native or WebAssembly, threads)")
    .action(guarded((_flags, cliIo) => commandDoctor(cliIo)));

  const out = (what: string, folder: string): CommandOption => ({
    flags: "--out <dir>",
    help: `directory of ${what} folders`,
    defaultValue: folder,
    group: "output",
  });
  addConfigOptions(
    program
      .command("run")
      .description(
        "train the neural hedgers, then evaluate every strategy on the out-of-sample (test) market windows",
      ),
    "run",
    [
      out("results", "runs"),
      {
        flags: "--resume",
        help: "continue the interrupted run of the same --name: finished cells from the cache, the current training from its checkpoint",
        group: "output",
      },
      {
        flags: "--cache <dir>",
        help: "cache of generated paths and trained models, by the hash of what made them (default <out>/.cache; none: no cache)",
        group: "output",
      },
      WORKERS_OPTION,
      ...QUEUE_OPTIONS,
    ],
  ).action(guarded(commandRun));

  addConfigOptions(
    program
      .command("backtest")
      .description(
        "walk-forward backtest: for each test year (or quarter), train on the dates before its validation period, then pool every fold's out-of-sample windows",
      ),
    "run",
    [
      {
        flags: "--folds <scheme>",
        help: "test periods: yearly | quarterly | FROM..TO,FROM..TO,… (explicit, in time order)",
        defaultValue: "yearly",
      },
      {
        flags: "--backtest <FROM..TO>",
        help: "the span the test periods cover (default 2012-01-01 to the data's last date)",
      },
      {
        flags: "--train-years <n>",
        help: "train on the n years before each validation period (default: expanding, from the study's start)",
      },
      {
        flags: "--validation-years <n>",
        help: "years of validation just before each test period",
        defaultValue: "1",
      },
      {
        flags: "--costs <bp,…>",
        help: "proportional costs in basis points, one backtest each (hedgers trained under the same cost), e.g. 0,5,20",
      },
      out("results", "runs"),
      {
        flags: "--resume",
        help: "continue the interrupted backtest of the same --name: finished folds and cells from the cache, the current training from its checkpoint",
        group: "output",
      },
      {
        flags: "--cache <dir>",
        help: "cache of finished folds, generated paths and trained models (default <out>/.cache; none: no cache)",
        group: "output",
      },
      WORKERS_OPTION,
      ...QUEUE_OPTIONS,
    ],
  ).action(guarded(commandBacktest));

  addConfigOptions(
    program
      .command("sweep")
      .description(
        "hyperparameter search: train every trial of the --config file's sweep section as run would, score it on the validation windows only, and write the chosen configuration for run --config",
      ),
    "run",
    [
      {
        flags: "--trials <n>",
        help: 'draws of a random search (sweep.method "random"; default sweep.trials, else 20)',
      },
      out("results", "runs"),
      {
        flags: "--resume",
        help: "continue the interrupted sweep of the same --name: finished trials and cells from the cache, the current training from its checkpoint",
        group: "output",
      },
      {
        flags: "--cache <dir>",
        help: "cache of finished trials, generated paths and trained models (default <out>/.cache; none: no cache)",
        group: "output",
      },
      WORKERS_OPTION,
      ...QUEUE_OPTIONS,
    ],
  ).action(guarded(commandSweep));

  program
    .command("worker")
    .description(
      "take the cells of studies run with --queue from Redis and store them in the cache (on a filesystem the coordinator sees)",
    )
    .requiredOption("--queue <url>", "Redis: redis://[user:password@]HOST[:PORT][/DB], rediss:// for TLS")
    .requiredOption("--cache <dir>", "the store the coordinator reads (a shared filesystem)")
    .option("--concurrency <k>", "jobs at once, each in a child process", "1")
    .option(
      "--job-timeout <duration>",
      "stop a job's process past this time and fail the job (it runs again): one duration for all cells (90s, 30m, 6h) or KIND=DURATION,… (default: per kind, training 48 h … market data 30 min; see docs/study.md)",
    )
    .option("--insecure", "accept a Redis that is not on loopback and has no password")
    .action(guarded(commandWorker));

  const CACHE_HELP =
    "the store; a <out>/.cache store also brings the checkpoints train and generate keep in <out> (models/.cache for train's)";
  const cache = program
    .command("cache")
    .description(
      "list or remove the cached cells (generated paths, trained models, …) and training checkpoints of a store",
    );
  cache
    .command("ls")
    .description("what the store holds: cells per kind, checkpoints and temporaries, with sizes and ages")
    .option("--cache <dir>", CACHE_HELP, DEFAULT_CACHE_DIR)
    .action(guarded(commandCacheList));
  cache
    .command("clean")
    .description(
      "remove cached cells and checkpoints, by kind, age or state; never a cell a running process writes",
    )
    .option("--cache <dir>", CACHE_HELP, DEFAULT_CACHE_DIR)
    .option(
      "--kind <kinds>",
      "the cells of these kinds, comma-separated (training, market-paths, … as cache ls lists)",
    )
    .option(
      "--checkpoints",
      "the training checkpoints, and those of train and generate in <out> (an interrupted training resumes from one)",
    )
    .option(
      "--stale",
      "the checkpoints of stored trainings or written folders, and the temporaries of processes gone",
    )
    .option(
      "--older-than <duration>",
      "only what changed longer ago (90s, 30m, 6h, 7d); alone: everything older",
    )
    .option("--all", "everything but what a running process writes")
    .option("--dry-run", "say what would go, remove nothing")
    .action(guarded(commandCacheClean));

  program
    .command("cell", { hidden: true })
    .description("compute and store one cell of a study (a child process of --workers N)")
    .requiredOption("--spec <file>", "the study: its command and resolved configuration (JSON)")
    .requiredOption("--cell <id>", "the id of the cell to store")
    .requiredOption("--cache <dir>", "the store")
    .action(guarded(commandCell));

  addConfigOptions(
    program
      .command("train")
      .description("train one hedger on the training windows of one hedge set and save it"),
    "train",
    [
      { flags: "--model <kind>", help: `the hedger: ${MODEL_NAMES.join(" | ")}`, defaultValue: "rnn" },
      { flags: "--resume", help: "continue from the checkpoint of an interrupted run with the same --name" },
      out("model", "models"),
    ],
  ).action(guarded(commandTrain));

  addConfigOptions(
    program
      .command("evaluate")
      .description(
        "score saved hedgers (several per hedge set, seeds, sources, ensembles) beside the delta hedge and no hedge on a test period of any price file, with the parameters of their own training runs",
      ),
    "evaluate",
    [
      {
        flags: "--model <[name=]folder>",
        help:
          "a model folder written by hedgelab train, or by run (<run>/models/<hedge set>); repeatable, " +
          "any number per hedge set; its row is named hedger[:seed<k>] [· source], or NAME with NAME=FOLDER",
        repeatable: true,
      },
      {
        flags: "--ensemble <[name=]models>",
        help:
          "one row averaging the holdings of several models: folders A,B,C, or a folder whose subfolders " +
          "are model folders (seeds, a run's models/ of one hedge set); the members share hedge set, option, " +
          "T and the fitted parameters of their training runs; NAME=… names the row; repeatable",
        repeatable: true,
      },
      {
        flags: "--holdings <file>",
        help:
          "also write every model's, ensemble's and delta's holding per window and date to this CSV " +
          "(window,start,date,step,hedge,strategy,asset,price,holding; also holdings.csv in the results folder)",
      },
      {
        flags: "--in-sample",
        help: "score a test period overlapping a model's training or validation period, labelled in-sample",
      },
      out("results", "runs"),
    ],
  ).action(guarded(commandEvaluate));

  addConfigOptions(
    program
      .command("generate")
      .description(
        "generate training paths from a model fitted on the training span (regime-switching Black–Scholes or SigDiffusion)",
      ),
    "generate",
    [
      {
        flags: "--source <source>",
        help: "the generator: regime-bs | sigdiffusion",
        defaultValue: "regime-bs",
      },
      {
        flags: "--resume",
        help: "sigdiffusion: continue training from the checkpoint of an interrupted run with the same --name",
      },
      out("generated", "generated"),
    ],
  ).action(guarded(commandGenerate));

  addConfigOptions(
    program
      .command("graph")
      .description(
        "print the graph of cells of the study run would execute with the same flags, without running it",
      ),
    "run",
    [
      {
        flags: "--format <format>",
        help: "mermaid (a flowchart) | text (one line per cell)",
        defaultValue: "mermaid",
      },
    ],
  ).action(guarded(commandGraph));

  program
    .command("report")
    .description("rebuild report.html of a run folder from its files, without retraining")
    .argument("<run-dir>", "a results folder written by hedgelab run or hedgelab backtest")
    .action(async (dir: string) => {
      try {
        await commandReport(dir, io);
      } catch (error) {
        code = reportError(error, io);
      }
    });

  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.userError;
    return reportError(error, io);
  }
  return code;
}

function reportError(error: unknown, io: CliIo, names: Readonly<Record<string, string>> = {}): number {
  if (isHedgelabError(error)) {
    io.stderr(`hedgelab: ${nameFlags(error.message, names)}\n`);
    return EXIT.userError;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr(`hedgelab: internal error: ${message}\n`);
  return EXIT.internalError;
}

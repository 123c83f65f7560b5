import { existsSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { HedgelabError } from "../../errors.js";
import { readRunFiles, reportDataFromFiles } from "../../store/read-run.js";
import { renderReport } from "../../report/render-report.js";
import { renderBacktestReport } from "../../report/backtest-report.js";
import { backtestReportDataFromFiles, readBacktestFiles } from "../../backtest/backtest-report-data.js";
import type { CliIo } from "../io.js";

/**
 * `hedgelab report RUN_DIR`: rebuilds `RUN_DIR/report.html` from the run folder's files (metrics,
 * P&L, training history, figure data), or a backtest folder's (backtest.json, pnl.csv), without
 * training or evaluating anything. The page is written
 * to a temporary file and renamed over the old one, so a failure leaves the old report whole.
 */
export async function commandReport(dir: string, io: CliIo): Promise<void> {
  const name = basename(resolve(dir));
  const html = existsSync(join(dir, "backtest.json"))
    ? await renderBacktestReport(backtestReportDataFromFiles(readBacktestFiles(dir), name))
    : await renderReport(reportDataFromFiles(readRunFiles(dir), name));
  const target = join(dir, "report.html");
  const temporary = join(dir, `.report.html.partial-${process.pid}`);
  try {
    writeFileSync(temporary, html);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new HedgelabError(`cannot write ${target}: ${(error as Error).message}`);
  }
  io.stdout(`report: ${target}\n`);
}

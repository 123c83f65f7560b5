import { existsSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { writeFileAtomically } from "../../store/atomic-file.js";
import { readRunFiles, reportDataFromFiles } from "../../store/read-run.js";
import { renderReport } from "../../report/render-report.js";
import { renderBacktestReport } from "../../report/backtest-report.js";
import { backtestReportDataFromFiles, readBacktestFiles } from "../../backtest/backtest-report-data.js";
import { renderSweepReport } from "../../report/sweep-report.js";
import { readSweepFiles, sweepReportDataFromFiles } from "../../sweep/sweep-report-data.js";
import type { CliIo } from "../io.js";

/**
 * `hedgelab report RUN_DIR`: rebuilds `RUN_DIR/report.html` from the run folder's files (metrics,
 * P&L, training history, figure data), a backtest folder's (backtest.json, pnl.csv) or a sweep folder's (sweep.json), without
 * training or evaluating anything. The page is written to a temporary file and renamed over the
 * old one ({@link writeFileAtomically}), so a failure leaves the old report whole.
 */
export async function commandReport(dir: string, io: CliIo): Promise<void> {
  const name = basename(resolve(dir));
  const html = existsSync(join(dir, "backtest.json"))
    ? await renderBacktestReport(backtestReportDataFromFiles(readBacktestFiles(dir), name))
    : existsSync(join(dir, "sweep.json"))
      ? await renderSweepReport(sweepReportDataFromFiles(readSweepFiles(dir), name))
      : await renderReport(reportDataFromFiles(readRunFiles(dir), name));
  const target = join(dir, "report.html");
  writeFileAtomically(target, html, "report");
  io.stdout(`report: ${target}\n`);
}

import { renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { HedgelabError } from "../../errors.js";
import { readRunFiles, reportDataFromFiles } from "../../store/read-run.js";
import { renderReport } from "../../report/render-report.js";
import type { CliIo } from "../io.js";

/**
 * `hedgelab report RUN_DIR`: rebuilds `RUN_DIR/report.html` from the run folder's files (metrics,
 * P&L, training history, figure data), without training or evaluating anything. The page is written
 * to a temporary file and renamed over the old one, so a failure leaves the old report whole.
 */
export async function commandReport(dir: string, io: CliIo): Promise<void> {
  const files = readRunFiles(dir);
  const html = await renderReport(reportDataFromFiles(files, basename(resolve(dir))));
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

import { HedgelabError } from "../errors.js";
import { parseCsv } from "../data/csv.js";
import type { QualityTargetRecord } from "../evaluation/quality-targets.js";
import { columns, numberAt } from "./report-files.js";

const HEADER = ["source", "hedge", "statistic", "asset", "value", "lower", "upper", "reference", "pass"];

/**
 * `quality-targets.csv`: `source,hedge,statistic,asset,value,lower,upper,reference,pass`, one row per
 * source, hedge set (`AAPL+MSFT`), statistic and asset (`all` for a joint one). The target is
 * lower ≤ value ≤ upper (`-Infinity` for no lower bound); `reference` is the market's own figure
 * (`NaN` where there is none); `pass` is `true` or `false`. Numbers are written in full precision
 * (`String(x)`), so that the report read back from the folder equals the run's.
 */
export function formatQualityTargetsCsv(records: readonly QualityTargetRecord[]): string {
  const lines = [HEADER.join(",")];
  for (const r of records) {
    lines.push(
      [r.source, r.hedge.join("+"), r.statistic, r.asset, r.value, r.lower, r.upper, r.reference, r.pass]
        .map(String)
        .join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Reads `quality-targets.csv` back (see {@link formatQualityTargetsCsv}). */
export function parseQualityTargetsCsv(text: string, file: string): QualityTargetRecord[] {
  const table = parseCsv(text, file);
  const col = columns(table, HEADER);
  return table.rows.map((row) => {
    const f = row.fields;
    const pass = f[col.pass!];
    if (pass !== "true" && pass !== "false") {
      throw new HedgelabError(
        `${file} line ${row.line}: pass must be true or false, not ${JSON.stringify(pass)}`,
      );
    }
    return {
      source: f[col.source!]!,
      hedge: f[col.hedge!]!.split("+"),
      statistic: f[col.statistic!]!,
      asset: f[col.asset!]!,
      value: numberAt(table, row, col.value!),
      lower: numberAt(table, row, col.lower!),
      upper: numberAt(table, row, col.upper!),
      reference: numberAt(table, row, col.reference!),
      pass: pass === "true",
    };
  });
}

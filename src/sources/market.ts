import { HedgelabError } from "../errors.js";
import { selectAssets } from "../data/path-batch.js";
import { defineCell } from "../graph/cell.js";
import type { SourceEntry } from "./source-entry.js";

/** The market's own training windows (the paper's historical source). */
export const MARKET_SOURCE: SourceEntry<"market", undefined, undefined> = {
  name: "market",
  section: undefined,
  schema: undefined,
  description: "the market's training windows",
  regimeLabels: false,
  generated: false,
  pathsCell: ({ market, hedge, folder }) => {
    if (folder !== undefined) {
      throw new HedgelabError("--paths takes the paths of hedgelab generate, for --data regime-bs");
    }
    return defineCell({
      kind: "market-paths",
      label: `market windows of ${hedge.join("+")}`,
      identity: { hedge },
      inputs: [market],
      run: ([data]) => {
        const paths = selectAssets(data.windows.train, hedge);
        return { paths, source: `${paths.n} market training windows` };
      },
    });
  },
};

import { describe, expect, it } from "vitest";
import { RnnHedger } from "../../src/hedgers/rnn-hedger.js";
import { generateGbm } from "../../src/generators/gbm.js";
import { createRandom } from "../../src/random/random-source.js";
import { EuropeanOption } from "../../src/instruments/european-option.js";
import { createPathBatch } from "../../src/data/path-batch.js";
import { expectCausal } from "./causality.js";

const option = new EuropeanOption();
const dt = 1 / 252;

describe("RnnHedger", () => {
  it("gives holdings of shape [N, T, H] for both variants, and is causal", () => {
    const paths = generateGbm({ n: 5, steps: 6, volatility: [0.2, 0.3] }, createRandom(1));
    for (const variant of ["shared", "per-step"] as const) {
      const rnn = new RnnHedger({ assets: 2, steps: 6, variant, lags: 2, dtype: "float64" });
      expect(rnn.holdings({ paths, option, dt }).length).toBe(5 * 6 * 2);
      expectCausal(rnn, { paths, option, dt });
      rnn.dispose();
    }
  });

  it("sees the regime label one-hot: changing it changes the holdings on that date", () => {
    const base = generateGbm({ n: 2, steps: 3 }, createRandom(2));
    const labels = (k: number): Int32Array => Int32Array.from({ length: 6 }, () => k);
    const rnn = new RnnHedger({ assets: 1, steps: 3, regimes: 3, dtype: "float64" });
    const at = (k: number): Float64Array =>
      rnn.holdings({
        paths: createPathBatch(
          base.values,
          { n: 2, steps: 3, tickers: base.tickers },
          { regimes: labels(k) },
        ),
        option,
        dt,
      });
    expect(Array.from(at(0))).not.toEqual(Array.from(at(2)));
    expect(() => rnn.holdings({ paths: base, option, dt })).toThrow("expects regime labels");
    rnn.dispose();
  });

  it("saves and loads its parameters and running statistics exactly", () => {
    const paths = generateGbm({ n: 8, steps: 4 }, createRandom(3));
    const a = new RnnHedger({ assets: 1, steps: 4, variant: "per-step", seed: 1 });
    const b = new RnnHedger({ assets: 1, steps: 4, variant: "per-step", seed: 2 });
    a.forward({ paths, option, dt }, "train"); // moves the running statistics
    expect(Array.from(a.holdings({ paths, option, dt }))).not.toEqual(
      Array.from(b.holdings({ paths, option, dt })),
    );
    b.load(JSON.parse(JSON.stringify(a.save())));
    expect(Array.from(b.holdings({ paths, option, dt }))).toEqual(
      Array.from(a.holdings({ paths, option, dt })),
    );
    a.dispose();
    b.dispose();
  });

  it("rejects paths of another shape and invalid options with one line", () => {
    const rnn = new RnnHedger({ assets: 2, steps: 30 });
    const paths = generateGbm({ n: 2, steps: 30 }, createRandom(4));
    expect(() => rnn.holdings({ paths, option, dt })).toThrow("built for 2 hedge assets, the paths have 1");
    expect(() => new RnnHedger({ assets: 1, steps: 30, lags: 0 })).toThrow("invalid lags: 0");
    expect(() => new RnnHedger({ assets: 1, steps: 30, hidden: [] })).toThrow("invalid hidden");
    rnn.dispose();
  });
});

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

  it("with the paper's inputs receives exactly the lagged returns: prices doubled (the same returns, exactly) give the same holdings, the default shared variant's differ", () => {
    const paths = generateGbm({ n: 4, steps: 5, volatility: [0.3, 0.2] }, createRandom(4));
    const scaled = createPathBatch(
      paths.values.map((v) => 2 * v),
      { n: 4, steps: 5, tickers: paths.tickers },
    );
    const paper = new RnnHedger({
      assets: 2,
      steps: 5,
      lags: 2,
      previousHolding: false,
      timeToMaturity: false,
      moneyness: false,
      dtype: "float64",
      seed: 7,
    });
    // Two lags of two assets and nothing else.
    expect(paper.inputWidth).toBe(4);
    const a = paper.holdings({ paths, option, dt });
    expect(Array.from(paper.holdings({ paths: scaled, option, dt }))).toEqual(Array.from(a));
    // On the first date no return is known yet: every path gets the same holding, the network of zeros.
    for (let i = 1; i < 4; i++) expect([a[i * 10], a[i * 10 + 1]]).toEqual([a[0], a[1]]);
    // Its holding on a date does not depend on its holding the day before: the dates are independent
    // given the returns, so date 2's holdings equal those of a path whose earlier returns are the same.
    expectCausal(paper, { paths, option, dt });
    const shared = new RnnHedger({ assets: 2, steps: 5, lags: 2, dtype: "float64", seed: 7 });
    expect(shared.inputWidth).toBe(4 + 2 + 1 + 1);
    expect(Array.from(shared.holdings({ paths: scaled, option, dt }))).not.toEqual(
      Array.from(shared.holdings({ paths, option, dt })),
    );
    paper.dispose();
    shared.dispose();
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

  it("reads the world's volatility √v_t with the world-volatility input, and refuses paths without variance", () => {
    const base = generateGbm({ n: 2, steps: 3 }, createRandom(2));
    const rnn = new RnnHedger({ assets: 1, steps: 3, worldVolatility: true, dtype: "float64" });
    const at = (v: number): Float64Array =>
      rnn.holdings({
        paths: createPathBatch(
          base.values,
          { n: 2, steps: 3, tickers: base.tickers },
          { variance: new Float64Array(base.values.length).fill(v) },
        ),
        option,
        dt,
      });
    expect(Array.from(at(0.04))).not.toEqual(Array.from(at(0.16)));
    expect(() => rnn.holdings({ paths: base, option, dt })).toThrow("the paths have none");
    expect(rnn.inputWidth).toBe(new RnnHedger({ assets: 1, steps: 3 }).inputWidth + 1);
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

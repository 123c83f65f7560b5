import { describe, expect, it } from "vitest";
import {
  DEFAULT_TRIALS,
  describeEdges,
  describeTrial,
  gridSize,
  gridValues,
  resolveSweep,
  spaceEdges,
  sweepTrials,
  trialInput,
} from "../../src/sweep/search-space.js";

describe("resolveSweep", () => {
  it("fills the defaults: a grid selected on the entropic risk", () => {
    const sweep = resolveSweep({ space: { "training.batchSize": [64, 128] } });
    expect(sweep).toEqual({
      method: "grid",
      measure: "entropic",
      space: { "training.batchSize": [64, 128] },
    });
  });

  it("refuses, in one line naming the field, what a sweep cannot be", () => {
    const refused: [unknown, RegExp][] = [
      [{}, /^invalid sweep\.space: \(Invalid input/],
      [{ space: {} }, /^invalid sweep\.space: \(must name one hyperparameter or more\)$/],
      [
        { space: { "training.batchSize": [] } },
        /^invalid sweep\.space\.training\.batchSize: \(must list one value or more\)$/,
      ],
      [{ space: { "Training..x": [1] } }, /^invalid sweep\.space\.Training\.\.x: /],
      [{ method: "bayes", space: { "training.epochs": [1] } }, /^invalid sweep\.method: "bayes"/],
      [{ space: { "training.epochs": [1] }, extra: 1 }, /^unknown option "extra" in sweep$/],
      [
        { space: { "evaluation.cost": [0, 0.001] } },
        /^invalid sweep\.space\.evaluation\.cost: a sweep varies how the hedgers are trained/,
      ],
      [{ space: { "data.stride": [1, 2] } }, /not what they are measured on/],
      [
        { space: { "training.seeds": [1, 2] } },
        /^invalid sweep\.space\.training\.seeds: every trial trains the same seeds/,
      ],
      [{ space: { "training.paths": ["/etc"] } }, /^invalid sweep\.space\.training\.paths: /],
      [
        { space: { "training.learningRate": { min: 1e-4, max: 1e-2, scale: "log" } } },
        /a grid needs a list of values, or a range with "count"/,
      ],
      [{ trials: 5, space: { "training.epochs": [1, 2] } }, /^sweep\.trials applies to a random search/],
      [
        { method: "random", space: { "training.learningRate": { min: 0, max: 1, scale: "log" } } },
        /a "log" range needs min > 0/,
      ],
      [{ method: "random", space: { "training.learningRate": { min: 1, max: 1 } } }, /max must be above min/],
    ];
    for (const [input, message] of refused)
      expect(() => resolveSweep(input), JSON.stringify(input)).toThrow(message);
  });
});

describe("sweepTrials", () => {
  it("lays out a grid with the first path varying slowest", () => {
    const sweep = resolveSweep({
      space: { "training.batchSize": [64, 128], "rnn.hidden": [[8], [16, 16], [32]] },
    });
    const trials = sweepTrials(sweep, 42);
    expect(gridSize(sweep)).toBe(6);
    expect(trials.map((t) => [t.index, t.values["training.batchSize"], t.values["rnn.hidden"]])).toEqual([
      [1, 64, [8]],
      [2, 64, [16, 16]],
      [3, 64, [32]],
      [4, 128, [8]],
      [5, 128, [16, 16]],
      [6, 128, [32]],
    ]);
    expect(describeTrial(trials[1]!)).toBe("training.batchSize 64 · rnn.hidden [16,16]");
  });

  it("spaces a log range geometrically, ends exact, and rounds an integer range without repeats", () => {
    expect(gridValues({ min: 1e-4, max: 1e-2, scale: "log", integer: false, count: 3 })).toEqual([
      1e-4, 1e-3, 1e-2,
    ]);
    expect(gridValues({ min: 0, max: 1, scale: "linear", integer: false, count: 5 })).toEqual([
      0, 0.25, 0.5, 0.75, 1,
    ]);
    expect(gridValues({ min: 1, max: 3, scale: "linear", integer: true, count: 5 })).toEqual([1, 2, 3]);
  });

  it("draws a random search from its seed: the same seed the same trials, a longer search beginning with a shorter", () => {
    const sweep = resolveSweep({
      method: "random",
      space: {
        "training.learningRate": { min: 1e-4, max: 1e-2, scale: "log" },
        "training.batchSize": { min: 16, max: 256, integer: true },
        "rnn.hidden": [[8], [16]],
      },
    });
    const ten = sweepTrials(sweep, 7, 10);
    expect(ten).toHaveLength(10);
    expect(sweepTrials(sweep, 7, 10)).toEqual(ten);
    expect(sweepTrials(sweep, 7, 4)).toEqual(ten.slice(0, 4));
    expect(sweepTrials(sweep, 8, 10)).not.toEqual(ten);
    expect(sweepTrials(sweep, 7)).toHaveLength(DEFAULT_TRIALS);
    for (const { values } of ten) {
      const lr = values["training.learningRate"] as number;
      const batch = values["training.batchSize"] as number;
      expect(lr).toBeGreaterThanOrEqual(1e-4);
      expect(lr).toBeLessThanOrEqual(1e-2);
      expect(Number.isInteger(batch) && batch >= 16 && batch <= 256).toBe(true);
    }
  });

  it("draws a log range log-uniformly: about half the draws below the geometric mean", () => {
    const sweep = resolveSweep({
      method: "random",
      space: { "training.learningRate": { min: 1e-5, max: 1e-1, scale: "log" } },
    });
    const draws = sweepTrials(sweep, 3, 2000).map((t) => t.values["training.learningRate"] as number);
    const below = draws.filter((x) => x < 1e-3).length / draws.length;
    // Binomial standard error √(0.25 / 2000) ≈ 0.011: four of them.
    expect(Math.abs(below - 0.5)).toBeLessThan(0.045);
  });

  it("never repeats a combination, and refuses more trials than a finite space holds", () => {
    const sweep = resolveSweep({ method: "random", space: { "training.batchSize": [32, 64, 128] } });
    const all = sweepTrials(sweep, 1, 3).map((t) => t.values["training.batchSize"]);
    expect([...all].sort()).toEqual([128, 32, 64]);
    expect(() => sweepTrials(sweep, 1, 4)).toThrow(
      /^a random search of 4 trials over 3 combinations would repeat some: give --trials 3 or fewer/,
    );
  });
});

describe("trialInput", () => {
  it("writes the trial's values at their paths on a copy of the base", () => {
    const base = { training: { epochs: 3 }, rnn: { hidden: [4] } };
    const input = trialInput(base, {
      index: 1,
      values: { "training.learningRate": 0.01, "rnn.hidden": [8, 8] },
    });
    expect(input).toEqual({ training: { epochs: 3, learningRate: 0.01 }, rnn: { hidden: [8, 8] } });
    expect(base).toEqual({ training: { epochs: 3 }, rnn: { hidden: [4] } });
  });
});

describe("spaceEdges", () => {
  it("names the numeric values at an edge of a grid, not lists of other values nor a random range", () => {
    const grid = resolveSweep({
      space: {
        "training.batchSize": [256, 64, 128],
        "rnn.hidden": [[8], [16]],
        "training.learningRate": { min: 0.001, max: 0.1, scale: "log", count: 3 },
      },
    });
    expect(
      spaceEdges(grid, { "training.batchSize": 64, "rnn.hidden": [16], "training.learningRate": 0.1 }),
    ).toEqual([
      { path: "training.batchSize", value: 64, side: "lowest" },
      { path: "training.learningRate", value: 0.1, side: "highest" },
    ]);
    expect(spaceEdges(grid, { "training.batchSize": 128, "training.learningRate": 0.01 })).toEqual([]);
    expect(describeEdges(spaceEdges(grid, { "training.batchSize": 256 }))).toBe(
      "training.batchSize 256 is the highest value searched: the best may lie outside the space; widen it there",
    );
    const random = resolveSweep({
      method: "random",
      space: { "training.learningRate": { min: 0.001, max: 0.1 } },
    });
    expect(spaceEdges(random, { "training.learningRate": 0.1 })).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { checkMlpOptions, denseLayers } from "../../src/hedgers/dense-layers.js";
import { createRandom } from "../../src/random/random-source.js";

describe("denseLayers", () => {
  it("makes named layers of the given widths, drawn uniformly within ±1/√fan-in", () => {
    const layers = denseLayers([3, 5, 2], "float64", createRandom(1));
    expect(layers.map((l) => [l.weight.shape, l.bias.shape])).toEqual([
      [[3, 5], [5]],
      [[5, 2], [2]],
    ]);
    expect(layers.map((l) => [l.weight.name, l.bias.name])).toEqual([
      ["layer0.weight", "layer0.bias"],
      ["layer1.weight", "layer1.bias"],
    ]);
    for (const v of layers[0]!.weight.toArray()) expect(Math.abs(v)).toBeLessThanOrEqual(1 / Math.sqrt(3));
  });

  it("takes the last bias as given without changing the other draws", () => {
    const drawn = denseLayers([3, 5, 2], "float64", createRandom(1));
    const given = denseLayers([3, 5, 2], "float64", createRandom(1), Float64Array.from([0.5, -0.5]));
    expect(Array.from(given[1]!.bias.toArray())).toEqual([0.5, -0.5]);
    expect(Array.from(given[1]!.weight.toArray())).toEqual(Array.from(drawn[1]!.weight.toArray()));
    expect(Array.from(given[0]!.bias.toArray())).toEqual(Array.from(drawn[0]!.bias.toArray()));
  });
});

describe("checkMlpOptions", () => {
  const ok = { hidden: [8], activation: "relu", regimes: 0, dtype: "float32" };
  it("refuses each bad setting with one line naming it", () => {
    expect(() => checkMlpOptions(ok)).not.toThrow();
    expect(() => checkMlpOptions({ ...ok, hidden: [0] })).toThrow(
      /^invalid hidden: \[0\] \(must be positive integers\)$/,
    );
    expect(() => checkMlpOptions({ ...ok, activation: "gelu" })).toThrow(/^invalid activation: "gelu"/);
    expect(() => checkMlpOptions({ ...ok, regimes: -1 })).toThrow(/^invalid regimes: -1/);
    expect(() => checkMlpOptions({ ...ok, dtype: "int8" })).toThrow(/^invalid dtype: "int8"/);
  });
});

import { describe, expect, it } from "vitest";
import { backward } from "../../src/tensor/backward.js";
import { memoryStats } from "../../src/tensor/heap.js";
import { Adam } from "../../src/tensor/adam.js";
import { learningRateAt } from "../../src/tensor/learning-rate.js";
import { loadTensors, saveTensors } from "../../src/tensor/serialize.js";
import { empty, gradOf, noGrad, record, tensor, tidy, variable, zeros } from "../../src/tensor/tensor.js";
import { mul } from "../../src/tensor/ops/binary.js";
import { sum } from "../../src/tensor/ops/reduce.js";
import { expectGradientsMatch } from "./gradient-check.js";

describe("tensor lifetime", () => {
  it("tidy frees every tensor made inside except the ones returned", () => {
    const before = memoryStats().liveBytes;
    const kept = tidy(() => {
      zeros([1000]);
      const x = tensor([1, 2, 3], [3]);
      return mul(x, x);
    });
    expect(Array.from(kept.values())).toEqual([1, 4, 9]);
    kept.dispose();
    expect(memoryStats().liveBytes).toBe(before);
  });

  it("a freed tensor cannot be read", () => {
    let leaked: ReturnType<typeof zeros> | undefined;
    tidy(() => {
      leaked = zeros([2]);
    });
    expect(() => leaked!.values()).toThrow(/was freed/);
  });

  it("a training step in a loop does not grow live memory", () => {
    const w = variable([0.5, -0.5], [2], "float32", "w");
    const adam = new Adam([w]);
    const step = (): void =>
      tidy(() => {
        adam.zeroGrad();
        backward(sum(mul(mul(w, w), tensor([1, 2], [2]))));
        adam.step();
      });
    step();
    const live = memoryStats().liveBytes;
    for (let i = 0; i < 50; i++) step();
    expect(memoryStats().liveBytes).toBe(live);
    w.dispose();
  });

  it("noGrad records no autograd node", () => {
    tidy(() => {
      const w = tensor([1], [1]);
      w.requiresGrad = true;
      expect(noGrad(() => mul(w, w)).requiresGrad).toBe(false);
      expect(mul(w, w).requiresGrad).toBe(true);
    });
  });

  it("the gradient check fails on a wrong backward pass (it can fail)", () => {
    // y = 2x with a backward that claims dy/dx = 3.
    const wrong = (x: ReturnType<typeof zeros>) => {
      const y = empty(x.shape, x.dtype);
      const [xv, yv] = [x.values(), y.values()];
      for (let i = 0; i < xv.length; i++) yv[i] = 2 * xv[i]!;
      return record(y, [x], (g) => {
        const { grad } = gradOf(x);
        const [gv, dv] = [g.values(), grad.values()];
        for (let i = 0; i < dv.length; i++) dv[i] = 3 * gv[i]!;
      });
    };
    expect(() => expectGradientsMatch(wrong, [{ values: [1, 2], shape: [2] }])).toThrow();
  });
});

describe("Adam", () => {
  it("takes the first step θ − lr·sign(g) (bias-corrected m̂/√v̂ = ±1) and then the textbook second step", () => {
    const w = variable([1, -2], [2], "float64");
    const adam = new Adam([w], { learningRate: 0.1 });
    const grads = [
      [0.5, -4],
      [1, 2],
    ];
    let m = [0, 0];
    let s = [0, 0];
    const theta = [1, -2];
    grads.forEach((g, step) => {
      tidy(() => {
        adam.zeroGrad();
        backward(sum(mul(w, tensor(g, [2], "float64"))));
        adam.step();
      });
      const t = step + 1;
      m = m.map((mi, i) => 0.9 * mi + 0.1 * g[i]!);
      s = s.map((si, i) => 0.999 * si + 0.001 * g[i]! ** 2);
      theta.forEach(
        (_, i) =>
          (theta[i] =
            theta[i]! - (0.1 * (m[i]! / (1 - 0.9 ** t))) / (Math.sqrt(s[i]! / (1 - 0.999 ** t)) + 1e-8)),
      );
      if (t === 1) expect(theta[0]).toBeCloseTo(0.9, 6);
    });
    expect(w.values()[0]).toBeCloseTo(theta[0]!, 12);
    expect(w.values()[1]).toBeCloseTo(theta[1]!, 12);
    w.dispose();
  });

  it("saves and restores its state", () => {
    const w = variable([1], [1], "float64");
    const adam = new Adam([w]);
    tidy(() => {
      backward(sum(mul(w, w)));
      adam.step();
    });
    const copy = new Adam([w]);
    copy.load(adam.state());
    expect(copy.state()).toEqual(adam.state());
    w.dispose();
  });
});

describe("learning-rate schedules", () => {
  it("decay as their formulas say", () => {
    expect(learningRateAt({ kind: "constant", learningRate: 0.01 }, 500, 1000)).toBe(0.01);
    expect(
      learningRateAt({ kind: "exponential", learningRate: 1, decay: 0.5, decaySteps: 10 }, 20, 100),
    ).toBeCloseTo(0.25, 14);
    expect(learningRateAt({ kind: "step", learningRate: 1, decay: 0.5, decaySteps: 10 }, 19, 100)).toBe(0.5);
    expect(learningRateAt({ kind: "cosine", learningRate: 1 }, 50, 100)).toBeCloseTo(0.5, 14);
    expect(learningRateAt({ kind: "cosine", learningRate: 1, warmupSteps: 10 }, 4, 100)).toBeCloseTo(
      0.5 * 0.5 * (1 + Math.cos(Math.PI * 0.04)),
      14,
    );
  });

  it("reject an invalid rate with a message naming it", () => {
    expect(() => learningRateAt({ kind: "constant", learningRate: 0 }, 0, 1)).toThrow(
      "invalid learningRate: 0",
    );
  });
});

describe("saving parameters", () => {
  it("round-trips values exactly by name (base64 bytes) and rejects a shape mismatch in one line", () => {
    const a = variable([1, 2, 3, 4], [2, 2], "float32", "a");
    const saved = saveTensors([a]);
    const b = variable([0, 0, 0, 0], [2, 2], "float32", "a");
    loadTensors([b], saved);
    expect(Array.from(b.values())).toEqual([1, 2, 3, 4]);
    const c = variable([0, 0], [2], "float32", "a");
    expect(() => loadTensors([c], saved, "model.json")).toThrow(
      "model.json: parameter a has shape [2, 2], the model needs [2]",
    );
    // Older files hold the elements as a JSON array; a truncated base64 text is refused.
    loadTensors([b], [{ name: "a", shape: [2, 2], dtype: "float32", values: [5, 6, 7, 8] }]);
    expect(Array.from(b.values())).toEqual([5, 6, 7, 8]);
    expect(() => loadTensors([b], [{ ...saved[0]!, data: saved[0]!.data!.slice(0, 8) }], "m.json")).toThrow(
      "m.json: parameter a does not hold 4 float32 elements",
    );
    [a, b, c].forEach((t) => t.dispose());
  });
});

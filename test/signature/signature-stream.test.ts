import { describe, expect, it } from "vitest";
import { pathSignature, signatureStream } from "../../src/signature/signature-stream.js";
import { signature } from "../../src/signature/signature.js";
import { tensor, tidy } from "../../src/tensor/tensor.js";
import { expectGradientsMatch, randomValues } from "../tensor/gradient-check.js";

/** Points of paths starting at 0 with the given increments [B, L, d] → [B, L + 1, d]. */
function pointsOf(dx: number[], batch: number, steps: number, d: number): Float64Array {
  const points = new Float64Array(batch * (steps + 1) * d);
  for (let b = 0; b < batch; b++) {
    for (let s = 0; s < steps; s++) {
      for (let c = 0; c < d; c++) {
        const k = (b * (steps + 1) + s) * d + c;
        points[k + d] = points[k]! + dx[(b * steps + s) * d + c]!;
      }
    }
  }
  return points;
}

describe("signatureStream (WebAssembly kernels, differentiable)", () => {
  for (const [d, m, batch, steps] of [
    [3, 4, 2, 5],
    [8, 3, 2, 4],
    [5, 2, 1, 3],
    [1, 3, 2, 3],
  ] as const) {
    it(`equals the float64 reference streaming signature (d = ${d}, m = ${m}) in float64 and float32`, () => {
      const dx = randomValues(batch * steps * d, d * 10 + m, 0.3);
      const expected = signature(
        { values: pointsOf(dx, batch, steps, d), n: batch, length: steps + 1, dimension: d },
        { depth: m, stream: true },
      );
      tidy(() => {
        for (const [dtype, tolerance] of [
          ["float64", 1e-14],
          ["float32", 1e-5],
        ] as const) {
          const got = signatureStream(tensor(dx, [batch, steps, d], dtype), m).values();
          let max = 0;
          for (let i = 0; i < expected.length; i++) max = Math.max(max, Math.abs(got[i]! - expected[i]!));
          expect(max).toBeLessThan(tolerance);
        }
      });
    });
  }

  it("has the gradient of the streaming signature with respect to the increments (finite differences)", () => {
    for (const [d, m, batch, steps, seed] of [
      [2, 3, 2, 4, 1],
      [3, 4, 1, 3, 2],
      [8, 3, 1, 2, 3],
      [5, 2, 2, 3, 4],
      [1, 4, 1, 3, 5],
    ] as const) {
      expectGradientsMatch(
        (x) => signatureStream(x, m),
        [{ values: randomValues(batch * steps * d, seed, 0.5), shape: [batch, steps, d] }],
      );
    }
  });

  it("pathSignature equals the last streaming entry, and its gradient (rebuilt backwards) matches finite differences", () => {
    tidy(() => {
      const dx = randomValues(2 * 6 * 3, 9, 0.4);
      const stream = signatureStream(tensor(dx, [2, 6, 3], "float64"), 3).values();
      const last = pathSignature(tensor(dx, [2, 6, 3], "float64"), 3).values();
      const len = 3 + 9 + 27;
      for (let b = 0; b < 2; b++) {
        for (let i = 0; i < len; i++)
          expect(last[b * len + i]).toBeCloseTo(stream[(b * 6 + 5) * len + i]!, 14);
      }
    });
    for (const [d, m, batch, steps, seed] of [
      [2, 3, 2, 5, 11],
      [3, 4, 1, 4, 12],
      [8, 3, 1, 3, 13],
      [1, 2, 1, 1, 14],
    ] as const) {
      expectGradientsMatch(
        (x) => pathSignature(x, m),
        [{ values: randomValues(batch * steps * d, seed, 0.5), shape: [batch, steps, d] }],
      );
    }
  });

  it("signatureOfPaths equals the float64 reference on points (with and without a basepoint) and is differentiable in the points", async () => {
    const { signatureOfPaths } = await import("../../src/signature/signature-stream.js");
    const points = randomValues(2 * 5 * 3, 21, 0.5);
    for (const basepoint of [false, true]) {
      const expected = signature(
        { values: Float64Array.from(points), n: 2, length: 5, dimension: 3 },
        { depth: 3, basepoint, stream: true },
      );
      tidy(() => {
        const got = signatureOfPaths(tensor(points, [2, 5, 3], "float64"), {
          depth: 3,
          basepoint,
          stream: true,
        }).values();
        let max = 0;
        for (let i = 0; i < expected.length; i++) max = Math.max(max, Math.abs(got[i]! - expected[i]!));
        expect(max).toBeLessThan(1e-13);
      });
      expectGradientsMatch(
        (x) => signatureOfPaths(x, { depth: 3, basepoint }),
        [{ values: points, shape: [2, 5, 3] }],
      );
    }
  });
});

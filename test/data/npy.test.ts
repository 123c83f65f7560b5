import { describe, expect, it } from "vitest";
import { decodeNpy, encodeNpy, npyHeader } from "../../src/data/npy.js";

describe("npy", () => {
  it("writes NumPy's version 1.0 header, padded to 64 bytes and ending in a newline", () => {
    const header = npyHeader([2, 3], "float64");
    expect(header.length % 64).toBe(0);
    expect(Array.from(header.slice(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const length = header[8]! + 256 * header[9]!;
    expect(10 + length).toBe(header.length);
    const text = Buffer.from(header.slice(10)).toString("latin1");
    expect(text.startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }")).toBe(true);
    expect(text.endsWith("\n")).toBe(true);
    expect(Buffer.from(npyHeader([5], "int32").slice(10)).toString("latin1")).toContain("'shape': (5,)");
  });

  it("appends the little-endian data after the header", () => {
    const file = encodeNpy(Float64Array.from([1.5, -2]), [2]);
    const data = new Float64Array(file.buffer.slice(file.length - 16));
    expect(Array.from(data)).toEqual([1.5, -2]);
  });
});

describe("decodeNpy", () => {
  it("reads back what encodeNpy writes, and refuses what is not such an array", () => {
    const values = Float64Array.from([1, 2.5, -3, 4, 5, 6]);
    expect(decodeNpy(encodeNpy(values, [2, 3]), "a.npy")).toEqual({ shape: [2, 3], type: "float64", values });
    const labels = Int32Array.from([0, 1, 2]);
    expect(decodeNpy(encodeNpy(labels, [3]), "r.npy")).toEqual({ shape: [3], type: "int32", values: labels });
    expect(() => decodeNpy(new Uint8Array([1, 2, 3]), "x.npy")).toThrow(
      "x.npy is not a NumPy array hedgelab can read: no .npy magic string",
    );
    const whole = encodeNpy(values, [2, 3]);
    const truncated = whole.subarray(0, whole.length - 12);
    expect(() => decodeNpy(truncated, "t.npy")).toThrow(
      /t\.npy is not a NumPy array .*: 36 data bytes for shape \(2, 3\), expected 48$/,
    );
  });
});

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { decodeSafetensors, encodeSafetensors, type NamedTensor } from "../../src/tensor/safetensors.js";

/** The bytes of an ASCII text. */
const ascii = (text: string): number[] => Array.from(text, (c) => c.charCodeAt(0));

/** A file of `header` (JSON text, padded here to a multiple of 8) and `buffer`, for the refusals. */
function file(header: string, buffer: number[] = [], headerLength?: number): Uint8Array {
  const padded = header.padEnd(Math.ceil(header.length / 8) * 8, " ");
  const n = headerLength ?? padded.length;
  return Uint8Array.from([n & 0xff, (n >> 8) & 0xff, 0, 0, 0, 0, 0, 0, ...ascii(padded), ...buffer]);
}

const entry = (dtype: string, shape: number[], begin: number, end: number): string =>
  JSON.stringify({ dtype, shape, data_offsets: [begin, end] });

describe("safetensors files", () => {
  it("encodeSafetensors writes the format byte by byte: length, header, space padding, little-endian buffers in order", () => {
    const bytes = encodeSafetensors(
      [
        { name: "a", shape: [2], values: Float32Array.of(1, -2) },
        { name: "b", shape: [1], values: Float64Array.of(0.5) },
      ],
      { format: "pt" },
    );
    const header =
      '{"__metadata__":{"format":"pt"},' +
      '"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},' +
      '"b":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}';
    expect(header.length).toBe(139); // + 5 spaces = 144 = 0x90, and 8 + 144 = 152 = 19 · 8
    expect(Array.from(bytes)).toEqual([
      ...[0x90, 0, 0, 0, 0, 0, 0, 0], // N = 144, unsigned 64-bit little-endian
      ...ascii(header),
      ...[0x20, 0x20, 0x20, 0x20, 0x20], // padding: 8 + N is a multiple of 8
      ...[0x00, 0x00, 0x80, 0x3f], // a[0] = 1, float32 little-endian
      ...[0x00, 0x00, 0x00, 0xc0], // a[1] = −2
      ...[0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xe0, 0x3f], // b[0] = 0.5, float64 little-endian
    ]);
    expect(bytes.length).toBe(168);
  });

  it("writes no __metadata__ when the metadata is empty, and an I32 scalar", () => {
    const header = '{"x":{"dtype":"I32","shape":[],"data_offsets":[0,4]}}'; // 53 characters, + 3 spaces = 56
    const bytes = encodeSafetensors([{ name: "x", shape: [], values: Int32Array.of(-1) }], {});
    expect(Array.from(bytes)).toEqual([
      ...[56, 0, 0, 0, 0, 0, 0, 0],
      ...ascii(header),
      ...[0x20, 0x20, 0x20],
      ...[0xff, 0xff, 0xff, 0xff],
    ]);
  });

  it("decodes the hand-written fixture: out-of-order header, a scalar, no metadata", () => {
    const bytes = readFileSync(
      fileURLToPath(new URL("fixtures/scalar-and-matrix.safetensors", import.meta.url)),
    );
    const { tensors, metadata } = decodeSafetensors(bytes, "the fixture");
    expect(metadata).toEqual({});
    expect(tensors).toEqual([
      { name: "x", shape: [1, 1], values: Float64Array.of(-1.5) },
      { name: "count", shape: [], values: Int32Array.of(7) },
    ]);
  });

  it("round trips every dtype bit for bit, with empty tensors and odd lengths, into aligned copies", () => {
    const tensors: NamedTensor[] = [
      { name: "weights.f32", shape: [3], values: Float32Array.of(Math.PI, -0, 1e-40) },
      { name: "empty", shape: [0, 4], values: new Float32Array(0) },
      { name: "moments.f64", shape: [2, 2], values: Float64Array.of(Math.E, -Infinity, NaN, 5e-324) },
      { name: "counts", shape: [1], values: Int32Array.of(-2147483648) },
      { name: "ünïcode.名前", shape: [], values: Float64Array.of(1 / 3) },
    ];
    const bytes = encodeSafetensors(tensors, { note: "é ✓" });
    // A Buffer at an odd offset: the decoded arrays must not be views of it.
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    const decoded = decodeSafetensors(shifted);
    expect(decoded.metadata).toEqual({ note: "é ✓" });
    expect(decoded.tensors.map((t) => t.name)).toEqual(tensors.map((t) => t.name));
    decoded.tensors.forEach((t, k) => {
      const original = tensors[k]!;
      expect(t.shape).toEqual(original.shape);
      expect(t.values.constructor).toBe(original.values.constructor);
      expect(t.values.byteOffset).toBe(0);
      const raw = (v: NamedTensor["values"]): number[] =>
        Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
      expect(raw(t.values)).toEqual(raw(original.values));
    });
  });

  it("refuses a name used twice and values that are not prod(shape) elements", () => {
    const x = { name: "x", shape: [1], values: Float32Array.of(1) };
    expect(() => encodeSafetensors([x, x])).toThrow(/tensor name x is taken/);
    expect(() => encodeSafetensors([{ ...x, name: "__metadata__" }])).toThrow(/taken/);
    expect(() => encodeSafetensors([{ ...x, shape: [2] }])).toThrow(/1 elements, shape \[2\]/);
  });

  const cases: [string, Uint8Array, RegExp][] = [
    ["a truncated file", Uint8Array.of(8, 0, 0), /truncated \(3 bytes/],
    ["a header length beyond the file", file("{}", [], 4096), /header length 4096 runs past the end/],
    ["a header that is not JSON", file('{"x": '), /header is not UTF-8 JSON/],
    [
      "a header that is not UTF-8",
      Uint8Array.of(8, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xfe, 0, 0, 0, 0, 0, 0),
      /not UTF-8 JSON/,
    ],
    ["a header that is not an object", file("[1, 2]"), /header is not a JSON object/],
    [
      "metadata that is not strings",
      file('{"__metadata__": {"k": 1}}'),
      /__metadata__ is not a map of strings/,
    ],
    ["an unknown dtype", file(`{"x": ${entry("BF16", [1], 0, 2)}}`, [0, 0]), /tensor x has dtype "BF16"/],
    ["a bad shape", file(`{"x": ${entry("F32", [-1], 0, 4)}}`, [0, 0, 0, 0]), /tensor x has shape \[-1\]/],
    ["reversed offsets", file(`{"x": ${entry("F32", [0], 4, 0)}}`), /data_offsets \[4,0\]/],
    [
      "a byte length that is not prod(shape) × size",
      file(`{"x": ${entry("F32", [2, 2], 0, 12)}}`, new Array<number>(12).fill(0)),
      /tensor x of shape \[2, 2\] needs 16 bytes of F32, its offsets span 12/,
    ],
    [
      "overlapping tensors",
      file(
        `{"x": ${entry("F32", [2], 0, 8)}, "y": ${entry("F32", [1], 4, 8)}}`,
        new Array<number>(8).fill(0),
      ),
      /tensor y overlaps the one before it/,
    ],
    [
      "a hole between tensors",
      file(
        `{"x": ${entry("F32", [1], 0, 4)}, "y": ${entry("F32", [1], 8, 12)}}`,
        new Array<number>(12).fill(0),
      ),
      /bytes 4\.\.8 of the buffer belong to no tensor/,
    ],
    [
      "trailing bytes after the last tensor",
      file(`{"x": ${entry("F32", [1], 0, 4)}}`, [0, 0, 0, 0, 9]),
      /bytes 4\.\.5 of the buffer belong to no tensor/,
    ],
    [
      "offsets past the buffer",
      file(`{"x": ${entry("F64", [1], 0, 8)}}`, [0, 0, 0, 0]),
      /tensor x runs past the end of the buffer \(bytes 0\.\.8 of 4\)/,
    ],
  ];
  it.each(cases)("refuses %s in one line naming the file", (_, bytes, message) => {
    expect(() => decodeSafetensors(bytes, "weights.safetensors")).toThrow(message);
    expect(() => decodeSafetensors(bytes, "weights.safetensors")).toThrow(
      /^weights\.safetensors is not a valid safetensors file: [^\n]+$/,
    );
  });
});

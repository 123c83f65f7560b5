import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatBytes, storeContents } from "../../src/store/store-contents.js";

describe("storeContents", () => {
  it("reads entries, checkpoints and temporaries, and leaves other files out", () => {
    const dir = mkdtempSync(join(tmpdir(), "hedgelab-store-"));
    mkdirSync(join(dir, "sigdiffusion-model-0a1b"));
    writeFileSync(join(dir, "sigdiffusion-model-0a1b", "model.json"), "{}");
    writeFileSync(join(dir, "0a1b.checkpoint.safetensors.partial"), "xy");
    writeFileSync(join(dir, "notes.txt"), "not the store's");
    const items = storeContents(dir).map(({ type, kind, id, bytes }) => ({ type, kind, id, bytes }));
    expect(items).toEqual([
      { type: "entry", kind: "sigdiffusion-model", id: "0a1b", bytes: 2 },
      { type: "checkpoint", kind: "training", id: "0a1b", bytes: 2 },
    ]);
    expect(storeContents(join(dir, "absent"))).toEqual([]);
  });
});

describe("formatBytes", () => {
  it("writes bytes in powers of 1000 with one decimal", () => {
    expect([0, 999, 1000, 155_200_000, 1.2e9].map(formatBytes)).toEqual([
      "0 B",
      "999 B",
      "1.0 kB",
      "155.2 MB",
      "1.2 GB",
    ]);
  });
});

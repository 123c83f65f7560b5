import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  CHECKPOINT_FORMAT,
  checkpointFile,
  encodeCheckpointFile,
  parseCheckpointFile,
} from "../../src/cli/checkpoint-file.js";
import { resumeCommand } from "../../src/cli/commands/train.js";
import { prepareMarketData } from "../../src/market/market-data.js";
import { resolveRunConfig } from "../../src/config/run-config.js";
import { trainPolicy } from "../../src/study/train-policy.js";
import { decodeSafetensors, encodeSafetensors } from "../../src/tensor/safetensors.js";
import { cli } from "./run-cli.js";
import { tinyTraining, wideCsv } from "./price-csv.js";

let dir: string;
let prices: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hedgelab-checkpoint-"));
  prices = join(dir, "prices.csv");
  writeFileSync(prices, wideCsv(300));
});

const tiny = (out: string, ...extra: string[]): string[] => tinyTraining(prices, out, ...extra);

describe("checkpoint files", () => {
  it("refuses an older JSON checkpoint, a corrupt file and metadata of the wrong shape in one line, naming the file and the field", () => {
    const text = (t: string): Uint8Array => new TextEncoder().encode(t);
    for (const older of ["{}", '{"hedge": ["A"], "checkpoint": {"epoch": 1}}']) {
      expect(() => parseCheckpointFile(text(older), "m/.x.checkpoint.safetensors")).toThrow(
        /^checkpoint m\/\.x\.checkpoint\.safetensors is not a hedgelab checkpoint: it is the JSON file of an older hedgelab, which this version does not read \(start afresh without --resume\)$/,
      );
    }
    expect(() => parseCheckpointFile(Uint8Array.of(1, 0, 0), "c.json")).toThrow(
      /^checkpoint c\.json is not a valid safetensors file: truncated .*\(start afresh without --resume\)$/,
    );
    const metadata = (m: Record<string, string>): Uint8Array => encodeSafetensors([], m);
    expect(() => parseCheckpointFile(metadata({}), "c.json")).toThrow(
      /^checkpoint c\.json is not a hedgelab checkpoint: format: .*\(start afresh without --resume\)$/,
    );
    const format = CHECKPOINT_FORMAT;
    expect(() => parseCheckpointFile(metadata({ format }), "c.json")).toThrow(
      /^checkpoint c\.json is not a hedgelab checkpoint: hedge: .*\(start afresh without --resume\)$/,
    );
    const hedge = '["A"]';
    expect(() =>
      parseCheckpointFile(metadata({ format, hedge, checkpoint: '{"epoch": 0}' }), "c.json"),
    ).toThrow(/^checkpoint c\.json is not a hedgelab checkpoint: checkpoint\.epoch: /);
    expect(() => parseCheckpointFile(metadata({ format, hedge, checkpoint: "{" }), "c.json")).toThrow(
      /^checkpoint c\.json is not a hedgelab checkpoint: checkpoint: not JSON/,
    );
  });

  it("refuses a wrong-shape checkpoint on --resume with exit 1 and one line", async () => {
    const out = join(dir, "shape");
    mkdirSync(out);
    writeFileSync(join(out, ".m.checkpoint.safetensors"), "{}");
    const result = await cli(tiny(out, "--name", "m", "--resume"));
    expect(result.code).toBe(1);
    expect(
      result.stderr
        .trimEnd()
        .split("\n")
        .filter((l) => l.startsWith("hedgelab:")),
    ).toEqual([
      expect.stringMatching(
        /^hedgelab: checkpoint .*\.m\.checkpoint\.safetensors is not a hedgelab checkpoint/,
      ),
    ]);
    expect(readdirSync(out)).toEqual([".m.checkpoint.safetensors"]);
  });

  it("refuses --resume without --name", async () => {
    const out = join(dir, "no-name");
    const result = await cli(tiny(out, "--resume"));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `hedgelab: --resume needs --name, the name of the interrupted run (its checkpoint is ${out}/.NAME.checkpoint.safetensors)\n`,
    );
    expect(existsSync(out)).toBe(false);
  });

  it("refuses to resume under a changed configuration, naming the flag, and accepts more epochs", async () => {
    const out = join(dir, "changed");
    mkdirSync(out);
    const file = join(out, ".m.checkpoint.safetensors");
    // The checkpoint `train … --name m --epochs 2` leaves when it is killed after epoch 1.
    const config = resolveRunConfig({
      name: "m",
      data: { prices: [prices] },
      hedgeSets: [["AAPL"]],
      rnn: { hidden: [4] },
      training: { epochs: 2 },
    });
    const data = prepareMarketData(config);
    const saved = { ...config, data: { ...config.data, start: data.start, end: data.end } };
    const killed = trainPolicy({ ...saved, training: { ...saved.training, epochs: 1 } }, ["AAPL"], data, {
      checkpoints: checkpointFile(file, { hedge: ["AAPL"], config: saved, resume: false }),
    });
    killed.policy.dispose();
    copyFileSync(file, join(dir, "checkpoint-of-m.json"));

    const changed = await cli(
      tiny(out, "--name", "m", "--epochs", "2", "--learning-rate", "0.01", "--resume"),
    );
    expect(changed.code).toBe(1);
    expect(
      changed.stderr
        .trimEnd()
        .split("\n")
        .filter((l) => l.startsWith("hedgelab:")),
    ).toEqual([
      `hedgelab: cannot resume from ${file}: --learning-rate (training.learningRate) is 0.01 now but was 0.003 ` +
        "when the checkpoint was written; resume with the same options, or start afresh without --resume",
    ]);
    const seed = await cli(tiny(out, "--name", "m", "--epochs", "2", "--seed", "7", "--resume"));
    expect(seed.stderr).toMatch(/cannot resume from .*: --seed \(seed\) is 7 now but was 42/);
    // More epochs of a constant learning rate continue the same run.
    const longer = await cli(tiny(out, "--name", "m", "--epochs", "3", "--resume"));
    expect(longer.code).toBe(0);
    expect(longer.stdout).toMatch(/resumed after epoch 1/);
  });

  it("removes a truncated checkpoint partial left by an interrupted run, and says so", async () => {
    const out = join(dir, "truncated");
    mkdirSync(out);
    writeFileSync(join(out, ".t.checkpoint.safetensors.partial"), '{"hedge": ["AA');
    const result = await cli(tiny(out, "--name", "t"));
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /^removed .*\.t\.checkpoint\.safetensors\.partial, the unfinished checkpoint of an interrupted run$/m,
    );
    expect(readdirSync(out)).toEqual(["t"]);
  });

  it("warns once and trains on when a checkpoint cannot be written, leaving no partial", async () => {
    const out = join(dir, "unwritable");
    mkdirSync(join(out, ".u.checkpoint.safetensors"), { recursive: true }); // a folder where the file goes
    const result = await cli(tiny(out, "--name", "u", "--epochs", "2", "--patience", "5"));
    expect(result.code).toBe(0);
    expect(result.stderr.match(/hedgelab: warning: cannot write the checkpoint/g)).toHaveLength(1);
    expect(existsSync(join(out, ".u.checkpoint.safetensors.partial"))).toBe(false);
    expect(existsSync(join(out, "u", "model.json"))).toBe(true);
  });

  it("says where the checkpoint is and the exact command that resumes the run", async () => {
    const out = join(dir, "hint");
    const result = await cli(tiny(out, "--name", "h"));
    expect(result.stderr).toContain(
      `checkpoint after every epoch: ${out}/.h.checkpoint.safetensors; if interrupted (Ctrl-C), resume with: ` +
        `hedgelab train --prices ${prices} --hedge AAPL --hidden 4 --epochs 1 --out ${out} --name h --resume`,
    );
    expect(resumeCommand(["train", "--name=x", "--hedge", "A B", "--resume"], "x")).toBe(
      "hedgelab train --hedge 'A B' --name x --resume",
    );
  });

  it("loads only with resume, and refuses a checkpoint of another hedge set", () => {
    const file = join(dir, "other.json");
    const config = resolveRunConfig({});
    const store = checkpointFile(file, { hedge: ["MSFT"], config, resume: true });
    expect(store.load()).toBeUndefined();
    copyFileSync(join(dir, "checkpoint-of-m.json"), file);
    expect(checkpointFile(file, { hedge: ["MSFT"], config, resume: false }).load()).toBeUndefined();
    expect(() => store.load()).toThrow(/is for hedge set AAPL, not MSFT/);
  });

  it("writes one safetensors file: the policy in float32, Adam's moments in float64, best only when it is not the current policy", () => {
    const file = join(dir, "checkpoint-of-m.json");
    const { tensors, metadata } = decodeSafetensors(readFileSync(file));
    const names = tensors.map((t) => t.name);
    expect(names).toContain("policy.network.layer0.weight");
    expect(names).toContain("policy.residual.weight");
    expect(names).toContain("adam.m.network.layer0.weight");
    expect(names).toContain("adam.v.residual.bias");
    for (const t of tensors) {
      expect(t.values).toBeInstanceOf(t.name.startsWith("adam.") ? Float64Array : Float32Array);
      expect(t.name).toMatch(/^(policy|best|adam\.m|adam\.v)\./);
    }
    expect(Object.keys(metadata).sort()).toEqual(["checkpoint", "config", "format", "hedge"]);
    const described = JSON.parse(metadata.checkpoint!) as { best: unknown; bestEpoch: number; epoch: number };
    // Epoch 1 improved on the start: the best weights are the current ones, stored once.
    expect([described.epoch, described.bestEpoch, described.best]).toEqual([1, 1, "policy"]);
    expect(names.some((n) => n.startsWith("best."))).toBe(false);
    // A checkpoint whose best weights are older stores them apart, and reads back as it was.
    const { checkpoint, hedge, config } = parseCheckpointFile(readFileSync(file), file);
    const older = {
      ...checkpoint,
      best: { ...checkpoint.best, parameters: checkpoint.best.parameters.slice() },
    };
    const first = older.best.parameters[0]!;
    older.best.parameters[0] = {
      ...first,
      data: Buffer.alloc(Buffer.from(first.data!, "base64").length).toString("base64"),
    };
    const bytes = encodeCheckpointFile({ hedge, config, checkpoint: older });
    expect(decodeSafetensors(bytes).tensors.filter((t) => t.name.startsWith("best."))).toHaveLength(
      names.filter((n) => n.startsWith("policy.")).length,
    );
    expect(parseCheckpointFile(bytes, file).checkpoint).toEqual(older);
    expect(parseCheckpointFile(readFileSync(file), file).checkpoint).toEqual(checkpoint);
  });
});

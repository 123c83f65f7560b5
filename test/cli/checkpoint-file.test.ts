import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { checkpointFile, parseCheckpointFile } from "../../src/cli/checkpoint-file.js";
import { resumeCommand } from "../../src/cli/commands/train.js";
import { prepareMarketData } from "../../src/market/market-data.js";
import { resolveRunConfig } from "../../src/config/run-config.js";
import { trainPolicy } from "../../src/study/train-policy.js";
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
  it("refuses valid JSON of the wrong shape in one line, naming the file and the field", () => {
    expect(() => parseCheckpointFile("{}", "m/.x.checkpoint.json")).toThrow(
      /^checkpoint m\/\.x\.checkpoint\.json is not a hedgelab checkpoint: hedge: .*\(start afresh without --resume\)$/,
    );
    expect(() => parseCheckpointFile('{"hedge": ["A"], "checkpoint": {"epoch": 0}}', "c.json")).toThrow(
      /^checkpoint c\.json is not a hedgelab checkpoint: checkpoint\.epoch: /,
    );
    expect(() => parseCheckpointFile("{", "c.json")).toThrow(/^checkpoint c\.json cannot be read: /);
  });

  it("refuses a wrong-shape checkpoint on --resume with exit 1 and one line", async () => {
    const out = join(dir, "shape");
    mkdirSync(out);
    writeFileSync(join(out, ".m.checkpoint.json"), "{}");
    const result = await cli(tiny(out, "--name", "m", "--resume"));
    expect(result.code).toBe(1);
    expect(
      result.stderr
        .trimEnd()
        .split("\n")
        .filter((l) => l.startsWith("hedgelab:")),
    ).toEqual([
      expect.stringMatching(/^hedgelab: checkpoint .*\.m\.checkpoint\.json is not a hedgelab checkpoint/),
    ]);
    expect(readdirSync(out)).toEqual([".m.checkpoint.json"]);
  });

  it("refuses --resume without --name", async () => {
    const out = join(dir, "no-name");
    const result = await cli(tiny(out, "--resume"));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `hedgelab: --resume needs --name, the name of the interrupted run (its checkpoint is ${out}/.NAME.checkpoint.json)\n`,
    );
    expect(existsSync(out)).toBe(false);
  });

  it("refuses to resume under a changed configuration, naming the flag, and accepts more epochs", async () => {
    const out = join(dir, "changed");
    mkdirSync(out);
    const file = join(out, ".m.checkpoint.json");
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
    writeFileSync(join(out, ".t.checkpoint.json.partial"), '{"hedge": ["AA');
    const result = await cli(tiny(out, "--name", "t"));
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /^removed .*\.t\.checkpoint\.json\.partial, the unfinished checkpoint of an interrupted run$/m,
    );
    expect(readdirSync(out)).toEqual(["t"]);
  });

  it("warns once and trains on when a checkpoint cannot be written, leaving no partial", async () => {
    const out = join(dir, "unwritable");
    mkdirSync(join(out, ".u.checkpoint.json"), { recursive: true }); // a folder where the file goes
    const result = await cli(tiny(out, "--name", "u", "--epochs", "2", "--patience", "5"));
    expect(result.code).toBe(0);
    expect(result.stderr.match(/hedgelab: warning: cannot write the checkpoint/g)).toHaveLength(1);
    expect(existsSync(join(out, ".u.checkpoint.json.partial"))).toBe(false);
    expect(existsSync(join(out, "u", "model.json"))).toBe(true);
  });

  it("says where the checkpoint is and the exact command that resumes the run", async () => {
    const out = join(dir, "hint");
    const result = await cli(tiny(out, "--name", "h"));
    expect(result.stderr).toContain(
      `checkpoint after every epoch: ${out}/.h.checkpoint.json; if interrupted (Ctrl-C), resume with: ` +
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
});

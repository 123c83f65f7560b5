import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { readRunFiles, reportDataFromFiles } from "../../src/store/read-run.js";
import { riskTable } from "../../src/report/risk-table.js";
import { riskText } from "../../src/report/report-text.js";
import { resultsSummaryText } from "../../src/report/summary-text.js";
import { parsePathsJson } from "../../src/store/figure-files.js";
import { pairedComparisonTable } from "../../src/report/paired-comparison-table.js";
import { strategyLabel } from "../../src/report/report-data.js";
import { cli } from "../cli/run-cli.js";
import { findChromium } from "./chromium.js";

/**
 * The study end to end at CI size: a run of the paper's grid on the embedded data (2016–2019, two
 * hedge sets; the RNN and the small SigFormer, each trained on market windows, regime-switching
 * Black–Scholes paths and SigDiffusion paths for one or two epochs), its report rebuilt from the
 * folder, and the page opened in headless Chromium as a reader would.
 */
const CI_RUN = [
  "run",
  ...["--start", "2016-01-01", "--end", "2019-12-31", "--stride", "2"],
  ...["--hedge", "AAPL", "--hedge", "AAPL,MSFT", "--strategies", "delta,no-hedge,rnn,sigformer"],
  ...[
    "--sources",
    "market,regime-bs,sigdiffusion",
    "--regimes",
    "1,2",
    "--restarts",
    "1",
    "--paths-per-regime",
    "100",
  ],
  ...[
    "--diffusion-epochs",
    "1",
    "--diffusion-paths",
    "100",
    "--ode-steps",
    "4",
    "--diffusion-batch-size",
    "32",
  ],
  ...["--sigformer-size", "small", "--sigformer-epochs", "1"],
  ...["--epochs", "2", "--hidden", "8", "--seed", "7"],
];
const SOURCES = ["market", "regime-bs", "sigdiffusion"];
const MODELS = ["rnn-residual", "sigformer-residual"];

let folder: string;

beforeAll(async () => {
  const out = mkdtempSync(join(tmpdir(), "hedgelab-report-"));
  const result = await cli([...CI_RUN, "--out", out, "--name", "ci"]);
  expect(result.stderr).not.toMatch(/^hedgelab:/m);
  expect(result.code).toBe(0);
  folder = join(out, "ci");
  expect(result.stdout).toContain(`report: ${join(folder, "report.html")}`);
}, 180_000);

describe("the report of a CI-sized run", () => {
  it("has the risk table, the paired comparisons and their text pinned for seed 7 (numbers rounded to 3 decimals)", () => {
    const data = reportDataFromFiles(readRunFiles(folder), "ci");
    const table = riskTable(data.results);
    expect({ columns: table.columns, rows: table.rows }).toMatchSnapshot();
    const paired = pairedComparisonTable(data.results)!;
    expect(paired.rows).toHaveLength(2 * SOURCES.length * MODELS.length);
    expect({ columns: paired.columns, rows: paired.rows }).toMatchSnapshot();
    expect(riskText(data.results)).toMatchSnapshot();
    expect(resultsSummaryText(data.results)).toMatchSnapshot();
  });

  it("reads a metrics.json written before the blocks actually used were recorded, working them out from its windows", () => {
    const files = readRunFiles(folder);
    const text = (name: string): string => {
      const data = files[name]!;
      return typeof data === "string" ? data : Buffer.from(data).toString("utf8");
    };
    const metrics = JSON.parse(text("metrics.json")) as {
      results: { paired?: Record<string, unknown> }[];
    };
    const current = reportDataFromFiles(files, "ci").results.filter((r) => r.paired);
    expect(current.length).toBeGreaterThan(0);
    // Then, paired held only the requested block length.
    for (const r of metrics.results) {
      if (!r.paired) continue;
      r.paired.blockLength = r.paired.requestedBlockLength;
      delete r.paired.blocks;
      delete r.paired.windows;
      delete r.paired.requestedBlockLength;
    }
    const old = reportDataFromFiles({ ...files, "metrics.json": JSON.stringify(metrics) }, "ci");
    expect(old.results.filter((r) => r.paired).map((r) => r.paired)).toEqual(current.map((r) => r.paired));
  });

  it("shows every source and both models in figures 1, 3 and 4, and the generators' quality tables", () => {
    const data = reportDataFromFiles(readRunFiles(folder), "ci");
    const labels = SOURCES.flatMap((source) => MODELS.map((model) => `${model} · ${source}`));
    expect(Object.keys(data.returns!.training).sort()).toEqual(SOURCES);
    const figure3 = new Set(data.results.map(strategyLabel));
    const figure4 = new Set(data.surfaces.map(strategyLabel));
    for (const label of [...labels, "delta"]) {
      expect(figure3.has(label), label).toBe(true);
      expect(figure4.has(label), label).toBe(true);
    }
    const [statistics, distances] = data.quality;
    expect(statistics!.columns).toEqual([
      "metric",
      "asset",
      "train",
      "test",
      "regime-bs",
      "sigdiffusion",
      "train windows (floor)",
    ]);
    expect(distances!.columns).toEqual([
      "metric",
      "asset",
      "regime-bs vs train",
      "regime-bs vs test",
      "sigdiffusion vs train",
      "sigdiffusion vs test",
      "train windows (floor) vs test",
    ]);
    expect(new Set(distances!.rows.map((r) => r[1]))).toEqual(new Set(["AAPL", "MSFT", "all"]));
    // The quality targets: every source and the market's validation windows on every hedge set.
    const targets = data.qualityTargets!;
    expect([...new Set(targets.map((r) => r.source))]).toEqual([
      "regime-bs",
      "sigdiffusion",
      "market validation",
    ]);
    expect([...new Set(targets.map((r) => r.hedge.join("+")))]).toEqual(["AAPL", "AAPL+MSFT"]);
    const of = (source: string, hedge: string, statistic: string) =>
      targets.filter((r) => r.source === source && r.hedge.join("+") === hedge && r.statistic === statistic);
    expect(of("regime-bs", "AAPL", "correlation error (Frobenius)")).toHaveLength(0);
    expect(of("regime-bs", "AAPL+MSFT", "correlation error (Frobenius)")).toHaveLength(1);
    expect(of("regime-bs", "AAPL+MSFT", "acf |r| lag 5").map((r) => r.asset)).toEqual(["AAPL", "MSFT"]);
    expect(of("sigdiffusion", "AAPL", "rejection rate")).toHaveLength(1);
    expect(of("regime-bs", "AAPL", "rejection rate")).toHaveLength(0);
    // The market's own KS and correlation rows sit at their bound: the floor.
    for (const r of [
      ...of("market validation", "AAPL+MSFT", "KS log-return 30d"),
      ...of("market validation", "AAPL+MSFT", "correlation error (Frobenius)"),
    ])
      expect(r.value).toBeLessThanOrEqual(r.upper);
    expect(data.qualityTargets!.every((r) => r.pass === (r.lower <= r.value && r.value <= r.upper))).toBe(
      true,
    );
  });

  it("is rebuilt byte for byte by hedgelab report from the run folder", async () => {
    const written = readFileSync(join(folder, "report.html"), "utf8");
    writeFileSync(join(folder, "report.html"), "stale");
    const result = await cli(["report", folder]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`report: ${join(folder, "report.html")}\n`);
    expect(readFileSync(join(folder, "report.html"), "utf8")).toBe(written);
    // The new figures are rebuilt too: the difference surfaces, and the hedge on a path when a learned
    // strategy's P&L differs from delta's on some window (else the sentence saying there is none).
    expect(written).toContain('<figure id="figure-difference-surfaces" class="chart">');
    const windows = parsePathsJson(readFileSync(join(folder, "paths.json"), "utf8"), "paths.json");
    if (windows.length > 0) expect(written).toContain('<figure id="figure-hedge-paths" class="chart">');
    else expect(written).toContain("equals the delta hedge's on every test window");
  });

  it("still reports on a run folder written before paths.json and difference-surfaces.json, saying the figures need a newer run", async () => {
    const old = join(mkdtempSync(join(tmpdir(), "hedgelab-old-run-")), "old");
    cpSync(folder, old, { recursive: true });
    rmSync(join(old, "paths.json"));
    rmSync(join(old, "difference-surfaces.json"));
    rmSync(join(old, "report.html"));
    const result = await cli(["report", old]);
    expect(result.code).toBe(0);
    const html = readFileSync(join(old, "report.html"), "utf8");
    for (const file of ["paths.json", "difference-surfaces.json"])
      expect(html).toContain(
        `This figure needs ${file}, which runs of an older hedgelab version did not write: run the study again to see it.`,
      );
    expect(html).not.toContain('id="figure-hedge-paths"');
    expect(html).not.toContain('id="figure-difference-surfaces"');
    expect(html).toContain('<figure id="figure-4" class="chart">');
  });

  it("refuses a folder that is not a run with one line and exit 1", async () => {
    const empty = mkdtempSync(join(tmpdir(), "hedgelab-not-a-run-"));
    const result = await cli(["report", empty]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`hedgelab: ${empty} is not a complete run folder: config.json is missing\n`);
    const missing = await cli(["report", join(empty, "nope")]);
    expect(missing.stderr).toMatch(/^hedgelab: .*nope is not a folder: give the results folder of a run/);
  });
});

const executablePath = findChromium();
if (!executablePath) {
  console.warn(
    "report browser test skipped: no Chromium found (install Debian's chromium or set CHROMIUM_PATH)",
  );
}

describe.skipIf(!executablePath)("the report in headless Chromium", () => {
  it("renders every figure with marks and labelled axes, with no console error and no network request", async () => {
    const browser = await chromium.launch({ executablePath: executablePath!, args: ["--no-sandbox"] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      page.on("pageerror", (error) => errors.push(error.message));
      const url = pathToFileURL(join(folder, "report.html")).href;
      page.on("request", (request) => {
        if (request.url() !== url) requests.push(request.url());
      });
      await page.goto(url, { waitUntil: "load" });
      const figures = await page.locator("figure.chart").evaluateAll((elements) =>
        elements.map((figure) => {
          const svg = figure.querySelector("svg");
          const box = svg?.getBoundingClientRect();
          return {
            id: figure.id,
            width: box?.width ?? 0,
            height: box?.height ?? 0,
            marks: svg?.querySelectorAll(".role-mark path, .role-mark line, .role-mark rect").length ?? 0,
            axisTitles: [...(svg?.querySelectorAll(".role-axis-title text") ?? [])]
              .map((t) => t.textContent ?? "")
              .filter((t) => t.trim() !== ""),
          };
        }),
      );
      expect(figures.map((f) => f.id)).toEqual([
        "figure-1",
        "figure-2",
        "figure-3",
        "figure-4",
        "figure-difference-surfaces",
        ...(parsePathsJson(readFileSync(join(folder, "paths.json"), "utf8"), "paths.json").length > 0
          ? ["figure-hedge-paths"]
          : []),
        "pnl-histograms",
        "training-curves",
        "quality-assets",
      ]);
      for (const f of figures) {
        expect(f.width, f.id).toBeGreaterThan(200);
        expect(f.height, f.id).toBeGreaterThan(100);
        expect(f.marks, f.id).toBeGreaterThan(0);
        expect(f.axisTitles.length, f.id).toBeGreaterThanOrEqual(2);
      }
      const captions = await page.locator("table caption").allTextContents();
      expect(captions[0]).toContain("Each regime");
      expect(captions[1]).toContain("Risk of every strategy");
      expect(captions[2]).toContain("Paired with the delta hedge");
      expect(captions.slice(3).map((c) => c.split(":")[0])).toEqual([
        "The paper's claims (section 5) on this run's test windows",
        "The market-trained SigFormer has a positive mean P&L on every hedge set and remains stable. Verdict",
        "The market-trained RNN remains essentially flat (no different from the delta hedge on mean P&L). Verdict",
        "The delta hedge's mean P&L is slightly negative in the single-asset benchmark. Verdict",
        "Hedgers trained on regime-switching Black–Scholes paths deteriorate as the hedge set grows. Verdict",
        "RNN hedges show extreme leverage (under market- and diffusion-trained settings). Verdict",
        "Quality targets of regime-bs",
        "Quality targets of sigdiffusion",
        "Quality targets of market validation",
        "Statistics of each set of paths (realised volatility annualised, autocorrelations of daily returns)",
        "Distances of each generated set to the real windows (lower is closer; the training windows against the test windows are the floor)",
      ]);
      for (const label of ["rnn-residual · sigdiffusion", "sigformer-residual · regime-bs"]) {
        expect(await page.locator("#figure-3 svg").textContent()).toContain(label);
        expect(await page.locator("#figure-4 svg").textContent()).toContain(label);
      }
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      const shots = join("test", ".output");
      mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: join(shots, "report.png"), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});

import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../cli/run-cli.js";

/**
 * The report's layout as a reader sees it, in Debian's headless Chromium: on screen at 1280 px and
 * 1920 px, and printed (print media at the printable width of the report's A4 landscape page). The
 * report is that of a small run with the widths of `npm start`'s: five nested hedge sets up to five
 * assets, delta, no hedge, the RNN and the SigFormer each trained on three sources (one epoch each).
 * `HEDGELAB_LAYOUT_REPORT=path/to/report.html` checks that report instead of running one (e.g. `npm start`'s).
 * Skipped only where no Chromium is installed at /usr/bin/chromium (`.ci/run` installs it).
 */
const LAYOUT_RUN = [
  "run",
  ...["--start", "2016-01-01", "--end", "2019-12-31", "--stride", "2"],
  ...["--hedge", "AAPL", "--hedge", "AAPL,MSFT", "--hedge", "AAPL,GOOGL,MSFT"],
  ...["--hedge", "AAPL,AMZN,GOOGL,MSFT", "--hedge", "AAPL,AMZN,GOOGL,JPM,MSFT"],
  ...["--strategies", "delta,no-hedge,rnn,sigformer", "--sources", "market,regime-bs,sigdiffusion"],
  ...["--regimes", "1,2", "--restarts", "1", "--paths-per-regime", "100"],
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
  ...["--epochs", "1", "--hidden", "8", "--seed", "7"],
];

/** Chromium's path on Debian; the test needs the real browser. */
const CHROMIUM = "/usr/bin/chromium";

/** Printable width of an A4 landscape page with 12 mm margins, in CSS pixels (96 per inch). */
const PRINT_WIDTH = Math.floor(((297 - 2 * 12) / 25.4) * 96);

/** What {@link layoutFaults} finds wrong on a page; every list is empty on a sound page. */
interface LayoutFaults {
  /** Figures, tables and their boxes wider than the page column, or cut by their own scroll box. */
  wide: string[];
  /** Pairs of SVG text labels that overlap (more than a quarter of the smaller box). */
  overlaps: string[];
  /** Figures with fewer than two axis titles, or an axis titled without a quantity (`value`). */
  axes: string[];
  /** Figures whose marks carry two or more colours and that have no legend. */
  legends: string[];
  /** Facet cells with no mark, and axes with no panel beside them. */
  empty: string[];
}

/** Runs every layout check in the page (see {@link LayoutFaults}). */
async function layoutFaults(page: Page): Promise<LayoutFaults> {
  return (await page.evaluate(LAYOUT_SCRIPT)) as LayoutFaults;
}

/**
 * The checks of {@link layoutFaults}, run in the page (plain JavaScript: the DOM is not among the
 * project's TypeScript libraries).
 */
const LAYOUT_SCRIPT = `(() => {
    const name = (el) =>
      \`\${el.tagName.toLowerCase()}\${el.id ? "#" + el.id : ""}\${el.closest("[id]") && !el.id ? " in #" + el.closest("[id]").id : ""}\`;
    const body = document.body.getBoundingClientRect();
    const bodyStyle = getComputedStyle(document.body);
    const column = {
      left: body.left + parseFloat(bodyStyle.paddingLeft),
      right: body.right - parseFloat(bodyStyle.paddingRight),
    };
    const wide = [];
    if (document.documentElement.scrollWidth > window.innerWidth + 1)
      wide.push(\`page \${document.documentElement.scrollWidth} > window \${window.innerWidth}\`);
    for (const el of document.querySelectorAll("body *")) {
      const style = getComputedStyle(el);
      if (["auto", "scroll", "hidden"].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
        wide.push(\`\${name(el)} cut: \${el.scrollWidth} > \${el.clientWidth}\`);
    }
    for (const el of document.querySelectorAll("figure, figure > svg, table, .table-wrap, section, p")) {
      const r = el.getBoundingClientRect();
      if (r.left < column.left - 1 || r.right > column.right + 1)
        wide.push(
          \`\${name(el)} [\${Math.round(r.left)}, \${Math.round(r.right)}] outside the column [\${column.left}, \${column.right}]\`,
        );
    }
    const overlaps = [];
    const axes = [];
    const legends = [];
    const empty = [];
    for (const figure of document.querySelectorAll("figure")) {
      const svg = figure.querySelector("svg");
      if (!svg) continue;
      const texts = [...svg.querySelectorAll("text")]
        .map((t) => ({ r: t.getBoundingClientRect(), s: (t.textContent ?? "").trim() }))
        .filter((b) => b.s !== "" && b.r.width > 0 && b.r.height > 0);
      for (let i = 0; i < texts.length; i++)
        for (let j = i + 1; j < texts.length; j++) {
          const a = texts[i].r;
          const b = texts[j].r;
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (w > 0 && h > 0 && w * h > 0.25 * Math.min(a.width * a.height, b.width * b.height))
            overlaps.push(\`#\${figure.id}: "\${texts[i].s}" / "\${texts[j].s}"\`);
        }
      const titles = [...svg.querySelectorAll(".role-axis-title text")]
        .map((t) => (t.textContent ?? "").trim())
        .filter((t) => t !== "");
      if (titles.length < 2) axes.push(\`#\${figure.id}: \${titles.length} axis titles\`);
      for (const t of titles)
        if (/^(value|values|y|x)$/i.test(t)) axes.push(\`#\${figure.id}: axis titled "\${t}"\`);
      const colours = new Set();
      for (const mark of svg.querySelectorAll(".role-mark > *")) {
        for (const attribute of ["fill", "stroke"]) {
          const c = mark.getAttribute(attribute);
          if (c && c !== "none" && c !== "transparent" && !c.startsWith("url(")) colours.add(c.toLowerCase());
        }
      }
      if (colours.size >= 2 && !svg.querySelector(".role-legend"))
        legends.push(\`#\${figure.id}: \${colours.size} colours, no legend\`);
      const cells = [...svg.querySelectorAll('g.cell > g, g[class$="_cell"] > g')];
      for (const cell of cells) {
        if (cell.querySelectorAll(".role-mark > *").length === 0)
          empty.push(\`#\${figure.id}: a panel with no mark\`);
      }
      const boxes = cells.map((c) => c.getBoundingClientRect());
      // An axis in a header or footer belongs to the panel beside it (within 60 px); one with no panel there
      // is the stray axis of an empty slot in a wrapped grid.
      for (const axis of svg.querySelectorAll(
        ".role-column-footer .role-axis, .role-column-header .role-axis",
      )) {
        const a = axis.getBoundingClientRect();
        if (a.width === 0) continue;
        const beside = boxes.some(
          (c) =>
            Math.min(a.right, c.right) - Math.max(a.left, c.left) > 0.5 * Math.min(a.width, c.width) &&
            Math.max(a.top - c.bottom, c.top - a.bottom) < 60,
        );
        if (!beside) empty.push(\`#\${figure.id}: an x-axis beside no panel\`);
      }
      for (const axis of svg.querySelectorAll(".role-row-header .role-axis, .role-row-footer .role-axis")) {
        const a = axis.getBoundingClientRect();
        if (a.height === 0) continue;
        const beside = boxes.some(
          (c) =>
            Math.min(a.bottom, c.bottom) - Math.max(a.top, c.top) > 0.5 * Math.min(a.height, c.height) &&
            Math.max(c.left - a.right, a.left - c.right) < 60,
        );
        if (!beside) empty.push(\`#\${figure.id}: a y-axis beside no panel\`);
      }
    }
    return { wide, overlaps, axes, legends, empty };
})()`;

const NO_FAULTS: LayoutFaults = { wide: [], overlaps: [], axes: [], legends: [], empty: [] };

let url: string;
let browser: Browser | undefined;

if (!existsSync(CHROMIUM)) console.warn(`report layout test skipped: no Chromium at ${CHROMIUM}`);

describe.skipIf(!existsSync(CHROMIUM))("the report's layout in headless Chromium", () => {
  beforeAll(async () => {
    const given = process.env.HEDGELAB_LAYOUT_REPORT;
    if (given) {
      url = pathToFileURL(resolve(given)).href;
    } else {
      const out = mkdtempSync(join(tmpdir(), "hedgelab-layout-"));
      const result = await cli([...LAYOUT_RUN, "--out", out, "--name", "layout"]);
      expect(result.stderr).not.toMatch(/^hedgelab:/m);
      expect(result.code).toBe(0);
      url = pathToFileURL(join(out, "layout", "report.html")).href;
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  for (const width of [1280, 1920]) {
    it(`at ${width} px wide: every figure and table within the column, no overlapping labels, titled axes, legends, no empty panel`, async () => {
      const page = await browser!.newPage({ viewport: { width, height: 1000 } });
      await page.goto(url, { waitUntil: "load" });
      expect(await page.locator("figure.chart").count()).toBeGreaterThanOrEqual(6);
      expect(await layoutFaults(page)).toEqual(NO_FAULTS);
      await page.close();
    });
  }

  it(`printed to PDF (A4 landscape, ${PRINT_WIDTH} px printable): the same checks on the print layout`, async () => {
    const page = await browser!.newPage({ viewport: { width: PRINT_WIDTH, height: 1000 } });
    await page.goto(url, { waitUntil: "load" });
    await page.emulateMedia({ media: "print" });
    expect(await layoutFaults(page)).toEqual(NO_FAULTS);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    await page.close();
  });
});

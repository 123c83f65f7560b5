import { parse, View } from "vega";
import { compile } from "vega-lite";
import type { Chart } from "./chart.js";

/**
 * Draws a chart as an SVG document string, in Node, without a browser: Vega-Lite compiles the
 * specification to Vega, and Vega's headless view renders it to SVG (text widths estimated, no
 * canvas needed). The SVG carries an `aria-label` with the chart's title and no external reference;
 * its internal ids (gradients, clip paths) are named after the chart's id. The same chart always gives
 * the same SVG.
 *
 * Chart functions stay pure data; this is the only function that draws.
 */
export async function renderChartSvg(chart: Chart): Promise<string> {
  const { spec: vegaSpec } = compile(chart.spec);
  const view = new View(parse(vegaSpec), { renderer: "none" });
  try {
    const svg = await view.toSVG();
    // Vega numbers gradients and clip paths with counters global to the process: rename them
    // `<chart id>-def-<k>` in order of appearance, so that the SVG is the same however many charts were
    // drawn before, and charts inline in one page never point at each other's definitions.
    const names = new Map<string, string>();
    const rename = (id: string): string => {
      let name = names.get(id);
      if (!name) names.set(id, (name = `${chart.id}-def-${names.size}`));
      return name;
    };
    return svg
      .replace(/ id="([^"]+)"/g, (_, id: string) => ` id="${rename(id)}"`)
      .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${rename(id)})`)
      .replace(/^<svg /, `<svg role="img" aria-label="${escapeAttribute(chart.title)}" `);
  } finally {
    view.finalize();
  }
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

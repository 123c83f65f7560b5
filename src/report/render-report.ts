import { buildReport } from "./build-report.js";
import { renderChartSvg } from "./render-chart.js";
import type { ReportData } from "./report-data.js";
import { renderReportHtml } from "./report-html.js";

/**
 * The report of a run as one self-contained HTML page (see `renderReportHtml`): lays it out with
 * {@link buildReport} and draws every chart to inline SVG. Pure apart from the drawing: the caller
 * writes the file.
 */
export async function renderReport(data: ReportData): Promise<string> {
  const document = buildReport(data);
  const svgs = new Map<string, string>();
  for (const section of document.sections) {
    for (const chart of section.charts) svgs.set(chart.id, await renderChartSvg(chart));
  }
  return renderReportHtml(document, svgs);
}

import type { ReportDocument } from "./build-report.js";
import type { ReportTable } from "./report-data.js";

/**
 * The page's style sheet, inline: the report opens offline and loads nothing. Every figure is drawn to
 * fit the 1100 px column; table cells wrap (intervals at their comma, hedge sets after each \`+\`) so
 * that no table is wider than the column. Printed, the page is A4 landscape and figures scale to it.
 */
const STYLE = `
body { font: 14px/1.5 Helvetica, Arial, sans-serif; color: #222; margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 22px; margin-bottom: 4px; }
h2 { font-size: 18px; margin-top: 36px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
header p { margin: 2px 0; color: #444; }
nav ol { columns: 2; padding-left: 20px; }
figure { margin: 16px 0; overflow-x: auto; }
figure svg { max-width: none; height: auto; }
figcaption { font-size: 12px; color: #555; margin-top: 4px; }
figcaption b { color: #222; }
table { border-collapse: collapse; font-size: 12px; margin: 12px 0; }
caption { text-align: left; font-weight: bold; padding-bottom: 4px; }
th, td { border-bottom: 1px solid #e5e5e5; padding: 3px 6px; vertical-align: top; }
th { background: #f5f5f5; text-align: left; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
.table-wrap { overflow-x: auto; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { padding: 0; max-width: none; }
  figure { overflow: visible; break-inside: avoid; }
  figure svg { max-width: 100%; }
  tr { break-inside: avoid; }
}
`;

/**
 * The report as one self-contained HTML page: inline CSS, every figure an inline SVG, no script, no
 * external reference, so that it opens offline and prints as it shows.
 *
 * @param svgs - the SVG of each chart by its id (see `renderChartSvg`).
 */
export function renderReportHtml(document: ReportDocument, svgs: ReadonlyMap<string, string>): string {
  const parts: string[] = [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(document.title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    "<header>",
    `<h1>${escapeHtml(document.title)}</h1>`,
    ...document.header.map((line) => `<p>${escapeHtml(line)}</p>`),
    "</header>",
    "<nav><ol>",
    ...document.sections.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`),
    "</ol></nav>",
  ];
  for (const section of document.sections) {
    parts.push(`<section id="${section.id}">`, `<h2>${escapeHtml(section.title)}</h2>`);
    for (const paragraph of section.text) parts.push(`<p>${escapeHtml(paragraph)}</p>`);
    for (const chart of section.charts) {
      const svg = svgs.get(chart.id);
      if (svg === undefined) throw new Error(`no SVG rendered for chart ${chart.id}`);
      parts.push(
        `<figure id="${chart.id}" class="chart">`,
        svg,
        `<figcaption><b>${escapeHtml(chart.title)}.</b> ${escapeHtml(chart.caption)}</figcaption>`,
        "</figure>",
      );
    }
    for (const table of section.tables) parts.push(tableHtml(table));
    parts.push("</section>");
  }
  parts.push("</body>", "</html>", "");
  return parts.join("\n");
}

/** A table as HTML: numbers (and intervals) right-aligned. */
export function tableHtml(table: ReportTable): string {
  const cell = (value: string | number): string => {
    const text = typeof value === "number" ? String(value) : value;
    const numeric = /^[-−]?[\d.[\]∞, −-]+$/.test(text);
    return `<td${numeric ? ' class="number"' : ""}>${breakable(text)}</td>`;
  };
  return [
    '<div class="table-wrap"><table>',
    `<caption>${escapeHtml(table.title)}</caption>`,
    `<thead><tr>${table.columns.map((c) => `<th>${breakable(c)}</th>`).join("")}</tr></thead>`,
    "<tbody>",
    ...table.rows.map((row) => `<tr>${row.map(cell).join("")}</tr>`),
    "</tbody></table></div>",
  ].join("\n");
}

/** Escaped text with a line-break opportunity after each `+` between tickers (`AAPL+<wbr>MSFT`). */
function breakable(text: string): string {
  return escapeHtml(text).replace(/([A-Za-z])\+(?=[A-Za-z])/g, "$1+<wbr>");
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

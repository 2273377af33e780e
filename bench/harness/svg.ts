import type { ReportRow, SuiteReport } from './report.js';

const COLOURS = { statuskit: '#0a7d5a', anchor: '#8a94a6', baseline: '#c3c9d4' } as const;
const ROW = 22;
const LABEL_WIDTH = 300;
const BAR_WIDTH = 420;
const WIDTH = LABEL_WIDTH + BAR_WIDTH + 90;
/** Characters of a row label that fit left of the bars at 13 px. */
const MAX_LABEL = 38;

function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

function groups(rows: readonly ReportRow[]): Map<string, ReportRow[]> {
  const byGroup = new Map<string, ReportRow[]>();
  for (const row of rows) byGroup.set(row.group, [...(byGroup.get(row.group) ?? []), row]);
  return byGroup;
}

/**
 * A horizontal bar chart of each row's ratio to its group's baseline, as standalone SVG text:
 * statuskit's bars in colour, the others grey, a dashed line at 1×.
 *
 * @example
 * writeFileSync('core.svg', barChartSvg(report));
 */
export function barChartSvg(report: SuiteReport): string {
  const measured = report.rows.filter((r) => r.chartRatio !== undefined && Number.isFinite(r.chartRatio));
  const max = Math.max(1, ...measured.map((r) => r.chartRatio!)) * 1.05;
  const x = (ratio: number) => LABEL_WIDTH + (ratio / max) * BAR_WIDTH;
  const parts: string[] = [];
  let y = 56;
  for (const [group, rows] of groups(report.rows)) {
    parts.push(`<text x="8" y="${y + 14}" font-weight="bold">${escapeXml(group)}</text>`);
    y += ROW;
    for (const row of rows) {
      const short = row.label.length > MAX_LABEL ? `${row.label.slice(0, MAX_LABEL - 1)}…` : row.label;
      const name = `<title>${escapeXml(row.label)}</title>${escapeXml(short)}`;
      const weight = row.role === 'statuskit' ? ' font-weight="bold"' : '';
      parts.push(`<text x="20" y="${y + 14}"${weight}>${name}</text>`);
      if (row.chartRatio === undefined || !Number.isFinite(row.chartRatio)) {
        const why = row.skipped ? `skipped: ${row.skipped}` : 'not measured';
        parts.push(
          `<text x="${LABEL_WIDTH}" y="${y + 14}" fill="#888">${escapeXml(why.slice(0, 70))}</text>`,
        );
      } else {
        const width = Math.max(1, x(row.chartRatio) - LABEL_WIDTH);
        parts.push(
          `<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${width.toFixed(1)}" height="${ROW - 6}" fill="${COLOURS[row.role]}"/>`,
          `<text x="${(LABEL_WIDTH + width + 6).toFixed(1)}" y="${y + 14}"${weight}>${row.chartRatio.toFixed(2)}×</text>`,
        );
      }
      y += ROW;
    }
    y += 6;
  }
  const height = y + 44;
  const one = x(1).toFixed(1);
  const subtitle = report.skipped
    ? `skipped: ${report.skipped}`
    : report.chartMetric.includes('is better')
      ? report.chartMetric
      : `${report.chartMetric} (${report.lowerIsBetter ? 'shorter' : 'longer'} is better)`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="8" y="22" font-size="16" font-weight="bold">${escapeXml(report.title)}</text>`,
    `<text x="8" y="42" fill="#555">${escapeXml(subtitle)}</text>`,
    ...parts,
    `<line x1="${one}" y1="52" x2="${one}" y2="${y}" stroke="#333" stroke-dasharray="4 3"/>`,
    `<text x="${one}" y="${y + 16}" text-anchor="middle" fill="#333">${escapeXml(report.chartReference ?? '1× baseline')}</text>`,
    `<text x="${WIDTH - 8}" y="${height - 6}" text-anchor="end" fill="#888" font-size="11">${escapeXml(`${report.machine.cpu}, Node ${report.machine.node}, ${report.date}`)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}

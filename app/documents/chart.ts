import type { Band } from "#app/measures/instruments";
import { timeDomain, type ChartPoint, type DoseMark } from "#app/measures/chart";
import { formatInTimeZone } from "#app/ui/dates";
import { COLORS, contentLeft, contentWidth, ensureSpace, gap, printable, setFont, type Pdf } from "./layout";

export type ChartSpec = {
  name: string;
  maxTotal: number;
  bands: readonly Band[];
  points: readonly ChartPoint[];
  doses: readonly DoseMark[];
  timeZone: string;
};

/** The chart's box on the page, in points. */
export const PDF_CHART = { height: 150, yAxis: 28, bandLabels: 150, title: 14, below: 30 } as const;

// The same calm-to-alarming fills as the measures page's chart.
const BAND_FILLS = ["#e8f4ec", "#f3f6df", "#fdf3dc", "#fde6d6", "#fbdcdc"];

function bandFill(index: number, count: number): string {
  const position = count <= 1 ? 0 : Math.round((index * (BAND_FILLS.length - 1)) / (count - 1));
  return BAND_FILLS[position] ?? BAND_FILLS[0]!;
}

/** The y of a total in a plot spanning `top` to `top + height`. */
export function chartY(total: number, maxTotal: number, top: number, height: number): number {
  return top + height * (1 - Math.max(0, Math.min(total, maxTotal)) / maxTotal);
}

export function chartX(time: number, domain: readonly [number, number], left: number, width: number): number {
  return left + ((time - domain[0]) / (domain[1] - domain[0])) * width;
}

/**
 * One instrument's totals across a course, drawn as vectors: the severity bands shaded, each total a
 * point on a line, the dose dates as dashed lines. Kept whole on one page; the caller prints the same
 * values as a table beneath.
 */
export function measureChart(pdf: Pdf, spec: ChartSpec): void {
  const { doc } = pdf;
  if (spec.points.length === 0) {
    return;
  }
  ensureSpace(pdf, PDF_CHART.title + PDF_CHART.height + PDF_CHART.below);
  const left = contentLeft(pdf) + PDF_CHART.yAxis;
  const width = contentWidth(pdf) - PDF_CHART.yAxis - PDF_CHART.bandLabels;
  const start = doc.y;
  setFont(pdf, "bold", 9);
  doc.text(printable(`${spec.name} totals across the course (out of ${spec.maxTotal})`), contentLeft(pdf), start, {
    width: contentWidth(pdf),
    height: PDF_CHART.title,
    ellipsis: true,
  });
  const top = start + PDF_CHART.title + 4;
  const height = PDF_CHART.height - 8;
  const domain = timeDomain(spec.points, spec.doses);
  const y = (total: number): number => chartY(total, spec.maxTotal, top, height);
  const x = (at: string): number => chartX(Date.parse(at), domain, left, width);

  spec.bands.forEach((band, index) => {
    const bandTop = y(Math.min(spec.maxTotal, band.max + (band.max < spec.maxTotal ? 1 : 0)));
    const bandBottom = y(band.min);
    doc.rect(left, bandTop, width, bandBottom - bandTop).fill(bandFill(index, spec.bands.length));
    setFont(pdf, "regular", 7, COLORS.muted);
    doc.text(printable(`${band.label} (${band.min}–${band.max})`), left + width + 5, (bandTop + bandBottom) / 2 - 4, {
      width: PDF_CHART.bandLabels - 8,
      height: 9,
      ellipsis: true,
    });
  });

  doc.lineWidth(0.7).strokeColor(COLORS.muted);
  doc
    .moveTo(left, top)
    .lineTo(left, top + height)
    .lineTo(left + width, top + height)
    .stroke();
  setFont(pdf, "regular", 7, COLORS.muted);
  for (const tick of [...new Set([0, ...spec.bands.map((band) => band.min), spec.maxTotal])]) {
    doc.text(String(tick), contentLeft(pdf), y(tick) - 3.5, { width: PDF_CHART.yAxis - 4, align: "right", height: 9 });
  }
  doc.text(formatInTimeZone(new Date(domain[0]), spec.timeZone, "d MMM yyyy"), left, top + height + 3, {
    width: 80,
    height: 9,
  });
  doc.text(formatInTimeZone(new Date(domain[1]), spec.timeZone, "d MMM yyyy"), left + width - 80, top + height + 3, {
    width: 80,
    align: "right",
    height: 9,
  });

  for (const dose of spec.doses) {
    const doseX = x(dose.at);
    doc.save();
    doc.dash(3, { space: 2 }).lineWidth(0.8).strokeColor("#3d5a80");
    doc
      .moveTo(doseX, top)
      .lineTo(doseX, top + height)
      .stroke();
    doc.undash();
    doc.restore();
    setFont(pdf, "bold", 6.5, "#3d5a80");
    doc.text(`D${dose.doseNumber}`, doseX - 10, top - 8, { width: 20, align: "center", height: 8 });
  }

  const plotted = [...spec.points]
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .map((point) => ({ ...point, px: x(point.at), py: y(point.total) }));
  doc.lineWidth(1.4).strokeColor(COLORS.text);
  plotted.forEach((point, index) => {
    if (index === 0) {
      doc.moveTo(point.px, point.py);
    } else {
      doc.lineTo(point.px, point.py);
    }
  });
  if (plotted.length > 1) {
    doc.stroke();
  }
  for (const point of plotted) {
    doc.circle(point.px, point.py, 2.4).fill(COLORS.text);
    if (point.alert) {
      doc.circle(point.px, point.py, 5).lineWidth(1.2).strokeColor(COLORS.draft).stroke();
    }
    setFont(pdf, "bold", 7, COLORS.text);
    doc.text(String(point.total), point.px - 10, point.py - 12, { width: 20, align: "center", height: 9 });
  }

  setFont(pdf, "regular", 7, COLORS.muted);
  const legend = `Shaded: severity bands. Dashed lines: dose dates (D1 is dose 1). ${spec.points.some((point) => point.alert) ? "Ringed points: item 9 above zero. " : ""}The table below holds the same values.`;
  doc.text(legend, contentLeft(pdf), top + height + 14, { width: contentWidth(pdf), height: 10, ellipsis: true });
  doc.x = contentLeft(pdf);
  doc.y = top + height + 26;
  setFont(pdf, "regular");
  gap(pdf, 4);
}

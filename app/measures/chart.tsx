import type { ReactNode } from "react";
import { formatInTimeZone } from "#app/ui/dates";
import type { Band } from "./instruments";

/** One plotted response: when it was completed (ISO instant), its total and band. */
export type ChartPoint = { at: string; total: number; severity: string; alert: boolean };

/** A dosing session of the series, marked as a vertical line. */
export type DoseMark = { doseNumber: number; at: string };

export type MeasureChartProps = {
  /** Unique on the page: names the title and description for screen readers. */
  id: string;
  name: string;
  maxTotal: number;
  bands: readonly Band[];
  points: readonly ChartPoint[];
  doses: readonly DoseMark[];
  timeZone: string;
};

/** The drawing area inside the SVG's viewBox; band names sit in the right margin. */
export const CHART = { width: 640, height: 280, left: 40, right: 160, top: 28, bottom: 30 } as const;
const PLOT_WIDTH = CHART.width - CHART.left - CHART.right;
const PLOT_HEIGHT = CHART.height - CHART.top - CHART.bottom;
const DAY_MS = 86_400_000;

// Light fills from calm to alarming, dark enough text on every one of them.
const BAND_FILLS = ["#e8f4ec", "#f3f6df", "#fdf3dc", "#fde6d6", "#fbdcdc"];

/** The time span the x axis shows: every point and dose, with a margin; a single day is widened to three. */
export function timeDomain(points: readonly ChartPoint[], doses: readonly DoseMark[]): [number, number] {
  const times = [...points.map((point) => Date.parse(point.at)), ...doses.map((dose) => Date.parse(dose.at))];
  const min = Math.min(...times);
  const max = Math.max(...times);
  if (max - min < DAY_MS) {
    const middle = (min + max) / 2;
    return [middle - 1.5 * DAY_MS, middle + 1.5 * DAY_MS];
  }
  const pad = (max - min) * 0.04;
  return [min - pad, max + pad];
}

export function xFor(time: number, domain: readonly [number, number]): number {
  return round(CHART.left + ((time - domain[0]) / (domain[1] - domain[0])) * PLOT_WIDTH);
}

export function yFor(total: number, maxTotal: number): number {
  return round(CHART.top + PLOT_HEIGHT * (1 - total / maxTotal));
}

function bandFill(index: number, count: number): string {
  const position = count <= 1 ? 0 : Math.round((index * (BAND_FILLS.length - 1)) / (count - 1));
  return BAND_FILLS[position] ?? BAND_FILLS[0]!;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** "below the provisional cut-off (33)" is too long for the margin; the table says it in full. */
function shortBandLabel(band: Band): string {
  return band.label.replace("the provisional ", "");
}

function describe(props: MeasureChartProps): string {
  const day = (iso: string): string => formatInTimeZone(iso, props.timeZone, "d MMM yyyy");
  const scores = props.points
    .map((point) => `${point.total} (${point.severity}${point.alert ? ", item 9 alert" : ""}) on ${day(point.at)}`)
    .join("; ");
  const doses =
    props.doses.length > 0
      ? ` Doses: ${props.doses.map((dose) => `dose ${dose.doseNumber} on ${day(dose.at)}`).join(", ")}.`
      : "";
  return `${props.name} totals, out of ${props.maxTotal}: ${scores}.${doses} The same values are in the table.`;
}

/**
 * A server-rendered line chart of one instrument across a series: totals over time on the severity
 * bands, with the dose dates as vertical lines. No script; the table beside it carries the same data.
 */
export function MeasureChart(props: MeasureChartProps): ReactNode {
  const { id, name, maxTotal, bands, points, doses, timeZone } = props;
  if (points.length === 0) {
    return <p className="muted">No {name} recorded in this series yet.</p>;
  }
  const domain = timeDomain(points, doses);
  const plotted = points.map((point) => ({
    ...point,
    x: xFor(Date.parse(point.at), domain),
    y: yFor(point.total, maxTotal),
  }));
  const bottom = CHART.top + PLOT_HEIGHT;
  const right = CHART.left + PLOT_WIDTH;
  const ticks = [...new Set([0, ...bands.map((band) => band.min), maxTotal])];
  return (
    <svg
      className="measure-chart"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${CHART.width} ${CHART.height}`}
      data-instrument-chart={name}
    >
      <title id={`${id}-title`}>{`${name} across the series`}</title>
      <desc id={`${id}-desc`}>{describe(props)}</desc>
      <g className="bands">
        {bands.map((band, index) => {
          const top = yFor(Math.min(maxTotal, band.max + (band.max < maxTotal ? 1 : 0)), maxTotal);
          const height = round(yFor(band.min, maxTotal) - top);
          return (
            <g key={band.key}>
              <rect
                className="band"
                data-band={band.key}
                x={CHART.left}
                y={top}
                width={PLOT_WIDTH}
                height={height}
                fill={bandFill(index, bands.length)}
              />
              <text className="band-label" x={right + 6} y={round(top + height / 2 + 4)}>
                {shortBandLabel(band)}
              </text>
            </g>
          );
        })}
      </g>
      <g className="axis">
        <line x1={CHART.left} x2={CHART.left} y1={CHART.top} y2={bottom} stroke="#5b6875" />
        <line x1={CHART.left} x2={right} y1={bottom} y2={bottom} stroke="#5b6875" />
        {ticks.map((tick) => (
          <text key={tick} className="tick" x={CHART.left - 6} y={round(yFor(tick, maxTotal) + 4)} textAnchor="end">
            {tick}
          </text>
        ))}
        <text className="tick" x={CHART.left} y={bottom + 18}>
          {formatInTimeZone(new Date(domain[0]), timeZone, "d MMM")}
        </text>
        <text className="tick" x={right} y={bottom + 18} textAnchor="end">
          {formatInTimeZone(new Date(domain[1]), timeZone, "d MMM")}
        </text>
      </g>
      <g className="doses">
        {doses.map((dose, index) => {
          const x = xFor(Date.parse(dose.at), domain);
          return (
            <g key={`${dose.doseNumber}-${dose.at}-${index}`}>
              <line
                className="dose-marker"
                data-dose={dose.doseNumber}
                x1={x}
                x2={x}
                y1={CHART.top}
                y2={bottom}
                stroke="#6b3fa0"
                strokeDasharray="4 3"
              />
              <text
                className="dose-label"
                x={x}
                y={index % 2 === 0 ? CHART.top - 14 : CHART.top - 3}
                textAnchor="middle"
              >
                {`Dose ${dose.doseNumber}`}
              </text>
            </g>
          );
        })}
      </g>
      <polyline
        className="measure-line"
        points={plotted.map((point) => `${point.x},${point.y}`).join(" ")}
        fill="none"
        stroke="#1f4e79"
        strokeWidth={2.5}
      />
      <g className="points">
        {plotted.map((point, index) => (
          <circle
            key={`${point.at}-${index}`}
            className={point.alert ? "measure-point alert" : "measure-point"}
            cx={point.x}
            cy={point.y}
            r={point.alert ? 7 : 4.5}
            fill={point.alert ? "#b42318" : "#1f4e79"}
            stroke="#fff"
            strokeWidth={1.5}
          />
        ))}
      </g>
    </svg>
  );
}

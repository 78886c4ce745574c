import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CHART, MeasureChart, timeDomain, xFor, yFor, type ChartPoint, type DoseMark } from "./chart";
import { bandsFor, INSTRUMENT_DEFINITIONS, INSTRUMENT_ORDER } from "./instruments";

const DAY = 86_400_000;
const T0 = Date.UTC(2030, 2, 4, 17, 0);
const iso = (day: number): string => new Date(T0 + day * DAY).toISOString();
const PLOT_LEFT = CHART.left;
const PLOT_RIGHT = CHART.width - CHART.right;
const PLOT_TOP = CHART.top;
const PLOT_BOTTOM = CHART.height - CHART.bottom;

function render(points: ChartPoint[], doses: DoseMark[], instrument: "phq9" | "gad7" | "pcl5" = "phq9"): string {
  const definition = INSTRUMENT_DEFINITIONS[instrument];
  return renderToStaticMarkup(
    <MeasureChart
      id={`${instrument}-chart`}
      name={definition.name}
      maxTotal={definition.maxTotal}
      bands={bandsFor(instrument)}
      points={points}
      doses={doses}
      timeZone="America/Los_Angeles"
    />,
  );
}

function attributes(tag: string): Record<string, string> {
  return Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/gu)].map((match) => [match[1]!, match[2]!]));
}

function elements(svg: string, name: string): Record<string, string>[] {
  return [...svg.matchAll(new RegExp(`<${name}\\b[^>]*>`, "gu"))].map((match) => attributes(match[0]));
}

function linePoints(svg: string): [number, number][] {
  const [line] = elements(svg, "polyline").filter((element) => element.class === "measure-line");
  return (line?.points ?? "").split(" ").map((pair) => pair.split(",").map(Number) as [number, number]);
}

describe("the measure chart", () => {
  const points: ChartPoint[] = [
    { at: iso(0), total: 18, severity: "moderately severe", alert: false },
    { at: iso(5), total: 12, severity: "moderate", alert: true },
    { at: iso(10), total: 6, severity: "mild", alert: false },
  ];
  const doses: DoseMark[] = [
    { doseNumber: 1, at: iso(2) },
    { doseNumber: 2, at: iso(5) },
  ];

  it("is an image with a title and a description that carries the data", () => {
    const svg = render(points, doses);
    const [root] = elements(svg, "svg");
    expect(root).toMatchObject({ role: "img", "aria-labelledby": "phq9-chart-title phq9-chart-desc" });
    expect(svg).toContain('<title id="phq9-chart-title">PHQ-9 across the series</title>');
    const desc = /<desc id="phq9-chart-desc">([^<]*)<\/desc>/u.exec(svg)?.[1] ?? "";
    expect(desc).toContain("18 (moderately severe) on 4 Mar 2030");
    expect(desc).toContain("12 (moderate, item 9 alert) on 9 Mar 2030");
    expect(desc).toContain("dose 1 on 6 Mar 2030, dose 2 on 9 Mar 2030");
    expect(svg).not.toMatch(/<script/u);
  });

  it("draws one line with a point per response, placed by date and total", () => {
    const svg = render(points, doses);
    const line = linePoints(svg);
    expect(line).toHaveLength(3);
    expect(elements(svg, "circle")).toHaveLength(3);
    // Points at days 0, 5 and 10 of a symmetric span: the middle one is halfway across the plot.
    expect(line[1]![0]).toBeCloseTo((PLOT_LEFT + PLOT_RIGHT) / 2, 0);
    expect(line[0]![0]).toBeLessThan(line[1]![0]);
    expect(line[1]![0]).toBeLessThan(line[2]![0]);
    expect(line.map(([, y]) => y)).toEqual([18, 12, 6].map((total) => yFor(total, 27)));
    expect(yFor(0, 27)).toBe(PLOT_BOTTOM);
    expect(yFor(27, 27)).toBe(PLOT_TOP);
    const [alert] = elements(svg, "circle").filter((circle) => circle.class === "measure-point alert");
    expect(Number(alert?.cx)).toBe(line[1]![0]);
  });

  it("marks each dose date with a vertical line labelled Dose n at the right x", () => {
    const svg = render(points, doses);
    const markers = elements(svg, "line").filter((line) => line.class === "dose-marker");
    expect(markers.map((marker) => marker["data-dose"])).toEqual(["1", "2"]);
    const domain = timeDomain(points, doses);
    for (const [index, marker] of markers.entries()) {
      expect(marker.x1).toBe(marker.x2);
      expect(Number(marker.x1)).toBe(xFor(Date.parse(doses[index]!.at), domain));
      expect(Number(marker.y1)).toBe(PLOT_TOP);
      expect(Number(marker.y2)).toBe(PLOT_BOTTOM);
    }
    // Dose 2 was on the day of the second response: same x.
    expect(Number(markers[1]?.x1)).toBe(linePoints(svg)[1]![0]);
    // Dose 1 is two fifths of the way from the first response to the second.
    const [first, second] = linePoints(svg);
    expect(Number(markers[0]?.x1)).toBeCloseTo(first![0] + ((second![0] - first![0]) * 2) / 5, 0);
    expect(svg).toContain(">Dose 1</text>");
    expect(svg).toContain(">Dose 2</text>");
  });

  it.each(INSTRUMENT_ORDER)("%s: shades and labels every severity band, edge to edge", (instrument) => {
    const definition = INSTRUMENT_DEFINITIONS[instrument];
    const svg = render([{ at: iso(0), total: 3, severity: "minimal", alert: false }], [], instrument);
    const rects = elements(svg, "rect").filter((rect) => rect.class === "band");
    const bands = bandsFor(instrument);
    expect(rects.map((rect) => rect["data-band"])).toEqual(bands.map((band) => band.key));
    const covered = rects.reduce((sum, rect) => sum + Number(rect.height), 0);
    expect(covered).toBeCloseTo(PLOT_BOTTOM - PLOT_TOP, 0);
    for (const [index, rect] of rects.entries()) {
      expect(Number(rect.y) + Number(rect.height)).toBeCloseTo(yFor(bands[index]!.min, definition.maxTotal), 0);
    }
    for (const band of bands) {
      expect(svg).toContain(band.label.replace("the provisional ", ""));
    }
  });

  it("draws a single response in the middle of a three-day span, and says when there is nothing to draw", () => {
    const svg = render([{ at: iso(0), total: 9, severity: "mild", alert: false }], []);
    expect(linePoints(svg)).toEqual([[(PLOT_LEFT + PLOT_RIGHT) / 2, yFor(9, 27)]]);
    expect(render([], doses)).toBe('<p class="muted">No PHQ-9 recorded in this series yet.</p>');
  });

  it("widens the time span to include doses after the last response", () => {
    const domain = timeDomain(
      [{ at: iso(0), total: 1, severity: "minimal", alert: false }],
      [{ doseNumber: 6, at: iso(20) }],
    );
    expect(domain[0]).toBeLessThan(T0);
    expect(domain[1]).toBeGreaterThan(T0 + 20 * DAY);
    expect(xFor(T0 + 20 * DAY, domain)).toBeLessThan(PLOT_RIGHT);
  });
});

import type { LoadResult } from "./load";

export type PageResult = {
  title: string;
  user: string;
  example_path: string;
  status: "measured" | "skipped";
  note?: string;
  /** Median latency with one request at a time. */
  p50_1_ms?: number;
  errors_1?: number;
  rps_10?: number;
  p50_10_ms?: number;
  p95_10_ms?: number;
  p99_10_ms?: number;
  errors_10?: number;
  rps_50?: number;
  p50_50_ms?: number;
  p95_50_ms?: number;
  p99_50_ms?: number;
  errors_50?: number;
  kb_per_response?: number;
  floor_p50_1_ms?: number | null;
  floor_rps_10?: number | null;
  floor_p95_10_ms?: number | null;
  floor_rps_50?: number | null;
  floor_p99_50_ms?: number | null;
  ratio_rps_10?: number | null;
  ratio_p95_10?: number | null;
  floor_note: string;
  /** CPU used by other work on the machine just before this page was loaded (percent of all cores). */
  background_cpu_pct?: number | null;
  /** The app's highest resident memory while this page was loaded (MB). */
  app_peak_rss_mb?: number | null;
};

export type Target = { what: string; target: string; value: string; met: boolean | null; note?: string };

const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;

export function pageResult(
  spec: { title: string; user: string; paths: string[]; floorNote: string },
  app: { at1: LoadResult; at10: LoadResult; at50: LoadResult },
  floor: { at1: LoadResult; at10: LoadResult; at50: LoadResult } | null,
): PageResult {
  return {
    title: spec.title,
    user: spec.user,
    example_path: spec.paths[0] ?? "",
    status: "measured",
    p50_1_ms: round(app.at1.p50_ms),
    errors_1: app.at1.errors,
    rps_10: round(app.at10.rps),
    p50_10_ms: round(app.at10.p50_ms),
    p95_10_ms: round(app.at10.p95_ms),
    p99_10_ms: round(app.at10.p99_ms),
    errors_10: app.at10.errors,
    rps_50: round(app.at50.rps),
    p50_50_ms: round(app.at50.p50_ms),
    p95_50_ms: round(app.at50.p95_ms),
    p99_50_ms: round(app.at50.p99_ms),
    errors_50: app.at50.errors,
    kb_per_response: round(app.at10.kb_per_response),
    floor_p50_1_ms: floor ? round(floor.at1.p50_ms) : null,
    floor_rps_10: floor ? round(floor.at10.rps) : null,
    floor_p95_10_ms: floor ? round(floor.at10.p95_ms) : null,
    floor_rps_50: floor ? round(floor.at50.rps) : null,
    floor_p99_50_ms: floor ? round(floor.at50.p99_ms) : null,
    ratio_rps_10: floor ? round(app.at10.rps / floor.at10.rps, 2) : null,
    ratio_p95_10: floor ? round(app.at10.p95_ms / floor.at10.p95_ms, 2) : null,
    floor_note: spec.floorNote,
  };
}

function cell(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || Number.isNaN(value) ? "—" : value.toFixed(digits);
}

export function markdownTables(pages: Record<string, PageResult>, targets: Target[]): string {
  const lines = [
    "| page | p50 ms @1 | req/s @10 | p50 / p95 ms @10 | req/s @50 | p95 / p99 ms @50 | errors | floor p50 ms @1 | floor req/s @10 | ratio req/s | ratio p95 |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const [name, page] of Object.entries(pages)) {
    if (page.status === "skipped") {
      lines.push(`| ${name} | ${page.note ?? "skipped"} | | | | | | | | | |`);
      continue;
    }
    lines.push(
      `| ${name} | ${cell(page.p50_1_ms)} | ${cell(page.rps_10)} | ${cell(page.p50_10_ms)} / ${cell(page.p95_10_ms)} | ${cell(page.rps_50)} | ${cell(page.p95_50_ms)} / ${cell(page.p99_50_ms)} | ${(page.errors_1 ?? 0) + (page.errors_10 ?? 0) + (page.errors_50 ?? 0)} | ${cell(page.floor_p50_1_ms)} | ${cell(page.floor_rps_10)} | ${cell(page.ratio_rps_10, 2)} | ${cell(page.ratio_p95_10, 2)} |`,
    );
  }
  lines.push("", "| target | goal | measured | met |", "| --- | --- | --- | :---: |");
  for (const target of targets) {
    lines.push(
      `| ${target.what} | ${target.target} | ${target.value} | ${target.met === null ? "—" : target.met ? "yes" : "**no**"} |`,
    );
  }
  return lines.join("\n");
}

/** Each target of the issue against what was measured. */
export function evaluateTargets(input: {
  pages: Record<string, PageResult>;
  plannerMedian: number | null;
  pdfMedian: number | null;
  coldStart: number | null;
  rssPeak: number | null;
  jsKb: number | null;
}): Target[] {
  const targets: Target[] = [];
  for (const [name, page] of Object.entries(input.pages)) {
    if (page.status !== "measured") {
      targets.push({ what: `${name}`, target: "measured", value: page.note ?? "skipped", met: null });
      continue;
    }
    const errors = (page.errors_1 ?? 0) + (page.errors_10 ?? 0) + (page.errors_50 ?? 0);
    if (page.ratio_rps_10 !== null && page.ratio_rps_10 !== undefined) {
      targets.push({
        what: `${name}: req/s @10 ÷ floor`,
        target: "≥ 0.5",
        value: cell(page.ratio_rps_10, 2),
        met: page.ratio_rps_10 >= 0.5,
      });
    }
    targets.push({ what: `${name}: errors`, target: "0", value: String(errors), met: errors === 0 });
    targets.push({
      what: `${name}: p99 @50`,
      target: "< 250 ms",
      value: `${cell(page.p99_50_ms)} ms`,
      met: (page.p99_50_ms ?? Infinity) < 250,
    });
  }
  const limit = (what: string, value: number | null, below: number, unit: string): void => {
    targets.push({
      what,
      target: `< ${below} ${unit}`,
      value: value === null ? "not measured" : `${cell(value)} ${unit}`,
      met: value === null ? null : value < below,
    });
  };
  limit("planner median (dense calendar)", input.plannerMedian, 50, "ms");
  limit("series summary PDF median", input.pdfMedian, 150, "ms");
  limit("cold start", input.coldStart, 2000, "ms");
  limit("peak RSS under load", input.rssPeak, 400, "MB");
  limit("first-page JavaScript", input.jsKb, 150, "KB gzip");
  return targets;
}

/**
 * PDF benchmark: the series summary of a six-dose course (every session with its record, the PHQ-9
 * chart and table, six long notes) built from fixed data, 30 times after a warm-up.
 *
 *   npx tsx bench/pdf.ts
 */
import { seriesSummaryPdf } from "#app/documents/series-summary";
import { sessionRecordPdf } from "#app/documents/session-record";
import { GENERATION, sampleNote, sampleSeriesSummary, sampleSessionRecord } from "#app/documents/testing/sample";

const RUNS = 30;
const WARM_UP = 3;

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

async function measure(label: string, build: () => Promise<Buffer>): Promise<void> {
  const coldStart = performance.now();
  const first = await build();
  const cold = performance.now() - coldStart;
  for (let run = 1; run < WARM_UP; run += 1) {
    await build();
  }
  const times: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const start = performance.now();
    await build();
    times.push(performance.now() - start);
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    `${label}: n=${RUNS} median ${percentile(sorted, 0.5).toFixed(1)} ms, p95 ${percentile(sorted, 0.95).toFixed(1)} ms, max ${(sorted[sorted.length - 1] ?? 0).toFixed(1)} ms (first build ${cold.toFixed(1)} ms, ${(first.length / 1024).toFixed(0)} KiB)`,
  );
}

const summary = sampleSeriesSummary({
  notes: Array.from({ length: 6 }, (_unused, index) => sampleNote(index + 1, { paragraphs: 6 })),
});
await measure("series summary, six sessions", () => seriesSummaryPdf(summary));
const record = {
  generation: GENERATION,
  record: sampleSessionRecord(3, { withError: true }),
  title: "Dosing session 3",
  statusLabel: "Completed",
  seriesName: "Standard KAP course",
  notes: [sampleNote(3)],
};
await measure("dosing-session record", () => sessionRecordPdf(record));

// npm run audit:verify [-- --anchor <file> ...]
// Recomputes every audit chain (DATABASE_URL, or the embedded database in DATA_DIR) and names the
// first broken link of each. Exit 0: whole; 1: broken; 2: could not check (usage, file, database).
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { Anchor } from "#app/audit/chain-check";
import { formatReport, parseAnchors } from "#app/audit/chain-report";
import { verifyAuditChains } from "#app/audit/chain-verify.server";
import { databaseOptionsFromEnv, openDatabase } from "#db/client";

function readAnchors(files: readonly string[]): Anchor[] {
  return files.flatMap((file) => {
    const parsed = parseAnchors(readFileSync(file, "utf8"));
    if ("error" in parsed) {
      throw new Error(`${file}: ${parsed.error}`);
    }
    return parsed.anchors;
  });
}

async function main(): Promise<number> {
  let anchors: Anchor[];
  try {
    const { values } = parseArgs({ options: { anchor: { type: "string", multiple: true } }, allowPositionals: false });
    anchors = readAnchors(values.anchor ?? []);
  } catch (error) {
    console.error(`audit:verify: ${error instanceof Error ? error.message : String(error)}`);
    console.error("usage: npm run audit:verify [-- --anchor <file of earlier printed heads> ...]");
    return 2;
  }
  const options = databaseOptionsFromEnv();
  if (options.dataDir && !existsSync(options.dataDir)) {
    // Opening a missing folder would create an empty database there: there is nothing to verify.
    console.error(
      `audit:verify: no embedded database in ${options.dataDir} (set DATA_DIR, or DATABASE_URL for a PostgreSQL server)`,
    );
    return 2;
  }
  const handle = await openDatabase(options);
  try {
    const report = await verifyAuditChains(handle.db, anchors);
    console.log(formatReport(report, anchors.length));
    return report.whole ? 0 : 1;
  } catch (error) {
    const message =
      (error as { cause?: { message?: string } }).cause?.message ??
      (error instanceof Error ? error.message : String(error));
    const hint = /permission denied/u.test(message)
      ? " (run it as the owner that runs the migrations: the app role may not read audit_chain_head)"
      : "";
    console.error(`audit:verify could not read the audit trail (${handle.kind}): ${message}${hint}`);
    return 2;
  } finally {
    await handle.close();
  }
}

process.exitCode = await main();

import type { Anchor, ChainName, ChainReport, VerifyReport } from "./chain-check";

const HEAD_LINE = /^head\s+(\S+)\s+(\d+)\s+([0-9a-fA-F]{64})\s*$/u;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u;

function chainLabel(chain: ChainName): string {
  return chain ?? "none";
}

function describeChain(chain: ChainName): string {
  return chain === null ? "entries with no clinic" : `clinic ${chain}`;
}

/** One line an operator keeps off-site and hands back with --anchor: `head <clinic id | none> <seq> <sha256>`. */
export function headLine(chain: ChainName, seq: string, hash: string): string {
  return `head ${chainLabel(chain)} ${seq} ${hash}`;
}

/**
 * Reads the head lines of an earlier run's output (other lines are ignored, so the whole output can
 * be saved as is). Fails on a file that holds no head line or a malformed one, rather than
 * silently checking nothing.
 */
export function parseAnchors(text: string): { anchors: Anchor[] } | { error: string } {
  const anchors: Anchor[] = [];
  const lines = text.split(/\r?\n/u);
  for (const [index, line] of lines.entries()) {
    if (!line.trimStart().startsWith("head ")) {
      continue;
    }
    const match = HEAD_LINE.exec(line.trim());
    const chain = match?.[1]?.toLowerCase();
    if (!match || !chain || (chain !== "none" && !UUID.test(chain))) {
      return { error: `line ${index + 1} is not "head <clinic id | none> <seq> <sha256>": ${line.trim()}` };
    }
    anchors.push({ chain: chain === "none" ? null : chain, seq: match[2]!, hash: match[3]!.toLowerCase() });
  }
  if (anchors.length === 0) {
    return { error: 'no "head <clinic id | none> <seq> <sha256>" line in the anchor file' };
  }
  return { anchors };
}

function chainLine(chain: ChainReport): string {
  const broken = chain.firstBreak;
  if (!broken) {
    return `OK      ${describeChain(chain.chain)}: ${chain.entries} entries, whole`;
  }
  const entry = broken.entryId === null ? "" : `, entry id ${broken.entryId}`;
  return `BROKEN  ${describeChain(chain.chain)}: first broken link at seq ${broken.seq}${entry}: ${broken.kind}: ${broken.explanation}`;
}

/** What audit:verify prints: one line per chain, then the heads of the whole chains to record off-site. */
export function formatReport(report: VerifyReport, anchorCount: number): string {
  const lines = [
    report.chains.length === 0
      ? "No audit entries yet."
      : `Audit chains: ${report.chains.length}${anchorCount > 0 ? `, checked against ${anchorCount} recorded heads` : ""}.`,
    ...report.chains.map(chainLine),
  ];
  const heads = report.chains.flatMap((chain) =>
    chain.head ? [headLine(chain.chain, chain.head.seq, chain.head.hash)] : [],
  );
  if (heads.length > 0) {
    lines.push(
      "",
      "Chain heads (keep these off-site; a later `npm run audit:verify -- --anchor <file>` proves they are still in the chains):",
      ...heads,
    );
  }
  const brokenCount = report.chains.filter((chain) => chain.firstBreak).length;
  lines.push(
    "",
    report.whole
      ? "The audit trail is whole."
      : `The audit trail is BROKEN in ${brokenCount} chain${brokenCount === 1 ? "" : "s"}: no head is printed for a broken chain.`,
  );
  return lines.join("\n");
}

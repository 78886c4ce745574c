import { describe, expect, it } from "vitest";
import { formatReport, headLine, parseAnchors } from "./chain-report";

const CLINIC = "3f2c1a9e-0000-4000-8000-000000000001";
const HASH = "ab".repeat(32);

describe("anchor files", () => {
  it("read back the head lines a run printed, ignoring every other line", () => {
    const output = formatReport(
      {
        chains: [
          { chain: CLINIC, entries: 12, head: { seq: "12", hash: HASH }, firstBreak: null },
          { chain: null, entries: 3, head: { seq: "3", hash: "cd".repeat(32) }, firstBreak: null },
        ],
        whole: true,
      },
      0,
    );
    expect(parseAnchors(output)).toEqual({
      anchors: [
        { chain: CLINIC, seq: "12", hash: HASH },
        { chain: null, seq: "3", hash: "cd".repeat(32) },
      ],
    });
  });

  it("refuse a file without a head line, rather than checking nothing", () => {
    expect(parseAnchors("The audit trail is whole.\n")).toEqual({ error: expect.stringMatching(/no "head/u) });
  });

  it("refuse a malformed head line, naming it", () => {
    expect(parseAnchors(`head ${CLINIC} 12 abc\n`)).toEqual({ error: expect.stringMatching(/line 1/u) });
    expect(parseAnchors(`head clinic-one 12 ${HASH}\n`)).toEqual({ error: expect.stringMatching(/line 1/u) });
  });

  it("accept upper-case hashes and Windows line ends", () => {
    expect(parseAnchors(`${headLine(CLINIC, "5", HASH.toUpperCase())}\r\n`)).toEqual({
      anchors: [{ chain: CLINIC, seq: "5", hash: HASH }],
    });
  });
});

describe("the printed report", () => {
  it("names the first broken link and prints no head for the broken chain", () => {
    const text = formatReport(
      {
        chains: [
          {
            chain: CLINIC,
            entries: 3,
            head: null,
            firstBreak: { kind: "hash mismatch", seq: "3", entryId: "77", explanation: "changed" },
          },
          { chain: null, entries: 2, head: { seq: "2", hash: HASH }, firstBreak: null },
        ],
        whole: false,
      },
      1,
    );
    expect(text).toContain(`BROKEN  clinic ${CLINIC}: first broken link at seq 3, entry id 77: hash mismatch: changed`);
    expect(text).toContain("OK      entries with no clinic: 2 entries, whole");
    expect(text).toContain(`head none 2 ${HASH}`);
    expect(text).not.toContain(`head ${CLINIC}`);
    expect(text).toMatch(/BROKEN in 1 chain:/u);
  });

  it("says so when there is nothing to check", () => {
    expect(formatReport({ chains: [], whole: true }, 0)).toMatch(
      /^No audit entries yet\.\n\nThe audit trail is whole\.$/u,
    );
  });
});

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// Tests read the PDFs back with Debian's poppler-utils and qpdf (installed by .ci/run), from a temp file.

function withFile<T>(bytes: Uint8Array, use: (file: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), "kap-pdf-"));
  const file = path.join(dir, "document.pdf");
  try {
    writeFileSync(file, bytes);
    return use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error) {
    throw result.error;
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The text of each page, in reading order (pdftotext, UTF-8). */
export function pdfPages(bytes: Uint8Array): string[] {
  return withFile(bytes, (file) => {
    const { status, stdout, stderr } = run("pdftotext", ["-enc", "UTF-8", file, "-"]);
    if (status !== 0) {
      throw new Error(`pdftotext failed: ${stderr}`);
    }
    const pages = stdout.split("\f");
    // pdftotext ends the last page with a form feed too.
    return pages[pages.length - 1]?.trim() === "" ? pages.slice(0, -1) : pages;
  });
}

/** All the text, with line breaks and hyphenation-free wrapping turned into single spaces. */
export function pdfText(bytes: Uint8Array): string {
  return pdfPages(bytes).join("\n").replace(/\s+/gu, " ");
}

/** qpdf --check: the file's structure and streams are sound. */
export function qpdfCheck(bytes: Uint8Array): { ok: boolean; output: string } {
  return withFile(bytes, (file) => {
    const { status, stdout, stderr } = run("qpdf", ["--check", file]);
    return { ok: status === 0, output: `${stdout}${stderr}` };
  });
}

/** The fonts the PDF uses (pdffonts): name, type, and whether each is embedded. */
export function pdfFonts(bytes: Uint8Array): { name: string; embedded: boolean }[] {
  return withFile(bytes, (file) => {
    const { status, stdout, stderr } = run("pdffonts", [file]);
    if (status !== 0) {
      throw new Error(`pdffonts failed: ${stderr}`);
    }
    return stdout
      .split("\n")
      .slice(2)
      .filter((line) => line.trim() !== "")
      .map((line) => {
        const columns = line.trim().split(/\s+/u);
        // name type [type…] encoding emb sub uni object ID
        return { name: columns[0] ?? "", embedded: columns[columns.length - 5] === "yes" };
      });
  });
}

/**
 * The body text of the whole document, as one line: each page's header and footer (the given
 * strings, and "Page n of m") taken out, so text that runs across a page break reads on.
 */
export function pdfBodyText(bytes: Uint8Array, frame: readonly string[]): string {
  const normalized = frame.map((text) => text.replace(/\s+/gu, " ").trim());
  return pdfPages(bytes)
    .map((page) => {
      let text = page.replace(/\s+/gu, " ");
      for (const part of normalized) {
        text = text.split(part).join(" ");
      }
      return text.replace(/Page \d+ of \d+/gu, " ");
    })
    .join(" ")
    .replace(/\s+/gu, " ")
    .trim();
}

/** How many raster images the PDF holds (pdfimages -list): a vector chart holds none. */
export function pdfImageCount(bytes: Uint8Array): number {
  return withFile(bytes, (file) => {
    const { status, stdout, stderr } = run("pdfimages", ["-list", file]);
    if (status !== 0) {
      throw new Error(`pdfimages failed: ${stderr}`);
    }
    return stdout
      .split("\n")
      .slice(2)
      .filter((line) => line.trim() !== "").length;
  });
}

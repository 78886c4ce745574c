import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * DejaVu Sans (Bitstream Vera licence: free to embed and redistribute) covers Latin Extended,
 * Vietnamese, Greek and Cyrillic, so every patient's and clinician's name prints as written.
 * pdfkit embeds only the glyphs a document uses.
 */
export type FontName = "regular" | "bold";

const FILES: Record<FontName, string> = {
  regular: "dejavu-fonts-ttf/ttf/DejaVuSans.ttf",
  bold: "dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf",
};

let loaded: Record<FontName, Buffer> | null = null;

/** The font files, read once per process. */
export function fontFiles(): Record<FontName, Buffer> {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    loaded = { regular: readFileSync(require.resolve(FILES.regular)), bold: readFileSync(require.resolve(FILES.bold)) };
  }
  return loaded;
}

export function registerFonts(doc: PDFKit.PDFDocument): void {
  const files = fontFiles();
  doc.registerFont("regular", files.regular);
  doc.registerFont("bold", files.bold);
}

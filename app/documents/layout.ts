import PDFDocument from "pdfkit";
import { formatInTimeZone } from "#app/ui/dates";
import { registerFonts, type FontName } from "./fonts";

/** What every page of a document says about it: whose it is, who made it and when. */
export type DocumentMeta = {
  clinicName: string;
  /** e.g. "Series summary". */
  title: string;
  /** Who the document is about, printed on every page so a loose page is never anonymous. */
  subject: string;
  generatedBy: string;
  generatedAt: Date;
  /** The clinic's zone: every time in the document is in it. */
  timeZone: string;
  /** Printed in the header of every page when the whole document is unsigned, e.g. "DRAFT — not signed off". */
  draftMark?: string | null;
};

export const CONFIDENTIALITY =
  "Confidential health information — protected by federal and state privacy law (HIPAA). It is for the care of this patient or the patient's own use: do not disclose it further without the patient's authorization.";

export const COLORS = {
  text: "#1b2733",
  muted: "#55606b",
  rule: "#9aa5b1",
  fill: "#eef1f4",
  draft: "#a3161a",
  warning: "#8a4b00",
} as const;

const PAGE = { size: "LETTER", margins: { top: 68, bottom: 76, left: 50, right: 50 } } as const;

/** A document being written, and the text style in force (restored after the header of each new page). */
export type Pdf = {
  doc: PDFKit.PDFDocument;
  meta: DocumentMeta;
  font: FontName;
  size: number;
  color: string;
};

export const BODY_SIZE = 9.5;
export const LINE_GAP = 1.5;

/**
 * Text as data, never as markup: PDF text has no markup to interpret, so what remains is to keep
 * what cannot print from confusing the layout — control and bidirectional-override characters, lone
 * surrogates — and to compose accents (NFC) so "Nguyễn" is one set of glyphs. A run of 60 or more
 * characters without a space (a pasted link or code) gets an invisible break opportunity every 40:
 * pdfkit's cost of wrapping one huge word grows with its square.
 */
export function printable(text: string): string {
  return text
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD")
    .normalize("NFC")
    .replace(/\r\n?/gu, "\n")
    .replace(/\t/gu, "    ")
    .split("")
    .filter((char) => !unprintable(char.charCodeAt(0)))
    .join("")
    .replace(/\S{60,}/gu, (run) => run.replace(/.{40}(?=.)/gu, "$&\u200B"));
}

/** C0 and C1 controls other than the line feed, and the bidirectional embeddings and overrides. */
function unprintable(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x0a) ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

export function contentLeft(pdf: Pdf): number {
  return pdf.doc.page.margins.left;
}

export function contentWidth(pdf: Pdf): number {
  const { page } = pdf.doc;
  return page.width - page.margins.left - page.margins.right;
}

/** The lowest y the body may reach on this page. */
export function bottom(pdf: Pdf): number {
  return pdf.doc.page.height - pdf.doc.page.margins.bottom;
}

export function setFont(pdf: Pdf, font: FontName, size: number = BODY_SIZE, color: string = COLORS.text): void {
  pdf.font = font;
  pdf.size = size;
  pdf.color = color;
  pdf.doc.font(font).fontSize(size).fillColor(color);
}

function drawHeader(pdf: Pdf): void {
  const { doc, meta } = pdf;
  const left = contentLeft(pdf);
  const width = contentWidth(pdf);
  const top = 26;
  doc.font("bold").fontSize(10).fillColor(COLORS.text);
  doc.text(printable(meta.clinicName), left, top, { width: width * 0.5, ellipsis: true, height: 12 });
  doc.font("regular").fontSize(8.5).fillColor(COLORS.muted);
  doc.text(printable(`${meta.title} · ${meta.subject}`), left + width * 0.5, top + 1, {
    width: width * 0.5,
    align: "right",
    ellipsis: true,
    height: 12,
  });
  if (meta.draftMark) {
    doc.font("bold").fontSize(9).fillColor(COLORS.draft);
    doc.text(printable(meta.draftMark), left, top + 14, { width, ellipsis: true, height: 12 });
  }
  doc
    .moveTo(left, top + 28)
    .lineTo(left + width, top + 28)
    .lineWidth(0.6)
    .strokeColor(COLORS.rule)
    .stroke();
}

/** A new Letter page, with the header; the body starts at the top margin in the style in force. */
export function startDocument(meta: DocumentMeta): Pdf {
  const doc = new PDFDocument({
    size: PAGE.size,
    margins: PAGE.margins,
    bufferPages: true,
    autoFirstPage: false,
    // No default font: pdfkit would load Helvetica, which has no glyphs beyond Latin-1 and is not embedded.
    font: "",
    info: {
      Title: `${meta.title} — ${meta.subject}`,
      Author: meta.clinicName,
      Creator: "KAP Care Team",
      Producer: "KAP Care Team",
      CreationDate: meta.generatedAt,
    },
  });
  registerFonts(doc);
  const pdf: Pdf = { doc, meta, font: "regular", size: BODY_SIZE, color: COLORS.text };
  doc.on("pageAdded", () => {
    drawHeader(pdf);
    doc.font(pdf.font).fontSize(pdf.size).fillColor(pdf.color);
    doc.x = contentLeft(pdf);
    doc.y = doc.page.margins.top;
  });
  doc.addPage();
  return pdf;
}

export function newPage(pdf: Pdf): void {
  pdf.doc.addPage();
}

/** Starts a new page unless `height` more points fit on this one. */
export function ensureSpace(pdf: Pdf, height: number): void {
  if (pdf.doc.y + height > bottom(pdf)) {
    newPage(pdf);
  }
}

export function gap(pdf: Pdf, points: number): void {
  pdf.doc.y = Math.min(pdf.doc.y + points, bottom(pdf));
}

export function lineHeight(pdf: Pdf, font: FontName, size: number): number {
  const { doc } = pdf;
  doc.font(font).fontSize(size);
  const height = doc.currentLineHeight(true) + LINE_GAP;
  doc.font(pdf.font).fontSize(pdf.size);
  return height;
}

const HEADING_SIZES = { 1: 15, 2: 12, 3: 10.5 } as const;

/** A heading, kept on the page with `keep` points of what follows it (a few lines unless told). */
export function heading(pdf: Pdf, text: string, level: 1 | 2 | 3, keep?: number): void {
  const size = HEADING_SIZES[level];
  const { doc } = pdf;
  gap(pdf, level === 1 ? 2 : 8);
  setFont(pdf, "bold", size);
  const height = doc.heightOfString(printable(text), { width: contentWidth(pdf), lineGap: LINE_GAP });
  ensureSpace(pdf, height + (keep ?? 4 * lineHeight(pdf, "regular", BODY_SIZE)));
  doc.text(printable(text), contentLeft(pdf), doc.y, { width: contentWidth(pdf), lineGap: LINE_GAP });
  gap(pdf, level === 1 ? 6 : 3);
  setFont(pdf, "regular");
}

export type ParagraphStyle = {
  font?: FontName;
  size?: number;
  color?: string;
  strike?: boolean;
  indent?: number;
  after?: number;
  /** Lines that must fit on this page with it, e.g. a label kept with the start of its text. */
  keepLines?: number;
};

/** Text that wraps and, when long, flows on to as many pages as it needs; blank lines are kept. */
export function paragraph(pdf: Pdf, text: string, style: ParagraphStyle = {}): void {
  const { doc } = pdf;
  setFont(pdf, style.font ?? "regular", style.size ?? BODY_SIZE, style.color ?? COLORS.text);
  const indent = style.indent ?? 0;
  // At least two lines on this page, or none: no single stranded line at the foot of a page.
  ensureSpace(pdf, (style.keepLines ?? 2) * lineHeight(pdf, pdf.font, pdf.size));
  doc.text(printable(text), contentLeft(pdf) + indent, doc.y, {
    width: contentWidth(pdf) - indent,
    lineGap: LINE_GAP,
    strike: style.strike ?? false,
  });
  doc.x = contentLeft(pdf);
  gap(pdf, style.after ?? 3);
  setFont(pdf, "regular");
}

export type MarkTone = "draft" | "warning" | "info";

const TONE_COLORS: Record<MarkTone, string> = { draft: COLORS.draft, warning: COLORS.warning, info: COLORS.muted };

/** A boxed sentence that must not be missed, e.g. "DRAFT — not signed by its author". */
export function mark(pdf: Pdf, text: string, tone: MarkTone): void {
  const { doc } = pdf;
  const padding = 4;
  const width = contentWidth(pdf);
  setFont(pdf, "bold", BODY_SIZE, TONE_COLORS[tone]);
  const height = doc.heightOfString(printable(text), { width: width - 2 * padding, lineGap: LINE_GAP }) + 2 * padding;
  ensureSpace(pdf, height);
  const top = doc.y;
  doc
    .rect(contentLeft(pdf), top, width, height)
    .lineWidth(tone === "draft" ? 1.2 : 0.8)
    .strokeColor(TONE_COLORS[tone])
    .stroke();
  doc.text(printable(text), contentLeft(pdf) + padding, top + padding, {
    width: width - 2 * padding,
    lineGap: LINE_GAP,
  });
  doc.x = contentLeft(pdf);
  doc.y = top + height;
  gap(pdf, 4);
  setFont(pdf, "regular");
}

function drawFooter(pdf: Pdf, pageNumber: number, pageCount: number): void {
  const { doc, meta } = pdf;
  const left = contentLeft(pdf);
  const width = contentWidth(pdf);
  // The footer sits in the bottom margin: without this pdfkit would start a new page for it.
  const margin = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  const ruleY = doc.page.height - margin + 10;
  doc
    .moveTo(left, ruleY)
    .lineTo(left + width, ruleY)
    .lineWidth(0.6)
    .strokeColor(COLORS.rule)
    .stroke();
  doc.font("regular").fontSize(7).fillColor(COLORS.muted);
  doc.text(CONFIDENTIALITY, left, ruleY + 4, { width, lineGap: 0.5, height: 20 });
  const generated = `Generated by ${printable(meta.generatedBy)} on ${formatInTimeZone(meta.generatedAt, meta.timeZone, "EEE d MMM yyyy, HH:mm")} (${meta.timeZone})`;
  const lineY = doc.page.height - 26;
  doc.font("regular").fontSize(7.5).fillColor(COLORS.text);
  doc.text(generated, left, lineY, { width: width * 0.75, ellipsis: true, height: 10 });
  doc.font("bold").fontSize(8);
  doc.text(`Page ${pageNumber} of ${pageCount}`, left + width * 0.75, lineY, {
    width: width * 0.25,
    align: "right",
    height: 10,
  });
  doc.page.margins.bottom = margin;
}

/** Writes the footer on every page ("Page n of m" needs them all) and returns the file's bytes. */
export function finishDocument(pdf: Pdf): Promise<Buffer> {
  const { doc } = pdf;
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index);
    drawFooter(pdf, index - range.start + 1, range.count);
  }
  doc.end();
  return done;
}

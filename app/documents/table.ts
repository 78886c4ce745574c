import {
  bottom,
  COLORS,
  contentLeft,
  contentWidth,
  gap,
  LINE_GAP,
  newPage,
  printable,
  setFont,
  type Pdf,
} from "./layout";

export type Column = { header: string; /** Relative width. */ width: number };

export type TableRow = {
  cells: readonly string[];
  /** Entered in error: the values stay, struck through. */
  struck?: boolean;
  /** A sentence across the full width under the cells, never struck, e.g. why the row is struck. */
  note?: string | null;
};

export type TableSpec = {
  /** Printed above the table, and again with "(continued)" on each page it runs on to. */
  caption: string;
  columns: readonly Column[];
  rows: readonly TableRow[];
  /** Without a header row and rules: a list of label–value pairs. */
  plain?: boolean;
  size?: number;
};

const PAD_X = 3;
const PAD_Y = 2.5;

type Geometry = { x: number[]; widths: number[]; size: number };

function geometry(pdf: Pdf, spec: TableSpec): Geometry {
  const total = spec.columns.reduce((sum, column) => sum + column.width, 0);
  const widths = spec.columns.map((column) => (column.width / total) * contentWidth(pdf));
  const x: number[] = [];
  let at = contentLeft(pdf);
  for (const width of widths) {
    x.push(at);
    at += width;
  }
  return { x, widths, size: spec.size ?? 8.5 };
}

function textHeight(pdf: Pdf, text: string, width: number): number {
  return text === "" ? 0 : pdf.doc.heightOfString(text, { width, lineGap: LINE_GAP });
}

/**
 * The longest start of `text` that fits in `maxHeight` at this width, and the rest: cut after a
 * space where possible, inside a very long word only when it alone is taller than the space.
 */
export function splitToFit(pdf: Pdf, text: string, width: number, maxHeight: number): [string, string] {
  if (textHeight(pdf, text, width) <= maxHeight) {
    return [text, ""];
  }
  const breaks = [...text.matchAll(/\s+/gu)]
    .map((match) => (match.index ?? 0) + match[0].length)
    .filter((index) => index < text.length);
  const fits = (end: number): boolean => textHeight(pdf, text.slice(0, end).trimEnd(), width) <= maxHeight;
  let low = 0;
  let high = breaks.length - 1;
  let cut = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (fits(breaks[middle]!)) {
      cut = breaks[middle]!;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  if (cut <= 0) {
    // No narrower glyph than "." is likely: this bounds the search, so a huge word stays cheap to cut.
    const lines = Math.max(1, Math.floor(maxHeight / (pdf.doc.currentLineHeight(true) + LINE_GAP)));
    const perLine = Math.ceil(width / Math.max(0.5, pdf.doc.widthOfString(".")));
    let lowChar = 1;
    let highChar = Math.min(text.length - 1, lines * perLine);
    cut = 1;
    while (lowChar <= highChar) {
      const middle = (lowChar + highChar) >> 1;
      if (fits(middle)) {
        cut = middle;
        lowChar = middle + 1;
      } else {
        highChar = middle - 1;
      }
    }
  }
  return [
    text.slice(0, cut).trimEnd(),
    text
      .slice(cut)
      .replace(/^[ \t]+/u, "")
      .replace(/^\n/u, ""),
  ];
}

function cellsHeight(pdf: Pdf, geo: Geometry, cells: readonly string[], font: "regular" | "bold"): number {
  pdf.doc.font(font).fontSize(geo.size);
  return Math.max(0, ...cells.map((cell, index) => textHeight(pdf, cell, geo.widths[index]! - 2 * PAD_X)));
}

function noteHeight(pdf: Pdf, note: string | null | undefined): number {
  if (!note) {
    return 0;
  }
  pdf.doc.font("bold").fontSize(8);
  return textHeight(pdf, note, contentWidth(pdf) - 2 * PAD_X) + PAD_Y;
}

function captionHeight(pdf: Pdf, caption: string): number {
  if (caption === "") {
    return 0;
  }
  pdf.doc.font("bold").fontSize(9);
  return textHeight(pdf, `${caption} (continued)`, contentWidth(pdf)) + 3;
}

function drawCaption(pdf: Pdf, caption: string, continued: boolean): void {
  if (caption === "") {
    return;
  }
  setFont(pdf, "bold", 9);
  pdf.doc.text(continued ? `${caption} (continued)` : caption, contentLeft(pdf), pdf.doc.y, {
    width: contentWidth(pdf),
    lineGap: LINE_GAP,
    height: bottom(pdf) - pdf.doc.y,
  });
  pdf.doc.x = contentLeft(pdf);
  gap(pdf, 3);
}

function drawCells(
  pdf: Pdf,
  geo: Geometry,
  cells: readonly string[],
  options: { font: "regular" | "bold"; strike: boolean; fill: string | null; note: string | null | undefined },
): void {
  const { doc } = pdf;
  const top = doc.y;
  const height = cellsHeight(pdf, geo, cells, options.font) + 2 * PAD_Y + noteHeight(pdf, options.note);
  if (options.fill) {
    doc.rect(contentLeft(pdf), top, contentWidth(pdf), height).fill(options.fill);
  }
  // Every cell was measured to fit above the page's foot; the height keeps pdfkit from ever breaking a page inside a cell.
  const room = bottom(pdf) - top - PAD_Y;
  setFont(pdf, options.font, geo.size);
  cells.forEach((cell, index) => {
    if (cell !== "") {
      doc.text(cell, geo.x[index]! + PAD_X, top + PAD_Y, {
        width: geo.widths[index]! - 2 * PAD_X,
        lineGap: LINE_GAP,
        strike: options.strike,
        height: room,
      });
    }
  });
  if (options.note) {
    setFont(pdf, "bold", 8, COLORS.draft);
    const noteTop = top + height - noteHeight(pdf, options.note);
    doc.text(options.note, contentLeft(pdf) + PAD_X, noteTop, {
      width: contentWidth(pdf) - 2 * PAD_X,
      lineGap: LINE_GAP,
      height: bottom(pdf) - noteTop,
    });
  }
  doc
    .moveTo(contentLeft(pdf), top + height)
    .lineTo(contentLeft(pdf) + contentWidth(pdf), top + height)
    .lineWidth(0.4)
    .strokeColor(COLORS.rule)
    .stroke();
  doc.x = contentLeft(pdf);
  doc.y = top + height;
  setFont(pdf, "regular");
}

/**
 * A table that runs across pages: a row that fits on a page is never split, and moves whole to the
 * next page, under the caption and header row again; a row taller than a whole page is cut between
 * lines and carries on, so nothing is ever clipped.
 */
export function table(pdf: Pdf, spec: TableSpec): void {
  const { doc } = pdf;
  const geo = geometry(pdf, spec);
  const ruled = spec.plain !== true;
  const headers = spec.columns.map((column) => printable(column.header));
  const headerHeight = ruled ? cellsHeight(pdf, geo, headers, "bold") + 2 * PAD_Y : 0;
  const caption = printable(spec.caption);
  const above = captionHeight(pdf, caption) + headerHeight;
  const drawTop = (continued: boolean): void => {
    drawCaption(pdf, caption, continued);
    if (ruled) {
      drawCells(pdf, geo, headers, { font: "bold", strike: false, fill: COLORS.fill, note: null });
    }
  };
  const continueOnNextPage = (): void => {
    newPage(pdf);
    drawTop(true);
  };
  const minimumSlice = 3 * (geo.size + LINE_GAP) + 2 * PAD_Y;
  const wholePage = bottom(pdf) - doc.page.margins.top - above;
  // The caption and header row never stand alone at the foot of a page: the first row comes with them.
  const firstRow = spec.rows[0];
  const firstHeight = firstRow
    ? rowHeight(pdf, geo, firstRow.cells.map(printable), firstRow.note ? printable(firstRow.note) : null, !ruled)
    : 0;
  if (doc.y + above + Math.min(firstHeight, Math.max(minimumSlice, wholePage)) > bottom(pdf)) {
    newPage(pdf);
  }
  drawTop(false);
  for (const row of spec.rows) {
    let cells = row.cells.map(printable);
    const note = row.note ? printable(row.note) : null;
    for (;;) {
      const height = rowHeight(pdf, geo, cells, note, !ruled);
      const available = bottom(pdf) - doc.y;
      if (height <= available) {
        drawRow(pdf, geo, cells, { strike: row.struck === true, note, plain: !ruled });
        break;
      }
      if (height <= wholePage || available < minimumSlice) {
        continueOnNextPage();
        continue;
      }
      const room = available - 2 * PAD_Y;
      const parts = cells.map((cell, index) => {
        doc.font(!ruled && index === 0 ? "bold" : "regular").fontSize(geo.size);
        return splitToFit(pdf, cell, geo.widths[index]! - 2 * PAD_X, room);
      });
      drawRow(
        pdf,
        geo,
        parts.map(([head]) => head),
        { strike: row.struck === true, note: null, plain: !ruled },
      );
      cells = parts.map(([, tail]) => tail);
      continueOnNextPage();
    }
  }
  gap(pdf, 6);
}

function rowHeight(pdf: Pdf, geo: Geometry, cells: readonly string[], note: string | null, plain: boolean): number {
  if (!plain) {
    return cellsHeight(pdf, geo, cells, "regular") + 2 * PAD_Y + noteHeight(pdf, note);
  }
  const [label = "", ...rest] = cells;
  pdf.doc.font("bold").fontSize(geo.size);
  const labelHeight = textHeight(pdf, label, geo.widths[0]! - 2 * PAD_X);
  const valuesHeight = cellsHeight(pdf, { ...geo, x: geo.x.slice(1), widths: geo.widths.slice(1) }, rest, "regular");
  return Math.max(labelHeight, valuesHeight) + 2 * PAD_Y;
}

function drawRow(
  pdf: Pdf,
  geo: Geometry,
  cells: readonly string[],
  options: { strike: boolean; note: string | null; plain: boolean },
): void {
  if (!options.plain) {
    drawCells(pdf, geo, cells, { font: "regular", strike: options.strike, fill: null, note: options.note });
    return;
  }
  // A label–value list: the label in bold, the value beside it.
  const [label = "", ...rest] = cells;
  const { doc } = pdf;
  const top = doc.y;
  const height = rowHeight(pdf, geo, cells, null, true);
  const room = bottom(pdf) - top - PAD_Y;
  setFont(pdf, "bold", geo.size);
  if (label !== "") {
    doc.text(label, geo.x[0]! + PAD_X, top + PAD_Y, {
      width: geo.widths[0]! - 2 * PAD_X,
      lineGap: LINE_GAP,
      height: room,
    });
  }
  setFont(pdf, "regular", geo.size);
  rest.forEach((cell, index) => {
    if (cell !== "") {
      doc.text(cell, geo.x[index + 1]! + PAD_X, top + PAD_Y, {
        width: geo.widths[index + 1]! - 2 * PAD_X,
        lineGap: LINE_GAP,
        strike: options.strike,
        height: room,
      });
    }
  });
  doc.x = contentLeft(pdf);
  doc.y = top + height;
  setFont(pdf, "regular");
}

/** Label–value pairs, e.g. [["MRN", "K100001"]]. */
export function keyValues(pdf: Pdf, pairs: readonly (readonly [string, string])[], caption = ""): void {
  table(pdf, {
    caption,
    columns: [
      { header: "", width: 1.5 },
      { header: "", width: 3.5 },
    ],
    rows: pairs.map(([label, value]) => ({ cells: [label, value] })),
    plain: true,
    size: 9,
  });
}

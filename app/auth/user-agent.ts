/**
 * "Firefox on Windows" from a User-Agent header: enough for a person to recognise their own devices.
 * A short list of the browsers and systems clinics use, checked in order (Edge and Opera also say
 * "Chrome", and Chrome also says "Safari"); anything else is named as unknown, never guessed.
 */
const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\//u, "Edge"],
  [/\b(?:OPR|Opera)\//u, "Opera"],
  [/\bSamsungBrowser\//u, "Samsung Internet"],
  [/\b(?:Firefox|FxiOS)\//u, "Firefox"],
  [/\b(?:Chrome|CriOS|Chromium|HeadlessChrome)\//u, "Chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//u, "Safari"],
];

const SYSTEMS: [RegExp, string][] = [
  [/\biPhone\b/u, "iPhone"],
  [/\biPad\b/u, "iPad"],
  [/\bAndroid\b/u, "Android"],
  [/\bWindows\b/u, "Windows"],
  [/\bCrOS\b/u, "ChromeOS"],
  [/\bMac OS X\b|\bMacintosh\b/u, "macOS"],
  [/\bLinux\b/u, "Linux"],
];

function firstMatch(userAgent: string, table: [RegExp, string][]): string | null {
  return table.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null;
}

export function describeUserAgent(userAgent: string | null | undefined): string {
  const header = userAgent ?? "";
  const browser = firstMatch(header, BROWSERS);
  const system = firstMatch(header, SYSTEMS);
  if (!browser && !system) {
    return "Unknown device";
  }
  return `${browser ?? "Unknown browser"} on ${system ?? "an unknown system"}`;
}

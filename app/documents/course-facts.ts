import type { ConsentEntry } from "#app/clinical/consent.server";
import type { DoseOrderEntry } from "#app/clinical/dose-orders.server";
import { contraindicationLabel } from "#app/clinical/screening-forms";
import type { ScreeningView } from "#app/clinical/screening.server";
import type { CourseView, LabelledValue } from "./types";

function clearanceLine(screening: ScreeningView | null): string {
  if (!screening) {
    return "No screening recorded";
  }
  const signed = `${screening.signedBy ?? "someone no longer listed"} on ${screening.signedAt ?? "an unknown date"}`;
  switch (screening.state) {
    case "missing":
      return "No screening recorded";
    case "draft":
      return "DRAFT — the screening is not signed";
    case "cleared":
      return `Cleared for dosing by ${signed}`;
    case "not_cleared":
      return `NOT cleared for dosing, signed by ${signed}`;
  }
}

function baselineLine(screening: ScreeningView): string | null {
  const { content } = screening;
  const parts: string[] = [];
  if (content.baselineSystolic !== null && content.baselineDiastolic !== null) {
    parts.push(`BP ${content.baselineSystolic}/${content.baselineDiastolic}`);
  }
  if (content.baselineHeartRate !== null) {
    parts.push(`HR ${content.baselineHeartRate}`);
  }
  if (content.baselineWeightKg !== null) {
    parts.push(`weight ${content.baselineWeightKg} kg`);
  }
  return parts.length > 0 ? parts.join(", ") : null;
}

function consentLine(consent: ConsentEntry | null): string {
  if (!consent) {
    return "No consent recorded";
  }
  if (consent.withdrawn) {
    return `WITHDRAWN — recorded ${consent.recordedAt} by ${consent.recordedBy}`;
  }
  return `Consent text version ${consent.formVersion}, signed "${consent.patientSignature}" on ${consent.signedOn}${consent.witnessName ? `, witnessed by ${consent.witnessName}` : ""}`;
}

/** The screening and the current consent in words: what a physician reading the summary needs to know. */
export function clearanceFacts(screening: ScreeningView | null, consent: ConsentEntry | null): LabelledValue[] {
  const facts: LabelledValue[] = [["Medical clearance", clearanceLine(screening)]];
  if (screening && screening.state !== "missing") {
    const baseline = baselineLine(screening);
    if (baseline) {
      facts.push(["Baseline", baseline]);
    }
    const present = Object.entries(screening.content.contraindications)
      .filter(([, answer]) => answer?.present === true)
      .map(([key, answer]) => `${contraindicationLabel(key)}${answer?.note ? ` (${answer.note})` : ""}`);
    facts.push(["Contraindications", present.length > 0 ? present.join("; ") : "None marked present"]);
    if (screening.content.notes.trim() !== "") {
      facts.push(["Screening notes", screening.content.notes]);
    }
    if (screening.medications.length > 0) {
      facts.push([
        "Current medications",
        screening.medications
          .map(
            (medication) =>
              `${[medication.name, medication.dose].filter(Boolean).join(" ")}${medication.interactionClass ? ` — interacts: ${medication.interactionClass}` : ""}`,
          )
          .join("\n"),
      ]);
    }
  }
  facts.push(["Consent", consentLine(consent)]);
  if (consent && !consent.withdrawn) {
    const escort = [consent.escortName, consent.escortPhone].filter(Boolean).join(", ");
    facts.push([
      "Transport plan",
      [consent.transportPlan, escort ? `Escort: ${escort}` : ""].filter(Boolean).join("\n") || "Not recorded",
    ]);
  }
  return facts;
}

/** Each dose order, oldest first, with who ordered it and whether it still stands. */
export function orderLines(orders: readonly DoseOrderEntry[]): CourseView["orders"] {
  return [...orders].reverse().map((order) => ({
    order: `${order.drug} ${order.dose} ${order.route} (${order.mgPerKg} at ${order.weight})${order.outOfRangeReason ? `\nOutside the clinic's range: ${order.outOfRangeReason}` : ""}`,
    scope: order.scope,
    orderedBy: `${order.orderedBy}\n${order.orderedAt}`,
    status: order.discontinued
      ? `Discontinued ${order.discontinued.at} by ${order.discontinued.by}: ${order.discontinued.reason}`
      : "Active",
  }));
}

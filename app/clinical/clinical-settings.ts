import type { ClinicSettings, DoseRange, VitalThresholds } from "#db/schema/clinic";
import type { Drug, RouteOfAdministration } from "#db/schema/clinical-safety";

// Pages run in the browser, which must not load the drizzle schema; the checks below stop these
// lists drifting from the database enums.
export const ADMINISTRATION_ROUTES = [
  "IM",
  "IV",
  "SL",
  "IN",
  "oral",
] as const satisfies readonly RouteOfAdministration[];
type UnlistedRoute = Exclude<RouteOfAdministration, (typeof ADMINISTRATION_ROUTES)[number]>;
const _everyRouteListed: [UnlistedRoute] extends [never] ? true : UnlistedRoute = true;

export const DRUG_VALUES = ["ketamine", "esketamine"] as const satisfies readonly Drug[];
type UnlistedDrug = Exclude<Drug, (typeof DRUG_VALUES)[number]>;
const _everyDrugListed: [UnlistedDrug] extends [never] ? true : UnlistedDrug = true;

export const ROUTE_LABELS: Record<RouteOfAdministration, string> = {
  IM: "Intramuscular (IM)",
  IV: "Intravenous (IV)",
  SL: "Sublingual (SL)",
  IN: "Intranasal (IN)",
  oral: "Oral",
};

export const DRUG_LABELS: Record<Drug, string> = { ketamine: "Ketamine", esketamine: "Esketamine" };

/**
 * A route's usual range. A weight-based route is checked in mg/kg (and never above maxMg); a fixed-dose
 * route such as intranasal esketamine (56 or 84 mg) is checked in mg only, between minMg and maxMg.
 */
export type DoseLimits = DoseRange & { minMg: number; weightBased: boolean };

export type InteractingClass = { className: string; names: string[] };

export type ClinicalSettings = {
  vitalThresholds: VitalThresholds;
  doseRanges: Record<RouteOfAdministration, DoseLimits>;
  interactingMedications: InteractingClass[];
  signOffGatesNextDose: boolean;
};

export const DEFAULT_VITAL_THRESHOLDS: VitalThresholds = {
  systolicMax: 160,
  diastolicMax: 100,
  systolicMin: 90,
  heartRateMax: 120,
  heartRateMin: 50,
  spo2Min: 92,
  respiratoryRateMin: 8,
  respiratoryRateMax: 24,
};

/** Starting values only: the medical director must review them before the clinic relies on them. */
export const DEFAULT_DOSE_RANGES: Record<RouteOfAdministration, DoseLimits> = {
  IM: { minMgPerKg: 0.25, maxMgPerKg: 1.0, minMg: 0, maxMg: 100, weightBased: true },
  IV: { minMgPerKg: 0.5, maxMgPerKg: 1.0, minMg: 0, maxMg: 100, weightBased: true },
  SL: { minMgPerKg: 1.0, maxMgPerKg: 4.0, minMg: 0, maxMg: 400, weightBased: true },
  IN: { minMgPerKg: 0, maxMgPerKg: 0, minMg: 56, maxMg: 84, weightBased: false },
  oral: { minMgPerKg: 1.0, maxMgPerKg: 3.0, minMg: 0, maxMg: 300, weightBased: true },
};

export const DEFAULT_INTERACTING_MEDICATIONS: InteractingClass[] = [
  {
    className: "Benzodiazepines",
    names: [
      "alprazolam",
      "lorazepam",
      "clonazepam",
      "diazepam",
      "temazepam",
      "chlordiazepoxide",
      "oxazepam",
      "midazolam",
      "Xanax",
      "Ativan",
      "Klonopin",
      "Valium",
      "Restoril",
    ],
  },
  {
    className: "MAOIs",
    names: [
      "phenelzine",
      "tranylcypromine",
      "isocarboxazid",
      "selegiline",
      "rasagiline",
      "moclobemide",
      "Nardil",
      "Parnate",
      "Marplan",
      "Emsam",
    ],
  },
  {
    className: "Stimulants",
    names: [
      "amphetamine",
      "dextroamphetamine",
      "lisdexamfetamine",
      "methamphetamine",
      "methylphenidate",
      "dexmethylphenidate",
      "modafinil",
      "armodafinil",
      "Adderall",
      "Vyvanse",
      "Ritalin",
      "Concerta",
      "Focalin",
      "Provigil",
    ],
  },
  { className: "Lamotrigine", names: ["lamotrigine", "Lamictal"] },
  {
    className: "Opioids",
    names: [
      "oxycodone",
      "hydrocodone",
      "morphine",
      "fentanyl",
      "tramadol",
      "methadone",
      "buprenorphine",
      "codeine",
      "hydromorphone",
      "tapentadol",
      "Percocet",
      "Vicodin",
      "Suboxone",
    ],
  },
  { className: "Sedative hypnotics", names: ["zolpidem", "eszopiclone", "zaleplon", "Ambien", "Lunesta", "Sonata"] },
];

export const DEFAULT_SIGN_OFF_GATES_NEXT_DOSE = true;

function finite(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

function mergeThresholds(stored: Partial<VitalThresholds> | undefined): VitalThresholds {
  const merged = { ...DEFAULT_VITAL_THRESHOLDS };
  for (const key of Object.keys(merged) as (keyof VitalThresholds)[]) {
    const value: unknown = stored?.[key];
    if (finite(value)) {
      merged[key] = value;
    }
  }
  return merged;
}

function mergeDoseLimits(stored: unknown, fallback: DoseLimits): DoseLimits {
  if (!stored || typeof stored !== "object") {
    return { ...fallback };
  }
  const given = stored as Partial<Record<keyof DoseLimits, unknown>>;
  const number = (key: "minMgPerKg" | "maxMgPerKg" | "minMg" | "maxMg"): number => {
    const value = given[key];
    return finite(value) ? value : fallback[key];
  };
  return {
    minMgPerKg: number("minMgPerKg"),
    maxMgPerKg: number("maxMgPerKg"),
    minMg: number("minMg"),
    maxMg: number("maxMg"),
    weightBased: typeof given.weightBased === "boolean" ? given.weightBased : fallback.weightBased,
  };
}

function mergeInteracting(stored: unknown): InteractingClass[] {
  // An empty list is the clinic's choice; only a missing (or unreadable) one falls back to the defaults.
  if (!Array.isArray(stored)) {
    return DEFAULT_INTERACTING_MEDICATIONS.map((entry) => ({ className: entry.className, names: [...entry.names] }));
  }
  return stored.flatMap((entry: unknown) => {
    if (!entry || typeof entry !== "object") {
      return [];
    }
    const { className, names } = entry as { className?: unknown; names?: unknown };
    if (typeof className !== "string" || className.trim() === "") {
      return [];
    }
    const listed = Array.isArray(names)
      ? names.filter((name): name is string => typeof name === "string" && name.trim() !== "")
      : [];
    return [{ className, names: listed }];
  });
}

/** The clinic's clinical settings, every value filled: what the clinic saved, else the default. */
export function clinicalSettings(settings: ClinicSettings): ClinicalSettings {
  const storedRanges: Partial<Record<string, unknown>> = settings.doseRanges ?? {};
  const doseRanges = {} as Record<RouteOfAdministration, DoseLimits>;
  for (const route of ADMINISTRATION_ROUTES) {
    doseRanges[route] = mergeDoseLimits(storedRanges[route], DEFAULT_DOSE_RANGES[route]);
  }
  return {
    vitalThresholds: mergeThresholds(settings.vitalThresholds),
    doseRanges,
    interactingMedications: mergeInteracting(settings.interactingMedications),
    signOffGatesNextDose:
      typeof settings.signOffGatesNextDose === "boolean"
        ? settings.signOffGatesNextDose
        : DEFAULT_SIGN_OFF_GATES_NEXT_DOSE,
  };
}

/** Whether someone has saved the dose ranges, i.e. they are no longer the starting values. */
export function doseRangesReviewed(settings: ClinicSettings): boolean {
  return settings.doseRanges !== undefined;
}

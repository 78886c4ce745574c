import { z } from "zod";

/** The contraindication checklist (DESIGN.md), in the order the prescriber goes through it. */
export const CONTRAINDICATIONS = [
  { key: "uncontrolledHypertension", label: "Uncontrolled hypertension" },
  { key: "psychosisOrMania", label: "History of psychosis or mania" },
  { key: "suicidalIdeation", label: "Active suicidal ideation" },
  { key: "pregnancy", label: "Pregnancy" },
  { key: "substanceUse", label: "Uncontrolled substance use" },
  { key: "vascularDisease", label: "Aneurysmal vascular disease or intracerebral haemorrhage" },
  { key: "glaucoma", label: "Glaucoma" },
  { key: "respiratoryOrLiverDisease", label: "Severe respiratory or liver disease" },
  { key: "cystitis", label: "Cystitis" },
  { key: "ketamineAllergy", label: "Ketamine allergy" },
] as const;

export type ContraindicationKey = (typeof CONTRAINDICATIONS)[number]["key"];

export const CONTRAINDICATION_KEYS = CONTRAINDICATIONS.map((item) => item.key);

export function contraindicationLabel(key: string): string {
  return CONTRAINDICATIONS.find((item) => item.key === key)?.label ?? key;
}

// The same physical ranges the session record's vitals are held to.
export const BASELINE_LIMITS = {
  systolic: { min: 40, max: 300 },
  diastolic: { min: 20, max: 200 },
  heartRate: { min: 20, max: 250 },
  weightKg: { min: 20, max: 400 },
} as const;

export const SCREENING_INTENTS = ["save-screening", "sign-screening"] as const;
export type ScreeningIntent = (typeof SCREENING_INTENTS)[number];

export const DECISIONS = ["cleared", "not_cleared"] as const;
export type Decision = (typeof DECISIONS)[number];

const MAX_MEDICATIONS = 40;

function wholeNumber(label: string, limits: { min: number; max: number }) {
  const message = `Enter the ${label} as a whole number between ${limits.min} and ${limits.max}.`;
  return z
    .number({ error: message })
    .int({ error: message })
    .min(limits.min, { error: message })
    .max(limits.max, { error: message })
    .optional();
}

const weightMessage = `Enter the weight in kilograms, between ${BASELINE_LIMITS.weightKg.min} and ${BASELINE_LIMITS.weightKg.max}, e.g. 72.5.`;

const answerSchema = z
  .object({
    answer: z.enum(["present", "absent"], { error: "Choose present or absent." }).optional(),
    note: z.string().trim().max(1000, { error: "Use at most 1000 characters." }).optional(),
  })
  .optional();

const contraindicationsShape = Object.fromEntries(CONTRAINDICATION_KEYS.map((key) => [key, answerSchema])) as Record<
  ContraindicationKey,
  typeof answerSchema
>;

/**
 * The screening form: saved as a draft (nothing required) or signed (the checks in signingProblems,
 * which need the clinic's interaction flags, are made on the server).
 */
export const screeningSchema = z
  .object({
    intent: z.enum(SCREENING_INTENTS, { error: "Choose Save draft or Sign." }),
    version: z.number({ error: "Reload the page and try again." }).int().min(0),
    contraindications: z.object(contraindicationsShape).optional(),
    medications: z
      .array(
        z
          .object({
            name: z.string().trim().max(200, { error: "Use at most 200 characters." }).optional(),
            dose: z.string().trim().max(100, { error: "Use at most 100 characters." }).optional(),
          })
          .optional(),
      )
      .max(MAX_MEDICATIONS, { error: `List at most ${MAX_MEDICATIONS} medications.` })
      .optional(),
    baselineSystolic: wholeNumber("systolic pressure (mmHg)", BASELINE_LIMITS.systolic),
    baselineDiastolic: wholeNumber("diastolic pressure (mmHg)", BASELINE_LIMITS.diastolic),
    baselineHeartRate: wholeNumber("heart rate (beats per minute)", BASELINE_LIMITS.heartRate),
    baselineWeightKg: z
      .number({ error: weightMessage })
      .min(BASELINE_LIMITS.weightKg.min, { error: weightMessage })
      .max(BASELINE_LIMITS.weightKg.max, { error: weightMessage })
      // mg/kg is calculated from this number: refuse precision the record would silently drop.
      .refine((kg) => Math.abs(kg * 10 - Math.round(kg * 10)) < 1e-9, {
        error: "Give the weight to at most one decimal place.",
      })
      .optional(),
    notes: z.string().trim().max(5000, { error: "Use at most 5000 characters." }).optional(),
    decision: z.enum(DECISIONS, { error: "Choose cleared or not cleared." }).optional(),
    acknowledge: z.boolean().optional(),
  })
  .superRefine((value, ctx) => {
    for (const key of CONTRAINDICATION_KEYS) {
      const item = value.contraindications?.[key];
      if (item?.note && !item.answer) {
        ctx.addIssue({
          code: "custom",
          path: ["contraindications", key, "answer"],
          message: "Choose present or absent for the note you wrote.",
        });
      }
    }
    value.medications?.forEach((medication, index) => {
      if (medication?.dose && !medication.name) {
        ctx.addIssue({
          code: "custom",
          path: ["medications", index, "name"],
          message: "Enter the medication's name, or clear its dose.",
        });
      }
    });
    const { baselineSystolic: systolic, baselineDiastolic: diastolic } = value;
    if (systolic !== undefined && diastolic === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["baselineDiastolic"],
        message: "Enter the diastolic pressure too, e.g. 80 for 120/80.",
      });
    }
    if (diastolic !== undefined && systolic === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["baselineSystolic"],
        message: "Enter the systolic pressure too, e.g. 120 for 120/80.",
      });
    }
    if (systolic !== undefined && diastolic !== undefined && diastolic >= systolic) {
      ctx.addIssue({
        code: "custom",
        path: ["baselineDiastolic"],
        message: `The diastolic pressure must be lower than the systolic (${systolic}). Check the order: e.g. 120/80.`,
      });
    }
  });

export type ScreeningSubmission = z.infer<typeof screeningSchema>;

export type ContraindicationAnswers = Partial<Record<ContraindicationKey, { present: boolean; note: string }>>;

/** What a draft holds, whatever the form sent: only answered items, only named medications. */
export type ScreeningContent = {
  contraindications: ContraindicationAnswers;
  medications: { name: string; dose: string }[];
  baselineSystolic: number | null;
  baselineDiastolic: number | null;
  baselineHeartRate: number | null;
  baselineWeightKg: number | null;
  notes: string;
};

export function screeningContent(submission: ScreeningSubmission): ScreeningContent {
  const contraindications: ContraindicationAnswers = {};
  for (const key of CONTRAINDICATION_KEYS) {
    const item = submission.contraindications?.[key];
    if (item?.answer) {
      contraindications[key] = { present: item.answer === "present", note: item.note ?? "" };
    }
  }
  return {
    contraindications,
    medications: (submission.medications ?? []).flatMap((medication) =>
      medication?.name ? [{ name: medication.name, dose: medication.dose ?? "" }] : [],
    ),
    baselineSystolic: submission.baselineSystolic ?? null,
    baselineDiastolic: submission.baselineDiastolic ?? null,
    baselineHeartRate: submission.baselineHeartRate ?? null,
    baselineWeightKg: submission.baselineWeightKg ?? null,
    notes: submission.notes ?? "",
  };
}

export function presentContraindications(content: Pick<ScreeningContent, "contraindications">): string[] {
  return CONTRAINDICATIONS.filter((item) => content.contraindications[item.key]?.present === true).map(
    (item) => item.label,
  );
}

/**
 * What stops the prescriber signing this screening with this decision, as field errors. Clearing
 * despite a present contraindication or an interacting medication needs the explicit acknowledgement.
 */
export function signingProblems(
  content: ScreeningContent,
  decision: Decision | undefined,
  acknowledged: boolean,
  interactionWarnings: readonly string[],
): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  const add = (field: string, message: string): void => {
    problems[field] = [...(problems[field] ?? []), message];
  };
  for (const key of CONTRAINDICATION_KEYS) {
    if (!content.contraindications[key]) {
      add(`contraindications.${key}.answer`, "Answer present or absent before signing.");
    }
  }
  if (!decision) {
    add("decision", "Choose cleared or not cleared.");
    return problems;
  }
  switch (decision) {
    case "not_cleared":
      if (content.notes.trim() === "") {
        add("notes", "Write in the notes why the patient is not cleared.");
      }
      break;
    case "cleared": {
      if (content.baselineSystolic === null || content.baselineDiastolic === null) {
        add("baselineSystolic", "Record the baseline blood pressure before clearing the patient.");
      }
      if (content.baselineHeartRate === null) {
        add("baselineHeartRate", "Record the baseline heart rate before clearing the patient.");
      }
      if (content.baselineWeightKg === null) {
        add(
          "baselineWeightKg",
          "Record the baseline weight before clearing the patient: doses are calculated from it.",
        );
      }
      const present = presentContraindications(content);
      if ((present.length > 0 || interactionWarnings.length > 0) && !acknowledged) {
        const reasons = [
          ...(present.length > 0 ? [`contraindications present: ${present.join(", ")}`] : []),
          ...(interactionWarnings.length > 0 ? ["interacting medications listed"] : []),
        ];
        add("acknowledge", `To clear the patient despite ${reasons.join(" and ")}, tick the acknowledgement.`);
      }
      break;
    }
  }
  return problems;
}

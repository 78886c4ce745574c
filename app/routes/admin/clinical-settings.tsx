import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { data, redirect, useLocation } from "react-router";
import { getDb } from "#db/client";
import { requirePermission } from "#app/auth/guard.server";
import { formIntent, formString, refusal, type IntentReply } from "#app/clinic/form-reply";
import { formatLocalDateTime } from "#app/clinic/local-time";
import {
  addConsentFormSchema,
  CLINICAL_SETTINGS_INTENTS,
  doseRangesSchema,
  gatingSchema,
  interactionsSchema,
  retireConsentFormSchema,
  thresholdsSchema,
  type ClinicalSettingsIntent,
} from "#app/clinical/clinical-settings-forms";
import {
  ConsentFormsSection,
  DoseRangesForm,
  GatingForm,
  InteractionsForm,
  ThresholdsForm,
} from "#app/clinical/clinical-settings-sections";
import {
  addConsentForm,
  listConsentForms,
  loadClinicalSettings,
  retireConsentForm,
  saveClinicalSettings,
} from "#app/clinical/clinical-settings.server";
import { breakGlassWindowSchema } from "#app/break-glass/forms";
import { BreakGlassWindowForm } from "#app/break-glass/window-form";
import type { Route } from "./+types/clinical-settings";

export const meta: Route.MetaFunction = () => [{ title: "Clinical settings · KAP Care Team" }];

const NOTICES: Record<ClinicalSettingsIntent, string> = {
  thresholds: "Vital-sign alerts saved.",
  "dose-ranges": "Dose ranges saved.",
  interactions: "Medication list saved.",
  gating: "Sign-off setting saved.",
  "add-consent-form": "Consent form version added.",
  "retire-consent-form": "Consent form version retired.",
  "break-glass": "Emergency access length saved.",
};

function done(intent: ClinicalSettingsIntent): Response {
  return redirect(`/admin/clinical-settings?saved=${intent}`);
}

function invalid(reply: IntentReply, status: 400 | 409 = 400) {
  return data(reply, { status });
}

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "manage:clinical-settings");
  const db = getDb();
  const [{ settings, doseRangesReviewed, breakGlassMinutes }, forms] = await Promise.all([
    loadClinicalSettings(db, viewer.clinicId),
    listConsentForms(db, viewer.clinicId),
  ]);
  const saved = new URL(args.request.url).searchParams.get("saved");
  return {
    settings,
    doseRangesReviewed,
    breakGlassMinutes,
    forms: forms.map((form) => ({ ...form, createdAt: formatLocalDateTime(form.createdAt, viewer.timeZone) })),
    notice: saved && Object.hasOwn(NOTICES, saved) ? NOTICES[saved as ClinicalSettingsIntent] : null,
  };
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "manage:clinical-settings");
  const db = getDb();
  const formData = await args.request.formData();
  const intent = formIntent(formData, CLINICAL_SETTINGS_INTENTS);
  switch (intent) {
    case "thresholds": {
      const submission = parseWithZod(formData, { schema: thresholdsSchema });
      if (submission.status !== "success") {
        return invalid({ intent, subject: null, result: submission.reply() });
      }
      await saveClinicalSettings(db, viewer, { section: "vitalThresholds", value: submission.value });
      return done(intent);
    }
    case "dose-ranges": {
      const submission = parseWithZod(formData, { schema: doseRangesSchema });
      if (submission.status !== "success") {
        return invalid({ intent, subject: null, result: submission.reply() });
      }
      await saveClinicalSettings(db, viewer, { section: "doseRanges", value: submission.value });
      return done(intent);
    }
    case "interactions": {
      const submission = parseWithZod(formData, { schema: interactionsSchema });
      if (submission.status !== "success") {
        return invalid({ intent, subject: null, result: submission.reply() });
      }
      await saveClinicalSettings(db, viewer, { section: "interactingMedications", value: submission.value });
      return done(intent);
    }
    case "gating": {
      const submission = parseWithZod(formData, { schema: gatingSchema });
      if (submission.status !== "success") {
        return invalid({ intent, subject: null, result: submission.reply() });
      }
      await saveClinicalSettings(db, viewer, {
        section: "signOffGatesNextDose",
        value: submission.value.signOffGatesNextDose === true,
      });
      return done(intent);
    }
    case "add-consent-form": {
      const submission = parseWithZod(formData, { schema: addConsentFormSchema });
      if (submission.status !== "success") {
        return invalid({ intent, subject: null, result: submission.reply() });
      }
      const result = await addConsentForm(db, viewer, submission.value);
      return result.ok
        ? done(intent)
        : invalid({ intent, subject: null, result: submission.reply(refusal(result)) }, result.status);
    }
    case "retire-consent-form": {
      const subject = formString(formData, "consentFormId");
      const submission = parseWithZod(formData, { schema: retireConsentFormSchema });
      if (submission.status !== "success") {
        return invalid({ intent, subject, result: submission.reply() });
      }
      const result = await retireConsentForm(db, viewer, submission.value.consentFormId);
      return result.ok
        ? done(intent)
        : invalid({ intent, subject, result: submission.reply(refusal(result)) }, result.status);
    }
    case "break-glass": {
      const submission = parseWithZod(formData, { schema: breakGlassWindowSchema });
      if (submission.status !== "success") {
        return invalid({ intent, subject: null, result: submission.reply() });
      }
      await saveClinicalSettings(db, viewer, { section: "breakGlassMinutes", value: submission.value.minutes });
      return done(intent);
    }
    case null:
      throw data("This form sent an action the page does not know.", { status: 400 });
  }
}

export default function ClinicalSettingsPage({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  const { settings, doseRangesReviewed, breakGlassMinutes, forms, notice } = loaderData;
  // A new location after each saved form starts every form afresh from what was stored.
  const location = useLocation();
  return (
    <div key={location.key}>
      <h1>Clinical settings</h1>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <ThresholdsForm thresholds={settings.vitalThresholds} actionData={actionData} />
      <DoseRangesForm ranges={settings.doseRanges} reviewed={doseRangesReviewed} actionData={actionData} />
      <InteractionsForm classes={settings.interactingMedications} actionData={actionData} />
      <GatingForm gates={settings.signOffGatesNextDose} actionData={actionData} />
      <ConsentFormsSection forms={forms} actionData={actionData} />
      <BreakGlassWindowForm minutes={breakGlassMinutes} actionData={actionData} />
    </div>
  );
}

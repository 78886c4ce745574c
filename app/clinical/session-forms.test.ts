import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import {
  administrationSchema,
  adverseEventSchema,
  checkSchema,
  dischargeSchema,
  enteredInErrorSchema,
  observationSchema,
  startSchema,
  vitalsSchema,
} from "./session-forms";

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(values)) {
    data.append(name, value);
  }
  return data;
}

function parse<S extends Parameters<typeof parseWithZod>[1]["schema"]>(schema: S, values: Record<string, string>) {
  const submission = parseWithZod(form(values), { schema });
  return submission.status === "success"
    ? { ok: true as const, value: submission.value }
    : { ok: false as const, errors: submission.error ?? {} };
}

describe("the session forms", () => {
  it("start: the time is optional", () => {
    expect(parse(startSchema, { intent: "start" })).toEqual({ ok: true, value: { intent: "start" } });
    expect(parse(startSchema, { intent: "start", time: "09:05:00", date: "2030-03-04" })).toEqual({
      ok: true,
      value: { intent: "start", time: "09:05", date: "2030-03-04" },
    });
    expect(parse(startSchema, { intent: "start", time: "25:00" })).toMatchObject({
      ok: false,
      errors: { time: ["Enter the time as hours and minutes, e.g. 10:30."] },
    });
    expect(parse(startSchema, { intent: "start", time: "09:00", date: "2030-02-30" })).toMatchObject({
      ok: false,
      errors: { date: ["Reload the page: the date it sent is not a date."] },
    });
  });

  it("administration: a dose in mg to two decimals, a lot and who gave it", () => {
    const giver = "00000000-0000-4000-8000-000000000001";
    expect(
      parse(administrationSchema, {
        intent: "administration",
        time: "09:10",
        doseMg: "37.5",
        lotNumber: " KET-1 ",
        givenBy: giver,
      }),
    ).toEqual({
      ok: true,
      value: { intent: "administration", time: "09:10", doseMg: 37.5, lotNumber: "KET-1", givenBy: giver },
    });
    expect(
      parse(administrationSchema, {
        intent: "administration",
        time: "09:10",
        doseMg: "0",
        lotNumber: "L",
        givenBy: giver,
      }),
    ).toMatchObject({ ok: false, errors: { doseMg: ["The dose must be more than 0 mg."] } });
    expect(
      parse(administrationSchema, {
        intent: "administration",
        time: "09:10",
        doseMg: "1000",
        lotNumber: "L",
        givenBy: giver,
      }),
    ).toMatchObject({ ok: false, errors: { doseMg: ["The dose must be less than 1000 mg."] } });
    expect(
      parse(administrationSchema, {
        intent: "administration",
        time: "09:10",
        doseMg: "37.555",
        lotNumber: "L",
        givenBy: giver,
      }),
    ).toMatchObject({ ok: false, errors: { doseMg: ["Give the dose to at most two decimals, e.g. 37.5."] } });
    expect(
      parse(administrationSchema, {
        intent: "administration",
        time: "09:10",
        doseMg: "50",
        lotNumber: "",
        givenBy: "me",
      }),
    ).toMatchObject({
      ok: false,
      errors: { lotNumber: ["Enter the lot number on the vial or package."], givenBy: ["Choose who gave the dose."] },
    });
  });

  it("vitals: blanks are null, the physical ranges apply, and an empty entry is refused", () => {
    expect(parse(vitalsSchema, { intent: "vitals", time: "09:10", heartRate: "80" })).toEqual({
      ok: true,
      value: {
        intent: "vitals",
        time: "09:10",
        systolic: null,
        diastolic: null,
        heartRate: 80,
        spo2: null,
        respiratoryRate: null,
      },
    });
    expect(parse(vitalsSchema, { intent: "vitals", time: "09:10", systolic: "400", diastolic: "80" })).toMatchObject({
      ok: false,
      errors: { systolic: ["Systolic pressure must be between 40 and 300 mmHg."] },
    });
    expect(parse(vitalsSchema, { intent: "vitals", time: "09:10", spo2: "abc" })).toMatchObject({
      ok: false,
      errors: { spo2: ["Enter SpO₂ as a number from 50 to 100."] },
    });
    expect(parse(vitalsSchema, { intent: "vitals", time: "09:10" })).toMatchObject({
      ok: false,
      errors: { "": ["Enter at least one vital sign."] },
    });
  });

  it("check: MOAA/S and the six CADSS-6 items, totalled", () => {
    expect(
      parse(checkSchema, {
        intent: "check",
        time: "09:10",
        moaas: "3",
        cadss1: "4",
        cadss2: "4",
        cadss3: "0",
        cadss4: "0",
        cadss5: "1",
        cadss6: "1",
      }),
    ).toEqual({
      ok: true,
      value: { time: "09:10", date: undefined, moaas: 3, cadssItems: [4, 4, 0, 0, 1, 1], cadssTotal: 10 },
    });
    expect(parse(checkSchema, { intent: "check", time: "09:10", cadss3: "5" })).toMatchObject({
      ok: false,
      errors: { cadss3: ["Score item 3 from 0 to 4."] },
    });
    expect(parse(checkSchema, { intent: "check", time: "09:10" })).toMatchObject({
      ok: false,
      errors: { "": ["Enter a MOAA/S score, the CADSS-6 items, or both."] },
    });
  });

  it("observation, adverse event, entered in error and discharge", () => {
    expect(parse(observationSchema, { intent: "observation", time: "09:10", text: "  " })).toMatchObject({
      ok: false,
      errors: { text: ["Write what you observed."] },
    });
    expect(
      parse(adverseEventSchema, {
        intent: "adverse-event",
        time: "09:10",
        kind: "headache",
        severity: "mild",
        actionTaken: "Water.",
      }),
    ).toEqual({
      ok: true,
      value: {
        intent: "adverse-event",
        time: "09:10",
        kind: "headache",
        otherKind: "",
        severity: "mild",
        actionTaken: "Water.",
        resolved: false,
      },
    });
    expect(
      parse(adverseEventSchema, {
        intent: "adverse-event",
        time: "09:10",
        kind: "headache",
        severity: "fatal",
        actionTaken: "x",
      }),
    ).toMatchObject({ ok: false, errors: { severity: ["Choose how severe it was."] } });
    expect(
      parse(enteredInErrorSchema, { intent: "entered-in-error", entryType: "notes", entryId: "x", reason: "" }),
    ).toMatchObject({
      ok: false,
      errors: {
        entryType: ["Reload the page and try again."],
        entryId: ["Reload the page and try again."],
        reason: ["Say why this entry is wrong, e.g. Recorded for the wrong patient."],
      },
    });
    expect(parse(dischargeSchema, { intent: "discharge", time: "11:00", oriented: "on", escortName: "Robin" })).toEqual(
      {
        ok: true,
        value: { intent: "discharge", time: "11:00", oriented: true, escortName: "Robin", note: "" },
      },
    );
  });
});

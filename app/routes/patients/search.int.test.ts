import { beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "#test/db";
import { cookieFor, createClinicWithTeam, createPatient, createStaff, respond, routeArgs } from "#test/fixtures";
import { auditEntries } from "#app/patients/route-testing";
import type { PatientSearchResult } from "#app/patients/search.server";
import { loader } from "./search";

const test = setupTestDatabase();

type SearchBody = {
  q: string;
  teamOnly: boolean;
  canCreate: boolean;
  message: string | null;
  result: PatientSearchResult | null;
};

// Invented people only.
let home: Awaited<ReturnType<typeof createClinicWithTeam>>;
let other: Awaited<ReturnType<typeof createClinicWithTeam>>;
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};
const mrns: Record<string, string> = {};

beforeAll(async () => {
  const db = test.db;
  home = await createClinicWithTeam(db);
  other = await createClinicWithTeam(db);
  const team = [
    { userId: home.users.prescriber.id, role: "prescriber" as const },
    { userId: home.users.therapist.id, role: "therapist" as const },
  ];
  const otherTeam = [
    { userId: home.users.prescriber.id, role: "prescriber" as const },
    { userId: (await createStaff(db, home.clinic.id, ["therapist"])).id, role: "therapist" as const },
  ];
  const people = {
    zoe: await createPatient(db, home.clinic.id, team, {
      firstName: "Zoë",
      lastName: "Nguyễn",
      preferredName: "Zo",
      dateOfBirth: "1975-01-02",
      phone: "(415) 555-0101",
      phoneDigits: "4155550101",
    }),
    lukasz: await createPatient(db, home.clinic.id, otherTeam, {
      firstName: "Łukasz",
      lastName: "Żółć",
      dateOfBirth: "1990-12-31",
      phone: "+1 628 555 0142",
      phoneDigits: "16285550142",
    }),
    ann: await createPatient(db, home.clinic.id, otherTeam, {
      firstName: "Ann",
      lastName: "Nguyen",
      dateOfBirth: "1975-01-02",
      phone: "510-555-0177",
      phoneDigits: "5105550177",
    }),
    percent: await createPatient(db, home.clinic.id, otherTeam, {
      firstName: "Per",
      lastName: "Centage",
      dateOfBirth: "1960-06-06",
    }),
    // The other clinic has a namesake with the same birthday and phone: it must never show.
    stranger: await createPatient(db, other.clinic.id, [{ userId: other.users.therapist.id, role: "therapist" }], {
      firstName: "Zoë",
      lastName: "Nguyễn",
      dateOfBirth: "1975-01-02",
      phone: "(415) 555-0101",
      phoneDigits: "4155550101",
    }),
  };
  for (const [key, row] of Object.entries(people)) {
    ids[key] = row.id;
    mrns[key] = row.mrn;
  }
  for (let n = 0; n < 30; n += 1) {
    await createPatient(db, home.clinic.id, otherTeam, {
      firstName: `Member${String(n).padStart(2, "0")}`,
      lastName: "Paginata",
      dateOfBirth: "1985-03-03",
    });
  }
  cookies.frontdesk = await cookieFor(db, home.users.frontdesk.id);
  cookies.therapist = await cookieFor(db, home.users.therapist.id);
  cookies.admin = await cookieFor(db, home.users.admin.id);
  cookies.otherFrontdesk = await cookieFor(db, other.users.frontdesk.id);
});

async function search(who: string, q: string, page?: number): Promise<{ status: number; body: SearchBody }> {
  const params = new URLSearchParams({ q });
  if (page) {
    params.set("page", String(page));
  }
  const response = await respond(() => loader(routeArgs(`/patients?${params.toString()}`, { cookie: cookies[who] })));
  return { status: response.status, body: response.body as SearchBody };
}

async function foundIds(who: string, q: string): Promise<string[]> {
  const { status, body } = await search(who, q);
  expect(status).toBe(200);
  return body.result?.rows.map((row) => row.id) ?? [];
}

describe("patient search by name", () => {
  it("finds any part of a Unicode name, in any case", async () => {
    expect(await foundIds("frontdesk", "zoë")).toEqual([ids.zoe]);
    // Accents are folded, so Ann Nguyen is found too: a name may have been entered either way.
    expect(await foundIds("frontdesk", "NGUYỄN")).toEqual([ids.ann, ids.zoe]);
    expect(await foundIds("frontdesk", "guyễ")).toEqual([ids.ann, ids.zoe]);
    expect(await foundIds("frontdesk", "żółć")).toEqual([ids.lukasz]);
    expect(await foundIds("frontdesk", "ŁUKASZ")).toEqual([ids.lukasz]);
    expect(await foundIds("frontdesk", "Zoe\u0308")).toEqual([ids.zoe]);
  });

  it("requires every word, in any order, and searches the preferred name", async () => {
    expect(await foundIds("frontdesk", "łuk żół")).toEqual([ids.lukasz]);
    expect(await foundIds("frontdesk", "Nguyễn Zoë")).toEqual([ids.zoe]);
    expect(await foundIds("frontdesk", "nguyen ann")).toEqual([ids.ann]);
    expect(await foundIds("frontdesk", "zoë ann")).toEqual([]);
    // "Żółć" folds to "zolc", so it matches "zo" as well.
    expect(await foundIds("frontdesk", "zo")).toEqual([ids.zoe, ids.lukasz]);
  });

  it("matches names with or without their accents", async () => {
    expect((await foundIds("frontdesk", "nguyen")).sort()).toEqual([ids.ann, ids.zoe].sort());
    expect(await foundIds("frontdesk", "lukasz zolc")).toEqual([ids.lukasz]);
    expect(await foundIds("frontdesk", "zoe nguyen")).toEqual([ids.zoe]);
  });

  it("takes LIKE wildcards literally", async () => {
    expect(await foundIds("frontdesk", "%")).toEqual([]);
    expect(await foundIds("frontdesk", "_")).toEqual([]);
  });
});

describe("patient search by date of birth, MRN and phone", () => {
  it("finds by date of birth in either format, sorted by last then first name", async () => {
    expect(await foundIds("frontdesk", "1975-01-02")).toEqual([ids.ann, ids.zoe]);
    expect(await foundIds("frontdesk", "01/02/1975")).toEqual([ids.ann, ids.zoe]);
  });

  it("finds by exact MRN, in any case", async () => {
    expect(await foundIds("frontdesk", mrns.lukasz!)).toEqual([ids.lukasz]);
    expect(await foundIds("frontdesk", mrns.lukasz!.toLowerCase())).toEqual([ids.lukasz]);
    expect(await foundIds("frontdesk", `${mrns.lukasz!}0`)).toEqual([]);
  });

  it("finds by phone: whole, formatted, its first digits or its last digits", async () => {
    expect(await foundIds("frontdesk", "4155550101")).toEqual([ids.zoe]);
    expect(await foundIds("frontdesk", "(415) 555-0101")).toEqual([ids.zoe]);
    expect(await foundIds("frontdesk", "415-555")).toEqual([ids.zoe]);
    expect(await foundIds("frontdesk", "0142")).toEqual([ids.lukasz]);
    expect(await foundIds("frontdesk", "628 555 0142")).toEqual([ids.lukasz]);
    expect(await foundIds("frontdesk", "9999")).toEqual([]);
  });

  it("answers 400 with a message, not a search, when the query cannot be read", async () => {
    const { status, body } = await search("frontdesk", "02/30/1980");
    expect(status).toBe(400);
    expect(body.result).toBeNull();
    expect(body.message).toMatch(/does not exist/);
  });
});

describe("patient search scope", () => {
  it("lets the front desk see the whole clinic and never another clinic", async () => {
    const { body } = await search("frontdesk", "");
    expect(body.result?.total).toBe(35);
    expect(body.teamOnly).toBe(false);
    expect(body.canCreate).toBe(true);
    const everything = [...(body.result?.rows ?? [])];
    const secondPage = await search("frontdesk", "", 2);
    everything.push(...(secondPage.body.result?.rows ?? []));
    expect(everything.map((row) => row.id)).not.toContain(ids.stranger);
    expect(everything).toHaveLength(35);
  });

  it("shows a clinician only the patients of their care teams", async () => {
    const { status, body } = await search("therapist", "");
    expect(status).toBe(200);
    expect(body.teamOnly).toBe(true);
    expect(body.result?.rows.map((row) => row.id).sort()).toEqual([home.patient.id, ids.zoe].sort());
    expect(await foundIds("therapist", "nguyen")).toEqual([ids.zoe]);
    expect(await foundIds("therapist", "nguyễn")).toEqual([ids.zoe]);
    expect(await foundIds("therapist", mrns.lukasz!)).toEqual([]);
    expect(await foundIds("therapist", "1975-01-02")).toEqual([ids.zoe]);
  });

  it("never shows one clinic's patients to another, whatever the kind of search", async () => {
    for (const q of ["zoë", "1975-01-02", "4155550101", "0101", mrns.zoe!, ""]) {
      const found = await foundIds("otherFrontdesk", q);
      expect(found).not.toContain(ids.zoe);
    }
    expect(await foundIds("otherFrontdesk", "zoë")).toEqual([ids.stranger]);
    expect(await foundIds("otherFrontdesk", mrns.zoe!)).toEqual([]);
  });

  it("refuses the admin, who has no patient access", async () => {
    const { status } = await search("admin", "zoë");
    expect(status).toBe(403);
  });
});

describe("patient search pages", () => {
  it("shows 25 a page, in name order, with the rest on the next page", async () => {
    const first = await search("frontdesk", "paginata");
    expect(first.body.result).toMatchObject({ total: 30, page: 1, pageCount: 2 });
    expect(first.body.result?.rows.map((row) => row.firstName)).toEqual(
      Array.from({ length: 25 }, (_, n) => `Member${String(n).padStart(2, "0")}`),
    );
    const second = await search("frontdesk", "paginata", 2);
    expect(second.body.result?.page).toBe(2);
    expect(second.body.result?.rows.map((row) => row.firstName)).toEqual([
      "Member25",
      "Member26",
      "Member27",
      "Member28",
      "Member29",
    ]);
  });

  it("shows the last page for a page number past the end", async () => {
    const past = await search("frontdesk", "paginata", 99);
    expect(past.body.result?.page).toBe(2);
    expect(past.body.result?.rows).toHaveLength(5);
  });
});

describe("patient search audit", () => {
  it("records how many were found but never what was typed", async () => {
    await search("frontdesk", "Łukasz");
    const entries = await auditEntries(test.db, { action: "search:patient", actorUserId: home.users.frontdesk.id });
    const last = entries[entries.length - 1]!;
    expect(last.outcome).toBe("success");
    expect(last.detail).toEqual({ resultCount: 1, kind: "name", page: 1 });
    expect(last.clinicId).toBe(home.clinic.id);
    const everything = JSON.stringify(entries);
    expect(everything).not.toMatch(/ukasz|Zo|guy|paginata/i);
  });

  it("records each patient the page showed, tied to that patient", async () => {
    const page = await search("frontdesk", "paginata", 2);
    const shown = page.body.result?.rows.map((row) => row.id) ?? [];
    expect(shown.length).toBeGreaterThan(0);
    const listed = await auditEntries(test.db, { action: "list:patient", actorUserId: home.users.frontdesk.id });
    const lastPage = listed.slice(-shown.length);
    expect(lastPage.map((entry) => entry.patientId)).toEqual(shown);
    expect(lastPage.every((entry) => entry.entityId === entry.patientId && entry.outcome === "success")).toBe(true);
    expect(JSON.stringify(lastPage)).not.toMatch(/paginata/iu);
  });

  it("records the refusal of a user without search permission", async () => {
    const before = await auditEntries(test.db, {
      action: "search:patient",
      actorUserId: home.users.admin.id,
      outcome: "denied",
    });
    await search("admin", "zoë");
    const after = await auditEntries(test.db, {
      action: "search:patient",
      actorUserId: home.users.admin.id,
      outcome: "denied",
    });
    expect(after).toHaveLength(before.length + 1);
    expect(after[after.length - 1]).toMatchObject({ entityType: "route", entityId: "/patients", patientId: null });
  });
});

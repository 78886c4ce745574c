import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { note, noteAddendum, noteAuthorization } from "#db/schema";
import { databaseRefusal, setupTestDatabase } from "#test/db";
import { cookieFor, createClinicWithTeam, createStaff, respond, routeArgs } from "#test/fixtures";
import { auditEntries, rowCount } from "#app/patients/route-testing";
import { loader as listLoader } from "#app/routes/notes/patient-notes";
import { action as newAction, loader as newLoader } from "#app/routes/notes/new";
import { action as noteAction, loader as noteLoader } from "#app/routes/notes/note";
import { bookAppointments } from "#app/scheduling/booking.server";

const testDb = setupTestDatabase();

type World = Awaited<ReturnType<typeof createClinicWithTeam>>;
let home: World;
let away: World;
let appointmentId: string;
let seriesId: string;
/** A second therapist on the care team, and a prescriber of the clinic who is not on it. */
let colleague: Awaited<ReturnType<typeof createStaff>>;
let outsider: Awaited<ReturnType<typeof createStaff>>;
const cookies = new Map<string, string>();

beforeAll(async () => {
  home = await createClinicWithTeam(testDb.db);
  away = await createClinicWithTeam(testDb.db);
  colleague = await createStaff(testDb.db, home.clinic.id, ["therapist"], { name: "Casey Colleague" });
  outsider = await createStaff(testDb.db, home.clinic.id, ["prescriber"], { name: "Olive Outsider" });
  await testDb.db.execute(
    sql`insert into care_team_member (clinic_id, patient_id, user_id, role) values (${home.clinic.id}, ${home.patient.id}, ${colleague.id}, 'therapist')`,
  );
  const booked = await bookAppointments(
    testDb.db,
    { id: home.users.frontdesk.id, clinicId: home.clinic.id, ip: "127.0.0.1" },
    {
      clinicId: home.clinic.id,
      timeZone: home.clinic.timeZone,
      patientId: home.patient.id,
      series: {
        templateId: null,
        rules: {},
        prescriberId: home.users.prescriber.id,
        therapistId: home.users.therapist.id,
      },
      slots: [
        {
          kind: "integration",
          doseNumber: 1,
          start: new Date("2030-03-05T17:00:00Z"),
          end: new Date("2030-03-05T18:00:00Z"),
          roomId: null,
          staff: [{ userId: home.users.therapist.id, role: "therapist" }],
        },
      ],
    },
  );
  if (!booked.ok) {
    throw new Error("setup booking failed");
  }
  appointmentId = booked.appointmentIds[0]!;
  seriesId = booked.seriesId!;
});

async function cookie(userId: string): Promise<string> {
  let value = cookies.get(userId);
  if (!value) {
    value = await cookieFor(testDb.db, userId);
    cookies.set(userId, value);
  }
  return value;
}

type Handler = (args: never) => Promise<unknown>;

async function call(
  handler: Handler,
  path: string,
  userId: string,
  params: Record<string, string>,
  form?: Record<string, string>,
) {
  const args = routeArgs(path, { cookie: await cookie(userId), params, form });
  return respond(() => handler(args as never));
}

function errorsOf(body: unknown): string[] {
  const result = (body as { result?: { error?: Record<string, string[] | null> } }).result;
  return Object.values(result?.error ?? {}).flatMap((errors) => errors ?? []);
}

async function write(
  userId: string,
  kind: string,
  form: Record<string, string>,
  patientId = home.patient.id,
  extra = "",
) {
  const path = `/notes/new?patient=${patientId}&kind=${kind}${extra}`;
  return call(newAction, path, userId, {}, form);
}

/** Writes a draft (or signs it) and returns its id. */
async function draft(
  userId: string,
  kind: string,
  form: Record<string, string>,
  patientId = home.patient.id,
): Promise<string> {
  const response = await write(userId, kind, { intent: "save", ...form }, patientId);
  expect(response.status, JSON.stringify(response.body)).toBe(302);
  return /\/notes\/([0-9a-f-]+)/u.exec(response.headers.get("Location") ?? "")![1]!;
}

async function stored(noteId: string) {
  const [row] = await testDb.db.select().from(note).where(eq(note.id, noteId));
  return row!;
}

function openNote(userId: string, noteId: string) {
  return call(noteLoader, `/notes/${noteId}`, userId, { noteId });
}

function change(userId: string, noteId: string, form: Record<string, string>) {
  return call(noteAction, `/notes/${noteId}`, userId, { noteId }, form);
}

async function listedIds(userId: string): Promise<string[]> {
  const response = await call(listLoader, `/patients/${home.patient.id}/notes`, userId, { patientId: home.patient.id });
  expect(response.status).toBe(200);
  return (response.body as { notes: { id: string }[] }).notes.map((entry) => entry.id);
}

describe("writing a note", () => {
  it("creates a draft tied to a session of the patient, keeping only the fields of its kind, audited", async () => {
    const response = await write(
      home.users.therapist.id,
      "integration",
      {
        intent: "save",
        "fields.experience": "Felt held and safe.",
        "fields.integrationThemes": "Grief for her father.",
        "fields.assessment": "not an integration field",
        body: "Free text.",
      },
      home.patient.id,
      `&appointment=${appointmentId}`,
    );
    expect(response.status).toBe(302);
    const noteId = /\/notes\/([0-9a-f-]+)\?saved=created$/u.exec(response.headers.get("Location") ?? "")![1]!;
    const row = await stored(noteId);
    expect(row).toMatchObject({
      kind: "integration",
      authorId: home.users.therapist.id,
      appointmentId,
      seriesId,
      version: 1,
      signedAt: null,
      body: "Free text.",
    });
    expect(row.fields).toEqual({ experience: "Felt held and safe.", integrationThemes: "Grief for her father." });
    const entries = await auditEntries(testDb.db, { action: "write:note", entityId: noteId });
    expect(entries.map((entry) => [entry.outcome, entry.patientId, entry.detail])).toEqual([
      ["success", home.patient.id, { change: "created", kind: "integration", version: 1 }],
    ]);
  });

  it("shows the writer the kinds they may write, and the patient's sessions", async () => {
    const response = await call(newLoader, `/notes/new?patient=${home.patient.id}`, home.users.therapist.id, {});
    expect(response.status).toBe(200);
    const body = response.body as { kind: string | null; kinds: { value: string }[]; choices: { value: string }[] };
    expect(body.kind).toBeNull();
    expect(body.kinds.map((kind) => kind.value)).toEqual([
      "preparation",
      "dosing_session",
      "integration",
      "psychotherapy",
    ]);
    expect(body.choices.map((choice) => choice.value)).toEqual([appointmentId]);
  });

  it("refuses a medical note from a therapist (403), and anything from a nurse, front desk or admin", async () => {
    const before = await rowCount(testDb.db, note);
    expect((await write(home.users.therapist.id, "medical", { intent: "save", body: "x" })).status).toBe(403);
    for (const role of ["nurse", "frontdesk", "admin"] as const) {
      expect((await write(home.users[role].id, "integration", { intent: "save", body: "x" })).status).toBe(403);
    }
    expect(await rowCount(testDb.db, note)).toBe(before);
  });

  it("refuses a session of another patient, an empty note and an overlong one with 400, writing nothing", async () => {
    const before = await rowCount(testDb.db, note);
    const elsewhere = await write(
      home.users.therapist.id,
      "integration",
      { intent: "save", body: "x" },
      home.patient.id,
      `&appointment=${crypto.randomUUID()}`,
    );
    expect(elsewhere.status).toBe(400);
    const empty = await write(home.users.therapist.id, "integration", { intent: "sign", body: "  " });
    expect(empty.status).toBe(400);
    expect(errorsOf(empty.body)).toEqual(["Write the note before signing it."]);
    const long = await write(home.users.therapist.id, "integration", { intent: "save", body: "x".repeat(50_001) });
    expect(long.status).toBe(400);
    expect(errorsOf(long.body)[0]).toMatch(/too long/u);
    expect(await rowCount(testDb.db, note)).toBe(before);
  });

  it("answers 404 for another clinic's patient and 403 off the care team", async () => {
    expect(
      (await write(home.users.therapist.id, "integration", { intent: "save", body: "x" }, away.patient.id)).status,
    ).toBe(404);
    expect((await write(outsider.id, "medical", { intent: "save", body: "x" })).status).toBe(403);
  });
});

describe("editing a draft", () => {
  it("saves the author's changes and moves the version on", async () => {
    const noteId = await draft(home.users.therapist.id, "preparation", { "fields.intentions": "To feel less stuck." });
    const response = await change(home.users.therapist.id, noteId, {
      intent: "save",
      version: "1",
      "fields.intentions": "To feel less stuck.",
      "fields.plan": "Two preparation sessions.",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/notes/${noteId}?saved=saved`);
    const row = await stored(noteId);
    expect(row.version).toBe(2);
    expect(row.fields).toEqual({ intentions: "To feel less stuck.", plan: "Two preparation sessions." });
  });

  it("refuses a save from a version that is no longer current with 409, overwriting nothing", async () => {
    const noteId = await draft(home.users.therapist.id, "preparation", { body: "first" });
    expect(
      (await change(home.users.therapist.id, noteId, { intent: "save", version: "1", body: "second" })).status,
    ).toBe(302);
    const stale = await change(home.users.therapist.id, noteId, {
      intent: "save",
      version: "1",
      body: "from the other tab",
    });
    expect(stale.status).toBe(409);
    expect(errorsOf(stale.body)[0]).toMatch(/^This note was changed since you opened it/u);
    expect(await stored(noteId)).toMatchObject({ body: "second", version: 2 });
  });

  it("lets exactly one of two concurrent saves of the same version win", async () => {
    const noteId = await draft(home.users.therapist.id, "dosing_session", { body: "start" });
    const [first, second] = await Promise.all([
      change(home.users.therapist.id, noteId, { intent: "save", version: "1", body: "tab A" }),
      change(home.users.therapist.id, noteId, { intent: "save", version: "1", body: "tab B" }),
    ]);
    expect([first.status, second.status].sort()).toEqual([302, 409]);
    const winner = first.status === 302 ? "tab A" : "tab B";
    expect(await stored(noteId)).toMatchObject({ body: winner, version: 2 });
    const saves = await auditEntries(testDb.db, { action: "write:note", entityId: noteId });
    expect(saves.filter((entry) => (entry.detail as { change?: string }).change === "saved")).toHaveLength(1);
  });

  it("is the author's alone: another clinician on the team gets 403, audited", async () => {
    const noteId = await draft(home.users.therapist.id, "integration", { body: "mine" });
    const response = await change(home.users.prescriber.id, noteId, { intent: "save", version: "1", body: "theirs" });
    expect(response.status).toBe(403);
    expect(await stored(noteId)).toMatchObject({ body: "mine", version: 1 });
    expect(
      await auditEntries(testDb.db, { entityId: noteId, outcome: "denied", actorUserId: home.users.prescriber.id }),
    ).toHaveLength(1);
    const page = await openNote(home.users.prescriber.id, noteId);
    expect((page.body as { canEdit: boolean }).canEdit).toBe(false);
  });
});

describe("signing", () => {
  it("locks the note: the form is gone, a direct save is 409, and the database refuses updates", async () => {
    const noteId = await draft(home.users.therapist.id, "dosing_session", { "fields.experience": "Calm." });
    const signed = await change(home.users.therapist.id, noteId, {
      intent: "sign",
      version: "1",
      "fields.experience": "Calm, then tearful.",
      body: "Signed text.",
    });
    expect(signed.status).toBe(302);
    expect(signed.headers.get("Location")).toBe(`/notes/${noteId}?saved=signed`);
    const row = await stored(noteId);
    expect(row.signedAt).not.toBeNull();
    expect(row).toMatchObject({ version: 2, body: "Signed text.", fields: { experience: "Calm, then tearful." } });

    const page = await openNote(home.users.therapist.id, noteId);
    expect(page.body).toMatchObject({ canEdit: false, canAddendum: true });

    const again = await change(home.users.therapist.id, noteId, { intent: "save", version: "2", body: "rewritten" });
    expect(again.status).toBe(409);
    expect(errorsOf(again.body)[0]).toMatch(/signed and can no longer be changed/u);
    expect(
      (await change(home.users.therapist.id, noteId, { intent: "sign", version: "2", body: "rewritten" })).status,
    ).toBe(409);

    expect(
      await databaseRefusal(testDb.db.execute(sql`update note set body = 'tampered' where id = ${noteId}`)),
    ).toMatch(/signed and cannot be changed/u);
    expect((await stored(noteId)).body).toBe("Signed text.");
  });

  it("can sign a new note at once", async () => {
    const response = await write(home.users.prescriber.id, "medical", {
      intent: "sign",
      "fields.assessment": "Tolerated 0.5 mg/kg IM well.",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/\?saved=signed$/u);
  });
});

describe("addenda", () => {
  it("may be added by any clinician on the team to a signed note, and are shown with it", async () => {
    const noteId = await draft(home.users.therapist.id, "integration", { body: "Session went well." });
    expect(
      (await change(home.users.therapist.id, noteId, { intent: "sign", version: "1", body: "Session went well." }))
        .status,
    ).toBe(302);
    const response = await change(home.users.prescriber.id, noteId, {
      intent: "addendum",
      reason: "Correction of the time",
      body: "The session ended at 11:40.",
    });
    expect(response.status).toBe(302);
    const [addendum] = await testDb.db.select().from(noteAddendum).where(eq(noteAddendum.noteId, noteId));
    expect(addendum).toMatchObject({
      authorId: home.users.prescriber.id,
      reason: "Correction of the time",
      body: "The session ended at 11:40.",
    });
    const page = await openNote(home.users.nurse.id, noteId);
    expect(page.status).toBe(200);
    expect((page.body as { addenda: { author: string; reason: string; body: string }[] }).addenda).toEqual([
      expect.objectContaining({
        author: home.users.prescriber.name,
        reason: "Correction of the time",
        body: "The session ended at 11:40.",
      }),
    ]);
    expect(
      await auditEntries(testDb.db, { action: "write:note", entityId: noteId, actorUserId: home.users.prescriber.id }),
    ).toHaveLength(1);
  });

  it("are refused on a draft (409), without a reason (400), and to a nurse (403)", async () => {
    const noteId = await draft(home.users.therapist.id, "integration", { body: "draft" });
    const before = await rowCount(testDb.db, noteAddendum);
    expect(
      (await change(home.users.prescriber.id, noteId, { intent: "addendum", reason: "r", body: "b" })).status,
    ).toBe(409);
    await change(home.users.therapist.id, noteId, { intent: "sign", version: "1", body: "draft" });
    const missing = await change(home.users.prescriber.id, noteId, { intent: "addendum", reason: " ", body: "b" });
    expect(missing.status).toBe(400);
    expect((await change(home.users.nurse.id, noteId, { intent: "addendum", reason: "r", body: "b" })).status).toBe(
      403,
    );
    expect(await rowCount(testDb.db, noteAddendum)).toBe(before);
  });
});

describe("psychotherapy notes", () => {
  let noteId: string;

  beforeAll(async () => {
    noteId = await draft(home.users.therapist.id, "psychotherapy", { body: "Process notes: transference themes." });
  });

  it("are listed to and opened by their author", async () => {
    expect(await listedIds(home.users.therapist.id)).toContain(noteId);
    const page = await openNote(home.users.therapist.id, noteId);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ canEdit: true, canAuthorize: true, readByAuthorization: false });
  });

  it("do not exist for anyone else on the care team: not listed, 404 when opened, audited", async () => {
    for (const user of [home.users.prescriber, home.users.nurse, colleague]) {
      expect(await listedIds(user.id)).not.toContain(noteId);
      const page = await openNote(user.id, noteId);
      expect(page.status, user.name).toBe(404);
      const entries = await auditEntries(testDb.db, { actorUserId: user.id, entityId: noteId, outcome: "not_found" });
      expect(entries.length).toBeGreaterThan(0);
      expect(entries.at(-1)).toMatchObject({ action: "read:clinical", entityType: "note", patientId: home.patient.id });
    }
  });

  it("refuse writes from anyone else with the same 404", async () => {
    expect((await change(home.users.prescriber.id, noteId, { intent: "save", version: "1", body: "x" })).status).toBe(
      404,
    );
    expect(
      (await change(colleague.id, noteId, { intent: "authorize", grantedTo: colleague.id, reason: "me" })).status,
    ).toBe(404);
    expect((await stored(noteId)).body).toBe("Process notes: transference themes.");
  });

  it("are closed to front desk and admin by the route itself (403, as for any note), audited", async () => {
    for (const role of ["frontdesk", "admin"] as const) {
      expect((await openNote(home.users[role].id, noteId)).status).toBe(403);
      expect((await openNote(home.users[role].id, crypto.randomUUID())).status).toBe(403);
      expect(
        await auditEntries(testDb.db, { actorUserId: home.users[role].id, action: "read:clinical", outcome: "denied" }),
      ).not.toHaveLength(0);
    }
  });

  it("become readable by a colleague the author authorizes, with the reading audited, and not after revocation", async () => {
    const granted = await change(home.users.therapist.id, noteId, {
      intent: "authorize",
      grantedTo: home.users.prescriber.id,
      reason: "Consultation on safety planning",
    });
    expect(granted.status).toBe(302);
    const [authorization] = await testDb.db
      .select()
      .from(noteAuthorization)
      .where(and(eq(noteAuthorization.noteId, noteId), eq(noteAuthorization.grantedTo, home.users.prescriber.id)));
    expect(authorization).toMatchObject({
      grantedBy: home.users.therapist.id,
      reason: "Consultation on safety planning",
      revokedAt: null,
    });

    expect(await listedIds(home.users.prescriber.id)).toContain(noteId);
    const page = await openNote(home.users.prescriber.id, noteId);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      readByAuthorization: true,
      canEdit: false,
      canAuthorize: false,
      note: { body: "Process notes: transference themes." },
    });
    const reads = await auditEntries(testDb.db, {
      actorUserId: home.users.prescriber.id,
      entityId: noteId,
      outcome: "success",
    });
    expect(reads.at(-1)?.detail).toEqual({ kind: "psychotherapy", authorizationId: authorization!.id });

    // Still invisible to the rest of the team.
    expect((await openNote(colleague.id, noteId)).status).toBe(404);
    // Reading is not authoring: the authorized reader cannot authorize others.
    expect(
      (
        await change(home.users.prescriber.id, noteId, {
          intent: "authorize",
          grantedTo: colleague.id,
          reason: "pass it on",
        })
      ).status,
    ).toBe(403);
    // Granting the same person twice is a conflict.
    expect(
      (
        await change(home.users.therapist.id, noteId, {
          intent: "authorize",
          grantedTo: home.users.prescriber.id,
          reason: "again",
        })
      ).status,
    ).toBe(409);

    const revoked = await change(home.users.therapist.id, noteId, {
      intent: "revoke",
      authorizationId: authorization!.id,
    });
    expect(revoked.status).toBe(302);
    expect(await listedIds(home.users.prescriber.id)).not.toContain(noteId);
    expect((await openNote(home.users.prescriber.id, noteId)).status).toBe(404);
    expect(
      (await change(home.users.therapist.id, noteId, { intent: "revoke", authorizationId: authorization!.id })).status,
    ).toBe(409);
  });

  it("cannot be shown to a nurse, even by the author", async () => {
    const before = await rowCount(testDb.db, noteAuthorization);
    const response = await change(home.users.therapist.id, noteId, {
      intent: "authorize",
      grantedTo: home.users.nurse.id,
      reason: "help",
    });
    expect(response.status).toBe(400);
    expect(errorsOf(response.body)).toEqual(["Choose a prescriber or therapist on this patient's care team."]);
    expect(await rowCount(testDb.db, noteAuthorization)).toBe(before);
  });

  it("take addenda from their author only, once signed", async () => {
    expect(
      (
        await change(home.users.therapist.id, noteId, {
          intent: "sign",
          version: "1",
          body: "Process notes: transference themes.",
        })
      ).status,
    ).toBe(302);
    expect(
      (await change(home.users.therapist.id, noteId, { intent: "addendum", reason: "Later reflection", body: "More." }))
        .status,
    ).toBe(302);
    const granted = await change(home.users.therapist.id, noteId, {
      intent: "authorize",
      grantedTo: colleague.id,
      reason: "Covering while I am away",
    });
    expect(granted.status).toBe(302);
    expect((await change(colleague.id, noteId, { intent: "addendum", reason: "r", body: "b" })).status).toBe(403);
  });
});

describe("who may open notes", () => {
  it("keeps another clinic's note a 404 and an off-team prescriber at 403", async () => {
    const noteId = await draft(home.users.therapist.id, "integration", { body: "x" });
    const awayCookie = await cookieFor(testDb.db, away.users.therapist.id);
    const other = await respond(() =>
      noteLoader(routeArgs(`/notes/${noteId}`, { cookie: awayCookie, params: { noteId } }) as never),
    );
    expect(other.status).toBe(404);
    expect((await openNote(outsider.id, noteId)).status).toBe(403);
    expect((await openNote(home.users.nurse.id, noteId)).status).toBe(200);
    expect((await openNote(home.users.therapist.id, "not-a-uuid")).status).toBe(404);
  });

  it("lists the notes with kind, session, author and status", async () => {
    const response = await call(listLoader, `/patients/${home.patient.id}/notes`, home.users.nurse.id, {
      patientId: home.patient.id,
    });
    const notes = (
      response.body as { notes: { kindLabel: string; appointment: string | null; author: string; signed: boolean }[] }
    ).notes;
    expect(notes.length).toBeGreaterThan(3);
    expect(notes).toContainEqual(
      expect.objectContaining({
        kindLabel: "Integration note",
        appointment: "Integration after dose 1, 5 Mar 2030",
        author: home.users.therapist.name,
        signed: false,
      }),
    );
    expect(notes.every((entry) => entry.kindLabel !== "Psychotherapy note")).toBe(true);
    expect((response.body as { newKinds: unknown[] }).newKinds).toEqual([]);
  });
});

describe("note text", () => {
  it("is stored and returned exactly as typed, markup included", async () => {
    const text = `<script>alert("x")</script><b>bold</b> & more`;
    const noteId = await draft(home.users.therapist.id, "integration", { body: text, "fields.experience": text });
    expect(await stored(noteId)).toMatchObject({ body: text, fields: { experience: text } });
    const page = await openNote(home.users.nurse.id, noteId);
    expect(page.body).toMatchObject({ note: { body: text } });
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "#test/db";
import { cookieFor, createClinicWithTeam, respond, routeArgs } from "#test/fixtures";
import PatientNotes, { loader as listLoader } from "#app/routes/notes/patient-notes";
import NewNote, { action as newAction, loader as newLoader } from "#app/routes/notes/new";
import NotePage, { action as noteAction, loader as noteLoader } from "#app/routes/notes/note";
import { expectAccessible, renderPage } from "#test/render-page";

const testDb = setupTestDatabase();
let world: Awaited<ReturnType<typeof createClinicWithTeam>>;
let therapist: string;
let prescriber: string;

beforeAll(async () => {
  world = await createClinicWithTeam(testDb.db);
  therapist = await cookieFor(testDb.db, world.users.therapist.id);
  prescriber = await cookieFor(testDb.db, world.users.prescriber.id);
});

type Handler = (args: never) => Promise<unknown>;

function run(
  handler: Handler,
  path: string,
  cookie: string,
  params: Record<string, string> = {},
  form?: Record<string, string>,
) {
  return respond(() => handler(routeArgs(path, { cookie, params, form }) as never));
}

async function written(kind: string, form: Record<string, string>): Promise<string> {
  const response = await run(newAction, `/notes/new?patient=${world.patient.id}&kind=${kind}`, therapist, {}, form);
  expect(response.status).toBe(302);
  return /\/notes\/([0-9a-f-]+)/u.exec(response.headers.get("Location") ?? "")![1]!;
}

const SCRIPT = `<script>alert("x")</script>`;

describe("the notes pages render", () => {
  it("the chooser and the form of a new note", async () => {
    const choose = `/notes/new?patient=${world.patient.id}`;
    const chooser = renderPage(choose, NewNote, (await run(newLoader, choose, therapist)).body);
    expectAccessible(chooser);
    expect(chooser).toContain("<legend>Kind of note</legend>");
    expect(chooser).not.toContain("Medical note");

    const path = `/notes/new?patient=${world.patient.id}&kind=dosing_session`;
    const loaded = await run(newLoader, path, therapist);
    const html = renderPage(path, NewNote, loaded.body);
    expectAccessible(html);
    for (const label of ["Intentions", "Set and setting", "The experience", "Plan", "Free text"]) {
      expect(html).toContain(`>${label}</label>`);
    }
    expect(html).not.toContain(">Integration themes</label>");
    const empty = await run(newAction, path, therapist, {}, { intent: "sign" });
    expect(empty.status).toBe(400);
    expect(renderPage(path, NewNote, loaded.body, empty.body)).toContain("Write the note before signing it.");
  });

  it("a draft with its edit form, and the same note signed, with an addendum, its text shown as text", async () => {
    const noteId = await written("integration", {
      intent: "save",
      body: `${SCRIPT}\nsecond line`,
      "fields.experience": SCRIPT,
    });
    const path = `/notes/${noteId}`;
    const draft = renderPage(path, NotePage, (await run(noteLoader, path, therapist, { noteId })).body);
    expectAccessible(draft);
    expect(draft).toContain("Save draft");
    expect(draft).not.toContain(SCRIPT);

    await run(
      noteAction,
      path,
      therapist,
      { noteId },
      { intent: "sign", version: "1", body: `${SCRIPT}\nsecond line`, "fields.experience": SCRIPT },
    );
    await run(
      noteAction,
      path,
      prescriber,
      { noteId },
      { intent: "addendum", reason: "Clarification", body: `<img src=x onerror=alert(1)>` },
    );
    const signed = renderPage(path, NotePage, (await run(noteLoader, path, prescriber, { noteId })).body);
    expectAccessible(signed);
    expect(signed).not.toContain("Save draft");
    expect(signed).not.toContain(SCRIPT);
    expect(signed).not.toContain("<img");
    expect(signed).toMatch(
      /<div class="note-text-view">&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;\r?\nsecond line<\/div>/u,
    );
    expect(signed).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(signed).toContain("<legend>Add an addendum</legend>");
  });

  it("a psychotherapy note for its author, with who else may read it", async () => {
    const noteId = await written("psychotherapy", { intent: "save", body: "Process notes" });
    await run(
      noteAction,
      `/notes/${noteId}`,
      therapist,
      { noteId },
      { intent: "authorize", grantedTo: world.users.prescriber.id, reason: "Consultation" },
    );
    const path = `/notes/${noteId}`;
    const html = renderPage(path, NotePage, (await run(noteLoader, path, therapist, { noteId })).body);
    expectAccessible(html);
    expect(html).toContain("Only its author, and colleagues the author authorizes, can read it.");
    expect(html).toContain("<legend>Let a colleague read this note</legend>");
    expect(html).toContain(
      `Revoke<span class="visually-hidden"> ${world.users.prescriber.name}&#x27;s authorization</span>`,
    );
    const asReader = renderPage(path, NotePage, (await run(noteLoader, path, prescriber, { noteId })).body);
    expect(asReader).toContain("You are reading it with the author&#x27;s authorization");
    expect(asReader).not.toContain("<form");
  });

  it("the patient's list of notes", async () => {
    const path = `/patients/${world.patient.id}/notes`;
    const html = renderPage(
      path,
      PatientNotes,
      (await run(listLoader, path, therapist, { patientId: world.patient.id })).body,
    );
    expectAccessible(html);
    expect(html).toContain("Psychotherapy note");
    expect(html).toContain("Write a note");
    const forPrescriber = renderPage(
      path,
      PatientNotes,
      (await run(listLoader, path, prescriber, { patientId: world.patient.id })).body,
    );
    expect(forPrescriber).toContain("Integration note");
  });
});

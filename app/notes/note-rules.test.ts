import { describe, expect, it } from "vitest";
import {
  addendumRefusal,
  authorizationRefusal,
  draftChangeRefusal,
  mayBeAuthorized,
  mayReadNote,
  type NoteReader,
  type NoteSubject,
} from "./note-rules";

const author: NoteReader = { id: "author", roles: ["therapist"] };
const prescriber: NoteReader = { id: "prescriber", roles: ["prescriber"] };
const nurse: NoteReader = { id: "nurse", roles: ["nurse"] };
const admin: NoteReader = { id: "admin", roles: ["admin"] };

function subject(kind: NoteSubject["kind"], signed = false): NoteSubject {
  return { kind, authorId: author.id, signed };
}

describe("reading a note", () => {
  it("lets the care team read every note that is not a psychotherapy note", () => {
    expect(mayReadNote(nurse, subject("dosing_session"), [])).toBe(true);
    expect(mayReadNote(prescriber, subject("integration", true), [])).toBe(true);
  });

  it("keeps a psychotherapy note to its author", () => {
    expect(mayReadNote(author, subject("psychotherapy"), [])).toBe(true);
    expect(mayReadNote(prescriber, subject("psychotherapy"), [])).toBe(false);
    expect(mayReadNote(nurse, subject("psychotherapy"), [])).toBe(false);
  });

  it("lets someone the author authorized read it", () => {
    expect(mayReadNote(prescriber, subject("psychotherapy", true), ["prescriber"])).toBe(true);
    expect(mayReadNote(prescriber, subject("psychotherapy", true), ["someone else"])).toBe(false);
  });

  it("never shows it to a nurse, front desk or admin, even if an authorization names them", () => {
    expect(mayReadNote(nurse, subject("psychotherapy"), ["nurse"])).toBe(false);
    expect(mayReadNote(admin, subject("psychotherapy"), ["admin"])).toBe(false);
    expect(mayReadNote({ id: "desk", roles: ["frontdesk"] }, subject("psychotherapy"), ["desk"])).toBe(false);
  });

  it("accepts only prescribers and therapists as people to authorize", () => {
    expect(mayBeAuthorized(["prescriber"])).toBe(true);
    expect(mayBeAuthorized(["therapist", "admin"])).toBe(true);
    expect(mayBeAuthorized(["nurse", "frontdesk", "admin"])).toBe(false);
  });
});

describe("changing a draft", () => {
  it("is the author's alone", () => {
    expect(draftChangeRefusal(author, subject("integration"))).toBeNull();
    expect(draftChangeRefusal(prescriber, subject("integration"))?.status).toBe(403);
  });

  it("is refused once signed, as a conflict, to everyone", () => {
    expect(draftChangeRefusal(author, subject("integration", true))).toEqual({
      status: 409,
      message: expect.stringMatching(/signed.*addendum/u),
    });
    expect(draftChangeRefusal(prescriber, subject("integration", true))?.status).toBe(409);
  });
});

describe("addenda", () => {
  it("may be added by anyone on the team to a signed note", () => {
    expect(addendumRefusal(prescriber, subject("dosing_session", true))).toBeNull();
    expect(addendumRefusal(author, subject("dosing_session", true))).toBeNull();
  });

  it("are for signed notes only", () => {
    expect(addendumRefusal(author, subject("dosing_session"))?.status).toBe(409);
  });

  it("on a psychotherapy note are the author's only, even for an authorized reader", () => {
    expect(addendumRefusal(author, subject("psychotherapy", true))).toBeNull();
    expect(addendumRefusal(prescriber, subject("psychotherapy", true))?.status).toBe(403);
  });
});

describe("authorizations", () => {
  it("are recorded by the author of a psychotherapy note", () => {
    expect(authorizationRefusal(author, subject("psychotherapy"))).toBeNull();
    expect(authorizationRefusal(prescriber, subject("psychotherapy"))?.status).toBe(403);
  });

  it("do not apply to other kinds", () => {
    expect(authorizationRefusal(author, subject("integration"))?.status).toBe(409);
  });
});

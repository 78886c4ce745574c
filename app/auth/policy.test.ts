import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "#db/schema/staff";
import { breakGlassWouldAllow, can, decide, POLICY, scopeFor, type Actor, type Permission } from "./policy";

const CLINIC = "clinic-a";
const actor = (roles: Role[], overrides: Partial<Actor> = {}): Actor => ({
  id: "user-1",
  clinicId: CLINIC,
  roles,
  active: true,
  ...overrides,
});
const PERMISSIONS = Object.keys(POLICY) as Permission[];

describe("policy", () => {
  it("denies everything to a user with no roles", () => {
    for (const permission of PERMISSIONS) {
      expect(decide(actor([]), permission)).toBe("deny");
    }
  });

  it("denies everything to a deactivated user, whatever their roles", () => {
    for (const permission of PERMISSIONS) {
      expect(decide(actor([...ROLES], { active: false }), permission)).toBe("deny");
    }
  });

  it("answers not_found, never deny, for a record of another clinic", () => {
    for (const permission of PERMISSIONS) {
      for (const role of ROLES) {
        const decision = decide(actor([role]), permission, {
          clinicId: "clinic-b",
          careTeamUserIds: ["user-1"],
          ownerId: "user-1",
        });
        expect(decision).toBe(scopeFor(actor([role]), permission) ? "not_found" : "deny");
      }
    }
  });

  it("keeps clinical content from front desk and admin", () => {
    expect(can(actor(["frontdesk"]), "read:clinical")).toBe(false);
    expect(can(actor(["admin"]), "read:clinical")).toBe(false);
    expect(can(actor(["admin"]), "read:patient")).toBe(false);
  });

  it("gives front desk and admin no part of the clinical record", () => {
    const clinical: Permission[] = [
      "read:clinical",
      "write:screening",
      "record:consent",
      "order:dose",
      "record:session",
      "record:observation",
      "write:note",
      "record:measure",
      "sign:session",
    ];
    for (const permission of clinical) {
      expect(can(actor(["frontdesk"]), permission)).toBe(false);
      expect(can(actor(["admin"]), permission)).toBe(false);
    }
  });

  it("keeps medical acts with prescribers and notes away from nurses", () => {
    for (const permission of ["write:screening", "order:dose", "sign:session"] as const) {
      expect([
        can(actor(["prescriber"]), permission),
        can(actor(["therapist"]), permission),
        can(actor(["nurse"]), permission),
      ]).toEqual([true, false, false]);
    }
    expect(can(actor(["nurse"]), "write:note")).toBe(false);
    expect(can(actor(["nurse"]), "record:session")).toBe(true);
    expect(can(actor(["therapist"]), "record:session")).toBe(false);
    expect(can(actor(["therapist"]), "record:observation")).toBe(true);
  });

  it("gives clinicians only the patients of their care teams", () => {
    for (const role of ["prescriber", "therapist", "nurse"] as const) {
      expect(decide(actor([role]), "read:patient", { clinicId: CLINIC, careTeamUserIds: ["user-1"] })).toBe("allow");
      expect(decide(actor([role]), "read:patient", { clinicId: CLINIC, careTeamUserIds: ["user-2"] })).toBe("deny");
      expect(decide(actor([role]), "read:clinical", { clinicId: CLINIC, careTeamUserIds: ["user-2"] })).toBe("deny");
    }
  });

  it("gives front desk every patient's demographics in their clinic", () => {
    expect(decide(actor(["frontdesk"]), "read:patient", { clinicId: CLINIC, careTeamUserIds: [] })).toBe("allow");
    expect(decide(actor(["frontdesk"]), "update:care-team", { clinicId: CLINIC })).toBe("allow");
  });

  it("takes the broadest scope across several roles", () => {
    expect(scopeFor(actor(["nurse"]), "read:patient")).toBe("team");
    expect(scopeFor(actor(["nurse", "frontdesk"]), "read:patient")).toBe("clinic");
    expect(
      can(actor(["admin", "prescriber"]), "read:clinical", { clinicId: CLINIC, careTeamUserIds: ["user-1"] }),
    ).toBe(true);
  });

  it("limits own scope to the actor's own record", () => {
    expect(decide(actor(["nurse"]), "use:app", { clinicId: CLINIC, ownerId: "user-1" })).toBe("allow");
    expect(decide(actor(["nurse"]), "use:app", { clinicId: CLINIC, ownerId: "user-2" })).toBe("deny");
  });

  it("lets only admins manage the clinic, staff and audit log", () => {
    for (const role of ROLES) {
      for (const permission of ["manage:clinic", "manage:staff", "read:audit"] as const) {
        expect(can(actor([role]), permission)).toBe(role === "admin");
      }
    }
  });
});

describe("break-glass", () => {
  const offTeam = { clinicId: CLINIC, careTeamUserIds: ["user-2"] };
  const withGrant = { ...offTeam, breakGlassUserIds: ["user-1"] };
  const teamPermissions = (role: Role): Permission[] =>
    PERMISSIONS.filter((permission) => scopeFor(actor([role]), permission) === "team");

  it("lets clinicians, and only clinicians, break the glass on a patient of their clinic", () => {
    for (const role of ROLES) {
      expect(decide(actor([role]), "break-glass:patient", offTeam)).toBe(
        role === "admin" || role === "frontdesk" ? "deny" : "allow",
      );
    }
    expect(decide(actor(["nurse"]), "break-glass:patient", { clinicId: "clinic-b" })).toBe("not_found");
    expect(decide(actor(["prescriber"], { active: false }), "break-glass:patient", offTeam)).toBe("deny");
  });

  it("gives a grant holder their roles' team scope on that patient, except changing the care team", () => {
    for (const role of ["prescriber", "therapist", "nurse"] as const) {
      for (const permission of teamPermissions(role)) {
        expect(decide(actor([role]), permission, offTeam)).toBe("deny");
        expect(decide(actor([role]), permission, withGrant)).toBe(permission === "update:care-team" ? "deny" : "allow");
      }
    }
  });

  it("adds nothing a role does not have, and nothing for another user's grant or another clinic", () => {
    expect(decide(actor(["nurse"]), "write:note", withGrant)).toBe("deny");
    expect(decide(actor(["therapist"]), "order:dose", withGrant)).toBe("deny");
    expect(decide(actor(["prescriber"]), "read:clinical", { ...offTeam, breakGlassUserIds: ["user-3"] })).toBe("deny");
    expect(decide(actor(["prescriber"]), "read:clinical", { ...withGrant, clinicId: "clinic-b" })).toBe("not_found");
    expect(decide(actor(["admin"]), "read:clinical", withGrant)).toBe("deny");
    expect(decide(actor(["frontdesk"]), "read:clinical", withGrant)).toBe("deny");
    expect(decide(actor(["nurse"]), "read:clinical", { ...withGrant, careTeamUserIds: undefined })).toBe("allow");
  });

  it("offers breaking the glass only where a grant would turn a refusal into access", () => {
    expect(breakGlassWouldAllow(actor(["therapist"]), "read:clinical", offTeam)).toBe(true);
    expect(
      breakGlassWouldAllow(actor(["therapist"]), "read:clinical", { ...offTeam, careTeamUserIds: ["user-1"] }),
    ).toBe(false);
    expect(breakGlassWouldAllow(actor(["therapist"]), "read:clinical", withGrant)).toBe(false);
    expect(breakGlassWouldAllow(actor(["nurse"]), "write:note", offTeam)).toBe(false);
    expect(breakGlassWouldAllow(actor(["prescriber"]), "update:care-team", offTeam)).toBe(false);
    expect(breakGlassWouldAllow(actor(["admin"]), "read:patient", offTeam)).toBe(false);
    expect(breakGlassWouldAllow(actor(["frontdesk", "nurse"]), "read:clinical", offTeam)).toBe(true);
    expect(breakGlassWouldAllow(actor(["nurse"]), "read:clinical", { clinicId: "clinic-b" })).toBe(false);
  });

  it("lets only admins review break-glass accesses", () => {
    for (const role of ROLES) {
      expect(can(actor([role]), "review:break-glass")).toBe(role === "admin");
    }
  });
});

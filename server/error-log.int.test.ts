import { beforeAll, describe, expect, it, vi } from "vitest";
import { patient } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { createClinicWithTeam, createPatient } from "#test/fixtures";
import { handleError } from "#app/entry.server";
import { logError } from "./error-log";

const test = setupTestDatabase();

// Invented person; the strings are distinctive so that any trace of them in the log is found.
const NAME = { firstName: "Quillfeather", lastName: "Vantongeren" };
const BIRTH = "1961-07-23";

let clinicId: string;

beforeAll(async () => {
  clinicId = (await createClinicWithTeam(test.db)).clinic.id;
});

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("the statement was expected to fail");
}

function logged(run: () => void): string {
  const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    run();
    return write.mock.calls.map((call) => String(call[0])).join("");
  } finally {
    write.mockRestore();
  }
}

describe("the error log holds no patient data", () => {
  it("logs a failed insert with the database's code, never the values it carried", async () => {
    const error = await failure(() =>
      test.db.insert(patient).values({ clinicId, ...NAME, dateOfBirth: BIRTH, addressLine: "1 Lithium Lane\u0000" }),
    );
    // drizzle itself puts the parameters in the message: the very leak this guards against.
    expect(String((error as Error).message)).toContain(NAME.lastName);
    const line = logged(() => logError(error, { method: "POST", path: "/patients/new" }));
    expect(line).not.toMatch(/Quillfeather|Vantongeren|1961-07-23|lithium/iu);
    const entry = JSON.parse(line) as {
      level: string;
      path: string;
      error: { name: string; code?: string; message: string };
    };
    expect(entry.level).toBe("error");
    expect(entry.path).toBe("/patients/new");
    expect(entry.error.message).toMatch(/^Failed query: insert into "patient" .*\$1/u);
    expect(entry.error.message).not.toContain("params");
  });

  it("keeps the constraint but not the DETAIL of a unique violation, which repeats the values", async () => {
    const existing = await createPatient(test.db, clinicId, [], { ...NAME, dateOfBirth: BIRTH });
    const error = await failure(() =>
      test.db.insert(patient).values({ id: existing.id, clinicId, ...NAME, dateOfBirth: BIRTH }),
    );
    const line = logged(() => logError(error));
    expect(line).not.toMatch(/Quillfeather|Vantongeren|1961-07-23/u);
    expect(line).not.toContain(existing.id);
    const entry = JSON.parse(line) as { error: { code?: string; constraint?: string } };
    expect(entry.error.code).toBe("23505");
    expect(entry.error.constraint).toBe("patient_pkey");
  });

  it("is what React Router's error hook writes for a loader or action, and the feed token is blanked", async () => {
    const error = await failure(() =>
      test.db.insert(patient).values({ id: "not-a-uuid", clinicId, ...NAME, dateOfBirth: BIRTH }),
    );
    const request = new Request("http://localhost/calendar/feed/abcdefghijklmnopqrstuvwxyz234567.ics?q=Vantongeren");
    const line = logged(() => handleError(error, { request, params: {}, context: {} as never } as never));
    expect(line).not.toMatch(/Quillfeather|Vantongeren|1961-07-23|not-a-uuid|abcdefghijklmnop/u);
    expect(line).toContain("/calendar/feed/[redacted]");
  });
});

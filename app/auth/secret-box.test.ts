import { mkdtempSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { open, resolveSecretBoxKey, seal, SecretBoxError } from "./secret-box.server";

const key = randomBytes(32);
const secret = new Uint8Array(randomBytes(20));

describe("the secret box (AES-256-GCM)", () => {
  it("opens what it sealed, and never seals the same way twice", () => {
    const box = seal(secret, "totp:user-1", key);
    expect(box).toMatch(/^v1\.[A-Za-z0-9_-]+$/u);
    expect(Buffer.from(open(box, "totp:user-1", key)).equals(Buffer.from(secret))).toBe(true);
    expect(seal(secret, "totp:user-1", key)).not.toBe(box);
    expect(box).not.toContain(Buffer.from(secret).toString("base64url"));
  });

  it("refuses a box with any byte changed", () => {
    const box = seal(secret, "totp:user-1", key);
    const bytes = Buffer.from(box.slice(3), "base64url");
    for (const index of [0, 12, bytes.length - 1]) {
      const altered = Buffer.from(bytes);
      altered[index] = altered[index]! ^ 0x01;
      expect(() => open(`v1.${altered.toString("base64url")}`, "totp:user-1", key)).toThrow(SecretBoxError);
    }
  });

  it("refuses a box moved to another owner, opened with another key, cut short or of another version", () => {
    const box = seal(secret, "totp:user-1", key);
    expect(() => open(box, "totp:user-2", key)).toThrow(SecretBoxError);
    expect(() => open(box, "totp:user-1", randomBytes(32))).toThrow(SecretBoxError);
    expect(() => open(box.slice(0, 20), "totp:user-1", key)).toThrow(SecretBoxError);
    expect(() => open(box.replace(/^v1/u, "v2"), "totp:user-1", key)).toThrow(SecretBoxError);
  });
});

describe("the secret box key", () => {
  it("comes from SECRET_BOX_KEY, which must be 32 bytes of base64", () => {
    const fromEnv = resolveSecretBoxKey({ SECRET_BOX_KEY: key.toString("base64") });
    expect(fromEnv.source).toBe("environment");
    expect(fromEnv.key.equals(key)).toBe(true);
    expect(() => resolveSecretBoxKey({ SECRET_BOX_KEY: randomBytes(16).toString("base64") })).toThrow(
      /32 random bytes/u,
    );
  });

  it("is refused in production on a PostgreSQL server when missing, with the sentence to fix it", () => {
    expect(() => resolveSecretBoxKey({ NODE_ENV: "production", DATABASE_URL: "postgres://db/kap" })).toThrow(
      /SECRET_BOX_KEY is not set.*openssl rand -base64 32/u,
    );
  });

  it("for the embedded database, is made once in the data folder, readable by its owner only", () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "kap-secret-box-"));
    const first = resolveSecretBoxKey({ DATA_DIR: dataDir, NODE_ENV: "production" });
    expect(first.source).toBe("new key file");
    expect(statSync(first.file!).mode & 0o777).toBe(0o600);
    const second = resolveSecretBoxKey({ DATA_DIR: dataDir, NODE_ENV: "production" });
    expect(second.source).toBe("key file");
    expect(second.key.equals(first.key)).toBe(true);
    expect(Buffer.from(readFileSync(first.file!, "utf8").trim(), "base64")).toHaveLength(32);
  });
});

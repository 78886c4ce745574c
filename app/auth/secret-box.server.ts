import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Seals small secrets (TOTP keys) at rest with AES-256-GCM. Each box is "v1." + base64url of
 * IV (12 bytes) | ciphertext | tag (16 bytes); the associated data binds it to its owner, so a box
 * copied to another user's row does not open.
 */
const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_FILE_NAME = "secret-box.key";

export class SecretBoxError extends Error {}

export type SecretBoxKey = { key: Buffer; source: "environment" | "key file" | "new key file"; file?: string };

function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== 32) {
    throw new SecretBoxError(
      `${where} must hold 32 random bytes in base64 (for example the output of \`openssl rand -base64 32\`); it holds ${key.length} bytes.`,
    );
  }
  return key;
}

/**
 * The key, from SECRET_BOX_KEY; without it, from a key file in the data folder (created once, mode
 * 0600) — except in production on a PostgreSQL server, where a key lost with one app server's disk
 * would make every enrolled authenticator unusable, so the app refuses to start instead.
 */
export function resolveSecretBoxKey(env: NodeJS.ProcessEnv = process.env): SecretBoxKey {
  if (env.SECRET_BOX_KEY) {
    return { key: decodeKey(env.SECRET_BOX_KEY, "SECRET_BOX_KEY"), source: "environment" };
  }
  if (env.DATABASE_URL && env.NODE_ENV === "production") {
    throw new SecretBoxError(
      "SECRET_BOX_KEY is not set. It encrypts the staff's authenticator-app secrets in the database: set it to 32 random bytes in base64 (`openssl rand -base64 32`), the same on every app server, and keep it apart from database backups. The server will not start without it.",
    );
  }
  const file = path.join(path.resolve(env.DATA_DIR ?? "data"), KEY_FILE_NAME);
  if (existsSync(file)) {
    return { key: decodeKey(readFileSync(file, "utf8"), file), source: "key file", file };
  }
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    // "wx": two processes starting at once must not each write a different key.
    writeFileSync(file, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
      throw error;
    }
    return { key: decodeKey(readFileSync(file, "utf8"), file), source: "key file", file };
  }
  chmodSync(file, 0o600);
  return { key: decodeKey(readFileSync(file, "utf8"), file), source: "new key file", file };
}

// Kept on globalThis: the Express entry and the React Router build are bundled apart (see db/client.ts).
const holder = globalThis as unknown as { __kapSecretBox?: { env: string | undefined; key: Buffer } };

function currentKey(): Buffer {
  const envKey = process.env.SECRET_BOX_KEY;
  if (!holder.__kapSecretBox || holder.__kapSecretBox.env !== envKey) {
    holder.__kapSecretBox = { env: envKey, key: resolveSecretBoxKey().key };
  }
  return holder.__kapSecretBox.key;
}

export function seal(plaintext: Uint8Array, owner: string, key: Buffer = currentKey()): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(owner, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url")}`;
}

/** Opens a box; throws SecretBoxError when it was altered, belongs to another owner or key. */
export function open(box: string, owner: string, key: Buffer = currentKey()): Uint8Array {
  const [version, payload] = box.split(".");
  const bytes = payload ? Buffer.from(payload, "base64url") : Buffer.alloc(0);
  if (version !== VERSION || bytes.length < IV_BYTES + TAG_BYTES) {
    throw new SecretBoxError("This secret is not in a form this app can open.");
  }
  const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(owner, "utf8"));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    return new Uint8Array(
      Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]),
    );
  } catch {
    throw new SecretBoxError("This secret was altered, or was sealed with another key.");
  }
}

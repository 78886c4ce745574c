import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";
import { and, eq, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { passkeyCredential } from "#db/schema";
import { clock } from "./clock";
import { relyingParty } from "./relying-party";
import { putChallenge, takeChallenge, type ChallengeOwner } from "./webauthn-challenges.server";

const TIMEOUT_MS = 120_000;
const MAX_NAME_LENGTH = 60;

export type PasskeyUser = { id: string; clinicId: string; email: string; name: string };

function parseJson<T>(text: string): T | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" ? (value as T) : null;
  } catch {
    return null;
  }
}

async function allowedCredentials(db: DbOrTx, userId: string): Promise<{ id: string; transports: string[] }[]> {
  return db
    .select({ id: passkeyCredential.credentialId, transports: passkeyCredential.transports })
    .from(passkeyCredential)
    .where(eq(passkeyCredential.userId, userId));
}

/** Options for navigator.credentials.create; the challenge is kept for this login session only. */
export async function passkeyRegistrationOptions(
  db: DbOrTx,
  user: PasskeyUser,
  sessionId: string,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { rpID, rpName } = relyingParty();
  const options = await generateRegistrationOptions({
    rpName,
    rpID,
    userName: user.email,
    userDisplayName: user.name,
    userID: new TextEncoder().encode(user.id),
    attestationType: "none",
    timeout: TIMEOUT_MS,
    excludeCredentials: await allowedCredentials(db, user.id),
    // A second factor after the password: the key need not hold the account name (no resident key).
    authenticatorSelection: { residentKey: "discouraged", userVerification: "preferred" },
  });
  await putChallenge(db, { ownerId: sessionId, purpose: "register", userId: user.id }, options.challenge);
  return options;
}

export type PasskeyRegistration = { ok: true; passkeyId: string } | { ok: false; message: string };

export async function registerPasskey(
  db: DbOrTx,
  user: PasskeyUser,
  sessionId: string,
  input: { response: string; name: string },
): Promise<PasskeyRegistration> {
  const name = input.name.trim().slice(0, MAX_NAME_LENGTH) || "Passkey";
  const response = parseJson<RegistrationResponseJSON>(input.response);
  const challenge = await takeChallenge(db, { ownerId: sessionId, purpose: "register", userId: user.id });
  if (!response || !challenge) {
    return {
      ok: false,
      message: "The passkey could not be added: the request expired or was already used. Try again.",
    };
  }
  const { rpID, origin } = relyingParty();
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: false,
    });
  } catch {
    verified = { verified: false };
  }
  if (!verified.verified) {
    return { ok: false, message: "The passkey could not be checked. Try again, or use another key." };
  }
  const { credential } = verified.registrationInfo;
  const [created] = await db
    .insert(passkeyCredential)
    .values({
      clinicId: user.clinicId,
      userId: user.id,
      credentialId: credential.id,
      publicKey: encodeBase64urlNoPadding(credential.publicKey),
      signCount: credential.counter,
      transports: credential.transports ?? [],
      name,
      createdAt: clock.now(),
    })
    .onConflictDoNothing()
    .returning({ id: passkeyCredential.id });
  return created ? { ok: true, passkeyId: created.id } : { ok: false, message: "This passkey is already registered." };
}

/** Options for navigator.credentials.get, limited to the user's own passkeys. */
export async function passkeyAuthenticationOptions(
  db: DbOrTx,
  owner: ChallengeOwner,
): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
  const allowCredentials = await allowedCredentials(db, owner.userId);
  if (allowCredentials.length === 0) {
    return null;
  }
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().rpID,
    allowCredentials,
    userVerification: "preferred",
    timeout: TIMEOUT_MS,
  });
  await putChallenge(db, owner, options.challenge);
  return options;
}

/**
 * Checks an assertion against the challenge of this owner and purpose (taken: it serves once) and the
 * user's stored key. The signature counter must move forward when the key keeps one: a counter that
 * does not is a sign of a cloned key, and is refused.
 */
export async function verifyPasskey(db: DbOrTx, owner: ChallengeOwner, responseText: string): Promise<boolean> {
  const response = parseJson<AuthenticationResponseJSON>(responseText);
  const challenge = await takeChallenge(db, owner);
  if (!response || typeof response.id !== "string" || !challenge) {
    return false;
  }
  const [stored] = await db
    .select()
    .from(passkeyCredential)
    .where(and(eq(passkeyCredential.userId, owner.userId), eq(passkeyCredential.credentialId, response.id)));
  if (!stored) {
    return false;
  }
  const { rpID, origin } = relyingParty();
  let newCounter: number;
  try {
    const verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: false,
      credential: {
        id: stored.credentialId,
        publicKey: new Uint8Array(decodeBase64urlIgnorePadding(stored.publicKey)),
        counter: stored.signCount,
        transports: stored.transports,
      },
    });
    if (!verified.verified) {
      return false;
    }
    newCounter = verified.authenticationInfo.newCounter;
  } catch {
    return false;
  }
  // Of two uses racing with one counter value, only the first moves it.
  const moved = await db
    .update(passkeyCredential)
    .set({ signCount: newCounter, lastUsedAt: clock.now() })
    .where(
      and(
        eq(passkeyCredential.id, stored.id),
        or(lt(passkeyCredential.signCount, newCounter), sql`${newCounter} = 0 and ${passkeyCredential.signCount} = 0`),
      ),
    )
    .returning({ id: passkeyCredential.id });
  return moved.length > 0;
}

export async function removePasskey(db: DbOrTx, userId: string, passkeyId: string): Promise<boolean> {
  const removed = await db
    .delete(passkeyCredential)
    .where(and(eq(passkeyCredential.userId, userId), eq(passkeyCredential.id, passkeyId)))
    .returning({ id: passkeyCredential.id });
  return removed.length > 0;
}

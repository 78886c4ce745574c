import { getDb } from "#db/client";
import { requireAnonymous } from "#app/auth/guard.server";
import { passkeyAuthenticationOptions } from "#app/auth/passkeys.server";
import { loadPendingSignIn, readPendingToken } from "#app/auth/pending-sign-in.server";
import type { Route } from "./+types/login-passkey-options";

// Options for the passkey step of signing in; the challenge is kept with the pending sign-in.
export async function action(args: Route.ActionArgs) {
  await requireAnonymous(args);
  const db = getDb();
  const pending = await loadPendingSignIn(db, readPendingToken(args.request));
  if (!pending) {
    return Response.json({ message: "This sign-in has expired. Sign in again with your password." }, { status: 400 });
  }
  const options = await passkeyAuthenticationOptions(db, {
    ownerId: pending.id,
    purpose: "sign-in",
    userId: pending.userId,
  });
  return options
    ? Response.json({ options })
    : Response.json({ message: "This account has no passkey." }, { status: 400 });
}

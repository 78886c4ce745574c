import { getDb } from "#db/client";
import { requirePermission } from "#app/auth/guard.server";
import { passkeyAuthenticationOptions, passkeyRegistrationOptions } from "#app/auth/passkeys.server";
import { relyingParty } from "#app/auth/relying-party";
import type { Route } from "./+types/account-passkey-options";

// Nothing to read here; a GET says which site passkeys are for (the options are POST only: they store a challenge).
export async function loader(args: Route.LoaderArgs) {
  await requirePermission(args, "use:app");
  return Response.json({ rpId: relyingParty().rpID });
}

/** Options for adding a passkey or confirming a signature with one; the challenge stays with this login session. */
export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "use:app");
  const db = getDb();
  const purpose = (await args.request.formData()).get("purpose");
  if (purpose === "register") {
    return Response.json({ options: await passkeyRegistrationOptions(db, viewer, viewer.sessionId) });
  }
  if (purpose === "step-up") {
    const options = await passkeyAuthenticationOptions(db, {
      ownerId: viewer.sessionId,
      purpose: "step-up",
      userId: viewer.id,
    });
    return options ? Response.json({ options }) : Response.json({ message: "You have no passkey." }, { status: 400 });
  }
  return Response.json({ message: "Say what the passkey is for." }, { status: 400 });
}

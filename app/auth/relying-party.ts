/**
 * Who the passkeys belong to. Browsers bind a passkey to the site's host name (rpID) and check the
 * origin, so APP_ORIGIN must be the address people type: https://kap.example.org in production.
 */
export type RelyingParty = { rpID: string; rpName: string; origin: string };

export function relyingParty(env: NodeJS.ProcessEnv = process.env): RelyingParty {
  const origin = env.APP_ORIGIN?.trim() || `http://localhost:${env.PORT ?? 3000}`;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new Error(`APP_ORIGIN must be the app's address, such as https://kap.example.org; got "${origin}".`);
  }
  return { rpID: url.hostname, rpName: "KAP Care Team", origin: url.origin };
}

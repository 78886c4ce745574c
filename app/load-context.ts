/** What the Express server hands every loader and action (see server/app.ts). */
export type LoadContext = { cspNonce: string; clientIp: string };

declare module "react-router" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging needs an interface
  interface AppLoadContext extends LoadContext {}
}

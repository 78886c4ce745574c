import path from "node:path";
import compression from "compression";
import express, { type Express, type RequestHandler } from "express";
import type { ServerBuild } from "react-router";
import { currentDatabase } from "#db/client";
import { checkHealth } from "#db/migrate";
import { bodyErrors, boundFormBody, boundRequestLine } from "./bounded-input";
import { refuseCrossSiteWrites } from "./cross-site";
import { logAndAnswerErrors } from "./error-log";
import { createRequestHandler } from "./react-router-handler";
import { generalLimit, signInLimit } from "./rate-limits";
import { requestLog } from "./request-log";
import { cspNonce, securityHeaders, strictTransportSecurity } from "./security-headers";

export type AppOptions = {
  mode: "production" | "development";
  build: ServerBuild | (() => Promise<ServerBuild>);
  /** Production: the built client folder; development: Vite's middleware serves assets instead. */
  clientDir?: string;
  viteMiddleware?: RequestHandler;
};

export function createApp(options: AppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", trustProxySetting(process.env.TRUST_PROXY));

  app.use(requestLog);
  app.use(boundRequestLine);
  app.use(compression());
  app.use(cspNonce);
  app.use(securityHeaders(options.mode));
  app.use(strictTransportSecurity);

  app.get("/healthz", async (_req, res) => {
    const health = await checkHealth(currentDatabase());
    res.status(health.ok ? 200 : 503).json(health);
  });

  if (options.viteMiddleware) {
    app.use(options.viteMiddleware);
  } else if (options.clientDir) {
    app.use("/assets", express.static(path.join(options.clientDir, "assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(options.clientDir, { maxAge: "1h" }));
  }

  app.use(refuseCrossSiteWrites);
  app.use(generalLimit());
  // Forms are checked before the sign-in limit, so a malformed request is not counted as a guess.
  app.use(boundFormBody, bodyErrors);
  // One budget per IP for both steps of signing in (password, then second factor); with JavaScript
  // on, React Router submits to the .data twins.
  app.post(["/login", "/login.data", "/login/second-factor", "/login/second-factor.data"], signInLimit());

  app.all(
    "/{*path}",
    createRequestHandler({
      build: options.build,
      mode: options.mode,
      getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, clientIp: req.ip ?? "" }),
    }),
  );
  app.use(logAndAnswerErrors);
  return app;
}

/**
 * Whose X-Forwarded-For and X-Forwarded-Proto to believe: nobody's unless TRUST_PROXY names the
 * reverse proxy (its address, a CIDR range or a list; Express's `trust proxy` syntax). Believing any
 * client would let it pick its own IP for the sign-in limit and the audit trail.
 */
export function trustProxySetting(value: string | undefined): false | string | number {
  const setting = (value ?? "").trim();
  if (setting === "" || setting === "false" || setting === "0") {
    return false;
  }
  if (setting === "true") {
    throw new Error(
      "TRUST_PROXY=true would believe X-Forwarded-For from every client. Set it to your reverse proxy's address, e.g. TRUST_PROXY=127.0.0.1.",
    );
  }
  return /^\d+$/u.test(setting) ? Number(setting) : setting;
}

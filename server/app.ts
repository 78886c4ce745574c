import path from "node:path";
import compression from "compression";
import express, { type Express, type RequestHandler } from "express";
import { createRequestHandler } from "@react-router/express";
import type { ServerBuild } from "react-router";
import { currentDatabase } from "../db/client";
import { checkHealth } from "../db/migrate";
import { refuseCrossSiteWrites } from "./cross-site";
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
  // Behind a reverse proxy on the same host, req.ip and req.secure come from X-Forwarded-*.
  app.set("trust proxy", process.env.TRUST_PROXY ?? "loopback");

  app.use(requestLog);
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
  // With JavaScript on, React Router submits the form to /login.data.
  app.post(["/login", "/login.data"], signInLimit());
  app.use(generalLimit());

  app.all(
    "/{*path}",
    createRequestHandler({
      build: options.build,
      mode: options.mode,
      getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, clientIp: req.ip ?? "" }),
    }),
  );
  return app;
}

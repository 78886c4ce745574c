import type { ServerBuild } from "react-router";
import { createServer } from "vite";
import { createApp } from "./app";
import { listen, prepareDatabase } from "./start";

const handle = await prepareDatabase();
const vite = await createServer({ server: { middlewareMode: true } });
const app = createApp({
  mode: "development",
  viteMiddleware: vite.middlewares,
  build: () => vite.ssrLoadModule("virtual:react-router/server-build") as Promise<ServerBuild>,
});
listen(app, handle);

import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "react-router";
import { createApp } from "./app";
import { listen, prepareDatabase } from "./start";

const handle = await prepareDatabase();
const buildDir = path.resolve(process.env.BUILD_DIR ?? "build");
const build = (await import(pathToFileURL(path.join(buildDir, "server", "index.js")).href)) as ServerBuild;
const app = createApp({ mode: "production", build, clientDir: path.join(buildDir, "client") });
listen(app, handle);

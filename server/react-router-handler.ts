import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { createRequestHandler as createReactRouterHandler, type AppLoadContext, type ServerBuild } from "react-router";
import { writeReadableStreamToWritable } from "@react-router/node";
import { checkedBody } from "./bounded-input";

type Options = {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: "production" | "development";
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
};

/**
 * @react-router/express's adapter, less its body handling: that one streams the raw request into
 * React Router, while here every body has already been read and checked by boundFormBody, so the
 * checked bytes are what the actions see. It also marks every answer from the app uncacheable: they
 * are pages of a signed-in user, and a shared clinic computer must not keep them.
 */
export function createRequestHandler({ build, mode, getLoadContext }: Options): RequestHandler {
  const handle = createReactRouterHandler(build, mode);
  return async (req, res, next) => {
    try {
      const request = toFetchRequest(req, res);
      const response = await handle(request, getLoadContext(req, res));
      await send(res, response);
    } catch (error) {
      next(error);
    }
  };
}

function toFetchRequest(req: ExpressRequest, res: ExpressResponse): Request {
  // A Host header is the client's word: keep only what can be a host name and port.
  const host = (req.get("host") ?? "").split(/[\\/?#@\s]/u)[0] || "localhost";
  const url =
    URL.parse(`${req.protocol}://${host}${req.originalUrl}`) ??
    new URL(`${req.protocol}://localhost${req.originalUrl}`);
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      headers.append(key, one);
    }
  }
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) {
      controller.abort();
    }
  });
  const checked = req.method === "GET" || req.method === "HEAD" ? undefined : checkedBody(res.locals);
  return new Request(url, {
    method: req.method,
    headers,
    signal: controller.signal,
    body: checked ? new Uint8Array(checked) : undefined,
  });
}

async function send(res: ExpressResponse, response: Response): Promise<void> {
  if (res.destroyed || res.writableEnded) {
    await response.body?.cancel();
    return;
  }
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) {
    res.append(key, value);
  }
  if (!response.headers.has("cache-control")) {
    res.setHeader("Cache-Control", "no-store");
  }
  if (!response.body) {
    res.end();
    return;
  }
  try {
    await writeReadableStreamToWritable(response.body, res);
  } catch (error) {
    if (!res.destroyed && !res.writableEnded) {
      throw error;
    }
  }
}

import { Transform, type TransformCallback } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "react-router";
import { createReadableStreamFromReadable } from "@react-router/node";
import { ServerRouter } from "react-router";
import { isbot } from "isbot";
import type { RenderToPipeableStreamOptions } from "react-dom/server";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "./nonce";
import { logError } from "#server/error-log";

export const streamTimeout = 5_000;

const COALESCE_BYTES = 64 * 1024;

/**
 * Joins what React writes in one burst (a few hundred bytes at a time) into one chunk before it
 * reaches the socket: a large page was a hundred writes, each a system call and a trip through the
 * web stream, for about an eighth of its rendering cost. A burst ends at the next turn of the event
 * loop, so what a Suspense boundary streams later still goes out as soon as it is rendered.
 */
class CoalescingStream extends Transform {
  private pending: Buffer[] = [];
  private size = 0;
  private scheduled = false;

  constructor(private readonly onFinal: () => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.pending.push(chunk);
    this.size += chunk.length;
    if (this.size >= COALESCE_BYTES) {
      this.release();
    } else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.release();
      });
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.release();
    this.onFinal();
    callback();
  }

  private release(): void {
    if (this.size > 0) {
      this.push(this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.size));
      this.pending = [];
      this.size = 0;
    }
  }
}

/** Errors from loaders and actions: logged without query parameters or values (server/error-log.ts). */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (!request.signal.aborted) {
    logError(error, { method: request.method, path: new URL(request.url).pathname });
  }
};

// React Router's default node entry, plus the CSP nonce from the Express server on every script.
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
  loadContext: AppLoadContext,
): Response | Promise<Response> {
  if (request.method.toUpperCase() === "HEAD") {
    return new Response(null, { status: responseStatusCode, headers: responseHeaders });
  }
  const nonce = loadContext.cspNonce;
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const userAgent = request.headers.get("user-agent");
    const readyOption: keyof RenderToPipeableStreamOptions =
      (userAgent && isbot(userAgent)) || routerContext.isSpaMode ? "onAllReady" : "onShellReady";
    let timeoutId: ReturnType<typeof setTimeout> | undefined = setTimeout(() => abort(), streamTimeout + 1000);

    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <ServerRouter context={routerContext} url={request.url} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        [readyOption]() {
          shellRendered = true;
          const body = new CoalescingStream(() => {
            clearTimeout(timeoutId);
            timeoutId = undefined;
          });
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          pipe(body);
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) {
            logError(error, { method: request.method, path: new URL(request.url).pathname });
          }
        },
      },
    );
  });
}

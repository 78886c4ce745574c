import type { RequestHandler } from "express";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses state-changing requests that a browser says come from another site. Browsers send Origin
 * (and Sec-Fetch-Site) on every cross-site POST; requests with neither come from non-browser clients,
 * which cannot ride on a user's cookies.
 */
export const refuseCrossSiteWrites: RequestHandler = (req, res, next) => {
  if (SAFE_METHODS.has(req.method)) {
    next();
    return;
  }
  const fetchSite = req.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") {
    res.status(403).type("text/plain").send("Cross-site request refused.");
    return;
  }
  const origin = req.get("origin");
  if (origin !== undefined && origin !== `${req.protocol}://${req.get("host") ?? ""}`) {
    res.status(403).type("text/plain").send("Cross-site request refused.");
    return;
  }
  next();
};

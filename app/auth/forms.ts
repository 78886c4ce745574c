import { z } from "zod";

export const signInSchema = z.object({
  email: z
    .string({ error: "Enter your email address." })
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: "Enter a valid email address." })),
  password: z.string({ error: "Enter your password." }).max(256, { error: "That password is too long." }),
  redirectTo: z.string().optional(),
});

export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ error: "Enter your current password." }).max(256),
    newPassword: z
      .string({ error: "Enter a new password." })
      .min(12, { error: "Use at least 12 characters." })
      .max(256, { error: "Use at most 256 characters." }),
    confirmPassword: z.string({ error: "Repeat the new password." }),
  })
  .refine((value) => value.newPassword === value.confirmPassword, {
    path: ["confirmPassword"],
    error: "The two new passwords differ.",
  });

// A path on this site, character by character (RFC 3986 path, query and percent-escapes): no
// control characters (browsers drop a TAB, turning "/\t/evil.example" into "//evil.example"), no
// spaces, no backslashes, nothing a Location header could be split on.
const SAME_SITE_PATH = /^\/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/u;

/** Only paths on this site: an open redirect after sign-in would make a perfect phishing link. */
export function safeRedirect(target: string | null | undefined, fallback = "/"): string {
  if (!target || target.length > 2000 || !SAME_SITE_PATH.test(target)) {
    return fallback;
  }
  // The same check the browser will make: resolved against this site, it must stay on it.
  const resolved = URL.parse(target, "http://this.site");
  return resolved?.origin === "http://this.site" ? target : fallback;
}

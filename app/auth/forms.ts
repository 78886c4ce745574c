import { z } from "zod";

export const signInSchema = z.object({
  email: z.string({ error: "Enter your email address." }).trim().toLowerCase().pipe(z.email({ error: "Enter a valid email address." })),
  password: z.string({ error: "Enter your password." }).max(256, { error: "That password is too long." }),
  redirectTo: z.string().optional(),
});

export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ error: "Enter your current password." }).max(256),
    newPassword: z.string({ error: "Enter a new password." }).min(12, { error: "Use at least 12 characters." }).max(256, { error: "Use at most 256 characters." }),
    confirmPassword: z.string({ error: "Repeat the new password." }),
  })
  .refine((value) => value.newPassword === value.confirmPassword, { path: ["confirmPassword"], error: "The two new passwords differ." });

/** Only paths on this site: an open redirect after sign-in would make a perfect phishing link. */
export function safeRedirect(target: string | null | undefined, fallback = "/"): string {
  if (!target || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) {
    return fallback;
  }
  return target;
}

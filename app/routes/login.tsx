import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { data, Form, redirect, useSearchParams } from "react-router";
import { getDb } from "#db/client";
import { sessionCookie } from "#app/auth/cookie.server";
import { deviceCookie, readDeviceToken } from "#app/auth/device-cookie.server";
import { safeRedirect, signInSchema } from "#app/auth/forms";
import { requireAnonymous } from "#app/auth/guard.server";
import { pendingCookie } from "#app/auth/pending-sign-in.server";
import { signIn } from "#app/auth/sign-in.server";
import { throttleMessage, throttleResponseInit } from "#app/auth/throttle.server";
import { FormErrors, TextField } from "#app/ui/fields";
import type { z } from "zod";
import type { Route } from "./+types/login";

export const meta: Route.MetaFunction = () => [{ title: "Sign in · KAP Care Team" }];

export async function loader(args: Route.LoaderArgs) {
  await requireAnonymous(args);
  return null;
}

export async function action(args: Route.ActionArgs) {
  await requireAnonymous(args);
  const submission = parseWithZod(await args.request.formData(), { schema: signInSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const result = await signIn(getDb(), {
    email: submission.value.email,
    password: submission.value.password,
    ip: args.context.clientIp,
    userAgent: args.request.headers.get("User-Agent"),
    deviceToken: readDeviceToken(args.request),
  });
  if (!result.ok) {
    if (result.reason === "second-factor") {
      const next = submission.value.redirectTo
        ? `/login/second-factor?redirectTo=${encodeURIComponent(safeRedirect(submission.value.redirectTo))}`
        : "/login/second-factor";
      return redirect(next, {
        headers: { "Set-Cookie": pendingCookie(result.pending.token, result.pending.expiresAt) },
      });
    }
    if (result.reason === "limited") {
      return data(
        submission.reply({ formErrors: [throttleMessage(result.retryAfterSeconds)], hideFields: ["password"] }),
        throttleResponseInit(result.retryAfterSeconds),
      );
    }
    return data(
      submission.reply({ formErrors: ["The email address or password is not right."], hideFields: ["password"] }),
      { status: 400 },
    );
  }
  const target = result.mustChangePassword ? "/account/password" : safeRedirect(submission.value.redirectTo);
  const headers = new Headers();
  headers.append("Set-Cookie", sessionCookie(result.token, result.expiresAt));
  headers.append("Set-Cookie", deviceCookie(result.deviceToken));
  return redirect(target, { headers });
}

export default function Login({ actionData }: Route.ComponentProps): ReactNode {
  const [searchParams] = useSearchParams();
  // Validated on the server only: signing in asks the server anyway, and leaving zod out of the
  // browser's first page keeps it under 150 KB of JavaScript (bench/README in the README).
  const [form, fields] = useForm<z.input<typeof signInSchema>>({ lastResult: actionData });
  return (
    <section className="panel narrow" aria-labelledby="login-title">
      <h1 id="login-title">Sign in</h1>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <TextField field={fields.email} label="Email address" type="email" autoComplete="username" />
        <TextField field={fields.password} label="Password" type="password" autoComplete="current-password" />
        <button type="submit">Sign in</button>
      </Form>
    </section>
  );
}

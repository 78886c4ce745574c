import type { ReactNode } from "react";
import { data, Form, redirect } from "react-router";
import { z } from "zod";
import { getDb } from "#db/client";
import { listSignedInDevices, signOutDevice, signOutOtherDevices } from "#app/auth/devices.server";
import { requirePermission } from "#app/auth/guard.server";
import { formIntent, formString } from "#app/clinic/form-reply";
import { formatLocalDateTime } from "#app/clinic/local-time";
import type { Route } from "./+types/account-sessions";

export const meta: Route.MetaFunction = () => [{ title: "Signed-in devices · KAP Care Team" }];

const INTENTS = ["sign-out-device", "sign-out-others"] as const;
const sessionHandle = z.uuid();

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "use:app");
  const devices = await listSignedInDevices(getDb(), viewer);
  const ended = Number(new URL(args.request.url).searchParams.get("signedOut"));
  return {
    devices: devices.map((device) => ({
      ...device,
      signedInAt: formatLocalDateTime(device.signedInAt, viewer.timeZone),
      lastActiveAt: formatLocalDateTime(device.lastActiveAt, viewer.timeZone),
    })),
    notice:
      Number.isInteger(ended) && ended > 0
        ? `Signed out ${ended === 1 ? "1 other device" : `${ended} other devices`}.`
        : null,
  };
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "use:app");
  const formData = await args.request.formData();
  const intent = formIntent(formData, INTENTS);
  if (intent === null) {
    return data({ error: "Choose a device to sign out, or sign out all other devices." }, { status: 400 });
  }
  let result;
  if (intent === "sign-out-device") {
    const handle = sessionHandle.safeParse(formString(formData, "session"));
    if (!handle.success) {
      return data({ error: "That device is no longer signed in." }, { status: 400 });
    }
    result = await signOutDevice(getDb(), viewer, handle.data);
  } else {
    result = await signOutOtherDevices(getDb(), viewer);
  }
  if (!result.ok) {
    return data({ error: result.message }, { status: result.status });
  }
  return redirect(`/account/sessions?signedOut=${result.count}`);
}

export default function AccountSessions({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  const others = loaderData.devices.filter((device) => !device.current);
  return (
    <section className="panel" aria-labelledby="sessions-title">
      <h1 id="sessions-title">Signed-in devices</h1>
      <p>
        Where your account is signed in now. If you do not recognise a device, sign it out and change your password.
      </p>
      {loaderData.notice ? (
        <p className="notice" role="status">
          {loaderData.notice}
        </p>
      ) : null}
      {actionData?.error ? (
        <div className="form-errors" role="alert">
          <p>{actionData.error}</p>
        </div>
      ) : null}
      <table>
        <caption className="visually-hidden">Your signed-in devices</caption>
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">IP address</th>
            <th scope="col">Signed in</th>
            <th scope="col">Last activity</th>
            <th scope="col">
              <span className="visually-hidden">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {loaderData.devices.map((device) => (
            <tr key={device.publicId}>
              <th scope="row">{device.device}</th>
              <td>{device.ip || "Unknown"}</td>
              <td>{device.signedInAt}</td>
              <td>{device.lastActiveAt}</td>
              <td>
                {device.current ? (
                  <strong>This device</strong>
                ) : (
                  <Form method="post">
                    <input type="hidden" name="session" value={device.publicId} />
                    <button
                      type="submit"
                      name="intent"
                      value="sign-out-device"
                      className="secondary"
                      aria-label={`Sign out ${device.device}, last active ${device.lastActiveAt}`}
                    >
                      Sign out
                    </button>
                  </Form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {others.length > 0 ? (
        <Form method="post" className="actions">
          <button type="submit" name="intent" value="sign-out-others">
            Sign out all other devices
          </button>
        </Form>
      ) : (
        <p>No other device is signed in.</p>
      )}
    </section>
  );
}

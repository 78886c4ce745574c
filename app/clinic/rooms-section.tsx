import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { Form } from "react-router";
import { FormErrors, TextField } from "#app/ui/fields";
import { addRoomSchema, renameRoomSchema } from "./clinic-forms";
import { replyFor, type IntentReply } from "./form-reply";
import type { Room } from "./rooms.server";

type RoomView = Pick<Room, "id" | "name" | "active">;

function RoomRow({ room, actionData }: { room: RoomView; actionData?: IntentReply }): ReactNode {
  const [form, fields] = useForm({
    id: `room-${room.id}`,
    lastResult: replyFor(actionData, "rename-room", room.id),
    defaultValue: { name: room.name },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: renameRoomSchema }),
    shouldValidate: "onBlur",
  });
  const { key, ...nameProps } = getInputProps(fields.name, { type: "text" });
  return (
    <tr>
      <th scope="row">{room.name}</th>
      <td>
        {room.active ? (
          <span className="badge active">Active</span>
        ) : (
          <span className="badge inactive">Deactivated</span>
        )}
      </td>
      <td>
        <Form method="post" className="inline-form" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="rename-room" />
          <input type="hidden" name="roomId" value={room.id} />
          <div className="field">
            <label htmlFor={fields.name.id} className="visually-hidden">
              New name for {room.name}
            </label>
            <input {...nameProps} key={key} />
            <div id={fields.name.errorId} className="field-errors" aria-live="polite">
              {fields.name.errors?.map((error) => (
                <p key={error}>{error}</p>
              ))}
            </div>
          </div>
          <button type="submit" className="secondary">
            Rename<span className="visually-hidden"> {room.name}</span>
          </button>
        </Form>
      </td>
      <td>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value={room.active ? "deactivate-room" : "reactivate-room"} />
          <input type="hidden" name="roomId" value={room.id} />
          <button type="submit" className={room.active ? "danger" : "secondary"}>
            {room.active ? "Deactivate" : "Reactivate"}
            <span className="visually-hidden"> {room.name}</span>
          </button>
        </Form>
      </td>
    </tr>
  );
}

function AddRoomForm({ actionData }: { actionData?: IntentReply }): ReactNode {
  const [form, fields] = useForm({
    id: "add-room",
    lastResult: replyFor(actionData, "add-room"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: addRoomSchema }),
    shouldValidate: "onSubmit",
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <h3>Add a room</h3>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="add-room" />
      <TextField field={fields.name} label="Room name" hint="e.g. Cedar Room. Names are unique within the clinic." />
      <button type="submit">Add room</button>
    </Form>
  );
}

export function RoomsSection({ rooms, actionData }: { rooms: RoomView[]; actionData?: IntentReply }): ReactNode {
  return (
    <section className="panel" aria-labelledby="rooms-title">
      <h2 id="rooms-title">Rooms</h2>
      {rooms.length === 0 ? (
        <p>No rooms yet. Dosing sessions need a room: add one below.</p>
      ) : (
        <table>
          <caption>Rooms of the clinic. Deactivated rooms stay on past appointments but cannot be booked.</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Rename</th>
              <th scope="col">Availability</th>
            </tr>
          </thead>
          <tbody>
            {rooms.map((room) => (
              <RoomRow key={room.id} room={room} actionData={actionData} />
            ))}
          </tbody>
        </table>
      )}
      <AddRoomForm actionData={actionData} />
    </section>
  );
}

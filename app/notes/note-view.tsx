import type { ReactNode } from "react";

// Note text is shown as text: React escapes it, and line breaks are kept by CSS, never by HTML.

export function NoteText({ text }: { text: string }): ReactNode {
  return <div className="note-text-view">{text}</div>;
}

export function NoteBody({
  fields,
  body,
  bodyLabel,
}: {
  fields: { name: string; label: string; value: string }[];
  body: string;
  bodyLabel: string;
}): ReactNode {
  return (
    <dl className="note-fields">
      {fields.map((field) => (
        <div key={field.name}>
          <dt>{field.label}</dt>
          <dd>{field.value ? <NoteText text={field.value} /> : <span className="muted">Nothing written</span>}</dd>
        </div>
      ))}
      <div>
        <dt>{bodyLabel}</dt>
        <dd>{body ? <NoteText text={body} /> : <span className="muted">Nothing written</span>}</dd>
      </div>
    </dl>
  );
}

export function AddendaList({
  addenda,
}: {
  addenda: { id: string; author: string; at: string; reason: string; body: string }[];
}): ReactNode {
  if (addenda.length === 0) {
    return <p className="muted">No addenda.</p>;
  }
  return (
    <ol className="addenda">
      {addenda.map((addendum) => (
        <li key={addendum.id} className="addendum">
          <p className="addendum-meta">
            <strong>{addendum.author}</strong>, {addendum.at}. Reason: {addendum.reason}
          </p>
          <NoteText text={addendum.body} />
        </li>
      ))}
    </ol>
  );
}

import type { ReactNode } from "react";

/** A one-line field for a code or password, outside conform (these forms have one field each). */
export function CodeField({
  id,
  name,
  label,
  hint,
  error,
  kind = "code",
  autoFocus,
}: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  error?: string | null;
  kind?: "code" | "recovery" | "password";
  autoFocus?: boolean;
}): ReactNode {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        name={name}
        type={kind === "password" ? "password" : "text"}
        inputMode={kind === "code" ? "numeric" : undefined}
        autoComplete={kind === "code" ? "one-time-code" : kind === "password" ? "current-password" : "off"}
        spellCheck={false}
        maxLength={kind === "password" ? 256 : 40}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        autoFocus={autoFocus}
      />
      <div id={errorId} className="field-errors" aria-live="polite">
        {error ? <p>{error}</p> : null}
      </div>
    </div>
  );
}

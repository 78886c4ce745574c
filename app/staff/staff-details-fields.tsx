import type { FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { CheckboxGroup, TextField } from "#app/ui/fields";
import { ROLE_OPTIONS } from "./roles";

export type StaffDetailFields = {
  name: FieldMetadata<string | undefined>;
  email: FieldMetadata<string | undefined>;
  roles: FieldMetadata<string[] | undefined>;
  credentials: FieldMetadata<string | undefined>;
  licenseNumber: FieldMetadata<string | undefined>;
  npi: FieldMetadata<string | undefined>;
  deaNumber: FieldMetadata<string | undefined>;
};

/** The fields a staff member's record shares between the new and the edit page. */
export function StaffDetailsFields({ fields }: { fields: StaffDetailFields }): ReactNode {
  return (
    <>
      <fieldset>
        <legend>Person</legend>
        <div className="grid-2">
          <TextField field={fields.name} label="Full name" autoComplete="off" />
          <TextField field={fields.email} label="Email address (their sign-in)" type="email" autoComplete="off" />
        </div>
      </fieldset>
      <CheckboxGroup
        field={fields.roles}
        legend="Roles"
        options={ROLE_OPTIONS}
        hint="Choose every role this person holds; at least one."
      />
      <fieldset>
        <legend>Credentials</legend>
        <div className="grid-2">
          <TextField field={fields.credentials} label="Credentials" hint="Shown after the name, e.g. MD, LMFT, RN." />
          <TextField field={fields.licenseNumber} label="License number" />
          <TextField field={fields.npi} label="NPI" hint="10 digits; required for prescribers." />
          <TextField
            field={fields.deaNumber}
            label="DEA number"
            hint="2 letters and 7 digits, for prescribers of controlled substances."
          />
        </div>
      </fieldset>
    </>
  );
}

import type { FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { SelectField, TextField } from "#app/ui/fields";
import { SEX_AT_BIRTH, SEX_AT_BIRTH_LABELS } from "./labels";
import type { PatientDetailField } from "./patient-forms";

type Field = FieldMetadata<string | number | undefined | null>;
type PatientFieldset = Record<Exclude<PatientDetailField, "sexAtBirth">, Field> & {
  sexAtBirth: FieldMetadata<string | undefined | null>;
};

const SEX_OPTIONS = SEX_AT_BIRTH.map((value) => ({ value, label: SEX_AT_BIRTH_LABELS[value] }));

// The form describes the patient, not the person typing: the browser must not offer the user's own
// name, address or phone.
const OFF = "off";

/** The patient's own details, shared by registration and editing. */
export function PatientDetailsFields({ fields }: { fields: PatientFieldset }): ReactNode {
  return (
    <>
      <fieldset>
        <legend>Name</legend>
        <div className="grid-2">
          <TextField field={fields.firstName} label="First name" autoComplete={OFF} />
          <TextField field={fields.lastName} label="Last name" autoComplete={OFF} />
          <TextField field={fields.preferredName} label="Preferred name (optional)" autoComplete={OFF} />
          <TextField
            field={fields.pronouns}
            label="Pronouns (optional)"
            hint="For example she/her, he/him, they/them."
            autoComplete={OFF}
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>Birth</legend>
        <div className="grid-2">
          <TextField
            field={fields.dateOfBirth}
            label="Date of birth"
            type="date"
            hint="For example 05/17/1980."
            autoComplete={OFF}
          />
          <SelectField
            field={fields.sexAtBirth}
            label="Sex at birth (optional)"
            options={SEX_OPTIONS}
            placeholder="Not recorded"
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>Contact</legend>
        <div className="grid-2">
          <TextField field={fields.phone} label="Phone" type="tel" autoComplete={OFF} />
          <TextField field={fields.email} label="Email (optional)" type="email" autoComplete={OFF} />
          <TextField field={fields.addressLine} label="Street address (optional)" autoComplete={OFF} />
          <TextField field={fields.city} label="City (optional)" autoComplete={OFF} />
          <TextField field={fields.region} label="State or region (optional)" autoComplete={OFF} />
          <TextField field={fields.postalCode} label="Postal code (optional)" autoComplete={OFF} />
        </div>
      </fieldset>
      <fieldset>
        <legend>Emergency contact (optional)</legend>
        <div className="grid-2">
          <TextField field={fields.emergencyContactName} label="Emergency contact name" autoComplete={OFF} />
          <TextField
            field={fields.emergencyContactRelationship}
            label="Emergency contact relationship"
            autoComplete={OFF}
          />
          <TextField
            field={fields.emergencyContactPhone}
            label="Emergency contact phone"
            type="tel"
            autoComplete={OFF}
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>Escort or driver for dosing days (optional)</legend>
        <p className="hint">Patients may not drive after a dosing session: who takes them home?</p>
        <div className="grid-2">
          <TextField field={fields.escortName} label="Escort name" autoComplete={OFF} />
          <TextField field={fields.escortRelationship} label="Escort relationship" autoComplete={OFF} />
          <TextField field={fields.escortPhone} label="Escort phone" type="tel" autoComplete={OFF} />
        </div>
      </fieldset>
      <fieldset>
        <legend>Weight (optional)</legend>
        <TextField
          field={fields.weightKg}
          label="Weight in kilograms"
          type="number"
          step="0.1"
          hint="Between 20 and 400 kg, to one decimal place. Doses are calculated in mg/kg from it."
          autoComplete={OFF}
        />
      </fieldset>
    </>
  );
}

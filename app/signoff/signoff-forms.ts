import { z } from "zod";

export const signOffSchema = z.object({
  attest: z
    .boolean({ error: "Tick the box to confirm that you reviewed the record." })
    .refine((value) => value, { error: "Tick the box to confirm that you reviewed the record." }),
  digest: z
    .string({ error: "The page is out of date. Open the session again." })
    .regex(/^[0-9a-f]{64}$/u, { error: "The page is out of date. Open the session again." }),
});

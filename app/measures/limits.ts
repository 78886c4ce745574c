/** The longest "entered in error" reason accepted. */
export const REASON_MAX = 500;

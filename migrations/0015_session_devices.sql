-- Signed-in devices: what the login session was opened from, and a handle to show and revoke it by
-- (the primary key is the SHA-256 of the cookie token and never leaves the server).
ALTER TABLE "auth_session" ADD COLUMN "public_id" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "auth_session" ADD COLUMN "user_agent" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "auth_session" ADD COLUMN "ip" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "auth_session_public_id_key" ON "auth_session" USING btree ("public_id");--> statement-breakpoint
ALTER TABLE "auth_session" ADD CONSTRAINT "auth_session_user_agent_length" CHECK (char_length("user_agent") <= 256);--> statement-breakpoint
ALTER TABLE "auth_session" ADD CONSTRAINT "auth_session_ip_length" CHECK (char_length("ip") <= 64);--> statement-breakpoint
-- Sign-in throttling (ADR 0008): one row per budget. device is the SHA-256 of a trusted device's
-- token, or '' for the budget every untrusted device shares for that account.
CREATE TABLE "attempt_throttle" (
	"purpose" text NOT NULL,
	"account" text NOT NULL,
	"device" text DEFAULT '' NOT NULL,
	"failures" integer NOT NULL,
	"last_attempt_at" timestamp with time zone NOT NULL,
	"blocked_until" timestamp with time zone NOT NULL,
	CONSTRAINT "attempt_throttle_pkey" PRIMARY KEY ("purpose", "account", "device"),
	CONSTRAINT "attempt_throttle_purpose" CHECK ("purpose" IN ('sign-in', 'second-factor', 'step-up', 'password-change')),
	CONSTRAINT "attempt_throttle_failures" CHECK ("failures" >= 0)
);--> statement-breakpoint
CREATE INDEX "attempt_throttle_last_attempt_idx" ON "attempt_throttle" USING btree ("last_attempt_at");--> statement-breakpoint
-- A browser that has signed in to an account: its own failures never spend the account's shared budget.
CREATE TABLE "trusted_device" (
	"device" text NOT NULL,
	"account" text NOT NULL,
	"trusted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "trusted_device_pkey" PRIMARY KEY ("device", "account")
);--> statement-breakpoint
CREATE INDEX "trusted_device_trusted_at_idx" ON "trusted_device" USING btree ("trusted_at");

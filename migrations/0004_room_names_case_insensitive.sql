ALTER TABLE "room" DROP CONSTRAINT "room_clinic_name_key";--> statement-breakpoint
CREATE UNIQUE INDEX "room_clinic_name_key" ON "room" USING btree ("clinic_id",lower("name"));
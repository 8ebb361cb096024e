CREATE TABLE "deadline_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"decision" text NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"triage_hours" double precision NOT NULL,
	"acceptance_hours" double precision NOT NULL,
	"answer_days" integer NOT NULL,
	"review_hours" double precision NOT NULL,
	"reopen_window_days" integer,
	"auto_close_days" integer,
	"overrides" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note" text,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deadline_policies_range" CHECK ("deadline_policies"."effective_to" IS NULL OR "deadline_policies"."effective_to" >= "deadline_policies"."effective_from"),
	CONSTRAINT "deadline_policies_limits" CHECK ("deadline_policies"."triage_hours" > 0 AND "deadline_policies"."acceptance_hours" > 0 AND "deadline_policies"."answer_days" > 0 AND "deadline_policies"."review_hours" > 0)
);
--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "deadline_policy_id" uuid;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "stage" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "stage_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "stage_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "stage_paused_remaining_minutes" double precision;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "stage_paused_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "answer_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deadline_policies" ADD CONSTRAINT "deadline_policies_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_deadline_policy_id_deadline_policies_id_fk" FOREIGN KEY ("deadline_policy_id") REFERENCES "public"."deadline_policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tickets_stage_due_idx" ON "tickets" USING btree ("stage_due_at") WHERE "tickets"."stage_due_at" IS NOT NULL;--> statement-breakpoint
-- The version every installation starts with (administrators add later versions through the API).
INSERT INTO "deadline_policies" ("id", "decision", "effective_from", "triage_hours", "acceptance_hours", "answer_days", "review_hours", "note")
VALUES ('00000000-0000-4000-8000-00000000d001', 'Cấu hình mặc định của Tổng đài 1022 (chưa có quyết định của UBND tỉnh)', '2020-01-01', 8, 8, 10, 8,
        'Phân loại 8 giờ làm việc; cơ quan tiếp nhận 8 giờ làm việc; trả lời 10 ngày làm việc; duyệt câu trả lời 8 giờ làm việc.');--> statement-breakpoint
UPDATE "tickets" SET "deadline_policy_id" = '00000000-0000-4000-8000-00000000d001' WHERE "deadline_policy_id" IS NULL;

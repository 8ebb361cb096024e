CREATE TABLE "settings_versions" (
	"name" text PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
INSERT INTO "settings_versions" ("name", "version") VALUES ('deadlines', 1);
--> statement-breakpoint
CREATE FUNCTION bump_deadline_settings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE settings_versions SET version = version + 1 WHERE name = 'deadlines';
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER calendar_days_settings_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_days
  FOR EACH STATEMENT EXECUTE FUNCTION bump_deadline_settings();
--> statement-breakpoint
CREATE TRIGGER deadline_policies_settings_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON deadline_policies
  FOR EACH STATEMENT EXECUTE FUNCTION bump_deadline_settings();

CREATE TABLE `calendars` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`region_code` text NOT NULL,
	`year` integer NOT NULL,
	`self_from` text NOT NULL,
	`self_to` text NOT NULL,
	`submit_deadline` text NOT NULL,
	`review_deadline` text NOT NULL,
	`set_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`set_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `calendars_region_year_idx` ON `calendars` (`region_code`,`year`);--> statement-breakpoint
CREATE TABLE `objections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`content` text NOT NULL,
	`source` text DEFAULT '' NOT NULL,
	`recorded_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`outcome` text,
	`handling` text,
	`resolved_by` integer,
	`resolved_at` integer,
	FOREIGN KEY (`item_id`) REFERENCES `publicity_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resolved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `objections_item_idx` ON `objections` (`item_id`);--> statement-breakpoint
CREATE TABLE `publicities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`region_code` text NOT NULL,
	`year` integer NOT NULL,
	`title` text NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`slug` text NOT NULL,
	`opened_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`closed_at` integer,
	`closed_by` integer,
	FOREIGN KEY (`opened_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `publicities_slug_unique` ON `publicities` (`slug`);--> statement-breakpoint
CREATE INDEX `publicities_region_year_idx` ON `publicities` (`region_code`,`year`);--> statement-breakpoint
CREATE TABLE `publicity_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`publicity_id` integer NOT NULL,
	`submission_id` integer NOT NULL,
	`branch_name` text NOT NULL,
	`region_name` text NOT NULL,
	`grade_id` text NOT NULL,
	`grade_title` text NOT NULL,
	FOREIGN KEY (`publicity_id`) REFERENCES `publicities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `publicity_items_publicity_idx` ON `publicity_items` (`publicity_id`);--> statement-breakpoint
CREATE INDEX `publicity_items_submission_idx` ON `publicity_items` (`submission_id`);--> statement-breakpoint
CREATE TABLE `region_settings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`region_code` text NOT NULL,
	`publicity_days` integer,
	`final_only` integer,
	`weak_reasons` text,
	`set_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`set_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `region_settings_region_idx` ON `region_settings` (`region_code`);--> statement-breakpoint
CREATE TABLE `reopenings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`branch_id` integer NOT NULL,
	`year` integer NOT NULL,
	`until` text NOT NULL,
	`reason` text NOT NULL,
	`created_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`branch_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `reopenings_branch_year_idx` ON `reopenings` (`branch_id`,`year`);--> statement-breakpoint
CREATE TABLE `weak_case_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`kind` text NOT NULL,
	`data` text NOT NULL,
	`created_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `weak_cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `weak_case_events_case_idx` ON `weak_case_events` (`case_id`);--> statement-breakpoint
CREATE TABLE `weak_cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`branch_id` integer NOT NULL,
	`year` integer NOT NULL,
	`region_code` text NOT NULL,
	`reasons` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`confirmed_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`branch_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`confirmed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `weak_cases_branch_idx` ON `weak_cases` (`branch_id`,`year`);--> statement-breakpoint
CREATE INDEX `weak_cases_region_idx` ON `weak_cases` (`region_code`);--> statement-breakpoint
CREATE TABLE `weak_report_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`uploaded_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `weak_case_events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `weak_report_files_event_idx` ON `weak_report_files` (`event_id`);--> statement-breakpoint
CREATE INDEX `weak_report_files_sha_idx` ON `weak_report_files` (`sha256`);--> statement-breakpoint
CREATE TRIGGER `calendars_no_change` BEFORE UPDATE ON `calendars`
BEGIN SELECT RAISE(ABORT, 'calendars are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `calendars_no_delete` BEFORE DELETE ON `calendars`
BEGIN SELECT RAISE(ABORT, 'calendars are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `reopenings_no_change` BEFORE UPDATE ON `reopenings`
BEGIN SELECT RAISE(ABORT, 'reopenings are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `reopenings_no_delete` BEFORE DELETE ON `reopenings`
BEGIN SELECT RAISE(ABORT, 'reopenings are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `region_settings_no_change` BEFORE UPDATE ON `region_settings`
BEGIN SELECT RAISE(ABORT, 'region settings are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `weak_cases_no_change` BEFORE UPDATE ON `weak_cases`
BEGIN SELECT RAISE(ABORT, 'a 软弱涣散 case never changes; its events tell what happened'); END;
--> statement-breakpoint
CREATE TRIGGER `weak_cases_no_delete` BEFORE DELETE ON `weak_cases`
BEGIN SELECT RAISE(ABORT, 'a 软弱涣散 case never changes; its events tell what happened'); END;
--> statement-breakpoint
CREATE TRIGGER `weak_case_events_no_change` BEFORE UPDATE ON `weak_case_events`
BEGIN SELECT RAISE(ABORT, 'weak case events are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `weak_case_events_no_delete` BEFORE DELETE ON `weak_case_events`
BEGIN SELECT RAISE(ABORT, 'weak case events are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `weak_report_files_no_change` BEFORE UPDATE ON `weak_report_files`
BEGIN SELECT RAISE(ABORT, 'weak report files are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `weak_report_files_no_delete` BEFORE DELETE ON `weak_report_files`
BEGIN SELECT RAISE(ABORT, 'weak report files are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `publicities_close_once` BEFORE UPDATE ON `publicities`
WHEN OLD.`closed_at` IS NOT NULL OR NEW.`ends_on` IS NOT OLD.`ends_on` OR NEW.`starts_on` IS NOT OLD.`starts_on` OR NEW.`slug` IS NOT OLD.`slug` OR NEW.`region_code` IS NOT OLD.`region_code`
BEGIN SELECT RAISE(ABORT, 'a 公示 is only ever closed, once'); END;
--> statement-breakpoint
CREATE TRIGGER `publicities_no_delete` BEFORE DELETE ON `publicities`
BEGIN SELECT RAISE(ABORT, 'a 公示 is never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `publicity_items_no_change` BEFORE UPDATE ON `publicity_items`
BEGIN SELECT RAISE(ABORT, 'a 公示 item never changes'); END;
--> statement-breakpoint
CREATE TRIGGER `publicity_items_no_delete` BEFORE DELETE ON `publicity_items`
BEGIN SELECT RAISE(ABORT, 'a 公示 item never changes'); END;
--> statement-breakpoint
CREATE TRIGGER `objections_resolve_once` BEFORE UPDATE ON `objections`
WHEN OLD.`resolved_at` IS NOT NULL OR NEW.`content` IS NOT OLD.`content` OR NEW.`item_id` IS NOT OLD.`item_id`
BEGIN SELECT RAISE(ABORT, 'an objection is only ever resolved, once'); END;
--> statement-breakpoint
CREATE TRIGGER `objections_no_delete` BEFORE DELETE ON `objections`
BEGIN SELECT RAISE(ABORT, 'an objection is never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `region_settings_no_delete` BEFORE DELETE ON `region_settings`
BEGIN SELECT RAISE(ABORT, 'region settings are append-only'); END;

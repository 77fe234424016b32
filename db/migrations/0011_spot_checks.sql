CREATE TABLE `spot_check_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`spot_check_id` integer NOT NULL,
	`submission_id` integer NOT NULL,
	FOREIGN KEY (`spot_check_id`) REFERENCES `spot_checks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `spot_check_items_uq` ON `spot_check_items` (`spot_check_id`,`submission_id`);--> statement-breakpoint
CREATE TABLE `spot_check_results` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`result` text NOT NULL,
	`findings` text NOT NULL,
	`checker_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `spot_check_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`checker_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `spot_check_results_item_idx` ON `spot_check_results` (`item_id`);--> statement-breakpoint
CREATE TABLE `spot_checks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`region_code` text NOT NULL,
	`year` integer NOT NULL,
	`domain` text,
	`grade_id` text,
	`size` integer,
	`percent` integer,
	`seed` text NOT NULL,
	`population` integer NOT NULL,
	`drawn_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`drawn_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TRIGGER `spot_checks_no_change` BEFORE UPDATE ON `spot_checks`
BEGIN SELECT RAISE(ABORT, 'a spot check never changes'); END;
--> statement-breakpoint
CREATE TRIGGER `spot_checks_no_delete` BEFORE DELETE ON `spot_checks`
BEGIN SELECT RAISE(ABORT, 'spot checks are never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `spot_check_items_no_change` BEFORE UPDATE ON `spot_check_items`
BEGIN SELECT RAISE(ABORT, 'a spot check sample never changes'); END;
--> statement-breakpoint
CREATE TRIGGER `spot_check_items_no_delete` BEFORE DELETE ON `spot_check_items`
BEGIN SELECT RAISE(ABORT, 'a spot check sample never changes'); END;
--> statement-breakpoint
CREATE TRIGGER `spot_check_results_no_change` BEFORE UPDATE ON `spot_check_results`
BEGIN SELECT RAISE(ABORT, 'spot check results are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `spot_check_results_no_delete` BEFORE DELETE ON `spot_check_results`
BEGIN SELECT RAISE(ABORT, 'spot check results are append-only'); END;
